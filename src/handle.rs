//! Tagged, validated handles: every object wacapi hands to C carries a tag that is checked
//! before the object is used, so a foreign, deleted or wrong-kind pointer is answered like
//! NULL instead of crashing the process.
//!
//! Layout: an object of type `T` lives in a [`Slot<T>`], an 8-byte tag followed by the value.
//! C gets the address of the value (so `&T` from C stays the object itself and internal code
//! is unchanged); the tag sits just before it. The tag of a live object is `T::KIND` mixed with
//! the object's own address, so neither a zeroed buffer, nor a copy of an object's bytes, nor an
//! object of another kind passes. Deleting (dropping an [`Own`]) clears the tag before the value
//! is dropped, so a second delete is a no-op.
//!
//! Deleted slots are not given back to the allocator at once: they wait in a FIFO quarantine of
//! [`QUARANTINE_SLOTS`] entries, so the tag of a recently deleted object can still be read (it
//! says "dead") without touching freed memory — a double delete stays a clean no-op, also under
//! valgrind and AddressSanitizer. Only after that many later deletes can the memory be reused,
//! and a pointer to it then denotes whatever lives there (no pointer scheme can do better).
//!
//! Before a pointer is read at all it must look like one of ours: non-NULL, 8-byte aligned and
//! inside the user half of a 48-bit address space. Anything else is rejected without a read.

use crate::error::note_rejection;
use std::alloc::Layout;
use std::collections::VecDeque;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// A type whose objects are handed to C as pointers and validated on the way back.
///
/// # Safety
/// `KIND` must be unique among handle types, and objects of the type must only ever be made
/// through [`Own::new`], so that every pointer that passes [`check`] really is inside a slot.
pub unsafe trait Handle: Sized + 'static {
    /// The kind tag, distinct for every handle type.
    const KIND: u64;
    /// The C name, for messages.
    const NAME: &'static str;
}

/// The kind tags of all handle types, in one enum so the compiler keeps them distinct. The
/// types themselves live in higher modules, which declare their kind with [`handle_type!`];
/// listing only the numbers here keeps this module free of references to them.
#[repr(u64)]
#[derive(Clone, Copy)]
pub(crate) enum HandleKind {
    /// `wasm_config_t` (src/config.rs).
    Config = 1,
    /// `wasm_engine_t` (src/engine.rs).
    Engine = 2,
    /// `wasm_store_t` (src/store/).
    Store = 3,
    /// `wasm_ref_t`, every reference kind (src/ref.rs).
    Ref = 4,
    /// `wasm_externtype_t`, every extern type (src/types/).
    ExternType = 5,
    /// `wasm_valtype_t` (src/types/).
    ValType = 6,
    /// `wasm_importtype_t` (src/types/).
    ImportType = 7,
    /// `wasm_exporttype_t` (src/types/).
    ExportType = 8,
    /// `wasm_frame_t` (src/frame.rs).
    Frame = 9,
    /// `wasm_shared_module_t` (src/module.rs).
    SharedModule = 10,
    /// `wacapi_linker_t` (src/linker.rs).
    Linker = 11,
    /// `wacapi_wasi_config_t` (src/wasi/).
    WasiConfig = 12,
    /// `wacapi_interrupt_handle_t` (src/control.rs).
    InterruptHandle = 13,
    /// `wacapi_resumable_call_t` (src/resumable.rs).
    ResumableCall = 14,
}

/// The tag bits of a kind: a fixed "wacapi" prefix so small integers never pass as a kind.
pub(crate) const fn kind_tag(kind: HandleKind) -> u64 {
    0x7761_6361_7069_0000 | kind as u64
}

/// Makes a type a handle type of the given [`HandleKind`]; used in the type's own module.
macro_rules! handle_type {
    ($name:ident = $kind:ident) => {
        // SAFETY: every kind is one variant of `HandleKind`, named by exactly one type;
        // constructors go through `Own::new`.
        unsafe impl $crate::handle::Handle for $name {
            const KIND: u64 = $crate::handle::kind_tag($crate::handle::HandleKind::$kind);
            const NAME: &'static str = stringify!($name);
        }
    };
}
pub(crate) use handle_type;

