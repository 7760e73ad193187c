/* Resumable calls: a call that runs out of fuel pauses and, refuelled, resumes to the same
 * result as an uninterrupted run; a yield interval pauses it regularly; a host function can
 * suspend it and give its results later; misuse gives traps with reasons, and abandoned
 * calls free everything. */
#include "util.h"
#include "../guests/host.h"

#include <unistd.h>

static const char* const WAT =
    "(module\n"
    "  (import \"env\" \"ask\" (func $ask (param i32) (result i32)))\n"
    "  (func $fib (export \"fib\") (param $n i64) (result i64)\n"
    "    (if (result i64) (i64.lt_u (local.get $n) (i64.const 2))\n"
    "      (then (local.get $n))\n"
    "      (else (i64.add (call $fib (i64.sub (local.get $n) (i64.const 1)))\n"
    "                     (call $fib (i64.sub (local.get $n) (i64.const 2)))))))\n"
    "  (func (export \"ask_twice\") (param i32) (result i32)\n"
    "    (i32.add (call $ask (local.get 0)) (call $ask (i32.const 100)))))";

static wasm_store_t* ask_store;
static int asks;

/* The host function: suspends the call the first time, answers arg+1 the second. */
static wasm_trap_t* ask_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  asks++;
  if (asks == 1) return wacapi_trap_new_suspend(ask_store);
  results->data[0] = (wasm_val_t)WASM_I32_VAL(args->data[0].of.i32 + 1);
  return NULL;
}

typedef struct {
  wasm_engine_t* engine;
  wasm_store_t* store;
  wasm_module_t* module;
  wasm_func_t* ask;
  wasm_instance_t* instance;
  wasm_extern_t* fib;
  wasm_extern_t* ask_twice;
} guest_t;

static void guest_open(guest_t* g) {
  wasm_config_t* config = wasm_config_new();
  wacapi_config_consume_fuel(config, true);
  wacapi_config_interruptible(config, true);
  g->engine = wasm_engine_new_with_config(config);
  g->store = wasm_store_new(g->engine);
  ask_store = g->store;
  CHECK(wacapi_store_set_fuel(g->store, UINT64_MAX / 2));
  g->module = module_from_wat(g->store, WAT);
  wasm_valkind_t i32 = WASM_I32;
  wasm_functype_t* ty = functype_of(1, &i32, 1, &i32);
  g->ask = wasm_func_new(g->store, ty, ask_cb);
  wasm_functype_delete(ty);
  wasm_extern_t* imports[1] = {wasm_func_as_extern(g->ask)};
  g->instance = instantiate(g->store, g->module, imports, 1);
  g->fib = instance_export(g->module, g->instance, "fib");
  g->ask_twice = instance_export(g->module, g->instance, "ask_twice");
}

static void guest_close(guest_t* g) {
  wasm_extern_delete(g->fib);
  wasm_extern_delete(g->ask_twice);
  wasm_instance_delete(g->instance);
  wasm_func_delete(g->ask);
  wasm_module_delete(g->module);
  wasm_store_delete(g->store);
  wasm_engine_delete(g->engine);
}

