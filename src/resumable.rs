//! `wacapi_resumable_call_t`: a call that can stop without losing its work — when the store's
//! fuel runs out, at a yield interval, or when a host function asks — and be resumed later.
//!
//! Fuel could otherwise only kill a guest: the call trapped and everything it had computed was
//! gone. wasmi can pause a call instead (`Func::call_resumable`); this makes that available to
//! C. A paused call holds its own wasm stack; the store stays usable meanwhile (other calls,
//! refuelling with `wacapi_store_set_fuel`), and deleting the call abandons it.

use crate::control::Pause;
use crate::error::{guard, set_last_error};
use crate::func::{callee, storeless_trap, wasm_func_t};
use crate::handle::Own;
use crate::r#ref::{wasm_ref_t, RefData};
use crate::store::{wasm_store_t, Ctx, StoreInner};
use crate::trap::{new_trap, wasm_trap_t, TrapData};
use crate::val::wasm_val_t;
use crate::val::wasm_val_vec_t;
use std::rc::Rc;
use std::sync::Arc;

/// `wacapi_call_state_t`: where a resumable call stands (one of the `WACAPI_CALL_*` values).
pub type wacapi_call_state_t = u8;

/// The `wacapi_call_state_t` values (an enum, so that the header and the generated Python
/// binding both get the constants).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum wacapi_call_state_enum {
    /// The call returned; its results were written by the resume that finished it.
    WACAPI_CALL_FINISHED = 0,
    /// The call trapped (the trap was returned by the call or resume that ended it).
    WACAPI_CALL_TRAPPED = 1,
    /// The store's fuel ran out: set more with `wacapi_store_set_fuel`, then resume.
    WACAPI_CALL_OUT_OF_FUEL = 2,
    /// The store's yield interval (`wacapi_store_set_yield_interval`) was reached; resume
    /// when convenient.
    WACAPI_CALL_YIELDED = 3,
    /// A host function returned `wacapi_trap_new_suspend`: give its results with
    /// `wacapi_resumable_call_set_host_results`, then resume.
    WACAPI_CALL_HOST_SUSPENDED = 4,
}

use wacapi_call_state_enum as S;

/// A call that stopped before its end and may be resumed.
pub struct wacapi_resumable_call_t {
    store: Rc<StoreInner>,
    state: wacapi_call_state_enum,
    /// wasmi's paused call; None once finished or trapped.
    paused: Option<Pause>,
    /// Where wasmi writes the results of the whole call (kept across resumes).
    outputs: Vec<wasmi::Val>,
    /// The results the suspended host function returns when the call resumes.
    host_results: Option<Vec<wasmi::Val>>,
}

crate::handle::handle_type!(wacapi_resumable_call_t = ResumableCall);

/// The state of a call that stopped at `pause`.
fn state_of(pause: &Pause) -> wacapi_call_state_enum {
    match pause {
        Pause::OutOfFuel(_) => S::WACAPI_CALL_OUT_OF_FUEL,
        Pause::Yielded(_) => S::WACAPI_CALL_YIELDED,
        Pause::Host(_) => S::WACAPI_CALL_HOST_SUSPENDED,
    }
}

/// Converts the finished call's results into `results`.
fn write_results(
    store: &Rc<StoreInner>,
    ctx: &Ctx<'_>,
    outputs: &[wasmi::Val],
    results: &mut [wasm_val_t],
) {
    for (slot, v) in results.iter_mut().zip(outputs) {
        *slot = wasm_val_t::from_wasmi(v, store, ctx);
    }
}

