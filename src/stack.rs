//! The native-stack guard for nested host calls.
//!
//! wasm code runs on wasmi's own stacks, so deep wasm recursion ends in the trap "call stack
//! exhausted". But a host callback that calls back into wasm, which calls the host again, and
//! so on, nests on the *native* stack of the thread: without a guard such a chain overflows
//! it and the process dies with SIGSEGV. Before running a host callback that is nested
//! [`CHECK_FROM_DEPTH`] or more levels deep, the trampoline asks [`enough_left`]; when less
//! than [`RESERVE`] bytes of the thread's stack remain, the call ends with that same trap
//! instead, and the host callbacks further up see an ordinary trap.
//!
//! The stack's lowest address comes from `pthread_getattr_np` (glibc, musl), once per
//! thread. Where that is not available, nesting is limited to [`FALLBACK_MAX_DEPTH`].

use std::cell::Cell;

/// Host-call nesting below which no check is made (the common case costs nothing).
pub(crate) const CHECK_FROM_DEPTH: u32 = 16;

/// Native stack that must remain for one more level: room for the callback's own frames,
/// wasmi's executor and wacapi's call path.
pub(crate) const RESERVE: usize = 256 * 1024;

/// Nesting limit where the stack bounds cannot be read.
pub(crate) const FALLBACK_MAX_DEPTH: u32 = 1000;

thread_local! {
    /// Lowest usable address of this thread's stack; 0 until read, 1 when unknown.
    static STACK_LOW: Cell<usize> = const { Cell::new(0) };
}

/// The lowest address of the calling thread's stack, if the platform tells.
#[cfg(target_os = "linux")]
fn read_stack_low() -> Option<usize> {
    // SAFETY: `attr` is initialised by pthread_getattr_np before use and destroyed after.
    unsafe {
        let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr()) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let ok = libc::pthread_attr_getstack(attr.as_ptr(), &mut addr, &mut size) == 0;
        libc::pthread_attr_destroy(attr.as_mut_ptr());
        (ok && !addr.is_null()).then_some(addr as usize)
    }
}

#[cfg(not(target_os = "linux"))]
fn read_stack_low() -> Option<usize> {
    None
}

/// True when a host callback nested `depth` levels deep may run (see the module docs).
#[inline]
pub(crate) fn enough_left(depth: u32) -> bool {
    if depth < CHECK_FROM_DEPTH {
        return true;
    }
    let low = STACK_LOW.with(|cell| {
        if cell.get() == 0 {
            cell.set(read_stack_low().unwrap_or(1));
        }
        cell.get()
    });
    if low == 1 {
        return depth < FALLBACK_MAX_DEPTH;
    }
    let marker = 0u8;
    let sp = std::ptr::addr_of!(marker) as usize;
    sp.saturating_sub(low) >= RESERVE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_nesting_is_never_checked_and_this_stack_has_room() {
        assert!(enough_left(0));
        assert!(enough_left(CHECK_FROM_DEPTH));
        assert!(read_stack_low().is_some());
    }

    #[test]
    fn a_small_thread_stack_runs_out() {
        // Recurse on a 1 MiB thread until the guard says no: it must say so before the end.
        fn dive(level: u32) -> u32 {
            let pad = [0u8; 4096];
            std::hint::black_box(&pad);
            if !enough_left(CHECK_FROM_DEPTH + level) {
                return level;
            }
            dive(level + 1)
        }
        let levels = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(|| dive(0))
            .unwrap()
            .join()
            .unwrap();
        assert!(levels > 10 && levels < 256, "stopped after {levels} levels");
    }
}
