//! `wasm_global_t`: global variables made by the host or exported by instances.

use crate::error::set_last_error;
use crate::handle::Own;
use crate::r#ref::{declare_ref, wasm_ref_t, with_obj, RefData};
use crate::store::{wasm_store_t, Ctx};
use crate::types::*;
use crate::val::wasm_val_t;

/// A global is a reference object of the global kind.
pub type wasm_global_t = wasm_ref_t;

pub(crate) fn as_global(g: &wasm_global_t) -> Option<wasmi::Global> {
    match g.data {
        RefData::Global(h) => Some(h),
        _ => None,
    }
}

/// Makes a global of type `ty` holding `init` (NULL with a message on a kind mismatch).
///
/// # Safety
/// `init` must be NULL or a valid value.
#[no_mangle]
pub unsafe extern "C" fn wasm_global_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_globaltype_t>,
    init: *const wasm_val_t,
) -> Option<Own<wasm_global_t>> {
    new_global("wasm_global_new", store, ty, init.as_ref(), |v, ctx, t| {
        v.as_wasmi(ctx, t)
    })
}

/// The making of a global shared by `wasm_global_new` and `wacapi_global_new`, which differ
/// only in how the initial value (`V`) becomes a wasmi value; `what` names the caller.
pub(crate) fn new_global<V>(
    what: &str,
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_globaltype_t>,
    init: Option<&V>,
    convert: impl FnOnce(&V, &mut Ctx<'_>, wasmi::ValType) -> Result<wasmi::Val, String>,
) -> Option<Own<wasm_global_t>> {
    let store = crate::handle::live(store);
    let ty = crate::handle::live(ty);
    let (Some(store), Some(ty), Some(init)) = (store, ty, init) else {
        set_last_error(format!("{what}: store, type or value is NULL"));
        return None;
    };
    let Some((content, mutability)) = ty.as_global() else {
        set_last_error(format!("{what}: type is not a global type"));
        return None;
    };
    let mutability = if mutability == WASM_VAR {
        wasmi::Mutability::Var
    } else {
        wasmi::Mutability::Const
    };
    crate::error::guard(
        || None,
        || {
            store.inner.with(|mut ctx| {
                let val = match convert(init, &mut ctx, content.to_wasmi()) {
                    Ok(v) => v,
                    Err(e) => {
                        set_last_error(format!("{what}: {e}"));
                        return None;
                    }
                };
                let g = wasmi::Global::new(&mut ctx, val, mutability);
                Some(wasm_ref_t::boxed(
                    Some(store.inner.clone()),
                    RefData::Global(g),
                ))
            })
        },
    )
}

/// The type of a global (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_global_type(g: Option<&wasm_global_t>) -> Option<Own<wasm_globaltype_t>> {
    let g = crate::handle::live(g);
    with_obj(
        g,
        "wasm_global_type",
        || None,
        |g| {
            let h = as_global(g)?;
            g.with_store("wasm_global_type", |ctx| globaltype_from_wasmi(&h.ty(ctx)))
        },
    )
}

/// Reads the global's value into `out` (a reference value gets a new owned handle). A v128
/// global gives kind `WACAPI_V128` with a zero payload and a message: use `wacapi_global_get`.
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wasm_global_get(g: Option<&wasm_global_t>, out: *mut wasm_val_t) {
    let g = crate::handle::live(g);
    if out.is_null() {
        return;
    }
    let v = with_obj(
        g,
        "wasm_global_get",
        || None,
        |g| {
            let h = as_global(g)?;
            let store = g.store()?;
            let value = store.with(|ctx| h.get(&ctx));
            if matches!(value, wasmi::Val::V128(_)) {
                set_last_error(format!("wasm_global_get: {}", crate::val::V128_IN_WASM_VAL));
            }
            Some(store.with(|ctx| wasm_val_t::from_wasmi(&value, store, &ctx)))
        },
    );
    out.write(v.unwrap_or(wasm_val_t::zero(WASM_I32)));
}

/// Sets the global; a const global or a value of the wrong kind is refused (see
/// `wacapi_last_error`).
///
/// # Safety
/// `val` must be NULL or a valid value.
#[no_mangle]
pub unsafe extern "C" fn wasm_global_set(g: Option<&wasm_global_t>, val: *const wasm_val_t) {
    let g = crate::handle::live(g);
    let Some(val) = val.as_ref() else {
        set_last_error("wasm_global_set: value is NULL");
        return;
    };
    with_obj(
        g,
        "wasm_global_set",
        || (),
        |g| {
            let Some(h) = as_global(g) else { return };
            g.with_store("wasm_global_set", |mut ctx| {
                let ty = h.ty(&ctx);
                if ty.mutability() == wasmi::Mutability::Const {
                    set_last_error("wasm_global_set: global is immutable (const)");
                    return;
                }
                match val.as_wasmi(&mut ctx, ty.content()) {
                    Ok(v) => {
                        if let Err(e) = h.set(&mut ctx, v) {
                            set_last_error(format!("wasm_global_set: {e}"));
                        }
                    }
                    Err(e) => set_last_error(format!("wasm_global_set: {e}")),
                }
            });
        },
    )
}

declare_ref!(global);
