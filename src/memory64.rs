//! memory64 through wacapi.h: memory types with 64-bit page counts and an i64 index.
//!
//! wasm.h's `wasm_limits_t` has 32-bit fields and no index type, so `wasm_memorytype_limits`
//! refuses (NULL and a message) limits it cannot express, and these functions make and read
//! memory types in full, like wasmtime's `wasmtime_memorytype_*`.

use crate::error::set_last_error;
use crate::types::{memorytype_of, wasm_memorytype_t, MemoryLimits};

/// Makes a memory type from 64-bit page counts (`has_max` false: no maximum) for a 32-bit
/// (`is64` false) or 64-bit memory; NULL with a message for limits no memory can have
/// (maximum below minimum, beyond the index type's range).
#[no_mangle]
pub extern "C" fn wacapi_memorytype_new64(
    min: u64,
    has_max: bool,
    max: u64,
    is64: bool,
) -> *mut wasm_memorytype_t {
    crate::handle::into_c(crate::error::guard(
        || None,
        || {
            let full = MemoryLimits {
                min,
                max: has_max.then_some(max),
                is64,
            };
            if full.max.is_some_and(|m| m < min) {
                set_last_error(format!(
                    "wacapi_memorytype_new64: maximum {max} is below minimum {min}"
                ));
                return None;
            }
            // wasmi's own checks of the page-count range of the index type.
            full.to_wasmi()?;
            Some(memorytype_of(full))
        },
    ))
}

/// Whether a memory type is of a 64-bit memory (false for NULL or a non-memory type).
#[no_mangle]
pub extern "C" fn wacapi_memorytype_is64(ty: Option<&wasm_memorytype_t>) -> bool {
    limits_of(ty, "wacapi_memorytype_is64").is_some_and(|l| l.is64)
}

/// The minimum page count of a memory type in full (0 for NULL or a non-memory type).
#[no_mangle]
pub extern "C" fn wacapi_memorytype_minimum(ty: Option<&wasm_memorytype_t>) -> u64 {
    limits_of(ty, "wacapi_memorytype_minimum").map_or(0, |l| l.min)
}

/// Writes the maximum page count of a memory type to `out` and returns true; false when it
/// has no maximum (or for NULL arguments, with a message).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_memorytype_maximum(
    ty: Option<&wasm_memorytype_t>,
    out: *mut u64,
) -> bool {
    let Some(limits) = limits_of(ty, "wacapi_memorytype_maximum") else {
        return false;
    };
    if out.is_null() {
        set_last_error("wacapi_memorytype_maximum: out is NULL");
        return false;
    }
    match limits.max {
        Some(m) => {
            // SAFETY: non-NULL and writable by the caller's promise.
            unsafe { out.write(m) };
            true
        }
        None => false,
    }
}

/// The full limits of a live memory type, or None with a message naming `what`.
fn limits_of(ty: Option<&wasm_memorytype_t>, what: &str) -> Option<MemoryLimits> {
    let Some(ty) = crate::handle::live(ty) else {
        set_last_error(format!("{what}: type is NULL"));
        return None;
    };
    let limits = ty.memory_limits();
    if limits.is_none() {
        set_last_error(format!("{what}: not a memory type"));
    }
    limits
}
