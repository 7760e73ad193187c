//! The part of `include/wasm.h` and `include/wacapi.h` the targets use, declared by hand.
//!
//! The targets test the library the way a C program sees it: through its exported symbols and
//! the C layout of its structs, never through the Rust signatures of the `wacapi` crate (those
//! may change; the C ABI may not). Every object type is opaque here, a zero-sized `#[repr(C)]`
//! struct only ever handled behind a raw pointer, as in C.

#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_void};

/// Declares zero-sized opaque types standing for wasm.h's incomplete struct types.
macro_rules! opaque {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            #[repr(C)]
            pub struct $name {
                _private: [u8; 0],
            }
        )*
    };
}

opaque!(
    /// `wasm_config_t`: options consumed by `wasm_engine_new_with_config`.
    wasm_config_t,
    /// `wasm_engine_t`: compiles and runs modules.
    wasm_engine_t,
    /// `wasm_store_t`: owns every runtime object made in it.
    wasm_store_t,
    /// `wasm_valtype_t`: one value type.
    wasm_valtype_t,
    /// `wasm_functype_t`: parameter and result types.
    wasm_functype_t,
    /// `wasm_globaltype_t`: content type and mutability.
    wasm_globaltype_t,
    /// `wasm_tabletype_t`: element type and limits.
    wasm_tabletype_t,
    /// `wasm_memorytype_t`: limits in pages.
    wasm_memorytype_t,
    /// `wasm_externtype_t`: any of the four extern types.
    wasm_externtype_t,
    /// `wasm_importtype_t`: module name, field name, type.
    wasm_importtype_t,
    /// `wasm_exporttype_t`: name and type.
    wasm_exporttype_t,
    /// `wasm_ref_t`: any reference object viewed generically.
    wasm_ref_t,
    /// `wasm_trap_t`: a runtime error.
    wasm_trap_t,
    /// `wasm_foreign_t`: an embedder object passed to wasm as an externref.
    wasm_foreign_t,
    /// `wasm_module_t`: a compiled module.
    wasm_module_t,
    /// `wasm_func_t`: a function in a store.
    wasm_func_t,
    /// `wasm_global_t`: a global in a store.
    wasm_global_t,
    /// `wasm_table_t`: a table in a store.
    wasm_table_t,
    /// `wasm_memory_t`: a linear memory in a store.
    wasm_memory_t,
    /// `wasm_extern_t`: any of the four externals viewed generically.
    wasm_extern_t,
    /// `wasm_instance_t`: an instantiated module.
    wasm_instance_t,
);

/// `wasm_valkind_t`.
pub type wasm_valkind_t = u8;
/// `WASM_I32`.
pub const WASM_I32: wasm_valkind_t = 0;
/// `WASM_I64`.
pub const WASM_I64: wasm_valkind_t = 1;
/// `WASM_F32`.
pub const WASM_F32: wasm_valkind_t = 2;
/// `WASM_F64`.
pub const WASM_F64: wasm_valkind_t = 3;
/// `WASM_EXTERNREF`.
pub const WASM_EXTERNREF: wasm_valkind_t = 128;
/// `WASM_FUNCREF`.
pub const WASM_FUNCREF: wasm_valkind_t = 129;

/// `wasm_externkind_t`.
pub type wasm_externkind_t = u8;
/// `WASM_EXTERN_FUNC`.
pub const WASM_EXTERN_FUNC: wasm_externkind_t = 0;
/// `WASM_EXTERN_GLOBAL`.
pub const WASM_EXTERN_GLOBAL: wasm_externkind_t = 1;
/// `WASM_EXTERN_TABLE`.
pub const WASM_EXTERN_TABLE: wasm_externkind_t = 2;
/// `WASM_EXTERN_MEMORY`.
pub const WASM_EXTERN_MEMORY: wasm_externkind_t = 3;

/// `wasm_mutability_t` (`WASM_CONST` = 0, `WASM_VAR` = 1).
pub type wasm_mutability_t = u8;

/// `wasm_limits_t`; `max == u32::MAX` means no maximum.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct wasm_limits_t {
    /// Minimum size (elements or pages).
    pub min: u32,
    /// Maximum size, `u32::MAX` when unbounded.
    pub max: u32,
}

/// The `of` union of `wasm_val_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union wasm_val_union {
    /// `of.i32`.
    pub i32: i32,
    /// `of.i64`.
    pub i64: i64,
    /// `of.f32`.
    pub f32: f32,
    /// `of.f64`.
    pub f64: f64,
    /// `of.ref`, an owned reference or NULL for the null reference.
    pub ref_: *mut wasm_ref_t,
}

/// `wasm_val_t`: a kind tag plus the matching member of the union.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct wasm_val_t {
    /// One of the `WASM_*` value kinds.
    pub kind: wasm_valkind_t,
    /// The value.
    pub of: wasm_val_union,
}

