/* wacapi_linker_t: imports resolved by (module, name): host functions, globals, memories,
 * exports of other instances; errors that name the missing or mistyped import; shadowing;
 * start traps handed out; NULL safety; objects outliving the linker. */
#include "util.h"
#include "../guests/host.h"

static wasm_engine_t* engine;
static int host_calls;

static wasm_trap_t* host_add(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  host_calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  return NULL;
}

static wasm_func_t* make_add(wasm_store_t* store) {
  wasm_valkind_t p[2] = {WASM_I32, WASM_I32}, r[1] = {WASM_I32};
  wasm_functype_t* ty = functype_of(2, p, 1, r);
  wasm_func_t* f = wasm_func_new(store, ty, host_add);
  wasm_functype_delete(ty);
  CHECK(f != NULL);
  return f;
}

static bool define(wacapi_linker_t* linker, const char* module, const char* name,
                   const wasm_extern_t* item) {
  wasm_name_t m = name_of(module), n = name_of(name);
  return wacapi_linker_define(linker, &m, &n, item);
}

/* Imports in an order unlike the definitions', mixing kinds, found by name. */
static void test_resolves_by_name(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  wasm_func_t* add = make_add(store);
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new(WASM_I32), WASM_CONST);
  wasm_val_t forty = WASM_I32_VAL(40);
  wasm_global_t* global = wasm_global_new(store, gt, &forty);
  wasm_globaltype_delete(gt);
  wasm_limits_t limits = {1, 2};
  wasm_memorytype_t* mt = wasm_memorytype_new(&limits);
  wasm_memory_t* memory = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);

  CHECK(define(linker, "host", "add", wasm_func_as_extern(add)));
  CHECK(define(linker, "host", "forty", wasm_global_as_extern(global)));
  CHECK(define(linker, "env", "memory", wasm_memory_as_extern(memory)));

  wasm_module_t* module = module_from_wat(
      store,
      "(module\n"
      "  (import \"env\" \"memory\" (memory 1))\n"
      "  (import \"host\" \"forty\" (global $g i32))\n"
      "  (import \"host\" \"add\" (func $add (param i32 i32) (result i32)))\n"
      "  (func (export \"run\") (result i32)\n"
      "    (i32.store (i32.const 0) (i32.const 2))\n"
      "    (call $add (global.get $g) (i32.load (i32.const 0)))))");
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wacapi_linker_instantiate(linker, module, &trap);
  CHECK(trap == NULL);
  CHECK(instance != NULL);
  /* The linker may go first; the instance and its imports live on. */
  wacapi_linker_delete(linker);
  wasm_extern_t* run = instance_export(module, instance, "run");
  CHECK_EQ(call_i32(wasm_extern_as_func(run), NULL, 0), 42);
  CHECK_EQ(host_calls, 1);
  CHECK_EQ(wasm_memory_data(memory)[0], 2);

  wasm_extern_delete(run);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_memory_delete(memory);
  wasm_global_delete(global);
  wasm_func_delete(add);
  wasm_store_delete(store);
}

/* One module's exports become another's imports. */
static void test_define_instance(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  wasm_module_t* lib = module_from_wat(
      store,
      "(module\n"
      "  (memory (export \"mem\") 1)\n"
      "  (global (export \"base\") i32 (i32.const 100))\n"
      "  (func (export \"double\") (param i32) (result i32)\n"
      "    (i32.mul (local.get 0) (i32.const 2))))");
  wasm_instance_t* lib_instance = wacapi_linker_instantiate(linker, lib, NULL);
  CHECK(lib_instance != NULL);
  wasm_name_t libname = name_of("lib");
  CHECK(wacapi_linker_define_instance(linker, &libname, lib_instance));
  /* All or nothing: the second time every name is taken. */
  CHECK(!wacapi_linker_define_instance(linker, &libname, lib_instance));
  CHECK_STR_CONTAINS(last_error(), "already defined");

  wasm_module_t* app = module_from_wat(
      store,
      "(module\n"
      "  (import \"lib\" \"double\" (func $double (param i32) (result i32)))\n"
      "  (import \"lib\" \"base\" (global $base i32))\n"
      "  (import \"lib\" \"mem\" (memory 1))\n"
      "  (func (export \"run\") (result i32)\n"
      "    (i32.store (i32.const 4) (i32.const 5))\n"
      "    (i32.add (global.get $base) (call $double (i32.load (i32.const 4))))))");
  wasm_instance_t* app_instance = wacapi_linker_instantiate(linker, app, NULL);
  CHECK(app_instance != NULL);
  wasm_extern_t* run = instance_export(app, app_instance, "run");
  CHECK_EQ(call_i32(wasm_extern_as_func(run), NULL, 0), 110);

  /* wacapi_linker_get hands out the definition as a new extern of the same entity. */
  wasm_name_t mem_name = name_of("mem");
  wasm_extern_t* mem = wacapi_linker_get(linker, &libname, &mem_name);
  CHECK(mem != NULL);
  CHECK_EQ(wasm_extern_kind(mem), WASM_EXTERN_MEMORY);
  CHECK_EQ(wasm_memory_data(wasm_extern_as_memory(mem))[4], 5);
  wasm_extern_t* lib_mem = instance_export(lib, lib_instance, "mem");
  CHECK(wasm_extern_same(mem, lib_mem));

  wasm_extern_delete(lib_mem);
  wasm_extern_delete(mem);
  wasm_extern_delete(run);
  wasm_instance_delete(app_instance);
  wasm_module_delete(app);
  wasm_instance_delete(lib_instance);
  wasm_module_delete(lib);
  wacapi_linker_delete(linker);
  wasm_store_delete(store);
}

