/* reflect.c - looking at a module's imports and exports and their types.
 *
 * The module imports one of each kind of external and exports one of each
 * kind (plus a few more). wacapi lists imports and exports in declaration
 * order, which is not alphabetical here. After printing the module's view,
 * the sample instantiates it with host-made imports and checks that the
 * instance's exports have the same types.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT =
    "(module\n"
    "  (import \"env\" \"log\" (func $log (param i32 i64) (result f32)))\n"
    "  (import \"env\" \"counter\" (global $counter (mut i64)))\n"
    "  (import \"env\" \"callbacks\" (table 2 10 funcref))\n"
    "  (import \"env\" \"memory\" (memory 1))\n"
    "  (func (export \"zeta\") (param i32 f64 f32) (result i32 i64) (unreachable))\n"
    "  (global (export \"pi\") f64 (f64.const 3.14159))\n"
    "  (global (export \"handle\") (mut externref) (ref.null extern))\n"
    "  (table (export \"objects\") 0 50 externref)\n"
    "  (export \"memory\" (memory 0))\n"
    "  (export \"alpha\" (func $log))\n"
    "  (func (export \"pick\") (param externref funcref) (result externref) (local.get 0)))\n";

/* A small text buffer, so types can be both printed and compared. */
typedef struct {
  char text[256];
  size_t len;
} buf_t;

static void put(buf_t *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(b->text + b->len, sizeof b->text - b->len, fmt, ap);
  va_end(ap);
  if (n > 0) {
    b->len += (size_t)n;
    if (b->len >= sizeof b->text) b->len = sizeof b->text - 1;
  }
}

static const char *valkind_name(wasm_valkind_t kind) {
  switch (kind) {
  case WASM_I32: return "i32";
  case WASM_I64: return "i64";
  case WASM_F32: return "f32";
  case WASM_F64: return "f64";
  case WASM_EXTERNREF: return "externref";
  case WASM_FUNCREF: return "funcref";
  default: return "?";
  }
}

static void put_valtypes(buf_t *b, const wasm_valtype_vec_t *types) {
  put(b, "(");
  for (size_t i = 0; i < types->size; i++)
    put(b, "%s%s", i ? ", " : "", valkind_name(wasm_valtype_kind(types->data[i])));
  put(b, ")");
}

static void put_limits(buf_t *b, const wasm_limits_t *limits) {
  put(b, "min %u, ", (unsigned)limits->min);
  if (limits->max == wasm_limits_max_default)
    put(b, "no max");
  else
    put(b, "max %u", (unsigned)limits->max);
}

