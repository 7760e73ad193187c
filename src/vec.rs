//! wasm.h vectors: the `{size, data}` layout, their five functions each ([`declare_vec!`]),
//! and the byte vector; every other family is declared next to its element type.
//!
//! Every vector is `#[repr(C)] { size, data }`. Buffers come from `malloc` (so `_vec_delete`
//! can free them whatever `size` says later, and so that running out of memory is an error
//! value, never an abort); an empty vector always has `data == NULL`. Elements know how to
//! deep-copy, release and validate themselves through [`VecElem`], which is how `_vec_copy`
//! copies the objects, `_vec_delete` deletes them, and `_vec_new` refuses garbage.
//!
//! Sizes are bounded: a vector's buffer may hold at most [`MAX_VEC_BYTES`] bytes (2 GiB);
//! larger or overflowing sizes give the empty vector and a reason in `wacapi_last_error`,
//! before anything is read from the caller's data. Byte vectors (names, binaries, messages)
//! always have one NUL stored after their last byte, not counted in `size`, so C code that
//! prints `name->data` as a C string never reads past the buffer.

use crate::error::set_last_error;
use crate::handle::Own;
use std::ptr;

/// The largest buffer a vector may have, in bytes: 2^31 (2 GiB). More than any wasm module,
/// name or value list needs, and small enough that a bogus size from C is refused up front.
pub const MAX_VEC_BYTES: usize = 1 << 31;

/// What a vector needs from its element type.
pub trait VecElem: Sized {
    /// Zero bytes stored after the last element and not counted in `size`.
    const NUL_AFTER: usize = 0;
    /// The value `_vec_new_uninitialized` fills in (zero / NULL).
    fn blank() -> Self;
    /// A deep copy, as `_vec_copy` makes.
    fn deep_copy(&self) -> Self;
    /// Releases what the element owns, as `_vec_delete` does.
    fn release(self) {}
    /// Whether an element handed over by C can be taken (objects must be live).
    fn is_valid(&self) -> bool {
        true
    }
}

impl VecElem for u8 {
    const NUL_AFTER: usize = 1;
    fn blank() -> Self {
        0
    }
    fn deep_copy(&self) -> Self {
        *self
    }
}

impl<T: crate::handle::Handle + Clone> VecElem for Option<Own<T>> {
    fn blank() -> Self {
        None
    }
    fn deep_copy(&self) -> Self {
        // A dead or foreign element copies as NULL instead of being read.
        crate::handle::live(self.as_deref()).map(|t| Own::new(t.clone()))
    }
    fn release(self) {
        // Dropping an `Own` ignores pointers that are not live objects.
        drop(self)
    }
    fn is_valid(&self) -> bool {
        self.as_ref()
            .is_none_or(|o| crate::handle::is_live::<T>(&**o))
    }
}

/// The byte count of `size` elements of `T`, or None (with a reason naming `func`) when it
/// overflows or exceeds [`MAX_VEC_BYTES`].
pub(crate) fn checked_bytes<T: VecElem>(func: &str, size: usize) -> Option<usize> {
    let bytes = size
        .checked_mul(std::mem::size_of::<T>())
        .filter(|&b| b <= MAX_VEC_BYTES);
    if bytes.is_none() {
        set_last_error(format!(
            "{func}: {size} elements of {} bytes exceed the vector size limit of {MAX_VEC_BYTES} \
             bytes",
            std::mem::size_of::<T>()
        ));
    }
    bytes
}

/// A `malloc`ed buffer for `size` elements (their slots uninitialised, the NUL tail zeroed);
/// NULL for `size == 0`; None, with a reason, when the size is refused or memory runs out.
pub(crate) fn alloc_buffer<T: VecElem>(func: &str, size: usize) -> Option<*mut T> {
    if size == 0 {
        return Some(ptr::null_mut());
    }
    let bytes = checked_bytes::<T>(func, size)?;
    let total = bytes + T::NUL_AFTER;
    // SAFETY: malloc of a non-zero size; its alignment covers every element type here.
    let data = unsafe { libc::malloc(total) as *mut T };
    if data.is_null() {
        set_last_error(format!("{func}: out of memory allocating {total} bytes"));
        return None;
    }
    if T::NUL_AFTER > 0 {
        // SAFETY: the tail lies inside the allocation.
        unsafe { ptr::write_bytes((data as *mut u8).add(bytes), 0, T::NUL_AFTER) };
    }
    Some(data)
}

/// A buffer holding `items` (see [`alloc_buffer`]); `(0, NULL)` when it cannot be allocated.
pub(crate) fn buffer_from<T: VecElem>(items: Vec<T>) -> (usize, *mut T) {
    let Some(data) = alloc_buffer::<T>("vector", items.len()) else {
        items.into_iter().for_each(VecElem::release);
        return (0, ptr::null_mut());
    };
    let size = items.len();
    for (i, item) in items.into_iter().enumerate() {
        // SAFETY: `data` has room for `size` elements.
        unsafe { data.add(i).write(item) };
    }
    (size, data)
}

