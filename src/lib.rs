//! wacapi: the standard WebAssembly C API (`wasm.h`) over the wasmi interpreter.
//!
//! One module per wasm.h concept. Every `extern "C"` function is exported from the cdylib and
//! staticlib and is also callable from Rust through this rlib (benchmarks and tests do).
//!
//! Object model: the reference types (func, global, table, memory, extern, instance, module,
//! trap, foreign, ref) are one Rust type, [`wasm_ref_t`]; the type objects (functype, ...,
//! externtype) are one, [`wasm_externtype_t`]. Casts between views are therefore free and
//! checked conversions only look at a tag.
#![allow(non_camel_case_types)]

pub mod bulk;
pub mod cache;
pub mod config;
pub mod control;
/// cbindgen:ignore
pub mod engine;
/// cbindgen:ignore
mod entity;
pub mod error;
pub mod exit_code;
/// cbindgen:ignore
#[path = "extern.rs"]
pub mod externs;
/// cbindgen:ignore
pub mod foreign;
/// cbindgen:ignore
pub mod frame;
/// cbindgen:ignore
pub mod func;
/// cbindgen:ignore
pub mod global;
pub mod handle;
/// cbindgen:ignore
pub mod host_info;
/// cbindgen:ignore
pub mod instance;
pub mod limits;
pub mod linker;
/// cbindgen:ignore
pub mod memory;
pub mod memory64;
/// cbindgen:ignore
pub mod module;
/// cbindgen:ignore
pub mod r#ref;
pub mod resumable;
/// cbindgen:ignore
mod serialize;
/// cbindgen:ignore
mod stack;
/// cbindgen:ignore
pub mod store;
/// cbindgen:ignore
pub mod table;
/// cbindgen:ignore
pub mod trap;
/// cbindgen:ignore
mod typed;
/// cbindgen:ignore
pub mod types;
pub mod v128;
/// cbindgen:ignore
pub mod val;
/// cbindgen:ignore
pub mod vec;
pub mod wasi;
pub mod wat;

pub use bulk::*;
pub use cache::*;
pub use config::*;
pub use control::*;
pub use engine::*;
pub use error::wacapi_last_error;
pub use exit_code::*;
pub use externs::*;
pub use foreign::*;
pub use frame::*;
pub use func::*;
pub use global::*;
pub use instance::*;
pub use limits::*;
pub use linker::*;
pub use memory::*;
pub use memory64::*;
pub use module::*;
pub use r#ref::*;
pub use resumable::*;
pub use store::*;
pub use table::*;
pub use trap::*;
pub use types::*;
pub use v128::*;
pub use val::*;
pub use vec::*;
pub use wasi::*;
pub use wat::*;
