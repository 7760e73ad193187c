/* wasm_instance_t: positional imports of every kind, exports in declaration
 * order, link errors (missing, wrong kind, wrong type, too small) -> NULL with
 * wacapi_last_error naming the import, start functions (effects, traps handed
 * out), linking two instances, copy/same, NULL. */
#include "util.h"

static wasm_store_t* store;

static const char* WAT =
    "(module\n"
    "  (import \"env\" \"add\" (func $add (param i32 i32) (result i32)))\n"
    "  (import \"env\" \"base\" (global $base i32))\n"
    "  (import \"env\" \"mem\" (memory 1))\n"
    "  (import \"env\" \"tab\" (table 1 funcref))\n"
    "  (func (export \"run\") (param i32) (result i32)\n"
    "    (i32.store (i32.const 0) (call $add (local.get 0) (global.get $base)))\n"
    "    (i32.load (i32.const 0)))\n"
    "  (func (export \"call_tab\") (result i32)\n"
    "    (call_indirect (result i32) (i32.const 0))))\n";

static wasm_trap_t* add_cb(const wasm_val_vec_t* args,
                           wasm_val_vec_t* results) {
  CHECK_EQ(args->size, 2);
  CHECK_EQ(results->size, 1);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  return NULL;
}

static wasm_trap_t* ninety_nine(const wasm_val_vec_t* args,
                                wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 99;
  return NULL;
}

static int start_calls = 0;
static wasm_trap_t* count_cb(const wasm_val_vec_t* args,
                             wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  start_calls++;
  return NULL;
}

static wasm_trap_t* abort_cb(const wasm_val_vec_t* args,
                             wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "host says no");
  wasm_trap_t* t = wasm_trap_new(store, &msg);
  wasm_byte_vec_delete(&msg);
  return t;
}

static wasm_global_t* new_global(wasm_valkind_t kind, wasm_mutability_t mut,
                                 int64_t value) {
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new(kind), mut);
  wasm_val_t v;
  v.kind = kind;
  if (kind == WASM_I32) v.of.i32 = (int32_t)value;
  else v.of.i64 = value;
  wasm_global_t* g = wasm_global_new(store, gt, &v);
  wasm_globaltype_delete(gt);
  CHECK(g != NULL);
  return g;
}

static wasm_memory_t* new_memory(uint32_t min, uint32_t max) {
  wasm_limits_t l = {min, max};
  wasm_memorytype_t* mt = wasm_memorytype_new(&l);
  wasm_memory_t* m = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  CHECK(m != NULL);
  return m;
}

