/* wasm_func_t: host functions with and without environment (finalizer runs
 * exactly once), every value type through host and wasm functions, arity and
 * type checks on wasm_func_call (traps, no crash), wasm_func_type, host traps,
 * copy/same, NULL. */
#include "util.h"

static wasm_store_t* store;

static wasm_trap_t* add_cb(const wasm_val_vec_t* args,
                           wasm_val_vec_t* results) {
  CHECK_EQ(args->size, 2);
  CHECK_EQ(args->data[0].kind, WASM_I32);
  CHECK_EQ(args->data[1].kind, WASM_I32);
  CHECK_EQ(results->size, 1);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  return NULL;
}

/* (i64 f32 f64 externref) -> (f64 i64 externref f32), shuffled */
static wasm_trap_t* shuffle_cb(const wasm_val_vec_t* args,
                               wasm_val_vec_t* results) {
  CHECK_EQ(args->size, 4);
  CHECK_EQ(results->size, 4);
  CHECK_EQ(args->data[0].kind, WASM_I64);
  CHECK_EQ(args->data[1].kind, WASM_F32);
  CHECK_EQ(args->data[2].kind, WASM_F64);
  CHECK_EQ(args->data[3].kind, WASM_EXTERNREF);
  results->data[0].kind = WASM_F64;
  results->data[0].of.f64 = args->data[2].of.f64 * 2;
  results->data[1].kind = WASM_I64;
  results->data[1].of.i64 = args->data[0].of.i64 + 1;
  wasm_val_copy(&results->data[2], &args->data[3]);
  results->data[3].kind = WASM_F32;
  results->data[3].of.f32 = args->data[1].of.f32 + 0.5f;
  return NULL;
}

static int env_value = 41;
static int finalizer_calls = 0;
static void* finalized_env = NULL;
static void env_finalizer(void* env) {
  finalizer_calls++;
  finalized_env = env;
}
static wasm_trap_t* env_cb(void* env, const wasm_val_vec_t* args,
                           wasm_val_vec_t* results) {
  (void)args;
  CHECK(env == &env_value);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = ++*(int*)env;
  return NULL;
}

static wasm_trap_t* trap_cb(const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t m;
  wasm_name_new_from_string_nt(&m, "trapped in host");
  wasm_trap_t* t = wasm_trap_new(store, &m);
  wasm_byte_vec_delete(&m);
  return t;
}

static wasm_trap_t* nop_cb(const wasm_val_vec_t* args,
                           wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  return NULL;
}