/// The memory of one object: its tag, then the value C points at.
#[repr(C)]
struct Slot<T> {
    tag: AtomicU64,
    value: T,
}

/// Bytes from the start of a slot to its value (the tag is a u64 and values are at most
/// 8-aligned, checked in [`Own::new`]).
const VALUE_OFFSET: usize = 8;

/// The tag a live object at `addr` carries.
#[inline(always)]
fn live_tag<T: Handle>(addr: usize) -> u64 {
    T::KIND ^ (addr as u64).rotate_left(17)
}

/// The tag of a deleted object.
const DEAD: u64 = 0;

/// Lowest and highest addresses a slot's value can have (below: the NULL page; above: the
/// kernel half of a 48-bit address space, and non-canonical addresses).
const MIN_ADDR: usize = 4096 + VALUE_OFFSET;
const MAX_ADDR: usize = 1 << 47;

/// The tag word of the object C calls `p`, or None when `p` cannot be one of ours.
#[inline(always)]
fn tag_of<T>(p: *const T) -> Option<&'static AtomicU64> {
    let addr = p as usize;
    if !(MIN_ADDR..MAX_ADDR).contains(&addr) || addr % 8 != 0 {
        return None;
    }
    // SAFETY: plausibility only: the address is aligned and in user space. Reading it is what
    // the caller's contract ("a pointer this library returned") makes valid; a foreign
    // pointer to mapped memory reads some word that will not match a live tag.
    Some(unsafe { &*((addr - VALUE_OFFSET) as *const AtomicU64) })
}

/// True when `p` is a live object of type `T` made by this library (false for NULL).
#[inline(always)]
pub(crate) fn is_live<T: Handle>(p: *const T) -> bool {
    match tag_of(p) {
        Some(tag) => tag.load(Ordering::Relaxed) == live_tag::<T>(p as usize),
        None => false,
    }
}

/// Records why a non-NULL pointer was refused.
#[cold]
fn report_invalid<T: Handle>(p: *const T) {
    note_rejection(format!(
        "{:p} is not a live {} (not made by wacapi, already deleted, or another kind of object)",
        p,
        T::NAME
    ));
}

/// Validates a borrowed handle from C: the same reference if live; None (with a reason in
/// `wacapi_last_error` for non-NULL pointers) otherwise.
#[inline(always)]
pub(crate) fn live<T: Handle>(p: Option<&T>) -> Option<&T> {
    let p = p?;
    if is_live::<T>(p) {
        Some(p)
    } else {
        report_invalid::<T>(p);
        None
    }
}

/// [`live`] for a mutable borrow.
#[inline(always)]
pub(crate) fn live_mut<T: Handle>(p: Option<&mut T>) -> Option<&mut T> {
    let p = p?;
    live::<T>(Some(&*p))?;
    Some(p)
}

/// Validates a raw handle pointer from C: `p` if live, NULL (with a reason for non-NULL
/// pointers) otherwise.
#[inline(always)]
pub(crate) fn live_ptr<T: Handle>(p: *const T) -> *const T {
    if p.is_null() || is_live::<T>(p) {
        p
    } else {
        report_invalid::<T>(p);
        std::ptr::null()
    }
}

/// [`live_ptr`] for a mutable pointer.
#[inline(always)]
pub(crate) fn live_ptr_mut<T: Handle>(p: *mut T) -> *mut T {
    live_ptr(p as *const T) as *mut T
}

/// Validates an owned handle passed from C: the handle if live, None otherwise (a foreign
/// pointer is forgotten, never freed).
#[inline(always)]
pub(crate) fn live_own<T: Handle>(p: Option<Own<T>>) -> Option<Own<T>> {
    let p = p?;
    if is_live::<T>(p.0.as_ptr()) {
        Some(p)
    } else {
        report_invalid::<T>(p.0.as_ptr());
        std::mem::forget(p);
        None
    }
}

/// Gives an optional owned object to C as a plain pointer (NULL for None), for the
/// signatures cbindgen reads (`wacapi.h`), which cannot spell `Option<Own<T>>`.
pub fn into_c<T: Handle>(object: Option<Own<T>>) -> *mut T {
    object.map_or(std::ptr::null_mut(), Own::into_raw)
}

