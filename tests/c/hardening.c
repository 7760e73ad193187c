/* Hardening: pointers the library never made, deleted objects, objects of another kind,
 * huge and garbage vectors, NUL-terminated byte vectors, guests that fault in every way,
 * and the memory grow hook. None of it may crash the process; everything refused leaves a
 * reason in wacapi_last_error. Runs under valgrind (a double delete must not read freed
 * memory) and AddressSanitizer. */
#include "util.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* A buffer that looks nothing like an object; `foreign()` points into its middle. */
static uint64_t junk[32];

static void *foreign(void) {
  for (size_t i = 0; i < 32; i++) junk[i] = 0xA5A5A5A5A5A5A5A5ull;
  return &junk[8];
}

static void check_junk_untouched(void) {
  for (size_t i = 0; i < 32; i++) CHECK(junk[i] == 0xA5A5A5A5A5A5A5A5ull);
}

#define CHECK_REFUSED() CHECK_STR_CONTAINS(last_error(), "is not a live")

static void test_foreign_pointers(void) {
  /* Deleting something the library never made is a no-op with a reason. */
  wasm_config_delete(foreign());
  CHECK_REFUSED();
  wasm_engine_delete(foreign());
  wasm_store_delete(foreign());
  CHECK_STR_CONTAINS(last_error(), "wasm_store_t");
  wasm_module_delete(foreign());
  wasm_func_delete(foreign());
  wasm_global_delete(foreign());
  wasm_table_delete(foreign());
  wasm_memory_delete(foreign());
  wasm_extern_delete(foreign());
  wasm_instance_delete(foreign());
  wasm_trap_delete(foreign());
  wasm_foreign_delete(foreign());
  wasm_ref_delete(foreign());
  wasm_valtype_delete(foreign());
  wasm_functype_delete(foreign());
  wasm_globaltype_delete(foreign());
  wasm_tabletype_delete(foreign());
  wasm_memorytype_delete(foreign());
  wasm_externtype_delete(foreign());
  wasm_importtype_delete(foreign());
  wasm_exporttype_delete(foreign());
  wasm_frame_delete(foreign());
  wasm_shared_module_delete(foreign());
  wacapi_linker_delete(foreign());
  wacapi_wasi_config_delete(foreign());
  check_junk_untouched();

  /* Using one is answered like NULL. */
  CHECK(wasm_store_new(foreign()) == NULL);
  CHECK_REFUSED();
  CHECK(wasm_valtype_kind(foreign()) == 0);
  CHECK(wasm_functype_params(foreign()) == NULL);
  CHECK(wasm_memory_data(foreign()) == NULL);
  CHECK(wasm_memory_data_size(foreign()) == 0);
  CHECK(!wasm_memory_grow(foreign(), 1));
  CHECK(wasm_ref_as_func(foreign()) == NULL);
  CHECK(wasm_extern_as_memory(foreign()) == NULL);
  CHECK(wasm_module_copy(foreign()) == NULL);
  CHECK(!wasm_func_same(foreign(), foreign()));
  CHECK(wasm_func_get_host_info(foreign()) == NULL);
  wasm_func_set_host_info(foreign(), junk);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  CHECK_TRAP_CONTAINS(wasm_func_call(foreign(), &none, &none), "is not a live");
  CHECK(!wacapi_store_set_fuel(foreign(), 1));
  wacapi_store_set_max_memory(foreign(), 1);
  CHECK(!wacapi_wasi_config_set_argv(foreign(), 0, NULL));
  check_junk_untouched();

  /* A zeroed buffer is not an object either. */
  static uint64_t zeros[16];
  wasm_store_delete((wasm_store_t *)&zeros[8]);
  wasm_ref_delete((wasm_ref_t *)&zeros[8]);
  /* A refused config gives an engine with the defaults. */
  wasm_engine_t *engine = wasm_engine_new_with_config((wasm_config_t *)&zeros[8]);
  CHECK(engine != NULL);
  wasm_engine_delete(engine);
  for (size_t i = 0; i < 16; i++) CHECK(zeros[i] == 0);

  /* Misaligned and tiny addresses are refused without being read. */
  wasm_store_delete((wasm_store_t *)((char *)foreign() + 1));
  wasm_store_delete((wasm_store_t *)(uintptr_t)16);
  CHECK(wasm_store_new((wasm_engine_t *)(uintptr_t)0x1000) == NULL);
  check_junk_untouched();
}

