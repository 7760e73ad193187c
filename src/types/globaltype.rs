//! `wasm_globaltype_t`: content type and mutability of a global.

use super::{declare_type_own, wasm_externtype_t, wasm_valtype_t, ExternTypeData};
use crate::error::set_last_error;
use crate::handle::Own;

/// A global type is an extern type of the global kind.
pub type wasm_globaltype_t = wasm_externtype_t;
/// wasm.h `wasm_mutability_t`.
pub type wasm_mutability_t = u8;
/// `WASM_CONST`.
pub const WASM_CONST: wasm_mutability_t = 0;
/// `WASM_VAR`.
pub const WASM_VAR: wasm_mutability_t = 1;

/// The wasm.h global type of a wasmi global type.
pub(crate) fn globaltype_from_wasmi(ty: &wasmi::GlobalType) -> Own<wasm_globaltype_t> {
    let mutability = match ty.mutability() {
        wasmi::Mutability::Const => WASM_CONST,
        wasmi::Mutability::Var => WASM_VAR,
    };
    Own::new(wasm_externtype_t {
        which: ExternTypeData::Global {
            content: wasm_valtype_t::from_wasmi(ty.content()),
            mutability,
        },
    })
}

impl wasm_externtype_t {
    /// Content type and mutability of a global type.
    pub(crate) fn as_global(&self) -> Option<(&wasm_valtype_t, wasm_mutability_t)> {
        match &self.which {
            ExternTypeData::Global {
                content,
                mutability,
            } => Some((content, *mutability)),
            _ => None,
        }
    }
}

/// Makes a global type, taking ownership of `content`; a bad mutability gives NULL.
#[no_mangle]
pub extern "C" fn wasm_globaltype_new(
    content: Option<Own<wasm_valtype_t>>,
    mutability: wasm_mutability_t,
) -> Option<Own<wasm_globaltype_t>> {
    crate::error::guard(
        || None,
        || {
            let content = crate::handle::live_own(content);
            let Some(content) = content else {
                set_last_error("wasm_globaltype_new: content type is NULL");
                return None;
            };
            if mutability > WASM_VAR {
                set_last_error(format!(
                    "wasm_globaltype_new: {mutability} is not a mutability"
                ));
                return None;
            }
            Some(Own::new(wasm_externtype_t {
                which: ExternTypeData::Global {
                    content,
                    mutability,
                },
            }))
        },
    )
}

/// The content type (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_globaltype_content(
    ty: Option<&wasm_globaltype_t>,
) -> Option<&wasm_valtype_t> {
    let ty = crate::handle::live(ty);
    crate::error::need(
        ty.and_then(|t| t.as_global()).map(|(c, _)| c),
        "wasm_globaltype_content",
    )
}

/// The mutability (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_globaltype_mutability(ty: Option<&wasm_globaltype_t>) -> wasm_mutability_t {
    let ty = crate::handle::live(ty);
    crate::error::need(ty.and_then(|t| t.as_global()), "wasm_globaltype_mutability")
        .map_or(0, |(_, m)| m)
}

declare_type_own!(
    wasm_externtype_t,
    wasm_globaltype_delete,
    wasm_globaltype_copy
);
