/* trap.c - traps raised by the host and by wasm.
 *
 * "host"."refuse" is a host function that returns a trap made with
 * wasm_trap_new; wasm calls it through "call_host". Then wasm traps by itself:
 * "unreachable" executes the unreachable instruction and "div" divides by
 * zero. Each trap's message is printed. wasmi keeps no backtrace, so
 * wasm_trap_origin is NULL and wasm_trap_trace is empty (documented wacapi
 * behaviour).
 */
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT =
    "(module\n"
    "  (import \"host\" \"refuse\" (func $refuse (result i32)))\n"
    "  (func (export \"call_host\") (result i32) (call $refuse))\n"
    "  (func (export \"unreachable\") (unreachable))\n"
    "  (func (export \"div\") (param i32 i32) (result i32)\n"
    "    (i32.div_s (local.get 0) (local.get 1))))\n";

static const char *HOST_MESSAGE = "the host refuses to answer";

/* The env is the store, which wasm_trap_new needs. */
static wasm_trap_t *refuse_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  wasm_store_t *store = env;
  printf("  host: refusing with a trap\n");
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, HOST_MESSAGE);
  wasm_trap_t *trap = wasm_trap_new(store, &message);
  wasm_byte_vec_delete(&message);
  return trap;
}

/* Trap messages end with a NUL that is counted in their size. */
static int message_length(const wasm_message_t *message) {
  size_t n = message->size;
  if (n > 0 && message->data[n - 1] == '\0') n--;
  return (int)n;
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

/* Prints what a trap tells; takes ownership of the trap. Returns false if
 * something is not as documented. */
static bool report_trap(wasm_trap_t *trap, const char *expected_message) {
  bool ok = true;
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  int len = message_length(&message);
  printf("  trap message: %.*s\n", len, message.data);
  if (expected_message && strcmp(message.data, expected_message) != 0) {
    fprintf(stderr, "error: expected message \"%s\"\n", expected_message);
    ok = false;
  }
  wasm_byte_vec_delete(&message);

  wasm_frame_t *origin = wasm_trap_origin(trap);
  printf("  trap origin: %s\n", origin ? "a frame" : "NULL");
  if (origin) wasm_frame_delete(origin);

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  printf("  trap trace: %zu frames\n", trace.size);
  wasm_frame_vec_delete(&trace);

  wasm_trap_delete(trap);
  return ok;
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = NULL;
  wasm_func_t *refuse = NULL;
  wasm_instance_t *instance = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;

  module = compile_wat(store, WAT);
  if (!module) goto done;

  wasm_functype_t *refuse_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  refuse = wasm_func_new_with_env(store, refuse_type, refuse_cb, store, NULL);
  wasm_functype_delete(refuse_type);
  if (!refuse) {
    fail("wasm_func_new_with_env");
    goto done;
  }

  wasm_extern_t *import_list[] = {wasm_func_as_extern(refuse)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    fail("wasm_instance_new");
    goto done;
  }
  wasm_instance_exports(instance, &exports);
  if (exports.size != 3) goto done;
  const wasm_func_t *call_host = wasm_extern_as_func(exports.data[0]);
  const wasm_func_t *unreachable = wasm_extern_as_func(exports.data[1]);
  const wasm_func_t *div = wasm_extern_as_func(exports.data[2]);
  if (!call_host || !unreachable || !div) goto done;

  printf("calling \"call_host\", which calls the host function:\n");
  {
    wasm_val_t result_vals[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC;
    wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
    wasm_trap_t *trap = wasm_func_call(call_host, &args, &results);
    if (!trap) {
      fprintf(stderr, "error: expected a trap\n");
      goto done;
    }
    if (!report_trap(trap, HOST_MESSAGE)) goto done;
  }

  printf("calling \"unreachable\":\n");
  {
    wasm_val_vec_t args = WASM_EMPTY_VEC;
    wasm_val_vec_t results = WASM_EMPTY_VEC;
    wasm_trap_t *trap = wasm_func_call(unreachable, &args, &results);
    if (!trap) {
      fprintf(stderr, "error: expected a trap\n");
      goto done;
    }
    if (!report_trap(trap, NULL)) goto done;
  }

  static const int32_t div_cases[][2] = {{7, 2}, {7, 0}, {INT32_MIN, -1}};
  for (size_t i = 0; i < sizeof div_cases / sizeof div_cases[0]; i++) {
    int32_t x = div_cases[i][0], y = div_cases[i][1];
    printf("calling \"div\"(%d, %d):\n", (int)x, (int)y);
    wasm_val_t arg_vals[2] = {WASM_I32_VAL(x), WASM_I32_VAL(y)};
    wasm_val_t result_vals[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
    wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
    wasm_trap_t *trap = wasm_func_call(div, &args, &results);
    if (y != 0 && !(x == INT32_MIN && y == -1)) {
      if (trap) {
        fprintf(stderr, "error: unexpected trap\n");
        wasm_trap_delete(trap);
        goto done;
      }
      printf("  result %d\n", (int)result_vals[0].of.i32);
      if (result_vals[0].of.i32 != x / y) goto done;
    } else {
      if (!trap) {
        fprintf(stderr, "error: expected a trap\n");
        goto done;
      }
      if (!report_trap(trap, NULL)) goto done;
    }
  }

  printf("a trap made by the host and inspected directly:\n");
  {
    wasm_message_t message;
    wasm_name_new_from_string_nt(&message, "made by hand");
    wasm_trap_t *trap = wasm_trap_new(store, &message);
    wasm_byte_vec_delete(&message);
    if (!trap) {
      fail("wasm_trap_new");
      goto done;
    }
    if (!report_trap(trap, "made by hand")) goto done;
  }

  status = 0;

done:
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (refuse) wasm_func_delete(refuse);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
