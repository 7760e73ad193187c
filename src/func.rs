//! `wasm_func_t`: host functions made from C callbacks, and calls into any function.
//!
//! Calls avoid heap allocation for up to [`INLINE_VALS`] parameters and results: values are
//! converted into stack arrays. Host callbacks get vec pointers to such arrays (an empty vec
//! always has `data == NULL`) and run with the caller's context published for re-entrancy.

use crate::error::{guard, set_last_error};
use crate::handle::Own;
use crate::r#ref::{declare_ref, wasm_ref_t, RefData};
use crate::store::{wasm_store_t, Ctx, StoreData, StoreInner};
use crate::trap::{new_trap, trap_data, HostTrap, TrapData};
use crate::types::*;
use crate::val::wasm_val_t;
use crate::val::wasm_val_vec_t;
use std::ffi::c_void;
use std::mem::MaybeUninit;
use std::rc::Rc;

/// A function is a reference object of the func kind.
pub type wasm_func_t = wasm_ref_t;

/// `wasm_func_callback_t`.
pub type wasm_func_callback_t = unsafe extern "C" fn(
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_ref_t;
/// `wasm_func_callback_with_env_t`.
pub type wasm_func_callback_with_env_t = unsafe extern "C" fn(
    env: *mut c_void,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_ref_t;

/// Parameter/result counts handled without heap allocation.
const INLINE_VALS: usize = 8;

/// The value types of a function, cached per func object so calls skip wasmi's type lookup.
pub(crate) struct FuncSig {
    pub(crate) params: Box<[wasmi::ValType]>,
    /// The wasm.h kinds of `params`, for the numeric fast path.
    pub(crate) param_kinds: Box<[wasm_valkind_t]>,
    pub(crate) results: Box<[wasmi::ValType]>,
    /// Why `wasm_func_call` cannot make this call (a v128 parameter or result), if it cannot.
    unreachable_by_wasm_val: Option<Box<str>>,
    /// The typed call of this function, for the common numeric signatures (src/typed.rs).
    entry: Option<Box<dyn crate::typed::CallEntry>>,
}

impl FuncSig {
    fn of(ctx: &Ctx<'_>, func: wasmi::Func) -> Self {
        let ty = func.ty(ctx);
        Self {
            params: ty.params().into(),
            param_kinds: ty.params().iter().map(|t| kind_from_wasmi(*t)).collect(),
            results: ty.results().into(),
            unreachable_by_wasm_val: crate::val::first_v128(&ty).map(Into::into),
            entry: crate::typed::call_entry(ctx, func, &ty),
        }
    }
}

/// The host-side closure state: the C callback, its env and the env's finalizer.
struct HostCallback {
    callback: Callback,
    env: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
    result_kinds: Box<[wasm_valkind_t]>,
    /// Whether any parameter is a reference (only then do arguments own handles to release).
    params_have_refs: bool,
}

#[derive(Clone, Copy)]
enum Callback {
    Plain(wasm_func_callback_t),
    WithEnv(wasm_func_callback_with_env_t),
}

// SAFETY: a store is single-threaded; wasmi requires Send + Sync of host closures only
// because stores may move between threads as a whole, which C code may do as well.
unsafe impl Send for HostCallback {}
unsafe impl Sync for HostCallback {}

impl Drop for HostCallback {
    fn drop(&mut self) {
        if let Some(f) = self.finalizer.take() {
            unsafe { f(self.env) };
        }
    }
}

impl HostCallback {
    /// Runs the C callback for one call from wasm (or from the host through wasmi), for
    /// signatures without a typed form ([`crate::typed`] has the others).
    fn invoke(
        &self,
        mut caller: wasmi::Caller<'_, StoreData>,
        params: &[wasmi::Val],
        results: &mut [wasmi::Val],
    ) -> Result<(), wasmi::Error> {
        // SAFETY: the store is running this call, so its owner is alive.
        let store = unsafe { StoreInner::from_data(caller.data()) };
        let ctx = wasmi::AsContext::as_context(&caller);
        let arg = |i: usize| wasm_val_t::from_wasmi_ctx(&params[i], &store, &ctx);
        let out = |i: usize| wasm_val_t::zero(self.result_kinds[i]);
        if params.len() > INLINE_VALS || results.len() > INLINE_VALS {
            let mut args: Vec<wasm_val_t> = (0..params.len()).map(arg).collect();
            let mut outs: Vec<wasm_val_t> = (0..results.len()).map(out).collect();
            self.run_c(&store, &mut caller, &mut args, &mut outs)?;
            self.convert_results(&mut caller, &mut outs, results)?;
            return after_host_call(&store);
        }
        // C values are plain data: zero-filled arrays on this frame, no allocation.
        let mut args = [wasm_val_t::zero(WASM_I32); INLINE_VALS];
        let mut outs = [wasm_val_t::zero(WASM_I32); INLINE_VALS];
        for (i, slot) in args[..params.len()].iter_mut().enumerate() {
            *slot = arg(i);
        }
        for (i, slot) in outs[..results.len()].iter_mut().enumerate() {
            *slot = out(i);
        }
        let (n, m) = (params.len(), results.len());
        self.run_c(&store, &mut caller, &mut args[..n], &mut outs[..m])?;
        self.convert_results(&mut caller, &mut outs[..m], results)?;
        after_host_call(&store)
    }

    /// Calls the C function on prepared argument/result vectors: afterwards the arguments'
    /// references are released, and a returned trap becomes the call's error (with the
    /// results' references released).
    #[inline(always)]
    fn run_c(
        &self,
        store: &Rc<StoreInner>,
        caller: &mut wasmi::Caller<'_, StoreData>,
        args_slice: &mut [wasm_val_t],
        outs_slice: &mut [wasm_val_t],
    ) -> Result<(), wasmi::Error> {
        // Host calls that re-enter wasm nest on the native stack: end the chain with a trap
        // before the thread's stack runs out (see `crate::stack`).
        if !crate::stack::enough_left(store.host_depth()) {
            return Err(wasmi::Error::host(HostTrap(TrapData::from_text(
                "call stack exhausted: host calls nested too deeply for the native stack",
                None,
            ))));
        }
        let args_vec = vec_view(args_slice);
        let mut outs_vec = vec_view(outs_slice);
        let trap = {
            let _active = store.enter_host_call(caller);
            unsafe {
                match self.callback {
                    Callback::Plain(cb) => cb(&args_vec, &mut outs_vec),
                    Callback::WithEnv(cb) => cb(self.env, &args_vec, &mut outs_vec),
                }
            }
        };
        if self.params_have_refs {
            for a in args_slice.iter_mut() {
                a.release_ref();
            }
        }
        if trap.is_null() {
            return Ok(());
        }
        for o in outs_slice.iter_mut() {
            o.release_ref();
        }
        // A pointer that is not a live trap is reported as such and never freed.
        let live = crate::handle::live_ptr_mut(trap);
        let trap = (!live.is_null()).then(|| unsafe { Own::from_raw(live) });
        let data = match trap.as_deref().and_then(trap_data) {
            Some(d) => d.clone(),
            None => {
                TrapData::from_text("host callback returned a non-trap object as its trap", None)
            }
        };
        Err(wasmi::Error::host(HostTrap(data)))
    }

    /// Converts the values a C callback wrote into `results`, releasing their references; a
    /// value of the wrong type is the call's error.
    fn convert_results(
        &self,
        caller: &mut wasmi::Caller<'_, StoreData>,
        outs_slice: &mut [wasm_val_t],
        results: &mut [wasmi::Val],
    ) -> Result<(), wasmi::Error> {
        let mut ctx = wasmi::AsContextMut::as_context_mut(caller);
        let mut failure = None;
        for (i, (o, r)) in outs_slice.iter_mut().zip(results.iter_mut()).enumerate() {
            if failure.is_some() {
                o.release_ref();
                continue;
            }
            if let Some(v) = o.num_as_wasmi(self.result_kinds[i]) {
                *r = v;
                continue;
            }
            let expected = kind_to_wasmi(self.result_kinds[i]).unwrap_or(wasmi::ValType::I32);
            match o.as_wasmi(&mut ctx, expected) {
                Ok(v) => *r = v,
                Err(e) => failure = Some(format!("host callback result {i}: {e}")),
            }
            o.release_ref();
        }
        match failure {
            Some(msg) => Err(wasmi::Error::host(HostTrap(TrapData::from_text(
                &msg, None,
            )))),
            None => Ok(()),
        }
    }
}

impl crate::typed::HostCall for HostCallback {
    #[inline]
    fn call<R: crate::typed::Res>(
        &self,
        mut caller: wasmi::Caller<'_, StoreData>,
        args: &mut [wasm_val_t],
    ) -> Result<R, wasmi::Error> {
        // SAFETY: the store is running this call, so its owner is alive.
        let store = unsafe { StoreInner::from_data(caller.data()) };
        let mut room = [wasm_val_t::zero(R::KIND)];
        let outs = &mut room[..R::ARITY];
        self.run_c(&store, &mut caller, args, outs)?;
        let result = match R::get(outs) {
            Some(r) => r,
            // The general conversion says what is wrong with the value (and releases it).
            None => {
                let mut scratch = [wasmi::Val::I32(0)];
                self.convert_results(&mut caller, outs, &mut scratch[..R::ARITY])?;
                return Err(wasmi::Error::host(HostTrap(TrapData::from_text(
                    "host callback result 0: wrong type",
                    None,
                ))));
            }
        };
        after_host_call(&store)?;
        Ok(result)
    }
}

/// What every host callback does on its way back into a call: a sliced call may end there
/// (`wacapi_interrupt`).
#[inline(always)]
fn after_host_call(store: &StoreInner) -> Result<(), wasmi::Error> {
    match store.control.active() {
        true => store.control.after_host_call(),
        false => Ok(()),
    }
}

/// A `wasm_val_vec_t` borrowing `vals` (data NULL when empty).
#[inline]
fn vec_view(vals: &mut [wasm_val_t]) -> wasm_val_vec_t {
    wasm_val_vec_t {
        size: vals.len(),
        data: if vals.is_empty() {
            std::ptr::null_mut()
        } else {
            vals.as_mut_ptr()
        },
    }
}

/// Makes a host function in `store` for `ty` calling `callback`.
fn new_host_func(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_functype_t>,
    callback: Callback,
    env: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) -> Option<Own<wasm_func_t>> {
    // Until the function exists, `pending` owns the env: on any failure it is dropped and runs
    // the finalizer, so the env is not leaked; on success the closure owns it.
    let mut pending = HostCallback {
        callback,
        env,
        finalizer,
        result_kinds: Box::new([]),
        params_have_refs: false,
    };
    let (Some(store), Some(ty)) = (store, ty) else {
        set_last_error("wasm_func_new: store or type is NULL");
        return None;
    };
    let Some(fty) = ty.as_func() else {
        set_last_error("wasm_func_new: type is not a function type");
        return None;
    };
    let wasmi_ty = fty.to_wasmi()?;
    if let Some(place) = crate::val::first_v128(&wasmi_ty) {
        set_last_error(format!(
            "wasm_func_new: {place} has type v128, which a host callback's wasm_val_t cannot carry"
        ));
        return None;
    }
    pending.result_kinds = wasmi_ty
        .results()
        .iter()
        .map(|t| kind_from_wasmi(*t))
        .collect();
    pending.params_have_refs = wasmi_ty.params().iter().any(|t| t.is_ref());
    let host = pending;
    guard(
        || None,
        move || {
            let func = store.inner.with(|mut ctx| {
                match crate::typed::host_func(&mut ctx, &wasmi_ty, host) {
                    Ok(typed) => typed,
                    Err(host) => wasmi::Func::new(ctx, wasmi_ty, move |caller, params, results| {
                        host.invoke(caller, params, results)
                    }),
                }
            });
            Some(wasm_ref_t::boxed(
                Some(store.inner.clone()),
                RefData::Func(func),
            ))
        },
    )
}

/// Makes a host function; the callback gets the arguments and fills in the results.
///
/// # Safety
/// `callback` must be a valid function for the lifetime of the store.
#[no_mangle]
pub unsafe extern "C" fn wasm_func_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_functype_t>,
    callback: Option<wasm_func_callback_t>,
) -> Option<Own<wasm_func_t>> {
    let store = crate::handle::live(store);
    let ty = crate::handle::live(ty);
    let Some(cb) = callback else {
        set_last_error("wasm_func_new: callback is NULL");
        return None;
    };
    new_host_func(store, ty, Callback::Plain(cb), std::ptr::null_mut(), None)
}

/// Makes a host function with an environment; `finalizer(env)` runs when the store is deleted.
///
/// # Safety
/// `callback` must be valid for the lifetime of the store.
#[no_mangle]
pub unsafe extern "C" fn wasm_func_new_with_env(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_functype_t>,
    callback: Option<wasm_func_callback_with_env_t>,
    env: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) -> Option<Own<wasm_func_t>> {
    let store = crate::handle::live(store);
    let ty = crate::handle::live(ty);
    let Some(cb) = callback else {
        set_last_error("wasm_func_new_with_env: callback is NULL");
        if let Some(f) = finalizer {
            f(env);
        }
        return None;
    };
    new_host_func(store, ty, Callback::WithEnv(cb), env, finalizer)
}

/// The wasmi function of a func object.
pub(crate) fn as_func(f: &wasm_func_t) -> Option<wasmi::Func> {
    match f.data {
        RefData::Func(func) => Some(func),
        _ => None,
    }
}

/// The type of a function (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_func_type(f: Option<&wasm_func_t>) -> Option<Own<wasm_functype_t>> {
    let f = crate::handle::live(f);
    let f = f?;
    let func = as_func(f)?;
    guard(
        || None,
        || f.with_store("wasm_func_type", |ctx| functype_from_wasmi(&func.ty(ctx))),
    )
}

