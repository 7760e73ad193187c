/* NULL where a pointer is expected: every function of wasm.h that takes a
 * pointer is called with NULL (in each pointer position where that makes
 * sense) and must neither crash nor hand out an object; out-parameters are
 * set to empty vectors. Also invalid enum values. */
#include "util.h"

#define EMPTY_OUT(type, call_with_out)                                     \
  do {                                                                     \
    type out_;                                                             \
    out_.size = 77;                                                        \
    out_.data = NULL;                                                      \
    call_with_out;                                                         \
    CHECK_EQ(out_.size, 0);                                                \
  } while (0)

static wasm_trap_t* nop(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  return NULL;
}

int main(void) {
  /* every _delete */
  wasm_config_delete(NULL);
  wasm_engine_delete(NULL);
  wasm_store_delete(NULL);
  wasm_valtype_delete(NULL);
  wasm_functype_delete(NULL);
  wasm_globaltype_delete(NULL);
  wasm_tabletype_delete(NULL);
  wasm_memorytype_delete(NULL);
  wasm_externtype_delete(NULL);
  wasm_importtype_delete(NULL);
  wasm_exporttype_delete(NULL);
  wasm_val_delete(NULL);
  wasm_ref_delete(NULL);
  wasm_frame_delete(NULL);
  wasm_trap_delete(NULL);
  wasm_foreign_delete(NULL);
  wasm_module_delete(NULL);
  wasm_shared_module_delete(NULL);
  wasm_func_delete(NULL);
  wasm_global_delete(NULL);
  wasm_table_delete(NULL);
  wasm_memory_delete(NULL);
  wasm_extern_delete(NULL);
  wasm_instance_delete(NULL);
  wasm_byte_vec_delete(NULL);
  wasm_val_vec_delete(NULL);
  wasm_frame_vec_delete(NULL);
  wasm_extern_vec_delete(NULL);
  wasm_valtype_vec_delete(NULL);
  wasm_functype_vec_delete(NULL);
  wasm_globaltype_vec_delete(NULL);
  wasm_tabletype_vec_delete(NULL);
  wasm_memorytype_vec_delete(NULL);
  wasm_externtype_vec_delete(NULL);
  wasm_importtype_vec_delete(NULL);
  wasm_exporttype_vec_delete(NULL);

  /* every _copy */
  CHECK(wasm_valtype_copy(NULL) == NULL);
  CHECK(wasm_functype_copy(NULL) == NULL);
  CHECK(wasm_globaltype_copy(NULL) == NULL);
  CHECK(wasm_tabletype_copy(NULL) == NULL);
  CHECK(wasm_memorytype_copy(NULL) == NULL);
  CHECK(wasm_externtype_copy(NULL) == NULL);
  CHECK(wasm_importtype_copy(NULL) == NULL);
  CHECK(wasm_exporttype_copy(NULL) == NULL);
  CHECK(wasm_ref_copy(NULL) == NULL);
  CHECK(wasm_frame_copy(NULL) == NULL);
  CHECK(wasm_trap_copy(NULL) == NULL);
  CHECK(wasm_foreign_copy(NULL) == NULL);
  CHECK(wasm_module_copy(NULL) == NULL);
  CHECK(wasm_func_copy(NULL) == NULL);
  CHECK(wasm_global_copy(NULL) == NULL);
  CHECK(wasm_table_copy(NULL) == NULL);
  CHECK(wasm_memory_copy(NULL) == NULL);
  CHECK(wasm_extern_copy(NULL) == NULL);
  CHECK(wasm_instance_copy(NULL) == NULL);

  /* constructors */
  CHECK(wasm_store_new(NULL) == NULL);
  CHECK(wasm_valtype_new(37) == NULL);
  CHECK(wasm_globaltype_new(NULL, WASM_CONST) == NULL);
  CHECK(wasm_tabletype_new(NULL, NULL) == NULL);
  CHECK(wasm_memorytype_new(NULL) == NULL);
  CHECK(wasm_importtype_new(NULL, NULL, NULL) == NULL);
  CHECK(wasm_exporttype_new(NULL, NULL) == NULL);
  CHECK(wasm_trap_new(NULL, NULL) == NULL);
  CHECK(wasm_foreign_new(NULL) == NULL);
  CHECK(wasm_module_new(NULL, NULL) == NULL);
  CHECK(!wasm_module_validate(NULL, NULL));
  CHECK(wasm_module_deserialize(NULL, NULL) == NULL);
  CHECK(wasm_module_obtain(NULL, NULL) == NULL);
  CHECK(wasm_module_share(NULL) == NULL);
  CHECK(wasm_func_new(NULL, NULL, NULL) == NULL);
  CHECK(wasm_func_new_with_env(NULL, NULL, NULL, NULL, NULL) == NULL);
  CHECK(wasm_global_new(NULL, NULL, NULL) == NULL);
  CHECK(wasm_table_new(NULL, NULL, NULL) == NULL);
  CHECK(wasm_memory_new(NULL, NULL) == NULL);
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(NULL, NULL, NULL, &trap) == NULL);
  if (trap) wasm_trap_delete(trap);
  CHECK(wasm_instance_new(NULL, NULL, NULL, NULL) == NULL);

  /* accessors of types */
  (void)wasm_valtype_kind(NULL);
  CHECK(wasm_functype_params(NULL) == NULL);
  CHECK(wasm_functype_results(NULL) == NULL);
  CHECK(wasm_globaltype_content(NULL) == NULL);
  (void)wasm_globaltype_mutability(NULL);
  CHECK(wasm_tabletype_element(NULL) == NULL);
  CHECK(wasm_tabletype_limits(NULL) == NULL);
  CHECK(wasm_memorytype_limits(NULL) == NULL);
  (void)wasm_externtype_kind(NULL);
  CHECK(wasm_functype_as_externtype(NULL) == NULL);
  CHECK(wasm_globaltype_as_externtype(NULL) == NULL);
  CHECK(wasm_tabletype_as_externtype(NULL) == NULL);
  CHECK(wasm_memorytype_as_externtype(NULL) == NULL);
  CHECK(wasm_externtype_as_functype(NULL) == NULL);
  CHECK(wasm_externtype_as_globaltype(NULL) == NULL);
  CHECK(wasm_externtype_as_tabletype(NULL) == NULL);
  CHECK(wasm_externtype_as_memorytype(NULL) == NULL);
  CHECK(wasm_functype_as_externtype_const(NULL) == NULL);
  CHECK(wasm_globaltype_as_externtype_const(NULL) == NULL);
  CHECK(wasm_tabletype_as_externtype_const(NULL) == NULL);
  CHECK(wasm_memorytype_as_externtype_const(NULL) == NULL);
  CHECK(wasm_externtype_as_functype_const(NULL) == NULL);
  CHECK(wasm_externtype_as_globaltype_const(NULL) == NULL);
  CHECK(wasm_externtype_as_tabletype_const(NULL) == NULL);
  CHECK(wasm_externtype_as_memorytype_const(NULL) == NULL);
  CHECK(wasm_importtype_module(NULL) == NULL);
  CHECK(wasm_importtype_name(NULL) == NULL);
  CHECK(wasm_importtype_type(NULL) == NULL);
  CHECK(wasm_exporttype_name(NULL) == NULL);
  CHECK(wasm_exporttype_type(NULL) == NULL);

  /* values */
  wasm_val_t v = WASM_I32_VAL(1);
  wasm_val_copy(NULL, &v);
  wasm_val_copy(&v, NULL);

  /* references: same, host info */
  (void)wasm_ref_same(NULL, NULL);
  CHECK(wasm_ref_get_host_info(NULL) == NULL);
  wasm_ref_set_host_info(NULL, &v);
  wasm_ref_set_host_info_with_finalizer(NULL, &v, NULL);
  CHECK(wasm_func_get_host_info(NULL) == NULL);
  CHECK(wasm_global_get_host_info(NULL) == NULL);
  CHECK(wasm_table_get_host_info(NULL) == NULL);
  CHECK(wasm_memory_get_host_info(NULL) == NULL);
  CHECK(wasm_extern_get_host_info(NULL) == NULL);
  CHECK(wasm_instance_get_host_info(NULL) == NULL);
  CHECK(wasm_module_get_host_info(NULL) == NULL);
  CHECK(wasm_trap_get_host_info(NULL) == NULL);
  CHECK(wasm_foreign_get_host_info(NULL) == NULL);
  wasm_func_set_host_info(NULL, &v);
  wasm_global_set_host_info(NULL, &v);
  wasm_table_set_host_info(NULL, &v);
  wasm_memory_set_host_info(NULL, &v);
  wasm_extern_set_host_info(NULL, &v);
  wasm_instance_set_host_info(NULL, &v);
  wasm_module_set_host_info(NULL, &v);
  wasm_trap_set_host_info(NULL, &v);
  wasm_foreign_set_host_info(NULL, &v);
  wasm_func_set_host_info_with_finalizer(NULL, &v, NULL);
  wasm_global_set_host_info_with_finalizer(NULL, &v, NULL);
  wasm_table_set_host_info_with_finalizer(NULL, &v, NULL);
  wasm_memory_set_host_info_with_finalizer(NULL, &v, NULL);
  wasm_extern_set_host_info_with_finalizer(NULL, &v, NULL);
  wasm_instance_set_host_info_with_finalizer(NULL, &v, NULL);
  wasm_module_set_host_info_with_finalizer(NULL, &v, NULL);
  wasm_trap_set_host_info_with_finalizer(NULL, &v, NULL);
  wasm_foreign_set_host_info_with_finalizer(NULL, &v, NULL);
  CHECK(wasm_func_as_ref(NULL) == NULL);
  CHECK(wasm_global_as_ref(NULL) == NULL);
  CHECK(wasm_table_as_ref(NULL) == NULL);
  CHECK(wasm_memory_as_ref(NULL) == NULL);
  CHECK(wasm_extern_as_ref(NULL) == NULL);
  CHECK(wasm_instance_as_ref(NULL) == NULL);
  CHECK(wasm_module_as_ref(NULL) == NULL);
  CHECK(wasm_trap_as_ref(NULL) == NULL);
  CHECK(wasm_foreign_as_ref(NULL) == NULL);
  CHECK(wasm_ref_as_func(NULL) == NULL);
  CHECK(wasm_ref_as_global(NULL) == NULL);
  CHECK(wasm_ref_as_table(NULL) == NULL);
  CHECK(wasm_ref_as_memory(NULL) == NULL);
  CHECK(wasm_ref_as_extern(NULL) == NULL);
  CHECK(wasm_ref_as_instance(NULL) == NULL);
  CHECK(wasm_ref_as_module(NULL) == NULL);
  CHECK(wasm_ref_as_trap(NULL) == NULL);
  CHECK(wasm_ref_as_foreign(NULL) == NULL);
  CHECK(wasm_func_as_ref_const(NULL) == NULL);
  CHECK(wasm_ref_as_func_const(NULL) == NULL);
  CHECK(wasm_foreign_as_ref_const(NULL) == NULL);
  CHECK(wasm_ref_as_foreign_const(NULL) == NULL);

  /* frames and traps */
  CHECK(wasm_frame_instance(NULL) == NULL);
  (void)wasm_frame_func_index(NULL);
  (void)wasm_frame_func_offset(NULL);
  (void)wasm_frame_module_offset(NULL);
  EMPTY_OUT(wasm_message_t, wasm_trap_message(NULL, &out_));
  CHECK(wasm_trap_origin(NULL) == NULL);
  EMPTY_OUT(wasm_frame_vec_t, wasm_trap_trace(NULL, &out_));

  /* modules */
  EMPTY_OUT(wasm_importtype_vec_t, wasm_module_imports(NULL, &out_));
  EMPTY_OUT(wasm_exporttype_vec_t, wasm_module_exports(NULL, &out_));
  EMPTY_OUT(wasm_byte_vec_t, wasm_module_serialize(NULL, &out_));

  /* functions, globals, tables, memories, externs, instances */
  CHECK(wasm_func_type(NULL) == NULL);
  CHECK_EQ(wasm_func_param_arity(NULL), 0);
  CHECK_EQ(wasm_func_result_arity(NULL), 0);
  wasm_trap_t* t = wasm_func_call(NULL, NULL, NULL);
  if (t) wasm_trap_delete(t);
  CHECK(wasm_global_type(NULL) == NULL);
  wasm_global_get(NULL, &v);
  wasm_global_set(NULL, &v);
  CHECK(wasm_table_type(NULL) == NULL);
  CHECK(wasm_table_get(NULL, 0) == NULL);
  CHECK(!wasm_table_set(NULL, 0, NULL));
  CHECK_EQ(wasm_table_size(NULL), 0);
  CHECK(!wasm_table_grow(NULL, 1, NULL));
  CHECK(wasm_memory_type(NULL) == NULL);
  CHECK(wasm_memory_data(NULL) == NULL);
  CHECK_EQ(wasm_memory_data_size(NULL), 0);
  CHECK_EQ(wasm_memory_size(NULL), 0);
  CHECK(!wasm_memory_grow(NULL, 1));
  (void)wasm_extern_kind(NULL);
  CHECK(wasm_extern_type(NULL) == NULL);
  CHECK(wasm_func_as_extern(NULL) == NULL);
  CHECK(wasm_extern_as_func(NULL) == NULL);
  CHECK(wasm_extern_as_memory_const(NULL) == NULL);
  EMPTY_OUT(wasm_extern_vec_t, wasm_instance_exports(NULL, &out_));

  /* wacapi extensions */
  CHECK(!wacapi_wat2wasm(NULL, NULL));
  CHECK(wacapi_last_error() != NULL);

  /* NULL in the second position, with real objects in the first */
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(wasm_module_new(store, NULL) == NULL);
  CHECK(!wasm_module_validate(store, NULL));
  CHECK(wasm_module_deserialize(store, NULL) == NULL);
  CHECK(wasm_module_obtain(store, NULL) == NULL);
  CHECK(wasm_func_new(store, NULL, nop) == NULL);
  CHECK(wasm_global_new(store, NULL, &v) == NULL);
  CHECK(wasm_table_new(store, NULL, NULL) == NULL);
  CHECK(wasm_memory_new(store, NULL) == NULL);
  trap = NULL;
  CHECK(wasm_instance_new(store, NULL, NULL, &trap) == NULL);
  if (trap) wasm_trap_delete(trap);
  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_func_t* f = wasm_func_new(store, ft, nop);
  CHECK(f != NULL);
  CHECK(!wasm_func_same(f, NULL));
  CHECK(!wasm_func_same(NULL, f));
  CHECK(!wasm_ref_same(wasm_func_as_ref(f), NULL));
  CHECK(wasm_ref_as_func(wasm_func_as_ref(f)) == f);
  wasm_func_delete(f);
  wasm_functype_delete(ft);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  test_ok();
  return 0;
}