static void test_engine_with_foreign_config(void) {
  /* A config that is not one is treated like NULL: the defaults. */
  wasm_engine_t *engine = wasm_engine_new_with_config(foreign());
  CHECK(engine != NULL);
  wasm_store_t *store = wasm_store_new(engine);
  CHECK(store != NULL);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  check_junk_untouched();
}

static void test_double_delete_and_use_after_delete(void) {
  wasm_config_t *config = wasm_config_new();
  wasm_config_delete(config);
  wasm_config_delete(config);
  CHECK_REFUSED();

  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = module_from_wat(
      store, "(module (func (export \"f\") (result i32) (i32.const 7)))");
  wasm_instance_t *instance = instantiate(store, module, NULL, 0);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t *f = wasm_func_copy(export_func(&exports, 0));

  wasm_val_t out[1] = {WASM_INIT_VAL};
  CHECK_NO_TRAP(call(f, NULL, 0, out, 1));
  CHECK_EQ(out[0].of.i32, 7);
  wasm_func_delete(f);
  wasm_func_delete(f); /* no-op */
  CHECK_TRAP_CONTAINS(call(f, NULL, 0, out, 1), "is not a live");
  CHECK(wasm_func_param_arity(f) == 0);

  wasm_valtype_t *vt = wasm_valtype_new(WASM_I64);
  wasm_valtype_delete(vt);
  wasm_valtype_delete(vt);
  CHECK(wasm_valtype_kind(vt) == 0);

  wasm_functype_t *ft = wasm_functype_new_0_0();
  wasm_functype_delete(ft);
  wasm_functype_delete(ft);

  wasm_shared_module_t *shared = wasm_module_share(module);
  wasm_shared_module_delete(shared);
  wasm_shared_module_delete(shared);
  CHECK(wasm_module_obtain(store, shared) == NULL);

  wasm_trap_t *trap = wasm_trap_new(store, &(wasm_message_t)WASM_EMPTY_VEC);
  wasm_trap_delete(trap);
  wasm_trap_delete(trap);

  wacapi_linker_t *linker = wacapi_linker_new(store);
  wacapi_linker_delete(linker);
  wacapi_linker_delete(linker);
  CHECK(wacapi_linker_instantiate(linker, module, NULL) == NULL);

  wacapi_wasi_config_t *wasi = wacapi_wasi_config_new();
  wacapi_wasi_config_delete(wasi);
  wacapi_wasi_config_delete(wasi);
  wacapi_wasi_config_inherit_argv(wasi);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_module_delete(module);
  CHECK(wasm_instance_new(store, module, NULL, NULL) == NULL);
  CHECK_REFUSED();

  wasm_store_delete(store);
  wasm_store_delete(store);
  CHECK(wasm_module_new(store, &(wasm_byte_vec_t)WASM_EMPTY_VEC) == NULL);
  wasm_engine_delete(engine);
  wasm_engine_delete(engine);
  CHECK(wasm_store_new(engine) == NULL);
}

