//! `wasm_store_t`: wasmi's `Store`, shared by every object that lives in it.
//!
//! A store and its objects are single-threaded. Every object holds an `Rc` of the store, so
//! C may delete objects and the store in any order; the wasmi store is dropped with the last
//! of them.
//!
//! Re-entrancy: while wasm runs, wasmi holds the store mutably borrowed and hands host
//! functions a [`wasmi::Caller`]. Our host trampoline publishes a pointer to that caller in
//! [`StoreInner::active`] for the duration of the C callback, and [`StoreInner::with`] routes
//! every store access made from inside the callback through it. Thus wasm.h functions called
//! from a callback (calling exports, touching memory, globals, tables) use the one live
//! borrow instead of creating a second, aliasing one.

mod control;
mod limiter;
mod wasi;

use crate::handle::Own;
use crate::host_info::{HostInfo, Identity};
pub(crate) use control::{Check, Control, DEFAULT_FUEL_SLICE, UNLIMITED};
pub(crate) use limiter::{GrowHook, MemoryLimiter};
use std::cell::{Cell, UnsafeCell};
use std::collections::HashMap;
use std::rc::Rc;
pub(crate) use wasi::{Capture, WasiState};

/// Per-store data kept inside the wasmi store.
pub(crate) struct StoreData {
    /// Host info of store-owned entities, keyed by identity; finalizers run when the store
    /// is dropped (or when the info is replaced).
    pub(crate) host_info: HashMap<Identity, HostInfo>,
    /// The owning [`StoreInner`], so host trampolines can hand out objects that keep the store
    /// alive. Set right after the `Rc` is made; never dangling while wasm runs.
    pub(crate) owner: *const StoreInner,
    /// The store's WASI state (context and captured output), set by
    /// `wacapi_linker_define_wasi`. It lives here because wasmi_wasi's host functions reach
    /// their `WasiCtx` through the store data of the calling store.
    pub(crate) wasi: Option<WasiState>,
    /// The memory cap of `wacapi_store_set_max_memory`; wasmi consults it only once that
    /// function has installed it as the store's limiter (no limiter by default).
    pub(crate) limiter: MemoryLimiter,
}

// SAFETY: `Linker`/`Func::wrap` of wasmi (and so wasmi_wasi) require `Send` store data, only
// because a whole store may move between threads. A store is used by one thread at a time,
// which C code must ensure anyway; the one non-`Send` field, `owner`, is only dereferenced
// by that thread while the store runs code.
unsafe impl Send for StoreData {}

/// The shared part of a store.
pub(crate) struct StoreInner {
    store: UnsafeCell<wasmi::Store<StoreData>>,
    /// The innermost active host call's `Caller<StoreData>`, or NULL outside host calls.
    active: Cell<*mut ()>,
    /// How many host calls of this store are active (nested), for the native-stack guard.
    depth: Cell<u32>,
    /// Interrupts, deadlines and the fuel slices they need (see `crate::control`).
    pub(crate) control: Control,
}

/// A store.
pub struct wasm_store_t {
    pub(crate) inner: Rc<StoreInner>,
}

crate::handle::handle_type!(wasm_store_t = Store);

/// The store context type every store operation works on.
pub(crate) type Ctx<'a> = wasmi::StoreContextMut<'a, StoreData>;

impl StoreInner {
    /// Makes a store for `engine`.
    pub(crate) fn new(engine: &crate::engine::wasm_engine_t) -> Rc<Self> {
        let data = StoreData {
            host_info: HashMap::new(),
            owner: std::ptr::null(),
            wasi: None,
            limiter: MemoryLimiter::default(),
        };
        let control = Control::new(engine.meters_fuel, engine.user_fuel);
        let mut store = wasmi::Store::new(&engine.engine, data);
        if let Some(fuel) = control.initial_fuel() {
            // Cannot fail: the engine meters fuel.
            let _ = store.set_fuel(fuel);
        }
        let inner = Rc::new(StoreInner {
            store: UnsafeCell::new(store),
            active: Cell::new(std::ptr::null_mut()),
            depth: Cell::new(0),
            control,
        });
        // SAFETY: nothing else can reach the store yet.
        unsafe { (*inner.store.get()).data_mut().owner = Rc::as_ptr(&inner) };
        inner
    }

