//! Shared set-up for the benchmark targets: the workload modules and two
//! harnesses that run them, one through the wasm.h C API exported by
//! wacapi and one through wasmi's own Rust API.
//!
//! The C-API harness calls every wasm.h function (`wasm_func_call`,
//! `wasm_module_new`, `wasm_instance_new`, ...) through `extern "C"` function
//! pointers to wacapi's exported functions, typed with the wasm.h
//! prototypes and laundered through `black_box`, so the compiler cannot
//! inline them into the benchmark: the measured cost is that of a C caller
//! calling into the library, including argument marshalling through
//! `wasm_val_vec_t`.
//!
//! The raw harness uses the paths a C API has to take inside wasmi: untyped
//! `Func::call` with `&[Val]`/`&mut [Val]` and host functions made with
//! `Func::new`.  Both use an engine with wasmi's default configuration.
#![allow(dead_code)]

pub mod large;
pub mod timing;

use std::hint::black_box;
use std::ptr;

pub const ADD_WAT: &str = include_str!("../wasm/add.wat");
pub const CALLBACK_WAT: &str = include_str!("../wasm/callback.wat");
pub const FIB_WAT: &str = include_str!("../wasm/fib.wat");
pub const MEMORY_WAT: &str = include_str!("../wasm/memory.wat");
pub const SIGS_WAT: &str = include_str!("../wasm/sigs.wat");

/// Argument of `run(n)` in callback.wat: callbacks per measured call.
pub const CALLBACKS: i32 = 1000;
/// Argument of `fib(n)`.
pub const FIB_N: i64 = 30;
/// Number of functions of the large module.
pub const LARGE_N: usize = large::DEFAULT_NFUNCS;

/// Converts module text to the binary format.
pub fn wasm(text: &str) -> Vec<u8> {
    wat::parse_str(text).expect("workload module text must parse")
}

/// Binary of the large module (10,000 functions).
pub fn large_wasm() -> Vec<u8> {
    wasm(&large::large_wat(LARGE_N))
}

/// fib computed on the host, to check results.
pub fn fib_expected(n: i64) -> i64 {
    let (mut a, mut b) = (0i64, 1i64);
    for _ in 0..n {
        let c = a.wrapping_add(b);
        a = b;
        b = c;
    }
    a
}

/// Expected result of `run(n)` with a host `cb` that returns its argument.
pub fn run_expected(n: i32) -> i32 {
    let n = n as i64;
    (n * (n - 1) / 2) as i32
}

/// Expected result of `fill(seed)` followed by `sum()`.
pub fn fill_sum_expected(seed: u32) -> i64 {
    let mut x = seed;
    let mut acc = 0i64;
    for _ in 0..(16 * 1024 * 1024 / 4) {
        acc += x as i64;
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
    }
    acc
}

// ---------------------------------------------------------------------------
// The wasm.h side.

pub mod capi {
    use super::*;
    use std::ffi::c_void;
    use wacapi::{
        wasm_byte_vec_t, wasm_exporttype_vec_t, wasm_extern_vec_t, wasm_val_t, wasm_val_union,
        wasm_val_vec_t, wasm_valtype_vec_t, WASM_I32, WASM_I64,
    };

    /// Opaque object pointers, as a C caller holds them.
    pub type Ptr = *mut c_void;

    /// `wasm_func_callback_t` as wasm.h declares it.
    pub type Callback = unsafe extern "C" fn(*const wasm_val_vec_t, *mut wasm_val_vec_t) -> Ptr;

    /// Binds the exported function `wacapi::$name` under the prototype that
    /// wasm.h gives it (object pointers as `*mut c_void`; wacapi's Rust
    /// signatures may spell the same pointers as `Option<&T>`/`Option<Box<T>>`,
    /// which have the same C ABI).  The address goes through `black_box`, so
    /// every call is an opaque indirect call into the library, as from C.
    macro_rules! bind {
        ($($name:ident: fn($($arg:ty),*) $(-> $ret:ty)?;)*) => {
            /// The wasm.h functions the harness uses.
            #[derive(Clone, Copy)]
            #[allow(non_snake_case)]
            pub struct Api {
                $(pub $name: unsafe extern "C" fn($($arg),*) $(-> $ret)?,)*
            }
            impl Api {
                pub fn get() -> Api {
                    // SAFETY: each prototype is the wasm.h one for that name
                    // (wacapi-abi-test checks wacapi's signatures against it).
                    unsafe {
                        Api {
                            $($name: std::mem::transmute::<*const (), unsafe extern "C" fn($($arg),*) $(-> $ret)?>(
                                black_box(wacapi::$name as *const ()),
                            ),)*
                        }
                    }
                }
            }
        };
    }