static void test_wrong_kind(void) {
  wasm_engine_t *engine = wasm_engine_new();
  /* An engine is not a store, a config, a valtype or a ref: all no-ops. */
  wasm_store_delete((wasm_store_t *)engine);
  wasm_config_delete((wasm_config_t *)engine);
  wasm_valtype_delete((wasm_valtype_t *)engine);
  wasm_ref_delete((wasm_ref_t *)engine);
  CHECK_STR_CONTAINS(last_error(), "wasm_ref_t");
  wasm_store_t *store = wasm_store_new(engine);
  CHECK(store != NULL);
  /* A store is not an engine. */
  CHECK(wasm_store_new((wasm_engine_t *)store) == NULL);
  /* A valtype is not a function type, and a function type is not a valtype. */
  wasm_valtype_t *vt = wasm_valtype_new(WASM_I32);
  CHECK(wasm_functype_params((wasm_functype_t *)vt) == NULL);
  wasm_functype_t *ft = wasm_functype_new_0_0();
  CHECK(wasm_valtype_kind((wasm_valtype_t *)ft) == 0);
  wasm_functype_delete(ft);
  wasm_valtype_delete(vt);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

static void test_huge_and_garbage_vectors(void) {
  wasm_valtype_t *three[3] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                              wasm_valtype_new_f32()};
  wasm_valtype_vec_t v = {99, NULL};
  /* A size far beyond the data: refused before anything is read. */
  wasm_valtype_vec_new(&v, 1000000000, three);
  CHECK(v.size == 0 && v.data == NULL);
  CHECK_STR_CONTAINS(last_error(), "exceed the vector size limit");
  /* No 8 GB allocation either. */
  wasm_valtype_vec_new_uninitialized(&v, 1000000000);
  CHECK(v.size == 0 && v.data == NULL);
  wasm_byte_vec_t b = {99, NULL};
  wasm_byte_vec_new_uninitialized(&b, ((size_t)1 << 31) + 1);
  CHECK(b.size == 0 && b.data == NULL);
  wasm_byte_vec_new_uninitialized(&b, SIZE_MAX);
  CHECK(b.size == 0 && b.data == NULL);
  wasm_val_vec_t vals = {99, NULL};
  wasm_val_vec_new_uninitialized(&vals, SIZE_MAX / 2);
  CHECK(vals.size == 0 && vals.data == NULL);

  /* The three valtypes still belong to us; a real vector of them works. */
  wasm_valtype_vec_new(&v, 3, three);
  CHECK(v.size == 3);
  wasm_valtype_vec_delete(&v);

  /* A garbage element makes the vector empty; the good ones taken are deleted. */
  wasm_valtype_t *mixed[2] = {wasm_valtype_new_i32(), foreign()};
  wasm_valtype_vec_new(&v, 2, mixed);
  CHECK(v.size == 0 && v.data == NULL);
  CHECK_STR_CONTAINS(last_error(), "element 1 of 2");
  wasm_valtype_delete(mixed[0]); /* already deleted: no-op */
  check_junk_untouched();

  /* Vectors filled in by hand with an absurd size are read as empty, not past their data. */
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  char tiny[8] = "\0asm\1\0\0";
  wasm_byte_vec_t absurd = {(size_t)1 << 40, tiny};
  CHECK(!wasm_module_validate(store, &absurd));
  CHECK(wasm_module_new(store, &absurd) == NULL);
  wasm_module_t *module = module_from_wat(store, "(module (func (export \"f\") (param i32)))");
  wasm_instance_t *instance = instantiate(store, module, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(instance, &ex);
  wasm_val_t one[1] = {WASM_I32_VAL(1)};
  wasm_val_vec_t huge_args = {SIZE_MAX / 4, one};
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  CHECK_TRAP_CONTAINS(wasm_func_call(export_func(&ex, 0), &huge_args, &no_results),
                      "expected 1 arguments, got 0");
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  /* Values with a bad kind or a dead reference are refused too. */
  wasm_val_t bad[1];
  bad[0].kind = 77;
  bad[0].of.i64 = 0;
  wasm_val_vec_new(&vals, 1, bad);
  CHECK(vals.size == 0);
  bad[0].kind = WASM_EXTERNREF;
  bad[0].of.ref = foreign();
  wasm_val_vec_new(&vals, 1, bad);
  CHECK(vals.size == 0);
  check_junk_untouched();
}

static void check_nul_after(const wasm_byte_vec_t *v) {
  CHECK(v->data != NULL);
  CHECK(v->data[v->size] == '\0');
}

static void test_byte_vectors_are_nul_terminated(void) {
  wasm_byte_vec_t b;
  wasm_byte_vec_new(&b, 3, "abc");
  check_nul_after(&b);
  CHECK(strcmp(b.data, "abc") == 0);
  wasm_byte_vec_t c;
  wasm_byte_vec_copy(&c, &b);
  check_nul_after(&c);
  wasm_byte_vec_delete(&c);
  wasm_byte_vec_delete(&b);
  wasm_byte_vec_new_uninitialized(&b, 4);
  check_nul_after(&b);
  wasm_byte_vec_delete(&b);

  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_byte_vec_t wasm;
  wat_to_wasm("(module (import \"env\" \"imported\" (func)) (func (export \"exported\")))",
              &wasm);
  check_nul_after(&wasm);
  wasm_module_t *module = wasm_module_new(store, &wasm);
  wasm_byte_vec_delete(&wasm);
  CHECK(module != NULL);
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  check_nul_after(wasm_importtype_module(imports.data[0]));
  check_nul_after(wasm_importtype_name(imports.data[0]));
  CHECK(strcmp(wasm_importtype_name(imports.data[0])->data, "imported") == 0);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  check_nul_after(wasm_exporttype_name(exports.data[0]));
  CHECK(strcmp(wasm_exporttype_name(exports.data[0])->data, "exported") == 0);
  wasm_byte_vec_t serialized;
  wasm_module_serialize(module, &serialized);
  check_nul_after(&serialized);
  wasm_byte_vec_delete(&serialized);
  wasm_name_t name;
  wasm_name_new_from_string(&name, "hello");
  wasm_importtype_t *it = wasm_importtype_new(&name, &(wasm_name_t)WASM_EMPTY_VEC,
                                              wasm_functype_as_externtype(wasm_functype_new_0_0()));
  CHECK(strcmp(wasm_importtype_module(it)->data, "hello") == 0);
  wasm_importtype_delete(it);
  wasm_exporttype_vec_delete(&exports);
  wasm_importtype_vec_delete(&imports);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

static void test_dead_objects_inside_calls(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = module_from_wat(
      store,
      "(module (import \"env\" \"g\" (global i32))"
      " (func (export \"id\") (param externref) (result externref) local.get 0))");
  /* A deleted import is refused by name, not dereferenced. */
  wasm_valtype_t *i32 = wasm_valtype_new_i32();
  wasm_globaltype_t *gt = wasm_globaltype_new(i32, WASM_CONST);
  wasm_val_t init = WASM_I32_VAL(1);
  wasm_global_t *g = wasm_global_new(store, gt, &init);
  wasm_globaltype_delete(gt);
  wasm_extern_t *dead = wasm_global_as_extern(g);
  wasm_global_delete(g);
  wasm_extern_t *imports[1] = {dead};
  wasm_extern_vec_t import_vec = {1, imports};
  wasm_trap_t *trap = NULL;
  CHECK(wasm_instance_new(store, module, &import_vec, &trap) == NULL);
  CHECK(trap == NULL);
  CHECK_STR_CONTAINS(last_error(), "not a live wasm_extern_t");

  /* A foreign reference as an argument is a trap, not a crash. */
  g = wasm_global_new(store, gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST), &init);
  wasm_globaltype_delete(gt);
  imports[0] = wasm_global_as_extern(g);
  wasm_instance_t *instance = instantiate(store, module, imports, 1);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t args[1];
  args[0].kind = WASM_EXTERNREF;
  args[0].of.ref = foreign();
  wasm_val_t res[1] = {WASM_INIT_VAL};
  CHECK_TRAP_CONTAINS(call(export_func(&exports, 0), args, 1, res, 1), "not a live wasm_ref_t");
  check_junk_untouched();
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(g);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* A host callback that hands back a pointer that is not a trap. */
static wasm_trap_t *bogus_trap_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  return foreign();
}

static void test_callback_returning_garbage(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_functype_t *ft = wasm_functype_new_0_0();
  wasm_func_t *f = wasm_func_new(store, ft, bogus_trap_cb);
  wasm_functype_delete(ft);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t *trap = wasm_func_call(f, &none, &none);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  check_junk_untouched();
  wasm_func_delete(f);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* Guests that fault: every trap leaves the store usable. */
static const char *const FAULTS_WAT =
    "(module\n"
    "  (type $v (func))\n"
    "  (type $i (func (result i32)))\n"
    "  (memory 1 4)\n"
    "  (table 2 funcref)\n"
    "  (elem (i32.const 0) $ok)\n"
    "  (func $ok (result i32) (i32.const 42))\n"
    "  (func (export \"ok\") (result i32) (call $ok))\n"
    "  (func $rec (export \"recurse\") (call $rec))\n"
    "  (func (export \"unreachable\") unreachable)\n"
    "  (func (export \"div0\") (drop (i32.div_s (i32.const 1) (i32.const 0))))\n"
    "  (func (export \"overflow\") (drop (i32.div_s (i32.const 0x80000000) (i32.const -1))))\n"
    "  (func (export \"convert\") (drop (i32.trunc_f32_s (f32.const nan))))\n"
    "  (func (export \"oob\") (drop (i32.load (i32.const 0x7fffffff))))\n"
    "  (func (export \"table_oob\") (drop (call_indirect (type $i) (i32.const 9))))\n"
    "  (func (export \"uninit\") (drop (call_indirect (type $i) (i32.const 1))))\n"
    "  (func (export \"sig\") (call_indirect (type $v) (i32.const 0)))\n"
    "  (func (export \"grow_all\") (result i32)\n"
    "    (block (loop (br_if 1 (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br 0)))\n"
    "    (memory.size)))";

static void test_guest_faults(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = module_from_wat(store, FAULTS_WAT);
  wasm_instance_t *instance = instantiate(store, module, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(instance, &ex);
  /* exports in declaration order: ok recurse unreachable div0 overflow convert oob
   * table_oob uninit sig grow_all */
  const char *expect[][2] = {
      {"recurse", "call stack exhausted"},
      {"unreachable", "unreachable"},
      {"div0", "divide by zero"},
      {"overflow", "overflow"},
      {"convert", "conversion"},
      {"oob", "out of bounds"},
      {"table_oob", "out of bounds"},
      {"uninit", "uninitialized"},
      {"sig", "indirect call type mismatch"},
  };
  wasm_val_t res[1] = {WASM_INIT_VAL};
  for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
    wasm_trap_t *trap = call(export_func(&ex, i + 1), NULL, 0, res, 1);
    if (trap == NULL) {
      fprintf(stderr, "%s did not trap\n", expect[i][0]);
      exit(1);
    }
    char text[512];
    trap_text(trap, text, sizeof text);
    if (strstr(text, expect[i][1]) == NULL) {
      fprintf(stderr, "%s: trap \"%s\" lacks \"%s\"\n", expect[i][0], text, expect[i][1]);
      exit(1);
    }
    wasm_trap_delete(trap);
    /* Healthy afterwards. */
    CHECK_NO_TRAP(call(export_func(&ex, 0), NULL, 0, res, 1));
    CHECK_EQ(res[0].of.i32, 42);
  }
  /* Allocating without end stops at the maximum: memory.grow gives -1, no crash. */
  CHECK_NO_TRAP(call(export_func(&ex, 10), NULL, 0, res, 1));
  CHECK_EQ(res[0].of.i32, 4);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* The grow hook: says no while `pinned` is set, and records what it was asked. */
typedef struct {
  bool pinned;
  int calls;
  size_t current, desired;
} hook_state_t;

static bool grow_hook(void *env, size_t current, size_t desired) {
  hook_state_t *s = env;
  s->calls++;
  s->current = current;
  s->desired = desired;
  return !s->pinned;
}

static void test_grow_hook(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  hook_state_t state = {true, 0, 0, 0};
  wacapi_store_set_memory_grow_hook(store, grow_hook, &state);
  wasm_module_t *module = module_from_wat(
      store,
      "(module (memory (export \"m\") 1)"
      " (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))");
  /* The hook is asked for the initial size too; pinned means no memory at all. */
  wasm_trap_t *trap = NULL;
  CHECK(wasm_instance_new(store, module, NULL, &trap) == NULL);
  CHECK(state.calls == 1 && state.current == 0 && state.desired == 65536);
  if (trap) wasm_trap_delete(trap);
  state.pinned = false;
  wasm_instance_t *instance = instantiate(store, module, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(instance, &ex);
  wasm_memory_t *m = export_memory(&ex, 0);
  state.pinned = true;
  int32_t one = 1;
  CHECK_EQ(call_i32(export_func(&ex, 1), &one, 1), -1);
  CHECK(state.current == 65536 && state.desired == 131072);
  CHECK(!wasm_memory_grow(m, 1));
  CHECK_EQ(wasm_memory_size(m), 1);
  state.pinned = false;
  CHECK_EQ(call_i32(export_func(&ex, 1), &one, 1), 1);
  CHECK(wasm_memory_grow(m, 1));
  CHECK_EQ(wasm_memory_size(m), 3);
  /* Removed: growth is no longer asked about. */
  int before = state.calls;
  state.pinned = true;
  wacapi_store_set_memory_grow_hook(store, NULL, NULL);
  CHECK(wasm_memory_grow(m, 1));
  CHECK(state.calls == before);
  /* Together with the memory cap, both must agree. */
  wacapi_store_set_memory_grow_hook(store, grow_hook, &state);
  state.pinned = false;
  wacapi_store_set_max_memory(store, 5 * 65536);
  CHECK(wasm_memory_grow(m, 1));
  CHECK(!wasm_memory_grow(m, 1));
  /* NULL store: ignored, with a reason. */
  wacapi_store_set_memory_grow_hook(NULL, grow_hook, &state);
  CHECK_STR_CONTAINS(last_error(), "store is NULL");
  wacapi_store_set_memory_grow_hook(foreign(), grow_hook, &state);
  CHECK_REFUSED();
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* Host calls that re-enter wasm without end: a trap, not a native stack overflow. */
static const wasm_func_t *reenter_export;

static wasm_trap_t *reenter_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  int32_t n = args->data[0].of.i32;
  if (n == 0) {
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = 0;
    return NULL;
  }
  wasm_val_t a[1] = {WASM_I32_VAL(n - 1)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_trap_t *trap = call(reenter_export, a, 1, r, 1);
  if (trap) return trap;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = r[0].of.i32 + 1;
  return NULL;
}

static void *reentry_run(void *arg) {
  (void)arg;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = module_from_wat(
      store,
      "(module (import \"env\" \"h\" (func $h (param i32) (result i32)))"
      " (func (export \"f\") (param i32) (result i32) (call $h (local.get 0))))");
  wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *h = wasm_func_new(store, ft, reenter_cb);
  wasm_functype_delete(ft);
  wasm_extern_t *imports[1] = {wasm_func_as_extern(h)};
  wasm_instance_t *instance = instantiate(store, module, imports, 1);
  wasm_extern_vec_t ex;
  wasm_instance_exports(instance, &ex);
  reenter_export = export_func(&ex, 0);
  /* A modest depth works... */
  int32_t n = 50;
  CHECK_EQ(call_i32(reenter_export, &n, 1), 50);
  /* ...a million levels end in a trap, and the store is fine afterwards. */
  wasm_val_t a[1] = {WASM_I32_VAL(1000000)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  CHECK_TRAP_CONTAINS(call(reenter_export, a, 1, r, 1), "call stack exhausted");
  CHECK_EQ(call_i32(reenter_export, &n, 1), 50);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(instance);
  wasm_func_delete(h);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return NULL;
}

static void test_deep_host_reentry(void) {
  reentry_run(NULL);
  /* The same on a thread with a small (1 MiB) stack. */
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1 << 20);
  pthread_t thread;
  CHECK(pthread_create(&thread, &attr, reentry_run, NULL) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  pthread_attr_destroy(&attr);
}

#if !defined(__SANITIZE_ADDRESS__)
/* The virtual size of this process, from /proc/self/status (0 if unknown). */
static size_t vm_size(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  size_t kb = 0;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "VmSize: %zu kB", &kb) == 1) break;
  fclose(f);
  return kb * 1024;
}
#endif

/* A failed allocation, injected with an address-space limit in a child process: an empty
 * vector and a reason, never an abort, and the process goes on working. */
static void test_failed_allocation(void) {
#if defined(__SANITIZE_ADDRESS__)
  puts("failed allocation: skipped under AddressSanitizer (it needs its address space)");
#else
  fflush(stdout);
  pid_t child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    size_t now = vm_size();
    struct rlimit lim = {now + ((size_t)256 << 20), RLIM_INFINITY};
    if (now == 0 || setrlimit(RLIMIT_AS, &lim) != 0) _exit(3);
    wasm_byte_vec_t big = {7, NULL};
    wasm_byte_vec_new_uninitialized(&big, (size_t)1 << 30); /* 1 GiB: under the cap */
    if (big.size != 0 || big.data != NULL) _exit(4);
    if (strstr(last_error(), "out of memory") == NULL) _exit(5);
    wasm_valtype_vec_t types = {7, NULL};
    wasm_valtype_vec_new_uninitialized(&types, (size_t)200 << 20); /* 1.6 GB of pointers */
    if (types.size != 0) _exit(6);
    wasm_byte_vec_t small;
    wasm_byte_vec_new_uninitialized(&small, 64);
    if (small.size != 64) _exit(7);
    wasm_byte_vec_delete(&small);
    _exit(0);
  }
  int status = 0;
  CHECK(waitpid(child, &status, 0) == child);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "failed-allocation child: %s %d\n",
            WIFEXITED(status) ? "exit" : "signal",
            WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    exit(1);
  }
#endif
}

int main(void) {
  test_foreign_pointers();
  test_engine_with_foreign_config();
  test_double_delete_and_use_after_delete();
  test_wrong_kind();
  test_huge_and_garbage_vectors();
  test_byte_vectors_are_nul_terminated();
  test_dead_objects_inside_calls();
  test_callback_returning_garbage();
  test_guest_faults();
  test_grow_hook();
  test_deep_host_reentry();
  test_failed_allocation();
  test_ok();
  return 0;
}
