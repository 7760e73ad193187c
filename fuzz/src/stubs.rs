//! Host objects for every import, made through the C API from the import's type.
//!
//! Functions become `wasm_func_new` (zero results) or `wasm_func_new_with_env` (name-derived
//! results, see [`StubPolicy`]) host functions; globals, tables and memories are made with
//! `wasm_global_new`, `wasm_table_new` and `wasm_memory_new` from the same type.

use std::ffi::c_void;

use crate::capi::*;
use crate::ctypes::{c_limits, code_of, kind_of, new_functype};
use crate::cvals::{from_c, to_c};
use crate::owned::Owned;
use crate::plan::{global_init, name_seed, named_results, StubPolicy};
use crate::report::{ExternDesc, ImportDesc, Kind, Value};

/// One host object made for an import, owning its handle.
pub enum Stub {
    /// A host function.
    Func(Owned<wasm_func_t>),
    /// A global.
    Global(Owned<wasm_global_t>),
    /// A table.
    Table(Owned<wasm_table_t>),
    /// A memory.
    Memory(Owned<wasm_memory_t>),
}

impl Stub {
    /// The object viewed as an extern (borrowed from the stub).
    pub fn as_extern(&self) -> *mut wasm_extern_t {
        // SAFETY: the handles are valid while the stub lives.
        unsafe {
            match self {
                Stub::Func(f) => wasm_func_as_extern(f.ptr()),
                Stub::Global(g) => wasm_global_as_extern(g.ptr()),
                Stub::Table(t) => wasm_table_as_extern(t.ptr()),
                Stub::Memory(m) => wasm_memory_as_extern(m.ptr()),
            }
        }
    }
}

/// Makes the host object for `import` in `store`; `None` when the library refuses (for
/// example a memory whose minimum is over the store's cap).
///
/// # Safety
/// `store` must be a valid store.
pub unsafe fn make(
    store: *mut wasm_store_t,
    import: &ImportDesc,
    policy: StubPolicy,
) -> Option<Stub> {
    let seed = name_seed(&import.module, &import.name);
    match &import.ty {
        ExternDesc::Func { params, results } => {
            let ty = new_functype(params, results);
            let f = match policy {
                StubPolicy::Zero => wasm_func_new(store, ty.ptr(), zero_callback),
                StubPolicy::Named => {
                    let env = Box::into_raw(Box::new(NamedEnv {
                        seed,
                        params: params.clone(),
                        results: results.clone(),
                    }));
                    wasm_func_new_with_env(
                        store,
                        ty.ptr(),
                        named_callback,
                        env.cast(),
                        Some(drop_named_env),
                    )
                }
            };
            Owned::new(f, wasm_func_delete).map(Stub::Func)
        }
        ExternDesc::Global { content, mutable } => {
            let ty = Owned::new(
                wasm_globaltype_new(wasm_valtype_new(code_of(*content)), u8::from(*mutable)),
                wasm_globaltype_delete,
            )?;
            let init = to_c(global_init(policy, *content, seed));
            Owned::new(wasm_global_new(store, ty.ptr(), &init), wasm_global_delete)
                .map(Stub::Global)
        }
        ExternDesc::Table { elem, min, max } => {
            let limits = c_limits(*min, *max);
            let ty = Owned::new(
                wasm_tabletype_new(wasm_valtype_new(code_of(*elem)), &limits),
                wasm_tabletype_delete,
            )?;
            Owned::new(
                wasm_table_new(store, ty.ptr(), std::ptr::null_mut()),
                wasm_table_delete,
            )
            .map(Stub::Table)
        }
        ExternDesc::Memory { min, max } => {
            let limits = c_limits(*min, *max);
            let ty = Owned::new(wasm_memorytype_new(&limits), wasm_memorytype_delete)?;
            Owned::new(wasm_memory_new(store, ty.ptr()), wasm_memory_delete).map(Stub::Memory)
        }
    }
}

/// The plain callback of [`StubPolicy::Zero`]: writes the zero of each result slot's kind.
///
/// wacapi hands the callback result slots already tagged with the function's result kinds
/// (src/func.rs fills them before the call), which is the only way a callback without an env
/// can know them; an untagged slot is reported as a bug.
unsafe extern "C" fn zero_callback(
    _args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t {
    let results = &mut *results;
    if results.size > 0 {
        assert!(
            !results.data.is_null(),
            "result vector of size {} has NULL data",
            results.size
        );
        for slot in std::slice::from_raw_parts_mut(results.data, results.size) {
            *slot = to_c(Value::zero(kind_of(slot.kind)));
        }
    }
    std::ptr::null_mut()
}

/// The env of a [`StubPolicy::Named`] host function.
struct NamedEnv {
    seed: u64,
    params: Vec<Kind>,
    results: Vec<Kind>,
}

/// The callback of [`StubPolicy::Named`]: results from the name seed and the arguments.
unsafe extern "C" fn named_callback(
    env: *mut c_void,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t {
    let env = &*env.cast::<NamedEnv>();
    let args = &*args;
    assert_eq!(
        args.size,
        env.params.len(),
        "host callback got the wrong number of arguments"
    );
    let values: Vec<Value> = args
        .as_slice()
        .iter()
        .zip(&env.params)
        .map(|(a, k)| from_c(a, *k, "host callback argument"))
        .collect();
    let results = &mut *results;
    assert_eq!(
        results.size,
        env.results.len(),
        "host callback got the wrong number of result slots"
    );
    if results.size > 0 {
        let out = std::slice::from_raw_parts_mut(results.data, results.size);
        for (slot, v) in out
            .iter_mut()
            .zip(named_results(env.seed, &env.results, &values))
        {
            *slot = to_c(v);
        }
    }
    std::ptr::null_mut()
}

/// The finalizer of a [`NamedEnv`] (wacapi runs it when the store is deleted).
unsafe extern "C" fn drop_named_env(env: *mut c_void) {
    drop(Box::from_raw(env.cast::<NamedEnv>()));
}
