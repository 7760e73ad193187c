//! What execution control costs: the same workloads on a plain engine, on an interruptible
//! engine that nothing watches, and on one whose calls run in fuel slices because a deadline
//! is set (see src/control.rs), with raw wasmi beside them.
//!
//!   cargo bench --bench slicing
//!
//! Each pair is timed in alternating rounds (`common::timing`); the table shows median times
//! and the ratios against the plain engine and against raw wasmi. Run without `--bench` (as
//! `cargo test --benches` does) it only checks that every variant gives the right answer.

mod common;

use common::timing::{fmt_time, pair, ROUND, ROUNDS};
use common::{capi, raw};
use std::hint::black_box;

/// A deadline no workload reaches: it only makes the calls run in slices.
const FAR: u64 = 3600 * 1_000_000_000;

/// The three wacapi variants of one workload.
fn variants(wasm: &[u8], with_cb: bool) -> [capi::Inst; 3] {
    let plain = capi::Inst::new_in(capi::Env::new(), wasm, with_cb);
    let unwatched = capi::Inst::new_in(capi::Env::interruptible(), wasm, with_cb);
    let sliced = capi::Inst::new_in(capi::Env::interruptible(), wasm, with_cb);
    let env = &sliced.env;
    assert!(unsafe { (env.api.wacapi_store_set_deadline)(env.store, FAR) });
    [plain, unwatched, sliced]
}

struct Row {
    name: String,
    plain: f64,
    unwatched: f64,
    sliced: f64,
    raw: f64,
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let mut rows = Vec::new();
    let mut measure = |name: String,
                       run: &dyn Fn(&capi::Inst, capi::Ptr),
                       insts: &[capi::Inst; 3],
                       export: &str,
                       raw_run: &mut dyn FnMut()| {
        let fs = insts.each_ref().map(|i| i.func(export));
        if !bench {
            for (inst, f) in insts.iter().zip(fs) {
                run(inst, f);
            }
            raw_run();
            println!("ok: {name}");
            return;
        }
        let [plain, unwatched, sliced] = insts;
        let [fp, fu, fs] = fs;
        let (p, r) = pair(&mut || run(plain, fp), raw_run);
        let (p2, u) = pair(&mut || run(plain, fp), &mut || run(unwatched, fu));
        let (p3, s) = pair(&mut || run(plain, fp), &mut || run(sliced, fs));
        // Ratios against the plain engine come from the same pair of rounds.
        let plain_t = p;
        eprintln!("  measured {name}");
        rows.push(Row {
            name,
            plain: plain_t,
            unwatched: u * plain_t / p2,
            sliced: s * plain_t / p3,
            raw: r,
        });
    };

    {
        let wasm = common::wasm(common::ADD_WAT);
        let insts = variants(&wasm, false);
        let mut ri = raw::Inst::new(&wasm, false);
        let rf = ri.func("add");
        measure(
            "add(i32,i32) call".into(),
            &mut |i, f| assert_eq!(i.add(f, black_box(20), black_box(22)), 42),
            &insts,
            "add",
            &mut || assert_eq!(ri.add(rf, black_box(20), black_box(22)), 42),
        );
    }
    {
        let n = common::CALLBACKS;
        let wasm = common::wasm(common::CALLBACK_WAT);
        let insts = variants(&wasm, true);
        let mut ri = raw::Inst::new(&wasm, true);
        let rf = ri.func("run");
        let want = common::run_expected(n);
        measure(
            format!("run({n}) callbacks"),
            &mut |i, f| assert_eq!(i.run(f, black_box(n)), want),
            &insts,
            "run",
            &mut || assert_eq!(ri.run(rf, black_box(n)), want),
        );
    }
    {
        let fib_n = if bench { common::FIB_N } else { 20 };
        let wasm = common::wasm(common::FIB_WAT);
        let insts = variants(&wasm, false);
        let mut ri = raw::Inst::new(&wasm, false);
        let rf = ri.func("fib");
        let want = common::fib_expected(fib_n);
        measure(
            format!("fib({fib_n})"),
            &mut |i, f| assert_eq!(i.fib(f, black_box(fib_n)), want),
            &insts,
            "fib",
            &mut || assert_eq!(ri.fib(rf, black_box(fib_n)), want),
        );
    }
    if !bench {
        println!("3 passed, 0 failed (smoke run; use `cargo bench --bench slicing` to measure)");
        return;
    }
    println!();
    println!(
        "| workload | plain engine | interruptible | sliced (deadline) | sliced / plain | sliced / raw wasmi |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {:.3} | {:.2} |",
            r.name,
            fmt_time(r.plain),
            fmt_time(r.unwatched),
            fmt_time(r.sliced),
            r.sliced / r.plain,
            r.sliced / r.raw
        );
    }
    println!();
    println!(
        "median of {ROUNDS} alternating rounds of ~{} ms each; slice = {} fuel",
        ROUND.as_millis(),
        wacapi::WACAPI_DEFAULT_FUEL_SLICE
    );
}
