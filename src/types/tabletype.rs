//! `wasm_tabletype_t`: element type and limits of a table.

use super::{declare_type_own, wasm_externtype_t, wasm_limits_t, wasm_valtype_t, ExternTypeData};
use crate::error::set_last_error;
use crate::handle::Own;

/// A table type is an extern type of the table kind.
pub type wasm_tabletype_t = wasm_externtype_t;

/// The wasm.h table type of a wasmi table type.
pub(crate) fn tabletype_from_wasmi(ty: &wasmi::TableType) -> Own<wasm_tabletype_t> {
    Own::new(wasm_externtype_t {
        which: ExternTypeData::Table {
            element: wasm_valtype_t::from_wasmi(ty.element().into()),
            limits: wasm_limits_t::from_wasmi(ty.minimum(), ty.maximum()),
        },
    })
}

impl wasm_externtype_t {
    /// Element type and limits of a table type.
    pub(crate) fn as_table(&self) -> Option<(&wasm_valtype_t, &wasm_limits_t)> {
        match &self.which {
            ExternTypeData::Table { element, limits } => Some((element, limits)),
            _ => None,
        }
    }

    /// The wasmi table type (None with a message for a non-reference element).
    pub(crate) fn to_wasmi_table(&self) -> Option<wasmi::TableType> {
        let (element, limits) = self.as_table()?;
        let Some(rt) = element.to_wasmi().as_ref() else {
            set_last_error("table element type must be funcref or externref");
            return None;
        };
        if limits.max_opt().is_some_and(|m| m < limits.min) {
            set_last_error("table limits: maximum is below minimum");
            return None;
        }
        Some(wasmi::TableType::new(rt, limits.min, limits.max_opt()))
    }
}

/// Makes a table type, taking ownership of `element`; NULL for a missing part or a
/// non-reference element type.
///
/// # Safety
/// `limits` must be NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_new(
    element: Option<Own<wasm_valtype_t>>,
    limits: Option<&wasm_limits_t>,
) -> Option<Own<wasm_tabletype_t>> {
    crate::error::guard(
        || None,
        || {
            let element = crate::handle::live_own(element);
            let (Some(element), Some(limits)) = (element, limits) else {
                set_last_error("wasm_tabletype_new: element type or limits is NULL");
                return None;
            };
            if !element.to_wasmi().is_ref() {
                set_last_error("wasm_tabletype_new: element type must be funcref or externref");
                return None;
            }
            Some(Own::new(wasm_externtype_t {
                which: ExternTypeData::Table {
                    element,
                    limits: *limits,
                },
            }))
        },
    )
}

/// The element type (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_tabletype_element(ty: Option<&wasm_tabletype_t>) -> Option<&wasm_valtype_t> {
    let ty = crate::handle::live(ty);
    crate::error::need(
        ty.and_then(|t| t.as_table()).map(|(e, _)| e),
        "wasm_tabletype_element",
    )
}

/// The limits (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_tabletype_limits(ty: Option<&wasm_tabletype_t>) -> Option<&wasm_limits_t> {
    let ty = crate::handle::live(ty);
    crate::error::need(
        ty.and_then(|t| t.as_table()).map(|(_, l)| l),
        "wasm_tabletype_limits",
    )
}

declare_type_own!(
    wasm_externtype_t,
    wasm_tabletype_delete,
    wasm_tabletype_copy
);
