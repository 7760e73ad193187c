//! `wasm_config_t` and the `wacapi_config_*` switches: which WebAssembly proposals an engine
//! accepts, how it compiles, and how deep calls may nest.
//!
//! A configuration starts with wacapi's defaults, which are wasmi's: every finished proposal
//! wasmi implements is on (mutable-global, sign-extension, saturating float-to-int,
//! multi-value, multi-memory, bulk-memory, reference-types, tail-call, extended-const,
//! floats, simd, relaxed-simd, memory64), and the two proposals wasmi treats as experimental
//! are off (wide-arithmetic, custom-page-sizes). Compilation is lazy-translation (bodies are
//! validated when the module is made and translated on first call), the call stack holds
//! 1000 frames and the value stack up to 1,000,000 bytes.
//!
//! A proposal switched off makes modules that use it invalid: `wasm_module_new` returns NULL
//! and `wasm_module_validate` false, with wasmparser's reason (such as "SIMD support is not
//! enabled") in `wacapi_last_error`. The switches are independent, and no combination makes
//! the engine or the validator fail: a combination the proposals do not foresee (relaxed-simd
//! without simd, bulk-memory without reference-types) only narrows what validates.
//!
//! Only settings that can be made at run time are here. **NaN canonicalisation is not one of
//! them**: wasmi does it, for results that must not differ between machines, only when it is
//! compiled with its `deterministic` feature, so wacapi has a crate feature of the same name
//! (`cargo build --features deterministic`) that turns it on for every engine of that build.
//!
//! Fuel metering is also an engine setting (`wacapi_config_consume_fuel`); it lives with the
//! other resource limits in `limits.rs`.

use crate::error::{guard, set_last_error};
use crate::handle::Own;

/// wasmi's default minimum (initial) value stack height in bytes; wasmi has no getter.
const DEFAULT_MIN_STACK_HEIGHT: usize = 1_000;
/// wasmi's default maximum value stack height in bytes.
const DEFAULT_MAX_STACK_HEIGHT: usize = 1_000_000;
/// The largest initial value stack we let wasmi allocate up front (every call of a store
/// starts with a stack that size, allocated at once, and a failed allocation aborts).
const MAX_MIN_STACK_HEIGHT: usize = 64 << 20;

/// Engine configuration, consumed by `wasm_engine_new_with_config`.
///
/// cbindgen:ignore
pub struct wasm_config_t {
    pub(crate) config: wasmi::Config,
    /// The stack heights set so far (wasmi panics when min > max and cannot tell them).
    min_stack_height: usize,
    max_stack_height: usize,
    /// `wacapi_config_consume_fuel`: the embedder accounts fuel.
    pub(crate) user_fuel: bool,
    /// `wacapi_config_interruptible`: calls can be interrupted (wasmi meters fuel for it).
    pub(crate) interruptible: bool,
}

crate::handle::handle_type!(wasm_config_t = Config);

impl Default for wasm_config_t {
    fn default() -> Self {
        Self {
            config: wasmi::Config::default(),
            min_stack_height: DEFAULT_MIN_STACK_HEIGHT,
            max_stack_height: DEFAULT_MAX_STACK_HEIGHT,
            user_fuel: false,
            interruptible: false,
        }
    }
}

impl wasm_config_t {
    /// Records whether the embedder accounts fuel; wasmi meters if either switch is on.
    pub(crate) fn set_user_fuel(&mut self, enable: bool) {
        self.user_fuel = enable;
        self.config
            .consume_fuel(self.user_fuel || self.interruptible);
    }

    /// Records whether calls can be interrupted; wasmi meters if either switch is on.
    pub(crate) fn set_interruptible(&mut self, enable: bool) {
        self.interruptible = enable;
        self.config
            .consume_fuel(self.user_fuel || self.interruptible);
    }
}

/// Makes a configuration with wacapi's defaults (NULL only when memory runs out).
///
/// cbindgen:ignore
#[no_mangle]
pub extern "C" fn wasm_config_new() -> Option<Own<wasm_config_t>> {
    guard(|| None, || Some(Own::new(wasm_config_t::default())))
}

/// Deletes a configuration (NULL is a no-op).
///
/// cbindgen:ignore
#[no_mangle]
pub extern "C" fn wasm_config_delete(config: Option<Own<wasm_config_t>>) {
    let config = crate::handle::live_own(config);
    drop(config);
}

