//! `wasm_config_t` and `wasm_engine_t`.
//!
//! An engine is wasmi's `Engine`: thread-safe and cheap to clone, so stores on many threads
//! can share it.

use crate::handle::Own;
/// Engine configuration, consumed by `wasm_engine_new_with_config`.
pub struct wasm_config_t {
    pub(crate) config: wasmi::Config,
}

/// A compilation and execution engine; thread-safe.
pub struct wasm_engine_t {
    pub(crate) engine: wasmi::Engine,
}

/// Makes a configuration with wacapi's defaults (NULL only when memory runs out).
#[no_mangle]
pub extern "C" fn wasm_config_new() -> Option<Own<wasm_config_t>> {
    crate::error::guard(
        || None,
        || {
            Some(Own::new(wasm_config_t {
                config: wasmi::Config::default(),
            }))
        },
    )
}

/// Deletes a configuration (NULL is a no-op).
#[no_mangle]
pub extern "C" fn wasm_config_delete(config: Option<Own<wasm_config_t>>) {
    let config = crate::handle::live_own(config);
    drop(config);
}

/// Makes an engine with the default configuration (NULL only when memory runs out).
#[no_mangle]
pub extern "C" fn wasm_engine_new() -> Option<Own<wasm_engine_t>> {
    crate::error::guard(
        || None,
        || {
            Some(Own::new(wasm_engine_t {
                engine: wasmi::Engine::default(),
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
            let config = config
                .map(|c| Own::into_inner(c).config)
                .unwrap_or_default();
            Some(Own::new(wasm_engine_t {
                engine: wasmi::Engine::new(&config),
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
