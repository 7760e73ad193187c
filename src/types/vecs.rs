//! The vectors of type objects (`wasm_valtype_vec_t` ... `wasm_exporttype_vec_t`).

use super::*;
use crate::handle::Own;

crate::vec::declare_vec!(
    wasm_valtype_vec_t,
    Option<Own<wasm_valtype_t>>,
    wasm_valtype_vec_new_empty,
    wasm_valtype_vec_new_uninitialized,
    wasm_valtype_vec_new,
    wasm_valtype_vec_copy,
    wasm_valtype_vec_delete
);

crate::vec::declare_vec!(
    wasm_functype_vec_t,
    Option<Own<wasm_functype_t>>,
    wasm_functype_vec_new_empty,
    wasm_functype_vec_new_uninitialized,
    wasm_functype_vec_new,
    wasm_functype_vec_copy,
    wasm_functype_vec_delete
);

crate::vec::declare_vec!(
    wasm_globaltype_vec_t,
    Option<Own<wasm_globaltype_t>>,
    wasm_globaltype_vec_new_empty,
    wasm_globaltype_vec_new_uninitialized,
    wasm_globaltype_vec_new,
    wasm_globaltype_vec_copy,
    wasm_globaltype_vec_delete
);

crate::vec::declare_vec!(
    wasm_tabletype_vec_t,
    Option<Own<wasm_tabletype_t>>,
    wasm_tabletype_vec_new_empty,
    wasm_tabletype_vec_new_uninitialized,
    wasm_tabletype_vec_new,
    wasm_tabletype_vec_copy,
    wasm_tabletype_vec_delete
);

crate::vec::declare_vec!(
    wasm_memorytype_vec_t,
    Option<Own<wasm_memorytype_t>>,
    wasm_memorytype_vec_new_empty,
    wasm_memorytype_vec_new_uninitialized,
    wasm_memorytype_vec_new,
    wasm_memorytype_vec_copy,
    wasm_memorytype_vec_delete
);

crate::vec::declare_vec!(
    wasm_externtype_vec_t,
    Option<Own<wasm_externtype_t>>,
    wasm_externtype_vec_new_empty,
    wasm_externtype_vec_new_uninitialized,
    wasm_externtype_vec_new,
    wasm_externtype_vec_copy,
    wasm_externtype_vec_delete
);

crate::vec::declare_vec!(
    wasm_importtype_vec_t,
    Option<Own<wasm_importtype_t>>,
    wasm_importtype_vec_new_empty,
    wasm_importtype_vec_new_uninitialized,
    wasm_importtype_vec_new,
    wasm_importtype_vec_copy,
    wasm_importtype_vec_delete
);

crate::vec::declare_vec!(
    wasm_exporttype_vec_t,
    Option<Own<wasm_exporttype_t>>,
    wasm_exporttype_vec_new_empty,
    wasm_exporttype_vec_new_uninitialized,
    wasm_exporttype_vec_new,
    wasm_exporttype_vec_copy,
    wasm_exporttype_vec_delete
);