/// An empty `Vec` with room for `n` bytes, or an error instead of an abort when memory runs
/// out (for the large byte copies of modules and serialized modules).
pub(crate) fn try_with_capacity(n: usize) -> Result<Vec<u8>, String> {
    let mut v = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| format!("out of memory allocating {n} bytes"))?;
    Ok(v)
}

/// A copy of `bytes` made with [`try_with_capacity`].
pub(crate) fn try_copy(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut v = try_with_capacity(bytes.len())?;
    v.extend_from_slice(bytes);
    Ok(v)
}

/// Moves the elements out of a buffer made by [`alloc_buffer`] and frees it.
///
/// # Safety
/// `data` must come from [`alloc_buffer`] and hold `size` initialised elements.
pub(crate) unsafe fn free_buffer<T>(size: usize, data: *mut T) -> Vec<T> {
    if data.is_null() {
        return Vec::new();
    }
    // SAFETY (caller): `size` initialised elements; each is read exactly once.
    let items = (0..size)
        .map(|i| unsafe { ptr::read(data.add(i)) })
        .collect();
    // SAFETY (caller): the buffer came from `malloc`.
    unsafe { libc::free(data as *mut libc::c_void) };
    items
}

/// Declares one vector family: the `#[repr(C)]` struct and its `_new_empty`,
/// `_new_uninitialized`, `_new`, `_copy` and `_delete` functions, for an element type that
/// implements [`VecElem`]. Invoked next to each element type, so this module needs none of them.
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

            /// Takes ownership of `items` as a C vector (empty, with a reason, when memory
            /// runs out).
            pub(crate) fn from_vec(items: Vec<$elem>) -> Self {
                let (size, data) = $crate::vec::buffer_from(items);
                Self { size, data }
            }

            /// Whether `size` is one this library could have made (at most
            /// [`MAX_VEC_BYTES`](crate::vec::MAX_VEC_BYTES)); vectors that C code filled in
            /// by hand with an absurd size are read as empty instead of far past their data.
            fn plausible(&self) -> bool {
                self.size <= $crate::vec::MAX_VEC_BYTES / ::std::mem::size_of::<$elem>().max(1)
            }

            /// The elements, never a slice built from a NULL pointer or an absurd size.
            pub(crate) fn as_slice(&self) -> &[$elem] {
                if self.data.is_null() || self.size == 0 || !self.plausible() {
                    &[]
                } else {
                    // SAFETY: non-NULL and of a plausible size; a vector's `data` holds `size`
                    // initialised elements (ours always; C's by the wasm.h contract).
                    unsafe { ::std::slice::from_raw_parts(self.data, self.size) }
                }
            }

            /// The elements, mutable; empty for a NULL buffer.
            pub(crate) fn as_mut_slice(&mut self) -> &mut [$elem] {
                if self.data.is_null() || self.size == 0 || !self.plausible() {
                    &mut []
                } else {
                    // SAFETY: as in `as_slice`, and `&mut self` makes the borrow unique.
                    unsafe { ::std::slice::from_raw_parts_mut(self.data, self.size) }
                }
            }

            /// Takes the elements out (leaving the vector empty) for Rust-side ownership.
            pub(crate) fn take(&mut self) -> Vec<$elem> {
                let (size, data) = (self.size, self.data);
                *self = Self::EMPTY;
                // SAFETY: `size` elements from this vector's `malloc` buffer, now no longer
                // reachable through the vector, so each is taken exactly once.
                unsafe { $crate::vec::free_buffer(size, data) }
            }

            /// A deep copy of the vector and its elements (empty, with a reason, when memory
            /// runs out).
            pub(crate) fn deep_copy(&self) -> Self {
                let src = self.as_slice();
                let Some(data) = $crate::vec::alloc_buffer::<$elem>("vector copy", src.len()) else {
                    return Self::EMPTY;
                };
                for (i, item) in src.iter().enumerate() {
                    // SAFETY: `data` has room for `src.len()` elements.
                    unsafe { data.add(i).write($crate::vec::VecElem::deep_copy(item)) };
                }
                Self { size: src.len(), data }
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

        /// Allocates `size` zeroed/NULL elements; a refused size (over the limit) or a failed
        /// allocation yields the empty vector and a reason in `wacapi_last_error`.
        ///
        /// # Safety
        /// `out` must be NULL or point to writable memory for a vector.
        #[no_mangle]
        pub unsafe extern "C" fn $new_uninit(out: *mut $vec, size: usize) {
            if out.is_null() {
                return;
            }
            let Some(data) = $crate::vec::alloc_buffer::<$elem>(stringify!($new_uninit), size) else {
                out.write($vec::EMPTY);
                return;
            };
            for i in 0..size {
                // SAFETY: `data` has room for `size` elements.
                data.add(i).write($crate::vec::VecElem::blank());
            }
            out.write($vec { size, data });
        }

        /// Makes a vector of `size` elements moved (ownership included) out of `data`.
        ///
        /// The size is checked against the limit before `data` is read, and every element
        /// must be valid (objects live, or NULL); otherwise the result is the empty vector,
        /// with a reason, and the elements already taken are deleted.
        ///
        /// # Safety
        /// `data` must point to `size` valid elements whose ownership passes to the vector.
        #[no_mangle]
        pub unsafe extern "C" fn $new(out: *mut $vec, size: usize, data: *const $elem) {
    $crate::error::guard(|| (), || {
            if out.is_null() {
                return;
            }
            if size == 0 {
                out.write($vec::EMPTY);
                return;
            }
            if data.is_null() {
                $crate::vec::report_bad_source(stringify!($new), size);
                out.write($vec::EMPTY);
                return;
            }
            let Some(buffer) = $crate::vec::alloc_buffer::<$elem>(stringify!($new), size) else {
                out.write($vec::EMPTY);
                return;
            };
            for i in 0..size {
                // SAFETY (caller): `data` holds `size` elements.
                let item = ::std::ptr::read(data.add(i));
                if !$crate::vec::VecElem::is_valid(&item) {
                    let _not_ours = ::std::mem::ManuallyDrop::new(item);
                    for taken in $crate::vec::free_buffer(i, buffer) {
                        $crate::vec::VecElem::release(taken);
                    }
                    $crate::error::set_last_error(format!(
                        "{}: element {i} of {size} is not a valid {}",
                        stringify!($new),
                        stringify!($elem)
                    ));
                    out.write($vec::EMPTY);
                    return;
                }
                buffer.add(i).write(item);
            }
            out.write($vec { size, data: buffer });
        })
}

        /// Deep-copies `src` into `out` (a NULL `src` gives the empty vector).
        ///
        /// # Safety
        /// `out` must be writable; `src` NULL or a valid vector.
        #[no_mangle]
        pub unsafe extern "C" fn $copy(out: *mut $vec, src: *const $vec) {
    $crate::error::guard(|| (), || {
            if out.is_null() {
                return;
            }
            match src.as_ref() {
                Some(src) => out.write(src.deep_copy()),
                None => out.write($vec::EMPTY),
            }
        })
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
pub(crate) use declare_vec;

/// Records why a `_vec_new` got nothing to copy from.
pub(crate) fn report_bad_source(func: &str, size: usize) {
    set_last_error(format!("{func}: no data for {size} elements"));
}

declare_vec!(
    wasm_byte_vec_t,
    u8,
    wasm_byte_vec_new_empty,
    wasm_byte_vec_new_uninitialized,
    wasm_byte_vec_new,
    wasm_byte_vec_copy,
    wasm_byte_vec_delete
);

impl wasm_byte_vec_t {
    /// The bytes as a slice (empty for NULL).
    pub(crate) fn bytes(&self) -> &[u8] {
        self.as_slice()
    }
    /// A byte vector holding a copy of `bytes` (with the NUL after them that every byte
    /// vector has; empty, with a reason, when memory runs out).
    pub(crate) fn from_bytes(bytes: &[u8]) -> Self {
        let Some(data) = alloc_buffer::<u8>("wasm_byte_vec_t", bytes.len()) else {
            return Self::EMPTY;
        };
        if !bytes.is_empty() {
            // SAFETY: `data` has room for `bytes.len()` bytes and does not overlap `bytes`.
            unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), data, bytes.len()) };
        }
        Self {
            size: bytes.len(),
            data,
        }
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

    /// A handle type of the tests' own, so these tests need no higher module.
    #[derive(Clone)]
    pub struct Probe;
    // SAFETY: the tests' own kind (no real kind is 0); made only through `Own::new`.
    unsafe impl crate::handle::Handle for Probe {
        const KIND: u64 = 0x7761_6361_7069_0000;
        const NAME: &'static str = "test handle";
    }
    declare_vec!(
        probe_vec_t,
        Option<Own<Probe>>,
        probe_vec_new_empty,
        probe_vec_new_uninitialized,
        probe_vec_new,
        probe_vec_copy,
        probe_vec_delete
    );

    #[test]
    fn empty_vectors_have_null_data() {
        let mut v = wasm_byte_vec_t {
            size: 9,
            data: ptr::null_mut(),
        };
        // SAFETY: `v` is a writable vector (its stale fields are overwritten, not read).
        unsafe { wasm_byte_vec_new_uninitialized(&mut v, 0) };
        assert!(v.data.is_null());
        assert_eq!(v.size, 0);
    }

    #[test]
    fn impossible_allocations_are_errors() {
        assert!(try_with_capacity(usize::MAX / 2)
            .unwrap_err()
            .contains("out of memory"));
        assert_eq!(try_copy(b"xy").unwrap(), b"xy");
    }

    #[test]
    fn byte_vectors_end_with_a_nul_not_counted() {
        let mut v = wasm_byte_vec_t::EMPTY;
        // SAFETY: `v` is writable and the source has the 3 bytes passed.
        unsafe { wasm_byte_vec_new(&mut v, 3, b"abc".as_ptr()) };
        assert_eq!(v.size, 3);
        // SAFETY: byte buffers have one byte after the last element (the NUL read here).
        assert_eq!(unsafe { *v.data.add(3) }, 0);
        let mut c = wasm_byte_vec_t::EMPTY;
        // SAFETY: `c` is writable and `v` a live vector.
        unsafe { wasm_byte_vec_copy(&mut c, &v) };
        // SAFETY: as for `v`: the NUL after the last byte.
        assert_eq!(unsafe { *c.data.add(3) }, 0);
        let mut u = wasm_byte_vec_t::EMPTY;
        // SAFETY: `u` is writable.
        unsafe { wasm_byte_vec_new_uninitialized(&mut u, 5) };
        // SAFETY: as for `v`: the NUL after the last byte.
        assert_eq!(unsafe { *u.data.add(5) }, 0);
        // SAFETY: each vector was made by this library and is deleted once.
        unsafe {
            wasm_byte_vec_delete(&mut v);
            wasm_byte_vec_delete(&mut c);
            wasm_byte_vec_delete(&mut u);
        }
    }

    #[test]
    fn sizes_over_the_limit_are_refused_before_reading() {
        let three: [Option<Own<Probe>>; 0] = [];
        let mut v = probe_vec_t::EMPTY;
        // A huge size with a tiny source: refused without reading past the source.
        // SAFETY: the point of the test: the size is refused before `three` is read.
        unsafe { probe_vec_new(&mut v, 1_000_000_000, three.as_ptr()) };
        assert_eq!((v.size, v.data.is_null()), (0, true));
        // SAFETY: `wacapi_last_error` returns a NUL-terminated string, valid until the next
        // failing call on this thread.
        let msg = unsafe { std::ffi::CStr::from_ptr(crate::error::wacapi_last_error()) };
        assert!(msg
            .to_str()
            .unwrap()
            .contains("exceed the vector size limit"));
        // SAFETY: `v` is writable (and empty, so nothing is leaked).
        unsafe { probe_vec_new_uninitialized(&mut v, 1_000_000_000) };
        assert_eq!((v.size, v.data.is_null()), (0, true));
        let mut b = wasm_byte_vec_t::EMPTY;
        // SAFETY: `b` is writable.
        unsafe { wasm_byte_vec_new_uninitialized(&mut b, MAX_VEC_BYTES + 1) };
        assert_eq!((b.size, b.data.is_null()), (0, true));
    }

    #[test]
    fn garbage_elements_are_refused() {
        let good = Own::into_raw(Own::new(Probe));
        let mut junk = [0xA5A5_A5A5_A5A5_A5A5u64; 4];
        let items: [*mut Probe; 2] = [good, junk[1..].as_mut_ptr().cast()];
        let mut v = probe_vec_t::EMPTY;
        // SAFETY: `items` holds the 2 pointers passed; ownership of the good one passes.
        unsafe { probe_vec_new(&mut v, 2, items.as_ptr().cast()) };
        assert_eq!(v.size, 0);
        // The good element was taken (ownership passed) and deleted: it is dead now.
        assert!(!crate::handle::is_live(good as *const Probe));
        assert_eq!(junk[0], 0xA5A5_A5A5_A5A5_A5A5);
    }

    #[test]
    fn overflowing_sizes_come_back_empty() {
        let mut v = probe_vec_t::EMPTY;
        // SAFETY: `v` is writable.
        unsafe { probe_vec_new_uninitialized(&mut v, usize::MAX / 2) };
        assert_eq!(v.size, 0);
        assert!(v.data.is_null());
    }

    #[test]
    fn copy_and_delete_bytes() {
        let src = wasm_byte_vec_t::from_bytes(b"abc");
        let mut dst = wasm_byte_vec_t::EMPTY;
        // SAFETY: `dst` is writable and `src` a live vector.
        unsafe { wasm_byte_vec_copy(&mut dst, &src) };
        assert_eq!(dst.bytes(), b"abc");
        let mut src = src;
        // SAFETY: both vectors were made by this library and are deleted once.
        unsafe {
            wasm_byte_vec_delete(&mut src);
            wasm_byte_vec_delete(&mut dst);
        }
        assert!(dst.data.is_null());
    }
}
