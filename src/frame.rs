//! `wasm_frame_t`: a frame of a trap's backtrace.
//!
//! wasmi records no backtraces, so no frame is ever produced by the library; the functions
//! exist, work on frames a host might copy around, and are NULL-safe.

use crate::handle::Own;
use crate::r#ref::wasm_ref_t;

/// A stack frame (never produced by wasmi; kept for the complete surface).
#[derive(Clone)]
pub struct wasm_frame_t {
    pub(crate) instance: Option<Own<wasm_ref_t>>,
    pub(crate) func_index: u32,
    pub(crate) func_offset: usize,
    pub(crate) module_offset: usize,
}

crate::handle::handle_type!(wasm_frame_t = Frame);

/// Deletes a frame (NULL is a no-op).
#[no_mangle]
pub extern "C" fn wasm_frame_delete(frame: Option<Own<wasm_frame_t>>) {
    let frame = crate::handle::live_own(frame);
    drop(frame);
}

/// Copies a frame (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_frame_copy(frame: Option<&wasm_frame_t>) -> Option<Own<wasm_frame_t>> {
    crate::error::guard(
        || None,
        || {
            let frame = crate::handle::live(frame);
            frame.map(|f| Own::new(f.clone()))
        },
    )
}

/// The instance of the frame, borrowed from the frame (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_frame_instance(frame: Option<&wasm_frame_t>) -> *mut wasm_ref_t {
    let frame = crate::handle::live(frame);
    frame
        .and_then(|f| f.instance.as_deref())
        .map_or(std::ptr::null_mut(), |i| {
            i as *const wasm_ref_t as *mut wasm_ref_t
        })
}

/// The function index of the frame (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_frame_func_index(frame: Option<&wasm_frame_t>) -> u32 {
    let frame = crate::handle::live(frame);
    frame.map_or(0, |f| f.func_index)
}

/// The offset within the function (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_frame_func_offset(frame: Option<&wasm_frame_t>) -> usize {
    let frame = crate::handle::live(frame);
    frame.map_or(0, |f| f.func_offset)
}

/// The offset within the module (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_frame_module_offset(frame: Option<&wasm_frame_t>) -> usize {
    let frame = crate::handle::live(frame);
    frame.map_or(0, |f| f.module_offset)
}

crate::vec::declare_vec!(
    wasm_frame_vec_t,
    Option<Own<wasm_frame_t>>,
    wasm_frame_vec_new_empty,
    wasm_frame_vec_new_uninitialized,
    wasm_frame_vec_new,
    wasm_frame_vec_copy,
    wasm_frame_vec_delete
);
