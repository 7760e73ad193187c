/* wasm_table_t: new (with and without init), get/set/size/grow for funcref
 * and externref tables, bounds, limits, refusing refs of the wrong kind,
 * exported tables shared with wasm, type, copy/same, NULL. */
#include "util.h"

static wasm_trap_t* seven(const wasm_val_vec_t* args,
                          wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 7;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_functype_t* ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* f7 = wasm_func_new(store, ft, seven);
  wasm_foreign_t* fo = wasm_foreign_new(store);

  /* funcref table, no init */
  wasm_limits_t l = {2, 5};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &l);
  wasm_table_t* t = wasm_table_new(store, tt, NULL);
  wasm_tabletype_delete(tt);
  CHECK(t != NULL);
  CHECK_EQ(wasm_table_size(t), 2);
  CHECK(wasm_table_get(t, 0) == NULL);
  CHECK(wasm_table_get(t, 1) == NULL);
  CHECK(wasm_table_get(t, 2) == NULL); /* out of bounds */
  CHECK(wasm_table_set(t, 1, wasm_func_as_ref(f7)));
  wasm_ref_t* r = wasm_table_get(t, 1);
  CHECK(r != NULL);
  CHECK(wasm_ref_same(r, wasm_func_as_ref(f7)));
  wasm_func_t* got = wasm_ref_as_func(r);
  CHECK(got != NULL);
  CHECK_EQ(call_i32(got, NULL, 0), 7);
  wasm_ref_delete(r);
  CHECK(!wasm_table_set(t, 2, wasm_func_as_ref(f7))); /* out of bounds */
  CHECK(!wasm_table_set(t, UINT32_MAX, NULL));
  CHECK(!wasm_table_set(t, 0, wasm_foreign_as_ref(fo))); /* not a func */
  CHECK(wasm_table_get(t, 0) == NULL);
  CHECK(wasm_table_set(t, 1, NULL)); /* clear */
  CHECK(wasm_table_get(t, 1) == NULL);

  /* grow, with and without init, up to the maximum */
  CHECK(wasm_table_grow(t, 1, NULL));
  CHECK_EQ(wasm_table_size(t), 3);
  CHECK(wasm_table_get(t, 2) == NULL);
  CHECK(wasm_table_grow(t, 2, wasm_func_as_ref(f7)));
  CHECK_EQ(wasm_table_size(t), 5);
  r = wasm_table_get(t, 4);
  CHECK(r != NULL && wasm_ref_same(r, wasm_func_as_ref(f7)));
  wasm_ref_delete(r);
  CHECK(wasm_table_grow(t, 0, NULL));
  CHECK(!wasm_table_grow(t, 1, NULL)); /* past max */
  CHECK(!wasm_table_grow(t, UINT32_MAX, NULL));
  CHECK_EQ(wasm_table_size(t), 5);
  CHECK(!wasm_table_grow(t, 0, wasm_foreign_as_ref(fo)) ||
        wasm_table_size(t) == 5);

  /* type */
  tt = wasm_table_type(t);
  CHECK(tt != NULL);
  CHECK_EQ(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_FUNCREF);
  /* the declared minimum or the current size */
  CHECK(wasm_tabletype_limits(tt)->min == 2 ||
        wasm_tabletype_limits(tt)->min == 5);
  CHECK_EQ(wasm_tabletype_limits(tt)->max, 5);
  wasm_tabletype_delete(tt);

  /* funcref table with init */
  l.min = 3;
  l.max = wasm_limits_max_default;
  tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &l);
  wasm_table_t* ti = wasm_table_new(store, tt, wasm_func_as_ref(f7));
  CHECK(ti != NULL);
  for (uint32_t i = 0; i < 3; i++) {
    r = wasm_table_get(ti, i);
    CHECK(r != NULL && wasm_ref_same(r, wasm_func_as_ref(f7)));
    wasm_ref_delete(r);
  }
  /* a foreign object cannot initialise a funcref table */
  CHECK(wasm_table_new(store, tt, wasm_foreign_as_ref(fo)) == NULL);
  wasm_tabletype_delete(tt);
  wasm_tabletype_t* tti = wasm_table_type(ti);
  CHECK(wasm_tabletype_limits(tti)->max == wasm_limits_max_default);
  wasm_tabletype_delete(tti);

  /* externref table holding foreign objects and functions alike */
  l.min = 2;
  l.max = 4;
  tt = wasm_tabletype_new(wasm_valtype_new_externref(), &l);
  wasm_table_t* te = wasm_table_new(store, tt, wasm_foreign_as_ref(fo));
  wasm_tabletype_delete(tt);
  CHECK(te != NULL);
  r = wasm_table_get(te, 1);
  CHECK(r != NULL && wasm_ref_same(r, wasm_foreign_as_ref(fo)));
  CHECK(wasm_ref_as_foreign(r) != NULL);
  wasm_ref_delete(r);
  CHECK(wasm_table_set(te, 0, NULL));
  CHECK(wasm_table_get(te, 0) == NULL);
  CHECK(wasm_table_grow(te, 2, NULL));
  CHECK(!wasm_table_grow(te, 1, NULL));
  CHECK_EQ(wasm_table_size(te), 4);

  /* an exported table: host writes are seen by call_indirect, wasm writes
   * by the host */
  wasm_module_t* m = module_from_wat(
      store,
      "(module\n"
      "  (type $v_i (func (result i32)))\n"
      "  (table $t (export \"t\") 3 10 funcref)\n"
      "  (func $forty (result i32) i32.const 40)\n"
      "  (elem (i32.const 0) $forty)\n"
      "  (func (export \"call\") (param i32) (result i32)\n"
      "    (call_indirect (type $v_i) (local.get 0)))\n"
      "  (func (export \"copy\") (param i32 i32)\n"
      "    (table.set $t (local.get 1) (table.get $t (local.get 0))))\n"
      "  (func (export \"grow\") (result i32)\n"
      "    (table.grow $t (ref.null func) (i32.const 1))))");
  wasm_instance_t* inst = instantiate(store, m, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ(ex.size, 4);
  wasm_table_t* wt = export_table(&ex, 0);
  wasm_func_t* callf = export_func(&ex, 1);
  wasm_func_t* copyf = export_func(&ex, 2);
  CHECK_EQ(wasm_table_size(wt), 3);
  int32_t idx = 0;
  CHECK_EQ(call_i32(callf, &idx, 1), 40);
  r = wasm_table_get(wt, 0);
  CHECK(r != NULL);
  wasm_func_t* forty = wasm_ref_as_func(r);
  CHECK(forty != NULL);
  CHECK_EQ(call_i32(forty, NULL, 0), 40);
  wasm_ref_delete(r);
  CHECK(wasm_table_set(wt, 2, wasm_func_as_ref(f7)));
  idx = 2;
  CHECK_EQ(call_i32(callf, &idx, 1), 7);
  wasm_val_t cargs[2] = {WASM_I32_VAL(2), WASM_I32_VAL(1)};
  CHECK_NO_TRAP(call(copyf, cargs, 2, NULL, 0));
  r = wasm_table_get(wt, 1);
  CHECK(r != NULL && wasm_ref_same(r, wasm_func_as_ref(f7)));
  wasm_ref_delete(r);
  /* an empty slot traps in wasm */
  CHECK(wasm_table_set(wt, 1, NULL));
  wasm_val_t a1[1] = {WASM_I32_VAL(1)};
  wasm_val_t r1[1] = {WASM_INIT_VAL};
  wasm_trap_t* trap = call(callf, a1, 1, r1, 1);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  /* growth on either side is seen by the other */
  CHECK_EQ(call_i32(export_func(&ex, 3), NULL, 0), 3);
  CHECK_EQ(wasm_table_size(wt), 4);
  CHECK(wasm_table_grow(wt, 2, NULL));
  CHECK_EQ(call_i32(export_func(&ex, 3), NULL, 0), 6);

  /* copy, same */
  wasm_table_t* tc = wasm_table_copy(wt);
  CHECK(tc != NULL);
  CHECK(wasm_table_same(tc, wt));
  CHECK(!wasm_table_same(t, wt));
  CHECK_EQ(wasm_table_size(tc), 7);
  wasm_table_delete(tc);

  /* NULL */
  tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &l);
  CHECK(wasm_table_new(NULL, tt, NULL) == NULL);
  CHECK(wasm_table_new(store, NULL, NULL) == NULL);
  wasm_tabletype_delete(tt);
  CHECK(wasm_table_type(NULL) == NULL);
  CHECK(wasm_table_get(NULL, 0) == NULL);
  CHECK(!wasm_table_set(NULL, 0, NULL));
  CHECK_EQ(wasm_table_size(NULL), 0);
  CHECK(!wasm_table_grow(NULL, 0, NULL));
  CHECK(wasm_table_copy(NULL) == NULL);
  CHECK(!wasm_table_same(t, NULL));
  wasm_table_delete(NULL);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_table_delete(t);
  wasm_table_delete(ti);
  wasm_table_delete(te);
  wasm_func_delete(f7);
  wasm_foreign_delete(fo);
  wasm_functype_delete(ft);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
