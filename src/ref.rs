//! `wasm_ref_t`: the one object behind every wasm.h reference type.
//!
//! `wasm_func_t`, `wasm_global_t`, `wasm_table_t`, `wasm_memory_t`, `wasm_extern_t`,
//! `wasm_instance_t`, `wasm_module_t`, `wasm_trap_t` and `wasm_foreign_t` are all this type.
//! That makes every `_as_ref`/`_as_extern` a free cast, every `wasm_ref_as_X` a checked one,
//! and `wasm_ref_delete` correct on whatever a ref really is (C code does delete foreign
//! objects through `wasm_ref_delete(wasm_foreign_as_ref(...))`).
//!
//! Identity: wasmi handles are `Copy` but not comparable, so [`Identity`] is computed from
//! the handle's bits (a store id and an index, 8 bytes, checked at compile time). `_same`
//! compares identities; host info of store entities lives in the store keyed by identity, so
//! every wrapper of one entity sees the same host info.

use crate::error::{guard, set_last_error};
use crate::handle::Own;
use crate::instance::InstanceData;
use crate::module::ModuleInner;
use crate::store::{Ctx, StoreInner};
use crate::trap::TrapData;
use std::ffi::c_void;
use std::rc::Rc;
use std::sync::Arc;

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
            // A panic cannot come out of C; the finalizer is the host's code.
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

/// What a reference object denotes.
#[derive(Clone)]
pub(crate) enum RefData {
    Func(wasmi::Func),
    Global(wasmi::Global),
    Table(wasmi::Table),
    Memory(wasmi::Memory),
    Instance(InstanceData),
    Module(Arc<ModuleInner>),
    Trap(Arc<TrapData>),
    /// A foreign object: an externref whose payload is [`ExternPayload::Foreign`].
    Foreign(wasmi::ExternRef),
}

/// The payload we put into wasmi externrefs: a foreign object, or another reference object
/// passed as `externref` (it comes back as that same object).
pub(crate) enum ExternPayload {
    Foreign,
    Object(RefData),
}

// SAFETY: the handles inside are plain indices; Arc'd module/trap data is Send + Sync.
unsafe impl Send for ExternPayload {}
unsafe impl Sync for ExternPayload {}

/// The identity of an entity: a kind tag plus handle bits or a unique id.
pub(crate) type Identity = (u8, u64);

/// The 8 bytes of a wasmi handle (store id + index), used as its identity.
#[inline]
pub(crate) fn handle_bits<H: Copy>(handle: &H) -> u64 {
    const { assert!(std::mem::size_of::<H>() == 8) };
    // SAFETY: wasmi handles are two initialised 32-bit integers without padding.
    unsafe { std::mem::transmute_copy::<H, u64>(handle) }
}

impl RefData {
    /// The identity of the denoted entity.
    pub(crate) fn identity(&self) -> Identity {
        match self {
            RefData::Func(f) => (1, handle_bits(f)),
            RefData::Global(g) => (2, handle_bits(g)),
            RefData::Table(t) => (3, handle_bits(t)),
            RefData::Memory(m) => (4, handle_bits(m)),
            RefData::Instance(i) => (5, handle_bits(&i.instance)),
            RefData::Module(m) => (6, Arc::as_ptr(m) as usize as u64),
            RefData::Trap(t) => (7, t.id),
            RefData::Foreign(e) => (8, handle_bits(e)),
        }
    }

    /// Name of the kind for messages.
    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            RefData::Func(_) => "func",
            RefData::Global(_) => "global",
            RefData::Table(_) => "table",
            RefData::Memory(_) => "memory",
            RefData::Instance(_) => "instance",
            RefData::Module(_) => "module",
            RefData::Trap(_) => "trap",
            RefData::Foreign(_) => "foreign",
        }
    }

    /// The wasmi extern of a func/global/table/memory.
    pub(crate) fn as_extern(&self) -> Option<wasmi::Extern> {
        Some(match self {
            RefData::Func(f) => wasmi::Extern::Func(*f),
            RefData::Global(g) => wasmi::Extern::Global(*g),
            RefData::Table(t) => wasmi::Extern::Table(*t),
            RefData::Memory(m) => wasmi::Extern::Memory(*m),
            _ => return None,
        })
    }

    /// The ref data of a wasmi extern.
    pub(crate) fn from_extern(ext: wasmi::Extern) -> Self {
        match ext {
            wasmi::Extern::Func(f) => RefData::Func(f),
            wasmi::Extern::Global(g) => RefData::Global(g),
            wasmi::Extern::Table(t) => RefData::Table(t),
            wasmi::Extern::Memory(m) => RefData::Memory(m),
        }
    }
}

