//! Reading the standard output and error a guest wrote to a captured stream
//! (`wacapi_wasi_stdout`, `wacapi_wasi_stderr`).

use crate::error::{guard, set_last_error};
use crate::store::{wasm_store_t, Capture, WasiState};
use crate::vec::wasm_byte_vec_t;

/// Copies a captured stream of the store's WASI context into `out`.
///
/// # Safety
/// `out` must be NULL or writable.
unsafe fn captured(
    what: &str,
    store: Option<&wasm_store_t>,
    out: *mut wasm_byte_vec_t,
    pick: fn(&WasiState) -> Option<&Capture>,
) -> bool {
    if out.is_null() {
        set_last_error(format!("{what}: out is NULL"));
        return false;
    }
    out.write(wasm_byte_vec_t::EMPTY);
    let Some(store) = store else {
        set_last_error(format!("{what}: store is NULL"));
        return false;
    };
    guard(
        || false,
        || {
            let bytes = store.inner.with(|ctx| {
                let Some(state) = &ctx.data().wasi else {
                    return Err("the store has no WASI context (wacapi_linker_define_wasi)");
                };
                let Some(buffer) = pick(state) else {
                    return Err("the stream was not configured to be captured");
                };
                // A writer that panicked left whole writes behind; its bytes are still good.
                let guard = buffer
                    .read()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                Ok(wasm_byte_vec_t::from_bytes(&guard))
            });
            match bytes {
                Ok(v) => {
                    out.write(v);
                    true
                }
                Err(e) => {
                    set_last_error(format!("{what}: {e}"));
                    false
                }
            }
        },
    )
}

/// Copies everything the guest has written so far to its captured standard output into
/// `out` (owned by the caller; empty when nothing was written). False, with `out` empty and
/// the reason in `wacapi_last_error`, when the store has no WASI context or its stdout was
/// not captured (`wacapi_wasi_config_capture_stdout`).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_wasi_stdout(
    store: Option<&wasm_store_t>,
    out: *mut wasm_byte_vec_t,
) -> bool {
    let store = crate::handle::live(store);
    captured("wacapi_wasi_stdout", store, out, |s| s.stdout.as_ref())
}

/// Like `wacapi_wasi_stdout`, for standard error (`wacapi_wasi_config_capture_stderr`).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_wasi_stderr(
    store: Option<&wasm_store_t>,
    out: *mut wasm_byte_vec_t,
) -> bool {
    let store = crate::handle::live(store);
    captured("wacapi_wasi_stderr", store, out, |s| s.stderr.as_ref())
}
