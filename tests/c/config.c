/* Engine configuration (src/config.rs): every proposal switch turns its proposal on and
 * off (a module using it validates and compiles, or is refused with a reason), the defaults
 * are wasmi's, no combination of switches makes anything fail inside the library, the
 * compilation modes all make working engines, the stack limits end deep recursion with a
 * trap, and every setter is NULL-safe and refuses values that cannot work. */
#include "util.h"

typedef void (*switch_fn)(wasm_config_t*, bool);

/* One proposal: its switch, whether it is on by default, and a module that needs it. */
struct feature {
  const char* name;
  switch_fn set;
  bool default_on;
  const char* wat;
};

static const struct feature FEATURES[] = {
    {"simd", wacapi_config_wasm_simd, true,
     "(module (func (export \"f\") (result i32)\n"
     "  (i32x4.extract_lane 2 (i32x4.add (v128.const i32x4 1 2 3 4)\n"
     "                                   (v128.const i32x4 10 20 30 40)))))"},
    {"relaxed_simd", wacapi_config_wasm_relaxed_simd, true,
     "(module (func (param v128 v128 v128) (result v128)\n"
     "  (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2))))"},
    {"multi_value", wacapi_config_wasm_multi_value, true,
     "(module (func (result i32 i32) (i32.const 1) (i32.const 2)))"},
    {"multi_memory", wacapi_config_wasm_multi_memory, true, "(module (memory 1) (memory 1))"},
    {"memory64", wacapi_config_wasm_memory64, true,
     "(module (memory (export \"m\") i64 1)\n"
     "  (func (export \"f\") (result i32) (i32.load (i64.const 8))))"},
    {"tail_call", wacapi_config_wasm_tail_call, true,
     "(module (func $count (export \"f\") (param i32) (result i32)\n"
     "  (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 7))\n"
     "    (else (return_call $count (i32.sub (local.get 0) (i32.const 1)))))))"},
    {"extended_const", wacapi_config_wasm_extended_const, true,
     "(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"},
    {"bulk_memory", wacapi_config_wasm_bulk_memory, true,
     "(module (memory 1)\n"
     "  (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))))"},
    {"reference_types", wacapi_config_wasm_reference_types, true,
     "(module (func (param externref)))"},
    {"sign_extension", wacapi_config_wasm_sign_extension, true,
     "(module (func (param i32) (result i32) (i32.extend8_s (local.get 0))))"},
    {"saturating_float_to_int", wacapi_config_wasm_saturating_float_to_int, true,
     "(module (func (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0))))"},
    {"mutable_global", wacapi_config_wasm_mutable_global, true,
     "(module (global (export \"g\") (mut i32) (i32.const 0)))"},
    {"wide_arithmetic", wacapi_config_wasm_wide_arithmetic, false,
     "(module (func (export \"f\") (param i64 i64 i64 i64) (result i64 i64)\n"
     "  (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3))))"},
    {"custom_page_sizes", wacapi_config_wasm_custom_page_sizes, false,
     "(module (memory (export \"m\") 3 (pagesize 1)))"},
    {"floats", wacapi_config_wasm_floats, true,
     "(module (func (result f32) (f32.const 1.5)))"},
};
#define N_FEATURES (sizeof FEATURES / sizeof FEATURES[0])

/* A module every configuration accepts (MVP, integers only). */
static const char* const MVP_WAT =
    "(module (func (export \"f\") (param i32) (result i32)\n"
    "  (i32.add (local.get 0) (i32.const 1))))";

static wasm_engine_t* engine_with(switch_fn set, bool enable) {
  wasm_config_t* config = wasm_config_new();
  CHECK(config != NULL);
  set(config, enable);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  CHECK(engine != NULL);
  return engine;
}

/* Whether the engine accepts the module: validate and compile must agree, a refusal must
 * say why ("invalid module: ..."), and nothing may fail inside the library. */
