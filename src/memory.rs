//! `wasm_memory_t`: linear memories.

use crate::error::set_last_error;
use crate::handle::Own;
use crate::r#ref::{declare_ref, wasm_ref_t, with_obj, RefData};
use crate::store::wasm_store_t;
use crate::types::*;

/// A memory is a reference object of the memory kind.
pub type wasm_memory_t = wasm_ref_t;
/// wasm.h `wasm_memory_pages_t`.
pub type wasm_memory_pages_t = u32;

fn as_memory(m: &wasm_memory_t) -> Option<wasmi::Memory> {
    match m.data {
        RefData::Memory(h) => Some(h),
        _ => None,
    }
}

/// Makes a memory of type `ty` (NULL with a message for impossible limits).
#[no_mangle]
pub extern "C" fn wasm_memory_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_memorytype_t>,
) -> Option<Own<wasm_memory_t>> {
    let store = crate::handle::live(store);
    let ty = crate::handle::live(ty);
    let (Some(store), Some(ty)) = (store, ty) else {
        set_last_error("wasm_memory_new: store or type is NULL");
        return None;
    };
    let Some(mt) = ty.to_wasmi_memory() else {
        if ty.as_memory().is_none() {
            set_last_error("wasm_memory_new: type is not a memory type");
        }
        return None;
    };
    crate::error::guard(
        || None,
        || {
            store.inner.with(|ctx| match wasmi::Memory::new(ctx, mt) {
                Ok(m) => Some(wasm_ref_t::boxed(
                    Some(store.inner.clone()),
                    RefData::Memory(m),
                )),
                Err(e) => {
                    set_last_error(format!("wasm_memory_new: {e}"));
                    None
                }
            })
        },
    )
}

/// The type of a memory (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_memory_type(m: Option<&wasm_memory_t>) -> Option<Own<wasm_memorytype_t>> {
    let m = crate::handle::live(m);
    with_obj(
        m,
        "wasm_memory_type",
        || None,
        |m| {
            let h = as_memory(m)?;
            m.with_store("wasm_memory_type", |ctx| memorytype_from_wasmi(&h.ty(ctx)))
        },
    )
}

/// The start of linear memory; valid until the memory grows (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_memory_data(m: Option<&wasm_memory_t>) -> *mut u8 {
    let m = crate::handle::live(m);
    with_obj(m, "wasm_memory_data", std::ptr::null_mut, |m| {
        let Some(h) = as_memory(m) else {
            return std::ptr::null_mut();
        };
        m.with_store("wasm_memory_data", |ctx| h.data_ptr(ctx))
            .unwrap_or(std::ptr::null_mut())
    })
}

/// The size of linear memory in bytes (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_memory_data_size(m: Option<&wasm_memory_t>) -> usize {
    let m = crate::handle::live(m);
    with_obj(
        m,
        "wasm_memory_data_size",
        || 0,
        |m| {
            let Some(h) = as_memory(m) else { return 0 };
            m.with_store("wasm_memory_data_size", |ctx| h.data_size(ctx))
                .unwrap_or(0)
        },
    )
}

/// The size in 64 KiB pages (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_memory_size(m: Option<&wasm_memory_t>) -> wasm_memory_pages_t {
    let m = crate::handle::live(m);
    with_obj(
        m,
        "wasm_memory_size",
        || 0,
        |m| {
            let Some(h) = as_memory(m) else { return 0 };
            m.with_store("wasm_memory_size", |ctx| {
                u32::try_from(h.size(ctx)).unwrap_or(u32::MAX)
            })
            .unwrap_or(0)
        },
    )
}

/// Grows by `delta` pages; false (with a message) past the maximum.
#[no_mangle]
pub extern "C" fn wasm_memory_grow(m: Option<&wasm_memory_t>, delta: wasm_memory_pages_t) -> bool {
    let m = crate::handle::live(m);
    with_obj(
        m,
        "wasm_memory_grow",
        || false,
        |m| {
            let Some(h) = as_memory(m) else { return false };
            m.with_store("wasm_memory_grow", |ctx| {
                match h.grow(ctx, u64::from(delta)) {
                    Ok(_) => true,
                    Err(e) => {
                        set_last_error(format!("wasm_memory_grow: by {delta} pages: {e}"));
                        false
                    }
                }
            })
            .unwrap_or(false)
        },
    )
}

declare_ref!(memory);