/// Calls `func` like `wasm_func_call`, but a call that stops early is handed out instead of
/// lost: then `*call` receives a paused call (state `WACAPI_CALL_OUT_OF_FUEL`, `_YIELDED` or
/// `_HOST_SUSPENDED`) and `results` is not written yet.
///
/// Returns NULL with `*call` NULL when the call finished (results written), an owned trap with
/// `*call` NULL when it trapped (wrong arguments included). A NULL `call` is refused with a
/// trap before anything runs.
///
/// # Safety
/// `args`/`results` must be NULL or valid vectors; `call` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_func_call_resumable(
    func: Option<&wasm_func_t>,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
    call: *mut *mut wacapi_resumable_call_t,
) -> *mut wasm_trap_t {
    const WHAT: &str = "wacapi_func_call_resumable";
    if call.is_null() {
        return storeless_trap(&format!("{WHAT}: call is NULL"));
    }
    call.write(std::ptr::null_mut());
    let (f, handle, store) = match callee(func, WHAT) {
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
                &format!("internal error in {WHAT}"),
                None,
            ))
        },
        || {
            store.with(|mut ctx| {
                let (inputs, mut outputs) =
                    crate::func::prepare_call(&mut ctx, f, handle, args, results.len())?;
                let control = &store.control;
                control.begin(&mut ctx)?;
                let step = handle
                    .call_resumable(&mut ctx, &inputs, &mut outputs)
                    .map_err(TrapData::from_error)?;
                match control.drive(&mut ctx, step, &mut outputs, true)? {
                    None => {
                        write_results(store, &ctx, &outputs, results);
                        Ok(None)
                    }
                    Some(pause) => Ok(Some(wacapi_resumable_call_t {
                        store: store.clone(),
                        state: state_of(&pause),
                        paused: Some(pause),
                        outputs,
                        host_results: None,
                    })),
                }
            })
        },
    );
    match outcome {
        Ok(None) => std::ptr::null_mut(),
        Ok(Some(paused)) => {
            call.write(Own::into_raw(Own::new(paused)));
            std::ptr::null_mut()
        }
        Err(data) => Own::into_raw(new_trap(store, data)),
    }
}

