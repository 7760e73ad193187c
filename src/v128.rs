//! v128, the one Wasm value type the standard `wasm_val_t` cannot carry, and the wacapi.h
//! calls that can: `wacapi_val_t` (a `wasm_val_t` with a 16-byte payload),
//! `wacapi_func_call` and `wacapi_global_new/get/set`.
//!
//! wasm.h's value union is 8 bytes and its kinds stop at f64 and the two references, so a
//! function or global with a v128 in its type is refused by the standard calls with a message
//! naming the place ("parameter 0 has type v128 ..."), never converted into garbage. Modules
//! that only use SIMD inside their functions need none of this; embedders that pass vectors
//! across the boundary (and the spec-test runner) use these calls, which otherwise behave
//! exactly like their standard twins (ownership of references included).

use crate::error::set_last_error;
use crate::func::{call_error, callee, storeless_trap, wasm_func_t};
use crate::global::{as_global, new_global, wasm_global_t};
use crate::handle::Own;
use crate::r#ref::wasm_ref_t;
use crate::store::{wasm_store_t, Ctx, StoreInner};
use crate::trap::{new_trap, wasm_trap_t, TrapData};
use crate::types::{wasm_globaltype_t, wasm_valkind_t, WACAPI_V128};
use crate::val::{wasm_val_t, wasm_val_union};
use std::rc::Rc;
use std::sync::Arc;

/// wacapi's value kinds beyond wasm.h's `wasm_valkind_enum` (an enum, so that the header and
/// the generated Python binding both get the constant).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum wacapi_valkind_enum {
    /// The `wasm_valkind_t` of v128 (`wasm_valtype_kind` reports it for SIMD types; the
    /// header's own kinds are 0–3 and 128–129, so 4 cannot clash).
    WACAPI_V128 = 4,
}

// The header's constant and the Rust one (src/types/valtype.rs) are one value.
const _: () = assert!(wacapi_valkind_enum::WACAPI_V128 as wasm_valkind_t == WACAPI_V128);

/// The payload of a `wacapi_val_t`: `wasm_val_t`'s members plus the 16 bytes of a v128.
#[repr(C)]
#[derive(Clone, Copy)]
pub union wacapi_val_union {
    /// `WASM_I32`.
    pub i32: i32,
    /// `WASM_I64`.
    pub i64: i64,
    /// `WASM_F32`.
    pub f32: f32,
    /// `WASM_F64`.
    pub f64: f64,
    /// `WASM_EXTERNREF` / `WASM_FUNCREF`: an owned reference or NULL.
    pub r#ref: *mut wasm_ref_t,
    /// `WACAPI_V128`: the vector's bytes in memory order (lane 0 first, little-endian).
    pub v128: [u8; 16],
}

/// A value of any Wasm type: `kind` says which member of `of` is live. Layout-compatible
/// with `wasm_val_t` in its first members, but larger (24 bytes), so vectors fit.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct wacapi_val_t {
    /// A `wasm_valkind_t`, or `WACAPI_V128`.
    pub kind: wasm_valkind_t,
    /// The value.
    pub of: wacapi_val_union,
}

impl wacapi_val_t {
    /// The standard value with the same kind and (first 8 bytes of) payload.
    fn narrow(&self) -> wasm_val_t {
        // SAFETY: every member but v128 lies in the first 8 bytes, which `i64` spans.
        let of = wasm_val_union {
            i64: unsafe { self.of.i64 },
        };
        wasm_val_t {
            kind: self.kind,
            of,
        }
    }

    /// The wasmi value, checked against the expected type.
    fn as_wasmi(&self, ctx: &mut Ctx<'_>, expected: wasmi::ValType) -> Result<wasmi::Val, String> {
        match (self.kind, expected) {
            (WACAPI_V128, wasmi::ValType::V128) => {
                // SAFETY: `kind` says the v128 member is live.
                let bytes = unsafe { self.of.v128 };
                Ok(wasmi::Val::V128(u128::from_le_bytes(bytes).into()))
            }
            (WACAPI_V128, other) => Err(format!(
                "expected {}, got v128",
                crate::types::kind_name(crate::types::kind_from_wasmi(other))
            )),
            (kind, wasmi::ValType::V128) => Err(format!(
                "expected v128, got {}",
                crate::types::kind_name(kind)
            )),
            _ => self.narrow().as_wasmi(ctx, expected),
        }
    }

