//! The thread-local "last error" and the panic firewall around every `extern "C"` body.
//!
//! wasm.h reports most failures only as NULL/false; `wacapi_last_error` tells a C caller *why*.
//! Unwinding out of an `extern "C"` function aborts the process, so every body that can panic
//! runs inside [`guard`], which turns a panic into the function's failure value.

use std::cell::{Cell, RefCell};
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
    /// Set when the last error says why a handle was refused and no other message has
    /// followed yet: the refusing function's own message ("store is NULL") then keeps that
    /// reason. Nothing is done on the success path (that would cost a TLS access per handle).
    static REJECTION_PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Records why a handle argument was refused; the function's next message (typically "X is
/// NULL") is extended with it instead of replacing it.
#[cold]
pub(crate) fn note_rejection(message: String) {
    set_last_error(message);
    REJECTION_PENDING.with(|p| p.set(true));
}

/// Records `message` as this thread's last error (interior NULs become spaces).
pub(crate) fn set_last_error(message: impl Into<String>) {
    let mut message = message.into();
    // Only a NULL message is about the refused handle (which the function now sees as NULL);
    // any other message is a new failure and replaces the reason.
    if REJECTION_PENDING.with(|p| p.replace(false)) && message.contains("NULL") {
        let reason = LAST_ERROR.with(|cell| cell.borrow().to_string_lossy().into_owned());
        message = format!("{message} ({reason})");
    }
    let mut bytes = message.into_bytes();
    for b in bytes.iter_mut() {
        if *b == 0 {
            *b = b' ';
        }
    }
    let c = CString::new(bytes).unwrap_or_default();
    LAST_ERROR.with(|cell| *cell.borrow_mut() = c);
}

/// Records `message` and returns NULL, the common failure shape of wasm.h constructors.
pub(crate) fn fail<T>(message: impl Into<String>) -> Option<T> {
    set_last_error(message);
    None
}

/// Passes `value` through, recording "`func`: NULL or wrong-kind argument" when it is None, so
/// every NULL a function returns comes with a reason.
#[inline]
pub(crate) fn need<T>(value: Option<T>, func: &str) -> Option<T> {
    if value.is_none() {
        set_last_error(format!("{func}: NULL or wrong-kind argument"));
    }
    value
}

/// Runs `body`, turning a Rust panic into `on_panic()` plus a recorded message, so that no
/// panic ever unwinds into C.
#[inline]
pub(crate) fn guard<R>(on_panic: impl FnOnce() -> R, body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            set_last_error(format!("internal error: {}", panic_message(&*payload)));
            on_panic()
        }
    }
}

/// Extracts the text of a panic payload for error messages.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// Returns the message of the last failure on this thread: a library-owned NUL-terminated
/// string, valid until the next failing call on this thread; "" (never NULL) if nothing failed.
#[no_mangle]
pub extern "C" fn wacapi_last_error() -> *const c_char {
    LAST_ERROR.with(|cell| cell.borrow().as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn empty_until_something_fails() {
        // SAFETY: `wacapi_last_error` returns a NUL-terminated string, valid until the next
        // failing call on this thread.
        let text = unsafe { CStr::from_ptr(wacapi_last_error()) };
        assert_eq!(text.to_bytes(), b"");
        set_last_error("bad\0thing");
        // SAFETY: `wacapi_last_error` returns a NUL-terminated string, valid until the next
        // failing call on this thread.
        let text = unsafe { CStr::from_ptr(wacapi_last_error()) };
        assert_eq!(text.to_str().unwrap(), "bad thing");
    }

    #[test]
    fn guard_turns_panic_into_value() {
        let v = guard(|| 7, || panic!("boom"));
        assert_eq!(v, 7);
        // SAFETY: `wacapi_last_error` returns a NUL-terminated string, valid until the next
        // failing call on this thread.
        let text = unsafe { CStr::from_ptr(wacapi_last_error()) };
        assert!(text.to_str().unwrap().contains("boom"));
    }
}
