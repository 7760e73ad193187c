//! `wasm_table_t`: tables of function or external references.

use crate::error::set_last_error;
use crate::handle::Own;
use crate::r#ref::{declare_ref, wasm_ref_t, with_obj, RefData};
use crate::store::{wasm_store_t, Ctx};
use crate::types::*;
use crate::val::{wasm_val_t, wasm_val_union};

/// A table is a reference object of the table kind.
pub type wasm_table_t = wasm_ref_t;
/// wasm.h `wasm_table_size_t`.
pub type wasm_table_size_t = u32;

fn as_table(t: &wasm_table_t) -> Option<wasmi::Table> {
    match t.data {
        RefData::Table(h) => Some(h),
        _ => None,
    }
}

/// The wasmi reference for a table element of type `ty` (NULL ref → null).
fn to_wasmi_ref(
    ctx: &mut Ctx<'_>,
    ty: wasmi::RefType,
    r: *const wasm_ref_t,
) -> Result<wasmi::Ref, String> {
    let kind = match ty {
        wasmi::RefType::Func => WASM_FUNCREF,
        wasmi::RefType::Extern => WASM_EXTERNREF,
    };
    let v = wasm_val_t {
        kind,
        of: wasm_val_union {
            ref_: r as *mut wasm_ref_t,
        },
    };
    match v.as_wasmi(ctx, ty.into())? {
        wasmi::Val::FuncRef(f) => Ok(wasmi::Ref::from(f)),
        wasmi::Val::ExternRef(e) => Ok(wasmi::Ref::from(e)),
        _ => Err("not a reference".into()),
    }
}

/// Makes a table of type `ty`, every element set to `init` (NULL means null references).
///
/// # Safety
/// `init` must be NULL or a valid reference.
#[no_mangle]
pub unsafe extern "C" fn wasm_table_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_tabletype_t>,
    init: *const wasm_ref_t,
) -> Option<Own<wasm_table_t>> {
    let store = crate::handle::live(store);
    let ty = crate::handle::live(ty);
    let init = crate::handle::live_ptr(init);
    let (Some(store), Some(ty)) = (store, ty) else {
        set_last_error("wasm_table_new: store or type is NULL");
        return None;
    };
    let tt = ty.to_wasmi_table()?;
    crate::error::guard(
        || None,
        || {
            store.inner.with(|mut ctx| {
                let init = match to_wasmi_ref(&mut ctx, tt.element(), init) {
                    Ok(r) => r,
                    Err(e) => {
                        set_last_error(format!("wasm_table_new: init: {e}"));
                        return None;
                    }
                };
                match wasmi::Table::new(&mut ctx, tt, init) {
                    Ok(t) => Some(wasm_ref_t::boxed(
                        Some(store.inner.clone()),
                        RefData::Table(t),
                    )),
                    Err(e) => {
                        set_last_error(format!("wasm_table_new: {e}"));
                        None
                    }
                }
            })
        },
    )
}

/// The type of a table (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_table_type(t: Option<&wasm_table_t>) -> Option<Own<wasm_tabletype_t>> {
    let t = crate::handle::live(t);
    with_obj(
        t,
        "wasm_table_type",
        || None,
        |t| {
            let h = as_table(t)?;
            t.with_store("wasm_table_type", |ctx| tabletype_from_wasmi(&h.ty(ctx)))
        },
    )
}

/// The element at `index` as a new owned ref; NULL for a null element or out of bounds.
#[no_mangle]
pub extern "C" fn wasm_table_get(
    t: Option<&wasm_table_t>,
    index: wasm_table_size_t,
) -> Option<Own<wasm_ref_t>> {
    let t = crate::handle::live(t);
    with_obj(
        t,
        "wasm_table_get",
        || None,
        |t| {
            let h = as_table(t)?;
            let store = t.store()?;
            store.with(|ctx| {
                let Some(r) = h.get(&ctx, u64::from(index)) else {
                    set_last_error(format!("wasm_table_get: index {index} out of bounds"));
                    return None;
                };
                let v = match r {
                    wasmi::Ref::Func(f) => wasmi::Val::FuncRef(f),
                    wasmi::Ref::Extern(e) => wasmi::Val::ExternRef(e),
                };
                let out = wasm_val_t::from_wasmi(&v, store, &ctx);
                // SAFETY: a table element is a reference, so `from_wasmi` set the `ref_` member.
                let ptr = unsafe { out.of.ref_ };
                // SAFETY: non-NULL, and the new handle `from_wasmi` made is ours to own.
                (!ptr.is_null()).then(|| unsafe { Own::from_raw(ptr) })
            })
        },
    )
}

/// Sets the element at `index`; false out of bounds or for a reference of the wrong kind.
///
/// # Safety
/// `r` must be NULL or a valid reference.
#[no_mangle]
pub unsafe extern "C" fn wasm_table_set(
    t: Option<&wasm_table_t>,
    index: wasm_table_size_t,
    r: *const wasm_ref_t,
) -> bool {
    let t = crate::handle::live(t);
    let r = crate::handle::live_ptr(r);
    with_obj(
        t,
        "wasm_table_set",
        || false,
        |t| {
            let Some(h) = as_table(t) else { return false };
            t.with_store("wasm_table_set", |mut ctx| {
                let ty = h.ty(&ctx);
                let value = match to_wasmi_ref(&mut ctx, ty.element(), r) {
                    Ok(v) => v,
                    Err(e) => {
                        set_last_error(format!("wasm_table_set: {e}"));
                        return false;
                    }
                };
                match h.set(&mut ctx, u64::from(index), value) {
                    Ok(()) => true,
                    Err(e) => {
                        set_last_error(format!("wasm_table_set: index {index}: {e}"));
                        false
                    }
                }
            })
            .unwrap_or(false)
        },
    )
}

/// The number of elements (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_table_size(t: Option<&wasm_table_t>) -> wasm_table_size_t {
    let t = crate::handle::live(t);
    with_obj(
        t,
        "wasm_table_size",
        || 0,
        |t| {
            let Some(h) = as_table(t) else { return 0 };
            t.with_store("wasm_table_size", |ctx| {
                u32::try_from(h.size(ctx)).unwrap_or(u32::MAX)
            })
            .unwrap_or(0)
        },
    )
}

/// Grows by `delta` elements set to `init`; false past the maximum.
///
/// # Safety
/// `init` must be NULL or a valid reference.
#[no_mangle]
pub unsafe extern "C" fn wasm_table_grow(
    t: Option<&wasm_table_t>,
    delta: wasm_table_size_t,
    init: *const wasm_ref_t,
) -> bool {
    let t = crate::handle::live(t);
    let init = crate::handle::live_ptr(init);
    with_obj(
        t,
        "wasm_table_grow",
        || false,
        |t| {
            let Some(h) = as_table(t) else { return false };
            t.with_store("wasm_table_grow", |mut ctx| {
                let ty = h.ty(&ctx);
                let value = match to_wasmi_ref(&mut ctx, ty.element(), init) {
                    Ok(v) => v,
                    Err(e) => {
                        set_last_error(format!("wasm_table_grow: init: {e}"));
                        return false;
                    }
                };
                match h.grow(&mut ctx, u64::from(delta), value) {
                    Ok(_) => true,
                    Err(e) => {
                        set_last_error(format!("wasm_table_grow: by {delta}: {e}"));
                        false
                    }
                }
            })
            .unwrap_or(false)
        },
    )
}

declare_ref!(table);
