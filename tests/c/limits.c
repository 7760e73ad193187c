/* Resource limits: fuel (set, read, used up, topped up, refused when metering is off),
 * a memory cap per store (memory.grow and wasm_memory_grow fail past it, instantiation
 * over it fails, no cap by default), and deep recursion ending in a trap that leaves the
 * process and the store healthy. */
#include "util.h"
#include "../guests/host.h"

static const char* const LOOP_WAT =
    "(module\n"
    "  (func (export \"spin\") (loop br 0))\n"
    "  (func (export \"count\") (param $n i32) (result i32)\n"
    "    (local $i i32)\n"
    "    (block (loop\n"
    "      (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br 0)))\n"
    "    (local.get $i)))";

static wasm_engine_t* fuel_engine(void) {
  wasm_config_t* config = wasm_config_new();
  wacapi_config_consume_fuel(config, true);
  return wasm_engine_new_with_config(config);
}

static void test_fuel(void) {
  wasm_engine_t* engine = fuel_engine();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(store, LOOP_WAT);
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);
  wasm_extern_t* spin = instance_export(module, instance, "spin");
  wasm_extern_t* count = instance_export(module, instance, "count");

  /* A metering store starts empty: the first call runs out at once. */
  uint64_t fuel = 99;
  CHECK(wacapi_store_get_fuel(store, &fuel));
  CHECK_EQ(fuel, 0);
  int32_t n = 10;
  wasm_val_t args[1] = {WASM_I32_VAL(10)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(count), args, 1, res, 1),
                      "all fuel consumed by WebAssembly");

  CHECK(wacapi_store_set_fuel(store, 1000000));
  CHECK(wacapi_store_get_fuel(store, &fuel));
  CHECK_EQ(fuel, 1000000);
  CHECK_EQ(call_i32(wasm_extern_as_func(count), &n, 1), 10);
  uint64_t after_small = 0;
  CHECK(wacapi_store_get_fuel(store, &after_small));
  CHECK(after_small < 1000000);
  n = 1000;
  CHECK_EQ(call_i32(wasm_extern_as_func(count), &n, 1), 1000);
  uint64_t after_big = 0;
  CHECK(wacapi_store_get_fuel(store, &after_big));
  /* A hundred times the iterations costs more than ten times the fuel. */
  CHECK((after_small - after_big) > 10 * (1000000 - after_small));

  /* An endless loop ends when the fuel does; the trap is no exit. */
  wasm_trap_t* trap = call(wasm_extern_as_func(spin), NULL, 0, NULL, 0);
  CHECK(trap != NULL);
  int32_t code;
  CHECK(!wacapi_trap_exit_code(trap, &code));
  CHECK_TRAP_CONTAINS(trap, "all fuel consumed by WebAssembly");
  CHECK(wacapi_store_get_fuel(store, &fuel));
  CHECK_EQ(fuel, 0);

  /* Topped up, the same store and instance work again. */
  CHECK(wacapi_store_set_fuel(store, 50000));
  n = 7;
  CHECK_EQ(call_i32(wasm_extern_as_func(count), &n, 1), 7);

  /* NULL safety. */
  CHECK(!wacapi_store_set_fuel(NULL, 1));
  CHECK_STR_CONTAINS(last_error(), "store is NULL");
  CHECK(!wacapi_store_get_fuel(NULL, &fuel));
  CHECK(!wacapi_store_get_fuel(store, NULL));
  CHECK_STR_CONTAINS(last_error(), "out is NULL");
  wacapi_config_consume_fuel(NULL, true);
  CHECK_STR_CONTAINS(last_error(), "config is NULL");

  wasm_extern_delete(spin);
  wasm_extern_delete(count);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* Without metering (the default, or switched off again) fuel cannot be set or read. */
