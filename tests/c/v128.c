/* v128 across the API: the standard calls refuse SIMD signatures with a message
 * naming the place (no garbage), modules using SIMD internally run normally,
 * and wacapi_val_t with wacapi_func_call / wacapi_global_new/get/set carries
 * vectors (and every other kind) both ways. Also NULL and wrong-kind cases. */
#include "util.h"

static const char* WAT =
    "(module\n"
    "  (func (export \"dot\") (param i32 i32) (result i32)\n"
    "    ;; SIMD inside, numbers outside: splat both, multiply, take lane 0\n"
    "    (i32x4.extract_lane 0 (i32x4.mul (i32x4.splat (local.get 0))\n"
    "                                     (i32x4.splat (local.get 1)))))\n"
    "  (func (export \"add\") (param v128 v128) (result v128)\n"
    "    (i32x4.add (local.get 0) (local.get 1)))\n"
    "  (func (export \"make\") (param i64) (result v128)\n"
    "    (i64x2.splat (local.get 0)))\n"
    "  (func (export \"ref\") (param externref) (result externref)\n"
    "    (local.get 0))\n"
    "  (global (export \"g\") (mut v128) (v128.const i32x4 1 2 3 4)))\n";

static void v128_of_u32(wacapi_val_t* v, uint32_t a, uint32_t b, uint32_t c,
                        uint32_t d) {
  uint32_t lanes[4] = {a, b, c, d};
  v->kind = WACAPI_V128;
  memcpy(v->of.v128, lanes, 16); /* little-endian host: lane 0 first */
}

static uint32_t lane(const wacapi_val_t* v, int i) {
  uint32_t x;
  memcpy(&x, v->of.v128 + 4 * i, 4);
  return x;
}