/// Number of parameters (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_func_param_arity(f: Option<&wasm_func_t>) -> usize {
    let f = crate::handle::live(f);
    let Some((f, func)) = f.and_then(|f| Some((f, as_func(f)?))) else {
        return 0;
    };
    guard(
        || 0,
        || {
            f.with_store("wasm_func_param_arity", |ctx| func.ty(ctx).params().len())
                .unwrap_or(0)
        },
    )
}

/// Number of results (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_func_result_arity(f: Option<&wasm_func_t>) -> usize {
    let f = crate::handle::live(f);
    let Some((f, func)) = f.and_then(|f| Some((f, as_func(f)?))) else {
        return 0;
    };
    guard(
        || 0,
        || {
            f.with_store("wasm_func_result_arity", |ctx| func.ty(ctx).results().len())
                .unwrap_or(0)
        },
    )
}

/// Calls `func` with `args`, writing `results`; returns NULL on success or an owned trap.
/// Wrong arity or types are reported as a trap ("expected 2 arguments, got 1").
///
/// # Safety
/// `args`/`results` must be NULL or valid vectors; `results` must have room for the results.
#[no_mangle]
pub unsafe extern "C" fn wasm_func_call(
    func: Option<&wasm_func_t>,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut crate::trap::wasm_trap_t {
    let (f, handle, store) = match callee(func, "wasm_func_call") {
        Ok(c) => c,
        Err(trap) => return trap,
    };
    let args = args.as_ref().map_or(&[][..], |a| a.as_slice());
    let results = match results.as_mut() {
        Some(r) => r.as_mut_slice(),
        None => &mut [][..],
    };
    let outcome = guard(
        || {
            Err(TrapData::from_text(
                &format!("internal error: {}", last_error_text()),
                None,
            ))
        },
        || store.with(|mut ctx| call(&mut ctx, f, store, handle, args, results)),
    );
    match outcome {
        Ok(()) => std::ptr::null_mut(),
        Err(data) => Own::into_raw(new_trap(store, data)),
    }
}

/// The callee of a call from C — the func object, its wasmi function and its store — or the
/// trap for a NULL, dead or non-function argument.
pub(crate) fn callee<'f>(
    func: Option<&'f wasm_func_t>,
    what: &str,
) -> Result<(&'f wasm_func_t, wasmi::Func, &'f Rc<StoreInner>), *mut crate::trap::wasm_trap_t> {
    let Some(f) = crate::handle::live(func) else {
        return Err(storeless_trap(&format!("{what}: func is NULL")));
    };
    match (as_func(f), f.store()) {
        (Some(handle), Some(store)) => Ok((f, handle, store)),
        _ => Err(storeless_trap(&format!(
            "{what}: expected a func, got a {}",
            f.data.kind_name()
        ))),
    }
}