    /// The value of a wasmi value; references become new owned handles.
    fn from_wasmi(val: &wasmi::Val, store: &Rc<StoreInner>, ctx: &Ctx<'_>) -> Self {
        if let wasmi::Val::V128(v) = val {
            return Self {
                kind: WACAPI_V128,
                of: wacapi_val_union {
                    v128: v.as_u128().to_le_bytes(),
                },
            };
        }
        let narrow = wasm_val_t::from_wasmi(val, store, ctx);
        Self {
            kind: narrow.kind,
            // SAFETY: `i64` spans the whole 8-byte payload of every non-vector kind.
            of: wacapi_val_union {
                i64: unsafe { narrow.of.i64 },
            },
        }
    }
}

/// Calls `func` like `wasm_func_call`, with values of any type (v128 included) in plain
/// arrays; NULL on success, else an owned trap. Reference results are owned by the caller.
/// Wrong counts or types are reported as a trap naming the argument.
///
/// # Safety
/// `args` must point to `nargs` valid values and `results` to room for `nresults`
/// (either may be NULL when its count is 0).
#[no_mangle]
pub unsafe extern "C" fn wacapi_func_call(
    func: Option<&wasm_func_t>,
    args: *const wacapi_val_t,
    nargs: usize,
    results: *mut wacapi_val_t,
    nresults: usize,
) -> *mut wasm_trap_t {
    let (_, handle, store) = match callee(func, "wacapi_func_call") {
        Ok(c) => c,
        Err(trap) => return trap,
    };
    if (args.is_null() && nargs > 0) || (results.is_null() && nresults > 0) {
        return storeless_trap("wacapi_func_call: args or results is NULL but its count is not 0");
    }
    let args = if nargs == 0 {
        &[][..]
    } else {
        // SAFETY: non-NULL, and the caller promises `nargs` values.
        std::slice::from_raw_parts(args, nargs)
    };
    let results = if nresults == 0 {
        &mut [][..]
    } else {
        // SAFETY: non-NULL, and the caller promises room for `nresults` values.
        std::slice::from_raw_parts_mut(results, nresults)
    };
    let outcome = crate::error::guard(
        || {
            Err(TrapData::from_text(
                "internal error in wacapi_func_call",
                None,
            ))
        },
        || store.with(|mut ctx| call(&mut ctx, store, handle, args, results)),
    );
    match outcome {
        Ok(()) => std::ptr::null_mut(),
        Err(data) => Own::into_raw(new_trap(store, data)),
    }
}

/// The call of [`wacapi_func_call`] inside the store's context.
fn call(
    ctx: &mut Ctx<'_>,
    store: &Rc<StoreInner>,
    func: wasmi::Func,
    args: &[wacapi_val_t],
    results: &mut [wacapi_val_t],
) -> Result<(), Arc<TrapData>> {
    let ty = func.ty(&*ctx);
    if args.len() != ty.params().len() {
        return Err(call_error(format!(
            "expected {} arguments, got {}",
            ty.params().len(),
            args.len()
        )));
    }
    if results.len() < ty.results().len() {
        return Err(call_error(format!(
            "expected room for {} results, got {}",
            ty.results().len(),
            results.len()
        )));
    }
    let mut inputs = Vec::with_capacity(args.len());
    for (i, (a, t)) in args.iter().zip(ty.params()).enumerate() {
        let v = a
            .as_wasmi(ctx, *t)
            .map_err(|e| call_error(format!("argument {i}: {e}")))?;
        inputs.push(v);
    }
    let mut outputs = vec![wasmi::Val::I32(0); ty.results().len()];
    crate::control::call(ctx, store, func, &inputs, &mut outputs)?;
    for (slot, v) in results.iter_mut().zip(&outputs) {
        *slot = wacapi_val_t::from_wasmi(v, store, ctx);
    }
    Ok(())
}

