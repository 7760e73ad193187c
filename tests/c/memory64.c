/* memory64: 64-bit memory types through wasm.h and the wacapi_memorytype_*
 * extension. Limits that wasm_limits_t cannot express are refused with a
 * message, never saturated; 64-bit host memories link to i64 imports only;
 * NULL and non-memory arguments. */
#include "util.h"

static wasm_memorytype_t* export_memorytype(wasm_store_t* store,
                                            const char* wat) {
  wasm_module_t* module = module_from_wat(store, wat);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK_EQ(exports.size, 1);
  const wasm_externtype_t* et = wasm_exporttype_type(exports.data[0]);
  wasm_memorytype_t* mt =
      wasm_memorytype_copy(wasm_externtype_as_memorytype_const(et));
  wasm_exporttype_vec_delete(&exports);
  wasm_module_delete(module);
  return mt;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  uint64_t max = 0;

  /* a small 64-bit memory: both views agree */
  wasm_memorytype_t* mt =
      export_memorytype(store, "(module (memory (export \"m\") i64 1 5))");
  CHECK(wacapi_memorytype_is64(mt));
  CHECK_EQ(wacapi_memorytype_minimum(mt), 1);
  CHECK(wacapi_memorytype_maximum(mt, &max));
  CHECK_EQ(max, 5);
  const wasm_limits_t* lim = wasm_memorytype_limits(mt);
  CHECK(lim != NULL);
  CHECK_EQ(lim->min, 1);
  CHECK_EQ(lim->max, 5);
  wasm_memorytype_delete(mt);

  /* beyond 2^32 pages: wasm_limits_t cannot say it, so it refuses */
  mt = export_memorytype(
      store, "(module (memory (export \"m\") i64 0 0x100000000))");
  CHECK(wacapi_memorytype_is64(mt));
  CHECK(wasm_memorytype_limits(mt) == NULL);
  CHECK_STR_CONTAINS(last_error(), "do not fit wasm_limits_t");
  CHECK(wacapi_memorytype_maximum(mt, &max));
  CHECK_EQ(max, 0x100000000ull);
  wasm_memorytype_delete(mt);

  /* a 32-bit memory: not 64-bit, no maximum */
  mt = export_memorytype(store, "(module (memory (export \"m\") 2))");
  CHECK(!wacapi_memorytype_is64(mt));
  CHECK_EQ(wacapi_memorytype_minimum(mt), 2);
  CHECK(!wacapi_memorytype_maximum(mt, &max));
  wasm_memorytype_delete(mt);

  /* host 64-bit memory: made, sized, and linked to an i64 import only */
  wasm_memorytype_t* mt64 = wacapi_memorytype_new64(1, true, 3, true);
  CHECK(mt64 != NULL);
  wasm_memory_t* mem64 = wasm_memory_new(store, mt64);
  CHECK(mem64 != NULL);
  CHECK_EQ(wasm_memory_size(mem64), 1);
  CHECK(wasm_memory_grow(mem64, 2));
  CHECK(!wasm_memory_grow(mem64, 1)); /* beyond its maximum */
  wasm_memorytype_t* got = wasm_memory_type(mem64);
  CHECK(wacapi_memorytype_is64(got));
  wasm_memorytype_delete(got);
  wasm_module_t* importer = module_from_wat(
      store,
      "(module (import \"\" \"m\" (memory i64 1))\n"
      "  (func (export \"size\") (result i64) (memory.size)))");
  wasm_extern_t* imports[1] = {wasm_memory_as_extern(mem64)};
  wasm_instance_t* inst = instantiate(store, importer, imports, 1);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(res);
  CHECK(wasm_func_call(export_func(&exports, 0), &args, &rv) == NULL);
  CHECK_EQ(res[0].of.i64, 3);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  /* a 32-bit memory does not fit the i64 import */
  wasm_limits_t small = {1, 4};
  wasm_memorytype_t* mt32 = wasm_memorytype_new(&small);
  wasm_memory_t* mem32 = wasm_memory_new(store, mt32);
  imports[0] = wasm_memory_as_extern(mem32);
  wasm_extern_vec_t iv = {1, imports};
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, importer, &iv, &trap) == NULL);
  if (trap != NULL) wasm_trap_delete(trap);
  CHECK(!wacapi_memorytype_is64(mt32));
  CHECK_EQ(wacapi_memorytype_minimum(mt32), 1);
  CHECK(wacapi_memorytype_maximum(mt32, &max));
  CHECK_EQ(max, 4);
  wasm_memory_delete(mem32);
  wasm_memorytype_delete(mt32);
  wasm_module_delete(importer);
  wasm_memory_delete(mem64);
  wasm_memorytype_delete(mt64);

  /* no maximum; refused limits */
  mt = wacapi_memorytype_new64(7, false, 0, true);
  CHECK(mt != NULL);
  CHECK(!wacapi_memorytype_maximum(mt, &max));
  CHECK_EQ(wacapi_memorytype_minimum(mt), 7);
  wasm_memorytype_delete(mt);
  CHECK(wacapi_memorytype_new64(5, true, 4, true) == NULL);
  CHECK_STR_CONTAINS(last_error(), "below minimum");
  CHECK(wacapi_memorytype_new64(70000, false, 0, false) == NULL);
  CHECK(wacapi_memorytype_new64(1ull << 60, false, 0, true) == NULL);

  /* NULL and non-memory types */
  CHECK(!wacapi_memorytype_is64(NULL));
  CHECK_STR_CONTAINS(last_error(), "NULL");
  CHECK_EQ(wacapi_memorytype_minimum(NULL), 0);
  CHECK(!wacapi_memorytype_maximum(NULL, &max));
  wasm_limits_t tl = {1, 2};
  wasm_tabletype_t* tt =
      wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &tl);
  const wasm_memorytype_t* not_memory =
      (const wasm_memorytype_t*)wasm_tabletype_as_externtype_const(tt);
  CHECK(!wacapi_memorytype_is64(not_memory));
  CHECK_STR_CONTAINS(last_error(), "not a memory type");
  wasm_tabletype_delete(tt);
  mt = wacapi_memorytype_new64(1, false, 0, false);
  CHECK(!wacapi_memorytype_maximum(mt, NULL));
  CHECK_STR_CONTAINS(last_error(), "out is NULL");
  wasm_memorytype_delete(mt);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