/// A trap for a call that cannot reach any store (NULL or non-function callee).
pub(crate) fn storeless_trap(msg: &str) -> *mut crate::trap::wasm_trap_t {
    set_last_error(msg);
    // The recorded text, which also says why a pointer was refused, if it was.
    let trap = TrapData::from_text(&last_error_text(), None);
    Own::into_raw(wasm_ref_t::boxed(None, RefData::Trap(trap)))
}

fn last_error_text() -> String {
    unsafe { std::ffi::CStr::from_ptr(crate::error::wacapi_last_error()) }
        .to_string_lossy()
        .into_owned()
}

/// The cached signature of a func object (computed on first use).
#[inline(always)]
pub(crate) fn signature<'f>(f: &'f wasm_func_t, ctx: &Ctx<'_>, func: wasmi::Func) -> &'f FuncSig {
    match f.kind_cache.get_or_init(|| FuncSig::of(ctx, func)) {
        Some(sig) => sig,
        // Only this module fills a func object's cache, always with its FuncSig.
        None => unreachable!("a func object's cache holds its FuncSig"),
    }
}

/// The call itself, in the store's context.
#[inline]
pub(crate) fn call(
    ctx: &mut Ctx<'_>,
    f: &wasm_func_t,
    store: &Rc<StoreInner>,
    func: wasmi::Func,
    args: &[wasm_val_t],
    results: &mut [wasm_val_t],
) -> Result<(), std::sync::Arc<TrapData>> {
    let sig = signature(f, ctx, func);
    if let Some(done) = sig
        .entry
        .as_ref()
        .and_then(|e| e.call(ctx, store, args, results))
    {
        return done;
    }
    let (params, result_tys) = (&sig.params[..], &sig.results[..]);
    check_call(sig, args.len(), results.len())?;
    if args.len() > INLINE_VALS || result_tys.len() > INLINE_VALS {
        return call_on_heap(ctx, sig, store, func, args, results);
    }
    // The common case, straight-line on this stack frame: wasmi values need no drop, so the
    // uninitialised tails and an early return on a bad argument leak nothing.
    const { assert!(!std::mem::needs_drop::<wasmi::Val>()) };
    let mut inputs = [const { MaybeUninit::<wasmi::Val>::uninit() }; INLINE_VALS];
    for (i, (slot, a)) in inputs.iter_mut().zip(args).enumerate() {
        slot.write(arg_as_wasmi(ctx, a, sig.param_kinds[i], params[i], i)?);
    }
    let mut outputs = [const { MaybeUninit::<wasmi::Val>::uninit() }; INLINE_VALS];
    for slot in &mut outputs[..result_tys.len()] {
        slot.write(wasmi::Val::I32(0));
    }
    // SAFETY: the first `args.len()` / `result_tys.len()` slots were just initialised.
    let (inputs, outputs) = unsafe {
        (
            std::slice::from_raw_parts(inputs.as_ptr().cast::<wasmi::Val>(), args.len()),
            std::slice::from_raw_parts_mut(
                outputs.as_mut_ptr().cast::<wasmi::Val>(),
                result_tys.len(),
            ),
        )
    };
    crate::control::call(ctx, store, func, inputs, outputs)?;
    for (slot, v) in results.iter_mut().zip(outputs.iter()) {
        *slot = wasm_val_t::from_wasmi(v, store, ctx);
    }
    Ok(())
}

