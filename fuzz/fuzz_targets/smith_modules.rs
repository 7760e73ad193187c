//! wasm-smith modules (valid by construction, within wacapi's features) through the same C
//! API path as `module_bytes`; here wacapi must accept every module.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use wacapi_fuzz::{driver, input::ByteSource, plan::StubPolicy, report::Instantiation, smith};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(wasm) = smith::module_bytes(&mut u) else {
        return;
    };
    let rest = u.take_rest();
    let report = driver::run(&wasm, ByteSource::new(rest), StubPolicy::Zero);
    assert!(
        report.instantiation.is_some(),
        "wacapi rejected a valid wasm-smith module: {}",
        wacapi_fuzz::capi::last_error()
    );
    // Instantiation may still fail for a reason the module cannot rule out (a memory above
    // the store's cap, a trapping start function); being rejected as invalid may not happen.
    let _ = matches!(report.instantiation, Some(Instantiation::Ok));
});
