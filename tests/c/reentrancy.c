/* Re-entering the engine from a host callback: while wasm is on the stack,
 * the callback calls another export of the same instance, reads and writes
 * the exported memory, gets and sets an exported global, and even calls back
 * into the export that is running (nested host -> wasm -> host). */
#include "util.h"

static wasm_func_t* helper;  /* (i32) -> i32: x * 3 + g */
static wasm_func_t* run;     /* (i32) -> i32 */
static wasm_memory_t* mem;
static wasm_global_t* glob;
static int depth = 0;
static int max_depth = 0;
static int callbacks = 0;

static wasm_trap_t* cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  callbacks++;
  depth++;
  if (depth > max_depth) max_depth = depth;
  int32_t n = args->data[0].of.i32;

  /* wasm stored n at address 16 before calling us */
  int32_t seen;
  memcpy(&seen, wasm_memory_data(mem) + 16, 4);
  CHECK_EQ(seen, n);
  CHECK(wasm_memory_data_size(mem) >= 65536);

  /* read and write the global */
  wasm_val_t g;
  wasm_global_get(glob, &g);
  CHECK_EQ(g.kind, WASM_I32);
  wasm_val_t ng = WASM_I32_VAL(g.of.i32 + 1);
  wasm_global_set(glob, &ng);

  /* call another export of the same instance */
  int32_t x = 5;
  int32_t h = call_i32(helper, &x, 1);
  CHECK_EQ(h, 15 + g.of.i32 + 1);

  /* write memory for wasm to read after we return */
  int32_t out = n * 100;
  memcpy(wasm_memory_data(mem) + 32, &out, 4);

  /* recurse through wasm once more */
  if (n > 0) {
    int32_t m = n - 1;
    int32_t r = call_i32(run, &m, 1);
    CHECK_EQ(r, m * 100);
    /* the inner run overwrote address 32; put ours back */
    memcpy(wasm_memory_data(mem) + 32, &out, 4);
  }

  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = h;
  depth--;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* m = module_from_wat(
      store,
      "(module\n"
      "  (import \"env\" \"cb\" (func $cb (param i32) (result i32)))\n"
      "  (memory (export \"mem\") 1)\n"
      "  (global $g (export \"g\") (mut i32) (i32.const 0))\n"
      "  (func $helper (export \"helper\") (param i32) (result i32)\n"
      "    (i32.add (i32.mul (local.get 0) (i32.const 3)) (global.get $g)))\n"
      "  (func (export \"run\") (param i32) (result i32)\n"
      "    (i32.store (i32.const 16) (local.get 0))\n"
      "    (drop (call $cb (local.get 0)))\n"
      "    (i32.load (i32.const 32))))");
  wasm_functype_t* ft =
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(store, ft, cb);
  wasm_functype_delete(ft);
  wasm_extern_t* ims[1] = {wasm_func_as_extern(f)};
  wasm_instance_t* inst = instantiate(store, m, ims, 1);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ(ex.size, 4);
  mem = export_memory(&ex, 0);
  glob = export_global(&ex, 1);
  helper = export_func(&ex, 2);
  run = export_func(&ex, 3);

  int32_t n = 0;
  CHECK_EQ(call_i32(run, &n, 1), 0);
  CHECK_EQ(callbacks, 1);
  n = 3;
  CHECK_EQ(call_i32(run, &n, 1), 300);
  CHECK_EQ(callbacks, 5);
  CHECK_EQ(max_depth, 4);
  CHECK_EQ(depth, 0);

  /* the global was bumped once per callback, visible to wasm and host */
  wasm_val_t g;
  wasm_global_get(glob, &g);
  CHECK_EQ(g.of.i32, 5);
  int32_t one = 1;
  CHECK_EQ(call_i32(helper, &one, 1), 3 + 5);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_func_delete(f);
  wasm_module_delete(m);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
