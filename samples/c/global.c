/* global.c - globals of every number type, made by the host or by wasm.
 *
 * The host makes four globals (const i32, var i64, const f32, var f64) and
 * passes them as imports; the module exports four of its own (var i32,
 * const i64, var f32, const f64) and a getter "get_<name>" for each global
 * plus a setter "set_<name>" for each mutable one. Values are changed from
 * the host with wasm_global_set and from wasm with global.set, and each side
 * sees the other's changes. Setting a const global, or setting a value of the
 * wrong type, is refused and leaves the value alone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT =
    "(module\n"
    "  (global $const_i32 (import \"host\" \"const_i32\") i32)\n"
    "  (global $var_i64 (import \"host\" \"var_i64\") (mut i64))\n"
    "  (global $const_f32 (import \"host\" \"const_f32\") f32)\n"
    "  (global $var_f64 (import \"host\" \"var_f64\") (mut f64))\n"
    "  (global $var_i32 (export \"var_i32\") (mut i32) (i32.const 10))\n"
    "  (global $const_i64 (export \"const_i64\") i64 (i64.const 20))\n"
    "  (global $var_f32 (export \"var_f32\") (mut f32) (f32.const 30.5))\n"
    "  (global $const_f64 (export \"const_f64\") f64 (f64.const 40.125))\n"
    "  (func (export \"get_const_i32\") (result i32) (global.get $const_i32))\n"
    "  (func (export \"get_var_i64\") (result i64) (global.get $var_i64))\n"
    "  (func (export \"get_const_f32\") (result f32) (global.get $const_f32))\n"
    "  (func (export \"get_var_f64\") (result f64) (global.get $var_f64))\n"
    "  (func (export \"get_var_i32\") (result i32) (global.get $var_i32))\n"
    "  (func (export \"get_const_i64\") (result i64) (global.get $const_i64))\n"
    "  (func (export \"get_var_f32\") (result f32) (global.get $var_f32))\n"
    "  (func (export \"get_const_f64\") (result f64) (global.get $const_f64))\n"
    "  (func (export \"set_var_i64\") (param i64) (global.set $var_i64 (local.get 0)))\n"
    "  (func (export \"set_var_f64\") (param f64) (global.set $var_f64 (local.get 0)))\n"
    "  (func (export \"set_var_i32\") (param i32) (global.set $var_i32 (local.get 0)))\n"
    "  (func (export \"set_var_f32\") (param f32) (global.set $var_f32 (local.get 0))))\n";

typedef struct {
  const char *name;
  wasm_global_t *global;
  const wasm_func_t *get;
  const wasm_func_t *set;
} entry_t;

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

/* Finds an export by name; exports come in the module's declaration order. */
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

static void print_val(const wasm_val_t *v) {
  switch (v->kind) {
  case WASM_I32: printf("i32 %d", (int)v->of.i32); break;
  case WASM_I64: printf("i64 %" PRId64, v->of.i64); break;
  case WASM_F32: printf("f32 %g", (double)v->of.f32); break;
  case WASM_F64: printf("f64 %g", v->of.f64); break;
  default: printf("kind %d", (int)v->kind); break;
  }
}

static bool same_val(const wasm_val_t *a, const wasm_val_t *b) {
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case WASM_I32: return a->of.i32 == b->of.i32;
  case WASM_I64: return a->of.i64 == b->of.i64;
  case WASM_F32: return a->of.f32 == b->of.f32;
  case WASM_F64: return a->of.f64 == b->of.f64;
  default: return false;
  }
}

/* Reads the global through its wasm getter. */
static bool wasm_get(const entry_t *e, wasm_val_t *out) {
  wasm_val_vec_t args = WASM_EMPTY_VEC;
  wasm_val_vec_t results = {1, out};
  wasm_trap_t *trap = wasm_func_call(e->get, &args, &results);
  if (trap) wasm_trap_delete(trap);
  return trap == NULL;
}

/* Writes the global through its wasm setter. */
static bool wasm_set(const entry_t *e, const wasm_val_t *value) {
  wasm_val_t arg = *value;
  wasm_val_vec_t args = {1, &arg};
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  wasm_trap_t *trap = wasm_func_call(e->set, &args, &results);
  if (trap) wasm_trap_delete(trap);
  return trap == NULL;
}

/* Prints a global as the host and wasm see it; false if they disagree. */
static bool show(const entry_t *e) {
  wasm_globaltype_t *type = wasm_global_type(e->global);
  bool var = wasm_globaltype_mutability(type) == WASM_VAR;
  wasm_globaltype_delete(type);
  wasm_val_t host_view, wasm_view;
  wasm_global_get(e->global, &host_view);
  if (!wasm_get(e, &wasm_view)) return false;
  printf("  %-9s %-5s = ", e->name, var ? "var" : "const");
  print_val(&host_view);
  printf("\n");
  if (!same_val(&host_view, &wasm_view)) {
    fprintf(stderr, "error: wasm sees a different value\n");
    return false;
  }
  return true;
}

