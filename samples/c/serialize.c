/* serialize.c - saving a compiled module and loading it again.
 *
 * A module is compiled in one store and turned into bytes with
 * wasm_module_serialize. The bytes are loaded with wasm_module_deserialize in
 * a second store, and the loaded module is instantiated and run there.
 * Damaged bytes are rejected: wasm_module_deserialize returns NULL and
 * wacapi_last_error tells why.
 */
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT =
    "(module\n"
    "  (import \"host\" \"show\" (func $show (param i32)))\n"
    "  (func (export \"squares\") (param $n i32) (result i32)\n"
    "    (local $i i32) (local $sum i32)\n"
    "    (block $done\n"
    "      (loop $next\n"
    "        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))\n"
    "        (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get $i) (local.get $i))))\n"
    "        (call $show (local.get $sum))\n"
    "        (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "        (br $next)))\n"
    "    (local.get $sum)))\n";

static wasm_trap_t *show_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)results;
  printf(" %d", (int)args->data[0].of.i32);
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

/* Tries to load damaged bytes; they must be rejected. */
static bool expect_rejected(wasm_store_t *store, const char *label, const wasm_byte_vec_t *bytes) {
  wasm_module_t *module = wasm_module_deserialize(store, bytes);
  if (module) {
    printf("  %s: accepted (WRONG)\n", label);
    wasm_module_delete(module);
    return false;
  }
  printf("  %s: rejected: %s\n", label, wacapi_last_error());
  return true;
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *first = wasm_store_new(engine);
  wasm_store_t *second = wasm_store_new(engine);
  wasm_module_t *module = NULL, *loaded = NULL;
  wasm_byte_vec_t bytes = WASM_EMPTY_VEC;
  wasm_func_t *show = NULL;
  wasm_instance_t *instance = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;

  printf("compiling in the first store and serializing\n");
  module = compile_wat(first, WAT);
  if (!module) goto done;
  wasm_module_serialize(module, &bytes);
  printf("  serialized: %s\n", bytes.size > 0 ? "non-empty byte vector" : "nothing");
  if (bytes.size == 0) goto done;
  /* The original is not needed any more. */
  wasm_module_delete(module);
  module = NULL;

  printf("deserializing in the second store\n");
  loaded = wasm_module_deserialize(second, &bytes);
  if (!loaded) {
    fail("wasm_module_deserialize");
    goto done;
  }
  wasm_exporttype_vec_t export_types;
  wasm_module_exports(loaded, &export_types);
  wasm_importtype_vec_t import_types;
  wasm_module_imports(loaded, &import_types);
  printf("  the loaded module has %zu import and %zu export\n", import_types.size, export_types.size);
  wasm_importtype_vec_delete(&import_types);
  wasm_exporttype_vec_delete(&export_types);

  wasm_functype_t *show_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  show = wasm_func_new(second, show_type, show_cb);
  wasm_functype_delete(show_type);
  if (!show) goto done;
  wasm_extern_t *import_list[] = {wasm_func_as_extern(show)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  instance = wasm_instance_new(second, loaded, &imports, NULL);
  if (!instance) {
    fail("wasm_instance_new");
    goto done;
  }
  wasm_instance_exports(instance, &exports);
  const wasm_func_t *squares = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
  if (!squares) goto done;

  printf("running squares(5) from the loaded module; the host sees:");
  wasm_val_t arg_vals[1] = {WASM_I32_VAL(5)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  wasm_trap_t *trap = wasm_func_call(squares, &args, &results);
  printf("\n");
  if (trap) {
    wasm_trap_delete(trap);
    goto done;
  }
  printf("  result %d\n", (int)result_vals[0].of.i32);
  if (result_vals[0].of.i32 != 55) goto done;

  printf("damaged bytes:\n");
  {
    wasm_byte_vec_t damaged;
    wasm_byte_vec_copy(&damaged, &bytes);
    memcpy(damaged.data, "JUNK", damaged.size < 4 ? damaged.size : 4);
    bool ok = expect_rejected(second, "first four bytes overwritten", &damaged);
    wasm_byte_vec_delete(&damaged);
    if (!ok) goto done;

    wasm_byte_vec_new(&damaged, bytes.size / 2, bytes.data);
    ok = expect_rejected(second, "cut in half", &damaged);
    wasm_byte_vec_delete(&damaged);
    if (!ok) goto done;

    wasm_byte_vec_new_empty(&damaged);
    ok = expect_rejected(second, "empty", &damaged);
    wasm_byte_vec_delete(&damaged);
    if (!ok) goto done;
  }
  status = 0;

done:
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (show) wasm_func_delete(show);
  if (loaded) wasm_module_delete(loaded);
  if (module) wasm_module_delete(module);
  wasm_byte_vec_delete(&bytes);
  wasm_store_delete(second);
  wasm_store_delete(first);
  wasm_engine_delete(engine);
  return status;
}
