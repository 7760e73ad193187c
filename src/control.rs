//! Execution control: stopping a running guest from outside it — an interrupt from any thread,
//! a wall-clock deadline, a check the embedder is asked at intervals — and keeping the store
//! usable afterwards.
//!
//! wasmi has no epochs and no signals; what it has is fuel, and calls that pause instead of
//! trapping when their fuel runs out (`Func::call_resumable`). So the calls of a store whose
//! engine meters fuel (`wacapi_config_interruptible`, or `wacapi_config_consume_fuel`) and that
//! something watches (an interrupt handle exists, a deadline or an interrupt check is set) run
//! in *slices*: wasmi gets at most [`WACAPI_DEFAULT_FUEL_SLICE`] units of fuel at a time (changeable with
//! `wacapi_store_set_fuel_slice`). When a slice is used up the call pauses, wacapi looks at the
//! interrupt flag, the deadline and the check, and either resumes with the next slice or ends
//! the call with the trap "interrupted" or "deadline exceeded".
//!
//! The fuel not handed to wasmi waits in [`Control::reserve`]: the fuel the embedder sees
//! (`wacapi_store_get_fuel`) is always `reserve + wasmi's fuel`, so slicing never changes how
//! much a guest may run. A store whose engine meters only for interruption has unlimited fuel.
//!
//! **Bound on lateness**: one slice of guest work, plus the host callback running when the
//! interrupt came (a callback is host code and is not cut short; the guest stops as soon as it
//! returns). wasmi charges about one unit of fuel per instruction, so a slice of 1,000,000 is
//! about 1–5 ms of guest work. **Cost**: fuel metering makes compute-bound code a few percent
//! slower (fib: see README, "Execution control"); the slicing itself is one pause per slice.
//!
//! Start functions are run by wasmi itself, not through a resumable call: they run unsliced, so
//! an interrupt or deadline takes effect at the next call (or host call) instead.