/// A reference object (see the module docs for the aliases).
#[derive(Clone)]
pub struct wasm_ref_t {
    /// The store of store-owned entities (None for modules, which belong to the engine).
    pub(crate) store: Option<Rc<StoreInner>>,
    pub(crate) data: RefData,
    /// Cached signature of a func (the call path's type check without a wasmi lookup).
    pub(crate) sig: std::cell::OnceCell<Rc<crate::func::FuncSig>>,
}

impl wasm_ref_t {
    /// A boxed object of `data` in `store`.
    pub(crate) fn boxed(store: Option<Rc<StoreInner>>, data: RefData) -> Own<Self> {
        Own::new(Self {
            store,
            data,
            sig: std::cell::OnceCell::new(),
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

/// Declares the reference family of one wasm.h type: delete, copy, same, host info and,
/// unless it is `ref` itself, the `as_ref`/`ref_as` casts (checked with `$is`).
macro_rules! declare_ref {
    (base $name:literal, $delete:ident, $copy:ident, $same:ident, $get:ident, $set:ident, $setf:ident) => {
        #[doc = concat!("Deletes this `", $name, "` handle (NULL is a no-op); the entity lives on in its store.")]
        #[no_mangle]
        pub extern "C" fn $delete(obj: Option<$crate::handle::Own<$crate::r#ref::wasm_ref_t>>) {
    let obj = $crate::handle::live_own(obj);
            $crate::error::guard(|| (), || drop(obj));
        }

        #[doc = concat!("Another handle of the same `", $name, "` (NULL for NULL).")]
        #[no_mangle]
        pub extern "C" fn $copy(obj: Option<&$crate::r#ref::wasm_ref_t>) -> Option<$crate::handle::Own<$crate::r#ref::wasm_ref_t>> {
    $crate::error::guard(|| None, || {
    let obj = $crate::handle::live(obj);
            $crate::error::need(obj, stringify!($copy)).map(|o| $crate::handle::Own::new(o.clone()))
        })
}

        #[doc = concat!("True when both handles denote the same `", $name, "` entity.")]
        #[no_mangle]
        pub extern "C" fn $same(a: Option<&$crate::r#ref::wasm_ref_t>, b: Option<&$crate::r#ref::wasm_ref_t>) -> bool {
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
    ($name:literal, $is:expr, $delete:ident, $copy:ident, $same:ident, $get:ident, $set:ident, $setf:ident,
     $as_ref:ident, $as_ref_const:ident, $ref_as:ident, $ref_as_const:ident) => {
        $crate::r#ref::declare_ref!(base $name, $delete, $copy, $same, $get, $set, $setf);

        #[doc = concat!("Views a `", $name, "` as a `wasm_ref_t` (same object).")]
        #[no_mangle]
        pub extern "C" fn $as_ref(obj: *mut $crate::r#ref::wasm_ref_t) -> *mut $crate::r#ref::wasm_ref_t {
            obj
        }

        #[doc = concat!("Views a `", $name, "` as a const `wasm_ref_t` (same object).")]
        #[no_mangle]
        pub extern "C" fn $as_ref_const(obj: *const $crate::r#ref::wasm_ref_t) -> *const $crate::r#ref::wasm_ref_t {
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
                Some(o) if ($is)(&o.data) => r,
                _ => ::std::ptr::null_mut(),
            }
        }

        #[doc = concat!("The const `", $name, "` a ref denotes, or NULL when it is something else.")]
        ///
        /// # Safety
        /// `r` must be NULL or a valid object.
        #[no_mangle]
        pub unsafe extern "C" fn $ref_as_const(r: *const $crate::r#ref::wasm_ref_t) -> *const $crate::r#ref::wasm_ref_t {
    let r = $crate::handle::live_ptr(r);
            match r.as_ref() {
                Some(o) if ($is)(&o.data) => r,
                _ => ::std::ptr::null(),
            }
        }
    };
}
pub(crate) use declare_ref;

declare_ref!(base "ref", wasm_ref_delete, wasm_ref_copy, wasm_ref_same, wasm_ref_get_host_info, wasm_ref_set_host_info, wasm_ref_set_host_info_with_finalizer);

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
