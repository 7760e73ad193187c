//! Raw wasmi's side of benches/callgrind/run.sh: N calls of add(i32, i32) or one call of
//! run(N) making N callbacks, through wasmi's untyped (`Func::call`, `Func::new`) or typed
//! (`TypedFunc::call`, `Func::wrap`) API, so callgrind can count instructions per operation
//! of each next to wacapi's.
//!
//!   callgrind_raw N add|cb untyped|typed
//!
//! Run without arguments (as `cargo test --benches` does) it checks both modes once.

mod common;

use common::raw;
use wasmi::{Engine, Extern, Func, Instance, Module, Store, Val};

/// Runs `n` operations of `mode` (add or cb) through the `api` (untyped or typed); the sum
/// of the results.
fn run(n: i32, mode: &str, api: &str) -> i64 {
    let typed = api == "typed";
    let engine = Engine::default();
    let (wat, with_cb) = match mode {
        "add" => (common::ADD_WAT, false),
        _ => (common::CALLBACK_WAT, true),
    };
    let module = Module::new(&engine, common::wasm(wat)).expect("Module::new failed");
    let mut store = Store::new(&engine, ());
    let mut imports = Vec::new();
    if with_cb {
        let cb = match typed {
            true => Func::wrap(&mut store, |x: i32| x),
            false => raw::identity_cb(&mut store),
        };
        imports.push(Extern::Func(cb));
    }
    let instance = Instance::new(&mut store, &module, &imports).expect("Instance::new failed");
    let name = if with_cb { "run" } else { "add" };
    let f = instance.get_func(&store, name).expect("export");
    let mut sum = 0i64;
    match (with_cb, typed) {
        (false, false) => {
            for _ in 0..n {
                let mut out = [Val::I32(0)];
                f.call(&mut store, &[Val::I32(1), Val::I32(2)], &mut out)
                    .unwrap();
                sum += i64::from(out[0].i32().unwrap());
            }
        }
        (false, true) => {
            let t = f.typed::<(i32, i32), i32>(&store).unwrap();
            for _ in 0..n {
                sum += i64::from(t.call(&mut store, (1, 2)).unwrap());
            }
        }
        (true, false) => {
            let mut out = [Val::I32(0)];
            f.call(&mut store, &[Val::I32(n)], &mut out).unwrap();
            sum = i64::from(out[0].i32().unwrap());
        }
        (true, true) => {
            let t = f.typed::<i32, i32>(&store).unwrap();
            sum = i64::from(t.call(&mut store, n).unwrap());
        }
    }
    sum
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [n, mode, api] => {
            let n: i32 = n.parse().expect("N");
            println!("{mode} {api} {n} {}", run(n, mode, api));
        }
        _ => {
            for api in ["untyped", "typed"] {
                assert_eq!(run(10, "add", api), 30);
                assert_eq!(run(10, "cb", api), i64::from(common::run_expected(10)));
            }
            println!("ok: callgrind_raw add and cb, untyped and typed");
        }
    }
}