    bind! {
        wasm_engine_new: fn() -> Ptr;
        wasm_config_new: fn() -> Ptr;
        wacapi_config_interruptible: fn(Ptr, bool);
        wasm_engine_new_with_config: fn(Ptr) -> Ptr;
        wacapi_store_set_deadline: fn(Ptr, u64) -> bool;
        wacapi_store_interrupt_handle: fn(Ptr) -> Ptr;
        wacapi_interrupt_handle_delete: fn(Ptr);
        wasm_engine_delete: fn(Ptr);
        wasm_store_new: fn(Ptr) -> Ptr;
        wasm_store_delete: fn(Ptr);
        wasm_byte_vec_new: fn(*mut wasm_byte_vec_t, usize, *const u8);
        wasm_byte_vec_delete: fn(*mut wasm_byte_vec_t);
        wasm_valtype_new: fn(u8) -> Ptr;
        wasm_valtype_vec_new: fn(*mut wasm_valtype_vec_t, usize, *const Ptr);
        wasm_functype_new: fn(*mut wasm_valtype_vec_t, *mut wasm_valtype_vec_t) -> Ptr;
        wasm_functype_delete: fn(Ptr);
        wasm_func_new: fn(Ptr, Ptr, Option<Callback>) -> Ptr;
        wasm_func_delete: fn(Ptr);
        wasm_func_as_extern: fn(Ptr) -> Ptr;
        wasm_func_call: fn(Ptr, *const wasm_val_vec_t, *mut wasm_val_vec_t) -> Ptr;
        wasm_module_new: fn(Ptr, *const wasm_byte_vec_t) -> Ptr;
        wasm_module_delete: fn(Ptr);
        wasm_module_serialize: fn(Ptr, *mut wasm_byte_vec_t);
        wasm_module_deserialize: fn(Ptr, *const wasm_byte_vec_t) -> Ptr;
        wacapi_module_deserialize_trusted: fn(Ptr, *const wasm_byte_vec_t) -> Ptr;
        wasm_module_exports: fn(Ptr, *mut wasm_exporttype_vec_t);
        wasm_exporttype_vec_delete: fn(*mut wasm_exporttype_vec_t);
        wasm_exporttype_name: fn(Ptr) -> *const wasm_byte_vec_t;
        wasm_instance_new: fn(Ptr, Ptr, *const wasm_extern_vec_t, *mut Ptr) -> Ptr;
        wasm_instance_delete: fn(Ptr);
        wasm_instance_exports: fn(Ptr, *mut wasm_extern_vec_t);
        wasm_extern_vec_delete: fn(*mut wasm_extern_vec_t);
        wasm_extern_as_func: fn(Ptr) -> Ptr;
        wasm_extern_as_memory: fn(Ptr) -> Ptr;
        wasm_memory_data: fn(Ptr) -> *mut u8;
        wasm_memory_data_size: fn(Ptr) -> usize;
    }

    pub fn i32_val(v: i32) -> wasm_val_t {
        wasm_val_t {
            kind: WASM_I32 as _,
            of: wasm_val_union { i32: v },
        }
    }

    pub fn i64_val(v: i64) -> wasm_val_t {
        wasm_val_t {
            kind: WASM_I64 as _,
            of: wasm_val_union { i64: v },
        }
    }

    fn empty<T>() -> (usize, *mut T) {
        (0, ptr::null_mut())
    }

    /// Host callback for callback.wat: returns its argument.
    pub unsafe extern "C" fn identity_cb(
        args: *const wasm_val_vec_t,
        results: *mut wasm_val_vec_t,
    ) -> Ptr {
        *(*results).data = *(*args).data;
        ptr::null_mut()
    }

