/* wasm_global_t: new/get/set for every value type, const vs var, type
 * mismatches, exported globals shared with wasm, type, copy/same, host info,
 * NULL. */
#include "util.h"

static wasm_store_t* store;

static wasm_global_t* make(wasm_valkind_t kind, wasm_mutability_t mut,
                           const wasm_val_t* init) {
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new(kind), mut);
  wasm_global_t* g = wasm_global_new(store, gt, init);
  wasm_globaltype_delete(gt);
  return g;
}

static bool same_val(const wasm_val_t* a, const wasm_val_t* b) {
  if (a->kind != b->kind) return false;
  switch (a->kind) {
    case WASM_I32: return a->of.i32 == b->of.i32;
    case WASM_I64: return a->of.i64 == b->of.i64;
    case WASM_F32: return memcmp(&a->of.f32, &b->of.f32, 4) == 0;
    case WASM_F64: return memcmp(&a->of.f64, &b->of.f64, 8) == 0;
    default:
      if (a->of.ref == NULL || b->of.ref == NULL)
        return a->of.ref == b->of.ref;
      return wasm_ref_same(a->of.ref, b->of.ref);
  }
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  store = wasm_store_new(engine);

  /* numbers: const and var, get and set */
  wasm_val_t inits[4] = {WASM_I32_VAL(-1), WASM_I64_VAL(INT64_MIN),
                         WASM_F32_VAL(-0.0f), WASM_F64_VAL(1e300)};
  wasm_val_t news[4] = {WASM_I32_VAL(77), WASM_I64_VAL(5),
                        WASM_F32_VAL(2.5f), WASM_F64_VAL(-3)};
  for (int i = 0; i < 4; i++) {
    wasm_global_t* c = make(inits[i].kind, WASM_CONST, &inits[i]);
    wasm_global_t* v = make(inits[i].kind, WASM_VAR, &inits[i]);
    CHECK(c != NULL && v != NULL);
    wasm_val_t got;
    wasm_global_get(c, &got);
    CHECK(same_val(&got, &inits[i]));
    wasm_global_get(v, &got);
    CHECK(same_val(&got, &inits[i]));
    wasm_global_set(v, &news[i]);
    wasm_global_get(v, &got);
    CHECK(same_val(&got, &news[i]));
    /* a const global cannot be changed */
    wasm_global_set(c, &news[i]);
    wasm_global_get(c, &got);
    CHECK(same_val(&got, &inits[i]));
    /* a value of the wrong type is refused */
    wasm_val_t wrong = news[(i + 1) % 4];
    wasm_global_set(v, &wrong);
    wasm_global_get(v, &got);
    CHECK(same_val(&got, &news[i]));
    /* the type */
    wasm_globaltype_t* gt = wasm_global_type(v);
    CHECK(gt != NULL);
    CHECK_EQ(wasm_valtype_kind(wasm_globaltype_content(gt)), inits[i].kind);
    CHECK_EQ(wasm_globaltype_mutability(gt), WASM_VAR);
    wasm_globaltype_delete(gt);
    gt = wasm_global_type(c);
    CHECK_EQ(wasm_globaltype_mutability(gt), WASM_CONST);
    wasm_globaltype_delete(gt);
    /* an initial value of the wrong type: no global */
    CHECK(make(inits[i].kind, WASM_VAR, &inits[(i + 1) % 4]) == NULL);
    wasm_global_delete(c);
    wasm_global_delete(v);
  }

  /* references */
  wasm_foreign_t* fo = wasm_foreign_new(store);
  wasm_val_t r = WASM_REF_VAL(wasm_foreign_as_ref(fo));
  wasm_global_t* rg = make(WASM_EXTERNREF, WASM_VAR, &r);
  CHECK(rg != NULL);
  wasm_val_t got;
  wasm_global_get(rg, &got);
  CHECK_EQ(got.kind, WASM_EXTERNREF);
  CHECK(got.of.ref != NULL);
  CHECK(wasm_ref_same(got.of.ref, wasm_foreign_as_ref(fo)));
  wasm_val_delete(&got);
  wasm_val_t nul = WASM_REF_VAL(NULL);
  wasm_global_set(rg, &nul);
  wasm_global_get(rg, &got);
  CHECK(got.of.ref == NULL);
  wasm_global_delete(rg);

  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_global_t* fg = make(WASM_FUNCREF, WASM_VAR, &(wasm_val_t){
      .kind = WASM_FUNCREF, .of = {.ref = NULL}});
  CHECK(fg != NULL);
  wasm_global_get(fg, &got);
  CHECK_EQ(got.kind, WASM_FUNCREF);
  CHECK(got.of.ref == NULL);
  wasm_module_t* fm = module_from_wat(
      store, "(module (func (export \"f\") nop))");
  wasm_instance_t* fi = instantiate(store, fm, NULL, 0);
  wasm_extern_vec_t fex;
  wasm_instance_exports(fi, &fex);
  wasm_func_t* wf = export_func(&fex, 0);
  wasm_val_t fv = {.kind = WASM_FUNCREF, .of = {.ref = wasm_func_as_ref(wf)}};
  wasm_global_set(fg, &fv);
  wasm_global_get(fg, &got);
  CHECK(got.of.ref != NULL);
  CHECK(wasm_func_same(wasm_ref_as_func(got.of.ref), wf));
  wasm_val_delete(&got);
  /* an externref value, and a foreign object posing as a funcref, are
   * refused: the global keeps the function */
  wasm_global_set(fg, &r);
  wasm_val_t posing = {.kind = WASM_FUNCREF,
                       .of = {.ref = wasm_foreign_as_ref(fo)}};
  wasm_global_set(fg, &posing);
  wasm_global_get(fg, &got);
  CHECK(got.of.ref != NULL);
  CHECK(wasm_ref_as_func(got.of.ref) != NULL);
  CHECK(wasm_func_same(wasm_ref_as_func(got.of.ref), wf));
  wasm_val_delete(&got);
  wasm_global_delete(fg);
  wasm_extern_vec_delete(&fex);
  wasm_instance_delete(fi);
  wasm_module_delete(fm);
  wasm_functype_delete(ft);

  /* exported globals: wasm and host see each other's writes */
  wasm_module_t* m = module_from_wat(
      store,
      "(module\n"
      "  (import \"\" \"imp\" (global $imp (mut i32)))\n"
      "  (global $g (export \"g\") (mut i64) (i64.const 100))\n"
      "  (global (export \"k\") f32 (f32.const 1.5))\n"
      "  (func (export \"bump\") (global.set $g (i64.add (global.get $g) "
      "(i64.const 1)))\n"
      "    (global.set $imp (i32.mul (global.get $imp) (i32.const 2)))))");
  wasm_val_t i3 = WASM_I32_VAL(3);
  wasm_global_t* imp = make(WASM_I32, WASM_VAR, &i3);
  wasm_extern_t* ims[1] = {wasm_global_as_extern(imp)};
  wasm_instance_t* inst = instantiate(store, m, ims, 1);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ(ex.size, 3);
  wasm_global_t* g = export_global(&ex, 0);
  wasm_global_t* k = export_global(&ex, 1);
  wasm_func_t* bump = export_func(&ex, 2);
  wasm_global_get(g, &got);
  CHECK_EQ(got.kind, WASM_I64);
  CHECK_EQ(got.of.i64, 100);
  CHECK_NO_TRAP(call(bump, NULL, 0, NULL, 0));
  wasm_global_get(g, &got);
  CHECK_EQ(got.of.i64, 101);
  wasm_global_get(imp, &got);
  CHECK_EQ(got.of.i32, 6);
  wasm_val_t big = WASM_I64_VAL(1000);
  wasm_global_set(g, &big);
  wasm_val_t i10 = WASM_I32_VAL(10);
  wasm_global_set(imp, &i10);
  CHECK_NO_TRAP(call(bump, NULL, 0, NULL, 0));
  wasm_global_get(g, &got);
  CHECK_EQ(got.of.i64, 1001);
  wasm_global_get(imp, &got);
  CHECK_EQ(got.of.i32, 20);
  /* the exported const global */
  wasm_global_get(k, &got);
  CHECK_EQ(got.kind, WASM_F32);
  CHECK(got.of.f32 == 1.5f);
  wasm_val_t f9 = WASM_F32_VAL(9);
  wasm_global_set(k, &f9);
  wasm_global_get(k, &got);
  CHECK(got.of.f32 == 1.5f);

  /* copy, same, host info */
  wasm_global_t* gc = wasm_global_copy(g);
  CHECK(gc != NULL);
  CHECK(wasm_global_same(g, gc));
  CHECK(!wasm_global_same(g, k));
  wasm_global_get(gc, &got);
  CHECK_EQ(got.of.i64, 1001);
  wasm_global_delete(gc);
  int info;
  wasm_global_set_host_info(imp, &info);
  CHECK(wasm_global_get_host_info(imp) == &info);

  /* NULL */
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  CHECK(wasm_global_new(NULL, gt, &i3) == NULL);
  CHECK(wasm_global_new(store, NULL, &i3) == NULL);
  CHECK(wasm_global_new(store, gt, NULL) == NULL);
  wasm_globaltype_delete(gt);
  CHECK(wasm_global_type(NULL) == NULL);
  wasm_global_get(NULL, &got);
  wasm_global_set(NULL, &i3);
  wasm_global_set(imp, NULL);
  wasm_global_get(imp, NULL);
  wasm_global_get(imp, &got);
  CHECK_EQ(got.of.i32, 20);
  CHECK(wasm_global_copy(NULL) == NULL);
  CHECK(!wasm_global_same(g, NULL));
  wasm_global_delete(NULL);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_global_delete(imp);
  wasm_foreign_delete(fo);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