static void test_fuel_disabled(void) {
  wasm_engine_t* engines[2];
  engines[0] = wasm_engine_new();
  wasm_config_t* config = wasm_config_new();
  wacapi_config_consume_fuel(config, true);
  wacapi_config_consume_fuel(config, false);
  engines[1] = wasm_engine_new_with_config(config);
  for (int i = 0; i < 2; i++) {
    wasm_store_t* store = wasm_store_new(engines[i]);
    CHECK(!wacapi_store_set_fuel(store, 100));
    CHECK_STR_CONTAINS(last_error(), "fuel metering is disabled");
    CHECK_STR_CONTAINS(last_error(), "wacapi_config_consume_fuel");
    uint64_t fuel = 5;
    CHECK(!wacapi_store_get_fuel(store, &fuel));
    CHECK_STR_CONTAINS(last_error(), "wacapi_store_get_fuel");
    CHECK_EQ(fuel, 5);
    /* And code runs unmetered. */
    wasm_module_t* module = module_from_wat(store, LOOP_WAT);
    wasm_instance_t* instance = instantiate(store, module, NULL, 0);
    wasm_extern_t* count = instance_export(module, instance, "count");
    int32_t n = 100000;
    CHECK_EQ(call_i32(wasm_extern_as_func(count), &n, 1), 100000);
    wasm_extern_delete(count);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engines[i]);
  }
}

static const char* const GROW_WAT =
    "(module\n"
    "  (memory (export \"memory\") 1)\n"
    "  (func (export \"grow\") (param i32) (result i32)\n"
    "    (memory.grow (local.get 0))))";

/* Pages by which `memory` grows through wasm; -1 on failure. */
static int32_t grow_in_wasm(const wasm_extern_t* grow, int32_t pages) {
  return call_i32(wasm_extern_as_func_const(grow), &pages, 1);
}

