//! Quick side-by-side table of the C API's cost over raw wasmi.
//!
//!   cargo bench --bench ratios
//!
//! For every workload the wacapi and the raw-wasmi variant are timed in
//! alternating rounds (each round runs the operation repeatedly for about
//! `ROUND` of wall time); the table shows the median time per operation of
//! each and their ratio (wacapi / wasmi; 1.00 means no overhead).
//!
//! Run without `--bench` (as `cargo test --benches` does) it only checks
//! that every workload runs and gives the right answer.

mod common;

use common::timing::{fmt_time, pair, ROUND, ROUNDS};
use common::{capi, raw};
use std::hint::black_box;

struct Row {
    name: String,
    capi: f64,
    raw: f64,
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    check_generator();

    let mut rows = Vec::new();
    let mut measure = |name: String, a: &mut dyn FnMut(), b: &mut dyn FnMut()| {
        if bench {
            let (capi, raw) = pair(a, b);
            eprintln!("  measured {name}");
            rows.push(Row { name, capi, raw });
        } else {
            a();
            b();
            println!("ok: {name}");
        }
    };

    // (a) host -> wasm call of add(i32, i32).
    {
        let wasm = common::wasm(common::ADD_WAT);
        let ci = capi::Inst::new(&wasm, false);
        let cf = ci.func("add");
        let mut ri = raw::Inst::new(&wasm, false);
        let rf = ri.func("add");
        measure(
            "(a) add(i32,i32) call".into(),
            &mut || assert_eq!(ci.add(cf, black_box(20), black_box(22)), 42),
            &mut || assert_eq!(ri.add(rf, black_box(20), black_box(22)), 42),
        );
    }

    // (b) wasm -> host callbacks: run(n), reported per callback below.
    let n = common::CALLBACKS;
    {
        let wasm = common::wasm(common::CALLBACK_WAT);
        let ci = capi::Inst::new(&wasm, true);
        let cf = ci.func("run");
        let mut ri = raw::Inst::new(&wasm, true);
        let rf = ri.func("run");
        let want = common::run_expected(n);
        measure(
            format!("(b) run({n}) callbacks"),
            &mut || assert_eq!(ci.run(cf, black_box(n)), want),
            &mut || assert_eq!(ri.run(rf, black_box(n)), want),
        );
    }

    // (c) fib(30), i64 recursion (fib(20) in smoke mode).
    {
        let fib_n = if bench { common::FIB_N } else { 20 };
        let wasm = common::wasm(common::FIB_WAT);
        let ci = capi::Inst::new(&wasm, false);
        let cf = ci.func("fib");
        let mut ri = raw::Inst::new(&wasm, false);
        let rf = ri.func("fib");
        let want = common::fib_expected(fib_n);
        measure(
            format!("(c) fib({fib_n})"),
            &mut || assert_eq!(ci.fib(cf, black_box(fib_n)), want),
            &mut || assert_eq!(ri.fib(rf, black_box(fib_n)), want),
        );
    }

    // (d) compile + instantiate of the 10,000-function module.
    {
        let bytes = common::large_wasm();
        let api = capi::Api::get();
        let bin = capi::Binary::new(&bytes);
        measure(
            format!(
                "(d) compile+instantiate {}k funcs ({} KiB)",
                common::LARGE_N / 1000,
                bytes.len() / 1024
            ),
            &mut || capi::compile_instantiate(&api, &bin.0),
            &mut || raw::compile_instantiate(&bytes),
        );
    }

    // (e) fill + sum over 16 MiB of linear memory.
    {
        let wasm = common::wasm(common::MEMORY_WAT);
        let ci = capi::Inst::new(&wasm, false);
        let (cfill, csum) = (ci.func("fill"), ci.func("sum"));
        let mut ri = raw::Inst::new(&wasm, false);
        let (rfill, rsum) = (ri.func("fill"), ri.func("sum"));
        let want = common::fill_sum_expected(7);
        measure(
            "(e) fill+sum 16 MiB".into(),
            &mut || assert_eq!(ci.fill_sum(cfill, csum, black_box(7)), want),
            &mut || assert_eq!(ri.fill_sum(rfill, rsum, black_box(7)), want),
        );
        assert_eq!(ci.memory_data("memory"), ri.memory_data("memory"));
    }

    if !bench {
        println!("5 passed, 0 failed (smoke run; use `cargo bench --bench ratios` to measure)");
        return;
    }

    // Per-callback view of (b).
    let b = &rows[1];
    let per_cb = Row {
        name: "(b) per callback".into(),
        capi: b.capi / n as f64,
        raw: b.raw / n as f64,
    };
    rows.insert(2, per_cb);

    let w = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    println!();
    println!(
        "| {:<w$} | {:>11} | {:>11} | {:>6} |",
        "workload", "wacapi", "raw wasmi", "ratio"
    );
    println!("|-{:-<w$}-|-{:->11}:|-{:->11}:|-{:->6}:|", "", "", "", "");
    for r in &rows {
        println!(
            "| {:<w$} | {:>11} | {:>11} | {:>6.2} |",
            r.name,
            fmt_time(r.capi),
            fmt_time(r.raw),
            r.capi / r.raw
        );
    }
    println!();
    println!(
        "median of {ROUNDS} alternating rounds of ~{} ms each; ratio = wacapi / raw wasmi",
        ROUND.as_millis()
    );
}

/// When the Python generator is at hand (shared/bench beside the project),
/// checks that the Rust port produces the identical module text.
fn check_generator() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("../shared/bench/gen_large_wat.py");
    if !script.exists() {
        return;
    }
    for n in [1usize, 4, common::LARGE_N] {
        let out = std::process::Command::new("python3")
            .arg(&script)
            .arg(n.to_string())
            .output();
        match out {
            Ok(o) if o.status.success() => {
                assert!(
                    o.stdout == common::large::large_wat(n).as_bytes(),
                    "Rust port of gen_large_wat.py differs for NFUNCS={n}"
                );
            }
            _ => return, // no python3: nothing to compare with
        }
    }
    println!("large-module generator matches gen_large_wat.py");
}
