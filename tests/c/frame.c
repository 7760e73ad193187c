/* wasm_frame_t: traps carry no frames here, so every frame function is
 * exercised with NULL, and frame vectors with NULL elements. */
#include "util.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* a trap from wasm: no origin, empty trace */
  wasm_module_t* m = module_from_wat(
      store, "(module (func (export \"f\") unreachable))");
  wasm_instance_t* inst = instantiate(store, m, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_trap_t* trap = call(export_func(&ex, 0), NULL, 0, NULL, 0);
  CHECK(trap != NULL);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin == NULL);
  wasm_frame_vec_t trace;
  trace.size = 3;
  wasm_trap_trace(trap, &trace);
  CHECK_EQ(trace.size, 0);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  /* every frame function with NULL */
  CHECK(wasm_frame_copy(NULL) == NULL);
  CHECK(wasm_frame_instance(NULL) == NULL);
  (void)wasm_frame_func_index(NULL);
  (void)wasm_frame_func_offset(NULL);
  (void)wasm_frame_module_offset(NULL);
  wasm_frame_delete(NULL);

  /* frame vectors holding NULL frames */
  wasm_frame_t* frames[2] = {NULL, NULL};
  wasm_frame_vec_t v, c;
  wasm_frame_vec_new(&v, 2, frames);
  CHECK_EQ(v.size, 2);
  wasm_frame_vec_copy(&c, &v);
  CHECK_EQ(c.size, 2);
  CHECK(c.data[0] == NULL && c.data[1] == NULL);
  wasm_frame_vec_delete(&c);
  wasm_frame_vec_delete(&v);
  wasm_frame_vec_new_uninitialized(&v, 4);
  CHECK_EQ(v.size, 4);
  wasm_frame_vec_delete(&v);
  wasm_frame_vec_new_empty(&v);
  CHECK_EQ(v.size, 0);
  wasm_frame_vec_delete(&v);
  wasm_frame_vec_delete(NULL);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