static wasm_global_t *new_global(wasm_store_t *store, wasm_valkind_t kind, wasm_mutability_t mut,
                                 wasm_val_t value) {
  wasm_globaltype_t *type = wasm_globaltype_new(wasm_valtype_new(kind), mut);
  wasm_global_t *global = wasm_global_new(store, type, &value);
  wasm_globaltype_delete(type);
  return global;
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = NULL;
  wasm_global_t *host_globals[4] = {NULL, NULL, NULL, NULL};
  wasm_instance_t *instance = NULL;
  wasm_exporttype_vec_t export_types = WASM_EMPTY_VEC;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  entry_t entries[8] = {
      {"const_i32", NULL, NULL, NULL}, {"var_i64", NULL, NULL, NULL},
      {"const_f32", NULL, NULL, NULL}, {"var_f64", NULL, NULL, NULL},
      {"var_i32", NULL, NULL, NULL},   {"const_i64", NULL, NULL, NULL},
      {"var_f32", NULL, NULL, NULL},   {"const_f64", NULL, NULL, NULL},
  };

  module = compile_wat(store, WAT);
  if (!module) goto done;

  host_globals[0] = new_global(store, WASM_I32, WASM_CONST, (wasm_val_t)WASM_I32_VAL(1));
  host_globals[1] = new_global(store, WASM_I64, WASM_VAR, (wasm_val_t)WASM_I64_VAL(2));
  host_globals[2] = new_global(store, WASM_F32, WASM_CONST, (wasm_val_t)WASM_F32_VAL(3.5f));
  host_globals[3] = new_global(store, WASM_F64, WASM_VAR, (wasm_val_t)WASM_F64_VAL(4.25));
  for (int i = 0; i < 4; i++) {
    if (!host_globals[i]) {
      fail("wasm_global_new");
      goto done;
    }
  }

  wasm_extern_t *import_list[4];
  for (int i = 0; i < 4; i++) import_list[i] = wasm_global_as_extern(host_globals[i]);
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    fail("wasm_instance_new");
    goto done;
  }
  wasm_module_exports(module, &export_types);
  wasm_instance_exports(instance, &exports);

  for (int i = 0; i < 8; i++) {
    char fname[32];
    entry_t *e = &entries[i];
    if (i < 4) {
      e->global = host_globals[i];
    } else {
      wasm_extern_t *ext = find_export(&export_types, &exports, e->name);
      e->global = ext ? wasm_extern_as_global(ext) : NULL;
      if (!e->global) goto done;
    }
    snprintf(fname, sizeof fname, "get_%s", e->name);
    wasm_extern_t *getter = find_export(&export_types, &exports, fname);
    if (!getter || !(e->get = wasm_extern_as_func(getter))) goto done;
    if (strncmp(e->name, "var", 3) == 0) {
      snprintf(fname, sizeof fname, "set_%s", e->name);
      wasm_extern_t *setter = find_export(&export_types, &exports, fname);
      if (!setter || !(e->set = wasm_extern_as_func(setter))) goto done;
    }
  }

  printf("initial values (imports made by the host, then the module's exports):\n");
  for (int i = 0; i < 8; i++)
    if (!show(&entries[i])) goto done;

  printf("the host sets every var global with wasm_global_set:\n");
  {
    const wasm_val_t values[8] = {
        [1] = WASM_I64_VAL(-200), [3] = WASM_F64_VAL(0.5),
        [4] = WASM_I32_VAL(-1000), [6] = WASM_F32_VAL(1.25f),
    };
    for (int i = 0; i < 8; i++) {
      if (!entries[i].set) continue;
      wasm_global_set(entries[i].global, &values[i]);
      wasm_val_t seen;
      if (!wasm_get(&entries[i], &seen) || !same_val(&seen, &values[i])) {
        fprintf(stderr, "error: wasm does not see the new value of %s\n", entries[i].name);
        goto done;
      }
      if (!show(&entries[i])) goto done;
    }
  }

  printf("wasm sets every var global with global.set:\n");
  {
    const wasm_val_t values[8] = {
        [1] = WASM_I64_VAL(INT64_C(1) << 40), [3] = WASM_F64_VAL(-8.0),
        [4] = WASM_I32_VAL(77), [6] = WASM_F32_VAL(-0.75f),
    };
    for (int i = 0; i < 8; i++) {
      if (!entries[i].set) continue;
      if (!wasm_set(&entries[i], &values[i])) goto done;
      wasm_val_t seen;
      wasm_global_get(entries[i].global, &seen);
      if (!same_val(&seen, &values[i])) {
        fprintf(stderr, "error: the host does not see the new value of %s\n", entries[i].name);
        goto done;
      }
      if (!show(&entries[i])) goto done;
    }
  }

  printf("refused changes:\n");
  {
    static const struct {
      int entry;
      wasm_val_t value;
      const char *what;
    } attempts[] = {
        {0, WASM_I32_VAL(99), "set host-made const_i32 to 99"},
        {5, WASM_I64_VAL(99), "set exported const_i64 to 99"},
        {4, WASM_I64_VAL(99), "set var_i32 to an i64"},
    };
    for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
      const entry_t *e = &entries[attempts[i].entry];
      wasm_val_t before, after;
      wasm_global_get(e->global, &before);
      wasm_global_set(e->global, &attempts[i].value);
      wasm_global_get(e->global, &after);
      printf("  %s: refused: %s\n", attempts[i].what, wacapi_last_error());
      if (!same_val(&before, &after)) {
        fprintf(stderr, "error: the value changed\n");
        goto done;
      }
      if (!show(e)) goto done;
    }
  }
  status = 0;

done:
  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&export_types);
  if (instance) wasm_instance_delete(instance);
  for (int i = 0; i < 4; i++)
    if (host_globals[i]) wasm_global_delete(host_globals[i]);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
