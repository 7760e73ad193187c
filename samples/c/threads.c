/* threads.c - one engine and one compiled module used by many threads.
 *
 * The module is compiled once and shared with wasm_module_share. Ten threads
 * each run several rounds; every round makes its own store, gets the module
 * with wasm_module_obtain, instantiates it with a host function and a host
 * global as imports, and calls "run". Stores are used by one thread only;
 * the engine and the shared module are used by all. Nothing is printed until
 * all threads have been joined, so the output is the same on every run.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

#define THREADS 10
#define ROUNDS 8

/* run(n) reports the thread's id to the host, then returns 1 + 2 + ... + n. */
static const char *WAT =
    "(module\n"
    "  (import \"host\" \"report\" (func $report (param i32)))\n"
    "  (import \"host\" \"id\" (global $id i32))\n"
    "  (func (export \"run\") (param $n i32) (result i32)\n"
    "    (local $i i32) (local $acc i32)\n"
    "    (call $report (global.get $id))\n"
    "    (block $done\n"
    "      (loop $next\n"
    "        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))\n"
    "        (local.set $acc (i32.add (local.get $acc) (local.get $i)))\n"
    "        (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "        (br $next)))\n"
    "    (local.get $acc)))\n";

typedef struct {
  wasm_engine_t *engine;
  const wasm_shared_module_t *shared;
  int id;
  /* Results, read by main after join. */
  int rounds_done;
  int reports;       /* calls of the host function */
  int wrong_reports; /* calls that passed another thread's id */
  long total;        /* sum of the results of run */
  char error[128];
} worker_t;

/* The env of the host function is the worker that owns the store. */
static wasm_trap_t *report_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)results;
  worker_t *w = env;
  w->reports++;
  if (args->data[0].of.i32 != w->id) w->wrong_reports++;
  return NULL;
}

static void set_error(worker_t *w, const char *what) {
  snprintf(w->error, sizeof w->error, "%s failed: %s", what, wacapi_last_error());
}

static bool one_round(worker_t *w, int round) {
  bool ok = false;
  wasm_store_t *store = wasm_store_new(w->engine);
  wasm_module_t *module = NULL;
  wasm_func_t *report = NULL;
  wasm_global_t *id = NULL;
  wasm_instance_t *instance = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;

  module = wasm_module_obtain(store, w->shared);
  if (!module) {
    set_error(w, "wasm_module_obtain");
    goto out;
  }
  wasm_functype_t *report_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  report = wasm_func_new_with_env(store, report_type, report_cb, w, NULL);
  wasm_functype_delete(report_type);
  wasm_globaltype_t *id_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t id_value = WASM_I32_VAL(w->id);
  id = wasm_global_new(store, id_type, &id_value);
  wasm_globaltype_delete(id_type);
  if (!report || !id) {
    set_error(w, "making the imports");
    goto out;
  }

  wasm_extern_t *import_list[] = {wasm_func_as_extern(report), wasm_global_as_extern(id)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    set_error(w, "wasm_instance_new");
    goto out;
  }
  wasm_instance_exports(instance, &exports);
  const wasm_func_t *run = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
  if (!run) {
    snprintf(w->error, sizeof w->error, "export \"run\" is missing");
    goto out;
  }

  int32_t n = 100 * w->id + round;
  wasm_val_t arg_vals[1] = {WASM_I32_VAL(n)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  wasm_trap_t *trap = wasm_func_call(run, &args, &results);
  if (trap) {
    wasm_trap_delete(trap);
    snprintf(w->error, sizeof w->error, "run trapped");
    goto out;
  }
  w->total += result_vals[0].of.i32;
  w->rounds_done++;
  ok = true;

out:
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (report) wasm_func_delete(report);
  if (id) wasm_global_delete(id);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  return ok;
}

static void *worker_main(void *arg) {
  worker_t *w = arg;
  for (int round = 0; round < ROUNDS; round++)
    if (!one_round(w, round)) break;
  return NULL;
}

/* What a thread's total must be: the sum over rounds of n * (n + 1) / 2. */
static long expected_total(int id) {
  long sum = 0;
  for (int round = 0; round < ROUNDS; round++) {
    long n = 100L * id + round;
    sum += n * (n + 1) / 2;
  }
  return sum;
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_shared_module_t *shared = NULL;
  worker_t workers[THREADS];
  pthread_t threads[THREADS];
  int started = 0;

  /* Compile once, in a store used only for that. */
  {
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t text;
    wasm_byte_vec_t binary = WASM_EMPTY_VEC;
    wasm_byte_vec_new(&text, strlen(WAT), WAT);
    bool ok = wacapi_wat2wasm(&text, &binary);
    wasm_byte_vec_delete(&text);
    wasm_module_t *module = ok ? wasm_module_new(store, &binary) : NULL;
    wasm_byte_vec_delete(&binary);
    if (module) {
      shared = wasm_module_share(module);
      wasm_module_delete(module);
    }
    wasm_store_delete(store);
    if (!shared) {
      fprintf(stderr, "error: compiling and sharing the module failed: %s\n", wacapi_last_error());
      goto done;
    }
  }

  printf("%d threads x %d rounds, each round with its own store\n", THREADS, ROUNDS);
  for (int i = 0; i < THREADS; i++) {
    workers[i] = (worker_t){.engine = engine, .shared = shared, .id = i};
    if (pthread_create(&threads[i], NULL, worker_main, &workers[i]) != 0) {
      fprintf(stderr, "error: pthread_create failed\n");
      break;
    }
    started++;
  }
  for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
  if (started != THREADS) goto done;

  status = 0;
  for (int i = 0; i < THREADS; i++) {
    const worker_t *w = &workers[i];
    printf("thread %d: %d rounds, %d host calls, total %ld\n", i, w->rounds_done, w->reports, w->total);
    if (w->error[0]) fprintf(stderr, "error: thread %d: %s\n", i, w->error);
    if (w->rounds_done != ROUNDS || w->reports != ROUNDS || w->wrong_reports != 0 ||
        w->total != expected_total(i))
      status = 1;
  }
  printf("%s\n", status == 0 ? "all threads got the expected results" : "SOME THREADS FAILED");

done:
  if (shared) wasm_shared_module_delete(shared);
  wasm_engine_delete(engine);
  return status;
}
