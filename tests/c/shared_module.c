/* wasm_module_share / wasm_module_obtain / wasm_shared_module_delete: a
 * module compiled once and used from several threads, each with its own
 * store of the same engine; the shared module outlives the original; NULL. */
#include "util.h"

#include <pthread.h>

#define THREADS 6
#define ROUNDS 20

static wasm_engine_t* engine;
static wasm_shared_module_t* shared;

static wasm_trap_t* host_id(void* env, const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = *(int*)env;
  return NULL;
}

typedef struct {
  int id;
  int result; /* 0 on success, else the failing step */
} job_t;

static void* worker(void* p) {
  job_t* job = p;
  wasm_store_t* store = wasm_store_new(engine);
  if (!store) { job->result = 1; return NULL; }
  wasm_functype_t* ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
  for (int round = 0; round < ROUNDS; round++) {
    wasm_module_t* m = wasm_module_obtain(store, shared);
    if (!m) { job->result = 2; break; }
    wasm_exporttype_vec_t exs;
    wasm_module_exports(m, &exs);
    bool names_ok = exs.size == 1 && name_is(wasm_exporttype_name(exs.data[0]), "run");
    wasm_exporttype_vec_delete(&exs);
    if (!names_ok) { job->result = 3; wasm_module_delete(m); break; }
    wasm_func_t* f = wasm_func_new_with_env(store, ft, host_id, &job->id, NULL);
    wasm_extern_t* ims[1] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t iv = {1, ims};
    wasm_instance_t* inst = wasm_instance_new(store, m, &iv, NULL);
    if (!inst) { job->result = 4; wasm_func_delete(f); wasm_module_delete(m); break; }
    wasm_extern_vec_t ex;
    wasm_instance_exports(inst, &ex);
    wasm_val_t args[1] = {WASM_I32_VAL(round)};
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(args);
    wasm_val_vec_t rv = WASM_ARRAY_VEC(res);
    wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(ex.data[0]), &av, &rv);
    if (trap) { job->result = 5; wasm_trap_delete(trap); }
    else if (res[0].of.i32 != job->id * 1000 + round) job->result = 6;
    wasm_extern_vec_delete(&ex);
    wasm_instance_delete(inst);
    wasm_func_delete(f);
    wasm_module_delete(m);
    if (job->result) break;
  }
  wasm_functype_delete(ft);
  wasm_store_delete(store);
  return NULL;
}

int main(void) {
  engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* m = module_from_wat(
      store,
      "(module (import \"host\" \"id\" (func $id (result i32)))\n"
      "  (func (export \"run\") (param i32) (result i32)\n"
      "    (i32.add (i32.mul (call $id) (i32.const 1000)) (local.get 0))))");
  shared = wasm_module_share(m);
  CHECK(shared != NULL);
  /* the shared module does not depend on the original handle */
  wasm_module_delete(m);

  /* obtain in the same thread, in the original store and a new one */
  wasm_module_t* again = wasm_module_obtain(store, shared);
  CHECK(again != NULL);
  wasm_importtype_vec_t im;
  wasm_module_imports(again, &im);
  CHECK_EQ(im.size, 1);
  CHECK(name_is(wasm_importtype_name(im.data[0]), "id"));
  wasm_importtype_vec_delete(&im);
  /* sharing an obtained module works too */
  wasm_shared_module_t* shared2 = wasm_module_share(again);
  CHECK(shared2 != NULL);
  wasm_module_delete(again);
  wasm_module_t* third = wasm_module_obtain(store, shared2);
  CHECK(third != NULL);
  wasm_module_delete(third);
  wasm_shared_module_delete(shared2);

  /* several threads at once */
  pthread_t th[THREADS];
  job_t jobs[THREADS];
  for (int i = 0; i < THREADS; i++) {
    jobs[i].id = i + 1;
    jobs[i].result = 0;
    CHECK_EQ(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
  }
  for (int i = 0; i < THREADS; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
    if (jobs[i].result != 0) {
      fprintf(stderr, "thread %d failed at step %d\n", i, jobs[i].result);
      return 1;
    }
  }

  /* obtain in a store of another engine: either works fully or gives NULL */
  wasm_engine_t* engine2 = wasm_engine_new();
  wasm_store_t* store2 = wasm_store_new(engine2);
  wasm_module_t* other = wasm_module_obtain(store2, shared);
  if (other != NULL) {
    wasm_exporttype_vec_t exs;
    wasm_module_exports(other, &exs);
    CHECK_EQ(exs.size, 1);
    wasm_exporttype_vec_delete(&exs);
    wasm_module_delete(other);
  }
  wasm_store_delete(store2);
  wasm_engine_delete(engine2);

  /* NULL */
  CHECK(wasm_module_share(NULL) == NULL);
  CHECK(wasm_module_obtain(NULL, shared) == NULL);
  CHECK(wasm_module_obtain(store, NULL) == NULL);
  wasm_shared_module_delete(NULL);

  wasm_shared_module_delete(shared);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