/// Makes a global like `wasm_global_new`, from a value of any type (v128 included); NULL
/// with a message on a NULL argument or a kind mismatch.
///
/// # Safety
/// `init` must be NULL or a valid value.
#[no_mangle]
pub unsafe extern "C" fn wacapi_global_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_globaltype_t>,
    init: *const wacapi_val_t,
) -> *mut wasm_global_t {
    crate::handle::into_c(new_global(
        "wacapi_global_new",
        store,
        ty,
        init.as_ref(),
        |v, ctx, t| v.as_wasmi(ctx, t),
    ))
}

/// Reads a global of any type into `out` (a reference gets a new owned handle); false, with
/// the reason in `wacapi_last_error`, for NULL arguments or a non-global.
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_global_get(
    global: Option<&wasm_global_t>,
    out: *mut wacapi_val_t,
) -> bool {
    let global = crate::handle::live(global);
    let (Some(g), false) = (global, out.is_null()) else {
        set_last_error("wacapi_global_get: global or out is NULL");
        return false;
    };
    let Some((h, store)) = global_in_store(g, "wacapi_global_get") else {
        return false;
    };
    crate::error::guard(
        || false,
        || {
            let v = store.with(|ctx| wacapi_val_t::from_wasmi(&h.get(&ctx), store, &ctx));
            out.write(v);
            true
        },
    )
}

/// Sets a mutable global of any type; false, with the reason in `wacapi_last_error`, for
/// NULL arguments, a const global or a value of the wrong type.
///
/// # Safety
/// `val` must be NULL or a valid value.
#[no_mangle]
pub unsafe extern "C" fn wacapi_global_set(
    global: Option<&wasm_global_t>,
    val: *const wacapi_val_t,
) -> bool {
    let global = crate::handle::live(global);
    let (Some(g), Some(val)) = (global, val.as_ref()) else {
        set_last_error("wacapi_global_set: global or value is NULL");
        return false;
    };
    let Some((h, store)) = global_in_store(g, "wacapi_global_set") else {
        return false;
    };
    crate::error::guard(
        || false,
        || {
            store.with(|mut ctx| {
                let ty = h.ty(&ctx);
                if ty.mutability() == wasmi::Mutability::Const {
                    set_last_error("wacapi_global_set: global is immutable (const)");
                    return false;
                }
                let result = val
                    .as_wasmi(&mut ctx, ty.content())
                    .and_then(|v| h.set(&mut ctx, v).map_err(|e| e.to_string()));
                match result {
                    Ok(()) => true,
                    Err(e) => {
                        set_last_error(format!("wacapi_global_set: {e}"));
                        false
                    }
                }
            })
        },
    )
}

/// The wasmi global and store of a global object, or None with a message naming `what`.
fn global_in_store<'g>(
    g: &'g wasm_global_t,
    what: &str,
) -> Option<(wasmi::Global, &'g Rc<StoreInner>)> {
    let found = as_global(g).zip(g.store());
    if found.is_none() {
        set_last_error(format!(
            "{what}: expected a global, got a {}",
            g.data.kind_name()
        ));
    }
    found
}

/// Deletes what a value owns (its reference, if it is one), like `wasm_val_delete`.
///
/// # Safety
/// `val` must be NULL or a valid value.
#[no_mangle]
pub unsafe extern "C" fn wacapi_val_delete(val: *mut wacapi_val_t) {
    let Some(v) = val.as_mut() else { return };
    if v.kind == WACAPI_V128 {
        return;
    }
    let mut narrow = v.narrow();
    crate::error::guard(|| (), || narrow.release_ref());
    // SAFETY: `narrow` was made from `v`'s first 8 bytes; a reference is now NULL in it.
    v.of.i64 = unsafe { narrow.of.i64 };
}
