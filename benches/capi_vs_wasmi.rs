//! Criterion benchmarks: each workload through the wasm.h C API (wacapi)
//! and through wasmi's Rust API, side by side in one group.
//!
//!   cargo bench --bench capi_vs_wasmi            # all groups
//!   cargo bench --bench capi_vs_wasmi -- a_add   # one group
//!
//! Groups:
//!   a_add               host -> wasm call of add(i32, i32)
//!   b_callback_x1000    run(1000) of callback.wat; each element is one
//!                       wasm -> host callback of an identity `cb`
//!   c_fib30             fib(30), i64 recursion
//!   d_compile_10k       compile + instantiate of the 10,000-function module
//!   e_memory_fill_sum   fill(seed) + sum() over 16 MiB of linear memory

mod common;

use common::{capi, raw};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::time::Duration;

fn a_add(c: &mut Criterion) {
    let wasm = common::wasm(common::ADD_WAT);
    let ci = capi::Inst::new(&wasm, false);
    let cf = ci.func("add");
    let mut ri = raw::Inst::new(&wasm, false);
    let rf = ri.func("add");
    assert_eq!(ci.add(cf, 2, 3), 5);
    assert_eq!(ri.add(rf, 2, 3), 5);

    let mut g = c.benchmark_group("a_add");
    g.throughput(Throughput::Elements(1));
    g.bench_function("wacapi", |b| {
        b.iter(|| ci.add(cf, black_box(20), black_box(22)))
    });
    g.bench_function("wasmi", |b| {
        b.iter(|| ri.add(rf, black_box(20), black_box(22)))
    });
    g.finish();
}

fn b_callback(c: &mut Criterion) {
    let wasm = common::wasm(common::CALLBACK_WAT);
    let n = common::CALLBACKS;
    let ci = capi::Inst::new(&wasm, true);
    let cf = ci.func("run");
    let mut ri = raw::Inst::new(&wasm, true);
    let rf = ri.func("run");
    assert_eq!(ci.run(cf, n), common::run_expected(n));
    assert_eq!(ri.run(rf, n), common::run_expected(n));

    let mut g = c.benchmark_group("b_callback_x1000");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("wacapi", |b| b.iter(|| ci.run(cf, black_box(n))));
    g.bench_function("wasmi", |b| b.iter(|| ri.run(rf, black_box(n))));
    g.finish();
}

fn c_fib(c: &mut Criterion) {
    let wasm = common::wasm(common::FIB_WAT);
    let n = common::FIB_N;
    let ci = capi::Inst::new(&wasm, false);
    let cf = ci.func("fib");
    let mut ri = raw::Inst::new(&wasm, false);
    let rf = ri.func("fib");
    // Outside `cargo bench` (e.g. `cargo test --benches`, unoptimised) each
    // benchmark runs once as a smoke test: keep that quick.
    let n = if bench_mode() { n } else { 20 };
    assert_eq!(ci.fib(cf, n), common::fib_expected(n));
    assert_eq!(ri.fib(rf, n), common::fib_expected(n));

    let mut g = c.benchmark_group(format!("c_fib{n}"));
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("wacapi", |b| b.iter(|| ci.fib(cf, black_box(n))));
    g.bench_function("wasmi", |b| b.iter(|| ri.fib(rf, black_box(n))));
    g.finish();
}

fn d_compile(c: &mut Criterion) {
    let bytes = common::large_wasm();
    let api = capi::Api::get();
    let bin = capi::Binary::new(&bytes);

    let mut g = c.benchmark_group("d_compile_10k");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("wacapi", |b| {
        b.iter(|| capi::compile_instantiate(&api, &bin.0))
    });
    g.bench_function("wasmi", |b| b.iter(|| raw::compile_instantiate(&bytes)));
    g.finish();
}

fn e_memory(c: &mut Criterion) {
    let wasm = common::wasm(common::MEMORY_WAT);
    let ci = capi::Inst::new(&wasm, false);
    let (cfill, csum) = (ci.func("fill"), ci.func("sum"));
    let mut ri = raw::Inst::new(&wasm, false);
    let (rfill, rsum) = (ri.func("fill"), ri.func("sum"));
    let expected = common::fill_sum_expected(7);
    assert_eq!(ci.fill_sum(cfill, csum, 7), expected);
    assert_eq!(ri.fill_sum(rfill, rsum, 7), expected);
    assert_eq!(ci.memory_data("memory"), ri.memory_data("memory"));

    let mut g = c.benchmark_group("e_memory_fill_sum");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(16 << 20));
    g.bench_function("wacapi", |b| {
        b.iter(|| ci.fill_sum(cfill, csum, black_box(7)))
    });
    g.bench_function("wasmi", |b| {
        b.iter(|| ri.fill_sum(rfill, rsum, black_box(7)))
    });
    g.finish();
}

fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    targets = a_add, b_callback, c_fib, d_compile, e_memory
}
criterion_main!(benches);
