//! `wacapi_module_deserialize_trusted`: a warm start from the program's own module cache.
//!
//! Validation is most of what compiling a module costs in wasmi (translation is lazy), and a
//! module the program serialized itself was validated when it was first compiled. wasmtime
//! users keep such caches; this is the same trade, explicit in its name: the caller vouches
//! for the bytes, the library checks that they are its own and were validated under the same
//! engine configuration.

use crate::handle::Own;
use crate::module::wasm_module_t;
use crate::store::wasm_store_t;
use crate::vec::wasm_byte_vec_t;

/// `wasm_module_deserialize` for a module cache the program alone writes: when the bytes
/// came from `wasm_module_serialize` of this library version under the same engine
/// configuration (both recorded in them) and their checksum matches, the module is not
/// validated again, which is most of the cost of compiling it. Otherwise it is validated as
/// usual.
///
/// The checksum detects corruption, not tampering: bytes that someone else could have
/// written must go through `wasm_module_deserialize` (an invalid module here is undefined
/// behaviour, as with wasmtime's `Module::deserialize`).
///
/// # Safety
/// `bytes` must be NULL or a valid byte vector holding output of `wasm_module_serialize` that
/// nobody else could change. The module returned is owned by the caller (NULL on failure).
#[no_mangle]
pub unsafe extern "C" fn wacapi_module_deserialize_trusted(
    store: Option<&wasm_store_t>,
    bytes: *const wasm_byte_vec_t,
) -> *mut wasm_module_t {
    // SAFETY: the caller passes NULL or a valid byte vector it vouches for.
    let module = unsafe {
        crate::module::deserialize(store, bytes, true, "wacapi_module_deserialize_trusted")
    };
    module.map_or(std::ptr::null_mut(), Own::into_raw)
}
