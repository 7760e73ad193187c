//! `wasm_engine_t` (its configuration, `wasm_config_t`, is in `config.rs`).
//!
//! An engine is wasmi's `Engine`: thread-safe and cheap to clone, so stores on many threads
//! can share it.

use crate::config::wasm_config_t;
use crate::handle::Own;

/// A compilation and execution engine; thread-safe.
pub struct wasm_engine_t {
    pub(crate) engine: wasmi::Engine,
    /// Whether wasmi meters fuel (for fuel accounting or for interruption).
    pub(crate) meters_fuel: bool,
    /// Whether the embedder accounts fuel (`wacapi_config_consume_fuel`); if not, fuel metered
    /// only for interruption is unlimited and `wacapi_store_get_fuel` says metering is off.
    pub(crate) user_fuel: bool,
}

crate::handle::handle_type!(wasm_engine_t = Engine);

/// Makes an engine with the default configuration (NULL only when memory runs out).
#[no_mangle]
pub extern "C" fn wasm_engine_new() -> Option<Own<wasm_engine_t>> {
    crate::error::guard(
        || None,
        || {
            Some(Own::new(wasm_engine_t {
                engine: wasmi::Engine::default(),
                meters_fuel: false,
                user_fuel: false,
            }))
        },
    )
}

/// Makes an engine from `config`, taking ownership of it (NULL means the defaults).
#[no_mangle]
pub extern "C" fn wasm_engine_new_with_config(
    config: Option<Own<wasm_config_t>>,
) -> Option<Own<wasm_engine_t>> {
    let config = crate::handle::live_own(config);
    crate::error::guard(
        || None,
        || {
            let config = config.map(Own::into_inner).unwrap_or_default();
            Some(Own::new(wasm_engine_t {
                engine: wasmi::Engine::new(&config.config),
                meters_fuel: config.user_fuel || config.interruptible,
                user_fuel: config.user_fuel,
            }))
        },
    )
}

/// Deletes an engine; stores and modules made from it keep their own reference.
#[no_mangle]
pub extern "C" fn wasm_engine_delete(engine: Option<Own<wasm_engine_t>>) {
    let engine = crate::handle::live_own(engine);
    drop(engine);
}