    /// Runs `f` with the store's context: the active host caller's when called from inside a
    /// host callback, the store itself otherwise.
    #[inline]
    pub(crate) fn with<R>(&self, f: impl FnOnce(Ctx<'_>) -> R) -> R {
        let active = self.active.get();
        if active.is_null() {
            // SAFETY: single-threaded store; no host call is active, so no other borrow of
            // the store exists (an outer `with` only lends its borrow through `active`).
            let store = unsafe { &mut *self.store.get() };
            f(wasmi::AsContextMut::as_context_mut(store))
        } else {
            // SAFETY: `active` points to the live `Caller` of the innermost host call on this
            // store; it stays valid until the trampoline resets it after the callback.
            let caller = unsafe { &mut *(active as *mut wasmi::Caller<'static, StoreData>) };
            f(wasmi::AsContextMut::as_context_mut(caller))
        }
    }

    /// Runs `f` on the wasmi store itself, for the few settings that a store context cannot
    /// change (installing a resource limiter); `None` while a host call is active, because
    /// then wasmi holds the store and only the caller's context may be used.
    pub(crate) fn with_store_mut<R>(
        &self,
        f: impl FnOnce(&mut wasmi::Store<StoreData>) -> R,
    ) -> Option<R> {
        if !self.active.get().is_null() {
            return None;
        }
        // SAFETY: no host call is active, so no other borrow of the store exists.
        Some(f(unsafe { &mut *self.store.get() }))
    }

    /// How many host calls of this store are running, nested in one another.
    #[inline]
    pub(crate) fn host_depth(&self) -> u32 {
        self.depth.get()
    }

    /// The engine of this store.
    pub(crate) fn engine(&self) -> wasmi::Engine {
        self.with(|ctx| ctx.engine().clone())
    }

    /// Publishes `caller` as the active context until the returned guard is dropped.
    pub(crate) fn enter_host_call(
        &self,
        caller: *mut wasmi::Caller<'_, StoreData>,
    ) -> ActiveGuard<'_> {
        let previous = self.active.replace(caller as *mut ());
        self.depth.set(self.depth.get() + 1);
        ActiveGuard {
            store: self,
            previous,
        }
    }

    /// A borrowed view of the `Rc` of the store that owns `data`, for host trampolines: no
    /// reference-count traffic per callback; objects made from it clone the `Rc` as usual.
    ///
    /// # Safety
    /// `data.owner` must point to a live `StoreInner` (true while its store runs code), and the
    /// view must not outlive the call it was made for.
    pub(crate) unsafe fn from_data(data: &StoreData) -> std::mem::ManuallyDrop<Rc<StoreInner>> {
        std::mem::ManuallyDrop::new(Rc::from_raw(data.owner))
    }
}

/// Restores the previously active context when a host call ends, also on panic.
pub(crate) struct ActiveGuard<'a> {
    store: &'a StoreInner,
    previous: *mut (),
}

impl Drop for ActiveGuard<'_> {
    fn drop(&mut self) {
        self.store.active.set(self.previous);
        self.store.depth.set(self.store.depth.get() - 1);
    }
}

impl Drop for StoreInner {
    fn drop(&mut self) {
        // Host-info finalizers run here, before wasmi tears down the entities; host-function
        // environments are finalized by wasmi dropping their trampolines right after.
        let store = self.store.get_mut();
        let infos = std::mem::take(&mut store.data_mut().host_info);
        drop(infos);
    }
}

/// Makes a store for `engine` (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_store_new(
    engine: Option<&crate::engine::wasm_engine_t>,
) -> Option<Own<wasm_store_t>> {
    let engine = crate::handle::live(engine);
    let Some(engine) = engine else {
        crate::error::set_last_error("wasm_store_new: engine is NULL");
        return None;
    };
    crate::error::guard(
        || None,
        || {
            Some(Own::new(wasm_store_t {
                inner: StoreInner::new(engine),
            }))
        },
    )
}

/// Deletes this handle of the store; the store itself goes when its last object goes.
#[no_mangle]
pub extern "C" fn wasm_store_delete(store: Option<Own<wasm_store_t>>) {
    let store = crate::handle::live_own(store);
    crate::error::guard(|| (), || drop(store));
}
