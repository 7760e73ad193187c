/* Execution control: interrupting a running guest from a second thread (in an endless
 * loop, and while it is inside a host callback), an interrupt before the call, wall-clock
 * deadlines, the embedder's interrupt check, fuel slices that keep the fuel accounting
 * exact, and refusals on engines that cannot interrupt. The store stays usable after
 * every stop. An alarm ends the program if any of this ever hangs. */
#include "util.h"
#include "../guests/host.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static const char* const WAT =
    "(module\n"
    "  (import \"env\" \"host\" (func $host))\n"
    "  (func (export \"spin\") (loop br 0))\n"
    "  (func (export \"spin_host\") (loop (call $host) (br 0)))\n"
    "  (func (export \"count\") (param $n i32) (result i32)\n"
    "    (local $i i32)\n"
    "    (block (loop\n"
    "      (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br 0)))\n"
    "    (local.get $i)))";

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* The host function: counts its calls; while `hold` is set it tells the other thread it is
 * inside (`inside`) and waits until the interrupt has been sent (`sent`). */
static atomic_int host_calls;
static atomic_int hold;
static atomic_int inside;
static atomic_int sent;

static wasm_trap_t* host_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  atomic_fetch_add(&host_calls, 1);
  if (atomic_load(&hold)) {
    atomic_store(&inside, 1);
    while (!atomic_load(&sent)) sleep_ms(1);
    sleep_ms(20); /* the guest must not go on after the callback returns */
  }
  return NULL;
}

typedef struct {
  wasm_engine_t* engine;
  wasm_store_t* store;
  wasm_module_t* module;
  wasm_func_t* host;
  wasm_instance_t* instance;
  wasm_extern_t* spin;
  wasm_extern_t* spin_host;
  wasm_extern_t* count;
} guest_t;

static wasm_engine_t* engine_with(bool interruptible, bool fuel) {
  wasm_config_t* config = wasm_config_new();
  wacapi_config_interruptible(config, interruptible);
  wacapi_config_consume_fuel(config, fuel);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  CHECK(engine != NULL);
  return engine;
}

static void guest_open(guest_t* g, wasm_engine_t* engine) {
  g->engine = engine;
  g->store = wasm_store_new(engine);
  g->module = module_from_wat(g->store, WAT);
  wasm_functype_t* ty = wasm_functype_new_0_0();
  g->host = wasm_func_new(g->store, ty, host_cb);
  wasm_functype_delete(ty);
  wasm_extern_t* imports[1] = {wasm_func_as_extern(g->host)};
  g->instance = instantiate(g->store, g->module, imports, 1);
  g->spin = instance_export(g->module, g->instance, "spin");
  g->spin_host = instance_export(g->module, g->instance, "spin_host");
  g->count = instance_export(g->module, g->instance, "count");
}

static void guest_close(guest_t* g) {
  wasm_extern_delete(g->spin);
  wasm_extern_delete(g->spin_host);
  wasm_extern_delete(g->count);
  wasm_instance_delete(g->instance);
  wasm_func_delete(g->host);
  wasm_module_delete(g->module);
  wasm_store_delete(g->store);
  wasm_engine_delete(g->engine);
}

static int32_t count_to(guest_t* g, int32_t n) {
  return call_i32(wasm_extern_as_func(g->count), &n, 1);
}

/* The second thread: waits `delay_ms` (or until the host callback is entered), then
 * interrupts. */
typedef struct {
  wacapi_interrupt_handle_t* handle;
  long delay_ms;
  bool wait_inside;
} interrupter_t;

static void* interrupter(void* arg) {
  interrupter_t* it = arg;
  if (it->wait_inside) {
    while (!atomic_load(&inside)) sleep_ms(1);
  } else {
    sleep_ms(it->delay_ms);
  }
  wacapi_interrupt(it->handle);
  atomic_store(&sent, 1);
  return NULL;
}

