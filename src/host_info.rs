//! Host info: the data pointer and finalizer wasm.h lets the host attach to any object, and the
//! identity store-owned entities are keyed by (their host info lives in the store).

use std::ffi::c_void;

/// A host-info finalizer.
pub type Finalizer = Option<unsafe extern "C" fn(*mut c_void)>;

/// Host info of an entity; the finalizer runs exactly once, when this is dropped.
pub(crate) struct HostInfo {
    pub(crate) data: *mut c_void,
    pub(crate) finalizer: Finalizer,
}

// SAFETY: host info is an opaque pointer the host handed us; modules (thread-safe) keep it
// behind a mutex and never dereference it.
unsafe impl Send for HostInfo {}

impl Drop for HostInfo {
    fn drop(&mut self) {
        if let Some(f) = self.finalizer.take() {
            // SAFETY: the host registered this finalizer for this data; `take` makes this the
            // one call. A panic cannot come out of C; the finalizer is the host's code.
            unsafe { f(self.data) };
        }
    }
}

/// Host info kept inside a shared entity (modules, traps) rather than in a store: the
/// finalizer runs when the entity's last handle goes.
#[derive(Default)]
pub(crate) struct SharedHostInfo(std::sync::Mutex<Option<HostInfo>>);

impl SharedHostInfo {
    /// The data pointer (NULL if unset).
    pub(crate) fn get(&self) -> *mut c_void {
        self.0
            .lock()
            .map(|h| h.as_ref().map_or(std::ptr::null_mut(), |h| h.data))
            .unwrap_or(std::ptr::null_mut())
    }

    /// Replaces the info; the previous one's finalizer runs after the lock is released.
    pub(crate) fn set(&self, info: HostInfo) {
        let previous = self.0.lock().ok().and_then(|mut h| h.replace(info));
        drop(previous);
    }
}

/// The identity of an entity: a kind tag plus handle bits or a unique id.
pub(crate) type Identity = (u8, u64);
