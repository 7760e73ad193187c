//! `wacapi_trap_exit_code`: tells a WASI `proc_exit` apart from a real trap.

use crate::trap::{trap_data, wasm_trap_t};

/// If `trap` ended the guest through `proc_exit(code)`, stores `code` and returns true
/// (also for exit code 0); returns false for a real trap, NULL, or a NULL `code`.
/// WASI allows exit codes 0..=125: a guest's `proc_exit(126)` or above is a real trap
/// ("exit with invalid exit status outside of [0..126)"), as in wasi-common.
///
/// # Safety
/// `trap` must be NULL or a valid trap; `code` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_trap_exit_code(trap: *const wasm_trap_t, code: *mut i32) -> bool {
    let trap = crate::handle::live_ptr(trap);
    let Some(exit) = trap.as_ref().and_then(trap_data).and_then(|d| d.exit_code) else {
        return false;
    };
    if code.is_null() {
        return false;
    }
    code.write(exit);
    true
}