use crate::error::{guard, set_last_error};
use crate::handle::Own;
use crate::store::{wasm_store_t, Check, Control, Ctx, StoreInner, DEFAULT_FUEL_SLICE, UNLIMITED};
use crate::trap::{HostTrap, TrapData};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Fuel per slice of a call unless `wacapi_store_set_fuel_slice` says otherwise (about 1–5 ms of
/// guest work: the bound on how late an interrupt or deadline takes effect).
pub const WACAPI_DEFAULT_FUEL_SLICE: u64 = 1_000_000;

// The header's constant and the one new stores start with (src/store/control.rs) are one value.
const _: () = assert!(WACAPI_DEFAULT_FUEL_SLICE == DEFAULT_FUEL_SLICE);

/// The trap message of an interrupted call.
pub(crate) const INTERRUPTED: &str = "interrupted";
/// The trap message of a call that ran past the store's deadline.
pub(crate) const DEADLINE_EXCEEDED: &str = "deadline exceeded";

/// `wacapi_interrupt_check_t`: asked at the end of every slice of a running call; returning
/// true ends the call with the trap "interrupted".
pub type wacapi_interrupt_check_t = Option<unsafe extern "C" fn(env: *mut c_void) -> bool>;

/// Why a resumable call stopped before its end.
pub(crate) enum Pause {
    /// The store's fuel ran out; set more and resume.
    OutOfFuel(wasmi::ResumableCallOutOfFuel),
    /// The yield interval was reached.
    Yielded(wasmi::ResumableCallOutOfFuel),
    /// A host function asked to suspend the call.
    Host(wasmi::ResumableCallHostTrap),
}

impl Control {
    /// Whether calls run in slices (read on every call).
    #[inline(always)]
    pub(crate) fn active(&self) -> bool {
        self.active.get()
    }

    /// The fuel wasmi gets per slice right now (unlimited when nothing is watched).
    fn slice_len(&self) -> u64 {
        match self.yield_fuel.get() {
            0 if self.active.get() => self.slice.get(),
            0 => UNLIMITED,
            n => n,
        }
    }

    /// The store's fuel as the embedder sees it.
    pub(crate) fn total_fuel(&self, ctx: &Ctx<'_>) -> u64 {
        let wasmi_fuel = ctx.get_fuel().unwrap_or(0);
        self.reserve.get().saturating_add(wasmi_fuel)
    }

    /// Sets the store's fuel as the embedder sees it, handing wasmi one slice of it.
    pub(crate) fn set_total_fuel(&self, ctx: &mut Ctx<'_>, total: u64) {
        self.hand_out(ctx, total, 0);
    }

    /// Gives wasmi `max(required, slice)` of `total` (all of it when it is less), keeping the
    /// rest in reserve.
    fn hand_out(&self, ctx: &mut Ctx<'_>, total: u64, required: u64) {
        let give = self.slice_len().max(required).min(total);
        // Cannot fail: the engine meters fuel (the only reason wasmi refuses).
        let _ = ctx.set_fuel(give);
        self.reserve.set(total - give);
    }

    /// Recomputes [`Control::active`] after a setting changed; when calls stop being sliced,
    /// the reserve goes back to wasmi.
    fn update(&self, ctx: &mut Ctx<'_>) {
        let active = self.metered
            && (self.watched.get()
                || self.deadline.get().is_some()
                || self.check.get().is_some()
                || self.yield_fuel.get() > 0);
        self.active.set(active);
        let total = self.total_fuel(ctx);
        if self.metered {
            self.hand_out(ctx, total, 0);
        }
    }

    /// The trap for a stop that is due, if one is: an interrupt, a passed deadline, and (at
    /// the end of a slice only, as it may be slow) the embedder's check. The clock is read only
    /// when a deadline is set.
    #[inline]
    pub(crate) fn due(&self, at_slice_end: bool) -> Option<Arc<TrapData>> {
        if self.interrupt.load(Ordering::Relaxed) && self.interrupt.swap(false, Ordering::AcqRel) {
            return Some(TrapData::from_text(INTERRUPTED, None));
        }
        if let Some(deadline) = self.deadline.get() {
            if clock_ns() >= deadline {
                return Some(TrapData::from_text(DEADLINE_EXCEEDED, None));
            }
        }
        if at_slice_end {
            if let Some(check) = self.check.get() {
                // SAFETY: the embedder registered this function and environment for this store.
                if unsafe { (check.callback)(check.env) } {
                    return Some(TrapData::from_text(INTERRUPTED, None));
                }
            }
        }
        None
    }

    /// Prepares a call that runs in slices: ends it at once if a stop is due, else hands wasmi
    /// a fresh slice (resumable calls, whose yield interval counts from their start).
    pub(crate) fn begin(&self, ctx: &mut Ctx<'_>) -> Result<(), Arc<TrapData>> {
        if let Some(trap) = self.due(false) {
            return Err(trap);
        }
        let total = self.total_fuel(ctx);
        self.hand_out(ctx, total, 0);
        Ok(())
    }

    /// [`Control::begin`] for a call that runs to its end: wasmi keeps what is left of its
    /// slice from the previous call (at most a slice, so the bound on lateness holds) and gets
    /// the next one only when that is used up, so a run of short calls does not pay for
    /// handing out fuel on each.
    #[inline]
    pub(crate) fn begin_call(&self, ctx: &mut Ctx<'_>) -> Result<(), Arc<TrapData>> {
        if let Some(trap) = self.due(false) {
            return Err(trap);
        }
        if ctx.get_fuel().unwrap_or(0) == 0 {
            let total = self.total_fuel(ctx);
            self.hand_out(ctx, total, 0);
        }
        Ok(())
    }

    /// Runs a resumable wasmi call from `step` to its end or, when `pausable`, to the first
    /// pause (store fuel used up, yield interval reached, a host function asking to suspend).
    pub(crate) fn drive(
        &self,
        ctx: &mut Ctx<'_>,
        mut step: wasmi::ResumableCall,
        outputs: &mut [wasmi::Val],
        pausable: bool,
    ) -> Result<Option<Pause>, Arc<TrapData>> {
        loop {
            let paused = match step {
                wasmi::ResumableCall::Finished => return Ok(None),
                wasmi::ResumableCall::HostTrap(host) => {
                    let suspend = host
                        .host_error()
                        .downcast_ref::<HostTrap>()
                        .is_some_and(|t| t.0.suspend);
                    if suspend && pausable {
                        return Ok(Some(Pause::Host(host)));
                    }
                    return Err(TrapData::from_error(host.into_host_error()));
                }
                wasmi::ResumableCall::OutOfFuel(paused) => paused,
            };
            if !pausable {
                self.next_slice(ctx, paused.required_fuel())?;
            } else {
                if let Some(trap) = self.due(true) {
                    return Err(trap);
                }
                let required = paused.required_fuel();
                let total = self.total_fuel(ctx);
                if total < required.max(1) {
                    if self.user_fuel {
                        return Ok(Some(Pause::OutOfFuel(paused)));
                    }
                    return Err(out_of_fuel());
                }
                if self.yield_fuel.get() > 0 {
                    return Ok(Some(Pause::Yielded(paused)));
                }
                self.hand_out(ctx, total, required);
            }
            step = paused
                .resume(&mut *ctx, outputs)
                .map_err(TrapData::from_error)?;
        }
    }

    /// Between two slices of a call that may not pause: ends it if a stop is due or the store
    /// has less than the `required` fuel, else hands wasmi the next slice.
    fn next_slice(&self, ctx: &mut Ctx<'_>, required: u64) -> Result<(), Arc<TrapData>> {
        if let Some(trap) = self.due(true) {
            return Err(trap);
        }
        let total = self.total_fuel(ctx);
        if total < required.max(1) {
            return Err(out_of_fuel());
        }
        self.hand_out(ctx, total, required);
        Ok(())
    }

    /// Hands wasmi the next slice for resuming a paused call that needs `required` fuel; false
    /// when the store has less fuel than that.
    pub(crate) fn refill(&self, ctx: &mut Ctx<'_>, required: u64) -> bool {
        let total = self.total_fuel(ctx);
        if total < required.max(1) {
            return false;
        }
        self.hand_out(ctx, total, required);
        true
    }

    /// Runs `f`, which lets wasmi call wasm by itself (a start function), with all of the
    /// store's fuel in wasmi, as such a call cannot pause; slicing resumes afterwards.
    pub(crate) fn unsliced<R>(&self, ctx: &mut Ctx<'_>, f: impl FnOnce(&mut Ctx<'_>) -> R) -> R {
        if !self.active() {
            return f(ctx);
        }
        let total = self.total_fuel(ctx);
        let _ = ctx.set_fuel(total);
        self.reserve.set(0);
        let result = f(ctx);
        let total = self.total_fuel(ctx);
        self.hand_out(ctx, total, 0);
        result
    }

    /// Checked when a host callback returns to a sliced call: an interrupt ends the call there
    /// instead of at the end of the slice (the deadline waits for the slice end: reading a
    /// clock per host call would cost more than the callback).
    #[inline]
    pub(crate) fn after_host_call(&self) -> Result<(), wasmi::Error> {
        if self.interrupt.load(Ordering::Relaxed) && self.interrupt.swap(false, Ordering::AcqRel) {
            let trap = TrapData::from_text(INTERRUPTED, None);
            return Err(wasmi::Error::host(HostTrap(trap)));
        }
        Ok(())
    }
}

