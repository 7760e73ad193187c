//! The typed fast paths against raw wasmi, side by side in one run:
//!
//!   cargo bench --bench fast_paths
//!
//! For each call signature: `wasm_func_call` through the C ABI, wasmi's untyped `Func::call`
//! (what a C API without typed paths has to use) and wasmi's `TypedFunc::call` (the floor);
//! for the callback: `wasm_func_new`'s host function against wasmi's `Func::new` and
//! `Func::wrap`. The ratios are wacapi / untyped and wacapi / typed (below 1.00 means faster).
//! `sum4` has four parameters, past the typed signatures: it shows the general path.
//!
//! Run without `--bench` (as `cargo test --benches` does) it only checks every workload's
//! answer once.

mod common;

use common::capi::{self, Ptr};
use common::timing::{fmt_time, side_by_side, ROUND, ROUNDS};
use std::hint::black_box;
use wacapi::{wasm_val_t, wasm_val_union, WASM_F32, WASM_F64, WASM_I32, WASM_I64};
use wasmi::{Engine, Extern, Func, Instance, Module, Store, Val};

/// One row of the table: ns per operation of each variant.
struct Row {
    name: String,
    capi: f64,
    untyped: f64,
    typed: f64,
}

fn val(kind: u8, of: wasm_val_union) -> wasm_val_t {
    wasm_val_t { kind, of }
}

/// A raw wasmi instance of `wat`, with `cb` as `env.cb` if given.
fn raw_instance(wat: &str, cb: Option<fn(&mut Store<()>) -> Func>) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, common::wasm(wat)).expect("Module::new failed");
    let mut store = Store::new(&engine, ());
    let imports: Vec<Extern> = cb
        .map(|f| Extern::Func(f(&mut store)))
        .into_iter()
        .collect();
    let instance = Instance::new(&mut store, &module, &imports).expect("Instance::new failed");
    (store, instance)
}

