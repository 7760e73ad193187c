/* wacapi_func_call_many: columns in, columns out — every numeric type, no parameters or
 * results, several results, the general path (four parameters), host functions, a watched
 * (sliced) store; a trap part way (done counts the calls that returned, their results are
 * written, later ones are not); refusals (NULL func, args, columns; a reference type). */
#include "util.h"

static wasm_trap_t* twice_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I64;
  results->data[0].of.i64 = 2 * args->data[0].of.i64;
  return NULL;
}

static void run(int sliced) {
  wasm_config_t* config = wasm_config_new();
  wacapi_config_interruptible(config, sliced);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_interrupt_handle_t* handle = sliced ? wacapi_store_interrupt_handle(store) : NULL;
  wasm_module_t* module = module_from_wat(
      store,
      "(module"
      " (global $n (export \"n\") (mut i32) (i32.const 0))"
      " (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))"
      " (func (export \"mix\") (param i32 i64 f32) (result f64)"
      "  (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))"
      "   (f64.promote_f32 (local.get 2))))"
      " (func (export \"tick\") (global.set $n (i32.add (global.get $n) (i32.const 1))))"
      " (func (export \"divmod\") (param i32 i32) (result i32 i32)"
      "  (i32.div_s (local.get 0) (local.get 1)) (i32.rem_s (local.get 0) (local.get 1)))"
      " (func (export \"sum4\") (param i64 i64 i64 i64) (result i64)"
      "  (i64.add (i64.add (local.get 0) (local.get 1)) (i64.add (local.get 2) (local.get 3))))"
      " (func (export \"ref\") (param externref) (result i32) (i32.const 1)))");
  wasm_instance_t* inst = instantiate(store, module, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_global_t* n = export_global(&ex, 0);
  const wasm_func_t *add = export_func(&ex, 1), *mix = export_func(&ex, 2),
                    *tick = export_func(&ex, 3), *divmod = export_func(&ex, 4),
                    *sum4 = export_func(&ex, 5), *ref = export_func(&ex, 6);

  enum { N = 1000 };
  static int32_t a[N], b[N], r[N], q[N];
  static int64_t l[N], l2[N], lr[N];
  static float f[N];
  static double d[N];
  for (int i = 0; i < N; i++) {
    a[i] = i;
    b[i] = 3 * i - 7;
    l[i] = (int64_t)i << 33;
    l2[i] = -i;
    f[i] = (float)i + 0.5f;
    r[i] = q[i] = -1;
  }
  size_t done = 12345;

  /* (i32, i32) -> i32 */
  const void* add_args[2] = {a, b};
  void* add_res[1] = {r};
  CHECK_NO_TRAP(wacapi_func_call_many(add, add_args, add_res, N, &done));
  CHECK_EQ(done, N);
  for (int i = 0; i < N; i++) CHECK_EQ(r[i], a[i] + b[i]);

  /* (i32, i64, f32) -> f64 */
  const void* mix_args[3] = {a, l, f};
  void* mix_res[1] = {d};
  CHECK_NO_TRAP(wacapi_func_call_many(mix, mix_args, mix_res, N, NULL));
  for (int i = 0; i < N; i++) CHECK(d[i] == (double)a[i] + (double)l[i] + (double)f[i]);

  /* () -> (): no columns at all */
  CHECK_NO_TRAP(wacapi_func_call_many(tick, NULL, NULL, N, &done));
  CHECK_EQ(done, N);
  wasm_val_t got;
  wasm_global_get(n, &got);
  CHECK_EQ(got.of.i32, N);

  /* Four parameters (the general path). */
  const void* sum_args[4] = {l, l2, l, l2};
  void* sum_res[1] = {lr};
  CHECK_NO_TRAP(wacapi_func_call_many(sum4, sum_args, sum_res, N, &done));
  for (int i = 0; i < N; i++) CHECK_EQ(lr[i], 2 * (l[i] + l2[i]));

  /* Two results, and a zero divisor at row 500. */
  for (int i = 0; i < N; i++) b[i] = i == 500 ? 0 : i % 9 + 1;
  const void* dm_args[2] = {a, b};
  void* dm_res[2] = {r, q};
  for (int i = 0; i < N; i++) r[i] = q[i] = -1;
  wasm_trap_t* trap = wacapi_func_call_many(divmod, dm_args, dm_res, N, &done);
  CHECK_TRAP_CONTAINS(trap, "divide by zero");
  CHECK_EQ(done, 500);
  for (int i = 0; i < 500; i++) {
    CHECK_EQ(r[i], a[i] / b[i]);
    CHECK_EQ(q[i], a[i] % b[i]);
  }
  CHECK_EQ(r[500], -1);
  CHECK_EQ(r[N - 1], -1);

  /* A host function, called from C through its typed entry. */
  wasm_valkind_t i64k = WASM_I64;
  wasm_functype_t* ft = functype_of(1, &i64k, 1, &i64k);
  wasm_func_t* twice = wasm_func_new(store, ft, twice_cb);
  wasm_functype_delete(ft);
  const void* tw_args[1] = {l};
  void* tw_res[1] = {lr};
  CHECK_NO_TRAP(wacapi_func_call_many(twice, tw_args, tw_res, N, &done));
  for (int i = 0; i < N; i++) CHECK_EQ(lr[i], 2 * l[i]);
  wasm_func_delete(twice);

  /* Nothing to do. */
  CHECK_NO_TRAP(wacapi_func_call_many(add, NULL, NULL, 0, &done));
  CHECK_EQ(done, 0);

  /* Refusals: a trap with the reason, nothing called. */
  CHECK_TRAP_CONTAINS(wacapi_func_call_many(NULL, add_args, add_res, N, &done), "func is NULL");
  CHECK_EQ(done, 0);
  CHECK_TRAP_CONTAINS(wacapi_func_call_many(add, NULL, add_res, N, &done), "args is NULL");
  CHECK_TRAP_CONTAINS(wacapi_func_call_many(add, add_args, NULL, N, &done), "results is NULL");
  const void* half[2] = {a, NULL};
  CHECK_TRAP_CONTAINS(wacapi_func_call_many(add, half, add_res, N, &done), "args[1] is NULL");
  CHECK_STR_CONTAINS(wacapi_last_error(), "args[1] is NULL");
  CHECK_TRAP_CONTAINS(wacapi_func_call_many(ref, add_args, add_res, N, &done),
                      "parameter 0 has type externref");
  CHECK_EQ(done, 0);
  /* Not a function: a global's extern. */
  CHECK_TRAP_CONTAINS(
      wacapi_func_call_many((const wasm_func_t*)wasm_global_as_ref(n), add_args, add_res, N, &done),
      "expected a func");

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  if (handle) wacapi_interrupt_handle_delete(handle);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(void) {
  run(0);
  run(1);
  test_ok();
  return 0;
}