/// Monotonic time in nanoseconds, the unit deadlines are kept in.
pub(crate) fn clock_ns() -> u64 {
    static ORIGIN: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let origin = *ORIGIN.get_or_init(std::time::Instant::now);
    u64::try_from(origin.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

/// Calls `func` in the store's context: whole when nothing watches the store, in slices
/// otherwise (see the module comment).
#[inline]
pub(crate) fn call(
    ctx: &mut Ctx<'_>,
    store: &StoreInner,
    func: wasmi::Func,
    inputs: &[wasmi::Val],
    outputs: &mut [wasmi::Val],
) -> Result<(), Arc<TrapData>> {
    let control = &store.control;
    if !control.active() {
        return func
            .call(&mut *ctx, inputs, outputs)
            .map_err(TrapData::from_error);
    }
    call_sliced(ctx, control, func, inputs, outputs)
}

#[cold]
fn call_sliced(
    ctx: &mut Ctx<'_>,
    control: &Control,
    func: wasmi::Func,
    inputs: &[wasmi::Val],
    outputs: &mut [wasmi::Val],
) -> Result<(), Arc<TrapData>> {
    control.begin_call(ctx)?;
    let step = func
        .call_resumable(&mut *ctx, inputs, outputs)
        .map_err(TrapData::from_error)?;
    match control.drive(ctx, step, outputs, false)? {
        None => Ok(()),
        // A call that may not pause is driven to its end.
        Some(_) => Err(TrapData::from_text("internal error: a call paused", None)),
    }
}

/// [`call`] for a typed entry (src/typed.rs): one resumable call, which costs what a plain
/// one does when it runs to its end, so one body serves watched and unwatched stores.
#[inline]
pub(crate) fn call_typed<P: wasmi::WasmParams, R: wasmi::WasmResults>(
    ctx: &mut Ctx<'_>,
    control: &Control,
    func: wasmi::TypedFunc<P, R>,
    params: P,
) -> Result<R, Arc<TrapData>> {
    if control.active() {
        control.begin_call(ctx)?;
    }
    match func.call_resumable(&mut *ctx, params) {
        Ok(wasmi::TypedResumableCall::Finished(results)) => Ok(results),
        Ok(paused) => drive_typed(ctx, control, paused),
        Err(e) => Err(TrapData::from_error(e)),
    }
}

/// The rest of a typed call that paused: shared by all signatures with the same results.
#[cold]
#[inline(never)]
fn drive_typed<R: wasmi::WasmResults>(
    ctx: &mut Ctx<'_>,
    control: &Control,
    mut step: wasmi::TypedResumableCall<R>,
) -> Result<R, Arc<TrapData>> {
    loop {
        match step {
            wasmi::TypedResumableCall::Finished(results) => return Ok(results),
            // wasm_func_call never suspends: a host trap ends the call.
            wasmi::TypedResumableCall::HostTrap(host) => {
                return Err(TrapData::from_error_ref(host.host_error()))
            }
            wasmi::TypedResumableCall::OutOfFuel(paused) => {
                control.next_slice(ctx, paused.required_fuel())?;
                step = paused.resume(&mut *ctx).map_err(TrapData::from_error)?;
            }
        }
    }
}

/// The trap of a call that needs more fuel than the store has.
fn out_of_fuel() -> Arc<TrapData> {
    TrapData::from_text(wasmi::TrapCode::OutOfFuel.trap_message(), None)
}

/// A thread-safe handle that interrupts the calls of one store (`wacapi_store_interrupt_handle`).
pub struct wacapi_interrupt_handle_t {
    flag: Arc<AtomicBool>,
}

crate::handle::handle_type!(wacapi_interrupt_handle_t = InterruptHandle);

/// Switches interruption on or off for engines made from `config` (off by default).
///
/// An interruptible engine meters fuel (about the cost of `wacapi_config_consume_fuel`, a few
/// percent on compute-bound code), which is what lets `wacapi_interrupt` and
/// `wacapi_store_set_deadline` stop a guest that never calls the host; without it they are
/// refused. Fuel stays unlimited unless `wacapi_config_consume_fuel` is on too. A NULL
/// `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_interruptible(
    config: Option<&mut crate::config::wasm_config_t>,
    enable: bool,
) {
    match crate::handle::live_mut(config) {
        Some(c) => c.set_interruptible(enable),
        None => set_last_error("wacapi_config_interruptible: config is NULL"),
    }
}

/// The store behind a C store pointer that may also be in use further up the stack (calls
/// made from a host callback), or None with "`what`: store is NULL".
unsafe fn store_arg<'a>(store: *mut wasm_store_t, what: &str) -> Option<&'a wasm_store_t> {
    let store = crate::handle::live_ptr_mut(store);
    let store = store.as_ref();
    if store.is_none() {
        set_last_error(format!("{what}: store is NULL"));
    }
    store
}

/// The store's control if its engine can stop calls, else None with the reason.
fn interruptible<'a>(store: &'a wasm_store_t, what: &str) -> Option<&'a Control> {
    let control = &store.inner.control;
    if !control.metered {
        set_last_error(format!(
            "{what}: the store's engine cannot interrupt calls \
             (make it with wacapi_config_interruptible(config, true))"
        ));
        return None;
    }
    Some(control)
}

