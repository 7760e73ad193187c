//! Resource limits: fuel (bounded running time) and a maximum size of linear memory.
//!
//! **Fuel is the way to bound how long a guest runs.** wasmi charges fuel for the instructions
//! it executes; once the store's fuel is used up, the running call ends with the trap "all
//! fuel consumed by WebAssembly", and the store stays usable (set more fuel and call again).
//! Metering is an engine setting (`wacapi_config_consume_fuel`), because it changes the code
//! wasmi produces; the amount is per store (`wacapi_store_set_fuel`). A store of a metering
//! engine starts with no fuel at all, so its first call traps until fuel is set.
//!
//! Memory: `wacapi_store_set_max_memory` caps every linear memory of the store at a number
//! of bytes. Growth past it fails the way the specification allows any growth to fail
//! (`memory.grow` gives -1, `wasm_memory_grow` false); creating a memory whose initial size
//! is over the cap fails too. No limiter is installed until this is asked for, so stores
//! without a cap pay nothing and keep wasmi's unlimited counts of instances, tables and
//! memories (wasmi's own `StoreLimits` would cap those at 10,000).
//!
//! A grow hook (`wacapi_store_set_memory_grow_hook`) lets the embedder veto growth: while it
//! holds raw views of a memory (which growth may move), it answers false and the growth fails
//! in the same ordinary way.
//!
//! Deep recursion needs no setting: wasmi runs wasm on its own stacks and ends a call that
//! nests too deeply with the trap "call stack exhausted", leaving the process and the store
//! healthy. How deep is an engine setting (`wacapi_config_max_recursion_depth` and the stack
//! heights, in `config.rs`).

use crate::config::wasm_config_t;
use crate::error::{guard, set_last_error};
use crate::store::{wasm_store_t, GrowHook, MemoryLimiter};
use std::ffi::c_void;

/// `wacapi_memory_grow_hook_t`: asked before a linear memory of the store grows; returns
/// false to make the growth fail (`memory.grow` gives -1, `wasm_memory_grow` false).
pub type wacapi_memory_grow_hook_t = Option<
    unsafe extern "C" fn(env: *mut c_void, current_bytes: usize, desired_bytes: usize) -> bool,
>;

/// Switches fuel metering on or off for engines made from `config` (off by default).
///
/// Metering is what lets `wacapi_store_set_fuel` bound a guest's running time; it costs some
/// speed, so it is opt-in. A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_consume_fuel(config: Option<&mut wasm_config_t>, enable: bool) {
    let config = crate::handle::live_mut(config);
    match config {
        Some(c) => c.set_user_fuel(enable),
        None => set_last_error("wacapi_config_consume_fuel: config is NULL"),
    }
}

/// Sets the fuel left in `store` to `fuel`, bounding how much more wasm it may run before its
/// calls trap with "all fuel consumed by WebAssembly".
///
/// Returns false, with the reason in `wacapi_last_error`, for a NULL store or when the
/// store's engine was made without `wacapi_config_consume_fuel(config, true)`. May be called
/// from a host callback to top up or take away fuel of the running call.
///
/// # Safety
/// `store` must be NULL or a valid store.
#[no_mangle]
pub unsafe extern "C" fn wacapi_store_set_fuel(store: *mut wasm_store_t, fuel: u64) -> bool {
    let store = crate::handle::live_ptr_mut(store);
    // Mutable in C (it changes the store) but only shared here: the handle may be in use
    // further up the stack when a host callback calls this.
    let Some(store) = store.as_ref() else {
        set_last_error("wacapi_store_set_fuel: store is NULL");
        return false;
    };
    guard(
        || false,
        || {
            let control = &store.inner.control;
            if !control.user_fuel {
                set_last_error(fuel_error("wacapi_store_set_fuel"));
                return false;
            }
            store
                .inner
                .with(|mut ctx| control.set_total_fuel(&mut ctx, fuel));
            true
        },
    )
}

