/* hello.c - wasm calls a function that the host provides.
 *
 * The module imports "host"."greet" (param i32) and exports "run", which
 * calls greet(42). The host side prints what it receives.
 */
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT =
    "(module\n"
    "  (import \"host\" \"greet\" (func $greet (param i32)))\n"
    "  (func (export \"run\")\n"
    "    (call $greet (i32.const 42))))\n";

static int greet_calls = 0;

static wasm_trap_t *greet(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)results;
  greet_calls++;
  printf("host: Hello, world! wasm passed %d\n", (int)args->data[0].of.i32);
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

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = NULL;
  wasm_func_t *greet_func = NULL;
  wasm_instance_t *instance = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;

  printf("compiling the module\n");
  module = compile_wat(store, WAT);
  if (!module) goto done;

  printf("creating the host function\n");
  wasm_functype_t *greet_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  greet_func = wasm_func_new(store, greet_type, greet);
  wasm_functype_delete(greet_type);
  if (!greet_func) {
    fail("wasm_func_new");
    goto done;
  }

  printf("instantiating\n");
  wasm_extern_t *import_list[] = {wasm_func_as_extern(greet_func)};
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

  printf("calling \"run\"\n");
  wasm_val_vec_t no_args = WASM_EMPTY_VEC;
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  wasm_trap_t *trap = wasm_func_call(run, &no_args, &no_results);
  if (trap) {
    fprintf(stderr, "error: \"run\" trapped\n");
    wasm_trap_delete(trap);
    goto done;
  }
  if (greet_calls != 1) {
    fprintf(stderr, "error: greet was called %d times\n", greet_calls);
    goto done;
  }

  printf("done\n");
  status = 0;

done:
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (greet_func) wasm_func_delete(greet_func);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
