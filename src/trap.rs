//! `wasm_trap_t`: an error that ends a call, with a readable message.
//!
//! A trap made by the host keeps its message bytes exactly; a trap made by the engine carries
//! wasmi's text plus a terminating NUL counted in `size` (as the reference implementation
//! does). `wasm_trap_message` always stores one extra, uncounted NUL after the bytes so that
//! printing `data` with `%s` is safe. wasmi keeps no backtrace: `wasm_trap_origin` is NULL and
//! `wasm_trap_trace` empty.

pub(crate) use crate::entity::{HostTrap, TrapData};
use crate::error::set_last_error;
use crate::frame::wasm_frame_t;
use crate::frame::wasm_frame_vec_t;
use crate::handle::Own;
use crate::r#ref::{declare_ref, wasm_ref_t, RefData};
use crate::store::{wasm_store_t, StoreInner};
use crate::vec::wasm_byte_vec_t;
use std::rc::Rc;
use std::sync::Arc;

/// A trap is a reference object of the trap kind.
pub type wasm_trap_t = wasm_ref_t;

/// A boxed trap object in `store`.
pub(crate) fn new_trap(store: &Rc<StoreInner>, data: Arc<TrapData>) -> Own<wasm_trap_t> {
    wasm_ref_t::boxed(Some(store.clone()), RefData::Trap(data))
}

/// The trap data of a trap object.
pub(crate) fn trap_data(t: &wasm_trap_t) -> Option<&Arc<TrapData>> {
    match &t.data {
        RefData::Trap(d) => Some(d),
        _ => None,
    }
}

declare_ref!(trap);

/// Makes a trap whose message is exactly `message`'s bytes (NULL store gives NULL).
///
/// # Safety
/// `message` must be NULL or a valid byte vector.
#[no_mangle]
pub unsafe extern "C" fn wasm_trap_new(
    store: Option<&wasm_store_t>,
    message: *const wasm_byte_vec_t,
) -> Option<Own<wasm_trap_t>> {
    let store = crate::handle::live(store);
    let Some(store) = store else {
        set_last_error("wasm_trap_new: store is NULL");
        return None;
    };
    let bytes = message
        .as_ref()
        .map(|m| m.bytes().to_vec())
        .unwrap_or_default();
    Some(new_trap(&store.inner, TrapData::new(bytes, None)))
}

/// Writes the trap's message to `out` (with one extra NUL after it, not counted).
///
/// # Safety
/// `out` must be writable; `trap` NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn wasm_trap_message(trap: Option<&wasm_trap_t>, out: *mut wasm_byte_vec_t) {
    crate::error::guard(
        || (),
        || {
            let trap = crate::handle::live(trap);
            if out.is_null() {
                return;
            }
            let v = match trap.and_then(trap_data) {
                Some(d) => wasm_byte_vec_t::from_bytes(&d.message),
                None => wasm_byte_vec_t::EMPTY,
            };
            out.write(v);
        },
    )
}

/// Always NULL: wasmi keeps no backtrace.
#[no_mangle]
pub extern "C" fn wasm_trap_origin(_trap: Option<&wasm_trap_t>) -> Option<Own<wasm_frame_t>> {
    let _trap = crate::handle::live(_trap);
    None
}

/// Always the empty vector: wasmi keeps no backtrace.
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wasm_trap_trace(_trap: Option<&wasm_trap_t>, out: *mut wasm_frame_vec_t) {
    let _trap = crate::handle::live(_trap);
    if !out.is_null() {
        out.write(wasm_frame_vec_t::EMPTY);
    }
}