    /// An engine and a store.
    pub struct Env {
        pub api: Api,
        pub engine: Ptr,
        pub store: Ptr,
    }

    impl Env {
        pub fn new() -> Self {
            let api = Api::get();
            Self::with_engine(api, unsafe { (api.wasm_engine_new)() })
        }

        /// A store of an engine made with `wacapi_config_interruptible` (calls can be sliced).
        pub fn interruptible() -> Self {
            let api = Api::get();
            unsafe {
                let config = (api.wasm_config_new)();
                (api.wacapi_config_interruptible)(config, true);
                Self::with_engine(api, (api.wasm_engine_new_with_config)(config))
            }
        }

        fn with_engine(api: Api, engine: Ptr) -> Self {
            assert!(!engine.is_null());
            let store = unsafe { (api.wasm_store_new)(engine) };
            assert!(!store.is_null());
            Env { api, engine, store }
        }
    }

    impl Drop for Env {
        fn drop(&mut self) {
            unsafe {
                (self.api.wasm_store_delete)(self.store);
                (self.api.wasm_engine_delete)(self.engine);
            }
        }
    }

    /// Compile + instantiate, as the workload measures it: a fresh engine
    /// and store (wasmi engines keep the code of every module they ever
    /// compiled, so reusing one would grow it on every iteration), then
    /// `wasm_module_new` + `wasm_instance_new`, then all the deletes.
    pub fn compile_instantiate(a: &Api, binary: &wasm_byte_vec_t) {
        unsafe {
            let engine = (a.wasm_engine_new)();
            let store = (a.wasm_store_new)(engine);
            let module = (a.wasm_module_new)(store, binary);
            assert!(!module.is_null(), "wasm_module_new failed");
            let (size, data) = empty();
            let imports = wasm_extern_vec_t { size, data };
            let mut trap: Ptr = ptr::null_mut();
            let instance = (a.wasm_instance_new)(store, module, &imports, &mut trap);
            assert!(
                !instance.is_null() && trap.is_null(),
                "wasm_instance_new failed"
            );
            (a.wasm_instance_delete)(instance);
            (a.wasm_module_delete)(module);
            (a.wasm_store_delete)(store);
            (a.wasm_engine_delete)(engine);
        }
    }

    /// An owned `wasm_byte_vec_t` holding a module binary.
    pub struct Binary(pub wasm_byte_vec_t, Api);

    impl Binary {
        pub fn new(bytes: &[u8]) -> Self {
            let api = Api::get();
            let (size, data) = empty();
            let mut v = wasm_byte_vec_t { size, data };
            unsafe { (api.wasm_byte_vec_new)(&mut v, bytes.len(), bytes.as_ptr()) };
            Binary(v, api)
        }
    }

    impl Drop for Binary {
        fn drop(&mut self) {
            unsafe { (self.1.wasm_byte_vec_delete)(&mut self.0) }
        }
    }

    /// One instantiated workload module.
    pub struct Inst {
        pub env: Env,
        module: Ptr,
        instance: Ptr,
        host: Vec<Ptr>,
        exports: wasm_extern_vec_t,
        names: Vec<String>,
    }

    impl Inst {
        /// Instantiates `binary`; a module that imports `env.cb` gets the
        /// identity callback made with `wasm_func_new`.
        pub fn new(binary: &[u8], with_cb: bool) -> Self {
            Self::new_in(Env::new(), binary, with_cb)
        }

