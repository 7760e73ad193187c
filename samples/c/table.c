/* table.c - funcref tables, from wasm and from the host.
 *
 * The module exports a table of 2 to 10 funcrefs whose slot 1 holds
 * "double", and "call_indirect"(arg, slot), which calls the function in a
 * slot with type (i32) -> i32. The host reads and writes slots (wasm
 * functions and a host function), grows the table, and sees that access out
 * of bounds is refused: wasm_table_get returns NULL, wasm_table_set false.
 * Finally a table is made by the host with wasm_table_new.
 */
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT =
    "(module\n"
    "  (type $unary (func (param i32) (result i32)))\n"
    "  (table $t (export \"table\") 2 10 funcref)\n"
    "  (func $double (export \"double\") (param i32) (result i32)\n"
    "    (i32.mul (local.get 0) (i32.const 2)))\n"
    "  (func $negate (export \"negate\") (param i32) (result i32)\n"
    "    (i32.sub (i32.const 0) (local.get 0)))\n"
    "  (func (export \"answer\") (result i32) (i32.const 42))\n"
    "  (func (export \"call_indirect\") (param $arg i32) (param $slot i32) (result i32)\n"
    "    (call_indirect $t (type $unary) (local.get $arg) (local.get $slot)))\n"
    "  (func (export \"size\") (result i32) (table.size $t))\n"
    "  (elem (i32.const 1) $double))\n";

static wasm_trap_t *triple_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 3;
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

static wasm_extern_t *find_export(const wasm_exporttype_vec_t *types, const wasm_extern_vec_t *exports,
                                  const char *name) {
  size_t len = strlen(name);
  for (size_t i = 0; i < types->size && i < exports->size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types->data[i]);
    if (n->size == len && memcmp(n->data, name, len) == 0) return exports->data[i];
  }
  fprintf(stderr, "error: no export \"%s\"\n", name);
  return NULL;
}

static void print_trap(wasm_trap_t *trap) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  size_t n = message.size;
  if (n > 0 && message.data[n - 1] == '\0') n--;
  printf("trap: %.*s\n", (int)n, message.data);
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);
}

/* Calls a function with i32 arguments and at most one i32 result. Prints the
 * result or the trap message. Returns 1 for a result, 0 for a trap. */
static int call_and_print(const wasm_func_t *f, int32_t a, int32_t b, size_t nargs, int32_t *out) {
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {nargs, arg_vals};
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (trap) {
    print_trap(trap);
    return 0;
  }
  printf("%d\n", (int)result_vals[0].of.i32);
  *out = result_vals[0].of.i32;
  return 1;
}

/* Runs call_indirect(arg, slot), prints, and checks the outcome: expect_trap
 * or the expected value. */
static bool indirect(const wasm_func_t *call_indirect, int32_t arg, int32_t slot, bool expect_trap,
                     int32_t expected) {
  int32_t got = 0;
  printf("  call_indirect(%d, slot %d) -> ", (int)arg, (int)slot);
  int ok = call_and_print(call_indirect, arg, slot, 2, &got);
  if (expect_trap ? ok : (!ok || got != expected)) {
    fprintf(stderr, "error: unexpected outcome\n");
    return false;
  }
  return true;
}

