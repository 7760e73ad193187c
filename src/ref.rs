//! `wasm_ref_t`: the one object behind every wasm.h reference type.
//!
//! `wasm_func_t`, `wasm_global_t`, `wasm_table_t`, `wasm_memory_t`, `wasm_extern_t`,
//! `wasm_instance_t`, `wasm_module_t`, `wasm_trap_t` and `wasm_foreign_t` are all this type.
//! That makes every `_as_ref`/`_as_extern` a free cast, every `wasm_ref_as_X` a checked one,
//! and `wasm_ref_delete` correct on whatever a ref really is (C code does delete foreign
//! objects through `wasm_ref_delete(wasm_foreign_as_ref(...))`).
//!
//! Identity: wasmi handles are `Copy` but not comparable, so an entity's identity
//! (`Identity`, src/host_info.rs) is computed from the handle's bits (a store id and an index,
//! 8 bytes, checked at compile time). `_same` compares identities; host info of store entities
//! lives in the store keyed by identity, so every wrapper of one entity sees the same host
//! info.

pub(crate) use crate::entity::{ExternPayload, RefData};
use crate::error::{guard, set_last_error};
use crate::handle::Own;
pub use crate::host_info::Finalizer;
pub(crate) use crate::host_info::{HostInfo, SharedHostInfo};
use crate::store::{Ctx, StoreInner};
use std::ffi::c_void;
use std::rc::Rc;

/// A reference object (see the module docs for the aliases).
pub struct wasm_ref_t {
    /// The store of store-owned entities (None for modules, which belong to the engine).
    pub(crate) store: Option<Rc<StoreInner>>,
    pub(crate) data: RefData,
    /// What the layer that owns this object's kind computes once and keeps with the object
    /// (funcs: their signature and typed call entry, src/func.rs). Typed as `Any` so this
    /// universal object names no kind's types; the owner downcasts.
    pub(crate) kind_cache: KindCache,
}

/// A value of one type `T`, made once and kept with its object; `T` is chosen by the layer
/// that owns the object's kind, so this layer names none of them. Like a
/// `OnceCell<Box<dyn Any>>`, but the type check on every read is one comparison of a
/// constant `TypeId` instead of a virtual call (the call path reads it on every call).
pub(crate) struct KindCache {
    slot: std::cell::OnceCell<Erased>,
}

/// A boxed value with its type and its destructor.
struct Erased {
    ptr: std::ptr::NonNull<()>,
    type_id: std::any::TypeId,
    drop: unsafe fn(std::ptr::NonNull<()>),
}

impl KindCache {
    /// An empty cache.
    pub(crate) const fn new() -> Self {
        Self {
            slot: std::cell::OnceCell::new(),
        }
    }

    /// The value, made by `make` on first use; None if the cache holds another type.
    #[inline(always)]
    pub(crate) fn get_or_init<T: 'static>(&self, make: impl FnOnce() -> T) -> Option<&T> {
        let erased = self.slot.get_or_init(|| {
            /// Drops the `Box<U>` that `ptr` came from.
            unsafe fn drop_box<U>(ptr: std::ptr::NonNull<()>) {
                // SAFETY: `ptr` came from `Box::<U>::into_raw` and is dropped once.
                drop(unsafe { Box::from_raw(ptr.as_ptr().cast::<U>()) });
            }
            let boxed = Box::new(make());
            Erased {
                // SAFETY: `Box::into_raw` never returns NULL.
                ptr: unsafe { std::ptr::NonNull::new_unchecked(Box::into_raw(boxed).cast()) },
                type_id: std::any::TypeId::of::<T>(),
                drop: drop_box::<T>,
            }
        });
        // SAFETY: the pointer is a live `Box<T>` when the type ids match; it lives as long
        // as the cache, which `&self` borrows.
        (erased.type_id == std::any::TypeId::of::<T>())
            .then(|| unsafe { &*erased.ptr.as_ptr().cast::<T>() })
    }
}

impl Drop for Erased {
    fn drop(&mut self) {
        // SAFETY: `ptr` is the live box that `drop` was made for; this is its only drop.
        unsafe { (self.drop)(self.ptr) }
    }
}

impl Clone for wasm_ref_t {
    /// A copy refers to the same entity; its kind cache is filled again on first use.
    fn clone(&self) -> Self {
        Self {
            store: self.store.clone(),
            data: self.data.clone(),
            kind_cache: KindCache::new(),
        }
    }
}

crate::handle::handle_type!(wasm_ref_t = Ref);

impl wasm_ref_t {
    /// A boxed object of `data` in `store`.
    pub(crate) fn boxed(store: Option<Rc<StoreInner>>, data: RefData) -> Own<Self> {
        Own::new(Self {
            store,
            data,
            kind_cache: KindCache::new(),
        })
    }