/// The shared body of the store settings that need an interruptible engine: validates the
/// store, applies `change` (which may refuse with a reason) and brings the slicing up to date.
unsafe fn change_setting(
    store: *mut wasm_store_t,
    what: &str,
    change: impl FnOnce(&Control) -> Result<(), String>,
) -> bool {
    let Some(store) = store_arg(store, what) else {
        return false;
    };
    let Some(control) = interruptible(store, what) else {
        return false;
    };
    guard(
        || false,
        || match change(control) {
            Ok(()) => {
                store.inner.with(|mut ctx| control.update(&mut ctx));
                true
            }
            Err(reason) => {
                set_last_error(format!("{what}: {reason}"));
                false
            }
        },
    )
}

/// A handle that any thread may use to interrupt the calls of `store` (NULL with the reason
/// in `wacapi_last_error` for a NULL store or an engine that is not interruptible).
///
/// `wacapi_interrupt(handle)` makes the running call of the store — or, if none runs, the
/// next one — end with the trap "interrupted" within one slice of guest work. The handle stays
/// valid after the store is deleted (interrupting then does nothing); delete it with
/// `wacapi_interrupt_handle_delete`. Once a store has a handle, all its calls run in slices.
///
/// # Safety
/// `store` must be NULL or a valid store.
#[no_mangle]
pub unsafe extern "C" fn wacapi_store_interrupt_handle(
    store: *mut wasm_store_t,
) -> *mut wacapi_interrupt_handle_t {
    const WHAT: &str = "wacapi_store_interrupt_handle";
    let Some(store) = store_arg(store, WHAT) else {
        return std::ptr::null_mut();
    };
    let Some(control) = interruptible(store, WHAT) else {
        return std::ptr::null_mut();
    };
    let handle = guard(
        || None,
        || {
            control.watched.set(true);
            store.inner.with(|mut ctx| control.update(&mut ctx));
            Some(Own::new(wacapi_interrupt_handle_t {
                flag: control.interrupt.clone(),
            }))
        },
    );
    crate::handle::into_c(handle)
}

