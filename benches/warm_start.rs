//! Warm start: compiling a module against reading it back from a cache, side by side.
//!
//!   cargo bench --bench warm_start
//!
//! For the 10,000-function module of the shared benchmarks and for a generated module ten
//! times its size (several MiB): `wasm_module_new` from the binary, `wasm_module_deserialize`
//! of its serialized form (validated again) and `wacapi_module_deserialize_trusted` (a
//! program's own cache entry: validation skipped). Each operation gets a fresh engine and
//! store, as wasmi engines keep the code of every module they compiled.
//!
//! Run without `--bench` (as `cargo test --benches` does) it checks each path once.

mod common;

use common::capi::{Api, Binary, Ptr};
use common::timing::{fmt_time, side_by_side, ROUND, ROUNDS};
use std::ptr;
use wacapi::wasm_byte_vec_t;

/// `make` with a fresh engine and store, asserting it gives a module, then deletes it all.
fn with_fresh_store(api: &Api, make: impl FnOnce(Ptr) -> Ptr) {
    unsafe {
        let engine = (api.wasm_engine_new)();
        let store = (api.wasm_store_new)(engine);
        let module = make(store);
        assert!(!module.is_null(), "no module");
        (api.wasm_module_delete)(module);
        (api.wasm_store_delete)(store);
        (api.wasm_engine_delete)(engine);
    }
}

/// The serialized form of `binary`, made in a store of a default engine.
fn serialized(api: &Api, binary: &wasm_byte_vec_t) -> wasm_byte_vec_t {
    let mut out = wasm_byte_vec_t {
        size: 0,
        data: ptr::null_mut(),
    };
    with_fresh_store(api, |store| unsafe {
        let module = (api.wasm_module_new)(store, binary);
        assert!(!module.is_null());
        (api.wasm_module_serialize)(module, &mut out);
        module
    });
    assert!(out.size > 0);
    out
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let api = Api::get();
    let sizes = [common::LARGE_N, 10 * common::LARGE_N];
    let mut rows = Vec::new();
    for n in sizes {
        let bytes = common::wasm(&common::large::large_wat(n));
        let bin = Binary::new(&bytes);
        let mut ser = serialized(&api, &bin.0);
        let name = format!(
            "{}k functions ({:.1} MiB)",
            n / 1000,
            bytes.len() as f64 / 1048576.0
        );
        let compile =
            &mut || with_fresh_store(&api, |s| unsafe { (api.wasm_module_new)(s, &bin.0) });
        let read =
            &mut || with_fresh_store(&api, |s| unsafe { (api.wasm_module_deserialize)(s, &ser) });
        let trusted = &mut || {
            with_fresh_store(&api, |s| unsafe {
                (api.wacapi_module_deserialize_trusted)(s, &ser)
            })
        };
        if bench {
            let t = side_by_side(&mut [compile, read, trusted]);
            eprintln!("  measured {name}");
            rows.push((name, t));
        } else {
            compile();
            read();
            trusted();
            println!("ok: {name}");
        }
        unsafe { (api.wasm_byte_vec_delete)(&mut ser) };
    }
    if !bench {
        println!(
            "{} passed, 0 failed (smoke run; use `cargo bench --bench warm_start`)",
            sizes.len()
        );
        return;
    }
    let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(8);
    println!();
    println!(
        "| {:<w$} | {:>10} | {:>11} | {:>19} | {:>7} |",
        "module", "compile", "deserialize", "deserialize trusted", "speedup"
    );
    println!(
        "|-{:-<w$}-|-{:->10}:|-{:->11}:|-{:->19}:|-{:->7}:|",
        "", "", "", "", ""
    );
    for (name, t) in &rows {
        println!(
            "| {:<w$} | {:>10} | {:>11} | {:>19} | {:>6.1}x |",
            name,
            fmt_time(t[0]),
            fmt_time(t[1]),
            fmt_time(t[2]),
            t[0] / t[2]
        );
    }
    println!();
    println!(
        "median of {ROUNDS} rotating rounds of ~{} ms each; speedup = compile / trusted",
        ROUND.as_millis()
    );
}