static void test_max_memory(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(store, GROW_WAT);

  /* No cap by default: growth up to what the module allows. */
  wasm_instance_t* free_instance = instantiate(store, module, NULL, 0);
  wasm_extern_t* free_grow = instance_export(module, free_instance, "grow");
  CHECK_EQ(grow_in_wasm(free_grow, 63), 1);

  /* Three pages: wasm gets -1 past it, the memory keeps its size. */
  wacapi_store_set_max_memory(store, 3 * 65536);
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);
  wasm_extern_t* grow = instance_export(module, instance, "grow");
  wasm_extern_t* memory_ext = instance_export(module, instance, "memory");
  wasm_memory_t* memory = wasm_extern_as_memory(memory_ext);
  CHECK_EQ(grow_in_wasm(grow, 1), 1);
  CHECK_EQ(grow_in_wasm(grow, 2), -1);
  CHECK_EQ(grow_in_wasm(grow, 1), 2);
  CHECK_EQ(wasm_memory_size(memory), 3);
  CHECK_EQ(grow_in_wasm(grow, 1), -1);
  CHECK_EQ(grow_in_wasm(grow, 0), 3);
  CHECK(!wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_grow(memory, 0));
  CHECK_EQ(wasm_memory_size(memory), 3);
  /* The memory that grew before the cap keeps its 64 pages but grows no more. */
  CHECK_EQ(grow_in_wasm(free_grow, 1), -1);

  /* Host-made memories obey the cap too. */
  wasm_limits_t limits = {1, wasm_limits_max_default};
  wasm_memorytype_t* mt = wasm_memorytype_new(&limits);
  wasm_memory_t* host_memory = wasm_memory_new(store, mt);
  CHECK(host_memory != NULL);
  CHECK(wasm_memory_grow(host_memory, 2));
  CHECK(!wasm_memory_grow(host_memory, 1));
  wasm_memory_delete(host_memory);
  wasm_memorytype_delete(mt);

  /* A module whose memory starts above the cap cannot be instantiated. */
  wasm_module_t* big = module_from_wat(store, "(module (memory 4))");
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, big, NULL, &trap) == NULL);
  CHECK(trap == NULL);
  CHECK_STR_CONTAINS(last_error(), "wasm_instance_new");

  /* The cap can be raised (or lowered) later. */
  wacapi_store_set_max_memory(store, 5 * 65536);
  CHECK_EQ(grow_in_wasm(grow, 2), 3);
  CHECK_EQ(grow_in_wasm(grow, 1), -1);
  wasm_instance_t* big_instance = instantiate(store, big, NULL, 0);
  wasm_instance_delete(big_instance);

  wacapi_store_set_max_memory(NULL, 1);
  CHECK_STR_CONTAINS(last_error(), "store is NULL");

  wasm_module_delete(big);
  wasm_extern_delete(memory_ext);
  wasm_extern_delete(grow);
  wasm_instance_delete(instance);
  wasm_extern_delete(free_grow);
  wasm_instance_delete(free_instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* Many instances, memories and tables in one capped store: the cap limits sizes, not
 * counts (wasmi's default limits would refuse the 10,001st instance or memory). */
static void test_cap_is_not_a_count(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_store_set_max_memory(store, 65536);
  wasm_module_t* module = module_from_wat(store, "(module (memory 0) (table 0 funcref))");
  for (int i = 0; i < 10050; i++) {
    wasm_instance_t* instance = instantiate(store, module, NULL, 0);
    wasm_instance_delete(instance);
  }
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

static const char* const RECURSION_WAT =
    "(module\n"
    "  (func $down (export \"down\") (param i32) (result i32)\n"
    "    (i32.add (i32.const 1) (call $down (local.get 0))))\n"
    "  (func $depth (export \"depth\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0))\n"
    "      (then (i32.const 0))\n"
    "      (else (i32.add (i32.const 1)\n"
    "        (call $depth (i32.sub (local.get 0) (i32.const 1)))))))\n"
    "  (func (export \"ok\") (result i32) (i32.const 42)))";

static void test_recursion(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(store, RECURSION_WAT);
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);
  wasm_extern_t* down = instance_export(module, instance, "down");
  wasm_extern_t* depth = instance_export(module, instance, "depth");
  wasm_extern_t* ok = instance_export(module, instance, "ok");

  for (int round = 0; round < 3; round++) {
    wasm_val_t args[1] = {WASM_I32_VAL(0)};
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_trap_t* trap = call(wasm_extern_as_func(down), args, 1, res, 1);
    int32_t code;
    CHECK(trap != NULL);
    CHECK(!wacapi_trap_exit_code(trap, &code));
    CHECK_TRAP_CONTAINS(trap, "call stack exhausted");
    /* Healthy afterwards: plain calls and bounded recursion (wasmi allows 1000 frames by
     * default) work. */
    CHECK_EQ(call_i32(wasm_extern_as_func(ok), NULL, 0), 42);
    int32_t n = 900;
    CHECK_EQ(call_i32(wasm_extern_as_func(depth), &n, 1), 900);
  }

  /* Under fuel the recursion still ends as a stack trap, and the fuel is not the issue. */
  wasm_engine_t* fuel = NULL;
  {
    wasm_config_t* config = wasm_config_new();
    wacapi_config_consume_fuel(config, true);
    fuel = wasm_engine_new_with_config(config);
  }
  wasm_store_t* fuel_store = wasm_store_new(fuel);
  CHECK(wacapi_store_set_fuel(fuel_store, UINT64_MAX / 2));
  wasm_module_t* fuel_module = module_from_wat(fuel_store, RECURSION_WAT);
  wasm_instance_t* fuel_instance = instantiate(fuel_store, fuel_module, NULL, 0);
  wasm_extern_t* fuel_down = instance_export(fuel_module, fuel_instance, "down");
  wasm_val_t args[1] = {WASM_I32_VAL(0)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(fuel_down), args, 1, res, 1),
                      "call stack exhausted");

  wasm_extern_delete(fuel_down);
  wasm_instance_delete(fuel_instance);
  wasm_module_delete(fuel_module);
  wasm_store_delete(fuel_store);
  wasm_engine_delete(fuel);
  wasm_extern_delete(ok);
  wasm_extern_delete(depth);
  wasm_extern_delete(down);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* Fuel can be read and changed from inside a host callback of the running call. */
static wasm_store_t* callback_store;
static uint64_t fuel_seen_in_callback;

static wasm_trap_t* drain(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  CHECK(wacapi_store_get_fuel(callback_store, &fuel_seen_in_callback));
  CHECK(wacapi_store_set_fuel(callback_store, 0));
  return NULL;
}

static void test_fuel_from_callback(void) {
  wasm_engine_t* engine = fuel_engine();
  callback_store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(
      callback_store,
      "(module\n"
      "  (import \"\" \"drain\" (func $drain))\n"
      "  (func (export \"run\") (call $drain) (loop br 0)))");
  wasm_functype_t* ty = wasm_functype_new_0_0();
  wasm_func_t* f = wasm_func_new(callback_store, ty, drain);
  wasm_functype_delete(ty);
  wasm_extern_t* imports[1] = {wasm_func_as_extern(f)};
  CHECK(wacapi_store_set_fuel(callback_store, 1000));
  wasm_instance_t* instance = instantiate(callback_store, module, imports, 1);
  wasm_extern_t* run = instance_export(module, instance, "run");
  CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(run), NULL, 0, NULL, 0),
                      "all fuel consumed");
  CHECK(fuel_seen_in_callback > 0 && fuel_seen_in_callback < 1000);
  wasm_extern_delete(run);
  wasm_instance_delete(instance);
  wasm_func_delete(f);
  wasm_module_delete(module);
  wasm_store_delete(callback_store);
  wasm_engine_delete(engine);
}