/* Missing and mistyped imports are named with their types. */
static void test_link_errors(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  wasm_func_t* add = make_add(store);
  CHECK(define(linker, "host", "add", wasm_func_as_extern(add)));

  wasm_module_t* missing = module_from_wat(
      store,
      "(module\n"
      "  (import \"host\" \"add\" (func (param i32 i32) (result i32)))\n"
      "  (import \"host\" \"sub\" (func (param i64) (result f32))))");
  wasm_trap_t* trap = (wasm_trap_t*)1;
  CHECK(wacapi_linker_instantiate(linker, missing, &trap) == NULL);
  CHECK(trap == NULL);
  const char* e = last_error();
  CHECK_STR_CONTAINS(e, "wacapi_linker_instantiate");
  CHECK_STR_CONTAINS(e, "\"host\".\"sub\"");
  CHECK_STR_CONTAINS(e, "func (i64) -> (f32)");

  wasm_module_t* mistyped = module_from_wat(
      store, "(module (import \"host\" \"add\" (func (param i64 i64) (result i64))))");
  CHECK(wacapi_linker_instantiate(linker, mistyped, &trap) == NULL);
  CHECK(trap == NULL);
  e = last_error();
  CHECK_STR_CONTAINS(e, "wacapi_linker_instantiate");
  CHECK_STR_CONTAINS(e, "\"host\".\"add\"");
  CHECK_STR_CONTAINS(e, "expected func (i64, i64) -> (i64)");
  CHECK_STR_CONTAINS(e, "got func (i32, i32) -> (i32)");

  wasm_module_t* wrong_kind =
      module_from_wat(store, "(module (import \"host\" \"add\" (global i32)))");
  CHECK(wacapi_linker_instantiate(linker, wrong_kind, NULL) == NULL);
  CHECK_STR_CONTAINS(last_error(), "expected global const i32");

  /* A WASI import without WASI defined is just a missing import. */
  wasm_module_t* wasi = module_from_wat(
      store,
      "(module (import \"wasi_snapshot_preview1\" \"fd_write\"\n"
      "  (func (param i32 i32 i32 i32) (result i32))))");
  CHECK(wacapi_linker_instantiate(linker, wasi, NULL) == NULL);
  CHECK_STR_CONTAINS(last_error(), "\"wasi_snapshot_preview1\".\"fd_write\"");

  wasm_module_delete(wasi);
  wasm_module_delete(wrong_kind);
  wasm_module_delete(mistyped);
  wasm_module_delete(missing);
  wasm_func_delete(add);
  wacapi_linker_delete(linker);
  wasm_store_delete(store);
}

/* Defining a name twice fails unless shadowing is allowed; then the last one wins. */
static void test_shadowing(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new(WASM_I32), WASM_CONST);
  wasm_val_t one = WASM_I32_VAL(1), two = WASM_I32_VAL(2);
  wasm_global_t* g1 = wasm_global_new(store, gt, &one);
  wasm_global_t* g2 = wasm_global_new(store, gt, &two);
  wasm_globaltype_delete(gt);

  CHECK(define(linker, "m", "g", wasm_global_as_extern(g1)));
  CHECK(!define(linker, "m", "g", wasm_global_as_extern(g2)));
  CHECK_STR_CONTAINS(last_error(), "\"m\".\"g\" is already defined");
  wacapi_linker_allow_shadowing(linker, true);
  CHECK(define(linker, "m", "g", wasm_global_as_extern(g2)));

  wasm_name_t m = name_of("m"), n = name_of("g");
  wasm_extern_t* got = wacapi_linker_get(linker, &m, &n);
  CHECK(got != NULL);
  CHECK(wasm_extern_same(got, wasm_global_as_extern(g2)));
  wasm_extern_delete(got);

  wasm_global_delete(g1);
  wasm_global_delete(g2);
  wacapi_linker_delete(linker);
  wasm_store_delete(store);
}

