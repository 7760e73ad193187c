/* Counts the cost of wasm_func_call (add) and of a callback round trip; benches/callgrind/run.sh
 * runs it under callgrind. Usage: calls N add|cb [sliced]; "sliced" makes the store watched
 * (interruptible engine and an interrupt handle), so its calls run in fuel slices. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "wasm.h"
#include "wacapi.h"

static wasm_trap_t *cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0] = args->data[0];
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 200000;
  const char *wat =
      "(module (import \"env\" \"cb\" (func $cb (param i32) (result i32)))"
      " (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))"
      " (func (export \"run\") (param $n i32) (result i32) (local $i i32) (local $s i32)"
      "  (block (loop (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))"
      "   (local.set $s (i32.add (local.get $s) (call $cb (local.get $i))))"
      "   (local.set $i (i32.add (local.get $i) (i32.const 1))) (br 0))) (local.get $s)))";
  wasm_byte_vec_t text, bin;
  wasm_byte_vec_new(&text, strlen(wat), wat);
  if (!wacapi_wat2wasm(&text, &bin)) return 1;
  int sliced = argc > 3 && strcmp(argv[3], "sliced") == 0;
  wasm_config_t *config = wasm_config_new();
  wacapi_config_interruptible(config, sliced);
  wasm_engine_t *engine = wasm_engine_new_with_config(config);
  wasm_store_t *store = wasm_store_new(engine);
  wacapi_interrupt_handle_t *handle = sliced ? wacapi_store_interrupt_handle(store) : NULL;
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *f = wasm_func_new(store, ft, cb);
  wasm_extern_t *imports[1] = {wasm_func_as_extern(f)};
  wasm_extern_vec_t iv = {1, imports};
  wasm_instance_t *inst = wasm_instance_new(store, module, &iv, NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  const wasm_func_t *add = wasm_extern_as_func(ex.data[0]);
  const wasm_func_t *run = wasm_extern_as_func(ex.data[1]);
  wasm_val_t a[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = {2, a}, rv = {1, r};
  const char *mode = argc > 2 ? argv[2] : "add";
  long sum = 0;
  if (strcmp(mode, "add") == 0) {
    for (int i = 0; i < n; i++) { wasm_func_call(add, &av, &rv); sum += r[0].of.i32; }
  } else if (strcmp(mode, "cb") == 0) {
    wasm_val_t na[1] = {WASM_I32_VAL(n)};
    wasm_val_vec_t nv = {1, na};
    wasm_func_call(run, &nv, &rv); sum = r[0].of.i32;
  }
  printf("%s %d %ld\n", mode, n, sum);
  if (handle) wacapi_interrupt_handle_delete(handle);
  return 0;
}