/// One argument as a wasmi value: the numeric fast path, else the checked general one.
#[inline(always)]
fn arg_as_wasmi(
    ctx: &mut Ctx<'_>,
    arg: &wasm_val_t,
    kind: wasm_valkind_t,
    ty: wasmi::ValType,
    index: usize,
) -> Result<wasmi::Val, std::sync::Arc<TrapData>> {
    match arg.num_as_wasmi(kind) {
        Some(v) => Ok(v),
        None => arg
            .as_wasmi(ctx, ty)
            .map_err(|e| call_error(format!("argument {index}: {e}"))),
    }
}

/// [`call`] for functions with more than `INLINE_VALS` parameters or results.
#[cold]
fn call_on_heap(
    ctx: &mut Ctx<'_>,
    sig: &FuncSig,
    store: &Rc<StoreInner>,
    func: wasmi::Func,
    args: &[wasm_val_t],
    results: &mut [wasm_val_t],
) -> Result<(), std::sync::Arc<TrapData>> {
    let (inputs, mut outputs) = heap_values(ctx, sig, args)?;
    crate::control::call(ctx, store, func, &inputs, &mut outputs)?;
    for (slot, v) in results.iter_mut().zip(outputs.iter()) {
        *slot = wasm_val_t::from_wasmi(v, store, ctx);
    }
    Ok(())
}