static void check_type(const wasm_func_t* f, size_t np,
                       const wasm_valkind_t* ps, size_t nr,
                       const wasm_valkind_t* rs) {
  CHECK_EQ(wasm_func_param_arity(f), np);
  CHECK_EQ(wasm_func_result_arity(f), nr);
  wasm_functype_t* ft = wasm_func_type(f);
  CHECK(ft != NULL);
  CHECK_EQ(wasm_functype_params(ft)->size, np);
  CHECK_EQ(wasm_functype_results(ft)->size, nr);
  for (size_t i = 0; i < np; i++)
    CHECK_EQ(wasm_valtype_kind(wasm_functype_params(ft)->data[i]), ps[i]);
  for (size_t i = 0; i < nr; i++)
    CHECK_EQ(wasm_valtype_kind(wasm_functype_results(ft)->data[i]), rs[i]);
  wasm_functype_delete(ft);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  store = wasm_store_new(engine);

  /* --- a host function called directly --- */
  wasm_valkind_t ii[2] = {WASM_I32, WASM_I32};
  wasm_valkind_t i1[1] = {WASM_I32};
  wasm_functype_t* ft_add = functype_of(2, ii, 1, i1);
  wasm_func_t* add = wasm_func_new(store, ft_add, add_cb);
  CHECK(add != NULL);
  check_type(add, 2, ii, 1, i1);
  int32_t xs[2] = {40, 2};
  CHECK_EQ(call_i32(add, xs, 2), 42);

  /* wrong arity: a trap with a clear message, never a crash */
  wasm_val_t one[1] = {WASM_I32_VAL(1)};
  wasm_val_t res[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  CHECK_TRAP_CONTAINS(call(add, one, 1, res, 1),
                      "expected 2 arguments, got 1");
  wasm_val_t three[3] = {WASM_I32_VAL(1), WASM_I32_VAL(2), WASM_I32_VAL(3)};
  CHECK_TRAP_CONTAINS(call(add, three, 3, res, 1),
                      "expected 2 arguments, got 3");
  wasm_val_t two[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)};
  wasm_trap_t* t = call(add, two, 2, res, 0); /* no room for the result */
  CHECK(t != NULL);
  wasm_trap_delete(t);
  /* too much room: refused with a trap, or the result lands in slot 0 */
  res[0].kind = WASM_I64;
  t = call(add, two, 2, res, 2);
  if (t != NULL) {
    wasm_trap_delete(t);
  } else {
    CHECK_EQ(res[0].kind, WASM_I32);
    CHECK_EQ(res[0].of.i32, 3);
  }
  /* wrong value type */
  wasm_val_t mixed[2] = {WASM_I32_VAL(1), WASM_I64_VAL(2)};
  t = call(add, mixed, 2, res, 1);
  CHECK(t != NULL);
  wasm_trap_delete(t);
  wasm_val_t fl[2] = {WASM_F32_VAL(1), WASM_I32_VAL(2)};
  t = call(add, fl, 2, res, 1);
  CHECK(t != NULL);
  wasm_trap_delete(t);
  /* NULL vectors mean "none": fine for () -> (), a trap otherwise */
  t = wasm_func_call(add, NULL, NULL);
  CHECK(t != NULL);
  wasm_trap_delete(t);
  wasm_functype_t* ft_0_0 = wasm_functype_new_0_0();
  wasm_func_t* nop = wasm_func_new(store, ft_0_0, nop_cb);
  CHECK_NO_TRAP(wasm_func_call(nop, NULL, NULL));
  CHECK_NO_TRAP(call(nop, NULL, 0, NULL, 0));
  check_type(nop, 0, NULL, 0, NULL);

  /* --- every value type through a host function --- */
  wasm_valkind_t sp[4] = {WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF};
  wasm_valkind_t sr[4] = {WASM_F64, WASM_I64, WASM_EXTERNREF, WASM_F32};
  wasm_functype_t* ft_sh = functype_of(4, sp, 4, sr);
  wasm_func_t* shuffle = wasm_func_new(store, ft_sh, shuffle_cb);
  CHECK(shuffle != NULL);
  check_type(shuffle, 4, sp, 4, sr);
  wasm_foreign_t* fo = wasm_foreign_new(store);
  wasm_val_t sargs[4] = {WASM_I64_VAL(INT64_MAX - 1), WASM_F32_VAL(1.25f),
                         WASM_F64_VAL(-8.5),
                         WASM_REF_VAL(wasm_foreign_as_ref(fo))};
  wasm_val_t sres[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL,
                        WASM_INIT_VAL};
  CHECK_NO_TRAP(call(shuffle, sargs, 4, sres, 4));
  CHECK_EQ(sres[0].kind, WASM_F64);
  CHECK(sres[0].of.f64 == -17.0);
  CHECK_EQ(sres[1].kind, WASM_I64);
  CHECK(sres[1].of.i64 == INT64_MAX);
  CHECK_EQ(sres[2].kind, WASM_EXTERNREF);
  CHECK(sres[2].of.ref != NULL);
  CHECK(wasm_ref_same(sres[2].of.ref, wasm_foreign_as_ref(fo)));
  CHECK_EQ(sres[3].kind, WASM_F32);
  CHECK(sres[3].of.f32 == 1.75f);
  wasm_ref_delete(sres[2].of.ref);

  /* --- the same through wasm: wasm calls the host import --- */
  wasm_module_t* m = module_from_wat(
      store,
      "(module\n"
      "  (import \"\" \"shuffle\" (func $s (param i64 f32 f64 externref)\n"
      "                          (result f64 i64 externref f32)))\n"
      "  (import \"\" \"add\" (func $add (param i32 i32) (result i32)))\n"
      "  (import \"\" \"env\" (func $env (result i32)))\n"
      "  (import \"\" \"trap\" (func $trap))\n"
      "  (func (export \"shuffle\") (param i64 f32 f64 externref)\n"
      "        (result f64 i64 externref f32)\n"
      "    (call $s (local.get 0) (local.get 1) (local.get 2) (local.get 3)))\n"
      "  (func (export \"add3\") (param i32 i32 i32) (result i32)\n"
      "    (call $add (call $add (local.get 0) (local.get 1)) (local.get 2)))\n"
      "  (func (export \"env\") (result i32) (call $env))\n"
      "  (func (export \"trap\") (result i32) (call $trap) (i32.const 1))\n"
      "  (func (export \"funcref_id\") (param funcref) (result funcref)\n"
      "    (local.get 0))\n"
      "  (func (export \"f32_f64\") (param f32) (result f64)\n"
      "    (f64.promote_f32 (local.get 0))))");
  wasm_functype_t* ft_env = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* envf = wasm_func_new_with_env(store, ft_env, env_cb, &env_value,
                                             env_finalizer);
  CHECK(envf != NULL);
  wasm_func_t* trapf = wasm_func_new(store, ft_0_0, trap_cb);
  wasm_extern_t* ims[4] = {wasm_func_as_extern(shuffle),
                           wasm_func_as_extern(add), wasm_func_as_extern(envf),
                           wasm_func_as_extern(trapf)};
  wasm_instance_t* inst = instantiate(store, m, ims, 4);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ(ex.size, 6);

  wasm_func_t* wshuffle = export_func(&ex, 0);
  check_type(wshuffle, 4, sp, 4, sr);
  memset(sres, 0, sizeof sres);
  CHECK_NO_TRAP(call(wshuffle, sargs, 4, sres, 4));
  CHECK(sres[0].of.f64 == -17.0);
  CHECK(sres[1].of.i64 == INT64_MAX);
  CHECK(wasm_ref_same(sres[2].of.ref, wasm_foreign_as_ref(fo)));
  CHECK(sres[3].of.f32 == 1.75f);
  wasm_ref_delete(sres[2].of.ref);
  /* a null externref goes through as null */
  sargs[3].of.ref = NULL;
  CHECK_NO_TRAP(call(wshuffle, sargs, 4, sres, 4));
  CHECK_EQ(sres[2].kind, WASM_EXTERNREF);
  CHECK(sres[2].of.ref == NULL);

  wasm_func_t* add3 = export_func(&ex, 1);
  int32_t abc[3] = {1, 2, 3};
  CHECK_EQ(call_i32(add3, abc, 3), 6);
  CHECK_TRAP_CONTAINS(call(add3, one, 1, res, 1),
                      "expected 3 arguments, got 1");
  wasm_val_t wrong3[3] = {WASM_I32_VAL(1), WASM_F64_VAL(2), WASM_I32_VAL(3)};
  t = call(add3, wrong3, 3, res, 1);
  CHECK(t != NULL);
  wasm_trap_delete(t);

  /* the environment is handed to the callback on every call */
  wasm_func_t* wenv = export_func(&ex, 2);
  CHECK_EQ(call_i32(wenv, NULL, 0), 42);
  CHECK_EQ(call_i32(wenv, NULL, 0), 43);
  CHECK_EQ(call_i32(envf, NULL, 0), 44);
  CHECK_EQ(finalizer_calls, 0);

  /* a host trap comes out of the wasm caller with its message */
  CHECK_TRAP_CONTAINS(call(export_func(&ex, 3), NULL, 0, res, 1),
                      "trapped in host");

  /* funcref arguments and results */
  wasm_func_t* fid = export_func(&ex, 4);
  wasm_val_t fa[1] = {{.kind = WASM_FUNCREF, .of = {.ref = wasm_func_as_ref(add)}}};
  wasm_val_t fr[1] = {WASM_INIT_VAL};
  CHECK_NO_TRAP(call(fid, fa, 1, fr, 1));
  CHECK_EQ(fr[0].kind, WASM_FUNCREF);
  CHECK(fr[0].of.ref != NULL);
  wasm_func_t* back = wasm_ref_as_func(fr[0].of.ref);
  CHECK(back != NULL);
  CHECK_EQ(call_i32(back, xs, 2), 42);
  wasm_ref_delete(fr[0].of.ref);
  fa[0].of.ref = NULL;
  CHECK_NO_TRAP(call(fid, fa, 1, fr, 1));
  CHECK(fr[0].of.ref == NULL);

  wasm_val_t f32a[1] = {WASM_F32_VAL(0.1f)};
  wasm_val_t f64r[1] = {WASM_INIT_VAL};
  CHECK_NO_TRAP(call(export_func(&ex, 5), f32a, 1, f64r, 1));
  CHECK_EQ(f64r[0].kind, WASM_F64);
  CHECK(f64r[0].of.f64 == (double)0.1f);

  /* copy and sameness */
  wasm_func_t* ac = wasm_func_copy(add);
  CHECK(ac != NULL);
  CHECK(wasm_func_same(ac, add));
  CHECK(!wasm_func_same(add, nop));
  CHECK_EQ(call_i32(ac, xs, 2), 42);
  wasm_func_delete(ac);
  wasm_func_t* envc = wasm_func_copy(envf);
  wasm_func_delete(envf); /* the copy keeps it alive */
  CHECK_EQ(call_i32(envc, NULL, 0), 45);
  wasm_func_delete(envc);

  /* a function with env but no finalizer */
  wasm_func_t* nofin =
      wasm_func_new_with_env(store, ft_env, env_cb, &env_value, NULL);
  CHECK(nofin != NULL);
  CHECK_EQ(call_i32(nofin, NULL, 0), 46);
  wasm_func_delete(nofin);

  /* NULL */
  CHECK(wasm_func_new(NULL, ft_add, add_cb) == NULL);
  CHECK(wasm_func_new(store, NULL, add_cb) == NULL);
  CHECK(wasm_func_new(store, ft_add, NULL) == NULL);
  CHECK(wasm_func_new_with_env(NULL, ft_env, env_cb, NULL, NULL) == NULL);
  CHECK(wasm_func_new_with_env(store, NULL, env_cb, NULL, NULL) == NULL);
  CHECK(wasm_func_new_with_env(store, ft_env, NULL, NULL, NULL) == NULL);
  CHECK(wasm_func_type(NULL) == NULL);
  CHECK_EQ(wasm_func_param_arity(NULL), 0);
  CHECK_EQ(wasm_func_result_arity(NULL), 0);
  t = wasm_func_call(NULL, NULL, NULL);
  CHECK(t != NULL); /* calling nothing cannot succeed */
  wasm_trap_delete(t);
  CHECK(wasm_func_copy(NULL) == NULL);
  CHECK(!wasm_func_same(add, NULL));
  wasm_func_delete(NULL);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_func_delete(add);
  wasm_func_delete(nop);
  wasm_func_delete(shuffle);
  wasm_func_delete(trapf);
  wasm_foreign_delete(fo);
  wasm_functype_delete(ft_add);
  wasm_functype_delete(ft_0_0);
  wasm_functype_delete(ft_sh);
  wasm_functype_delete(ft_env);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  /* the finalizer ran exactly once, with the environment */
  CHECK_EQ(finalizer_calls, 1);
  CHECK(finalized_env == &env_value);

  test_ok();
  return 0;
}