/// Interrupts the running (or next) call of the handle's store; safe from any thread and from
/// a signal handler's thread, as it only sets a flag. A NULL handle is ignored (and noted in
/// `wacapi_last_error`).
///
/// # Safety
/// `handle` must be NULL or a handle not yet deleted.
#[no_mangle]
pub unsafe extern "C" fn wacapi_interrupt(handle: *const wacapi_interrupt_handle_t) {
    match crate::handle::live(handle.as_ref()) {
        Some(h) => h.flag.store(true, Ordering::Release),
        None => set_last_error("wacapi_interrupt: handle is NULL"),
    }
}

/// Deletes an interrupt handle (NULL is ignored).
///
/// # Safety
/// `handle` must be NULL or a handle whose ownership the caller passes.
#[no_mangle]
pub unsafe extern "C" fn wacapi_interrupt_handle_delete(handle: *mut wacapi_interrupt_handle_t) {
    drop(crate::handle::from_c(handle));
}

/// Makes the calls of `store` end with the trap "deadline exceeded" once `nanoseconds` of
/// wall-clock time have passed from now, within one slice of guest work.
///
/// The deadline stays until it is cleared (`wacapi_store_clear_deadline`) or replaced: after it
/// passed, every further call traps at once. Returns false, with the reason in
/// `wacapi_last_error`, for a NULL store or an engine that is not interruptible.
///
/// # Safety
/// `store` must be NULL or a valid store.
#[no_mangle]
pub unsafe extern "C" fn wacapi_store_set_deadline(
    store: *mut wasm_store_t,
    nanoseconds: u64,
) -> bool {
    change_setting(store, "wacapi_store_set_deadline", |control| {
        // Further away than the clock can say: no deadline at all.
        control.deadline.set(clock_ns().checked_add(nanoseconds));
        Ok(())
    })
}