static void put_externtype(buf_t *b, const wasm_externtype_t *type) {
  switch (wasm_externtype_kind(type)) {
  case WASM_EXTERN_FUNC: {
    const wasm_functype_t *f = wasm_externtype_as_functype_const(type);
    put(b, "func ");
    put_valtypes(b, wasm_functype_params(f));
    put(b, " -> ");
    put_valtypes(b, wasm_functype_results(f));
    break;
  }
  case WASM_EXTERN_GLOBAL: {
    const wasm_globaltype_t *g = wasm_externtype_as_globaltype_const(type);
    put(b, "global %s %s", wasm_globaltype_mutability(g) == WASM_VAR ? "var" : "const",
        valkind_name(wasm_valtype_kind(wasm_globaltype_content(g))));
    break;
  }
  case WASM_EXTERN_TABLE: {
    const wasm_tabletype_t *t = wasm_externtype_as_tabletype_const(type);
    put(b, "table %s, ", valkind_name(wasm_valtype_kind(wasm_tabletype_element(t))));
    put_limits(b, wasm_tabletype_limits(t));
    break;
  }
  case WASM_EXTERN_MEMORY: {
    const wasm_memorytype_t *m = wasm_externtype_as_memorytype_const(type);
    put(b, "memory, ");
    put_limits(b, wasm_memorytype_limits(m));
    break;
  }
  default: put(b, "unknown extern kind"); break;
  }
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

static wasm_trap_t *log_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  results->data[0].kind = WASM_F32;
  results->data[0].of.f32 = 0.0f;
  return NULL;
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = NULL;
  wasm_importtype_vec_t import_types = WASM_EMPTY_VEC;
  wasm_exporttype_vec_t export_types = WASM_EMPTY_VEC;
  wasm_func_t *log_func = NULL;
  wasm_global_t *counter = NULL;
  wasm_table_t *callbacks = NULL;
  wasm_memory_t *memory = NULL;
  wasm_instance_t *instance = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;

  module = compile_wat(store, WAT);
  if (!module) goto done;

  wasm_module_imports(module, &import_types);
  printf("%zu imports:\n", import_types.size);
  for (size_t i = 0; i < import_types.size; i++) {
    const wasm_name_t *mod = wasm_importtype_module(import_types.data[i]);
    const wasm_name_t *name = wasm_importtype_name(import_types.data[i]);
    buf_t type = {{0}, 0};
    put_externtype(&type, wasm_importtype_type(import_types.data[i]));
    printf("  %zu: \"%.*s\" \"%.*s\": %s\n", i, (int)mod->size, mod->data, (int)name->size,
           name->data, type.text);
  }

  wasm_module_exports(module, &export_types);
  printf("%zu exports:\n", export_types.size);
  for (size_t i = 0; i < export_types.size; i++) {
    const wasm_name_t *name = wasm_exporttype_name(export_types.data[i]);
    buf_t type = {{0}, 0};
    put_externtype(&type, wasm_exporttype_type(export_types.data[i]));
    printf("  %zu: \"%.*s\": %s\n", i, (int)name->size, name->data, type.text);
  }

  /* Host-made imports, in the order the module declares them. */
  wasm_functype_t *log_type =
      wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32());
  log_func = wasm_func_new(store, log_type, log_cb);
  wasm_functype_delete(log_type);

  wasm_globaltype_t *counter_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t zero = WASM_I64_VAL(0);
  counter = wasm_global_new(store, counter_type, &zero);
  wasm_globaltype_delete(counter_type);

  wasm_limits_t table_limits = {2, 10};
  wasm_tabletype_t *table_type = wasm_tabletype_new(wasm_valtype_new_funcref(), &table_limits);
  callbacks = wasm_table_new(store, table_type, NULL);
  wasm_tabletype_delete(table_type);

  wasm_limits_t memory_limits = {1, wasm_limits_max_default};
  wasm_memorytype_t *memory_type = wasm_memorytype_new(&memory_limits);
  memory = wasm_memory_new(store, memory_type);
  wasm_memorytype_delete(memory_type);

  if (!log_func || !counter || !callbacks || !memory) {
    fail("creating the imports");
    goto done;
  }

  wasm_extern_t *import_list[] = {wasm_func_as_extern(log_func), wasm_global_as_extern(counter),
                                  wasm_table_as_extern(callbacks), wasm_memory_as_extern(memory)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    fail("wasm_instance_new");
    goto done;
  }

  wasm_instance_exports(instance, &exports);
  if (exports.size != export_types.size) {
    fprintf(stderr, "error: the instance has %zu exports\n", exports.size);
    goto done;
  }
  for (size_t i = 0; i < exports.size; i++) {
    buf_t declared = {{0}, 0}, actual = {{0}, 0};
    put_externtype(&declared, wasm_exporttype_type(export_types.data[i]));
    wasm_externtype_t *type = wasm_extern_type(exports.data[i]);
    put_externtype(&actual, type);
    wasm_externtype_delete(type);
    if (strcmp(declared.text, actual.text) != 0) {
      fprintf(stderr, "error: export %zu has type %s\n", i, actual.text);
      goto done;
    }
  }
  printf("the instance's %zu exports have the declared types\n", exports.size);
  status = 0;

done:
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (log_func) wasm_func_delete(log_func);
  if (counter) wasm_global_delete(counter);
  if (callbacks) wasm_table_delete(callbacks);
  if (memory) wasm_memory_delete(memory);
  wasm_importtype_vec_delete(&import_types);
  wasm_exporttype_vec_delete(&export_types);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
