/* hostref.c - host objects handed to wasm as externref.
 *
 * The host makes two foreign objects with wasm_foreign_new and attaches host
 * info (a small struct with a name) to each. They travel into wasm and back
 * through a global, a table and a call to a host function, always as
 * externref. Whatever comes back is the same object: wasm_ref_same says so
 * and wasm_ref_get_host_info returns the same host info.
 */
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT =
    "(module\n"
    "  (import \"host\" \"echo\" (func $echo (param externref) (result externref)))\n"
    "  (global $slot (export \"slot\") (mut externref) (ref.null extern))\n"
    "  (table $refs (export \"refs\") 4 externref)\n"
    "  (func (export \"global_set\") (param externref) (global.set $slot (local.get 0)))\n"
    "  (func (export \"global_get\") (result externref) (global.get $slot))\n"
    "  (func (export \"table_set\") (param i32 externref)\n"
    "    (table.set $refs (local.get 0) (local.get 1)))\n"
    "  (func (export \"table_get\") (param i32) (result externref)\n"
    "    (table.get $refs (local.get 0)))\n"
    "  (func (export \"via_host\") (param externref) (result externref)\n"
    "    (call $echo (local.get 0)))\n"
    "  (func (export \"is_null\") (param externref) (result i32)\n"
    "    (ref.is_null (local.get 0))))\n";

typedef struct {
  const char *name;
} object_info_t;

static object_info_t INFO_A = {"object A"};
static object_info_t INFO_B = {"object B"};

static const char *describe(const wasm_ref_t *ref) {
  if (!ref) return "null";
  const object_info_t *info = wasm_ref_get_host_info(ref);
  return info ? info->name : "a reference without host info";
}

/* Hands its argument back; the result must be an owned reference. */
static wasm_trap_t *echo_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  const wasm_ref_t *ref = args->data[0].of.ref;
  printf("    host echo received %s\n", describe(ref));
  results->data[0].kind = WASM_EXTERNREF;
  results->data[0].of.ref = ref ? wasm_ref_copy(ref) : NULL;
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

/* Calls f; args are borrowed, a result (at most one) is returned in *out and
 * owned by the caller. */
static bool call(const wasm_func_t *f, wasm_val_t *args, size_t nargs, wasm_val_t *out) {
  wasm_val_vec_t arg_vec = {nargs, args};
  wasm_val_vec_t result_vec = {out ? 1 : 0, out};
  wasm_trap_t *trap = wasm_func_call(f, &arg_vec, &result_vec);
  if (trap) {
    fprintf(stderr, "error: call trapped\n");
    wasm_trap_delete(trap);
    return false;
  }
  return true;
}

/* Checks that an (owned) reference that came back is the expected object,
 * prints it, and deletes it. */
