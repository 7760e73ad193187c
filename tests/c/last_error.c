/* wacapi_last_error: "" (never NULL) before anything failed, a message after
 * a failure, kept per thread. */
#include "util.h"

#include <pthread.h>

static void* fresh_thread(void* arg) {
  (void)arg;
  /* a new thread has seen no failure, whatever other threads did */
  const char* e = wacapi_last_error();
  if (e == NULL || e[0] != '\0') return (void*)1;
  /* fail here: this thread's message, not the main thread's */
  wasm_byte_vec_t in, out;
  bytes_from_string(&in, "(module (func (thread_local_bad_op)))");
  bool ok = wacapi_wat2wasm(&in, &out);
  wasm_byte_vec_delete(&in);
  if (ok) return (void*)2;
  e = wacapi_last_error();
  if (e == NULL || e[0] == '\0') return (void*)3;
  return NULL;
}

int main(void) {
  const char* e = wacapi_last_error();
  CHECK(e != NULL);
  CHECK_EQ(e[0], '\0');

  /* successes do not invent an error */
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* m = module_from_wat(store, "(module)");
  wasm_module_delete(m);
  e = wacapi_last_error();
  CHECK(e != NULL);
  CHECK_EQ(e[0], '\0');

  /* a failure leaves a message */
  static const char junk[] = {1, 2, 3, 4};
  wasm_byte_vec_t b;
  wasm_byte_vec_new(&b, sizeof junk, junk);
  CHECK(wasm_module_new(store, &b) == NULL);
  wasm_byte_vec_delete(&b);
  e = wacapi_last_error();
  CHECK(e != NULL);
  CHECK(e[0] != '\0');
  size_t len = strlen(e);
  CHECK(len < 100000);
  char* saved = malloc(len + 1);
  memcpy(saved, e, len + 1);

  /* the message is readable text */
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)e[i];
    CHECK(c >= 0x20 || c == '\n' || c == '\t');
  }

  /* another thread sees its own state */
  pthread_t th;
  void* rv = (void*)99;
  CHECK_EQ(pthread_create(&th, NULL, fresh_thread, NULL), 0);
  CHECK_EQ(pthread_join(th, &rv), 0);
  CHECK(rv == NULL);
  /* and ours is untouched by it */
  CHECK(strcmp(wacapi_last_error(), saved) == 0);

  /* a later failure replaces the message */
  wasm_byte_vec_t in, out;
  bytes_from_string(&in, "(module (func (another_bad_op)))");
  CHECK(!wacapi_wat2wasm(&in, &out));
  wasm_byte_vec_delete(&in);
  CHECK(wacapi_last_error()[0] != '\0');
  CHECK(strcmp(wacapi_last_error(), saved) != 0);

  free(saved);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