static void test_interrupt_from_thread(void) {
  guest_t g;
  guest_open(&g, engine_with(true, false));
  wacapi_interrupt_handle_t* handle = wacapi_store_interrupt_handle(g.store);
  CHECK(handle != NULL);

  /* An endless loop that never calls the host, stopped from another thread. */
  interrupter_t it = {handle, 50, false};
  pthread_t thread;
  CHECK_EQ(pthread_create(&thread, NULL, interrupter, &it), 0);
  double t0 = now_seconds();
  CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(g.spin), NULL, 0, NULL, 0), "interrupted");
  double took = now_seconds() - t0;
  CHECK_EQ(pthread_join(thread, NULL), 0);
  CHECK(took >= 0.04);
  CHECK(took < 10.0);
  printf("interrupted an endless loop %.1f ms after the call began (interrupt at 50 ms)\n",
         took * 1000.0);

  /* The store is usable afterwards, and the interrupt is used up. */
  CHECK_EQ(count_to(&g, 1000), 1000);

  /* Interrupted while inside a host callback: the guest ends when the callback returns. */
  atomic_store(&hold, 1);
  atomic_store(&inside, 0);
  atomic_store(&sent, 0);
  atomic_store(&host_calls, 0);
  interrupter_t in_host = {handle, 0, true};
  CHECK_EQ(pthread_create(&thread, NULL, interrupter, &in_host), 0);
  CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(g.spin_host), NULL, 0, NULL, 0),
                      "interrupted");
  CHECK_EQ(pthread_join(thread, NULL), 0);
  atomic_store(&hold, 0);
  CHECK_EQ(atomic_load(&host_calls), 1); /* no second host call after the interrupt */
  CHECK_EQ(count_to(&g, 10), 10);

  /* An interrupt while nothing runs ends the next call at once, and only that one. */
  wacapi_interrupt(handle);
  CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(g.count),
                           (wasm_val_t[]){WASM_I32_VAL(5)}, 1,
                           (wasm_val_t[]){WASM_INIT_VAL}, 1),
                      "interrupted");
  CHECK_EQ(count_to(&g, 5), 5);

  /* The handle outlives its store; interrupting then does nothing. */
  guest_close(&g);
  wacapi_interrupt(handle);
  wacapi_interrupt_handle_delete(handle);
  /* A deleted handle is refused like NULL, and a second delete is a no-op. */
  wacapi_interrupt(handle);
  CHECK_STR_CONTAINS(last_error(), "handle is NULL");
  wacapi_interrupt_handle_delete(handle);
}

static void test_deadline(void) {
  guest_t g;
  guest_open(&g, engine_with(true, false));
  CHECK(wacapi_store_set_deadline(g.store, 50 * 1000000ULL));
  double t0 = now_seconds();
  CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(g.spin), NULL, 0, NULL, 0),
                      "deadline exceeded");
  double took = now_seconds() - t0;
  CHECK(took >= 0.045);
  CHECK(took < 10.0);
  printf("deadline of 50 ms fired after %.1f ms\n", took * 1000.0);
  /* A passed deadline stays until cleared: the next call traps at once. */
  CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(g.spin), NULL, 0, NULL, 0),
                      "deadline exceeded");
  wacapi_store_clear_deadline(g.store);
  CHECK_EQ(count_to(&g, 1000), 1000);
  /* A deadline far away does not disturb calls that end before it. */
  CHECK(wacapi_store_set_deadline(g.store, 3600ULL * 1000000000ULL));
  CHECK_EQ(count_to(&g, 100000), 100000);
  /* Further than the clock can say is no deadline. */
  CHECK(wacapi_store_set_deadline(g.store, UINT64_MAX));
  CHECK_EQ(count_to(&g, 10), 10);
  wacapi_store_clear_deadline(g.store);
  guest_close(&g);
}

/* The embedder's check: interrupts on its third slice. */
static int checks;
static bool check_third(void* env) {
  CHECK(env == &checks);
  return ++checks >= 3;
}

static void test_interrupt_check_and_slices(void) {
  guest_t g;
  guest_open(&g, engine_with(true, false));
  CHECK(!wacapi_store_set_fuel_slice(g.store, 0));
  CHECK_STR_CONTAINS(last_error(), "slice of 0");
  CHECK(wacapi_store_set_fuel_slice(g.store, 1000));
  CHECK(wacapi_store_set_interrupt_check(g.store, check_third, &checks));
  CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(g.spin), NULL, 0, NULL, 0), "interrupted");
  CHECK_EQ(checks, 3);
  /* Removed, it is asked no more. */
  CHECK(wacapi_store_set_interrupt_check(g.store, NULL, NULL));
  CHECK_EQ(count_to(&g, 100000), 100000);
  CHECK_EQ(checks, 3);
  guest_close(&g);
}