/// wacapi's `wasm_func_call` with `args`, returning the first result (if `nresults` is 1).
fn capi_call(inst: &capi::Inst, f: Ptr, args: &[wasm_val_t], nresults: usize) -> wasm_val_t {
    let mut args = args.to_vec();
    inst.call(f, black_box(&mut args), nresults)
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let mut rows = Vec::new();
    let mut measure = |name: &str, ops: &mut [&mut dyn FnMut()]| {
        if bench {
            let t = side_by_side(ops);
            eprintln!("  measured {name}");
            rows.push(Row {
                name: name.into(),
                capi: t[0],
                untyped: t[1],
                typed: t[2],
            });
        } else {
            for op in ops.iter_mut() {
                op();
            }
            println!("ok: {name}");
        }
    };

    let inst = capi::Inst::new(&common::wasm(common::SIGS_WAT), false);
    let (mut store, raw) = raw_instance(common::SIGS_WAT, None);
    let rf = |store: &Store<()>, name: &str| raw.get_func(store, name).expect("export");
    let i32v = |v: i32| val(WASM_I32, wasm_val_union { i32: v });
    let i64v = |v: i64| val(WASM_I64, wasm_val_union { i64: v });
    let f32v = |v: f32| val(WASM_F32, wasm_val_union { f32: v });
    let f64v = |v: f64| val(WASM_F64, wasm_val_union { f64: v });

    // () -> ()
    {
        let (cf, f) = (inst.func("nop"), rf(&store, "nop"));
        let t = f.typed::<(), ()>(&store).unwrap();
        let store = std::cell::RefCell::new(&mut store);
        measure(
            "nop() -> ()",
            &mut [
                &mut || {
                    capi_call(&inst, cf, &[], 0);
                },
                &mut || f.call(&mut **store.borrow_mut(), &[], &mut []).unwrap(),
                &mut || t.call(&mut **store.borrow_mut(), ()).unwrap(),
            ],
        );
    }
    // (i32, i32) -> i32
    {
        let (cf, f) = (inst.func("add"), rf(&store, "add"));
        let t = f.typed::<(i32, i32), i32>(&store).unwrap();
        let store = std::cell::RefCell::new(&mut store);
        measure(
            "add(i32, i32) -> i32",
            &mut [
                &mut || {
                    let r = capi_call(&inst, cf, &[i32v(20), i32v(22)], 1);
                    assert_eq!(unsafe { r.of.i32 }, 42);
                },
                &mut || {
                    let mut out = [Val::I32(0)];
                    let args = black_box([Val::I32(20), Val::I32(22)]);
                    f.call(&mut **store.borrow_mut(), &args, &mut out).unwrap();
                    assert_eq!(out[0].i32(), Some(42));
                },
                &mut || {
                    let r = t
                        .call(&mut **store.borrow_mut(), black_box((20, 22)))
                        .unwrap();
                    assert_eq!(r, 42);
                },
            ],
        );
    }
    // (i64) -> i64
    {
        let (cf, f) = (inst.func("inc64"), rf(&store, "inc64"));
        let t = f.typed::<i64, i64>(&store).unwrap();
        let store = std::cell::RefCell::new(&mut store);
        measure(
            "inc64(i64) -> i64",
            &mut [
                &mut || {
                    let r = capi_call(&inst, cf, &[i64v(41)], 1);
                    assert_eq!(unsafe { r.of.i64 }, 42);
                },
                &mut || {
                    let mut out = [Val::I64(0)];
                    let args = black_box([Val::I64(41)]);
                    f.call(&mut **store.borrow_mut(), &args, &mut out).unwrap();
                    assert_eq!(out[0].i64(), Some(42));
                },
                &mut || {
                    let r = t.call(&mut **store.borrow_mut(), black_box(41)).unwrap();
                    assert_eq!(r, 42);
                },
            ],
        );
    }
    // (f64, f64) -> f64
    {
        let (cf, f) = (inst.func("addf64"), rf(&store, "addf64"));
        let t = f.typed::<(f64, f64), f64>(&store).unwrap();
        let store = std::cell::RefCell::new(&mut store);
        measure(
            "addf64(f64, f64) -> f64",
            &mut [
                &mut || {
                    let r = capi_call(&inst, cf, &[f64v(40.5), f64v(1.5)], 1);
                    assert_eq!(unsafe { r.of.f64 }, 42.0);
                },
                &mut || {
                    let mut out = [Val::F64(0.0.into())];
                    let args = black_box([Val::F64(40.5.into()), Val::F64(1.5.into())]);
                    f.call(&mut **store.borrow_mut(), &args, &mut out).unwrap();
                    assert_eq!(out[0].f64().map(f64::from), Some(42.0));
                },
                &mut || {
                    let r = t
                        .call(&mut **store.borrow_mut(), black_box((40.5, 1.5)))
                        .unwrap();
                    assert_eq!(r, 42.0);
                },
            ],
        );
    }
    // (i32, i64, f32) -> f64
    {
        let (cf, f) = (inst.func("mix"), rf(&store, "mix"));
        let t = f.typed::<(i32, i64, f32), f64>(&store).unwrap();
        let store = std::cell::RefCell::new(&mut store);
        measure(
            "mix(i32, i64, f32) -> f64",
            &mut [
                &mut || {
                    let r = capi_call(&inst, cf, &[i32v(20), i64v(20), f32v(2.0)], 1);
                    assert_eq!(unsafe { r.of.f64 }, 42.0);
                },
                &mut || {
                    let mut out = [Val::F64(0.0.into())];
                    let args = black_box([Val::I32(20), Val::I64(20), Val::F32(2.0.into())]);
                    f.call(&mut **store.borrow_mut(), &args, &mut out).unwrap();
                    assert_eq!(out[0].f64().map(f64::from), Some(42.0));
                },
                &mut || {
                    let r = t
                        .call(&mut **store.borrow_mut(), black_box((20, 20, 2.0)))
                        .unwrap();
                    assert_eq!(r, 42.0);
                },
            ],
        );
    }
    // Four parameters: no typed entry, the general path.
    {
        let (cf, f) = (inst.func("sum4"), rf(&store, "sum4"));
        let t = f.typed::<(i32, i32, i32, i32), i32>(&store).unwrap();
        let store = std::cell::RefCell::new(&mut store);
        measure(
            "sum4(4 x i32) -> i32 (general path)",
            &mut [
                &mut || {
                    let r = capi_call(&inst, cf, &[i32v(10), i32v(11), i32v(10), i32v(11)], 1);
                    assert_eq!(unsafe { r.of.i32 }, 42);
                },
                &mut || {
                    let mut out = [Val::I32(0)];
                    let args = black_box([Val::I32(10), Val::I32(11), Val::I32(10), Val::I32(11)]);
                    f.call(&mut **store.borrow_mut(), &args, &mut out).unwrap();
                    assert_eq!(out[0].i32(), Some(42));
                },
                &mut || {
                    let r = t
                        .call(&mut **store.borrow_mut(), black_box((10, 11, 10, 11)))
                        .unwrap();
                    assert_eq!(r, 42);
                },
            ],
        );
    }
    // add in a watched store: its calls run in fuel slices (what every Python store does).
    {
        let watched = capi::Inst::new_in(
            capi::Env::interruptible(),
            &common::wasm(common::SIGS_WAT),
            false,
        );
        let api = watched.env.api;
        let handle = unsafe { (api.wacapi_store_interrupt_handle)(watched.env.store) };
        assert!(!handle.is_null());
        let (cf, f) = (watched.func("add"), rf(&store, "add"));
        let t = f.typed::<(i32, i32), i32>(&store).unwrap();
        let store = std::cell::RefCell::new(&mut store);
        measure(
            "add, watched (sliced) store",
            &mut [
                &mut || {
                    let r = capi_call(&watched, cf, &[i32v(20), i32v(22)], 1);
                    assert_eq!(unsafe { r.of.i32 }, 42);
                },
                &mut || {
                    let mut out = [Val::I32(0)];
                    let args = black_box([Val::I32(20), Val::I32(22)]);
                    f.call(&mut **store.borrow_mut(), &args, &mut out).unwrap();
                    assert_eq!(out[0].i32(), Some(42));
                },
                &mut || {
                    let r = t
                        .call(&mut **store.borrow_mut(), black_box((20, 22)))
                        .unwrap();
                    assert_eq!(r, 42);
                },
            ],
        );
        unsafe { (api.wacapi_interrupt_handle_delete)(handle) };
    }
    // wasm -> host callbacks (i32) -> i32: run(n) makes n of them.
    let n = common::CALLBACKS;
    {
        let want = common::run_expected(n);
        let ci = capi::Inst::new(&common::wasm(common::CALLBACK_WAT), true);
        let cf = ci.func("run");
        let (mut su, iu) = raw_instance(common::CALLBACK_WAT, Some(common::raw::identity_cb));
        let fu = iu
            .get_func(&su, "run")
            .unwrap()
            .typed::<i32, i32>(&su)
            .unwrap();
        let wrap = |s: &mut Store<()>| Func::wrap(s, |x: i32| x);
        let (mut st, it) = raw_instance(common::CALLBACK_WAT, Some(wrap));
        let ft = it
            .get_func(&st, "run")
            .unwrap()
            .typed::<i32, i32>(&st)
            .unwrap();
        measure(
            &format!("callback (i32) -> i32, per call of {n}"),
            &mut [
                &mut || assert_eq!(ci.run(cf, black_box(n)), want),
                &mut || assert_eq!(fu.call(&mut su, black_box(n)).unwrap(), want),
                &mut || assert_eq!(ft.call(&mut st, black_box(n)).unwrap(), want),
            ],
        );
        if let Some(last) = rows.last_mut() {
            last.capi /= n as f64;
            last.untyped /= n as f64;
            last.typed /= n as f64;
        }
    }

    if !bench {
        println!("8 passed, 0 failed (smoke run; use `cargo bench --bench fast_paths` to measure)");
        return;
    }
    print_table(&rows);
}

fn print_table(rows: &[Row]) {
    let w = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(8);
    println!();
    println!(
        "| {:<w$} | {:>9} | {:>13} | {:>11} | {:>9} | {:>7} |",
        "workload", "wacapi", "wasmi untyped", "wasmi typed", "/untyped", "/typed"
    );
    println!(
        "|-{:-<w$}-|-{:->9}:|-{:->13}:|-{:->11}:|-{:->9}:|-{:->7}:|",
        "", "", "", "", "", ""
    );
    for r in rows {
        println!(
            "| {:<w$} | {:>9} | {:>13} | {:>11} | {:>9.2} | {:>7.2} |",
            r.name,
            fmt_time(r.capi),
            fmt_time(r.untyped),
            fmt_time(r.typed),
            r.capi / r.untyped,
            r.capi / r.typed
        );
    }
    println!();
    println!(
        "median of {ROUNDS} rotating rounds of ~{} ms each; wacapi through the C ABI (wasm_val_t \
         arrays), wasmi through its Rust API",
        ROUND.as_millis()
    );
}