/// Takes an owned object from C through a plain pointer (the counterpart of [`into_c`]),
/// validated like [`live_own`]: None for NULL and for pointers that are not live objects.
///
/// # Safety
/// `p` must be NULL or a pointer whose ownership the caller passes.
pub unsafe fn from_c<T: Handle>(p: *mut T) -> Option<Own<T>> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL; `live_own` checks the tag before anything else happens.
    live_own(Some(unsafe { Own::from_raw(p) }))
}

/// An owned object (wasm.h's `own`): the one way handle objects are made and deleted.
///
/// Like `Box<T>` (and passed to and from C as a plain pointer, NULL as `None`), but the memory
/// is a tagged [`Slot`] and dropping it retires the slot through the quarantine. Dropping an
/// `Own` whose pointer is not live does nothing, so a foreign pointer can never be freed.
#[repr(transparent)]
pub struct Own<T: Handle>(NonNull<T>);

// SAFETY: an `Own` is a unique owner like `Box`; it is Send/Sync exactly when `T` is.
unsafe impl<T: Handle + Send> Send for Own<T> {}
unsafe impl<T: Handle + Sync> Sync for Own<T> {}

impl<T: Handle> Own<T> {
    /// Moves `value` into a new tagged slot. Running out of memory panics (every entry point's
    /// panic firewall turns that into a NULL result and a message) instead of aborting.
    pub fn new(value: T) -> Self {
        const { assert!(std::mem::align_of::<T>() <= VALUE_OFFSET) };
        const { assert!(std::mem::offset_of!(Slot<u8>, value) == VALUE_OFFSET) };
        let layout = Layout::new::<Slot<T>>();
        // SAFETY: the layout is non-zero (it holds the tag).
        let slot = unsafe { std::alloc::alloc(layout) } as *mut Slot<T>;
        if slot.is_null() {
            std::panic::panic_any("out of memory allocating an object");
        }
        // SAFETY: `slot` is a fresh allocation of the right layout.
        unsafe {
            let value_ptr = std::ptr::addr_of_mut!((*slot).value);
            value_ptr.write(value);
            std::ptr::addr_of_mut!((*slot).tag)
                .write(AtomicU64::new(live_tag::<T>(value_ptr as usize)));
            Own(NonNull::new_unchecked(value_ptr))
        }
    }

    /// Gives the object to C as a raw pointer.
    pub fn into_raw(this: Self) -> *mut T {
        let p = this.0.as_ptr();
        std::mem::forget(this);
        p
    }

    /// Takes back an object given out by [`Own::into_raw`].
    ///
    /// # Safety
    /// `p` must be non-NULL. It need not be live: dropping or [`live_own`] check that.
    pub unsafe fn from_raw(p: *mut T) -> Self {
        Own(NonNull::new_unchecked(p))
    }

    /// The raw pointer, still owned by this handle.
    pub fn as_ptr(this: &Self) -> *mut T {
        this.0.as_ptr()
    }

    /// Moves the value out, retiring the slot.
    pub fn into_inner(this: Self) -> T {
        let p = Own::into_raw(this);
        // SAFETY: only called on live handles made by `new`; the tag is cleared before the
        // value is moved out, so the slot is dead from here on.
        unsafe {
            let tag = tag_of(p).expect("live handle");
            tag.store(DEAD, Ordering::Relaxed);
            let value = p.read();
            quarantine((p as usize) - VALUE_OFFSET, Layout::new::<Slot<T>>());
            value
        }
    }
}

impl<T: Handle> std::ops::Deref for Own<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: an `Own` is only dereferenced after `live_own` (from C) or when made by
        // `new` (in Rust); then it points to an initialised value.
        unsafe { self.0.as_ref() }
    }
}

impl<T: Handle> std::ops::DerefMut for Own<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and the handle is unique.
        unsafe { self.0.as_mut() }
    }
}

impl<T: Handle + Clone> Clone for Own<T> {
    fn clone(&self) -> Self {
        Own::new((**self).clone())
    }
}

impl<T: Handle> std::fmt::Debug for Own<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({:p})", T::NAME, self.0.as_ptr())
    }
}

