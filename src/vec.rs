//! The 12 wasm.h vector types and their five functions each.
//!
//! Every vector is `#[repr(C)] { size, data }`. Buffers are allocated as `Box<[T]>` so that
//! `_vec_delete` can give them back exactly; an empty vector always has `data == NULL`.
//! Elements know how to deep-copy and release themselves through [`VecElem`], which is how
//! `_vec_copy` copies the objects and `_vec_delete` deletes them, as the header demands.

use crate::error::set_last_error;
use std::ptr;

/// What a vector needs from its element type.
pub trait VecElem: Sized {
    /// The value `_vec_new_uninitialized` fills in (zero / NULL).
    fn blank() -> Self;
    /// A deep copy, as `_vec_copy` makes.
    fn deep_copy(&self) -> Self;
    /// Releases what the element owns, as `_vec_delete` does.
    fn release(self) {}
}

impl VecElem for u8 {
    fn blank() -> Self {
        0
    }
    fn deep_copy(&self) -> Self {
        *self
    }
}

impl<T: Clone> VecElem for Option<Box<T>> {
    fn blank() -> Self {
        None
    }
    fn deep_copy(&self) -> Self {
        self.clone()
    }
    fn release(self) {
        drop(self)
    }
}

/// Allocates a vector buffer for `items` (plus `extra` zero bytes after the last element, not
/// counted in `size`) with `malloc`, so `_vec_delete` can free it whatever `size` says later.
pub(crate) fn alloc_buffer<T>(items: Vec<T>, extra: usize) -> (usize, *mut T) {
    if items.is_empty() && extra == 0 {
        return (0, ptr::null_mut());
    }
    let size = items.len();
    let bytes = size * std::mem::size_of::<T>() + extra;
    // SAFETY: malloc of a non-zero size; alignment of malloc covers every element type here.
    let data = unsafe { libc::malloc(bytes.max(1)) as *mut T };
    if data.is_null() {
        set_last_error(format!("out of memory allocating {bytes} bytes"));
        return (0, ptr::null_mut());
    }
    for (i, item) in items.into_iter().enumerate() {
        unsafe { data.add(i).write(item) };
    }
    if extra > 0 {
        unsafe {
            ptr::write_bytes(
                (data as *mut u8).add(size * std::mem::size_of::<T>()),
                0,
                extra,
            )
        };
    }
    (size, data)
}

/// Moves the elements out of a buffer made by [`alloc_buffer`] and frees it.
///
/// # Safety
/// `data` must come from [`alloc_buffer`] and hold `size` initialised elements.
pub(crate) unsafe fn free_buffer<T>(size: usize, data: *mut T) -> Vec<T> {
    if data.is_null() {
        return Vec::new();
    }
    let items = (0..size).map(|i| ptr::read(data.add(i))).collect();
    libc::free(data as *mut libc::c_void);
    items
}

/// True when `size` elements of `T` cannot be allocated (the header's "vectors whose byte
/// size would overflow come back empty").
pub(crate) fn too_large<T>(size: usize) -> bool {
    let elem = std::mem::size_of::<T>().max(1);
    match size.checked_mul(elem) {
        Some(bytes) => bytes > isize::MAX as usize,
        None => true,
    }
}

