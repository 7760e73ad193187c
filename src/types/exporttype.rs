//! `wasm_exporttype_t`: name and type of an export.

use super::{declare_type_own, wasm_externtype_t};
use crate::error::set_last_error;
use crate::handle::Own;
use crate::vec::{wasm_byte_vec_t, OwnedName};

/// One export of a module.
#[derive(Clone)]
pub struct wasm_exporttype_t {
    pub(crate) name: OwnedName,
    pub(crate) ty: Own<wasm_externtype_t>,
}

crate::handle::handle_type!(wasm_exporttype_t = ExportType);

/// Makes an export type, taking ownership of the name and the type.
///
/// # Safety
/// `name` must be NULL or a valid byte vector owned by the caller.
#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_new(
    name: *mut wasm_byte_vec_t,
    ty: Option<Own<wasm_externtype_t>>,
) -> Option<Own<wasm_exporttype_t>> {
    crate::error::guard(
        || None,
        || {
            let ty = crate::handle::live_own(ty);
            // Ownership of every non-NULL argument passes to us, also when we fail.
            let name = name
                .as_mut()
                .map(|n| OwnedName(std::mem::replace(n, wasm_byte_vec_t::EMPTY)));
            let (Some(name), Some(ty)) = (name, ty) else {
                set_last_error("wasm_exporttype_new: name or type is NULL");
                return None;
            };
            Some(Own::new(wasm_exporttype_t { name, ty }))
        },
    )
}

/// The export name (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_exporttype_name(t: Option<&wasm_exporttype_t>) -> Option<&wasm_byte_vec_t> {
    let t = crate::handle::live(t);
    crate::error::need(t.map(|t| &t.name.0), "wasm_exporttype_name")
}

/// The exported type (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_exporttype_type(
    t: Option<&wasm_exporttype_t>,
) -> Option<&wasm_externtype_t> {
    let t = crate::handle::live(t);
    crate::error::need(t.map(|t| &*t.ty), "wasm_exporttype_type")
}

declare_type_own!(
    wasm_exporttype_t,
    wasm_exporttype_delete,
    wasm_exporttype_copy
);
