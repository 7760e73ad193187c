//! `wasm_memorytype_t`: page limits of a linear memory.

use super::{declare_type_own, wasm_externtype_t, wasm_limits_t, ExternTypeData};
use crate::error::set_last_error;
use crate::handle::Own;

/// A memory type is an extern type of the memory kind.
pub type wasm_memorytype_t = wasm_externtype_t;

/// The wasm.h memory type of a wasmi memory type.
pub(crate) fn memorytype_from_wasmi(ty: &wasmi::MemoryType) -> Own<wasm_memorytype_t> {
    Own::new(wasm_externtype_t {
        which: ExternTypeData::Memory {
            limits: wasm_limits_t::from_wasmi(ty.minimum(), ty.maximum()),
        },
    })
}

impl wasm_externtype_t {
    /// Limits of a memory type.
    pub(crate) fn as_memory(&self) -> Option<&wasm_limits_t> {
        match &self.which {
            ExternTypeData::Memory { limits } => Some(limits),
            _ => None,
        }
    }

    /// The wasmi memory type (None with a message for impossible limits).
    pub(crate) fn to_wasmi_memory(&self) -> Option<wasmi::MemoryType> {
        let limits = self.as_memory()?;
        let mut b = wasmi::MemoryType::builder();
        b.min(u64::from(limits.min))
            .max(limits.max_opt().map(u64::from));
        match b.build() {
            Ok(t) => Some(t),
            Err(e) => {
                set_last_error(format!("invalid memory limits: {e}"));
                None
            }
        }
    }
}

/// Makes a memory type (NULL for NULL limits).
///
/// # Safety
/// `limits` must be NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn wasm_memorytype_new(
    limits: Option<&wasm_limits_t>,
) -> Option<Own<wasm_memorytype_t>> {
    crate::error::guard(
        || None,
        || {
            let Some(limits) = limits else {
                set_last_error("wasm_memorytype_new: limits is NULL");
                return None;
            };
            Some(Own::new(wasm_externtype_t {
                which: ExternTypeData::Memory { limits: *limits },
            }))
        },
    )
}

/// The limits (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_memorytype_limits(ty: Option<&wasm_memorytype_t>) -> Option<&wasm_limits_t> {
    let ty = crate::handle::live(ty);
    crate::error::need(ty.and_then(|t| t.as_memory()), "wasm_memorytype_limits")
}

declare_type_own!(
    wasm_externtype_t,
    wasm_memorytype_delete,
    wasm_memorytype_copy
);