/* A trapping start function: NULL instance, the trap handed out. */
static void test_start_trap(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  wasm_module_t* module =
      module_from_wat(store, "(module (func $s unreachable) (start $s))");
  wasm_trap_t* trap = NULL;
  CHECK(wacapi_linker_instantiate(linker, module, &trap) == NULL);
  CHECK_TRAP_CONTAINS(trap, "unreachable");
  int32_t code;
  CHECK(wacapi_linker_instantiate(linker, module, NULL) == NULL);
  trap = NULL;
  CHECK(wacapi_linker_instantiate(linker, module, &trap) == NULL);
  CHECK(!wacapi_trap_exit_code(trap, &code));
  wasm_trap_delete(trap);
  wasm_module_delete(module);
  wacapi_linker_delete(linker);
  wasm_store_delete(store);
}

/* NULLs, names that are not UTF-8, objects of another store, non-externs. */
static void test_bad_arguments(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_store_t* other = wasm_store_new(engine);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  wasm_func_t* foreign_add = make_add(other);
  wasm_name_t m = name_of("m"), n = name_of("n");
  wasm_name_t bad = {1, (wasm_byte_t*)"\xff"};

  CHECK(wacapi_linker_new(NULL) == NULL);
  CHECK_STR_CONTAINS(last_error(), "store is NULL");
  wacapi_linker_delete(NULL);
  wacapi_linker_allow_shadowing(NULL, true);
  CHECK(!wacapi_linker_define(NULL, &m, &n, wasm_func_as_extern(foreign_add)));
  CHECK_STR_CONTAINS(last_error(), "linker is NULL");
  CHECK(!wacapi_linker_define(linker, NULL, &n, wasm_func_as_extern(foreign_add)));
  CHECK_STR_CONTAINS(last_error(), "module is NULL");
  CHECK(!wacapi_linker_define(linker, &m, NULL, wasm_func_as_extern(foreign_add)));
  CHECK_STR_CONTAINS(last_error(), "name is NULL");
  CHECK(!wacapi_linker_define(linker, &m, &n, NULL));
  CHECK_STR_CONTAINS(last_error(), "item is NULL");
  CHECK(!wacapi_linker_define(linker, &bad, &n, wasm_func_as_extern(foreign_add)));
  CHECK_STR_CONTAINS(last_error(), "not UTF-8");
  CHECK(!wacapi_linker_define(linker, &m, &n, wasm_func_as_extern(foreign_add)));
  CHECK_STR_CONTAINS(last_error(), "another store");

  wasm_module_t* module = module_from_wat(store, "(module)");
  CHECK(!wacapi_linker_define(linker, &m, &n, (const wasm_extern_t*)module));
  CHECK_STR_CONTAINS(last_error(), "not an extern");
  CHECK(!wacapi_linker_define_instance(linker, &m, NULL));
  CHECK(!wacapi_linker_define_instance(NULL, &m, NULL));
  CHECK(!wacapi_linker_define_instance(linker, &m, (const wasm_instance_t*)module));

  CHECK(wacapi_linker_get(NULL, &m, &n) == NULL);
  CHECK(wacapi_linker_get(linker, NULL, &n) == NULL);
  CHECK(wacapi_linker_get(linker, &m, &n) == NULL);
  CHECK_STR_CONTAINS(last_error(), "\"m\".\"n\" is not defined");

  wasm_trap_t* trap = (wasm_trap_t*)1;
  CHECK(wacapi_linker_instantiate(NULL, module, &trap) == NULL);
  CHECK(trap == NULL);
  CHECK(wacapi_linker_instantiate(linker, NULL, &trap) == NULL);
  CHECK(wacapi_linker_instantiate(linker, (const wasm_module_t*)foreign_add, &trap) ==
        NULL);
  CHECK_STR_CONTAINS(last_error(), "not a module");
  wasm_instance_t* empty = wacapi_linker_instantiate(linker, module, &trap);
  CHECK(empty != NULL);
  wasm_instance_delete(empty);

  wasm_module_delete(module);
  wasm_func_delete(foreign_add);
  wacapi_linker_delete(linker);
  wasm_store_delete(other);
  wasm_store_delete(store);
}

int main(void) {
  engine = wasm_engine_new();
  test_resolves_by_name();
  test_define_instance();
  test_link_errors();
  test_shadowing();
  test_start_trap();
  test_bad_arguments();
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
