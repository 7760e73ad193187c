//! The v128 path: `wasm_val_t` cannot carry a v128, so functions and globals whose types
//! mention one go through wacapi's extension (`wacapi_val_t`, `wacapi_func_call`,
//! `wacapi_global_get`). Everything else uses the standard wasm.h calls, so both are tested.

use crate::api::{from_c, own_trap, trap_message, Val};
use wacapi::*;

/// True when a value type vector (of a function type) has a v128.
fn vec_has_v128(v: *const wasm_valtype_vec_t) -> bool {
    // SAFETY: NULL or a vector owned by the function type, alive for this call.
    let Some(v) = (unsafe { v.as_ref() }) else {
        return false;
    };
    (0..v.size).any(|i| {
        // SAFETY: `i < size` of a library vector.
        let t = unsafe { &*v.data.add(i) };
        wasm_valtype_kind(t.as_deref()) == WACAPI_V128
    })
}

/// True when `func`'s type has a v128 parameter or result (wasm.h reports its kind as
/// `WACAPI_V128`).
pub fn func_has_v128(func: &wasm_func_t) -> bool {
    let Some(ty) = wasm_func_type(Some(func)) else {
        return false;
    };
    vec_has_v128(wasm_functype_params(Some(&ty))) || vec_has_v128(wasm_functype_results(Some(&ty)))
}

/// True when `global` holds a v128.
pub fn global_is_v128(global: &wasm_global_t) -> bool {
    let Some(ty) = wasm_global_type(Some(global)) else {
        return false;
    };
    wasm_valtype_kind(wasm_globaltype_content(Some(&ty))) == WACAPI_V128
}

/// An extension value for an argument (references borrowed from `v`).
fn to_ext(v: &Val) -> wacapi_val_t {
    if let Val::V128(bytes) = v {
        return wacapi_val_t {
            kind: WACAPI_V128,
            of: wacapi_val_union { v128: *bytes },
        };
    }
    let c = crate::api::to_c(v);
    // SAFETY: `kind` says which member of the standard value is live; the same member is
    // written to the extension's union.
    let of = unsafe {
        match c.kind {
            WASM_I32 => wacapi_val_union { i32: c.of.i32 },
            WASM_I64 => wacapi_val_union { i64: c.of.i64 },
            WASM_F32 => wacapi_val_union { f32: c.of.f32 },
            WASM_F64 => wacapi_val_union { f64: c.of.f64 },
            _ => wacapi_val_union { r#ref: c.of.ref_ },
        }
    };
    wacapi_val_t { kind: c.kind, of }
}

/// Takes a result value (and ownership of its reference) from the extension.
fn from_ext(v: wacapi_val_t) -> Val {
    // SAFETY: `kind` says which member is live.
    unsafe {
        if v.kind == WACAPI_V128 {
            return Val::V128(v.of.v128);
        }
        let of = match v.kind {
            WASM_I32 => wasm_val_union { i32: v.of.i32 },
            WASM_I64 => wasm_val_union { i64: v.of.i64 },
            WASM_F32 => wasm_val_union { f32: v.of.f32 },
            WASM_F64 => wasm_val_union { f64: v.of.f64 },
            _ => wasm_val_union { ref_: v.of.r#ref },
        };
        from_c(wasm_val_t { kind: v.kind, of })
    }
}

/// A zeroed extension value (room for one result).
fn blank() -> wacapi_val_t {
    wacapi_val_t {
        kind: WASM_I32,
        of: wacapi_val_union { v128: [0; 16] },
    }
}

/// Calls a function with v128 arguments or results through `wacapi_func_call`.
pub fn call(func: &wasm_func_t, args: &[Val]) -> Result<Vec<Val>, String> {
    let cargs: Vec<wacapi_val_t> = args.iter().map(to_ext).collect();
    let n = wasm_func_result_arity(Some(func));
    let mut results: Vec<wacapi_val_t> = (0..n).map(|_| blank()).collect();
    // SAFETY: both arrays have the given lengths.
    let trap = unsafe {
        wacapi_func_call(
            Some(func),
            cargs.as_ptr(),
            cargs.len(),
            results.as_mut_ptr(),
            results.len(),
        )
    };
    if let Some(t) = own_trap(trap) {
        return Err(trap_message(&t));
    }
    Ok(results.into_iter().map(from_ext).collect())
}

/// Reads a v128 global through `wacapi_global_get`.
pub fn global_get(global: &wasm_global_t) -> Val {
    let mut out = blank();
    // SAFETY: `out` is writable.
    unsafe { wacapi_global_get(Some(global), &mut out) };
    from_ext(out)
}