/* The memory cap from inside a host callback: the first one cannot be installed while wasm
 * runs (and says so); an installed one can be changed. */
static wasm_store_t* cap_store;
static bool cap_refused_in_callback;

static wasm_trap_t* set_cap(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wacapi_store_set_max_memory(cap_store, 2 * 65536);
  /* (The last error is not cleared by success; only the first round looks at it.) */
  cap_refused_in_callback =
      strstr(wacapi_last_error(), "cannot be set from inside a host callback") != NULL;
  return NULL;
}

static void test_cap_from_callback(void) {
  wasm_engine_t* engine = wasm_engine_new();
  for (int installed_before = 0; installed_before < 2; installed_before++) {
    cap_refused_in_callback = false;
    cap_store = wasm_store_new(engine);
    if (installed_before) wacapi_store_set_max_memory(cap_store, 100 * 65536);
    wasm_module_t* module = module_from_wat(
        cap_store,
        "(module\n"
        "  (import \"\" \"set_cap\" (func $set_cap))\n"
        "  (memory 1)\n"
        "  (func (export \"run\") (result i32)\n"
        "    (call $set_cap) (memory.grow (i32.const 4))))");
    wasm_functype_t* ty = wasm_functype_new_0_0();
    wasm_func_t* f = wasm_func_new(cap_store, ty, set_cap);
    wasm_functype_delete(ty);
    wasm_extern_t* imports[1] = {wasm_func_as_extern(f)};
    wasm_instance_t* instance = instantiate(cap_store, module, imports, 1);
    wasm_extern_t* run = instance_export(module, instance, "run");
    int32_t grown = call_i32(wasm_extern_as_func(run), NULL, 0);
    if (installed_before) {
      CHECK_EQ(grown, -1); /* the cap changed to 2 pages inside the call */
    } else {
      CHECK(cap_refused_in_callback);
      CHECK_EQ(grown, 1); /* still no cap */
    }
    wasm_extern_delete(run);
    wasm_instance_delete(instance);
    wasm_func_delete(f);
    wasm_module_delete(module);
    wasm_store_delete(cap_store);
  }
  wasm_engine_delete(engine);
}

int main(void) {
  test_fuel();
  test_fuel_disabled();
  test_max_memory();
  test_cap_is_not_a_count();
  test_recursion();
  test_fuel_from_callback();
  test_cap_from_callback();
  test_ok();
  return 0;
}
