//! `wasm_importtype_t`: module name, field name and type of an import.

use super::{declare_type_own, wasm_externtype_t};
use crate::error::set_last_error;
use crate::handle::Own;
use crate::vec::{wasm_byte_vec_t, OwnedName};

/// One import of a module.
#[derive(Clone)]
pub struct wasm_importtype_t {
    pub(crate) module: OwnedName,
    pub(crate) name: OwnedName,
    pub(crate) ty: Own<wasm_externtype_t>,
}

crate::handle::handle_type!(wasm_importtype_t = ImportType);

/// Makes an import type, taking ownership of both names and the type.
///
/// # Safety
/// The names must be NULL or valid byte vectors owned by the caller.
#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_new(
    module: *mut wasm_byte_vec_t,
    name: *mut wasm_byte_vec_t,
    ty: Option<Own<wasm_externtype_t>>,
) -> Option<Own<wasm_importtype_t>> {
    crate::error::guard(
        || None,
        || {
            let ty = crate::handle::live_own(ty);
            // Ownership of every non-NULL argument passes to us, also when we fail.
            let take = |v: *mut wasm_byte_vec_t| {
                v.as_mut()
                    .map(|v| OwnedName(std::mem::replace(v, wasm_byte_vec_t::EMPTY)))
            };
            let (Some(module), Some(name), Some(ty)) = (take(module), take(name), ty) else {
                set_last_error("wasm_importtype_new: module, name or type is NULL");
                return None;
            };
            Some(Own::new(wasm_importtype_t { module, name, ty }))
        },
    )
}

/// The module name (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_importtype_module(
    t: Option<&wasm_importtype_t>,
) -> Option<&wasm_byte_vec_t> {
    let t = crate::handle::live(t);
    crate::error::need(t.map(|t| &t.module.0), "wasm_importtype_module")
}

/// The field name (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_importtype_name(t: Option<&wasm_importtype_t>) -> Option<&wasm_byte_vec_t> {
    let t = crate::handle::live(t);
    crate::error::need(t.map(|t| &t.name.0), "wasm_importtype_name")
}

/// The imported type (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_importtype_type(
    t: Option<&wasm_importtype_t>,
) -> Option<&wasm_externtype_t> {
    let t = crate::handle::live(t);
    crate::error::need(t.map(|t| &*t.ty), "wasm_importtype_type")
}

declare_type_own!(
    wasm_importtype_t,
    wasm_importtype_delete,
    wasm_importtype_copy
);