/// The arguments of a call as wasmi values and zeroed room for its results, on the heap.
fn heap_values(
    ctx: &mut Ctx<'_>,
    sig: &FuncSig,
    args: &[wasm_val_t],
) -> Result<(Vec<wasmi::Val>, Vec<wasmi::Val>), std::sync::Arc<TrapData>> {
    let mut inputs = Vec::with_capacity(args.len());
    for (i, a) in args.iter().enumerate() {
        inputs.push(arg_as_wasmi(ctx, a, sig.param_kinds[i], sig.params[i], i)?);
    }
    Ok((inputs, vec![wasmi::Val::I32(0); sig.results.len()]))
}

/// Checks a call of `f` the way [`wasm_func_call`] does (v128, arity, room for results) and
/// converts its arguments, for calls that keep their values on the heap (resumable calls).
pub(crate) fn prepare_call(
    ctx: &mut Ctx<'_>,
    f: &wasm_func_t,
    func: wasmi::Func,
    args: &[wasm_val_t],
    room: usize,
) -> Result<(Vec<wasmi::Val>, Vec<wasmi::Val>), std::sync::Arc<TrapData>> {
    let sig = signature(f, ctx, func);
    check_call(sig, args.len(), room)?;
    heap_values(ctx, sig, args)
}

/// The checks every call from C makes before converting anything.
#[inline]
fn check_call(sig: &FuncSig, nargs: usize, room: usize) -> Result<(), std::sync::Arc<TrapData>> {
    if let Some(place) = &sig.unreachable_by_wasm_val {
        return Err(call_error(format!(
            "{place} has type v128, which wasm_val_t cannot carry; call it with wacapi_func_call"
        )));
    }
    if nargs != sig.params.len() {
        return Err(call_error(format!(
            "expected {} arguments, got {}",
            sig.params.len(),
            nargs
        )));
    }
    if room < sig.results.len() {
        return Err(call_error(format!(
            "expected room for {} results, got {}",
            sig.results.len(),
            room
        )));
    }
    Ok(())
}

/// A trap for a call the caller got wrong; also recorded as the last error.
pub(crate) fn call_error(msg: String) -> std::sync::Arc<TrapData> {
    set_last_error(msg.clone());
    TrapData::from_text(&msg, None)
}

declare_ref!(func);