/// Applies `set` to the configuration, or notes in `wacapi_last_error` that it is NULL.
fn with_config(
    config: Option<&mut wasm_config_t>,
    func: &str,
    set: impl FnOnce(&mut wasm_config_t),
) {
    match crate::handle::live_mut(config) {
        Some(c) => guard(|| (), || set(c)),
        None => set_last_error(format!("{func}: config is NULL")),
    }
}

/// Switches the fixed-width SIMD proposal (the `v128` type and its instructions) on or
/// off; on by default. Off keeps modules to scalar code, for hosts that cannot pass
/// `v128` values.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_simd(config: Option<&mut wasm_config_t>, enable: bool) {
    with_config(config, "wacapi_config_wasm_simd", |c| {
        c.config.wasm_simd(enable);
    });
}

/// Switches the relaxed-SIMD proposal on or off; on by default. Its instructions may give
/// different results on different machines, so turn it off when results must be
/// reproducible. It uses `v128`, so without simd it has no effect.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_relaxed_simd(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    with_config(config, "wacapi_config_wasm_relaxed_simd", |c| {
        c.config.wasm_relaxed_simd(enable);
    });
}

/// Switches the multi-value proposal (functions and blocks with several results) on or
/// off; on by default. Off only to reject modules an MVP engine would reject.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_multi_value(config: Option<&mut wasm_config_t>, enable: bool) {
    with_config(config, "wacapi_config_wasm_multi_value", |c| {
        c.config.wasm_multi_value(enable);
    });
}

/// Switches the multi-memory proposal (more than one linear memory per module) on or off;
/// on by default.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_multi_memory(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    with_config(config, "wacapi_config_wasm_multi_memory", |c| {
        c.config.wasm_multi_memory(enable);
    });
}

/// Switches the memory64 proposal (memories and tables indexed by `i64`) on or off; on by
/// default. Off for hosts that assume 32-bit addresses.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_memory64(config: Option<&mut wasm_config_t>, enable: bool) {
    with_config(config, "wacapi_config_wasm_memory64", |c| {
        c.config.wasm_memory64(enable);
    });
}

/// Switches the tail-call proposal (`return_call` and friends) on or off; on by default.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_tail_call(config: Option<&mut wasm_config_t>, enable: bool) {
    with_config(config, "wacapi_config_wasm_tail_call", |c| {
        c.config.wasm_tail_call(enable);
    });
}

/// Switches the extended-const proposal (arithmetic in constant expressions) on or off;
/// on by default.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_extended_const(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    with_config(config, "wacapi_config_wasm_extended_const", |c| {
        c.config.wasm_extended_const(enable);
    });
}

/// Switches the bulk-memory proposal (`memory.copy`, `memory.fill`, passive segments) on
/// or off; on by default.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_bulk_memory(config: Option<&mut wasm_config_t>, enable: bool) {
    with_config(config, "wacapi_config_wasm_bulk_memory", |c| {
        c.config.wasm_bulk_memory(enable);
    });
}

/// Switches the reference-types proposal (`funcref`/`externref` values, several tables)
/// on or off; on by default.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_reference_types(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    with_config(config, "wacapi_config_wasm_reference_types", |c| {
        c.config.wasm_reference_types(enable);
    });
}

/// Switches the sign-extension proposal (`i32.extend8_s` and friends) on or off; on by
/// default.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_sign_extension(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    with_config(config, "wacapi_config_wasm_sign_extension", |c| {
        c.config.wasm_sign_extension(enable);
    });
}

/// Switches the non-trapping float-to-int proposal (`i32.trunc_sat_f32_s` and friends)
/// on or off; on by default.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_saturating_float_to_int(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    with_config(config, "wacapi_config_wasm_saturating_float_to_int", |c| {
        c.config.wasm_saturating_float_to_int(enable);
    });
}

/// Switches importing and exporting mutable globals on or off; on by default.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_mutable_global(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    with_config(config, "wacapi_config_wasm_mutable_global", |c| {
        c.config.wasm_mutable_global(enable);
    });
}

