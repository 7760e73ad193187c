/* wasm_foreign_t: new, copy/same, host info with finalizer, as externref
 * through wasm (tables, globals, params/results) and back, NULL. */
#include "util.h"

static int finalized = 0;
static void fin(void* p) {
  (*(int*)p)++;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasm_foreign_t* a = wasm_foreign_new(store);
  wasm_foreign_t* b = wasm_foreign_new(store);
  CHECK(a != NULL && b != NULL);
  CHECK(wasm_foreign_same(a, a));
  CHECK(!wasm_foreign_same(a, b));
  wasm_foreign_t* ac = wasm_foreign_copy(a);
  CHECK(ac != NULL);
  CHECK(wasm_foreign_same(ac, a));
  CHECK(wasm_foreign_get_host_info(a) == NULL);
  wasm_foreign_set_host_info_with_finalizer(a, &finalized, fin);
  wasm_foreign_set_host_info_with_finalizer(b, &finalized, fin);
  CHECK(wasm_foreign_get_host_info(ac) == &finalized);
  CHECK(wasm_foreign_as_ref(a) != NULL);
  CHECK(wasm_foreign_as_ref_const(a) == wasm_foreign_as_ref(a));
  CHECK(wasm_ref_as_foreign(wasm_foreign_as_ref(a)) == a);
  CHECK(wasm_ref_as_foreign_const(wasm_foreign_as_ref(a)) == a);

  /* foreign objects travel through wasm as externref */
  wasm_module_t* m = module_from_wat(
      store,
      "(module\n"
      "  (table $t (export \"t\") 4 externref)\n"
      "  (global $g (export \"g\") (mut externref) (ref.null extern))\n"
      "  (func (export \"keep\") (param externref)\n"
      "    (table.set $t (i32.const 2) (local.get 0))\n"
      "    (global.set $g (local.get 0)))\n"
      "  (func (export \"fetch\") (result externref)\n"
      "    (table.get $t (i32.const 2)))\n"
      "  (func (export \"is_null\") (param externref) (result i32)\n"
      "    (ref.is_null (local.get 0))))");
  wasm_instance_t* inst = instantiate(store, m, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ(ex.size, 5);
  wasm_val_t arg[1] = {WASM_REF_VAL(wasm_foreign_as_ref(a))};
  CHECK_NO_TRAP(call(export_func(&ex, 2), arg, 1, NULL, 0));
  /* the ones we passed may go away: wasm keeps the object alive */
  wasm_foreign_delete(ac);

  wasm_val_t res[1] = {WASM_INIT_VAL};
  CHECK_NO_TRAP(call(export_func(&ex, 3), NULL, 0, res, 1));
  CHECK_EQ(res[0].kind, WASM_EXTERNREF);
  CHECK(res[0].of.ref != NULL);
  wasm_foreign_t* back = wasm_ref_as_foreign(res[0].of.ref);
  CHECK(back != NULL);
  CHECK(wasm_foreign_same(back, a));
  CHECK(!wasm_foreign_same(back, b));
  CHECK(wasm_foreign_get_host_info(back) == &finalized);
  CHECK(wasm_ref_as_func(res[0].of.ref) == NULL);
  wasm_ref_delete(res[0].of.ref);

  wasm_ref_t* tr = wasm_table_get(export_table(&ex, 0), 2);
  CHECK(tr != NULL && wasm_ref_same(tr, wasm_foreign_as_ref(a)));
  wasm_ref_delete(tr);
  CHECK(wasm_table_get(export_table(&ex, 0), 1) == NULL);
  wasm_val_t gv;
  wasm_global_get(export_global(&ex, 1), &gv);
  CHECK(gv.of.ref != NULL && wasm_ref_same(gv.of.ref, wasm_foreign_as_ref(a)));
  wasm_val_delete(&gv);

  wasm_val_t na[1] = {WASM_REF_VAL(NULL)};
  wasm_val_t nr[1] = {WASM_INIT_VAL};
  CHECK_NO_TRAP(call(export_func(&ex, 4), na, 1, nr, 1));
  CHECK_EQ(nr[0].of.i32, 1);
  CHECK_NO_TRAP(call(export_func(&ex, 4), arg, 1, nr, 1));
  CHECK_EQ(nr[0].of.i32, 0);

  /* the host sets a table slot, wasm reads it */
  CHECK(wasm_table_set(export_table(&ex, 0), 2, wasm_foreign_as_ref(b)));
  CHECK_NO_TRAP(call(export_func(&ex, 3), NULL, 0, res, 1));
  CHECK(wasm_foreign_same(wasm_ref_as_foreign(res[0].of.ref), b));
  wasm_ref_delete(res[0].of.ref);

  CHECK(!wasm_foreign_same(a, NULL));
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_foreign_delete(a);
  wasm_foreign_delete(b);

  /* NULL */
  CHECK(wasm_foreign_new(NULL) == NULL);
  CHECK(wasm_foreign_copy(NULL) == NULL);
  (void)wasm_foreign_same(NULL, NULL);
  CHECK(wasm_foreign_get_host_info(NULL) == NULL);
  wasm_foreign_set_host_info(NULL, &finalized);
  wasm_foreign_set_host_info_with_finalizer(NULL, &finalized, fin);
  CHECK(wasm_foreign_as_ref(NULL) == NULL);
  CHECK(wasm_foreign_as_ref_const(NULL) == NULL);
  wasm_foreign_delete(NULL);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  CHECK_EQ(finalized, 2);
  test_ok();
  return 0;
}
