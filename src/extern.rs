//! `wasm_extern_t`: a function, global, table or memory seen as an import/export.
//!
//! Externs are the same objects as the four kinds, so the conversions are casts; the
//! `wasm_extern_as_X` direction checks the kind and gives NULL on a mismatch.

use crate::handle::Own;
use crate::r#ref::{declare_ref, wasm_ref_t, with_obj, RefData};
use crate::types::*;

/// An extern is a reference object of the func/global/table/memory kinds.
pub type wasm_extern_t = wasm_ref_t;

declare_ref!(extern);

/// The kind of an extern (0 for NULL).
#[no_mangle]
pub extern "C" fn wasm_extern_kind(e: Option<&wasm_extern_t>) -> wasm_externkind_t {
    let e = crate::handle::live(e);
    match e.map(|e| &e.data) {
        Some(RefData::Global(_)) => WASM_EXTERN_GLOBAL,
        Some(RefData::Table(_)) => WASM_EXTERN_TABLE,
        Some(RefData::Memory(_)) => WASM_EXTERN_MEMORY,
        Some(RefData::Func(_)) => WASM_EXTERN_FUNC,
        _ => {
            crate::error::set_last_error("wasm_extern_kind: NULL or not an extern");
            WASM_EXTERN_FUNC
        }
    }
}

/// The type of an extern (NULL for NULL).
#[no_mangle]
pub extern "C" fn wasm_extern_type(e: Option<&wasm_extern_t>) -> Option<Own<wasm_externtype_t>> {
    let e = crate::handle::live(e);
    with_obj(
        e,
        "wasm_extern_type",
        || None,
        |e| {
            let ext = e.data.as_extern()?;
            e.with_store("wasm_extern_type", |ctx| {
                wasm_externtype_t::from_wasmi(&ext.ty(ctx))
            })
        },
    )
}

macro_rules! extern_casts {
    ($variant:ident, $to:ident, $to_const:ident, $from:ident, $from_const:ident) => {
        /// Views the object as an extern (same object).
        #[no_mangle]
        pub extern "C" fn $to(obj: *mut wasm_ref_t) -> *mut wasm_extern_t {
            obj
        }
        /// Views the object as a const extern (same object).
        #[no_mangle]
        pub extern "C" fn $to_const(obj: *const wasm_ref_t) -> *const wasm_extern_t {
            obj
        }
        /// The concrete object behind an extern, NULL when it is another kind.
        ///
        /// # Safety
        /// `e` must be NULL or a valid object.
        #[no_mangle]
        pub unsafe extern "C" fn $from(e: *mut wasm_extern_t) -> *mut wasm_ref_t {
            let e = $crate::handle::live_ptr_mut(e);
            match e.as_ref() {
                Some(o) if matches!(o.data, RefData::$variant(_)) => e,
                _ => std::ptr::null_mut(),
            }
        }
        /// The const concrete object behind an extern, NULL when it is another kind.
        ///
        /// # Safety
        /// `e` must be NULL or a valid object.
        #[no_mangle]
        pub unsafe extern "C" fn $from_const(e: *const wasm_extern_t) -> *const wasm_ref_t {
            let e = $crate::handle::live_ptr(e);
            match e.as_ref() {
                Some(o) if matches!(o.data, RefData::$variant(_)) => e,
                _ => std::ptr::null(),
            }
        }
    };
}

extern_casts!(
    Func,
    wasm_func_as_extern,
    wasm_func_as_extern_const,
    wasm_extern_as_func,
    wasm_extern_as_func_const
);
extern_casts!(
    Global,
    wasm_global_as_extern,
    wasm_global_as_extern_const,
    wasm_extern_as_global,
    wasm_extern_as_global_const
);
extern_casts!(
    Table,
    wasm_table_as_extern,
    wasm_table_as_extern_const,
    wasm_extern_as_table,
    wasm_extern_as_table_const
);
extern_casts!(
    Memory,
    wasm_memory_as_extern,
    wasm_memory_as_extern_const,
    wasm_extern_as_memory,
    wasm_extern_as_memory_const
);

crate::vec::declare_vec!(
    wasm_extern_vec_t,
    Option<Own<wasm_ref_t>>,
    wasm_extern_vec_new_empty,
    wasm_extern_vec_new_uninitialized,
    wasm_extern_vec_new,
    wasm_extern_vec_copy,
    wasm_extern_vec_delete
);