/// Declares `wasm_X_vec_t` layouts: `{size, data}`.
macro_rules! vec_type {
    ($($(#[$doc:meta])* $name:ident of $elem:ty),* $(,)?) => {
        $(
            $(#[$doc])*
            #[repr(C)]
            pub struct $name {
                /// Number of elements.
                pub size: usize,
                /// The elements (NULL when empty).
                pub data: *mut $elem,
            }

            impl $name {
                /// An empty vector, as `WASM_EMPTY_VEC`.
                pub const EMPTY: Self = Self { size: 0, data: std::ptr::null_mut() };

                /// The elements as a slice (empty for NULL data).
                ///
                /// # Safety
                /// `data` must point to `size` initialised elements or be NULL.
                pub unsafe fn as_slice(&self) -> &[$elem] {
                    if self.data.is_null() || self.size == 0 {
                        &[]
                    } else {
                        std::slice::from_raw_parts(self.data, self.size)
                    }
                }
            }
        )*
    };
}

vec_type!(
    /// `wasm_byte_vec_t` (also `wasm_name_t` and `wasm_message_t`).
    wasm_byte_vec_t of u8,
    /// `wasm_valtype_vec_t`.
    wasm_valtype_vec_t of *mut wasm_valtype_t,
    /// `wasm_importtype_vec_t`.
    wasm_importtype_vec_t of *mut wasm_importtype_t,
    /// `wasm_exporttype_vec_t`.
    wasm_exporttype_vec_t of *mut wasm_exporttype_t,
    /// `wasm_extern_vec_t`.
    wasm_extern_vec_t of *mut wasm_extern_t,
    /// `wasm_val_vec_t`: values stored inline.
    wasm_val_vec_t of wasm_val_t,
);

/// `wasm_func_callback_t`.
pub type wasm_func_callback_t = unsafe extern "C" fn(
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t;

/// `wasm_func_callback_with_env_t`.
pub type wasm_func_callback_with_env_t = unsafe extern "C" fn(
    env: *mut c_void,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t;

/// A finalizer for `wasm_func_new_with_env`'s `env`.
pub type finalizer_t = unsafe extern "C" fn(*mut c_void);

// The library is linked in through `extern crate wacapi` in lib.rs; these resolve to its
// `#[no_mangle]` symbols exactly as a C program's declarations would.
extern "C" {
    // Runtime environment.
    pub fn wasm_config_new() -> *mut wasm_config_t;
    pub fn wasm_engine_new_with_config(config: *mut wasm_config_t) -> *mut wasm_engine_t;
    pub fn wasm_engine_delete(engine: *mut wasm_engine_t);
    pub fn wasm_store_new(engine: *mut wasm_engine_t) -> *mut wasm_store_t;
    pub fn wasm_store_delete(store: *mut wasm_store_t);

    // wacapi extensions.
    pub fn wacapi_last_error() -> *const c_char;
    pub fn wacapi_config_consume_fuel(config: *mut wasm_config_t, enable: bool);
    pub fn wacapi_config_wasm_simd(config: *mut wasm_config_t, enable: bool);
    pub fn wacapi_config_wasm_relaxed_simd(config: *mut wasm_config_t, enable: bool);
    pub fn wacapi_config_wasm_memory64(config: *mut wasm_config_t, enable: bool);
    pub fn wacapi_store_set_fuel(store: *mut wasm_store_t, fuel: u64) -> bool;
    pub fn wacapi_store_get_fuel(store: *const wasm_store_t, out: *mut u64) -> bool;
    pub fn wacapi_store_set_max_memory(store: *mut wasm_store_t, bytes: usize);

    // Vectors.
    pub fn wasm_byte_vec_new(out: *mut wasm_byte_vec_t, size: usize, data: *const u8);
    pub fn wasm_byte_vec_delete(vec: *mut wasm_byte_vec_t);
    pub fn wasm_valtype_vec_new(
        out: *mut wasm_valtype_vec_t,
        size: usize,
        data: *const *mut wasm_valtype_t,
    );
    pub fn wasm_importtype_vec_delete(vec: *mut wasm_importtype_vec_t);
    pub fn wasm_exporttype_vec_delete(vec: *mut wasm_exporttype_vec_t);
    pub fn wasm_extern_vec_delete(vec: *mut wasm_extern_vec_t);

    // Types.
    pub fn wasm_valtype_new(kind: wasm_valkind_t) -> *mut wasm_valtype_t;
    pub fn wasm_valtype_kind(t: *const wasm_valtype_t) -> wasm_valkind_t;
    pub fn wasm_functype_new(
        params: *mut wasm_valtype_vec_t,
        results: *mut wasm_valtype_vec_t,
    ) -> *mut wasm_functype_t;
    pub fn wasm_functype_delete(t: *mut wasm_functype_t);
    pub fn wasm_functype_params(t: *const wasm_functype_t) -> *const wasm_valtype_vec_t;
    pub fn wasm_functype_results(t: *const wasm_functype_t) -> *const wasm_valtype_vec_t;
    pub fn wasm_globaltype_new(
        content: *mut wasm_valtype_t,
        mutability: wasm_mutability_t,
    ) -> *mut wasm_globaltype_t;
    pub fn wasm_globaltype_delete(t: *mut wasm_globaltype_t);
    pub fn wasm_globaltype_content(t: *const wasm_globaltype_t) -> *const wasm_valtype_t;
    pub fn wasm_globaltype_mutability(t: *const wasm_globaltype_t) -> wasm_mutability_t;
    pub fn wasm_tabletype_new(
        element: *mut wasm_valtype_t,
        limits: *const wasm_limits_t,
    ) -> *mut wasm_tabletype_t;
    pub fn wasm_tabletype_delete(t: *mut wasm_tabletype_t);
    pub fn wasm_tabletype_element(t: *const wasm_tabletype_t) -> *const wasm_valtype_t;
    pub fn wasm_tabletype_limits(t: *const wasm_tabletype_t) -> *const wasm_limits_t;
    pub fn wasm_memorytype_new(limits: *const wasm_limits_t) -> *mut wasm_memorytype_t;
    pub fn wasm_memorytype_delete(t: *mut wasm_memorytype_t);
    pub fn wasm_memorytype_limits(t: *const wasm_memorytype_t) -> *const wasm_limits_t;
    pub fn wasm_externtype_kind(t: *const wasm_externtype_t) -> wasm_externkind_t;
    pub fn wasm_externtype_copy(t: *const wasm_externtype_t) -> *mut wasm_externtype_t;
    pub fn wasm_externtype_delete(t: *mut wasm_externtype_t);
    pub fn wasm_functype_as_externtype_const(t: *const wasm_functype_t)
        -> *const wasm_externtype_t;
    pub fn wasm_externtype_as_functype_const(t: *const wasm_externtype_t)
        -> *const wasm_functype_t;
    pub fn wasm_externtype_as_globaltype_const(
        t: *const wasm_externtype_t,
    ) -> *const wasm_globaltype_t;
    pub fn wasm_externtype_as_tabletype_const(
        t: *const wasm_externtype_t,
    ) -> *const wasm_tabletype_t;
    pub fn wasm_externtype_as_memorytype_const(
        t: *const wasm_externtype_t,
    ) -> *const wasm_memorytype_t;
    pub fn wasm_importtype_module(t: *const wasm_importtype_t) -> *const wasm_byte_vec_t;
    pub fn wasm_importtype_name(t: *const wasm_importtype_t) -> *const wasm_byte_vec_t;
    pub fn wasm_importtype_type(t: *const wasm_importtype_t) -> *const wasm_externtype_t;
    pub fn wasm_exporttype_name(t: *const wasm_exporttype_t) -> *const wasm_byte_vec_t;
    pub fn wasm_exporttype_type(t: *const wasm_exporttype_t) -> *const wasm_externtype_t;

    // Values and references.
    pub fn wasm_val_delete(v: *mut wasm_val_t);
    pub fn wasm_ref_delete(r: *mut wasm_ref_t);
    pub fn wasm_foreign_new(store: *mut wasm_store_t) -> *mut wasm_foreign_t;
    pub fn wasm_foreign_delete(f: *mut wasm_foreign_t);
    pub fn wasm_foreign_as_ref(f: *mut wasm_foreign_t) -> *mut wasm_ref_t;
    pub fn wasm_func_as_ref(f: *mut wasm_func_t) -> *mut wasm_ref_t;

    // Traps.
    pub fn wasm_trap_message(trap: *const wasm_trap_t, out: *mut wasm_byte_vec_t);
    pub fn wasm_trap_delete(trap: *mut wasm_trap_t);

    // Modules.
    pub fn wasm_module_validate(store: *mut wasm_store_t, binary: *const wasm_byte_vec_t) -> bool;
    pub fn wasm_module_new(
        store: *mut wasm_store_t,
        binary: *const wasm_byte_vec_t,
    ) -> *mut wasm_module_t;
    pub fn wasm_module_delete(module: *mut wasm_module_t);
    pub fn wasm_module_imports(module: *const wasm_module_t, out: *mut wasm_importtype_vec_t);
    pub fn wasm_module_exports(module: *const wasm_module_t, out: *mut wasm_exporttype_vec_t);

    // Functions.
    pub fn wasm_func_new(
        store: *mut wasm_store_t,
        ty: *const wasm_functype_t,
        callback: wasm_func_callback_t,
    ) -> *mut wasm_func_t;
    pub fn wasm_func_new_with_env(
        store: *mut wasm_store_t,
        ty: *const wasm_functype_t,
        callback: wasm_func_callback_with_env_t,
        env: *mut c_void,
        finalizer: Option<finalizer_t>,
    ) -> *mut wasm_func_t;
    pub fn wasm_func_delete(f: *mut wasm_func_t);
    pub fn wasm_func_type(f: *const wasm_func_t) -> *mut wasm_functype_t;
    pub fn wasm_func_param_arity(f: *const wasm_func_t) -> usize;
    pub fn wasm_func_result_arity(f: *const wasm_func_t) -> usize;
    pub fn wasm_func_call(
        f: *const wasm_func_t,
        args: *const wasm_val_vec_t,
        results: *mut wasm_val_vec_t,
    ) -> *mut wasm_trap_t;

    // Globals, tables, memories.
    pub fn wasm_global_new(
        store: *mut wasm_store_t,
        ty: *const wasm_globaltype_t,
        val: *const wasm_val_t,
    ) -> *mut wasm_global_t;
    pub fn wasm_global_delete(g: *mut wasm_global_t);
    pub fn wasm_global_get(g: *const wasm_global_t, out: *mut wasm_val_t);
    pub fn wasm_table_new(
        store: *mut wasm_store_t,
        ty: *const wasm_tabletype_t,
        init: *mut wasm_ref_t,
    ) -> *mut wasm_table_t;
    pub fn wasm_table_delete(t: *mut wasm_table_t);
    pub fn wasm_table_size(t: *const wasm_table_t) -> u32;
    pub fn wasm_table_get(t: *const wasm_table_t, index: u32) -> *mut wasm_ref_t;
    pub fn wasm_memory_new(
        store: *mut wasm_store_t,
        ty: *const wasm_memorytype_t,
    ) -> *mut wasm_memory_t;
    pub fn wasm_memory_delete(m: *mut wasm_memory_t);
    pub fn wasm_memory_data(m: *mut wasm_memory_t) -> *mut u8;
    pub fn wasm_memory_data_size(m: *const wasm_memory_t) -> usize;
    pub fn wasm_memory_size(m: *const wasm_memory_t) -> u32;

    // Externals.
    pub fn wasm_extern_kind(e: *const wasm_extern_t) -> wasm_externkind_t;
    pub fn wasm_extern_type(e: *const wasm_extern_t) -> *mut wasm_externtype_t;
    pub fn wasm_func_as_extern(f: *mut wasm_func_t) -> *mut wasm_extern_t;
    pub fn wasm_global_as_extern(g: *mut wasm_global_t) -> *mut wasm_extern_t;
    pub fn wasm_table_as_extern(t: *mut wasm_table_t) -> *mut wasm_extern_t;
    pub fn wasm_memory_as_extern(m: *mut wasm_memory_t) -> *mut wasm_extern_t;
    pub fn wasm_extern_as_func(e: *mut wasm_extern_t) -> *mut wasm_func_t;
    pub fn wasm_extern_as_global(e: *mut wasm_extern_t) -> *mut wasm_global_t;
    pub fn wasm_extern_as_table(e: *mut wasm_extern_t) -> *mut wasm_table_t;
    pub fn wasm_extern_as_memory(e: *mut wasm_extern_t) -> *mut wasm_memory_t;

    // Instances.
    pub fn wasm_instance_new(
        store: *mut wasm_store_t,
        module: *const wasm_module_t,
        imports: *const wasm_extern_vec_t,
        trap: *mut *mut wasm_trap_t,
    ) -> *mut wasm_instance_t;
    pub fn wasm_instance_delete(instance: *mut wasm_instance_t);
    pub fn wasm_instance_exports(instance: *const wasm_instance_t, out: *mut wasm_extern_vec_t);
}

/// The current `wacapi_last_error()` text.
pub fn last_error() -> String {
    // SAFETY: the library returns a NUL-terminated string it owns, never NULL.
    unsafe { std::ffi::CStr::from_ptr(wacapi_last_error()) }
        .to_string_lossy()
        .into_owned()
}

/// Fails the run when the library reports a caught internal panic.
///
/// wacapi turns a Rust panic inside an exported function into its failure value plus an
/// "internal error: ..." last error, so a C caller never unwinds. Under libFuzzer the panic
/// hook already aborts at the panic itself; this check catches the same bug when the driver
/// runs outside libFuzzer (replaying a file with a plain test binary).
pub fn check_no_internal_error(what: &str) {
    let err = last_error();
    assert!(
        !err.starts_with("internal error"),
        "{what}: wacapi caught a panic: {err}"
    );
}