static bool check(const char *label, wasm_ref_t *got, const wasm_ref_t *want) {
  bool ok;
  if (!want)
    ok = got == NULL;
  else
    ok = got && wasm_ref_same(got, want) &&
         wasm_ref_get_host_info(got) == wasm_ref_get_host_info(want);
  printf("  %s -> %s%s\n", label, describe(got), ok ? "" : " (WRONG)");
  if (got) wasm_ref_delete(got);
  return ok;
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = NULL;
  wasm_func_t *echo = NULL;
  wasm_instance_t *instance = NULL;
  wasm_foreign_t *a = NULL, *b = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;

  module = compile_wat(store, WAT);
  if (!module) goto done;

  wasm_functype_t *echo_type = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
  echo = wasm_func_new(store, echo_type, echo_cb);
  wasm_functype_delete(echo_type);
  if (!echo) goto done;

  wasm_extern_t *import_list[] = {wasm_func_as_extern(echo)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    fail("wasm_instance_new");
    goto done;
  }
  wasm_instance_exports(instance, &exports);
  if (exports.size != 8) goto done;
  wasm_global_t *slot = wasm_extern_as_global(exports.data[0]);
  wasm_table_t *refs = wasm_extern_as_table(exports.data[1]);
  const wasm_func_t *global_set = wasm_extern_as_func(exports.data[2]);
  const wasm_func_t *global_get = wasm_extern_as_func(exports.data[3]);
  const wasm_func_t *table_set = wasm_extern_as_func(exports.data[4]);
  const wasm_func_t *table_get = wasm_extern_as_func(exports.data[5]);
  const wasm_func_t *via_host = wasm_extern_as_func(exports.data[6]);
  const wasm_func_t *is_null = wasm_extern_as_func(exports.data[7]);
  if (!slot || !refs || !global_set || !global_get || !table_set || !table_get || !via_host || !is_null)
    goto done;

  printf("making two foreign objects with host info\n");
  a = wasm_foreign_new(store);
  b = wasm_foreign_new(store);
  if (!a || !b) goto done;
  wasm_foreign_set_host_info(a, &INFO_A);
  wasm_foreign_set_host_info(b, &INFO_B);
  wasm_ref_t *ref_a = wasm_foreign_as_ref(a);
  wasm_ref_t *ref_b = wasm_foreign_as_ref(b);
  printf("  A same as A: %s, A same as B: %s\n", wasm_ref_same(ref_a, ref_a) ? "yes" : "no",
         wasm_ref_same(ref_a, ref_b) ? "yes" : "no");
  if (!wasm_ref_same(ref_a, ref_a) || wasm_ref_same(ref_a, ref_b)) goto done;
  {
    wasm_ref_t *copy = wasm_ref_copy(ref_a);
    if (!check("a copy of A", copy, ref_a)) goto done;
  }

  printf("through the global:\n");
  {
    wasm_val_t out = WASM_INIT_VAL;
    if (!call(global_get, NULL, 0, &out) || !check("global_get() at first", out.of.ref, NULL)) goto done;
    wasm_val_t arg = WASM_REF_VAL(ref_a);
    if (!call(global_set, &arg, 1, NULL)) goto done;
    if (!call(global_get, NULL, 0, &out) || !check("global_set(A); global_get()", out.of.ref, ref_a))
      goto done;
    wasm_global_get(slot, &out);
    if (!check("wasm_global_get from the host", out.of.ref, ref_a)) goto done;
    wasm_val_t value_b = WASM_REF_VAL(ref_b);
    wasm_global_set(slot, &value_b);
    if (!call(global_get, NULL, 0, &out) ||
        !check("wasm_global_set(B) from the host; global_get()", out.of.ref, ref_b))
      goto done;
  }

  printf("through the table:\n");
  {
    wasm_val_t out = WASM_INIT_VAL;
    wasm_val_t args[2] = {WASM_I32_VAL(0), WASM_REF_VAL(ref_a)};
    if (!call(table_set, args, 2, NULL)) goto done;
    args[0].of.i32 = 1;
    args[1].of.ref = ref_b;
    if (!call(table_set, args, 2, NULL)) goto done;
    wasm_val_t index = WASM_I32_VAL(0);
    if (!call(table_get, &index, 1, &out) || !check("table_set(0, A); table_get(0)", out.of.ref, ref_a))
      goto done;
    if (!check("wasm_table_get(1) from the host", wasm_table_get(refs, 1), ref_b)) goto done;
    if (!wasm_table_set(refs, 2, ref_a)) goto done;
    index.of.i32 = 2;
    if (!call(table_get, &index, 1, &out) ||
        !check("wasm_table_set(2, A) from the host; table_get(2)", out.of.ref, ref_a))
      goto done;
    index.of.i32 = 3;
    if (!call(table_get, &index, 1, &out) || !check("table_get(3), never set", out.of.ref, NULL)) goto done;
  }

  printf("through a call to the host:\n");
  {
    wasm_val_t out = WASM_INIT_VAL;
    wasm_val_t arg = WASM_REF_VAL(ref_b);
    if (!call(via_host, &arg, 1, &out) || !check("via_host(B)", out.of.ref, ref_b)) goto done;
    arg.of.ref = NULL;
    if (!call(via_host, &arg, 1, &out) || !check("via_host(null)", out.of.ref, NULL)) goto done;
  }

  printf("ref.is_null in wasm:\n");
  {
    wasm_val_t out = WASM_INIT_VAL;
    wasm_val_t arg = WASM_REF_VAL(NULL);
    if (!call(is_null, &arg, 1, &out)) goto done;
    printf("  is_null(null) -> %d\n", (int)out.of.i32);
    if (out.of.i32 != 1) goto done;
    arg.of.ref = ref_a;
    if (!call(is_null, &arg, 1, &out)) goto done;
    printf("  is_null(A) -> %d\n", (int)out.of.i32);
    if (out.of.i32 != 0) goto done;
  }
  status = 0;

done:
  wasm_extern_vec_delete(&exports);
  if (a) wasm_foreign_delete(a);
  if (b) wasm_foreign_delete(b);
  if (instance) wasm_instance_delete(instance);
  if (echo) wasm_func_delete(echo);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