/// Switches the wide-arithmetic proposal (`i64.add128`, `i64.mul_wide_s` and friends) on
/// or off; off by default, as in wasmi (the proposal is not finished).
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_wide_arithmetic(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    with_config(config, "wacapi_config_wasm_wide_arithmetic", |c| {
        c.config.wasm_wide_arithmetic(enable);
    });
}

/// Switches the custom-page-sizes proposal (memories with 1-byte pages) on or off; off by
/// default, as in wasmi (the proposal is not finished).
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_custom_page_sizes(
    config: Option<&mut wasm_config_t>,
    enable: bool,
) {
    with_config(config, "wacapi_config_wasm_custom_page_sizes", |c| {
        c.config.wasm_custom_page_sizes(enable);
    });
}

/// Switches floating point (the `f32` and `f64` types and their instructions) on or off;
/// on by default. Off rejects every module that uses floats, for hosts that want only
/// integer code.
///
/// A NULL `config` is ignored (and noted in `wacapi_last_error`).
#[no_mangle]
pub extern "C" fn wacapi_config_wasm_floats(config: Option<&mut wasm_config_t>, enable: bool) {
    with_config(config, "wacapi_config_wasm_floats", |c| {
        c.config.floats(enable);
    });
}

/// `wacapi_compilation_mode_t`: how an engine turns wasm into wasmi's bytecode (one of the
/// `WACAPI_COMPILATION_MODE_*` values).
pub type wacapi_compilation_mode_t = u8;

/// The `wacapi_compilation_mode_t` values (an enum, so that the header and the generated
/// Python binding both get the constants).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum wacapi_compilation_mode_enum {
    /// Every function is validated and translated when the module is made: slowest to make,
    /// no work left for the first call.
    WACAPI_COMPILATION_MODE_EAGER = 0,
    /// Functions are validated when the module is made and translated on their first call
    /// (the default).
    WACAPI_COMPILATION_MODE_LAZY_TRANSLATION = 1,
    /// Functions are validated and translated on their first call: fastest to make, but an
    /// invalid function body is reported only as a trap when it is first called.
    WACAPI_COMPILATION_MODE_LAZY = 2,
}

/// [`wacapi_compilation_mode_enum::WACAPI_COMPILATION_MODE_EAGER`] as a mode value.
/// cbindgen:ignore
pub const WACAPI_COMPILATION_MODE_EAGER: wacapi_compilation_mode_t =
    wacapi_compilation_mode_enum::WACAPI_COMPILATION_MODE_EAGER as wacapi_compilation_mode_t;
/// [`wacapi_compilation_mode_enum::WACAPI_COMPILATION_MODE_LAZY_TRANSLATION`] as a mode value.
/// cbindgen:ignore
pub const WACAPI_COMPILATION_MODE_LAZY_TRANSLATION: wacapi_compilation_mode_t =
    wacapi_compilation_mode_enum::WACAPI_COMPILATION_MODE_LAZY_TRANSLATION
        as wacapi_compilation_mode_t;
/// [`wacapi_compilation_mode_enum::WACAPI_COMPILATION_MODE_LAZY`] as a mode value.
/// cbindgen:ignore
pub const WACAPI_COMPILATION_MODE_LAZY: wacapi_compilation_mode_t =
    wacapi_compilation_mode_enum::WACAPI_COMPILATION_MODE_LAZY as wacapi_compilation_mode_t;

/// Chooses how engines made from `config` compile (a `WACAPI_COMPILATION_MODE_*` value).
///
/// Lazy modes make modules faster, which pays when only a few of many functions run; eager
/// compilation moves all the work (and every error) to `wasm_module_new`. Returns false, with
/// the reason in `wacapi_last_error`, for a NULL `config` or an unknown mode (then nothing
/// changes).
#[no_mangle]
pub extern "C" fn wacapi_config_compilation_mode(
    config: Option<&mut wasm_config_t>,
    mode: wacapi_compilation_mode_t,
) -> bool {
    let Some(config) = crate::handle::live_mut(config) else {
        set_last_error("wacapi_config_compilation_mode: config is NULL");
        return false;
    };
    let mode = match mode {
        WACAPI_COMPILATION_MODE_EAGER => wasmi::CompilationMode::Eager,
        WACAPI_COMPILATION_MODE_LAZY_TRANSLATION => wasmi::CompilationMode::LazyTranslation,
        WACAPI_COMPILATION_MODE_LAZY => wasmi::CompilationMode::Lazy,
        other => {
            set_last_error(format!(
                "wacapi_config_compilation_mode: unknown mode {other} (expected \
                 WACAPI_COMPILATION_MODE_EAGER (0), _LAZY_TRANSLATION (1) or _LAZY (2))"
            ));
            return false;
        }
    };
    config.config.compilation_mode(mode);
    true
}