/* Instantiation must fail and the error must name module and field. */
static void check_link_error(const wasm_module_t* module, wasm_extern_t** ims,
                             size_t n, const char* mod, const char* field) {
  wasm_extern_vec_t v = {n, ims};
  wasm_trap_t* trap = NULL;
  wasm_instance_t* inst = wasm_instance_new(store, module, &v, &trap);
  CHECK(inst == NULL);
  if (trap != NULL) wasm_trap_delete(trap); /* allowed, not required */
  CHECK_STR_CONTAINS(wacapi_last_error(), mod);
  CHECK_STR_CONTAINS(wacapi_last_error(), field);
  /* also without a trap out-parameter */
  CHECK(wasm_instance_new(store, module, &v, NULL) == NULL);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  store = wasm_store_new(engine);

  wasm_module_t* module = module_from_wat(store, WAT);

  wasm_functype_t* ft_add = wasm_functype_new_2_1(
      wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_functype_t* ft_99 = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_functype_t* ft_1_1 =
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* add = wasm_func_new(store, ft_add, add_cb);
  wasm_func_t* f99 = wasm_func_new(store, ft_99, ninety_nine);
  wasm_func_t* wrong_sig = wasm_func_new(store, ft_1_1, add_cb);
  wasm_global_t* base = new_global(WASM_I32, WASM_CONST, 10);
  wasm_global_t* base64 = new_global(WASM_I64, WASM_CONST, 10);
  wasm_global_t* base_var = new_global(WASM_I32, WASM_VAR, 10);
  wasm_memory_t* mem = new_memory(1, 2);
  wasm_limits_t tl = {1, 10};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  wasm_table_t* tab = wasm_table_new(store, tt, wasm_func_as_ref(f99));
  wasm_tabletype_delete(tt);
  CHECK(add && f99 && wrong_sig && tab);

  /* good imports, in the module's order */
  wasm_extern_t* good[4] = {wasm_func_as_extern(add),
                            wasm_global_as_extern(base),
                            wasm_memory_as_extern(mem),
                            wasm_table_as_extern(tab)};
  wasm_instance_t* inst = instantiate(store, module, good, 4);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ(ex.size, 2);
  wasm_func_t* run = export_func(&ex, 0);
  wasm_func_t* call_tab = export_func(&ex, 1);
  CHECK_EQ(wasm_func_param_arity(run), 1);
  CHECK_EQ(wasm_func_param_arity(call_tab), 0);
  int32_t five = 5;
  CHECK_EQ(call_i32(run, &five, 1), 15);
  int32_t stored;
  memcpy(&stored, wasm_memory_data(mem), 4);
  CHECK_EQ(stored, 15); /* the import is the host's memory, shared */
  CHECK_EQ(call_i32(call_tab, NULL, 0), 99);

  /* copies and sameness */
  wasm_instance_t* ic = wasm_instance_copy(inst);
  CHECK(ic != NULL);
  CHECK(wasm_instance_same(inst, ic));
  CHECK(wasm_instance_same(inst, inst));
  wasm_instance_t* inst2 = instantiate(store, module, good, 4);
  CHECK(!wasm_instance_same(inst, inst2));
  wasm_instance_delete(ic);
  wasm_instance_delete(inst2);

  /* exports may outlive the instance handle */
  wasm_instance_delete(inst);
  int32_t seven = 7;
  CHECK_EQ(call_i32(run, &seven, 1), 17);
  wasm_extern_vec_delete(&ex);

  /* link errors */
  check_link_error(module, good, 3, "env", "tab");   /* missing */
  check_link_error(module, good, 0, "env", "add");   /* none at all */
  wasm_extern_t* swapped[4] = {wasm_global_as_extern(base),
                               wasm_func_as_extern(add),
                               wasm_memory_as_extern(mem),
                               wasm_table_as_extern(tab)};
  check_link_error(module, swapped, 4, "env", "add"); /* wrong kind */
  wasm_extern_t* sig[4] = {wasm_func_as_extern(wrong_sig),
                           wasm_global_as_extern(base),
                           wasm_memory_as_extern(mem),
                           wasm_table_as_extern(tab)};
  check_link_error(module, sig, 4, "env", "add"); /* wrong signature */
  wasm_extern_t* g64[4] = {wasm_func_as_extern(add),
                           wasm_global_as_extern(base64),
                           wasm_memory_as_extern(mem),
                           wasm_table_as_extern(tab)};
  check_link_error(module, g64, 4, "env", "base"); /* wrong value type */
  wasm_extern_t* gvar[4] = {wasm_func_as_extern(add),
                            wasm_global_as_extern(base_var),
                            wasm_memory_as_extern(mem),
                            wasm_table_as_extern(tab)};
  check_link_error(module, gvar, 4, "env", "base"); /* wrong mutability */
  wasm_extern_t* holes[4] = {wasm_func_as_extern(add), NULL,
                             wasm_memory_as_extern(mem),
                             wasm_table_as_extern(tab)};
  check_link_error(module, holes, 4, "env", "base"); /* NULL import */

  /* a memory smaller than the import asks for */
  wasm_module_t* big = module_from_wat(
      store, "(module (import \"host\" \"memory\" (memory 2)))");
  wasm_extern_t* small[1] = {wasm_memory_as_extern(mem)};
  check_link_error(big, small, 1, "host", "memory");
  wasm_memory_t* mem2 = new_memory(2, 3);
  wasm_extern_t* enough[1] = {wasm_memory_as_extern(mem2)};
  wasm_instance_t* ok_big = instantiate(store, big, enough, 1);
  wasm_instance_delete(ok_big);
  wasm_module_delete(big);

  /* start function: runs during instantiation */
  wasm_module_t* sm = module_from_wat(
      store,
      "(module (import \"\" \"count\" (func $c))\n"
      "  (global $g (export \"g\") (mut i32) (i32.const 0))\n"
      "  (func $s (call $c) (global.set $g (i32.const 42)))\n"
      "  (start $s))");
  wasm_functype_t* ft_0_0 = wasm_functype_new_0_0();
  wasm_func_t* counter = wasm_func_new(store, ft_0_0, count_cb);
  wasm_extern_t* cims[1] = {wasm_func_as_extern(counter)};
  wasm_instance_t* si = instantiate(store, sm, cims, 1);
  CHECK_EQ(start_calls, 1);
  wasm_extern_vec_t sex;
  wasm_instance_exports(si, &sex);
  wasm_val_t gv;
  wasm_global_get(export_global(&sex, 0), &gv);
  CHECK_EQ(gv.of.i32, 42);
  wasm_extern_vec_delete(&sex);
  wasm_instance_delete(si);
  wasm_module_delete(sm);

  /* start function trapping: no instance, the trap is handed out */
  wasm_module_t* tm = module_from_wat(
      store, "(module (func $s unreachable) (start $s))");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, tm, &none, &trap) == NULL);
  CHECK_TRAP_CONTAINS(trap, "unreachable");
  CHECK(wasm_instance_new(store, tm, &none, NULL) == NULL);
  wasm_module_delete(tm);

  /* a host trap in the start function keeps its message */
  wasm_module_t* hm = module_from_wat(
      store, "(module (import \"h\" \"abort\" (func $a)) (start $a))");
  wasm_func_t* aborter = wasm_func_new(store, ft_0_0, abort_cb);
  wasm_extern_t* hims[1] = {wasm_func_as_extern(aborter)};
  wasm_extern_vec_t hv = {1, hims};
  trap = NULL;
  CHECK(wasm_instance_new(store, hm, &hv, &trap) == NULL);
  CHECK_TRAP_CONTAINS(trap, "host says no");
  wasm_module_delete(hm);

  /* linking: the exports of one instance are the imports of another */
  wasm_module_t* ma = module_from_wat(
      store,
      "(module (memory (export \"m\") 1)\n"
      "  (func (export \"put\") (param i32 i32) (i32.store (local.get 0) "
      "(local.get 1))))");
  wasm_module_t* mb = module_from_wat(
      store,
      "(module (import \"a\" \"m\" (memory 1))\n"
      "  (import \"a\" \"put\" (func $put (param i32 i32)))\n"
      "  (func (export \"go\") (result i32)\n"
      "    (call $put (i32.const 8) (i32.const 1234))\n"
      "    (i32.load (i32.const 8))))");
  wasm_instance_t* ia = instantiate(store, ma, NULL, 0);
  wasm_extern_vec_t aex;
  wasm_instance_exports(ia, &aex);
  CHECK_EQ(aex.size, 2);
  wasm_instance_t* ib = instantiate(store, mb, aex.data, 2);
  wasm_extern_vec_t bex;
  wasm_instance_exports(ib, &bex);
  CHECK_EQ(call_i32(export_func(&bex, 0), NULL, 0), 1234);
  int32_t at8;
  memcpy(&at8, wasm_memory_data(export_memory(&aex, 0)) + 8, 4);
  CHECK_EQ(at8, 1234);
  wasm_extern_vec_delete(&bex);
  wasm_extern_vec_delete(&aex);
  wasm_instance_delete(ib);
  wasm_instance_delete(ia);
  wasm_module_delete(mb);
  wasm_module_delete(ma);

  /* NULL */
  trap = NULL;
  wasm_extern_vec_t empty = WASM_EMPTY_VEC;
  CHECK(wasm_instance_new(NULL, module, &empty, &trap) == NULL);
  if (trap) wasm_trap_delete(trap);
  trap = NULL;
  CHECK(wasm_instance_new(store, NULL, &empty, &trap) == NULL);
  if (trap) wasm_trap_delete(trap);
  trap = NULL;
  CHECK(wasm_instance_new(store, module, NULL, &trap) == NULL); /* needs 4 */
  if (trap) wasm_trap_delete(trap);
  wasm_extern_vec_t nex;
  nex.size = 5;
  wasm_instance_exports(NULL, &nex);
  CHECK_EQ(nex.size, 0);
  wasm_extern_vec_delete(&nex);
  CHECK(wasm_instance_copy(NULL) == NULL);
  wasm_instance_delete(NULL);

  wasm_func_delete(add);
  wasm_func_delete(f99);
  wasm_func_delete(wrong_sig);
  wasm_func_delete(counter);
  wasm_func_delete(aborter);
  wasm_global_delete(base);
  wasm_global_delete(base64);
  wasm_global_delete(base_var);
  wasm_memory_delete(mem);
  wasm_memory_delete(mem2);
  wasm_table_delete(tab);
  wasm_functype_delete(ft_add);
  wasm_functype_delete(ft_99);
  wasm_functype_delete(ft_1_1);
  wasm_functype_delete(ft_0_0);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