static wasm_trap_t* never_called(const wasm_val_vec_t* args,
                                 wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  abort();
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(store, WAT);
  wasm_instance_t* inst = instantiate(store, module, NULL, 0);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  /* exports in declaration order: dot, add, make, ref, g */
  wasm_func_t* dot = export_func(&exports, 0);
  wasm_func_t* add = export_func(&exports, 1);
  wasm_func_t* make = export_func(&exports, 2);
  wasm_func_t* ref = export_func(&exports, 3);
  wasm_global_t* g = export_global(&exports, 4);

  /* SIMD inside a numeric function: the standard call works */
  wasm_val_t args[2] = {WASM_I32_VAL(6), WASM_I32_VAL(7)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(args), rv = WASM_ARRAY_VEC(res);
  CHECK(wasm_func_call(dot, &av, &rv) == NULL);
  CHECK_EQ(res[0].of.i32, 42);

  /* the type reports v128 */
  wasm_functype_t* ft = wasm_func_type(add);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_params(ft)->data[0]), WACAPI_V128);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_results(ft)->data[0]), WACAPI_V128);
  wasm_functype_delete(ft);

  /* standard call of a v128 signature: a trap naming the parameter */
  char buf[512];
  wasm_val_t two[2] = {WASM_I64_VAL(1), WASM_I64_VAL(2)};
  wasm_val_vec_t twov = WASM_ARRAY_VEC(two);
  wasm_trap_t* trap = wasm_func_call(add, &twov, &rv);
  CHECK(trap != NULL);
  trap_text(trap, buf, sizeof buf);
  CHECK_STR_CONTAINS(buf, "parameter 0 has type v128");
  wasm_trap_delete(trap);
  wasm_val_t one[1] = {WASM_I64_VAL(3)};
  wasm_val_vec_t onev = WASM_ARRAY_VEC(one);
  trap = wasm_func_call(make, &onev, &rv);
  CHECK(trap != NULL);
  trap_text(trap, buf, sizeof buf);
  CHECK_STR_CONTAINS(buf, "result 0 has type v128");
  wasm_trap_delete(trap);

  /* a host function with v128 in its type cannot be made */
  wasm_valtype_t* v128t = wasm_valtype_new(WACAPI_V128);
  CHECK(v128t != NULL);
  wasm_functype_t* hostty = wasm_functype_new_1_0(v128t);
  CHECK(wasm_func_new(store, hostty, never_called) == NULL);
  CHECK_STR_CONTAINS(last_error(), "parameter 0 has type v128");
  wasm_functype_delete(hostty);

  /* wacapi_func_call: vectors both ways */
  wacapi_val_t wargs[2], wres[1];
  v128_of_u32(&wargs[0], 1, 2, 3, 0xffffffffu);
  v128_of_u32(&wargs[1], 10, 20, 30, 2);
  CHECK(wacapi_func_call(add, wargs, 2, wres, 1) == NULL);
  CHECK_EQ(wres[0].kind, WACAPI_V128);
  CHECK_EQ(lane(&wres[0], 0), 11);
  CHECK_EQ(lane(&wres[0], 1), 22);
  CHECK_EQ(lane(&wres[0], 2), 33);
  CHECK_EQ(lane(&wres[0], 3), 1);
  wacapi_val_t i64arg = {.kind = WASM_I64, .of = {.i64 = -2}};
  CHECK(wacapi_func_call(make, &i64arg, 1, wres, 1) == NULL);
  CHECK_EQ(lane(&wres[0], 0), 0xfffffffeu);
  CHECK_EQ(lane(&wres[0], 3), 0xffffffffu);
  /* numbers through the same call */
  wacapi_val_t nargs[2] = {{.kind = WASM_I32, .of = {.i32 = 5}},
                           {.kind = WASM_I32, .of = {.i32 = 8}}};
  CHECK(wacapi_func_call(dot, nargs, 2, wres, 1) == NULL);
  CHECK_EQ(wres[0].kind, WASM_I32);
  CHECK_EQ(wres[0].of.i32, 40);
  /* references: the result is owned and deleted with wacapi_val_delete */
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wacapi_val_t rarg = {.kind = WASM_EXTERNREF,
                       .of = {.ref = wasm_foreign_as_ref(foreign)}};
  CHECK(wacapi_func_call(ref, &rarg, 1, wres, 1) == NULL);
  CHECK_EQ(wres[0].kind, WASM_EXTERNREF);
  CHECK(wres[0].of.ref != NULL);
  CHECK(wasm_ref_same(wres[0].of.ref, wasm_foreign_as_ref(foreign)));
  wacapi_val_delete(&wres[0]);
  CHECK(wres[0].of.ref == NULL);
  wasm_foreign_delete(foreign);

  /* wrong arity, wrong kinds, NULLs: traps with messages */
  trap = wacapi_func_call(add, wargs, 1, wres, 1);
  CHECK(trap != NULL);
  trap_text(trap, buf, sizeof buf);
  CHECK_STR_CONTAINS(buf, "expected 2 arguments, got 1");
  wasm_trap_delete(trap);
  trap = wacapi_func_call(add, nargs, 2, wres, 1);
  CHECK(trap != NULL);
  trap_text(trap, buf, sizeof buf);
  CHECK_STR_CONTAINS(buf, "argument 0: expected v128, got i32");
  wasm_trap_delete(trap);
  trap = wacapi_func_call(dot, wargs, 2, wres, 1);
  CHECK(trap != NULL);
  trap_text(trap, buf, sizeof buf);
  CHECK_STR_CONTAINS(buf, "argument 0: expected i32, got v128");
  wasm_trap_delete(trap);
  trap = wacapi_func_call(add, wargs, 2, wres, 0);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  trap = wacapi_func_call(NULL, wargs, 2, wres, 1);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  trap = wacapi_func_call(add, NULL, 2, wres, 1);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);

  /* globals: the standard get says why it cannot, the extension reads it */
  wasm_val_t gv;
  wasm_global_get(g, &gv);
  CHECK_EQ(gv.kind, WACAPI_V128);
  CHECK_STR_CONTAINS(last_error(), "v128");
  wasm_val_t setv = WASM_I64_VAL(1);
  wasm_global_set(g, &setv);
  CHECK_STR_CONTAINS(last_error(), "does not fit in wasm_val_t");
  wacapi_val_t wg;
  CHECK(wacapi_global_get(g, &wg));
  CHECK_EQ(wg.kind, WACAPI_V128);
  CHECK_EQ(lane(&wg, 0), 1);
  CHECK_EQ(lane(&wg, 3), 4);
  v128_of_u32(&wg, 9, 8, 7, 6);
  CHECK(wacapi_global_set(g, &wg));
  wacapi_val_t back;
  CHECK(wacapi_global_get(g, &back));
  CHECK(memcmp(back.of.v128, wg.of.v128, 16) == 0);
  CHECK(!wacapi_global_set(g, &i64arg)); /* wrong kind */
  CHECK_STR_CONTAINS(last_error(), "expected v128, got i64");
  CHECK(!wacapi_global_get(NULL, &back));
  CHECK(!wacapi_global_get(g, NULL));
  CHECK(!wacapi_global_set(NULL, &wg));
  CHECK(!wacapi_global_set(g, NULL));
  CHECK(!wacapi_global_get((wasm_global_t*)dot, &back)); /* not a global */
  CHECK_STR_CONTAINS(last_error(), "expected a global");

  /* wacapi_global_new: v128 const and var, wrong kind, NULL */
  wasm_globaltype_t* gt =
      wasm_globaltype_new(wasm_valtype_new(WACAPI_V128), WASM_CONST);
  wasm_global_t* made = wacapi_global_new(store, gt, &wg);
  CHECK(made != NULL);
  CHECK(wacapi_global_get(made, &back));
  CHECK_EQ(lane(&back, 1), 8);
  CHECK(!wacapi_global_set(made, &wg)); /* const */
  CHECK_STR_CONTAINS(last_error(), "immutable");
  wasm_global_delete(made);
  CHECK(wacapi_global_new(store, gt, &i64arg) == NULL);
  CHECK_STR_CONTAINS(last_error(), "expected v128, got i64");
  wasm_val_t std_init = WASM_I64_VAL(0);
  CHECK(wasm_global_new(store, gt, &std_init) == NULL); /* standard: refused */
  CHECK_STR_CONTAINS(last_error(), "does not fit in wasm_val_t");
  CHECK(wacapi_global_new(NULL, gt, &wg) == NULL);
  CHECK(wacapi_global_new(store, NULL, &wg) == NULL);
  CHECK(wacapi_global_new(store, gt, NULL) == NULL);
  wasm_globaltype_delete(gt);
  wasm_globaltype_t* i32gt =
      wasm_globaltype_new(wasm_valtype_new(WASM_I32), WASM_VAR);
  wacapi_val_t i32v = {.kind = WASM_I32, .of = {.i32 = 3}};
  made = wacapi_global_new(store, i32gt, &i32v);
  CHECK(made != NULL);
  wasm_global_get(made, &gv);
  CHECK_EQ(gv.of.i32, 3);
  wasm_global_delete(made);
  wasm_globaltype_delete(i32gt);

  /* wacapi_val_delete: NULL and numbers are no-ops */
  wacapi_val_delete(NULL);
  wacapi_val_delete(&i32v);
  CHECK_EQ(i32v.of.i32, 3);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
