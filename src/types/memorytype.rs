//! `wasm_memorytype_t`: page limits of a linear memory.

use super::{declare_type_own, wasm_externtype_t, wasm_limits_t, ExternTypeData};
use crate::error::set_last_error;
use crate::handle::Own;

/// A memory type is an extern type of the memory kind.
pub type wasm_memorytype_t = wasm_externtype_t;

/// The full limits of a memory type: 64-bit page counts and the index type. wasm.h's
/// `wasm_limits_t` has 32-bit fields, so it is only a view of these (see
/// [`MemoryLimits::fits_wasm_limits`]); the wacapi.h memory64 functions read these directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MemoryLimits {
    pub(crate) min: u64,
    pub(crate) max: Option<u64>,
    pub(crate) is64: bool,
}

impl MemoryLimits {
    /// Whether `wasm_limits_t` can express these limits exactly (u32::MAX means "no maximum"
    /// there, so a maximum of exactly u32::MAX pages does not fit either).
    pub(crate) fn fits_wasm_limits(&self) -> bool {
        self.min <= u64::from(u32::MAX) && self.max.is_none_or(|m| m < u64::from(u32::MAX))
    }

    /// The wasmi memory type (None with a message for impossible limits).
    pub(crate) fn to_wasmi(self) -> Option<wasmi::MemoryType> {
        let mut b = wasmi::MemoryType::builder();
        b.memory64(self.is64).min(self.min).max(self.max);
        match b.build() {
            Ok(t) => Some(t),
            Err(e) => {
                set_last_error(format!("invalid memory limits: {e}"));
                None
            }
        }
    }
}

/// A memory type object for `full` limits.
pub(crate) fn memorytype_of(full: MemoryLimits) -> Own<wasm_memorytype_t> {
    Own::new(wasm_externtype_t {
        which: ExternTypeData::Memory {
            limits: wasm_limits_t::from_wasmi(full.min, full.max),
            full,
        },
    })
}

/// The wasm.h memory type of a wasmi memory type.
pub(crate) fn memorytype_from_wasmi(ty: &wasmi::MemoryType) -> Own<wasm_memorytype_t> {
    memorytype_of(MemoryLimits {
        min: ty.minimum(),
        max: ty.maximum(),
        is64: ty.is_64(),
    })
}

impl wasm_externtype_t {
    /// The 32-bit limits view of a memory type.
    pub(crate) fn as_memory(&self) -> Option<&wasm_limits_t> {
        match &self.which {
            ExternTypeData::Memory { limits, .. } => Some(limits),
            _ => None,
        }
    }

    /// The full limits of a memory type.
    pub(crate) fn memory_limits(&self) -> Option<MemoryLimits> {
        match &self.which {
            ExternTypeData::Memory { full, .. } => Some(*full),
            _ => None,
        }
    }

    /// The wasmi memory type (None with a message for impossible limits).
    pub(crate) fn to_wasmi_memory(&self) -> Option<wasmi::MemoryType> {
        self.memory_limits()?.to_wasmi()
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
            Some(memorytype_of(MemoryLimits {
                min: u64::from(limits.min),
                max: limits.max_opt().map(u64::from),
                is64: false,
            }))
        },
    )
}

/// The limits (NULL for NULL). A 64-bit memory whose page counts `wasm_limits_t`'s 32-bit
/// fields cannot express gives NULL and a message pointing to `wacapi_memorytype_minimum`
/// and `_maximum` (a saturated value would silently lie).
#[no_mangle]
pub extern "C" fn wasm_memorytype_limits(ty: Option<&wasm_memorytype_t>) -> Option<&wasm_limits_t> {
    let ty = crate::handle::live(ty);
    let full = ty.and_then(|t| t.memory_limits());
    if let Some(full) = full.filter(|f| !f.fits_wasm_limits()) {
        set_last_error(format!(
            "wasm_memorytype_limits: the limits of this 64-bit memory (min {}, max {}) do not \
             fit wasm_limits_t's 32 bits; use wacapi_memorytype_minimum/_maximum",
            full.min,
            full.max.map_or("none".to_string(), |m| m.to_string())
        ));
        return None;
    }
    crate::error::need(ty.and_then(|t| t.as_memory()), "wasm_memorytype_limits")
}

declare_type_own!(
    wasm_externtype_t,
    wasm_memorytype_delete,
    wasm_memorytype_copy
);
