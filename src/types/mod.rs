//! wasm.h type objects: value, function, global, table, memory, extern, import and export types.
//!
//! The four concrete extern types are all one Rust type, [`wasm_externtype_t`], so that
//! `wasm_functype_as_externtype` and friends are pointer casts that cannot go wrong and
//! `wasm_externtype_as_functype` is a checked look at the kind.

mod exporttype;
mod externtype;
mod functype;
mod globaltype;
mod importtype;
mod memorytype;
mod tabletype;
mod valtype;
mod vecs;

pub use exporttype::*;
pub use externtype::*;
pub use functype::*;
pub use globaltype::*;
pub use importtype::*;
pub use memorytype::*;
pub use tabletype::*;
pub use valtype::*;
pub use vecs::*;

/// Declares `wasm_X_delete` and `wasm_X_copy` for a `Clone` type object.
macro_rules! declare_type_own {
    ($ty:ty, $delete:ident, $copy:ident) => {
        #[doc = concat!("Deletes a `", stringify!($ty), "` (NULL is a no-op).")]
        ///
        /// # Safety
        /// `ptr` must be NULL or owned by the caller.
        #[no_mangle]
        pub unsafe extern "C" fn $delete(ptr: Option<$crate::handle::Own<$ty>>) {
            let ptr = $crate::handle::live_own(ptr);
            drop(ptr);
        }

        #[doc = concat!("Copies a `", stringify!($ty), "` (NULL gives NULL).")]
        ///
        /// # Safety
        /// `ptr` must be NULL or valid.
        #[no_mangle]
        pub unsafe extern "C" fn $copy(ptr: Option<&$ty>) -> Option<$crate::handle::Own<$ty>> {
            $crate::error::guard(
                || None,
                || {
                    let ptr = $crate::handle::live(ptr);
                    crate::error::need(ptr, stringify!($copy))
                        .map(|t| $crate::handle::Own::new(t.clone()))
                },
            )
        }
    };
}
pub(crate) use declare_type_own;

/// The wasm.h limits of tables and memories: `max == u32::MAX` means "no maximum".
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct wasm_limits_t {
    /// Minimum size.
    pub min: u32,
    /// Maximum size, `wasm_limits_max_default` (u32::MAX) for none.
    pub max: u32,
}

/// The header's `wasm_limits_max_default`.
pub const WASM_LIMITS_MAX_DEFAULT: u32 = u32::MAX;

impl wasm_limits_t {
    /// Limits from wasmi's 64-bit minimum/maximum (saturating to 32 bits).
    pub(crate) fn from_wasmi(min: u64, max: Option<u64>) -> Self {
        Self {
            min: u32::try_from(min).unwrap_or(u32::MAX),
            max: max.map_or(u32::MAX, |m| u32::try_from(m).unwrap_or(u32::MAX)),
        }
    }
    /// The maximum as wasmi wants it.
    pub(crate) fn max_opt(&self) -> Option<u32> {
        (self.max != u32::MAX).then_some(self.max)
    }
}
