//! Ownership of wasm.h objects: each `own` pointer the driver receives is deleted exactly once.
//!
//! An [`Owned`] pairs the pointer with its `wasm_X_delete` and calls it on drop, so early
//! returns and panics leak nothing (libFuzzer's leak checker, under ASan, would report it).

/// An owned wasm.h object, deleted with its destructor when dropped.
pub struct Owned<T> {
    ptr: *mut T,
    delete: unsafe extern "C" fn(*mut T),
}

impl<T> Owned<T> {
    /// Takes ownership of `ptr`; `None` (and nothing to delete) when it is NULL.
    ///
    /// # Safety
    /// `ptr` must be NULL or an object the caller owns whose destructor is `delete`.
    pub unsafe fn new(ptr: *mut T, delete: unsafe extern "C" fn(*mut T)) -> Option<Self> {
        (!ptr.is_null()).then_some(Self { ptr, delete })
    }

    /// The pointer, still owned by `self`.
    pub fn ptr(&self) -> *mut T {
        self.ptr
    }
}

impl<T> Drop for Owned<T> {
    fn drop(&mut self) {
        // SAFETY: `new` was given an owned, non-NULL pointer and its destructor.
        unsafe { (self.delete)(self.ptr) }
    }
}

/// Declares a guard type for an owned vector that must go to its `_vec_delete`.
macro_rules! owned_vec {
    ($(#[$doc:meta])* $name:ident, $vec:ty, $delete:path) => {
        $(#[$doc])*
        pub struct $name(pub $vec);

        impl Drop for $name {
            fn drop(&mut self) {
                // SAFETY: the vector was filled by the library and is deleted only here.
                unsafe { $delete(&mut self.0) }
            }
        }
    };
}

owned_vec!(
    /// A byte vector made by the library (`wasm_byte_vec_new`, `wasm_trap_message`).
    ByteVec,
    crate::capi::wasm_byte_vec_t,
    crate::capi::wasm_byte_vec_delete
);
owned_vec!(
    /// `wasm_module_imports` output: deleting it deletes every import type.
    ImportVec,
    crate::capi::wasm_importtype_vec_t,
    crate::capi::wasm_importtype_vec_delete
);
owned_vec!(
    /// `wasm_module_exports` output: deleting it deletes every export type.
    ExportVec,
    crate::capi::wasm_exporttype_vec_t,
    crate::capi::wasm_exporttype_vec_delete
);
owned_vec!(
    /// `wasm_instance_exports` output: deleting it deletes every extern handle.
    ExternVec,
    crate::capi::wasm_extern_vec_t,
    crate::capi::wasm_extern_vec_delete
);