        /// [`Inst::new`] in the store of `env`.
        pub fn new_in(env: Env, binary: &[u8], with_cb: bool) -> Self {
            let a = env.api;
            unsafe {
                let bin = Binary::new(binary);
                let module = (a.wasm_module_new)(env.store, &bin.0);
                assert!(!module.is_null(), "wasm_module_new failed");
                drop(bin);

                let mut host = Vec::new();
                let mut import_ptrs: Vec<Ptr> = Vec::new();
                if with_cb {
                    let (size, data) = empty();
                    let mut params = wasm_valtype_vec_t { size, data };
                    let (size, data) = empty();
                    let mut results = wasm_valtype_vec_t { size, data };
                    let p = [(a.wasm_valtype_new)(WASM_I32 as _)];
                    let r = [(a.wasm_valtype_new)(WASM_I32 as _)];
                    (a.wasm_valtype_vec_new)(&mut params, 1, p.as_ptr());
                    (a.wasm_valtype_vec_new)(&mut results, 1, r.as_ptr());
                    let ty = (a.wasm_functype_new)(&mut params, &mut results);
                    let f = (a.wasm_func_new)(env.store, ty, Some(identity_cb));
                    assert!(!f.is_null(), "wasm_func_new failed");
                    (a.wasm_functype_delete)(ty);
                    import_ptrs.push((a.wasm_func_as_extern)(f));
                    host.push(f);
                }
                let imports = wasm_extern_vec_t {
                    size: import_ptrs.len(),
                    data: import_ptrs.as_mut_ptr().cast(),
                };
                let mut trap: Ptr = ptr::null_mut();
                let instance = (a.wasm_instance_new)(env.store, module, &imports, &mut trap);
                assert!(
                    !instance.is_null() && trap.is_null(),
                    "wasm_instance_new failed"
                );

                let (size, data) = empty();
                let mut exports = wasm_extern_vec_t { size, data };
                (a.wasm_instance_exports)(instance, &mut exports);

                let (size, data) = empty();
                let mut types = wasm_exporttype_vec_t { size, data };
                (a.wasm_module_exports)(module, &mut types);
                let names: Vec<String> = (0..types.size)
                    .map(|i| {
                        // Elements are object pointers, whatever wacapi's Rust type.
                        let t: Ptr = *types.data.cast::<Ptr>().add(i);
                        let name = &*(a.wasm_exporttype_name)(t);
                        let bytes = std::slice::from_raw_parts(name.data.cast::<u8>(), name.size);
                        String::from_utf8_lossy(bytes).into_owned()
                    })
                    .collect();
                (a.wasm_exporttype_vec_delete)(&mut types);
                assert_eq!(exports.size, names.len());

                Inst {
                    env,
                    module,
                    instance,
                    host,
                    exports,
                    names,
                }
            }
        }

        fn export(&self, name: &str) -> Ptr {
            let i = self
                .names
                .iter()
                .position(|n| n == name)
                .unwrap_or_else(|| panic!("no export {name}"));
            unsafe { *self.exports.data.cast::<Ptr>().add(i) }
        }

        pub fn func(&self, name: &str) -> Ptr {
            let f = unsafe { (self.env.api.wasm_extern_as_func)(self.export(name)) };
            assert!(!f.is_null(), "export {name} is not a function");
            f
        }

        pub fn memory_data(&self, name: &str) -> &[u8] {
            let a = &self.env.api;
            unsafe {
                let m = (a.wasm_extern_as_memory)(self.export(name));
                assert!(!m.is_null(), "export {name} is not a memory");
                std::slice::from_raw_parts((a.wasm_memory_data)(m), (a.wasm_memory_data_size)(m))
            }
        }

        /// Calls `f` through `wasm_func_call`; returns the first result.
        #[inline(always)]
        pub fn call(&self, f: Ptr, args: &mut [wasm_val_t], nresults: usize) -> wasm_val_t {
            let mut out = [i32_val(0)];
            let argv = wasm_val_vec_t {
                size: args.len(),
                data: args.as_mut_ptr(),
            };
            let mut resv = wasm_val_vec_t {
                size: nresults,
                data: if nresults == 0 {
                    ptr::null_mut()
                } else {
                    out.as_mut_ptr()
                },
            };
            let trap = unsafe { (self.env.api.wasm_func_call)(f, &argv, &mut resv) };
            assert!(trap.is_null(), "unexpected trap");
            out[0]
        }

        pub fn add(&self, f: Ptr, a: i32, b: i32) -> i32 {
            unsafe { self.call(f, &mut [i32_val(a), i32_val(b)], 1).of.i32 }
        }

