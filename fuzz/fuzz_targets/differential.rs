//! wasm-smith modules run through wacapi's C API and through raw wasmi 2.0 with identical
//! host stubs, fuel and arguments; any difference in what was observed is a crash.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use wacapi_fuzz::{driver, input::ByteSource, plan::StubPolicy, reference, smith};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(wasm) = smith::module_bytes(&mut u) else {
        return;
    };
    let rest = u.take_rest();
    let capi = driver::run(&wasm, ByteSource::new(rest), StubPolicy::Named);
    let raw = reference::run(&wasm, ByteSource::new(rest), StubPolicy::Named);
    if capi != raw {
        panic!(
            "wacapi and raw wasmi disagree on a {}-byte module\n--- wacapi:\n{capi:#?}\n--- wasmi:\n{raw:#?}",
            wasm.len()
        );
    }
});