static bool accepts(wasm_engine_t* engine, const char* wat) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  wat_to_wasm(wat, &binary);
  bool valid = wasm_module_validate(store, &binary);
  if (!valid) {
    CHECK_STR_CONTAINS(last_error(), "invalid module");
  }
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK_EQ(module != NULL, valid);
  if (module == NULL) {
    CHECK_STR_CONTAINS(last_error(), "invalid module");
    CHECK(strstr(last_error(), "internal error") == NULL);
  }
  wasm_module_delete(module);
  wasm_byte_vec_delete(&binary);
  wasm_store_delete(store);
  return valid;
}

/* Each switch: on accepts its module, off refuses it, and the default is as documented. */
static void test_each_switch(void) {
  wasm_engine_t* plain = wasm_engine_new();
  for (size_t i = 0; i < N_FEATURES; i++) {
    const struct feature* f = &FEATURES[i];
    printf("  %s\n", f->name);
    wasm_engine_t* on = engine_with(f->set, true);
    wasm_engine_t* off = engine_with(f->set, false);
    CHECK(accepts(on, f->wat));
    CHECK(!accepts(off, f->wat));
    CHECK(accepts(off, MVP_WAT));
    CHECK_EQ(accepts(plain, f->wat), f->default_on);
    /* A configuration switched back and forth keeps the last word. */
    wasm_config_t* config = wasm_config_new();
    f->set(config, !f->default_on);
    f->set(config, f->default_on);
    wasm_engine_t* back = wasm_engine_new_with_config(config);
    CHECK_EQ(accepts(back, f->wat), f->default_on);
    wasm_engine_delete(back);
    wasm_engine_delete(on);
    wasm_engine_delete(off);
  }
  wasm_engine_delete(plain);
}

/* Whether the module of FEATURES[i] also needs FEATURES[j]: relaxed-simd needs simd's
 * v128, the 128-bit results of wide-arithmetic need multi-value, saturating conversion
 * reads an f32; everything else stands alone. */
static bool needs(size_t i, size_t j) {
  return (i == 1 && j == 0) || (i == 12 && j == 2) || (i == 10 && j == 14);
}

/* Every proposal off at once still accepts the MVP, and every combination of one switch
 * off with the others at their default or all on refuses only what it should. No
 * combination panics (a panic would show as "internal error" in accepts). */