/// Stores the fuel left in `store` in `*out`, to see how much a call used.
///
/// Returns false, with the reason in `wacapi_last_error`, for a NULL argument or when the
/// store's engine does not meter fuel.
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn wacapi_store_get_fuel(
    store: Option<&wasm_store_t>,
    out: *mut u64,
) -> bool {
    let store = crate::handle::live(store);
    let Some(store) = store else {
        set_last_error("wacapi_store_get_fuel: store is NULL");
        return false;
    };
    if out.is_null() {
        set_last_error("wacapi_store_get_fuel: out is NULL");
        return false;
    }
    guard(
        || false,
        || {
            let control = &store.inner.control;
            if !control.user_fuel {
                set_last_error(fuel_error("wacapi_store_get_fuel"));
                return false;
            }
            out.write(store.inner.with(|ctx| control.total_fuel(&ctx)));
            true
        },
    )
}

/// The message for a fuel call on a store whose engine does not account fuel.
fn fuel_error(what: &str) -> String {
    format!(
        "{what}: fuel metering is disabled for this store's engine \
         (enable it with wacapi_config_consume_fuel before making the engine)"
    )
}

/// Caps every linear memory of `store` at `bytes` bytes, so a guest cannot take more host
/// memory than the embedder allows.
///
/// Growth past the cap fails as an ordinary failed growth (-1 from `memory.grow`, false from
/// `wasm_memory_grow`); instantiating a module whose memory starts above the cap fails. The
/// cap applies to each memory separately and may be changed at any time; memories already
/// larger keep their size. Not possible from inside a host callback the first time (the
/// limiter cannot be installed while wasm runs): then nothing changes and
/// `wacapi_last_error` says so. A NULL store is ignored (and noted there too).
///
/// # Safety
/// `store` must be NULL or a valid store.
#[no_mangle]
pub unsafe extern "C" fn wacapi_store_set_max_memory(store: *mut wasm_store_t, bytes: usize) {
    let store = crate::handle::live_ptr_mut(store);
    // Shared, as in `wacapi_store_set_fuel`.
    let Some(store) = store.as_ref() else {
        set_last_error("wacapi_store_set_max_memory: store is NULL");
        return;
    };
    guard(
        || (),
        || {
            if MemoryLimiter::install(&store.inner) {
                store
                    .inner
                    .with(|mut ctx| ctx.data_mut().limiter.set_cap(bytes));
            } else {
                set_last_error(
                    "wacapi_store_set_max_memory: the first cap of a store cannot be set from \
                     inside a host callback",
                );
            }
        },
    )
}

/// Asks `hook(env, current_bytes, desired_bytes)` before any linear memory of `store` grows
/// (`memory.grow` in wasm, `wasm_memory_grow`, and the initial size of a new memory); when
/// it returns false the growth fails as an ordinary failed growth. NULL `hook` removes it.
///
/// This is how an embedder keeps raw views of a memory valid: growing may move a memory, so
/// while the host holds a pointer into it (the Python package's `Memory.buffer()`), the hook
/// refuses growth. The hook runs while wasm is running and the store is busy: it must not
/// call any wacapi or wasm.h function of this store. Like the memory cap, the first hook of a
/// store cannot be installed from inside a host callback (nothing changes and
/// `wacapi_last_error` says so). A NULL store is ignored (and noted there too).
///
/// # Safety
/// `store` must be NULL or a valid store; `hook` must stay callable with `env` for as long as
/// it is set.
#[no_mangle]
pub unsafe extern "C" fn wacapi_store_set_memory_grow_hook(
    store: *mut wasm_store_t,
    hook: wacapi_memory_grow_hook_t,
    env: *mut c_void,
) {
    let store = crate::handle::live_ptr_mut(store);
    let Some(store) = store.as_ref() else {
        set_last_error("wacapi_store_set_memory_grow_hook: store is NULL");
        return;
    };
    guard(
        || (),
        || {
            if MemoryLimiter::install(&store.inner) {
                store.inner.with(|mut ctx| {
                    ctx.data_mut().limiter.hook = hook.map(|callback| GrowHook { callback, env })
                });
            } else {
                set_last_error(
                    "wacapi_store_set_memory_grow_hook: the first hook of a store cannot be set \
                     from inside a host callback",
                );
            }
        },
    )
}
