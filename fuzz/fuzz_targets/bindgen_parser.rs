//! Preprocessed header text through wacapi-bindgen's parser, lowering and emitters; every
//! failure must be an `Err`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wacapi_fuzz::bindgen::run(data);
});
