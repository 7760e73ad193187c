//! `wacapi_wat2wasm`: our text-format extension (wasm.h itself accepts binary only).

use crate::error::set_last_error;
use crate::vec::wasm_byte_vec_t;

/// Converts WebAssembly text in `wat` to the binary format in `out`. On bad text returns
/// false, leaves `out` empty and puts the error with its line:column in `wacapi_last_error`.
///
/// # Safety
/// `wat` must be NULL or a valid byte vector; `out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_wat2wasm(
    wat: *const wasm_byte_vec_t,
    out: *mut wasm_byte_vec_t,
) -> bool {
    if out.is_null() {
        set_last_error("wacapi_wat2wasm: out is NULL");
        return false;
    }
    out.write(wasm_byte_vec_t::EMPTY);
    let Some(wat) = wat.as_ref() else {
        set_last_error("wacapi_wat2wasm: wat is NULL");
        return false;
    };
    crate::error::guard(
        || false,
        || {
            let text = match std::str::from_utf8(wat.bytes()) {
                Ok(t) => t,
                Err(e) => {
                    set_last_error(format!("wacapi_wat2wasm: text is not UTF-8: {e}"));
                    return false;
                }
            };
            match wat::parse_str(text) {
                Ok(bytes) => {
                    out.write(wasm_byte_vec_t::from_bytes(&bytes));
                    true
                }
                Err(e) => {
                    set_last_error(format_wat_error(&e));
                    false
                }
            }
        },
    )
}

/// "line:column: message" for a text error (the `wat` crate gives 0-based positions).
fn format_wat_error(e: &wat::Error) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or("").trim();
    // The crate renders the position as a "--> file:LINE:COL" line below the message.
    let position = text.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix("--> ")?;
        let mut parts = rest.rsplitn(3, ':');
        let col = parts.next()?.trim().parse::<u32>().ok()?;
        let line = parts.next()?.trim().parse::<u32>().ok()?;
        Some((line, col))
    });
    match position {
        Some((line, col)) => format!("{line}:{col}: {first}"),
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn text_becomes_binary_and_errors_have_positions() {
        let wat = wasm_byte_vec_t::from_bytes(b"(module)");
        let mut out = wasm_byte_vec_t::EMPTY;
        // SAFETY: a live input vector and a writable output.
        assert!(unsafe { wacapi_wat2wasm(&wat, &mut out) });
        assert_eq!(&out.bytes()[..4], b"\0asm");
        let bad = wasm_byte_vec_t::from_bytes(b"(module\n  (func (bogus)))");
        let mut out2 = wasm_byte_vec_t::EMPTY;
        // SAFETY: as above.
        assert!(!unsafe { wacapi_wat2wasm(&bad, &mut out2) });
        // SAFETY: `wacapi_last_error` returns a NUL-terminated string, valid until the next
        // failing call on this thread.
        let msg = unsafe { CStr::from_ptr(crate::error::wacapi_last_error()) }
            .to_str()
            .unwrap()
            .to_owned();
        assert!(msg.starts_with("2:"), "{msg}");
        let (mut a, mut b, mut c) = (wat, out, bad);
        a.release();
        b.release();
        c.release();
    }
}