static void test_combinations(void) {
  wasm_config_t* config = wasm_config_new();
  for (size_t i = 0; i < N_FEATURES; i++) FEATURES[i].set(config, false);
  wasm_engine_t* none = wasm_engine_new_with_config(config);
  CHECK(accepts(none, MVP_WAT));
  for (size_t i = 0; i < N_FEATURES; i++) CHECK(!accepts(none, FEATURES[i].wat));
  wasm_engine_delete(none);

  for (size_t off = 0; off < N_FEATURES; off++) {
    config = wasm_config_new();
    for (size_t i = 0; i < N_FEATURES; i++) FEATURES[i].set(config, i != off);
    wasm_engine_t* engine = wasm_engine_new_with_config(config);
    for (size_t i = 0; i < N_FEATURES; i++) {
      bool ok = accepts(engine, FEATURES[i].wat);
      if (i == off) CHECK(!ok);
      else if (!needs(i, off)) CHECK(ok);
    }
    wasm_engine_delete(engine);
  }

  /* Combinations the proposals do not foresee only narrow what validates. */
  config = wasm_config_new();
  wacapi_config_wasm_simd(config, false);
  wacapi_config_wasm_relaxed_simd(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  CHECK(!accepts(engine, FEATURES[1].wat));
  wasm_engine_delete(engine);

  config = wasm_config_new();
  wacapi_config_wasm_reference_types(config, false);
  wacapi_config_wasm_bulk_memory(config, true);
  engine = wasm_engine_new_with_config(config);
  CHECK(accepts(engine, FEATURES[7].wat));
  CHECK(accepts(engine,
                "(module (memory 1) (data \"hi\")\n"
                "  (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 2))\n"
                "        (data.drop 0)))"));
  CHECK(!accepts(engine, FEATURES[8].wat));
  wasm_engine_delete(engine);

  config = wasm_config_new();
  wacapi_config_wasm_floats(config, false);
  engine = wasm_engine_new_with_config(config);
  CHECK(!accepts(engine, "(module (func (param v128) (result v128)\n"
                         "  (f32x4.add (local.get 0) (local.get 0))))"));
  CHECK(accepts(engine, FEATURES[0].wat));
  wasm_engine_delete(engine);
}

/* The first export of a module made by `engine` from `wat`, with its store and instance. */
struct running {
  wasm_store_t* store;
  wasm_module_t* module;
  wasm_instance_t* instance;
  wasm_extern_vec_t exports;
};

static struct running run(wasm_engine_t* engine, const char* wat) {
  struct running r;
  r.store = wasm_store_new(engine);
  r.module = module_from_wat(r.store, wat);
  r.instance = instantiate(r.store, r.module, NULL, 0);
  wasm_instance_exports(r.instance, &r.exports);
  return r;
}

static void stop(struct running* r) {
  wasm_extern_vec_delete(&r->exports);
  wasm_instance_delete(r->instance);
  wasm_module_delete(r->module);
  wasm_store_delete(r->store);
}

/* Switched-on proposals run, not only validate. */
static void test_features_run(void) {
  wasm_engine_t* engine = wasm_engine_new();
  struct running r = run(engine, FEATURES[0].wat); /* simd: 3 + 30 */
  CHECK_EQ(call_i32(export_func(&r.exports, 0), NULL, 0), 33);
  stop(&r);

  /* tail calls: far deeper than the call stack, in constant stack. */
  r = run(engine, FEATURES[5].wat);
  int32_t n = 1000000;
  CHECK_EQ(call_i32(export_func(&r.exports, 0), &n, 1), 7);
  stop(&r);

  /* memory64: an i64-indexed memory reads and grows. */
  r = run(engine, FEATURES[4].wat);
  CHECK_EQ(call_i32(export_func(&r.exports, 1), NULL, 0), 0);
  wasm_memory_t* memory = export_memory(&r.exports, 0);
  CHECK_EQ(wasm_memory_size(memory), 1);
  CHECK(wasm_memory_grow(memory, 1));
  CHECK_EQ(wasm_memory_size(memory), 2);
  stop(&r);
  wasm_engine_delete(engine);

  /* wide arithmetic: (2^64 - 1) + 1 as 128-bit numbers is 0 with a carry of 1. */
  engine = engine_with(wacapi_config_wasm_wide_arithmetic, true);
  r = run(engine, FEATURES[12].wat);
  wasm_val_t args[4] = {WASM_I64_VAL(-1), WASM_I64_VAL(0), WASM_I64_VAL(1), WASM_I64_VAL(0)};
  wasm_val_t res[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  CHECK_NO_TRAP(call(export_func(&r.exports, 0), args, 4, res, 2));
  CHECK_EQ(res[0].of.i64, 0);
  CHECK_EQ(res[1].of.i64, 1);
  stop(&r);
  wasm_engine_delete(engine);

  /* custom page sizes: a memory of 3 one-byte pages. */
  engine = engine_with(wacapi_config_wasm_custom_page_sizes, true);
  r = run(engine, FEATURES[13].wat);
  memory = export_memory(&r.exports, 0);
  CHECK_EQ(wasm_memory_data_size(memory), 3);
  stop(&r);
  wasm_engine_delete(engine);
}

static const char* const RECURSE_WAT =
    "(module (func $down (export \"down\") (param i32) (result i32)\n"
    "  (local i64 i64 i64 i64 i64 i64 i64 i64)\n"
    "  (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "    (else (i32.add (i32.const 1)\n"
    "      (call $down (i32.sub (local.get 0) (i32.const 1))))))))";

static void test_compilation_modes(void) {
  const wacapi_compilation_mode_t modes[] = {WACAPI_COMPILATION_MODE_EAGER,
                                             WACAPI_COMPILATION_MODE_LAZY_TRANSLATION,
                                             WACAPI_COMPILATION_MODE_LAZY};
  for (size_t i = 0; i < 3; i++) {
    wasm_config_t* config = wasm_config_new();
    CHECK(wacapi_config_compilation_mode(config, modes[i]));
    wasm_engine_t* engine = wasm_engine_new_with_config(config);
    struct running r = run(engine, RECURSE_WAT);
    int32_t n = 100;
    CHECK_EQ(call_i32(export_func(&r.exports, 0), &n, 1), 100);
    stop(&r);
    r = run(engine, FEATURES[0].wat);
    CHECK_EQ(call_i32(export_func(&r.exports, 0), NULL, 0), 33);
    stop(&r);
    wasm_engine_delete(engine);
  }

  /* In lazy mode a body that uses a switched-off proposal shows up at its first call. */
  wasm_config_t* config = wasm_config_new();
  CHECK(wacapi_config_compilation_mode(config, WACAPI_COMPILATION_MODE_LAZY));
  wacapi_config_wasm_simd(config, false);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  wat_to_wasm(FEATURES[0].wat, &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK(module != NULL);
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_trap_t* trap = call(export_func(&exports, 0), NULL, 0, res, 1);
  CHECK(trap != NULL);
  char text[512];
  trap_text(trap, text, sizeof text);
  printf("  lazy, simd off: %s\n", text);
  CHECK_STR_CONTAINS(text, "SIMD support is not enabled");
  wasm_trap_delete(trap);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_byte_vec_delete(&binary);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  /* Refused: an unknown mode, a NULL config. */
  config = wasm_config_new();
  CHECK(!wacapi_config_compilation_mode(config, 3));
  CHECK_STR_CONTAINS(last_error(), "unknown mode 3");
  CHECK(!wacapi_config_compilation_mode(config, 255));
  CHECK_STR_CONTAINS(last_error(), "unknown mode 255");
  CHECK(!wacapi_config_compilation_mode(NULL, WACAPI_COMPILATION_MODE_EAGER));
  CHECK_STR_CONTAINS(last_error(), "config is NULL");
  /* The refused mode changed nothing: the engine still works. */
  engine = wasm_engine_new_with_config(config);
  struct running r = run(engine, MVP_WAT);
  int32_t n = 1;
  CHECK_EQ(call_i32(export_func(&r.exports, 0), &n, 1), 2);
  stop(&r);
  wasm_engine_delete(engine);
}

/* down(n) on an engine made from `config`: the result, or -1 after a stack trap. */
static int32_t down(wasm_engine_t* engine, int32_t n) {
  struct running r = run(engine, RECURSE_WAT);
  wasm_val_t args[1] = {WASM_I32_VAL(n)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_trap_t* trap = call(export_func(&r.exports, 0), args, 1, res, 1);
  int32_t out = res[0].of.i32;
  if (trap != NULL) {
    char buf[512];
    trap_text(trap, buf, sizeof buf);
    CHECK_STR_CONTAINS(buf, "call stack exhausted");
    wasm_trap_delete(trap);
    out = -1;
  }
  stop(&r);
  return out;
}

static void test_stack_limits(void) {
  /* Default: 1000 frames. */
  wasm_engine_t* engine = wasm_engine_new();
  CHECK_EQ(down(engine, 500), 500);
  wasm_engine_delete(engine);

  /* A small recursion depth traps sooner, and the store stays usable. */
  wasm_config_t* config = wasm_config_new();
  CHECK(wacapi_config_max_recursion_depth(config, 50));
  engine = wasm_engine_new_with_config(config);
  CHECK_EQ(down(engine, 40), 40);
  CHECK_EQ(down(engine, 60), -1);
  CHECK_EQ(down(engine, 10), 10);
  wasm_engine_delete(engine);

  /* A deep one allows more. */
  config = wasm_config_new();
  CHECK(wacapi_config_max_recursion_depth(config, 100000));
  CHECK(wacapi_config_max_stack_height(config, 64 << 20));
  engine = wasm_engine_new_with_config(config);
  CHECK_EQ(down(engine, 20000), 20000);
  wasm_engine_delete(engine);

  /* A small value stack traps sooner too. */
  config = wasm_config_new();
  CHECK(wacapi_config_max_stack_height(config, 4096));
  engine = wasm_engine_new_with_config(config);
  CHECK_EQ(down(engine, 2), 2);
  CHECK_EQ(down(engine, 500), -1);
  wasm_engine_delete(engine);

  /* The minimum height: below the maximum, at most 64 MiB. */
  config = wasm_config_new();
  CHECK(wacapi_config_min_stack_height(config, 100000));
  CHECK(!wacapi_config_max_stack_height(config, 99999));
  CHECK_STR_CONTAINS(last_error(), "below the minimum stack height");
  CHECK(!wacapi_config_min_stack_height(config, 2000000));
  CHECK_STR_CONTAINS(last_error(), "above the maximum stack height");
  CHECK(wacapi_config_max_stack_height(config, (size_t)1 << 30));
  CHECK(!wacapi_config_min_stack_height(config, ((size_t)64 << 20) + 1));
  CHECK_STR_CONTAINS(last_error(), "allocated up front");
  CHECK(wacapi_config_min_stack_height(config, 0));
  CHECK(wacapi_config_max_stack_height(config, 0) == false);
  CHECK_STR_CONTAINS(last_error(), "at least");
  CHECK(wacapi_config_max_stack_height(config, 100000));
  CHECK(!wacapi_config_max_recursion_depth(config, 0));
  CHECK_STR_CONTAINS(last_error(), "at least 1");
  engine = wasm_engine_new_with_config(config);
  CHECK_EQ(down(engine, 100), 100);
  wasm_engine_delete(engine);

  /* NULL configs. */
  CHECK(!wacapi_config_max_recursion_depth(NULL, 10));
  CHECK_STR_CONTAINS(last_error(), "wacapi_config_max_recursion_depth: config is NULL");
  CHECK(!wacapi_config_max_stack_height(NULL, 10000));
  CHECK_STR_CONTAINS(last_error(), "wacapi_config_max_stack_height: config is NULL");
  CHECK(!wacapi_config_min_stack_height(NULL, 10));
  CHECK_STR_CONTAINS(last_error(), "wacapi_config_min_stack_height: config is NULL");
}

/* Every switch ignores a NULL config and says so, naming itself. */
static void test_null_switches(void) {
  static const char* const NAMES[] = {
      "wacapi_config_wasm_simd",           "wacapi_config_wasm_relaxed_simd",
      "wacapi_config_wasm_multi_value",    "wacapi_config_wasm_multi_memory",
      "wacapi_config_wasm_memory64",       "wacapi_config_wasm_tail_call",
      "wacapi_config_wasm_extended_const", "wacapi_config_wasm_bulk_memory",
      "wacapi_config_wasm_reference_types", "wacapi_config_wasm_sign_extension",
      "wacapi_config_wasm_saturating_float_to_int", "wacapi_config_wasm_mutable_global",
      "wacapi_config_wasm_wide_arithmetic", "wacapi_config_wasm_custom_page_sizes",
      "wacapi_config_wasm_floats",
  };
  CHECK_EQ(sizeof NAMES / sizeof NAMES[0], N_FEATURES);
  for (size_t i = 0; i < N_FEATURES; i++) {
    FEATURES[i].set(NULL, true);
    CHECK_STR_CONTAINS(last_error(), NAMES[i]);
    CHECK_STR_CONTAINS(last_error(), "config is NULL");
    FEATURES[i].set(NULL, false);
    CHECK_STR_CONTAINS(last_error(), "config is NULL");
  }
  /* A NULL config for an engine means the defaults. */
  wasm_engine_t* engine = wasm_engine_new_with_config(NULL);
  CHECK(engine != NULL);
  CHECK(accepts(engine, FEATURES[0].wat));
  CHECK(!accepts(engine, FEATURES[12].wat));
  wasm_engine_delete(engine);
}

int main(void) {
  test_each_switch();
  test_combinations();
  test_features_run();
  test_compilation_modes();
  test_stack_limits();
  test_null_switches();
  test_ok();
  return 0;
}