static int64_t fib_plain(guest_t* g, int64_t n) {
  wasm_val_t args[1] = {WASM_I64_VAL(n)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  CHECK_NO_TRAP(call(wasm_extern_as_func(g->fib), args, 1, res, 1));
  return res[0].of.i64;
}

static void test_out_of_fuel_and_resume(void) {
  guest_t g;
  guest_open(&g);
  const int64_t expected = fib_plain(&g, 20);
  CHECK_EQ(expected, 6765);

  /* The same call with 5,000 fuel at a time: pauses many times, result unchanged. */
  CHECK(wacapi_store_set_fuel(g.store, 5000));
  wasm_val_t args[1] = {WASM_I64_VAL(20)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = {1, args}, r = {1, res};
  wacapi_resumable_call_t* rc = (wacapi_resumable_call_t*)&a; /* must be overwritten */
  CHECK_NO_TRAP(wacapi_func_call_resumable(wasm_extern_as_func(g.fib), &a, &r, &rc));
  CHECK(rc != NULL);
  int pauses = 0;
  while (wacapi_resumable_call_state(rc) == WACAPI_CALL_OUT_OF_FUEL) {
    pauses++;
    CHECK(pauses < 100000);
    uint64_t fuel = 99;
    CHECK(wacapi_store_get_fuel(g.store, &fuel));
    CHECK(fuel < 5000);
    /* Still out of fuel: resuming pauses again without running. */
    if (pauses == 1) {
      CHECK(wacapi_store_set_fuel(g.store, 0));
      CHECK_NO_TRAP(wacapi_resumable_call_resume(rc, &r));
      CHECK_EQ(wacapi_resumable_call_state(rc), WACAPI_CALL_OUT_OF_FUEL);
      /* Meanwhile the store runs other calls. */
      CHECK(wacapi_store_set_fuel(g.store, 1000000));
      CHECK_EQ(fib_plain(&g, 10), 55);
    }
    CHECK(wacapi_store_set_fuel(g.store, 5000));
    CHECK_NO_TRAP(wacapi_resumable_call_resume(rc, &r));
  }
  CHECK_EQ(wacapi_resumable_call_state(rc), WACAPI_CALL_FINISHED);
  CHECK_EQ(res[0].kind, WASM_I64);
  CHECK_EQ(res[0].of.i64, expected);
  CHECK(pauses > 10);
  printf("fib(20) = %lld after %d pauses for fuel\n", (long long)res[0].of.i64, pauses);

  /* A finished call cannot be resumed. */
  CHECK_TRAP_CONTAINS(wacapi_resumable_call_resume(rc, &r), "already ended");
  wacapi_resumable_call_delete(rc);

  /* A call with enough fuel finishes at once, with no call object. */
  CHECK(wacapi_store_set_fuel(g.store, 10000000));
  rc = NULL;
  CHECK_NO_TRAP(wacapi_func_call_resumable(wasm_extern_as_func(g.fib), &a, &r, &rc));
  CHECK(rc == NULL);
  CHECK_EQ(res[0].of.i64, expected);

  /* An abandoned paused call frees its stack (valgrind checks). */
  CHECK(wacapi_store_set_fuel(g.store, 1000));
  CHECK_NO_TRAP(wacapi_func_call_resumable(wasm_extern_as_func(g.fib), &a, &r, &rc));
  CHECK(rc != NULL);
  /* Too little room for the results is refused, the call stays paused. */
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  CHECK(wacapi_store_set_fuel(g.store, 10000000));
  CHECK_TRAP_CONTAINS(wacapi_resumable_call_resume(rc, &none), "room for 1 results");
  CHECK_EQ(wacapi_resumable_call_state(rc), WACAPI_CALL_OUT_OF_FUEL);
  wacapi_resumable_call_delete(rc);
  /* The store outlives nothing it should not: deleting the store first is fine too. */
  CHECK(wacapi_store_set_fuel(g.store, 1000));
  CHECK_NO_TRAP(wacapi_func_call_resumable(wasm_extern_as_func(g.fib), &a, &r, &rc));
  CHECK(rc != NULL);
  guest_close(&g);
  wacapi_resumable_call_delete(rc);
}

static void test_yield_interval(void) {
  guest_t g;
  guest_open(&g);
  CHECK(wacapi_store_set_yield_interval(g.store, 2000));
  wasm_val_t args[1] = {WASM_I64_VAL(18)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = {1, args}, r = {1, res};
  wacapi_resumable_call_t* rc = NULL;
  CHECK_NO_TRAP(wacapi_func_call_resumable(wasm_extern_as_func(g.fib), &a, &r, &rc));
  int yields = 0;
  while (rc != NULL && wacapi_resumable_call_state(rc) == WACAPI_CALL_YIELDED) {
    yields++;
    CHECK(yields < 100000);
    CHECK_NO_TRAP(wacapi_resumable_call_resume(rc, &r));
  }
  CHECK(rc != NULL);
  CHECK_EQ(wacapi_resumable_call_state(rc), WACAPI_CALL_FINISHED);
  CHECK_EQ(res[0].of.i64, 2584);
  CHECK(yields > 10);
  wacapi_resumable_call_delete(rc);
  /* Plain calls never yield. */
  CHECK_EQ(fib_plain(&g, 18), 2584);
  CHECK(wacapi_store_set_yield_interval(g.store, 0));
  guest_close(&g);
}

static void test_host_suspend(void) {
  guest_t g;
  guest_open(&g);
  asks = 0;
  wasm_val_t args[1] = {WASM_I32_VAL(5)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = {1, args}, r = {1, res};
  wacapi_resumable_call_t* rc = NULL;
  CHECK_NO_TRAP(wacapi_func_call_resumable(wasm_extern_as_func(g.ask_twice), &a, &r, &rc));
  CHECK(rc != NULL);
  CHECK_EQ(wacapi_resumable_call_state(rc), WACAPI_CALL_HOST_SUSPENDED);
  CHECK_EQ(asks, 1);
  /* Resuming needs the host function's results first. */
  CHECK_TRAP_CONTAINS(wacapi_resumable_call_resume(rc, &r), "results were not given");
  CHECK_EQ(wacapi_resumable_call_state(rc), WACAPI_CALL_HOST_SUSPENDED);
  wasm_val_t wrong[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)};
  wasm_val_vec_t two = {2, wrong};
  CHECK(!wacapi_resumable_call_set_host_results(rc, &two));
  CHECK_STR_CONTAINS(last_error(), "expected 1 results, got 2");
  wasm_val_t bad_kind[1] = {WASM_F64_VAL(1.5)};
  wasm_val_vec_t one_bad = {1, bad_kind};
  CHECK(!wacapi_resumable_call_set_host_results(rc, &one_bad));
  CHECK_STR_CONTAINS(last_error(), "result 0");
  wasm_val_t answer[1] = {WASM_I32_VAL(40)};
  wasm_val_vec_t one = {1, answer};
  CHECK(wacapi_resumable_call_set_host_results(rc, &one));
  CHECK_NO_TRAP(wacapi_resumable_call_resume(rc, &r));
  CHECK_EQ(wacapi_resumable_call_state(rc), WACAPI_CALL_FINISHED);
  CHECK_EQ(res[0].of.i32, 40 + 101);
  CHECK_EQ(asks, 2);
  /* Results only for a suspended host call. */
  CHECK(!wacapi_resumable_call_set_host_results(rc, &one));
  CHECK_STR_CONTAINS(last_error(), "not suspended in a host function");
  wacapi_resumable_call_delete(rc);

  /* A plain call cannot be suspended: the request is its trap, with the reason. */
  asks = 0;
  CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(g.ask_twice), args, 1, res, 1),
                      "only a call made with wacapi_func_call_resumable");
  guest_close(&g);
}

static void test_misuse(void) {
  guest_t g;
  guest_open(&g);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wacapi_resumable_call_t* rc = NULL;
  /* Wrong arguments trap before running, with no call object. */
  CHECK_TRAP_CONTAINS(wacapi_func_call_resumable(wasm_extern_as_func(g.fib), &none, &none, &rc),
                      "expected 1 arguments, got 0");
  CHECK(rc == NULL);
  CHECK_TRAP_CONTAINS(wacapi_func_call_resumable(NULL, &none, &none, &rc), "func is NULL");
  CHECK_TRAP_CONTAINS(wacapi_func_call_resumable(wasm_extern_as_func(g.fib), &none, &none, NULL),
                      "call is NULL");
  CHECK_TRAP_CONTAINS(wacapi_func_call_resumable((wasm_func_t*)g.instance, &none, &none, &rc),
                      "expected a func");
  /* A trap inside the guest is returned like wasm_func_call's; the fuel runs out as a
   * trap-free pause only. */
  CHECK_TRAP_CONTAINS(wacapi_resumable_call_resume(NULL, &none), "call is NULL");
  CHECK_EQ(wacapi_resumable_call_state(NULL), WACAPI_CALL_TRAPPED);
  CHECK(!wacapi_resumable_call_set_host_results(NULL, &none));
  CHECK_STR_CONTAINS(last_error(), "call is NULL");
  wacapi_resumable_call_delete(NULL);
  CHECK(wacapi_trap_new_suspend(NULL) == NULL);
  CHECK_STR_CONTAINS(last_error(), "store is NULL");
  guest_close(&g);
}

/* A trap in the middle of a resumed call ends it as TRAPPED. */
static void test_trap_after_resume(void) {
  wasm_config_t* config = wasm_config_new();
  wacapi_config_consume_fuel(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(wacapi_store_set_fuel(store, 100000));
  wasm_module_t* module = module_from_wat(
      store,
      "(module (func (export \"f\") (local i32)\n"
      "  (loop (local.set 0 (i32.add (local.get 0) (i32.const 1)))\n"
      "        (br_if 0 (i32.lt_u (local.get 0) (i32.const 5000))))\n"
      "  unreachable))");
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);
  wasm_extern_t* f = instance_export(module, instance, "f");
  /* (wasmi charges lazy translation of a function to the call that needs it, and running out
   * there cannot pause: give enough for that.) */
  CHECK(wacapi_store_set_fuel(store, 2000));
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wacapi_resumable_call_t* rc = NULL;
  CHECK_NO_TRAP(wacapi_func_call_resumable(wasm_extern_as_func(f), &none, &none, &rc));
  CHECK(rc != NULL);
  CHECK_EQ(wacapi_resumable_call_state(rc), WACAPI_CALL_OUT_OF_FUEL);
  CHECK(wacapi_store_set_fuel(store, 1000000));
  CHECK_TRAP_CONTAINS(wacapi_resumable_call_resume(rc, &none), "unreachable");
  CHECK_EQ(wacapi_resumable_call_state(rc), WACAPI_CALL_TRAPPED);
  CHECK_TRAP_CONTAINS(wacapi_resumable_call_resume(rc, &none), "already ended");
  wacapi_resumable_call_delete(rc);
  wasm_extern_delete(f);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(void) {
  alarm(120);
  test_out_of_fuel_and_resume();
  test_yield_interval();
  test_host_suspend();
  test_misuse();
  test_trap_after_resume();
  test_ok();
  return 0;
}
