/* multi.c - functions with several results, mixing i32 and i64.
 *
 * The host provides "host"."divmod" (i64, i32) -> (i64, i32): quotient and
 * remainder. The module exports
 *   "check"   (i64, i32) -> (i64, i32, i64): calls divmod and also returns
 *             quotient * divisor + remainder, which must give back the dividend
 *   "reverse" (i32, i64, i64, i32) -> (i32, i64, i64, i32): pure wasm, returns
 *             its arguments in reverse order
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT =
    "(module\n"
    "  (import \"host\" \"divmod\" (func $divmod (param i64 i32) (result i64 i32)))\n"
    "  (func (export \"check\") (param $a i64) (param $b i32) (result i64 i32 i64)\n"
    "    (local $q i64) (local $r i32)\n"
    "    (call $divmod (local.get $a) (local.get $b))\n"
    "    (local.set $r)\n"
    "    (local.set $q)\n"
    "    (local.get $q)\n"
    "    (local.get $r)\n"
    "    (i64.add (i64.mul (local.get $q) (i64.extend_i32_s (local.get $b)))\n"
    "             (i64.extend_i32_s (local.get $r))))\n"
    "  (func (export \"reverse\") (param i32 i64 i64 i32) (result i32 i64 i64 i32)\n"
    "    (local.get 3) (local.get 2) (local.get 1) (local.get 0)))\n";

static wasm_trap_t *divmod_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  int64_t a = args->data[0].of.i64;
  int32_t b = args->data[1].of.i32;
  printf("  host divmod received (%" PRId64 ", %d)\n", a, (int)b);
  results->data[0].kind = WASM_I64;
  results->data[0].of.i64 = a / b;
  results->data[1].kind = WASM_I32;
  results->data[1].of.i32 = (int32_t)(a % b);
  return NULL;
}

static void fail(const char *what) {
  const char *err = wacapi_last_error();
  fprintf(stderr, "error: %s failed%s%s\n", what, *err ? ": " : "", err);
}

static wasm_module_t *compile_wat(wasm_store_t *store, const char *wat) {
  wasm_byte_vec_t text;
  wasm_byte_vec_t binary = WASM_EMPTY_VEC;
  wasm_byte_vec_new(&text, strlen(wat), wat);
  bool ok = wacapi_wat2wasm(&text, &binary);
  wasm_byte_vec_delete(&text);
  if (!ok) {
    fail("wacapi_wat2wasm");
    return NULL;
  }
  wasm_module_t *module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) fail("wasm_module_new");
  return module;
}

static void print_vals(const wasm_val_t *vals, size_t n) {
  printf("(");
  for (size_t i = 0; i < n; i++) {
    if (i) printf(", ");
    if (vals[i].kind == WASM_I32)
      printf("i32 %d", (int)vals[i].of.i32);
    else if (vals[i].kind == WASM_I64)
      printf("i64 %" PRId64, vals[i].of.i64);
    else
      printf("kind %d", (int)vals[i].kind);
  }
  printf(")");
}

static bool call(const wasm_func_t *f, wasm_val_t *args, size_t nargs, wasm_val_t *results,
                 size_t nresults) {
  wasm_val_vec_t arg_vec = {nargs, args};
  wasm_val_vec_t result_vec = {nresults, results};
  wasm_trap_t *trap = wasm_func_call(f, &arg_vec, &result_vec);
  if (trap) {
    fprintf(stderr, "error: call trapped\n");
    wasm_trap_delete(trap);
    return false;
  }
  return true;
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = NULL;
  wasm_func_t *divmod = NULL;
  wasm_instance_t *instance = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;

  module = compile_wat(store, WAT);
  if (!module) goto done;

  wasm_functype_t *divmod_type = wasm_functype_new_2_2(
      wasm_valtype_new_i64(), wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i32());
  divmod = wasm_func_new(store, divmod_type, divmod_cb);
  wasm_functype_delete(divmod_type);
  if (!divmod) {
    fail("wasm_func_new");
    goto done;
  }

  wasm_extern_t *import_list[] = {wasm_func_as_extern(divmod)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    fail("wasm_instance_new");
    goto done;
  }
  wasm_instance_exports(instance, &exports);
  if (exports.size != 2) goto done;
  const wasm_func_t *check = wasm_extern_as_func(exports.data[0]);
  const wasm_func_t *reverse = wasm_extern_as_func(exports.data[1]);
  if (!check || !reverse) goto done;
  printf("\"check\" has %zu params and %zu results\n", wasm_func_param_arity(check),
         wasm_func_result_arity(check));
  printf("\"reverse\" has %zu params and %zu results\n", wasm_func_param_arity(reverse),
         wasm_func_result_arity(reverse));

  static const struct {
    int64_t a;
    int32_t b;
  } cases[] = {{INT64_C(10000000000007), 1000}, {INT64_C(-9000000000000000001), 7}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    wasm_val_t args[2] = {WASM_I64_VAL(cases[i].a), WASM_I32_VAL(cases[i].b)};
    wasm_val_t results[3] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    printf("wasm check");
    print_vals(args, 2);
    printf(":\n");
    if (!call(check, args, 2, results, 3)) goto done;
    printf("  results ");
    print_vals(results, 3);
    printf("\n");
    if (results[0].kind != WASM_I64 || results[1].kind != WASM_I32 || results[2].kind != WASM_I64 ||
        results[0].of.i64 != cases[i].a / cases[i].b ||
        results[1].of.i32 != (int32_t)(cases[i].a % cases[i].b) || results[2].of.i64 != cases[i].a) {
      fprintf(stderr, "error: unexpected results\n");
      goto done;
    }
  }

  {
    wasm_val_t args[4] = {WASM_I32_VAL(1), WASM_I64_VAL(INT64_C(-2)), WASM_I64_VAL(INT64_C(1) << 40),
                          WASM_I32_VAL(-4)};
    wasm_val_t results[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    printf("wasm reverse");
    print_vals(args, 4);
    printf(":\n");
    if (!call(reverse, args, 4, results, 4)) goto done;
    printf("  results ");
    print_vals(results, 4);
    printf("\n");
    for (size_t i = 0; i < 4; i++) {
      const wasm_val_t *want = &args[3 - i];
      if (results[i].kind != want->kind ||
          (want->kind == WASM_I32 ? results[i].of.i32 != want->of.i32
                                  : results[i].of.i64 != want->of.i64)) {
        fprintf(stderr, "error: result %zu is wrong\n", i);
        goto done;
      }
    }
  }

  {
    /* A host function can be called from the host too. */
    wasm_val_t args[2] = {WASM_I64_VAL(100), WASM_I32_VAL(-7)};
    wasm_val_t results[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
    printf("host calls divmod");
    print_vals(args, 2);
    printf(" directly:\n");
    if (!call(divmod, args, 2, results, 2)) goto done;
    printf("  results ");
    print_vals(results, 2);
    printf("\n");
    if (results[0].of.i64 != -14 || results[1].of.i32 != 2) goto done;
  }

  status = 0;

done:
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (divmod) wasm_func_delete(divmod);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
