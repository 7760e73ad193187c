//! Thin, safe wrappers over the wasm.h functions the runner needs.
//!
//! Everything here calls wacapi's exported `extern "C"` functions (the same symbols C code
//! links against), never wasmi directly: the point of the spec runner is to exercise the C
//! API. Owned objects are wacapi's [`Own`] handles, which delete themselves when dropped.

use std::ffi::c_void;
use wacapi::handle::Own;
use wacapi::*;

/// A value as the runner sees it: numbers as exact bits (so NaN payloads survive), v128 as
/// bytes, references as the owned wasm.h handle (NULL for a null reference).
#[derive(Debug)]
pub enum Val {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32`, as its bits.
    F32(u32),
    /// `f64`, as its bits.
    F64(u64),
    /// `v128`, little-endian bytes.
    V128([u8; 16]),
    /// `funcref`: an owned reference or None for null.
    FuncRef(Option<Own<wasm_ref_t>>),
    /// `externref`: an owned reference or None for null.
    ExternRef(Option<Own<wasm_ref_t>>),
}

/// A borrowed byte vector over `bytes` (wasm.h functions that take `const wasm_byte_vec_t*`
/// only read it, so no copy is needed).
pub fn byte_view(bytes: &[u8]) -> wasm_byte_vec_t {
    wasm_byte_vec_t {
        size: bytes.len(),
        data: bytes.as_ptr() as *mut u8,
    }
}

/// The bytes of a name vector owned by the library.
fn name_of(v: Option<&wasm_byte_vec_t>) -> String {
    match v {
        Some(v) if !v.data.is_null() && v.size > 0 => {
            // SAFETY: a valid byte vector of the library.
            let bytes = unsafe { std::slice::from_raw_parts(v.data, v.size) };
            String::from_utf8_lossy(bytes).into_owned()
        }
        _ => String::new(),
    }
}

/// The text of `wacapi_last_error`.
pub fn last_error() -> String {
    // SAFETY: the library returns a NUL-terminated string, never NULL.
    unsafe { std::ffi::CStr::from_ptr(wacapi_last_error()) }
        .to_string_lossy()
        .into_owned()
}

/// The message of a trap (without the terminating NUL).
pub fn trap_message(trap: &wasm_trap_t) -> String {
    let mut out = wasm_byte_vec_t::EMPTY;
    // SAFETY: `out` is writable; the vector is deleted below.
    unsafe { wasm_trap_message(Some(trap), &mut out) };
    let text = name_of(Some(&out));
    // SAFETY: `out` came from the library.
    unsafe { wasm_byte_vec_delete(&mut out) };
    text.trim_end_matches('\0').to_string()
}

/// Takes ownership of a trap pointer returned by wasm.h (None for NULL).
pub(crate) fn own_trap(trap: *mut wasm_trap_t) -> Option<Own<wasm_trap_t>> {
    // SAFETY: the pointer was just returned to us as owned.
    unsafe { wacapi::handle::from_c(trap) }
}

/// A new value type of `kind`.
pub fn valtype(kind: wasm_valkind_t) -> Own<wasm_valtype_t> {
    wasm_valtype_new(kind).expect("valid kind")
}

/// A valtype vector of `kinds`, owned by the caller.
fn valtype_vec(kinds: &[wasm_valkind_t]) -> wasm_valtype_vec_t {
    let items: Vec<Option<Own<wasm_valtype_t>>> = kinds.iter().map(|k| Some(valtype(*k))).collect();
    let mut out = wasm_valtype_vec_t::EMPTY;
    // SAFETY: ownership of the elements passes to the vector.
    unsafe { wasm_valtype_vec_new(&mut out, items.len(), items.as_ptr()) };
    std::mem::forget(items);
    out
}

/// A function type of the given parameter and result kinds.
pub fn functype(params: &[wasm_valkind_t], results: &[wasm_valkind_t]) -> Own<wasm_functype_t> {
    let mut p = valtype_vec(params);
    let mut r = valtype_vec(results);
    // SAFETY: the function takes both vectors.
    unsafe { wasm_functype_new(&mut p, &mut r) }.expect("functype")
}

/// Imports of a module: (module, name) in declaration order.
pub fn module_imports(module: &wasm_module_t) -> Vec<(String, String)> {
    let mut v = wasm_importtype_vec_t::EMPTY;
    // SAFETY: `v` is writable and deleted below.
    unsafe { wasm_module_imports(Some(module), &mut v) };
    let mut out = Vec::new();
    for i in 0..v.size {
        // SAFETY: `i < size` of a library vector.
        let it = unsafe { &*v.data.add(i) };
        let it = it.as_deref();
        out.push((
            name_of(wasm_importtype_module(it)),
            name_of(wasm_importtype_name(it)),
        ));
    }
    // SAFETY: the vector came from the library.
    unsafe { wasm_importtype_vec_delete(&mut v) };
    out
}

/// Export names of a module in declaration order (the order of `wasm_instance_exports`).
pub fn module_export_names(module: &wasm_module_t) -> Vec<String> {
    let mut v = wasm_exporttype_vec_t::EMPTY;
    // SAFETY: `v` is writable and deleted below.
    unsafe { wasm_module_exports(Some(module), &mut v) };
    let mut out = Vec::new();
    for i in 0..v.size {
        // SAFETY: `i < size` of a library vector.
        let et = unsafe { &*v.data.add(i) };
        out.push(name_of(wasm_exporttype_name(et.as_deref())));
    }
    // SAFETY: the vector came from the library.
    unsafe { wasm_exporttype_vec_delete(&mut v) };
    out
}

/// The exports of an instance, owned (deleted when dropped).
pub fn instance_exports(instance: &wasm_instance_t) -> Vec<Own<wasm_extern_t>> {
    let mut v = wasm_extern_vec_t::EMPTY;
    // SAFETY: `v` is writable.
    unsafe { wasm_instance_exports(Some(instance), &mut v) };
    let mut out = Vec::new();
    for i in 0..v.size {
        // SAFETY: `i < size`; each element is moved out exactly once, and the slot is
        // overwritten with NULL so the vector's delete does not delete it again.
        unsafe {
            let slot = v.data.add(i);
            if let Some(e) = std::ptr::replace(slot, None) {
                out.push(e);
            }
        }
    }
    // SAFETY: the vector came from the library; its slots are all NULL now.
    unsafe { wasm_extern_vec_delete(&mut v) };
    out
}

/// Compiles a binary module.
pub fn compile(store: &wasm_store_t, binary: &[u8]) -> Result<Own<wasm_module_t>, String> {
    let bytes = byte_view(binary);
    // SAFETY: `bytes` borrows `binary` for the call.
    unsafe { wasm_module_new(Some(store), &bytes) }.ok_or_else(last_error)
}

/// Why instantiation failed.
#[derive(Debug)]
pub enum InstantiateError {
    /// Linking failed (missing or mismatched import, or a resource limit).
    Link(String),
    /// The start function or an active segment trapped.
    Trap(String),
}

/// Instantiates `module` with `imports` (borrowed, NULL for a missing one).
pub fn instantiate(
    store: &wasm_store_t,
    module: &wasm_module_t,
    imports: &[Option<&wasm_extern_t>],
) -> Result<Own<wasm_instance_t>, InstantiateError> {
    let ptrs: Vec<*const wasm_extern_t> = imports
        .iter()
        .map(|i| i.map_or(std::ptr::null(), |e| e as *const _))
        .collect();
    // `Option<Own<T>>` is a nullable pointer, so a pointer array is a valid borrowed
    // `wasm_extern_vec_t` (wasm_instance_new only reads it).
    let vec = wasm_extern_vec_t {
        size: ptrs.len(),
        data: if ptrs.is_empty() {
            std::ptr::null_mut()
        } else {
            ptrs.as_ptr() as *mut Option<Own<wasm_extern_t>>
        },
    };
    let mut trap: *mut wasm_trap_t = std::ptr::null_mut();
    // SAFETY: `vec` borrows `ptrs` for the call; `trap` is writable.
    let inst = unsafe { wasm_instance_new(Some(store), Some(module), &vec, &mut trap) };
    let err = last_error();
    if let Some(t) = own_trap(trap) {
        return Err(InstantiateError::Trap(trap_message(&t)));
    }
    inst.ok_or(InstantiateError::Link(err))
}

/// A wasm.h value for an argument (references borrowed from `v`).
pub fn to_c(v: &Val) -> wasm_val_t {
    let (kind, of) = match v {
        Val::I32(x) => (WASM_I32, wasm_val_union { i32: *x }),
        Val::I64(x) => (WASM_I64, wasm_val_union { i64: *x }),
        Val::F32(x) => (
            WASM_F32,
            wasm_val_union {
                f32: f32::from_bits(*x),
            },
        ),
        Val::F64(x) => (
            WASM_F64,
            wasm_val_union {
                f64: f64::from_bits(*x),
            },
        ),
        Val::FuncRef(r) => (WASM_FUNCREF, wasm_val_union { ref_: ref_ptr(r) }),
        Val::ExternRef(r) => (WASM_EXTERNREF, wasm_val_union { ref_: ref_ptr(r) }),
        Val::V128(_) => panic!("v128 has no wasm_val_t"),
    };
    wasm_val_t { kind, of }
}

fn ref_ptr(r: &Option<Own<wasm_ref_t>>) -> *mut wasm_ref_t {
    r.as_ref().map_or(std::ptr::null_mut(), Own::as_ptr)
}

/// Takes a result value (and ownership of its reference) from wasm.h.
pub fn from_c(v: wasm_val_t) -> Val {
    // SAFETY: `kind` says which member is live; references are owned by the caller.
    unsafe {
        match v.kind {
            WASM_I32 => Val::I32(v.of.i32),
            WASM_I64 => Val::I64(v.of.i64),
            WASM_F32 => Val::F32(v.of.f32.to_bits()),
            WASM_F64 => Val::F64(v.of.f64.to_bits()),
            WASM_FUNCREF => Val::FuncRef(wacapi::handle::from_c(v.of.ref_)),
            WASM_EXTERNREF => Val::ExternRef(wacapi::handle::from_c(v.of.ref_)),
            k => panic!("unexpected value kind {k}"),
        }
    }
}

/// Calls `func` with `args`; Ok(results) or Err(trap message).
pub fn call(func: &wasm_func_t, args: &[Val]) -> Result<Vec<Val>, String> {
    if args.iter().any(|a| matches!(a, Val::V128(_))) || has_v128(func) {
        return crate::v128::call(func, args);
    }
    let mut cargs: Vec<wasm_val_t> = args.iter().map(to_c).collect();
    let n = wasm_func_result_arity(Some(func));
    let mut results: Vec<wasm_val_t> = (0..n)
        .map(|_| wasm_val_t {
            kind: WASM_I32,
            of: wasm_val_union { i64: 0 },
        })
        .collect();
    let argv = wasm_val_vec_t {
        size: cargs.len(),
        data: if cargs.is_empty() {
            std::ptr::null_mut()
        } else {
            cargs.as_mut_ptr()
        },
    };
    let mut resv = wasm_val_vec_t {
        size: results.len(),
        data: if results.is_empty() {
            std::ptr::null_mut()
        } else {
            results.as_mut_ptr()
        },
    };
    // SAFETY: both vectors borrow live arrays of the right sizes.
    let trap = unsafe { wasm_func_call(Some(func), &argv, &mut resv) };
    if let Some(t) = own_trap(trap) {
        return Err(trap_message(&t));
    }
    Ok(results.into_iter().map(from_c).collect())
}

/// True when the function's type mentions v128 (which `wasm_val_t` cannot carry).
pub fn has_v128(func: &wasm_func_t) -> bool {
    crate::v128::func_has_v128(func)
}

/// Reads a global.
pub fn global_get(global: &wasm_global_t) -> Val {
    if crate::v128::global_is_v128(global) {
        return crate::v128::global_get(global);
    }
    let mut out = wasm_val_t {
        kind: WASM_I32,
        of: wasm_val_union { i64: 0 },
    };
    // SAFETY: `out` is writable.
    unsafe { wasm_global_get(Some(global), &mut out) };
    from_c(out)
}

/// A no-op host function (the spectest `print*` functions).
unsafe extern "C" fn ignore(
    _args: *const wasm_val_vec_t,
    _results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t {
    std::ptr::null_mut()
}

/// A host function of type `params -> ()` that does nothing.
pub fn host_func(store: &wasm_store_t, params: &[wasm_valkind_t]) -> Own<wasm_func_t> {
    let ty = functype(params, &[]);
    // SAFETY: `ignore` lives for the whole program.
    unsafe { wasm_func_new(Some(store), Some(&ty), Some(ignore)) }.expect("host func")
}

/// An immutable global holding `v`.
pub fn const_global(store: &wasm_store_t, v: Val) -> Own<wasm_global_t> {
    let c = to_c(&v);
    let ty = wasm_globaltype_new(Some(valtype(c.kind)), WASM_CONST).expect("globaltype");
    // SAFETY: `c` is a valid value.
    unsafe { wasm_global_new(Some(store), Some(&ty), &c) }.expect("global")
}

/// A funcref table of `min..max` elements, all null.
pub fn table(store: &wasm_store_t, min: u32, max: u32) -> Own<wasm_table_t> {
    let limits = wasm_limits_t { min, max };
    // SAFETY: `limits` is valid for the call.
    let ty = unsafe { wasm_tabletype_new(Some(valtype(WASM_FUNCREF)), Some(&limits)) }
        .expect("tabletype");
    // SAFETY: NULL init means null references.
    unsafe { wasm_table_new(Some(store), Some(&ty), std::ptr::null()) }.expect("table")
}

/// A memory of `min..max` pages.
pub fn memory(store: &wasm_store_t, min: u32, max: u32) -> Own<wasm_memory_t> {
    let limits = wasm_limits_t { min, max };
    // SAFETY: `limits` is valid for the call.
    let ty = unsafe { wasm_memorytype_new(Some(&limits)) }.expect("memorytype");
    wasm_memory_new(Some(store), Some(&ty)).expect("memory")
}

/// A new foreign object carrying `n` (the spec's `ref.extern n`) as its host info.
pub fn foreign(store: &wasm_store_t, n: u32) -> Own<wasm_foreign_t> {
    let f = wasm_foreign_new(Some(store)).expect("foreign");
    // Host info n+1, so that 0 (unset) never collides with `ref.extern 0`.
    wasm_foreign_set_host_info(Some(&f), (n as usize + 1) as *mut c_void);
    f
}

/// The `n` of a reference made by [`foreign`], None for any other reference.
pub fn foreign_number(r: &wasm_ref_t) -> Option<u32> {
    let info = wasm_ref_get_host_info(Some(r)) as usize;
    (info != 0).then(|| (info - 1) as u32)
}