/// Resumes a paused call. Returns an owned trap if it trapped (state `WACAPI_CALL_TRAPPED`);
/// otherwise NULL, and the state says whether it finished (results written to `results`) or
/// paused again. Resuming a call that is still out of fuel pauses it again at once.
///
/// A finished or trapped call, a suspended host call without its results, or too small a
/// `results` vector give a trap and leave the call as it was.
///
/// # Safety
/// `call` must be NULL or a live call; `results` NULL or a valid vector.
#[no_mangle]
pub unsafe extern "C" fn wacapi_resumable_call_resume(
    call: *mut wacapi_resumable_call_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t {
    const WHAT: &str = "wacapi_resumable_call_resume";
    let call = crate::handle::live_ptr_mut(call);
    let Some(call) = call.as_mut() else {
        return storeless_trap(&format!("{WHAT}: call is NULL"));
    };
    let results = match results.as_mut() {
        Some(r) => r.as_mut_slice(),
        None => &mut [][..],
    };
    let store = call.store.clone();
    let refusal = match (&call.paused, call.state) {
        (None, _) => Some("the call has already ended".to_string()),
        _ if results.len() < call.outputs.len() => Some(format!(
            "expected room for {} results, got {}",
            call.outputs.len(),
            results.len()
        )),
        (Some(Pause::Host(_)), _) if call.host_results.is_none() => Some(
            "the suspended host function's results were not given \
             (wacapi_resumable_call_set_host_results)"
                .to_string(),
        ),
        _ => None,
    };
    if let Some(reason) = refusal {
        let msg = format!("{WHAT}: {reason}");
        set_last_error(msg.clone());
        return Own::into_raw(new_trap(&store, TrapData::from_text(&msg, None)));
    }
    let outcome = guard(
        || {
            Err(TrapData::from_text(
                &format!("internal error in {WHAT}"),
                None,
            ))
        },
        || store.with(|mut ctx| resume(call, &mut ctx, results)),
    );
    match outcome {
        Ok(()) => std::ptr::null_mut(),
        Err(data) => {
            call.state = S::WACAPI_CALL_TRAPPED;
            call.paused = None;
            Own::into_raw(new_trap(&store, data))
        }
    }
}

/// [`wacapi_resumable_call_resume`] in the store's context, after its checks.
fn resume(
    call: &mut wacapi_resumable_call_t,
    ctx: &mut Ctx<'_>,
    results: &mut [wasm_val_t],
) -> Result<(), Arc<TrapData>> {
    let control = &call.store.control;
    let Some(pause) = call.paused.take() else {
        return Ok(());
    };
    let step = match pause {
        Pause::Host(host) => {
            let inputs = call.host_results.take().unwrap_or_default();
            control.begin(ctx)?;
            host.resume(&mut *ctx, &inputs, &mut call.outputs)
        }
        Pause::OutOfFuel(paused) | Pause::Yielded(paused) => {
            if let Some(trap) = control.due(false) {
                return Err(trap);
            }
            if !control.refill(ctx, paused.required_fuel()) {
                call.state = S::WACAPI_CALL_OUT_OF_FUEL;
                call.paused = Some(Pause::OutOfFuel(paused));
                return Ok(());
            }
            paused.resume(&mut *ctx, &mut call.outputs)
        }
    }
    .map_err(TrapData::from_error)?;
    match control.drive(ctx, step, &mut call.outputs, true)? {
        None => {
            write_results(&call.store, ctx, &call.outputs, results);
            call.state = S::WACAPI_CALL_FINISHED;
        }
        Some(pause) => {
            call.state = state_of(&pause);
            call.paused = Some(pause);
        }
    }
    Ok(())
}

/// Where `call` stands (`WACAPI_CALL_TRAPPED` for NULL, noted in `wacapi_last_error`).
///
/// # Safety
/// `call` must be NULL or a live call.
#[no_mangle]
pub unsafe extern "C" fn wacapi_resumable_call_state(
    call: *const wacapi_resumable_call_t,
) -> wacapi_call_state_t {
    match crate::handle::live(call.as_ref()) {
        Some(c) => c.state as wacapi_call_state_t,
        None => {
            set_last_error("wacapi_resumable_call_state: call is NULL");
            S::WACAPI_CALL_TRAPPED as wacapi_call_state_t
        }
    }
}

/// Gives the results the suspended host function returns when `call` resumes (state
/// `WACAPI_CALL_HOST_SUSPENDED`), checked against that function's result types; references
/// are borrowed. Returns false, with the reason in `wacapi_last_error`, for a NULL argument,
/// a call in another state, or values of the wrong number or types.
///
/// # Safety
/// `call` must be NULL or a live call; `results` NULL or a valid vector.
#[no_mangle]
pub unsafe extern "C" fn wacapi_resumable_call_set_host_results(
    call: *mut wacapi_resumable_call_t,
    results: *const wasm_val_vec_t,
) -> bool {
    const WHAT: &str = "wacapi_resumable_call_set_host_results";
    let call = crate::handle::live_ptr_mut(call);
    let Some(call) = call.as_mut() else {
        set_last_error(format!("{WHAT}: call is NULL"));
        return false;
    };
    let Some(Pause::Host(host)) = &call.paused else {
        set_last_error(format!(
            "{WHAT}: the call is not suspended in a host function"
        ));
        return false;
    };
    let host_func = host.host_func();
    let values = results.as_ref().map_or(&[][..], |r| r.as_slice());
    let store = call.store.clone();
    let converted = guard(
        || Err(format!("internal error in {WHAT}")),
        || {
            store.with(|mut ctx| {
                let ty = host_func.ty(&ctx);
                if values.len() != ty.results().len() {
                    return Err(format!(
                        "expected {} results, got {}",
                        ty.results().len(),
                        values.len()
                    ));
                }
                values
                    .iter()
                    .zip(ty.results())
                    .enumerate()
                    .map(|(i, (v, t))| {
                        v.as_wasmi(&mut ctx, *t)
                            .map_err(|e| format!("result {i}: {e}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
        },
    );
    match converted {
        Ok(vals) => {
            call.host_results = Some(vals);
            true
        }
        Err(e) => {
            set_last_error(format!("{WHAT}: {e}"));
            false
        }
    }
}

/// Abandons a call (paused or not) and frees it; NULL is ignored.
///
/// # Safety
/// `call` must be NULL or a call whose ownership the caller passes.
#[no_mangle]
pub unsafe extern "C" fn wacapi_resumable_call_delete(call: *mut wacapi_resumable_call_t) {
    let call = crate::handle::from_c(call);
    guard(|| (), || drop(call));
}

/// The message of the trap a host callback returns to ask for suspension; a call that cannot
/// be suspended ends with it as its trap.
const SUSPEND_MESSAGE: &str = "a host function asked to suspend the call, which only a call \
     made with wacapi_func_call_resumable can do";

/// Makes the trap a host callback returns to ask for its call to be suspended (NULL for a NULL
/// store).
///
/// In a call made with `wacapi_func_call_resumable` the call pauses with the state
/// `WACAPI_CALL_HOST_SUSPENDED`; the host function's results are given later with
/// `wacapi_resumable_call_set_host_results`. Any other call (`wasm_func_call`, or a call nested
/// inside a host callback) ends with this as an ordinary trap whose message says so.
#[no_mangle]
pub extern "C" fn wacapi_trap_new_suspend(store: Option<&wasm_store_t>) -> *mut wasm_trap_t {
    let Some(store) = crate::handle::live(store) else {
        set_last_error("wacapi_trap_new_suspend: store is NULL");
        return std::ptr::null_mut();
    };
    let mut data = TrapData::from_text(SUSPEND_MESSAGE, None);
    if let Some(d) = Arc::get_mut(&mut data) {
        d.suspend = true;
    }
    Own::into_raw(wasm_ref_t::boxed(
        Some(store.inner.clone()),
        RefData::Trap(data),
    ))
}
