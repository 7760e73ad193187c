/* Config, engine and store: creation, ownership, deletion, NULL handling. */
#include "util.h"

int main(void) {
  /* Config: created, deleted unused. */
  wasm_config_t* config = wasm_config_new();
  CHECK(config != NULL);
  wasm_config_delete(config);
  wasm_config_delete(NULL);

  /* Engine from defaults. */
  wasm_engine_t* engine = wasm_engine_new();
  CHECK(engine != NULL);

  /* Engine from a config: the engine takes the config. */
  config = wasm_config_new();
  CHECK(config != NULL);
  wasm_engine_t* engine2 = wasm_engine_new_with_config(config);
  CHECK(engine2 != NULL);

  /* No config: either NULL or an engine with defaults, never a crash. */
  wasm_engine_t* engine3 = wasm_engine_new_with_config(NULL);
  if (engine3 != NULL) {
    wasm_store_t* s3 = wasm_store_new(engine3);
    CHECK(s3 != NULL);
    wasm_store_delete(s3);
    wasm_engine_delete(engine3);
  }

  /* Several stores per engine, each usable on its own. */
  wasm_store_t* a = wasm_store_new(engine);
  wasm_store_t* b = wasm_store_new(engine);
  wasm_store_t* c = wasm_store_new(engine2);
  CHECK(a != NULL && b != NULL && c != NULL);
  CHECK(a != b);

  const char* wat = "(module (func (export \"f\") (result i32) i32.const 7))";
  wasm_store_t* stores[3] = {a, b, c};
  for (int i = 0; i < 3; i++) {
    wasm_module_t* m = module_from_wat(stores[i], wat);
    wasm_instance_t* inst = instantiate(stores[i], m, NULL, 0);
    wasm_extern_vec_t ex;
    wasm_instance_exports(inst, &ex);
    CHECK_EQ(ex.size, 1);
    CHECK_EQ(call_i32(export_func(&ex, 0), NULL, 0), 7);
    wasm_extern_vec_delete(&ex);
    wasm_instance_delete(inst);
    wasm_module_delete(m);
  }

  /* A store without an engine cannot exist. */
  CHECK(wasm_store_new(NULL) == NULL);

  wasm_store_delete(a);
  wasm_store_delete(b);
  wasm_store_delete(c);
  wasm_store_delete(NULL);
  wasm_engine_delete(engine);
  wasm_engine_delete(engine2);
  wasm_engine_delete(NULL);

  /* Create and drop many engines and stores: nothing accumulates. */
  for (int i = 0; i < 50; i++) {
    wasm_engine_t* e = wasm_engine_new();
    CHECK(e != NULL);
    wasm_store_t* s = wasm_store_new(e);
    CHECK(s != NULL);
    wasm_store_delete(s);
    wasm_engine_delete(e);
  }

  test_ok();
  return 0;
}