/* Slicing never changes how much fuel a call uses. */
static void test_fuel_accounting_is_exact(void) {
  uint64_t used[2];
  for (int sliced = 0; sliced < 2; sliced++) {
    guest_t g;
    guest_open(&g, engine_with(true, true));
    CHECK(wacapi_store_set_fuel(g.store, 10000000));
    if (sliced) {
      CHECK(wacapi_store_set_fuel_slice(g.store, 777));
      CHECK(wacapi_store_set_deadline(g.store, 3600ULL * 1000000000ULL));
    }
    uint64_t fuel = 0;
    CHECK(wacapi_store_get_fuel(g.store, &fuel));
    CHECK_EQ(fuel, 10000000);
    CHECK_EQ(count_to(&g, 20000), 20000);
    CHECK(wacapi_store_get_fuel(g.store, &fuel));
    used[sliced] = 10000000 - fuel;
    /* Running out mid-slice is still the ordinary out-of-fuel trap. */
    CHECK(wacapi_store_set_fuel(g.store, 5000));
    CHECK_TRAP_CONTAINS(call(wasm_extern_as_func(g.spin), NULL, 0, NULL, 0),
                        "all fuel consumed by WebAssembly");
    CHECK(wacapi_store_get_fuel(g.store, &fuel));
    CHECK(fuel < 100);
    guest_close(&g);
  }
  CHECK(used[0] > 20000);
  CHECK_EQ(used[0], used[1]);
}

/* Engines that cannot interrupt refuse, with a reason; NULL arguments are refused. */
static void test_refusals(void) {
  guest_t g;
  guest_open(&g, wasm_engine_new());
  CHECK(wacapi_store_interrupt_handle(g.store) == NULL);
  CHECK_STR_CONTAINS(last_error(), "wacapi_config_interruptible");
  CHECK(!wacapi_store_set_deadline(g.store, 1000));
  CHECK_STR_CONTAINS(last_error(), "cannot interrupt");
  CHECK(!wacapi_store_set_interrupt_check(g.store, check_third, NULL));
  CHECK(!wacapi_store_set_fuel_slice(g.store, 10));
  CHECK(!wacapi_store_set_yield_interval(g.store, 10));
  CHECK_EQ(count_to(&g, 10), 10);
  guest_close(&g);

  /* Switched on and off again, the engine is as if never switched. */
  guest_open(&g, engine_with(false, false));
  CHECK(wacapi_store_interrupt_handle(g.store) == NULL);
  uint64_t fuel;
  CHECK(!wacapi_store_get_fuel(g.store, &fuel));
  guest_close(&g);

  /* Interruptible without fuel accounting: fuel stays the embedder's business. */
  guest_open(&g, engine_with(true, false));
  CHECK(!wacapi_store_get_fuel(g.store, &fuel));
  CHECK_STR_CONTAINS(last_error(), "fuel metering is disabled");
  CHECK(!wacapi_store_set_fuel(g.store, 10));
  guest_close(&g);

  wacapi_config_interruptible(NULL, true);
  CHECK_STR_CONTAINS(last_error(), "config is NULL");
  CHECK(wacapi_store_interrupt_handle(NULL) == NULL);
  CHECK_STR_CONTAINS(last_error(), "store is NULL");
  CHECK(!wacapi_store_set_deadline(NULL, 1));
  CHECK_STR_CONTAINS(last_error(), "store is NULL");
  wacapi_store_clear_deadline(NULL);
  CHECK_STR_CONTAINS(last_error(), "store is NULL");
  CHECK(!wacapi_store_set_interrupt_check(NULL, NULL, NULL));
  CHECK(!wacapi_store_set_fuel_slice(NULL, 1));
  CHECK(!wacapi_store_set_yield_interval(NULL, 1));
  wacapi_interrupt(NULL);
  CHECK_STR_CONTAINS(last_error(), "handle is NULL");
  wacapi_interrupt_handle_delete(NULL);
  /* A pointer of another kind is not a handle. */
  wasm_engine_t* engine = wasm_engine_new();
  wacapi_interrupt((wacapi_interrupt_handle_t*)engine);
  CHECK_STR_CONTAINS(last_error(), "not a live wacapi_interrupt_handle_t");
  wasm_engine_delete(engine);
}

int main(void) {
  alarm(120); /* a hang is a failure, never a stuck CI job */
  test_interrupt_from_thread();
  test_deadline();
  test_interrupt_check_and_slices();
  test_fuel_accounting_is_exact();
  test_refusals();
  test_ok();
  return 0;
}
