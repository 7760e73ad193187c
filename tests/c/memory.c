/* wasm_memory_t: new, data/data_size/size, grow up to the maximum, limits
 * out of range, exported memories shared with wasm (data segments, stores,
 * memory.grow), type, copy/same, NULL. */
#include "util.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasm_limits_t l = {1, 3};
  wasm_memorytype_t* mt = wasm_memorytype_new(&l);
  wasm_memory_t* m = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  CHECK(m != NULL);
  CHECK_EQ(wasm_memory_size(m), 1);
  CHECK_EQ(wasm_memory_data_size(m), MEMORY_PAGE_SIZE);
  byte_t* data = wasm_memory_data(m);
  CHECK(data != NULL);
  for (size_t i = 0; i < MEMORY_PAGE_SIZE; i++) CHECK(data[i] == 0);
  data[0] = 1;
  data[MEMORY_PAGE_SIZE - 1] = 2;

  CHECK(wasm_memory_grow(m, 1));
  CHECK_EQ(wasm_memory_size(m), 2);
  CHECK_EQ(wasm_memory_data_size(m), 2 * MEMORY_PAGE_SIZE);
  data = wasm_memory_data(m); /* may have moved */
  CHECK_EQ(data[0], 1);
  CHECK_EQ(data[MEMORY_PAGE_SIZE - 1], 2);
  CHECK_EQ(data[MEMORY_PAGE_SIZE], 0);
  data[2 * MEMORY_PAGE_SIZE - 1] = 3;
  CHECK(wasm_memory_grow(m, 0));
  CHECK_EQ(wasm_memory_size(m), 2);
  CHECK(!wasm_memory_grow(m, 2)); /* past max */
  CHECK_EQ(wasm_memory_size(m), 2);
  CHECK(wasm_memory_grow(m, 1));
  CHECK(!wasm_memory_grow(m, 1));
  CHECK(!wasm_memory_grow(m, UINT32_MAX));
  CHECK_EQ(wasm_memory_size(m), 3);
  CHECK_EQ(wasm_memory_data(m)[2 * MEMORY_PAGE_SIZE - 1], 3);

  mt = wasm_memory_type(m);
  CHECK(mt != NULL);
  CHECK(wasm_memorytype_limits(mt)->min == 1 ||
        wasm_memorytype_limits(mt)->min == 3);
  CHECK_EQ(wasm_memorytype_limits(mt)->max, 3);
  wasm_memorytype_delete(mt);

  /* zero pages, no maximum */
  wasm_limits_t z = {0, wasm_limits_max_default};
  mt = wasm_memorytype_new(&z);
  wasm_memory_t* mz = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  CHECK(mz != NULL);
  CHECK_EQ(wasm_memory_size(mz), 0);
  CHECK_EQ(wasm_memory_data_size(mz), 0);
  CHECK(wasm_memory_grow(mz, 1));
  CHECK_EQ(wasm_memory_data_size(mz), MEMORY_PAGE_SIZE);
  CHECK(wasm_memory_data(mz) != NULL);
  mt = wasm_memory_type(mz);
  CHECK(wasm_memorytype_limits(mt)->max == wasm_limits_max_default);
  wasm_memorytype_delete(mt);

  /* limits that cannot be: min > max, more than 65536 pages */
  wasm_limits_t bad1 = {2, 1};
  mt = wasm_memorytype_new(&bad1);
  CHECK(wasm_memory_new(store, mt) == NULL);
  wasm_memorytype_delete(mt);
  wasm_limits_t bad2 = {65537, wasm_limits_max_default};
  mt = wasm_memorytype_new(&bad2);
  CHECK(wasm_memory_new(store, mt) == NULL);
  wasm_memorytype_delete(mt);
  wasm_limits_t bad3 = {0, 65537};
  mt = wasm_memorytype_new(&bad3);
  CHECK(wasm_memory_new(store, mt) == NULL);
  wasm_memorytype_delete(mt);

  /* an exported memory */
  wasm_module_t* mod = module_from_wat(
      store,
      "(module\n"
      "  (memory (export \"mem\") 1 4)\n"
      "  (data (i32.const 100) \"wacapi\")\n"
      "  (func (export \"load\") (param i32) (result i32)\n"
      "    (i32.load8_u (local.get 0)))\n"
      "  (func (export \"store\") (param i32 i32)\n"
      "    (i32.store8 (local.get 0) (local.get 1)))\n"
      "  (func (export \"size\") (result i32) (memory.size))\n"
      "  (func (export \"grow\") (param i32) (result i32)\n"
      "    (memory.grow (local.get 0))))");
  wasm_instance_t* inst = instantiate(store, mod, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ(ex.size, 5);
  wasm_memory_t* em = export_memory(&ex, 0);
  wasm_func_t* load = export_func(&ex, 1);
  wasm_func_t* store8 = export_func(&ex, 2);
  wasm_func_t* size = export_func(&ex, 3);
  wasm_func_t* grow = export_func(&ex, 4);
  CHECK(memcmp(wasm_memory_data(em) + 100, "wacapi", 6) == 0);
  wasm_memory_data(em)[200] = 42;
  int32_t a = 200;
  CHECK_EQ(call_i32(load, &a, 1), 42);
  wasm_val_t sargs[2] = {WASM_I32_VAL(300), WASM_I32_VAL(9)};
  CHECK_NO_TRAP(call(store8, sargs, 2, NULL, 0));
  CHECK_EQ(wasm_memory_data(em)[300], 9);
  CHECK_EQ(call_i32(size, NULL, 0), 1);
  CHECK(wasm_memory_grow(em, 1));
  CHECK_EQ(call_i32(size, NULL, 0), 2);
  int32_t one = 1;
  CHECK_EQ(call_i32(grow, &one, 1), 2);
  CHECK_EQ(wasm_memory_size(em), 3);
  CHECK_EQ(wasm_memory_data_size(em), 3 * MEMORY_PAGE_SIZE);
  int32_t two = 2;
  CHECK_EQ(call_i32(grow, &two, 1), -1); /* past max */
  CHECK(!wasm_memory_grow(em, 2));
  /* out-of-bounds access traps instead of touching host memory */
  a = 3 * 65536;
  wasm_val_t la[1] = {WASM_I32_VAL(a)};
  wasm_val_t lr[1] = {WASM_INIT_VAL};
  wasm_trap_t* trap = call(load, la, 1, lr, 1);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);

  /* copy, same */
  wasm_memory_t* mc = wasm_memory_copy(em);
  CHECK(mc != NULL);
  CHECK(wasm_memory_same(mc, em));
  CHECK(!wasm_memory_same(m, em));
  CHECK(wasm_memory_data(mc) == wasm_memory_data(em));
  wasm_memory_delete(mc);

  /* NULL */
  wasm_limits_t ok = {1, 1};
  mt = wasm_memorytype_new(&ok);
  CHECK(wasm_memory_new(NULL, mt) == NULL);
  wasm_memorytype_delete(mt);
  CHECK(wasm_memory_new(store, NULL) == NULL);
  CHECK(wasm_memory_type(NULL) == NULL);
  CHECK(wasm_memory_data(NULL) == NULL);
  CHECK_EQ(wasm_memory_data_size(NULL), 0);
  CHECK_EQ(wasm_memory_size(NULL), 0);
  CHECK(!wasm_memory_grow(NULL, 0));
  CHECK(wasm_memory_copy(NULL) == NULL);
  CHECK(!wasm_memory_same(m, NULL));
  wasm_memory_delete(NULL);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(mod);
  wasm_memory_delete(m);
  wasm_memory_delete(mz);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