macro_rules! declare_vec {
    ($vec:ident, $elem:ty, $new_empty:ident, $new_uninit:ident, $new:ident, $copy:ident, $delete:ident) => {
        #[doc = concat!("The wasm.h `", stringify!($vec), "`: a `{size, data}` pair that owns its elements.")]
        #[repr(C)]
        #[derive(Debug)]
        pub struct $vec {
            /// Number of elements.
            pub size: usize,
            /// The elements; NULL when `size` is 0.
            pub data: *mut $elem,
        }

        #[allow(dead_code)]
        impl $vec {
            /// The empty vector: size 0, data NULL.
            pub const EMPTY: Self = Self { size: 0, data: ::std::ptr::null_mut() };

            /// Takes ownership of `items` as a C vector.
            pub(crate) fn from_vec(items: Vec<$elem>) -> Self {
                let (size, data) = $crate::vec::alloc_buffer(items, 0);
                Self { size, data }
            }

            /// The elements, never a slice built from a NULL pointer.
            pub(crate) fn as_slice(&self) -> &[$elem] {
                if self.data.is_null() || self.size == 0 {
                    &[]
                } else {
                    unsafe { ::std::slice::from_raw_parts(self.data, self.size) }
                }
            }

            /// The elements, mutable; empty for a NULL buffer.
            pub(crate) fn as_mut_slice(&mut self) -> &mut [$elem] {
                if self.data.is_null() || self.size == 0 {
                    &mut []
                } else {
                    unsafe { ::std::slice::from_raw_parts_mut(self.data, self.size) }
                }
            }

            /// Takes the elements out (leaving the vector empty) for Rust-side ownership.
            pub(crate) fn take(&mut self) -> Vec<$elem> {
                let (size, data) = (self.size, self.data);
                *self = Self::EMPTY;
                unsafe { $crate::vec::free_buffer(size, data) }
            }

            /// A deep copy of the vector and its elements.
            pub(crate) fn deep_copy(&self) -> Self {
                Self::from_vec(
                    self.as_slice().iter().map($crate::vec::VecElem::deep_copy).collect(),
                )
            }

            /// Releases the elements and the buffer.
            pub(crate) fn release(&mut self) {
                for item in self.take() {
                    $crate::vec::VecElem::release(item);
                }
            }
        }

        #[doc = concat!("Makes `out` the empty `", stringify!($vec), "`.")]
        ///
        /// # Safety
        /// `out` must be NULL or point to writable memory for a vector.
        #[no_mangle]
        pub unsafe extern "C" fn $new_empty(out: *mut $vec) {
            if !out.is_null() {
                out.write($vec::EMPTY);
            }
        }

        /// Allocates `size` zeroed/NULL elements; an impossible size yields the empty vector.
        ///
        /// # Safety
        /// `out` must be NULL or point to writable memory for a vector.
        #[no_mangle]
        pub unsafe extern "C" fn $new_uninit(out: *mut $vec, size: usize) {
            if out.is_null() {
                return;
            }
            if $crate::vec::too_large::<$elem>(size) {
                $crate::error::set_last_error(format!(
                    "{}: {} elements do not fit in memory",
                    stringify!($new_uninit),
                    size
                ));
                out.write($vec::EMPTY);
                return;
            }
            let items: Vec<$elem> = (0..size).map(|_| $crate::vec::VecElem::blank()).collect();
            out.write($vec::from_vec(items));
        }

        /// Makes a vector of `size` elements moved (ownership included) out of `data`.
        ///
        /// # Safety
        /// `data` must point to `size` valid elements whose ownership passes to the vector.
        #[no_mangle]
        pub unsafe extern "C" fn $new(out: *mut $vec, size: usize, data: *const $elem) {
            if out.is_null() {
                return;
            }
            if size == 0 {
                out.write($vec::EMPTY);
                return;
            }
            if data.is_null() || $crate::vec::too_large::<$elem>(size) {
                $crate::vec::report_bad_source(stringify!($new), size);
                out.write($vec::EMPTY);
                return;
            }
            let mut items: Vec<$elem> = Vec::with_capacity(size);
            for i in 0..size {
                items.push(::std::ptr::read(data.add(i)));
            }
            out.write($vec::from_vec(items));
        }

        /// Deep-copies `src` into `out` (a NULL `src` gives the empty vector).
        ///
        /// # Safety
        /// `out` must be writable; `src` NULL or a valid vector.
        #[no_mangle]
        pub unsafe extern "C" fn $copy(out: *mut $vec, src: *const $vec) {
            if out.is_null() {
                return;
            }
            match src.as_ref() {
                Some(src) => out.write(src.deep_copy()),
                None => out.write($vec::EMPTY),
            }
        }

        /// Deletes the elements and the buffer; the vector becomes empty.
        ///
        /// # Safety
        /// `v` must be NULL or a vector whose buffer came from this library.
        #[no_mangle]
        pub unsafe extern "C" fn $delete(v: *mut $vec) {
            if let Some(v) = v.as_mut() {
                v.release();
            }
        }
    };
}

/// Records why a `_vec_new` got nothing to copy from.
pub(crate) fn report_bad_source(func: &str, size: usize) {
    set_last_error(format!("{func}: no data for {size} elements"));
}

