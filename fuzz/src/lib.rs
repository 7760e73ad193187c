//! Shared code of the wacapi fuzz targets (see `fuzz/README.md`).
//!
//! The wacapi targets reach the library only through its C ABI: [`capi`] declares the
//! `extern "C"` functions of `include/wasm.h` and `include/wacapi.h` with raw pointers, and the
//! `extern crate` below only makes sure the library's symbols are linked in. One [`driver`]
//! runs a module through wasm.h for `module_bytes`, `smith_modules` and `differential`; the
//! last compares it with [`reference`], the same run on raw wasmi.

// Links libwacapi's `#[no_mangle]` functions in; no Rust item of the crate is used.
extern crate wacapi;

pub mod bindgen;
pub mod capi;
pub mod ctypes;
pub mod cvals;
pub mod driver;
pub mod input;
pub mod limits;
pub mod owned;
pub mod plan;
pub mod reference;
pub mod report;
pub mod smith;
pub mod stubs;