/// Sets how many calls may be nested (wasm frames of one call from the host, 1000 by
/// default); a call that goes deeper traps with "call stack exhausted".
///
/// Lower it to stop runaway recursion sooner, raise it for deeply recursive guests. Returns
/// false, with the reason in `wacapi_last_error`, for a NULL `config` or a depth of 0 (no
/// function could be called); then nothing changes.
#[no_mangle]
pub extern "C" fn wacapi_config_max_recursion_depth(
    config: Option<&mut wasm_config_t>,
    depth: usize,
) -> bool {
    let Some(config) = crate::handle::live_mut(config) else {
        set_last_error("wacapi_config_max_recursion_depth: config is NULL");
        return false;
    };
    if depth == 0 {
        set_last_error(
            "wacapi_config_max_recursion_depth: depth must be at least 1 (0 would make every \
             call trap)",
        );
        return false;
    }
    guard(
        || false,
        || {
            config.config.set_max_recursion_depth(depth);
            true
        },
    )
}

/// Sets the most bytes the value stack (wasm locals and operands of one call from the host)
/// may grow to, 1,000,000 by default; a call that needs more traps with "call stack
/// exhausted".
///
/// Bounds the memory a guest's recursion can take. Returns false, with the reason in
/// `wacapi_last_error`, for a NULL `config`, a height of 0, or one below the minimum height
/// (`wacapi_config_min_stack_height`, 1000 bytes by default); then nothing changes.
#[no_mangle]
pub extern "C" fn wacapi_config_max_stack_height(
    config: Option<&mut wasm_config_t>,
    bytes: usize,
) -> bool {
    let Some(config) = crate::handle::live_mut(config) else {
        set_last_error("wacapi_config_max_stack_height: config is NULL");
        return false;
    };
    if bytes == 0 {
        set_last_error(
            "wacapi_config_max_stack_height: the height must be at least 1 byte (0 would make \
             every call trap)",
        );
        return false;
    }
    if bytes < config.min_stack_height {
        set_last_error(format!(
            "wacapi_config_max_stack_height: {bytes} bytes is below the minimum stack height \
             ({} bytes; lower it first with wacapi_config_min_stack_height)",
            config.min_stack_height
        ));
        return false;
    }
    guard(
        || false,
        || {
            config.config.set_max_stack_height(bytes);
            config.max_stack_height = bytes;
            true
        },
    )
}

/// Sets the bytes of value stack allocated up front for a call from the host, 1000 by
/// default; the stack grows from there up to the maximum height.
///
/// A larger start saves reallocations for guests known to need a deep stack. Returns false,
/// with the reason in `wacapi_last_error`, for a NULL `config`, a height above the maximum
/// height (`wacapi_config_max_stack_height`) or above 64 MiB; then nothing changes.
#[no_mangle]
pub extern "C" fn wacapi_config_min_stack_height(
    config: Option<&mut wasm_config_t>,
    bytes: usize,
) -> bool {
    let Some(config) = crate::handle::live_mut(config) else {
        set_last_error("wacapi_config_min_stack_height: config is NULL");
        return false;
    };
    if bytes > config.max_stack_height {
        set_last_error(format!(
            "wacapi_config_min_stack_height: {bytes} bytes is above the maximum stack height \
             ({} bytes; raise it first with wacapi_config_max_stack_height)",
            config.max_stack_height
        ));
        return false;
    }
    if bytes > MAX_MIN_STACK_HEIGHT {
        set_last_error(format!(
            "wacapi_config_min_stack_height: {bytes} bytes is above the limit of \
             {MAX_MIN_STACK_HEIGHT} bytes allocated up front"
        ));
        return false;
    }
    guard(
        || false,
        || {
            config.config.set_min_stack_height(bytes);
            config.min_stack_height = bytes;
            true
        },
    )
}
