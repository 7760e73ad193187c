//! Arbitrary bytes through the whole C API path: validate, compile, read every import and
//! export type, instantiate with host stubs, call every exported function, delete everything.
//!
//! Arguments are read from the end of the input (see `ByteSource::from_end`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wacapi_fuzz::{driver, input::ByteSource, plan::StubPolicy};

fuzz_target!(|data: &[u8]| {
    driver::run(data, ByteSource::from_end(data), StubPolicy::Zero);
});