use crate::{frame::wasm_frame_t, r#ref::wasm_ref_t, types::*, val::wasm_val_t};

declare_vec!(
    wasm_byte_vec_t,
    u8,
    wasm_byte_vec_new_empty,
    wasm_byte_vec_new_uninitialized,
    wasm_byte_vec_new,
    wasm_byte_vec_copy,
    wasm_byte_vec_delete
);
declare_vec!(
    wasm_valtype_vec_t,
    Option<Box<wasm_valtype_t>>,
    wasm_valtype_vec_new_empty,
    wasm_valtype_vec_new_uninitialized,
    wasm_valtype_vec_new,
    wasm_valtype_vec_copy,
    wasm_valtype_vec_delete
);
declare_vec!(
    wasm_functype_vec_t,
    Option<Box<wasm_functype_t>>,
    wasm_functype_vec_new_empty,
    wasm_functype_vec_new_uninitialized,
    wasm_functype_vec_new,
    wasm_functype_vec_copy,
    wasm_functype_vec_delete
);
declare_vec!(
    wasm_globaltype_vec_t,
    Option<Box<wasm_globaltype_t>>,
    wasm_globaltype_vec_new_empty,
    wasm_globaltype_vec_new_uninitialized,
    wasm_globaltype_vec_new,
    wasm_globaltype_vec_copy,
    wasm_globaltype_vec_delete
);
declare_vec!(
    wasm_tabletype_vec_t,
    Option<Box<wasm_tabletype_t>>,
    wasm_tabletype_vec_new_empty,
    wasm_tabletype_vec_new_uninitialized,
    wasm_tabletype_vec_new,
    wasm_tabletype_vec_copy,
    wasm_tabletype_vec_delete
);
declare_vec!(
    wasm_memorytype_vec_t,
    Option<Box<wasm_memorytype_t>>,
    wasm_memorytype_vec_new_empty,
    wasm_memorytype_vec_new_uninitialized,
    wasm_memorytype_vec_new,
    wasm_memorytype_vec_copy,
    wasm_memorytype_vec_delete
);
declare_vec!(
    wasm_externtype_vec_t,
    Option<Box<wasm_externtype_t>>,
    wasm_externtype_vec_new_empty,
    wasm_externtype_vec_new_uninitialized,
    wasm_externtype_vec_new,
    wasm_externtype_vec_copy,
    wasm_externtype_vec_delete
);
declare_vec!(
    wasm_importtype_vec_t,
    Option<Box<wasm_importtype_t>>,
    wasm_importtype_vec_new_empty,
    wasm_importtype_vec_new_uninitialized,
    wasm_importtype_vec_new,
    wasm_importtype_vec_copy,
    wasm_importtype_vec_delete
);
declare_vec!(
    wasm_exporttype_vec_t,
    Option<Box<wasm_exporttype_t>>,
    wasm_exporttype_vec_new_empty,
    wasm_exporttype_vec_new_uninitialized,
    wasm_exporttype_vec_new,
    wasm_exporttype_vec_copy,
    wasm_exporttype_vec_delete
);
declare_vec!(
    wasm_val_vec_t,
    wasm_val_t,
    wasm_val_vec_new_empty,
    wasm_val_vec_new_uninitialized,
    wasm_val_vec_new,
    wasm_val_vec_copy,
    wasm_val_vec_delete
);
declare_vec!(
    wasm_frame_vec_t,
    Option<Box<wasm_frame_t>>,
    wasm_frame_vec_new_empty,
    wasm_frame_vec_new_uninitialized,
    wasm_frame_vec_new,
    wasm_frame_vec_copy,
    wasm_frame_vec_delete
);
declare_vec!(
    wasm_extern_vec_t,
    Option<Box<wasm_ref_t>>,
    wasm_extern_vec_new_empty,
    wasm_extern_vec_new_uninitialized,
    wasm_extern_vec_new,
    wasm_extern_vec_copy,
    wasm_extern_vec_delete
);

impl wasm_byte_vec_t {
    /// The bytes as a slice (empty for NULL).
    pub(crate) fn bytes(&self) -> &[u8] {
        self.as_slice()
    }
    /// A byte vector holding a copy of `bytes`.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Self {
        Self::from_vec(bytes.to_vec())
    }
    /// A byte vector of `bytes` with one NUL stored after them and not counted in `size`,
    /// so that printing `data` with `%s` is always safe.
    pub(crate) fn from_bytes_nul_after(bytes: &[u8]) -> Self {
        let (size, data) = alloc_buffer(bytes.to_vec(), 1);
        Self { size, data }
    }
}

/// Names (`wasm_name_t`) are byte vectors; this owns one and frees it on drop.
pub(crate) struct OwnedName(pub(crate) wasm_byte_vec_t);

impl OwnedName {
    pub(crate) fn new(bytes: &[u8]) -> Self {
        Self(wasm_byte_vec_t::from_bytes(bytes))
    }
}
impl Clone for OwnedName {
    fn clone(&self) -> Self {
        Self(self.0.deep_copy())
    }
}
impl Drop for OwnedName {
    fn drop(&mut self) {
        self.0.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_vectors_have_null_data() {
        let mut v = wasm_byte_vec_t {
            size: 9,
            data: ptr::null_mut(),
        };
        unsafe { wasm_byte_vec_new_uninitialized(&mut v, 0) };
        assert!(v.data.is_null());
        assert_eq!(v.size, 0);
    }

    #[test]
    fn overflowing_sizes_come_back_empty() {
        let mut v = wasm_val_vec_t::EMPTY;
        unsafe { wasm_val_vec_new_uninitialized(&mut v, usize::MAX / 2) };
        assert_eq!(v.size, 0);
        assert!(v.data.is_null());
    }

    #[test]
    fn copy_and_delete_bytes() {
        let src = wasm_byte_vec_t::from_bytes(b"abc");
        let mut dst = wasm_byte_vec_t::EMPTY;
        unsafe { wasm_byte_vec_copy(&mut dst, &src) };
        assert_eq!(dst.bytes(), b"abc");
        let mut src = src;
        unsafe {
            wasm_byte_vec_delete(&mut src);
            wasm_byte_vec_delete(&mut dst);
        }
        assert!(dst.data.is_null());
    }
}