    /// The store, for objects that have one.
    pub(crate) fn store(&self) -> Option<&Rc<StoreInner>> {
        self.store.as_ref()
    }

    /// Runs `f` with this object's store context; `None` (with a message) if it has no store.
    pub(crate) fn with_store<R>(&self, what: &str, f: impl FnOnce(Ctx<'_>) -> R) -> Option<R> {
        match &self.store {
            Some(s) => Some(s.with(f)),
            None => {
                set_last_error(format!("{what}: object has no store"));
                None
            }
        }
    }

    /// True when this object lives in the store whose data is `data` (objects of another
    /// store must never reach wasmi, which panics on a store mismatch). Modules belong to no
    /// store and always fit.
    pub(crate) fn in_store_of(&self, data: &crate::store::StoreData) -> bool {
        match &self.store {
            Some(s) => std::ptr::eq(Rc::as_ptr(s), data.owner),
            None => true,
        }
    }

    /// The wasmi value of this object passed as an `externref`.
    pub(crate) fn to_externref(&self, ctx: &mut Ctx<'_>) -> wasmi::ExternRef {
        match &self.data {
            RefData::Foreign(e) => *e,
            other => wasmi::ExternRef::new(ctx, ExternPayload::Object(other.clone())),
        }
    }

    /// The object behind an `externref` that came out of wasm.
    pub(crate) fn from_externref(
        store: &Rc<StoreInner>,
        ctx: &wasmi::StoreContext<'_, crate::store::StoreData>,
        e: wasmi::ExternRef,
    ) -> Own<Self> {
        let data = match e.data(ctx).downcast_ref::<ExternPayload>() {
            Some(ExternPayload::Object(d)) => d.clone(),
            _ => RefData::Foreign(e),
        };
        let store = match &data {
            RefData::Module(_) => None,
            _ => Some(store.clone()),
        };
        Self::boxed(store, data)
    }
}

// ---------------------------------------------------------------------------------------------
// Host info

/// Reads the host info of an object (NULL if none).
pub(crate) fn get_host_info(obj: &wasm_ref_t) -> *mut c_void {
    match &obj.data {
        RefData::Module(m) => m.host_info.get(),
        RefData::Trap(t) => t.host_info.get(),
        data => {
            let id = data.identity();
            obj.with_store("get_host_info", |ctx| {
                ctx.data()
                    .host_info
                    .get(&id)
                    .map_or(std::ptr::null_mut(), |h| h.data)
            })
            .unwrap_or(std::ptr::null_mut())
        }
    }
}

/// Sets (replacing, and finalizing, any previous) host info of an object.
pub(crate) fn set_host_info(obj: &wasm_ref_t, data: *mut c_void, finalizer: Finalizer) {
    let info = HostInfo { data, finalizer };
    match &obj.data {
        RefData::Module(m) => m.host_info.set(info),
        RefData::Trap(t) => t.host_info.set(info),
        d => {
            let id = d.identity();
            let previous = obj.with_store("set_host_info", |mut ctx| {
                ctx.data_mut().host_info.insert(id, info)
            });
            // The old finalizer runs outside the store borrow, so it may call back into wasm.h.
            drop(previous);
        }
    }
}

/// Declares the wasm.h functions of one reference family from its short name, as wasm.h's
/// `WASM_DECLARE_REF` does: `declare_ref!(func)` gives `wasm_func_delete`, `_copy`, `_same`,
/// `_get_host_info`, `_set_host_info`, `_set_host_info_with_finalizer`, `wasm_func_as_ref`,
/// `wasm_func_as_ref_const`, `wasm_ref_as_func` and `wasm_ref_as_func_const`, the casts checking
/// the object's [`RefData`] variant. `declare_ref!(ref)` gives the six that `wasm_ref_t` itself
/// has. Stable `macro_rules!` cannot glue identifiers together, so the one table of names is
/// the first arms below; the bodies are written once, in the `@base` and `@family` arms.
macro_rules! declare_ref {
    (ref) => {
        $crate::r#ref::declare_ref!(@base "ref",
            wasm_ref_delete, wasm_ref_copy, wasm_ref_same,
            wasm_ref_get_host_info, wasm_ref_set_host_info, wasm_ref_set_host_info_with_finalizer);
    };
    (func) => {
        $crate::r#ref::declare_ref!(@family "func", Func(_),
            wasm_func_delete, wasm_func_copy, wasm_func_same,
            wasm_func_get_host_info, wasm_func_set_host_info, wasm_func_set_host_info_with_finalizer,
            wasm_func_as_ref, wasm_func_as_ref_const, wasm_ref_as_func, wasm_ref_as_func_const);
    };
    (global) => {
        $crate::r#ref::declare_ref!(@family "global", Global(_),
            wasm_global_delete, wasm_global_copy, wasm_global_same,
            wasm_global_get_host_info, wasm_global_set_host_info, wasm_global_set_host_info_with_finalizer,
            wasm_global_as_ref, wasm_global_as_ref_const, wasm_ref_as_global, wasm_ref_as_global_const);
    };
    (table) => {
        $crate::r#ref::declare_ref!(@family "table", Table(_),
            wasm_table_delete, wasm_table_copy, wasm_table_same,
            wasm_table_get_host_info, wasm_table_set_host_info, wasm_table_set_host_info_with_finalizer,
            wasm_table_as_ref, wasm_table_as_ref_const, wasm_ref_as_table, wasm_ref_as_table_const);
    };
    (memory) => {
        $crate::r#ref::declare_ref!(@family "memory", Memory(_),
            wasm_memory_delete, wasm_memory_copy, wasm_memory_same,
            wasm_memory_get_host_info, wasm_memory_set_host_info, wasm_memory_set_host_info_with_finalizer,
            wasm_memory_as_ref, wasm_memory_as_ref_const, wasm_ref_as_memory, wasm_ref_as_memory_const);
    };
    (extern) => {
        $crate::r#ref::declare_ref!(@family "extern", Func(_) | Global(_) | Table(_) | Memory(_),
            wasm_extern_delete, wasm_extern_copy, wasm_extern_same,
            wasm_extern_get_host_info, wasm_extern_set_host_info, wasm_extern_set_host_info_with_finalizer,
            wasm_extern_as_ref, wasm_extern_as_ref_const, wasm_ref_as_extern, wasm_ref_as_extern_const);
    };
    (instance) => {
        $crate::r#ref::declare_ref!(@family "instance", Instance(_),
            wasm_instance_delete, wasm_instance_copy, wasm_instance_same,
            wasm_instance_get_host_info, wasm_instance_set_host_info, wasm_instance_set_host_info_with_finalizer,
            wasm_instance_as_ref, wasm_instance_as_ref_const, wasm_ref_as_instance, wasm_ref_as_instance_const);
    };
    (module) => {
        $crate::r#ref::declare_ref!(@family "module", Module(_),
            wasm_module_delete, wasm_module_copy, wasm_module_same,
            wasm_module_get_host_info, wasm_module_set_host_info, wasm_module_set_host_info_with_finalizer,
            wasm_module_as_ref, wasm_module_as_ref_const, wasm_ref_as_module, wasm_ref_as_module_const);
    };
    (trap) => {
        $crate::r#ref::declare_ref!(@family "trap", Trap(_),
            wasm_trap_delete, wasm_trap_copy, wasm_trap_same,
            wasm_trap_get_host_info, wasm_trap_set_host_info, wasm_trap_set_host_info_with_finalizer,
            wasm_trap_as_ref, wasm_trap_as_ref_const, wasm_ref_as_trap, wasm_ref_as_trap_const);
    };
    (foreign) => {
        $crate::r#ref::declare_ref!(@family "foreign", Foreign(_),
            wasm_foreign_delete, wasm_foreign_copy, wasm_foreign_same,
            wasm_foreign_get_host_info, wasm_foreign_set_host_info, wasm_foreign_set_host_info_with_finalizer,
            wasm_foreign_as_ref, wasm_foreign_as_ref_const, wasm_ref_as_foreign, wasm_ref_as_foreign_const);
    };

    (@base $name:literal, $delete:ident, $copy:ident, $same:ident, $get:ident, $set:ident,
     $setf:ident) => {
        #[doc = concat!("Deletes this `", $name, "` handle (NULL is a no-op); the entity lives on in its store.")]
        #[no_mangle]
        pub extern "C" fn $delete(obj: Option<$crate::handle::Own<$crate::r#ref::wasm_ref_t>>) {
            let obj = $crate::handle::live_own(obj);
            $crate::error::guard(|| (), || drop(obj));
        }

        #[doc = concat!("Another handle of the same `", $name, "` (NULL for NULL).")]
        #[no_mangle]
        pub extern "C" fn $copy(
            obj: Option<&$crate::r#ref::wasm_ref_t>,
        ) -> Option<$crate::handle::Own<$crate::r#ref::wasm_ref_t>> {
            $crate::error::guard(|| None, || {
                let obj = $crate::handle::live(obj);
                $crate::error::need(obj, stringify!($copy)).map(|o| $crate::handle::Own::new(o.clone()))
            })
        }

        #[doc = concat!("True when both handles denote the same `", $name, "` entity.")]
        #[no_mangle]
        pub extern "C" fn $same(
            a: Option<&$crate::r#ref::wasm_ref_t>,
            b: Option<&$crate::r#ref::wasm_ref_t>,
        ) -> bool {
            let a = $crate::handle::live(a);
            let b = $crate::handle::live(b);
            match (a, b) {
                (Some(a), Some(b)) => a.data.identity() == b.data.identity(),
                _ => false,
            }
        }

        #[doc = concat!("The host info of the `", $name, "` (shared by all its handles; NULL if unset).")]
        #[no_mangle]
        pub extern "C" fn $get(obj: Option<&$crate::r#ref::wasm_ref_t>) -> *mut ::std::ffi::c_void {
            let obj = $crate::handle::live(obj);
            match obj {
                Some(o) => $crate::error::guard(::std::ptr::null_mut, || $crate::r#ref::get_host_info(o)),
                None => ::std::ptr::null_mut(),
            }
        }

        #[doc = concat!("Sets host info of the `", $name, "` without a finalizer.")]
        #[no_mangle]
        pub extern "C" fn $set(obj: Option<&$crate::r#ref::wasm_ref_t>, info: *mut ::std::ffi::c_void) {
            let obj = $crate::handle::live(obj);
            if let Some(o) = obj {
                $crate::error::guard(|| (), || $crate::r#ref::set_host_info(o, info, None));
            }
        }

        #[doc = concat!("Sets host info of the `", $name, "` with a finalizer that runs exactly once (see README for when).")]
        #[no_mangle]
        pub extern "C" fn $setf(
            obj: Option<&$crate::r#ref::wasm_ref_t>,
            info: *mut ::std::ffi::c_void,
            finalizer: $crate::r#ref::Finalizer,
        ) {
            let obj = $crate::handle::live(obj);
            if let Some(o) = obj {
                $crate::error::guard(|| (), || $crate::r#ref::set_host_info(o, info, finalizer));
            }
        }
    };
    (@family $name:literal, $($variant:ident(_))|+, $delete:ident, $copy:ident, $same:ident,
     $get:ident, $set:ident, $setf:ident, $as_ref:ident, $as_ref_const:ident, $ref_as:ident,
     $ref_as_const:ident) => {
        $crate::r#ref::declare_ref!(@base $name, $delete, $copy, $same, $get, $set, $setf);

        #[doc = concat!("Views a `", $name, "` as a `wasm_ref_t` (same object).")]
        #[no_mangle]
        pub extern "C" fn $as_ref(obj: *mut $crate::r#ref::wasm_ref_t) -> *mut $crate::r#ref::wasm_ref_t {
            obj
        }

        #[doc = concat!("Views a `", $name, "` as a const `wasm_ref_t` (same object).")]
        #[no_mangle]
        pub extern "C" fn $as_ref_const(
            obj: *const $crate::r#ref::wasm_ref_t,
        ) -> *const $crate::r#ref::wasm_ref_t {
            obj
        }

        #[doc = concat!("The `", $name, "` a ref denotes, or NULL when it is something else.")]
        ///
        /// # Safety
        /// `r` must be NULL or a valid object.
        #[no_mangle]
        pub unsafe extern "C" fn $ref_as(r: *mut $crate::r#ref::wasm_ref_t) -> *mut $crate::r#ref::wasm_ref_t {
            let r = $crate::handle::live_ptr_mut(r);
            match r.as_ref() {
                Some(o) if matches!(o.data, $($crate::r#ref::RefData::$variant(_))|+) => r,
                _ => ::std::ptr::null_mut(),
            }
        }

        #[doc = concat!("The const `", $name, "` a ref denotes, or NULL when it is something else.")]
        ///
        /// # Safety
        /// `r` must be NULL or a valid object.
        #[no_mangle]
        pub unsafe extern "C" fn $ref_as_const(
            r: *const $crate::r#ref::wasm_ref_t,
        ) -> *const $crate::r#ref::wasm_ref_t {
            let r = $crate::handle::live_ptr(r);
            match r.as_ref() {
                Some(o) if matches!(o.data, $($crate::r#ref::RefData::$variant(_))|+) => r,
                _ => ::std::ptr::null(),
            }
        }
    };
}
pub(crate) use declare_ref;

declare_ref!(ref);

/// Runs a wasm.h body that works on an object's store, with the panic firewall.
pub(crate) fn with_obj<R>(
    obj: Option<&wasm_ref_t>,
    what: &str,
    on_fail: impl Fn() -> R,
    f: impl FnOnce(&wasm_ref_t) -> R,
) -> R {
    match obj {
        Some(o) => guard(&on_fail, || f(o)),
        None => {
            set_last_error(format!("{what}: NULL argument"));
            on_fail()
        }
    }
}
