/* wasm_val_t: wasm_val_copy and wasm_val_delete for numbers and references
 * (null, foreign, function), NULL. */
#include "util.h"

static int finalized = 0;
static void fin(void* p) {
  CHECK(p == &finalized);
  finalized++;
}

static wasm_trap_t* nop(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* numbers: bit-exact copies, delete is harmless */
  wasm_val_t nums[4] = {WASM_I32_VAL(-123456), WASM_I64_VAL(INT64_MAX),
                        WASM_F32_VAL(3.5f), WASM_F64_VAL(-0.0)};
  for (int i = 0; i < 4; i++) {
    wasm_val_t c;
    memset(&c, 0xAB, sizeof c);
    wasm_val_copy(&c, &nums[i]);
    CHECK_EQ(c.kind, nums[i].kind);
    switch (c.kind) {
      case WASM_I32: CHECK_EQ(c.of.i32, -123456); break;
      case WASM_I64: CHECK(c.of.i64 == INT64_MAX); break;
      case WASM_F32: CHECK(c.of.f32 == 3.5f); break;
      case WASM_F64: CHECK(memcmp(&c.of.f64, &nums[3].of.f64, 8) == 0); break;
      default: CHECK(0);
    }
    wasm_val_delete(&c);
  }

  /* the pointer helpers of wasm.h */
  int anchor = 0;
  wasm_val_t pv;
  wasm_val_init_ptr(&pv, &anchor);
  CHECK_EQ(pv.kind, sizeof(void*) == 8 ? WASM_I64 : WASM_I32);
  CHECK(wasm_val_ptr(&pv) == &anchor);
  wasm_val_t pc;
  wasm_val_copy(&pc, &pv);
  CHECK(wasm_val_ptr(&pc) == &anchor);

  /* a null reference copies to a null reference */
  wasm_val_t nullref = WASM_REF_VAL(NULL);
  wasm_val_t c;
  wasm_val_copy(&c, &nullref);
  CHECK_EQ(c.kind, WASM_EXTERNREF);
  CHECK(c.of.ref == NULL);
  wasm_val_delete(&c);
  wasm_val_t nullfunc = {.kind = WASM_FUNCREF, .of = {.ref = NULL}};
  wasm_val_copy(&c, &nullfunc);
  CHECK_EQ(c.kind, WASM_FUNCREF);
  CHECK(c.of.ref == NULL);
  wasm_val_delete(&c);

  /* a foreign reference: the copy is a new owned reference to the same
   * object; deleting either leaves the other usable */
  wasm_foreign_t* f = wasm_foreign_new(store);
  CHECK(f != NULL);
  wasm_foreign_set_host_info_with_finalizer(f, &finalized, fin);
  wasm_val_t v = WASM_REF_VAL(wasm_foreign_as_ref(f));
  wasm_val_copy(&c, &v);
  CHECK_EQ(c.kind, WASM_EXTERNREF);
  CHECK(c.of.ref != NULL);
  CHECK(wasm_ref_same(c.of.ref, v.of.ref));
  CHECK(wasm_ref_get_host_info(c.of.ref) == &finalized);
  wasm_val_delete(&v); /* deletes f */
  CHECK(wasm_ref_get_host_info(c.of.ref) == &finalized);
  CHECK(wasm_ref_as_foreign(c.of.ref) != NULL);
  wasm_val_t c2;
  wasm_val_copy(&c2, &c);
  wasm_val_delete(&c);
  CHECK(wasm_ref_same(c2.of.ref, c2.of.ref));
  wasm_val_delete(&c2);

  /* a function reference */
  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_func_t* fn = wasm_func_new(store, ft, nop);
  wasm_functype_delete(ft);
  CHECK(fn != NULL);
  wasm_val_t fv = {.kind = WASM_FUNCREF, .of = {.ref = wasm_func_as_ref(fn)}};
  wasm_val_copy(&c, &fv);
  CHECK_EQ(c.kind, WASM_FUNCREF);
  CHECK(c.of.ref != NULL);
  CHECK(wasm_ref_same(c.of.ref, fv.of.ref));
  const wasm_func_t* back = wasm_ref_as_func_const(c.of.ref);
  CHECK(back != NULL);
  CHECK_EQ(wasm_func_param_arity(back), 0);
  CHECK_NO_TRAP(call(back, NULL, 0, NULL, 0));
  wasm_val_delete(&c);
  wasm_val_delete(&fv); /* deletes fn */

  /* NULL */
  wasm_val_delete(NULL);
  wasm_val_copy(NULL, &nums[0]);
  c.kind = WASM_I64;
  c.of.i64 = 5;
  wasm_val_copy(&c, NULL); /* no crash; what lands in c is unspecified */

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  CHECK_EQ(finalized, 1);

  test_ok();
  return 0;
}
