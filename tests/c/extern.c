/* wasm_extern_t: kind, type, every as_* conversion and its _const twin,
 * wrong kind -> NULL, copy/same, host-made and exported externs, NULL. */
#include "util.h"

static wasm_trap_t* nop(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  return NULL;
}

static void check_conversions(wasm_extern_t* e, wasm_externkind_t kind,
                              void* original) {
  CHECK_EQ(wasm_extern_kind(e), kind);
  const wasm_extern_t* ce = e;
  void* as[4] = {wasm_extern_as_func(e), wasm_extern_as_global(e),
                 wasm_extern_as_table(e), wasm_extern_as_memory(e)};
  const void* cas[4] = {wasm_extern_as_func_const(ce),
                        wasm_extern_as_global_const(ce),
                        wasm_extern_as_table_const(ce),
                        wasm_extern_as_memory_const(ce)};
  for (int k = 0; k < 4; k++) {
    if (k == (int)kind) {
      CHECK(as[k] != NULL);
      CHECK(cas[k] == as[k]);
      if (original != NULL) CHECK(as[k] == original);
    } else {
      CHECK(as[k] == NULL);
      CHECK(cas[k] == NULL);
    }
  }
  /* and back to the same extern */
  switch (kind) {
    case WASM_EXTERN_FUNC:
      CHECK(wasm_func_as_extern(wasm_extern_as_func(e)) == e);
      CHECK(wasm_func_as_extern_const(wasm_extern_as_func_const(ce)) == ce);
      break;
    case WASM_EXTERN_GLOBAL:
      CHECK(wasm_global_as_extern(wasm_extern_as_global(e)) == e);
      CHECK(wasm_global_as_extern_const(wasm_extern_as_global_const(ce)) ==
            ce);
      break;
    case WASM_EXTERN_TABLE:
      CHECK(wasm_table_as_extern(wasm_extern_as_table(e)) == e);
      CHECK(wasm_table_as_extern_const(wasm_extern_as_table_const(ce)) == ce);
      break;
    case WASM_EXTERN_MEMORY:
      CHECK(wasm_memory_as_extern(wasm_extern_as_memory(e)) == e);
      CHECK(wasm_memory_as_extern_const(wasm_extern_as_memory_const(ce)) ==
            ce);
      break;
    default:
      CHECK(0);
  }
  /* the type has the same kind */
  wasm_externtype_t* et = wasm_extern_type(e);
  CHECK(et != NULL);
  CHECK_EQ(wasm_externtype_kind(et), kind);
  wasm_externtype_delete(et);
  /* copies are the same object */
  wasm_extern_t* c = wasm_extern_copy(e);
  CHECK(c != NULL);
  CHECK(wasm_extern_same(c, e));
  CHECK_EQ(wasm_extern_kind(c), kind);
  wasm_extern_delete(c);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* host-made externs */
  wasm_functype_t* ft = wasm_functype_new_1_0(wasm_valtype_new_f32());
  wasm_func_t* f = wasm_func_new(store, ft, nop);
  wasm_functype_delete(ft);
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t gv = WASM_I64_VAL(9);
  wasm_global_t* g = wasm_global_new(store, gt, &gv);
  wasm_globaltype_delete(gt);
  wasm_limits_t l = {1, 4};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_externref(), &l);
  wasm_table_t* t = wasm_table_new(store, tt, NULL);
  wasm_tabletype_delete(tt);
  wasm_memorytype_t* mt = wasm_memorytype_new(&l);
  wasm_memory_t* m = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  CHECK(f && g && t && m);

  check_conversions(wasm_func_as_extern(f), WASM_EXTERN_FUNC, f);
  check_conversions(wasm_global_as_extern(g), WASM_EXTERN_GLOBAL, g);
  check_conversions(wasm_table_as_extern(t), WASM_EXTERN_TABLE, t);
  check_conversions(wasm_memory_as_extern(m), WASM_EXTERN_MEMORY, m);
  CHECK(wasm_func_as_extern_const(f) == wasm_func_as_extern(f));
  CHECK(!wasm_extern_same(wasm_func_as_extern(f), wasm_global_as_extern(g)));

  /* types of the host-made externs */
  wasm_externtype_t* et = wasm_extern_type(wasm_func_as_extern(f));
  const wasm_functype_t* eft = wasm_externtype_as_functype_const(et);
  CHECK(eft != NULL);
  CHECK_EQ(wasm_functype_params(eft)->size, 1);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_params(eft)->data[0]), WASM_F32);
  wasm_externtype_delete(et);
  et = wasm_extern_type(wasm_global_as_extern(g));
  CHECK_EQ(wasm_globaltype_mutability(wasm_externtype_as_globaltype_const(et)),
           WASM_VAR);
  wasm_externtype_delete(et);
  et = wasm_extern_type(wasm_table_as_extern(t));
  CHECK_EQ(wasm_tabletype_limits(wasm_externtype_as_tabletype_const(et))->max,
           4);
  wasm_externtype_delete(et);
  et = wasm_extern_type(wasm_memory_as_extern(m));
  CHECK_EQ(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(et))->min,
           1);
  wasm_externtype_delete(et);

  /* exported externs */
  wasm_module_t* mod = module_from_wat(
      store,
      "(module (memory (export \"m\") 2 3)\n"
      "  (table (export \"t\") 1 funcref)\n"
      "  (global (export \"g\") f64 (f64.const 2))\n"
      "  (func (export \"f\") (param i64) (result i64) local.get 0))");
  wasm_instance_t* inst = instantiate(store, mod, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ(ex.size, 4);
  check_conversions(ex.data[0], WASM_EXTERN_MEMORY, NULL);
  check_conversions(ex.data[1], WASM_EXTERN_TABLE, NULL);
  check_conversions(ex.data[2], WASM_EXTERN_GLOBAL, NULL);
  check_conversions(ex.data[3], WASM_EXTERN_FUNC, NULL);
  et = wasm_extern_type(ex.data[0]);
  CHECK_EQ(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(et))->max,
           3);
  wasm_externtype_delete(et);
  et = wasm_extern_type(ex.data[3]);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_results(
               wasm_externtype_as_functype_const(et))->data[0]),
           WASM_I64);
  wasm_externtype_delete(et);

  /* asking twice for the exports gives the same objects */
  wasm_extern_vec_t ex2;
  wasm_instance_exports(inst, &ex2);
  CHECK_EQ(ex2.size, 4);
  for (size_t i = 0; i < 4; i++) CHECK(wasm_extern_same(ex.data[i], ex2.data[i]));
  CHECK(!wasm_extern_same(ex.data[0], ex.data[1]));
  wasm_extern_vec_delete(&ex2);

  /* deleting through the extern view deletes the object */
  wasm_extern_t* fcopy = wasm_extern_copy(ex.data[3]);
  wasm_extern_delete(fcopy);

  /* NULL */
  (void)wasm_extern_kind(NULL);
  CHECK(wasm_extern_type(NULL) == NULL);
  CHECK(wasm_func_as_extern(NULL) == NULL);
  CHECK(wasm_global_as_extern(NULL) == NULL);
  CHECK(wasm_table_as_extern(NULL) == NULL);
  CHECK(wasm_memory_as_extern(NULL) == NULL);
  CHECK(wasm_func_as_extern_const(NULL) == NULL);
  CHECK(wasm_global_as_extern_const(NULL) == NULL);
  CHECK(wasm_table_as_extern_const(NULL) == NULL);
  CHECK(wasm_memory_as_extern_const(NULL) == NULL);
  CHECK(wasm_extern_as_func(NULL) == NULL);
  CHECK(wasm_extern_as_global(NULL) == NULL);
  CHECK(wasm_extern_as_table(NULL) == NULL);
  CHECK(wasm_extern_as_memory(NULL) == NULL);
  CHECK(wasm_extern_as_func_const(NULL) == NULL);
  CHECK(wasm_extern_as_global_const(NULL) == NULL);
  CHECK(wasm_extern_as_table_const(NULL) == NULL);
  CHECK(wasm_extern_as_memory_const(NULL) == NULL);
  CHECK(wasm_extern_copy(NULL) == NULL);
  CHECK(!wasm_extern_same(ex.data[0], NULL));
  wasm_extern_delete(NULL);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(mod);
  wasm_extern_delete(wasm_func_as_extern(f));
  wasm_extern_delete(wasm_global_as_extern(g));
  wasm_table_delete(t);
  wasm_memory_delete(m);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
