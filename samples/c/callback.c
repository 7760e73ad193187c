/* callback.c - host closures: functions that carry an environment.
 *
 * Two host functions are made with wasm_func_new_with_env. Each gets its own
 * heap-allocated environment and a finalizer that frees it. The finalizers
 * run when the store that owns the functions is deleted.
 *
 *   "host"."add"   (i32, i32) -> i32   adds, counts its calls in its env
 *   "host"."scale" (i32) -> i32        multiplies by the factor in its env
 *
 * The module exports "run"(x, y) = scale(add(x, y)).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT =
    "(module\n"
    "  (import \"host\" \"add\" (func $add (param i32 i32) (result i32)))\n"
    "  (import \"host\" \"scale\" (func $scale (param i32) (result i32)))\n"
    "  (func (export \"run\") (param $x i32) (param $y i32) (result i32)\n"
    "    (call $scale (call $add (local.get $x) (local.get $y)))))\n";

/* Environment of a host closure. */
typedef struct {
  const char *name;
  int32_t factor; /* used by "scale" only */
  int calls;
} closure_env_t;

static int finalizer_runs = 0;

static void free_env(void *env) {
  finalizer_runs++;
  free(env);
}

static wasm_trap_t *add_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  closure_env_t *self = env;
  self->calls++;
  int32_t a = args->data[0].of.i32, b = args->data[1].of.i32;
  printf("  host %s (call #%d) received (%d, %d)\n", self->name, self->calls, (int)a, (int)b);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = a + b;
  return NULL;
}

static wasm_trap_t *scale_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  closure_env_t *self = env;
  self->calls++;
  int32_t a = args->data[0].of.i32;
  printf("  host %s (call #%d) received (%d), factor %d\n", self->name, self->calls, (int)a,
         (int)self->factor);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = a * self->factor;
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

static closure_env_t *new_env(const char *name, int32_t factor) {
  closure_env_t *env = malloc(sizeof *env);
  if (env) {
    env->name = name;
    env->factor = factor;
    env->calls = 0;
  }
  return env;
}

/* Calls a (i32, i32) -> i32 function; returns false if it trapped. */
static bool call_i32_i32(const wasm_func_t *f, int32_t x, int32_t y, int32_t *out) {
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(x), WASM_I32_VAL(y)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (trap) {
    wasm_trap_delete(trap);
    return false;
  }
  *out = result_vals[0].of.i32;
  return true;
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = NULL;
  wasm_func_t *add = NULL, *scale = NULL;
  wasm_instance_t *instance = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  closure_env_t *add_env = NULL, *scale_env = NULL;

  module = compile_wat(store, WAT);
  if (!module) goto done;

  printf("creating closures \"add\" and \"scale\" (factor 10)\n");
  add_env = new_env("add", 0);
  scale_env = new_env("scale", 10);
  if (!add_env || !scale_env) {
    free(add_env);
    free(scale_env);
    goto done;
  }
  wasm_functype_t *add_type = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                                    wasm_valtype_new_i32());
  wasm_functype_t *scale_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  /* From here on the store owns the environments: the finalizers free them. */
  add = wasm_func_new_with_env(store, add_type, add_cb, add_env, free_env);
  scale = wasm_func_new_with_env(store, scale_type, scale_cb, scale_env, free_env);
  wasm_functype_delete(add_type);
  wasm_functype_delete(scale_type);
  if (!add || !scale) {
    fail("wasm_func_new_with_env");
    goto done;
  }
  printf("closure arity: add %zu -> %zu, scale %zu -> %zu\n", wasm_func_param_arity(add),
         wasm_func_result_arity(add), wasm_func_param_arity(scale), wasm_func_result_arity(scale));

  wasm_extern_t *import_list[] = {wasm_func_as_extern(add), wasm_func_as_extern(scale)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    fail("wasm_instance_new");
    goto done;
  }
  wasm_instance_exports(instance, &exports);
  const wasm_func_t *run = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
  if (!run) {
    fprintf(stderr, "error: export \"run\" is missing\n");
    goto done;
  }

  static const int32_t inputs[][2] = {{3, 4}, {-5, 20}, {1000, -1}};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    int32_t x = inputs[i][0], y = inputs[i][1], result;
    printf("wasm run(%d, %d):\n", (int)x, (int)y);
    if (!call_i32_i32(run, x, y, &result)) {
      fprintf(stderr, "error: run trapped\n");
      goto done;
    }
    printf("  result %d\n", (int)result);
    if (result != (x + y) * 10) {
      fprintf(stderr, "error: expected %d\n", (int)((x + y) * 10));
      goto done;
    }
  }

  printf("calling the closure \"add\" directly from the host:\n");
  int32_t direct;
  if (!call_i32_i32(add, 40, 2, &direct) || direct != 42) {
    fprintf(stderr, "error: direct call of add failed\n");
    goto done;
  }
  printf("  result %d\n", (int)direct);

  printf("calls recorded in the environments: add %d, scale %d\n", add_env->calls, scale_env->calls);
  if (add_env->calls != 4 || scale_env->calls != 3) goto done;
  status = 0;

done:
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (add) wasm_func_delete(add);
  if (scale) wasm_func_delete(scale);
  if (module) wasm_module_delete(module);
  printf("finalizers run before deleting the store: %d\n", finalizer_runs);
  wasm_store_delete(store);
  printf("finalizers run after deleting the store: %d\n", finalizer_runs);
  wasm_engine_delete(engine);
  if (status == 0 && finalizer_runs != 2) {
    fprintf(stderr, "error: expected 2 finalizer runs\n");
    status = 1;
  }
  return status;
}
