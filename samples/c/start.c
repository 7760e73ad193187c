/* start.c - start functions run during instantiation.
 *
 * The first module's start function sets an exported global, so the value is
 * there as soon as wasm_instance_new returns. The second module's start
 * function calls the host and then traps: wasm_instance_new returns NULL and
 * hands the trap out through its last argument.
 */
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT_OK =
    "(module\n"
    "  (global $ready (export \"ready\") (mut i32) (i32.const 0))\n"
    "  (func $init (global.set $ready (i32.const 42)))\n"
    "  (start $init))\n";

static const char *WAT_TRAP =
    "(module\n"
    "  (import \"host\" \"note\" (func $note))\n"
    "  (func $init\n"
    "    (call $note)\n"
    "    (unreachable))\n"
    "  (start $init))\n";

static int note_calls = 0;

static wasm_trap_t *note_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  note_calls++;
  printf("  host: the start function is running\n");
  return NULL;
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

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *ok_module = NULL, *trap_module = NULL;
  wasm_instance_t *ok_instance = NULL, *trap_instance = NULL;
  wasm_func_t *note = NULL;
  wasm_trap_t *trap = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;

  ok_module = compile_wat(store, WAT_OK);
  trap_module = compile_wat(store, WAT_TRAP);
  if (!ok_module || !trap_module) goto done;

  printf("instantiating a module whose start function sets a global\n");
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  ok_instance = wasm_instance_new(store, ok_module, &no_imports, &trap);
  if (!ok_instance || trap) {
    fail("wasm_instance_new");
    goto done;
  }
  wasm_instance_exports(ok_instance, &exports);
  const wasm_global_t *ready = exports.size == 1 ? wasm_extern_as_global(exports.data[0]) : NULL;
  if (!ready) goto done;
  wasm_val_t value;
  wasm_global_get(ready, &value);
  printf("  global \"ready\" = %d\n", (int)value.of.i32);
  if (value.kind != WASM_I32 || value.of.i32 != 42) goto done;

  printf("instantiating a module whose start function calls the host and then traps\n");
  wasm_functype_t *note_type = wasm_functype_new_0_0();
  note = wasm_func_new(store, note_type, note_cb);
  wasm_functype_delete(note_type);
  if (!note) goto done;
  wasm_extern_t *import_list[] = {wasm_func_as_extern(note)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  trap_instance = wasm_instance_new(store, trap_module, &imports, &trap);
  if (trap_instance) {
    fprintf(stderr, "error: instantiation should have failed\n");
    goto done;
  }
  printf("  wasm_instance_new returned NULL\n");
  if (!trap) {
    fprintf(stderr, "error: no trap was handed out\n");
    goto done;
  }
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  printf("  trap message: %.*s\n", message_length(&message), message.data);
  wasm_byte_vec_delete(&message);
  if (note_calls != 1) goto done;

  status = 0;

done:
  if (trap) wasm_trap_delete(trap);
  wasm_extern_vec_delete(&exports);
  if (ok_instance) wasm_instance_delete(ok_instance);
  if (trap_instance) wasm_instance_delete(trap_instance);
  if (note) wasm_func_delete(note);
  if (ok_module) wasm_module_delete(ok_module);
  if (trap_module) wasm_module_delete(trap_module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