impl<T: Handle> Drop for Own<T> {
    fn drop(&mut self) {
        let p = self.0.as_ptr();
        let Some(tag) = tag_of(p) else { return };
        // Only the one delete that turns the live tag dead drops the value; a second (or
        // concurrent) delete of the same pointer, or a foreign pointer, is a no-op.
        if tag
            .compare_exchange(
                live_tag::<T>(p as usize),
                DEAD,
                Ordering::AcqRel,
                Ordering::Relaxed,
            )
            .is_err()
        {
            return;
        }
        // SAFETY: the slot was live, so it holds an initialised value, and it is ours now.
        // Dropping may run host finalizers that delete other objects: no lock is held here.
        unsafe { std::ptr::drop_in_place(p) };
        quarantine((p as usize) - VALUE_OFFSET, Layout::new::<Slot<T>>());
    }
}

/// How many deleted slots wait before their memory goes back to the allocator.
pub(crate) const QUARANTINE_SLOTS: usize = 4096;

/// Deleted slots (address, layout), oldest first.
static QUARANTINE: Mutex<VecDeque<(usize, Layout)>> = Mutex::new(VecDeque::new());

/// Parks a dead slot; frees the oldest one once the quarantine is full.
fn quarantine(slot: usize, layout: Layout) {
    let evicted = match QUARANTINE.lock() {
        Ok(mut q) => {
            if q.capacity() == 0 && q.try_reserve(QUARANTINE_SLOTS + 1).is_err() {
                Some((slot, layout))
            } else {
                q.push_back((slot, layout));
                if q.len() > QUARANTINE_SLOTS {
                    q.pop_front()
                } else {
                    None
                }
            }
        }
        // A poisoned lock (a panic while pushing, which cannot happen) only costs the reuse.
        Err(_) => None,
    };
    if let Some((addr, layout)) = evicted {
        // SAFETY: the slot was allocated with this layout by `Own::new` and is dead.
        unsafe { std::alloc::dealloc(addr as *mut u8, layout) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A handle type of the tests' own, so this module's tests need no higher module.
    struct Probe {
        _kind: u8,
    }
    // SAFETY: the tests' own kind (no real kind is 0); made only through `Own::new`.
    unsafe impl Handle for Probe {
        const KIND: u64 = 0x7761_6361_7069_0000;
        const NAME: &'static str = "test handle";
    }

    /// A second kind, to check that kinds do not pass for one another.
    struct OtherKind;
    handle_type!(OtherKind = Config);

    #[test]
    fn live_objects_pass_and_others_do_not() {
        let v = Own::new(Probe { _kind: 0 });
        let p: *const Probe = &*v;
        assert!(is_live(p));
        // Another kind at the same address does not pass.
        assert!(!is_live(p as *const OtherKind));
        // A zeroed buffer, a misaligned pointer and NULL do not pass.
        let zeros = [0u64; 8];
        assert!(!is_live(zeros[2..].as_ptr() as *const Probe));
        assert!(!is_live((p as usize + 1) as *const Probe));
        assert!(!is_live(std::ptr::null::<Probe>()));
        drop(v);
        // Dead after delete, and the memory is still ours to read (quarantined).
        assert!(!is_live(p));
        // A second delete is a no-op.
        // SAFETY: non-NULL; dropping checks the (now dead) tag before anything else.
        drop(unsafe { Own::from_raw(p as *mut Probe) });
        assert!(!is_live(p));
    }

    #[test]
    fn foreign_own_is_forgotten_not_freed() {
        let mut buf = [0xA5A5_A5A5_A5A5_A5A5u64; 8];
        let p = buf[1..].as_mut_ptr() as *mut Probe;
        // SAFETY: non-NULL; `live_own` and dropping read only the (foreign) tag word.
        let own = unsafe { Own::from_raw(p) };
        assert!(live_own(Some(own)).is_none());
        // SAFETY: as above.
        drop(unsafe { Own::from_raw(p) });
        assert_eq!(buf[0], 0xA5A5_A5A5_A5A5_A5A5);
    }

    #[test]
    fn quarantine_recycles_after_its_capacity() {
        for _ in 0..(QUARANTINE_SLOTS + 10) {
            drop(Own::new(Probe { _kind: 0 }));
        }
        assert!(QUARANTINE.lock().unwrap().len() <= QUARANTINE_SLOTS);
    }
}