static void print_slots(const wasm_table_t *table, const wasm_func_t *const *named,
                        const char *const *names, size_t nnamed) {
  wasm_table_size_t size = wasm_table_size(table);
  for (wasm_table_size_t i = 0; i < size; i++) {
    wasm_ref_t *ref = wasm_table_get(table, i);
    const char *what = ref ? "a function not exported here" : "null";
    for (size_t k = 0; ref && k < nnamed; k++)
      if (wasm_ref_same(ref, wasm_func_as_ref_const(named[k]))) what = names[k];
    printf("  slot %u: %s\n", (unsigned)i, what);
    if (ref) wasm_ref_delete(ref);
  }
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = NULL;
  wasm_instance_t *instance = NULL;
  wasm_func_t *triple = NULL;
  wasm_table_t *own_table = NULL;
  wasm_exporttype_vec_t export_types = WASM_EMPTY_VEC;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;

  module = compile_wat(store, WAT);
  if (!module) goto done;
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  instance = wasm_instance_new(store, module, &no_imports, NULL);
  if (!instance) {
    fail("wasm_instance_new");
    goto done;
  }
  wasm_module_exports(module, &export_types);
  wasm_instance_exports(instance, &exports);

  wasm_extern_t *ext;
  wasm_table_t *table = (ext = find_export(&export_types, &exports, "table")) ? wasm_extern_as_table(ext) : NULL;
  wasm_func_t *dbl = (ext = find_export(&export_types, &exports, "double")) ? wasm_extern_as_func(ext) : NULL;
  wasm_func_t *negate = (ext = find_export(&export_types, &exports, "negate")) ? wasm_extern_as_func(ext) : NULL;
  wasm_func_t *answer = (ext = find_export(&export_types, &exports, "answer")) ? wasm_extern_as_func(ext) : NULL;
  const wasm_func_t *call_indirect =
      (ext = find_export(&export_types, &exports, "call_indirect")) ? wasm_extern_as_func(ext) : NULL;
  const wasm_func_t *size_func = (ext = find_export(&export_types, &exports, "size")) ? wasm_extern_as_func(ext) : NULL;
  if (!table || !dbl || !negate || !answer || !call_indirect || !size_func) goto done;

  wasm_functype_t *unary = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  triple = wasm_func_new(store, unary, triple_cb);
  wasm_functype_delete(unary);
  if (!triple) goto done;

  const wasm_func_t *named[] = {dbl, negate, answer, triple};
  const char *const names[] = {"double", "negate", "answer", "host function triple"};
  const size_t nnamed = sizeof named / sizeof named[0];

  wasm_tabletype_t *type = wasm_table_type(table);
  const wasm_limits_t *limits = wasm_tabletype_limits(type);
  printf("exported table: %s, min %u, max %u, size %u\n",
         wasm_valtype_kind(wasm_tabletype_element(type)) == WASM_FUNCREF ? "funcref" : "?",
         (unsigned)limits->min, (unsigned)limits->max, (unsigned)wasm_table_size(table));
  wasm_tabletype_delete(type);
  print_slots(table, named, names, nnamed);

  printf("calling through the table:\n");
  if (!indirect(call_indirect, 5, 1, false, 10)) goto done;
  if (!indirect(call_indirect, 5, 0, true, 0)) goto done;

  printf("the host puts \"negate\" in slot 0 and the host function \"triple\" in slot 1:\n");
  if (!wasm_table_set(table, 0, wasm_func_as_ref(negate)) ||
      !wasm_table_set(table, 1, wasm_func_as_ref(triple))) {
    fail("wasm_table_set");
    goto done;
  }
  print_slots(table, named, names, nnamed);
  if (!indirect(call_indirect, 5, 0, false, -5)) goto done;
  if (!indirect(call_indirect, 5, 1, false, 15)) goto done;

  printf("a function of another type in slot 0:\n");
  if (!wasm_table_set(table, 0, wasm_func_as_ref(answer))) goto done;
  if (!indirect(call_indirect, 5, 0, true, 0)) goto done;

  printf("out of bounds:\n");
  wasm_ref_t *outside = wasm_table_get(table, 2);
  printf("  wasm_table_get(slot 2) returns %s\n", outside ? "a reference" : "NULL");
  if (outside) {
    wasm_ref_delete(outside);
    goto done;
  }
  bool set_outside = wasm_table_set(table, 2, wasm_func_as_ref(dbl));
  printf("  wasm_table_set(slot 2) returns %s\n", set_outside ? "true" : "false");
  if (set_outside) goto done;
  if (!indirect(call_indirect, 5, 2, true, 0)) goto done;

  printf("growing:\n");
  bool grown = wasm_table_grow(table, 3, wasm_func_as_ref(dbl));
  int32_t wasm_size = 0;
  printf("  wasm_table_grow(+3, filled with \"double\") returns %s, size now %u, wasm's table.size -> ",
         grown ? "true" : "false", (unsigned)wasm_table_size(table));
  if (!call_and_print(size_func, 0, 0, 0, &wasm_size) || !grown || wasm_size != 5) goto done;
  if (!indirect(call_indirect, 7, 4, false, 14)) goto done;
  grown = wasm_table_grow(table, 6, NULL);
  printf("  wasm_table_grow(+6) past the maximum returns %s, size still %u\n", grown ? "true" : "false",
         (unsigned)wasm_table_size(table));
  if (grown || wasm_table_size(table) != 5) goto done;
  print_slots(table, named, names, nnamed);

  printf("a table made by the host with wasm_table_new:\n");
  {
    wasm_limits_t own_limits = {3, wasm_limits_max_default};
    wasm_tabletype_t *own_type = wasm_tabletype_new(wasm_valtype_new_funcref(), &own_limits);
    own_table = wasm_table_new(store, own_type, wasm_func_as_ref(negate));
    wasm_tabletype_delete(own_type);
    if (!own_table) {
      fail("wasm_table_new");
      goto done;
    }
    wasm_tabletype_t *t = wasm_table_type(own_table);
    const wasm_limits_t *l = wasm_tabletype_limits(t);
    printf("  min %u, %s, size %u\n", (unsigned)l->min,
           l->max == wasm_limits_max_default ? "no max" : "a max", (unsigned)wasm_table_size(own_table));
    wasm_tabletype_delete(t);
    if (!wasm_table_set(own_table, 0, NULL) || !wasm_table_grow(own_table, 2, wasm_func_as_ref(triple)))
      goto done;
    printf("  after clearing slot 0 and growing by 2 with \"triple\":\n");
    print_slots(own_table, named, names, nnamed);
    wasm_ref_t *ref = wasm_table_get(own_table, 4);
    const wasm_func_t *f = ref ? wasm_ref_as_func_const(ref) : NULL;
    int32_t result = 0;
    printf("  calling slot 4 from the host with 14 -> ");
    int ok = f ? call_and_print(f, 14, 0, 1, &result) : 0;
    if (ref) wasm_ref_delete(ref);
    if (!ok || result != 42) goto done;
  }
  status = 0;

done:
  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&export_types);
  if (own_table) wasm_table_delete(own_table);
  if (triple) wasm_func_delete(triple);
  if (instance) wasm_instance_delete(instance);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