        pub fn run(&self, f: Ptr, n: i32) -> i32 {
            unsafe { self.call(f, &mut [i32_val(n)], 1).of.i32 }
        }

        pub fn fib(&self, f: Ptr, n: i64) -> i64 {
            unsafe { self.call(f, &mut [i64_val(n)], 1).of.i64 }
        }

        pub fn fill_sum(&self, fill: Ptr, sum: Ptr, seed: i32) -> i64 {
            self.call(fill, &mut [i32_val(seed)], 0);
            unsafe { self.call(sum, &mut [], 1).of.i64 }
        }
    }

    impl Drop for Inst {
        fn drop(&mut self) {
            let a = &self.env.api;
            unsafe {
                (a.wasm_extern_vec_delete)(&mut self.exports);
                (a.wasm_instance_delete)(self.instance);
                for f in self.host.drain(..) {
                    (a.wasm_func_delete)(f);
                }
                (a.wasm_module_delete)(self.module);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The raw wasmi side.

pub mod raw {
    use super::*;
    use wasmi::{Engine, Extern, Func, FuncType, Instance, Module, Store, Val, ValType};

    pub struct Inst {
        pub store: Store<()>,
        pub instance: Instance,
    }

    /// Host function for callback.wat, made the way a C API has to:
    /// untyped, through `Func::new`.
    pub fn identity_cb(store: &mut Store<()>) -> Func {
        let ty = FuncType::new([ValType::I32], [ValType::I32]);
        Func::new(store, ty, |_caller, args, results| {
            results[0] = args[0].clone();
            Ok(())
        })
    }

    impl Inst {
        pub fn new(binary: &[u8], with_cb: bool) -> Self {
            let engine = Engine::default();
            let module = Module::new(&engine, binary).expect("Module::new failed");
            let mut store = Store::new(&engine, ());
            let mut imports = Vec::new();
            if with_cb {
                imports.push(Extern::Func(identity_cb(&mut store)));
            }
            let instance =
                Instance::new(&mut store, &module, &imports).expect("Instance::new failed");
            Inst { store, instance }
        }

        pub fn func(&self, name: &str) -> Func {
            self.instance
                .get_func(&self.store, name)
                .unwrap_or_else(|| panic!("no function export {name}"))
        }

        pub fn memory_data(&self, name: &str) -> &[u8] {
            self.instance
                .get_memory(&self.store, name)
                .unwrap_or_else(|| panic!("no memory export {name}"))
                .data(&self.store)
        }

        #[inline(always)]
        fn call1(&mut self, f: Func, args: &[Val]) -> Val {
            let mut out = [Val::I32(0)];
            f.call(&mut self.store, args, &mut out)
                .expect("call failed");
            let [v] = out;
            v
        }

        pub fn add(&mut self, f: Func, a: i32, b: i32) -> i32 {
            match self.call1(f, &[Val::I32(a), Val::I32(b)]) {
                Val::I32(v) => v,
                v => panic!("unexpected result {v:?}"),
            }
        }

        pub fn run(&mut self, f: Func, n: i32) -> i32 {
            match self.call1(f, &[Val::I32(n)]) {
                Val::I32(v) => v,
                v => panic!("unexpected result {v:?}"),
            }
        }

        pub fn fib(&mut self, f: Func, n: i64) -> i64 {
            match self.call1(f, &[Val::I64(n)]) {
                Val::I64(v) => v,
                v => panic!("unexpected result {v:?}"),
            }
        }

        pub fn fill_sum(&mut self, fill: Func, sum: Func, seed: i32) -> i64 {
            fill.call(&mut self.store, &[Val::I32(seed)], &mut [])
                .expect("fill failed");
            match self.call1(sum, &[]) {
                Val::I64(v) => v,
                v => panic!("unexpected result {v:?}"),
            }
        }
    }

    /// Fresh engine and store, `Module::new` + `Instance::new`, drops: the
    /// raw counterpart of `capi::compile_instantiate`.
    pub fn compile_instantiate(binary: &[u8]) {
        let engine = Engine::default();
        let module = Module::new(&engine, binary).expect("Module::new failed");
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).expect("Instance::new failed");
        black_box(instance);
    }
}