/// Removes the deadline of `store` (a NULL store is ignored, and noted in `wacapi_last_error`).
///
/// # Safety
/// `store` must be NULL or a valid store.
#[no_mangle]
pub unsafe extern "C" fn wacapi_store_clear_deadline(store: *mut wasm_store_t) {
    let Some(store) = store_arg(store, "wacapi_store_clear_deadline") else {
        return;
    };
    let control = &store.inner.control;
    guard(
        || (),
        || {
            control.deadline.set(None);
            store.inner.with(|mut ctx| control.update(&mut ctx));
        },
    )
}

/// Asks `check(env)` at the end of every slice of the store's calls; when it returns true the
/// call ends with the trap "interrupted". NULL `check` removes it.
///
/// This is how an embedder polls something of its own while a guest runs: the Python package
/// uses it to notice Ctrl-C. The check runs while wasm is paused inside a call: it must not
/// call wasm.h functions of this store. Returns false, with the reason in `wacapi_last_error`,
/// for a NULL store or an engine that is not interruptible.
///
/// # Safety
/// `store` must be NULL or a valid store; `check` must stay callable with `env` while set.
#[no_mangle]
pub unsafe extern "C" fn wacapi_store_set_interrupt_check(
    store: *mut wasm_store_t,
    check: wacapi_interrupt_check_t,
    env: *mut c_void,
) -> bool {
    change_setting(store, "wacapi_store_set_interrupt_check", |control| {
        control
            .check
            .set(check.map(|callback| Check { callback, env }));
        Ok(())
    })
}

/// Sets how much fuel a slice of the store's calls gets (1,000,000 by default): smaller slices
/// make interrupts and deadlines fire sooner, at the cost of more pauses. Returns false, with
/// the reason in `wacapi_last_error`, for a NULL store, a slice of 0, or an engine that is not
/// interruptible.
///
/// # Safety
/// `store` must be NULL or a valid store.
#[no_mangle]
pub unsafe extern "C" fn wacapi_store_set_fuel_slice(store: *mut wasm_store_t, fuel: u64) -> bool {
    change_setting(store, "wacapi_store_set_fuel_slice", |control| {
        if fuel == 0 {
            return Err("a slice of 0 fuel could not run anything".into());
        }
        control.slice.set(fuel);
        Ok(())
    })
}

/// Makes resumable calls of `store` (`wacapi_func_call_resumable`) pause with the state
/// `WACAPI_CALL_YIELDED` after every `fuel` units of guest work, so the embedder can do other
/// work (an event loop) and resume them; 0 switches this off. Returns false, with the reason in
/// `wacapi_last_error`, for a NULL store or an engine that is not interruptible.
///
/// # Safety
/// `store` must be NULL or a valid store.
#[no_mangle]
pub unsafe extern "C" fn wacapi_store_set_yield_interval(
    store: *mut wasm_store_t,
    fuel: u64,
) -> bool {
    change_setting(store, "wacapi_store_set_yield_interval", |control| {
        control.yield_fuel.set(fuel);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_takes_the_interrupt_once() {
        let c = Control::new(true, false);
        assert!(c.due(true).is_none());
        c.interrupt.store(true, Ordering::Release);
        let trap = c.due(false).expect("interrupt is due");
        assert_eq!(&trap.message[..], b"interrupted\0");
        assert!(c.due(true).is_none(), "the flag is cleared by the stop");
    }

    #[test]
    fn passed_deadline_is_due_until_cleared() {
        let c = Control::new(true, false);
        c.deadline.set(Some(0));
        for _ in 0..2 {
            let trap = c.due(false).expect("deadline passed");
            assert_eq!(&trap.message[..], b"deadline exceeded\0");
        }
        c.deadline.set(None);
        assert!(c.due(false).is_none());
    }

    #[test]
    fn slice_length_follows_the_settings() {
        let c = Control::new(true, true);
        assert_eq!(c.slice_len(), UNLIMITED);
        c.active.set(true);
        assert_eq!(c.slice_len(), WACAPI_DEFAULT_FUEL_SLICE);
        c.yield_fuel.set(10);
        assert_eq!(c.slice_len(), 10);
        assert_eq!(Control::new(true, true).initial_fuel(), None);
        assert_eq!(Control::new(true, false).initial_fuel(), Some(UNLIMITED));
        assert_eq!(Control::new(false, false).initial_fuel(), None);
    }
}
