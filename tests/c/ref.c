/* References: for X in func, global, table, memory, extern, instance, module,
 * trap, foreign: wasm_X_as_ref(_const), wasm_ref_as_X(_const) (round trip,
 * NULL, and a ref that is not an X -> NULL), wasm_X_same, wasm_X_copy, host
 * info get/set/set_with_finalizer (kept with the object, seen through copies
 * and refs; finalizer runs once); wasm_ref_t's own copy/same/host info. */
#include "util.h"

enum { K_FUNC, K_GLOBAL, K_TABLE, K_MEMORY, K_EXTERN, K_INSTANCE, K_MODULE,
       K_TRAP, K_FOREIGN, K_COUNT };
static const char* kind_names[K_COUNT] = {"func",     "global", "table",
                                          "memory",   "extern", "instance",
                                          "module",   "trap",   "foreign"};

static int fin_count = 0;
static void fin(void* p) {
  CHECK(p == &fin_count);
  fin_count++;
}
static int info_a, info_b;

/* Is r an X (mutable and const accessors agree)? */
static bool ref_is(wasm_ref_t* r, int k) {
  const wasm_ref_t* cr = r;
  void* m = NULL;
  const void* c = NULL;
  switch (k) {
    case K_FUNC: m = wasm_ref_as_func(r); c = wasm_ref_as_func_const(cr); break;
    case K_GLOBAL: m = wasm_ref_as_global(r); c = wasm_ref_as_global_const(cr); break;
    case K_TABLE: m = wasm_ref_as_table(r); c = wasm_ref_as_table_const(cr); break;
    case K_MEMORY: m = wasm_ref_as_memory(r); c = wasm_ref_as_memory_const(cr); break;
    case K_EXTERN: m = wasm_ref_as_extern(r); c = wasm_ref_as_extern_const(cr); break;
    case K_INSTANCE: m = wasm_ref_as_instance(r); c = wasm_ref_as_instance_const(cr); break;
    case K_MODULE: m = wasm_ref_as_module(r); c = wasm_ref_as_module_const(cr); break;
    case K_TRAP: m = wasm_ref_as_trap(r); c = wasm_ref_as_trap_const(cr); break;
    case K_FOREIGN: m = wasm_ref_as_foreign(r); c = wasm_ref_as_foreign_const(cr); break;
  }
  CHECK(m == c);
  return m != NULL;
}

/* The checks that are the same for every X. */
#define CHECK_REF_KIND(X, obj, copy, other)                                  \
  do {                                                                       \
    wasm_ref_t* r_ = wasm_##X##_as_ref(obj);                                 \
    CHECK(r_ != NULL);                                                       \
    CHECK(wasm_##X##_as_ref_const(obj) == r_);                               \
    CHECK(wasm_ref_as_##X(r_) == (obj));                                     \
    CHECK(wasm_ref_as_##X##_const(r_) == (obj));                             \
    /* NULL in, NULL out */                                                  \
    CHECK(wasm_##X##_as_ref(NULL) == NULL);                                  \
    CHECK(wasm_##X##_as_ref_const(NULL) == NULL);                            \
    CHECK(wasm_ref_as_##X(NULL) == NULL);                                    \
    CHECK(wasm_ref_as_##X##_const(NULL) == NULL);                            \
    /* same */                                                               \
    CHECK(wasm_##X##_same(obj, obj));                                        \
    CHECK(wasm_##X##_same(obj, copy));                                       \
    CHECK(wasm_##X##_same(copy, obj));                                       \
    CHECK(!wasm_##X##_same(obj, other));                                     \
    CHECK(!wasm_##X##_same(obj, NULL));                                      \
    CHECK(!wasm_##X##_same(NULL, obj));                                      \
    CHECK(wasm_ref_same(r_, wasm_##X##_as_ref(copy)));                       \
    CHECK(!wasm_ref_same(r_, wasm_##X##_as_ref(other)));                     \
    /* copy of a copy */                                                     \
    wasm_##X##_t* cc_ = wasm_##X##_copy(copy);                               \
    CHECK(cc_ != NULL);                                                      \
    CHECK(wasm_##X##_same(cc_, obj));                                        \
    wasm_##X##_delete(cc_);                                                  \
    /* host info: none at first, then kept with the object */                \
    CHECK(wasm_##X##_get_host_info(obj) == NULL);                            \
    CHECK(wasm_##X##_get_host_info(other) == NULL);                          \
    wasm_##X##_set_host_info(obj, &info_a);                                  \
    CHECK(wasm_##X##_get_host_info(obj) == &info_a);                         \
    CHECK(wasm_##X##_get_host_info(copy) == &info_a);                        \
    CHECK(wasm_ref_get_host_info(r_) == &info_a);                            \
    CHECK(wasm_##X##_get_host_info(other) == NULL);                          \
    wasm_ref_set_host_info(r_, &info_b);                                     \
    CHECK(wasm_##X##_get_host_info(obj) == &info_b);                         \
    wasm_##X##_set_host_info(obj, NULL);                                     \
    CHECK(wasm_##X##_get_host_info(obj) == NULL);                            \
    wasm_##X##_set_host_info_with_finalizer(obj, &fin_count, fin);           \
    CHECK(wasm_##X##_get_host_info(obj) == &fin_count);                      \
    CHECK(wasm_##X##_get_host_info(copy) == &fin_count);                     \
    /* wasm_ref_t's own copy: an owned ref to the same object */             \
    wasm_ref_t* rc_ = wasm_ref_copy(r_);                                     \
    CHECK(rc_ != NULL);                                                      \
    CHECK(wasm_ref_same(rc_, r_));                                           \
    CHECK(wasm_ref_get_host_info(rc_) == &fin_count);                        \
    CHECK(wasm_ref_as_##X(rc_) != NULL);                                     \
    CHECK(wasm_##X##_same(wasm_ref_as_##X(rc_), obj));                       \
    wasm_ref_delete(rc_);                                                    \
    CHECK(wasm_##X##_get_host_info(obj) == &fin_count);                      \
    /* NULL */                                                               \
    CHECK(wasm_##X##_copy(NULL) == NULL);                                    \
    CHECK(wasm_##X##_get_host_info(NULL) == NULL);                           \
    wasm_##X##_set_host_info(NULL, &info_a);                                 \
    wasm_##X##_set_host_info_with_finalizer(NULL, &info_a, fin);             \
    wasm_##X##_delete(NULL);                                                 \
  } while (0)

static wasm_trap_t* nop(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* two distinct objects of every kind, plus a copy of the first */
  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_func_t* f = wasm_func_new(store, ft, nop);
  wasm_func_t* f_other = wasm_func_new(store, ft, nop);
  wasm_func_t* f_copy = wasm_func_copy(f);

  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t zero = WASM_I32_VAL(0);
  wasm_global_t* g = wasm_global_new(store, gt, &zero);
  wasm_global_t* g_other = wasm_global_new(store, gt, &zero);
  wasm_global_t* g_copy = wasm_global_copy(g);
  wasm_globaltype_delete(gt);

  wasm_limits_t l = {1, 2};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &l);
  wasm_table_t* t = wasm_table_new(store, tt, NULL);
  wasm_table_t* t_other = wasm_table_new(store, tt, NULL);
  wasm_table_t* t_copy = wasm_table_copy(t);
  wasm_tabletype_delete(tt);

  wasm_memorytype_t* mt = wasm_memorytype_new(&l);
  wasm_memory_t* m = wasm_memory_new(store, mt);
  wasm_memory_t* m_other = wasm_memory_new(store, mt);
  wasm_memory_t* m_copy = wasm_memory_copy(m);
  wasm_memorytype_delete(mt);

  wasm_func_t* ef = wasm_func_new(store, ft, nop);
  wasm_func_t* ef_other = wasm_func_new(store, ft, nop);
  wasm_extern_t* e = wasm_func_as_extern(ef);
  wasm_extern_t* e_other = wasm_func_as_extern(ef_other);
  wasm_extern_t* e_copy = wasm_extern_copy(e);

  wasm_module_t* mod = module_from_wat(store, "(module (func (export \"f\")))");
  wasm_module_t* mod_other = module_from_wat(store, "(module)");
  wasm_module_t* mod_copy = wasm_module_copy(mod);

  wasm_instance_t* i = instantiate(store, mod, NULL, 0);
  wasm_instance_t* i_other = instantiate(store, mod, NULL, 0);
  wasm_instance_t* i_copy = wasm_instance_copy(i);

  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "t");
  wasm_trap_t* tr = wasm_trap_new(store, &msg);
  wasm_trap_t* tr_other = wasm_trap_new(store, &msg);
  wasm_trap_t* tr_copy = wasm_trap_copy(tr);
  wasm_byte_vec_delete(&msg);

  wasm_foreign_t* fo = wasm_foreign_new(store);
  wasm_foreign_t* fo_other = wasm_foreign_new(store);
  wasm_foreign_t* fo_copy = wasm_foreign_copy(fo);

  CHECK(f && f_other && f_copy && g && g_other && g_copy && t && t_other &&
        t_copy && m && m_other && m_copy && e && e_other && e_copy && mod &&
        mod_other && mod_copy && i && i_other && i_copy && tr && tr_other &&
        tr_copy && fo && fo_other && fo_copy);

  CHECK_REF_KIND(func, f, f_copy, f_other);
  CHECK_REF_KIND(global, g, g_copy, g_other);
  CHECK_REF_KIND(table, t, t_copy, t_other);
  CHECK_REF_KIND(memory, m, m_copy, m_other);
  CHECK_REF_KIND(extern, e, e_copy, e_other);
  CHECK_REF_KIND(instance, i, i_copy, i_other);
  CHECK_REF_KIND(module, mod, mod_copy, mod_other);
  CHECK_REF_KIND(trap, tr, tr_copy, tr_other);
  CHECK_REF_KIND(foreign, fo, fo_copy, fo_other);

  /* every ref against every wasm_ref_as_X: only its own kind answers, plus
   * functions/globals/tables/memories being externs and the extern (a
   * function) being a function */
  wasm_ref_t* refs[K_COUNT] = {
      wasm_func_as_ref(f),       wasm_global_as_ref(g),
      wasm_table_as_ref(t),      wasm_memory_as_ref(m),
      wasm_extern_as_ref(e),     wasm_instance_as_ref(i),
      wasm_module_as_ref(mod),   wasm_trap_as_ref(tr),
      wasm_foreign_as_ref(fo)};
  for (int s = 0; s < K_COUNT; s++) {
    for (int k = 0; k < K_COUNT; k++) {
      bool expect = s == k ||
                    (k == K_EXTERN && s <= K_MEMORY) ||
                    (s == K_EXTERN && k == K_FUNC);
      if (ref_is(refs[s], k) != expect) {
        fprintf(stderr, "wasm_ref_as_%s(ref of a %s) %s\n", kind_names[k],
                kind_names[s], expect ? "gave NULL" : "did not give NULL");
        exit(1);
      }
    }
  }
  /* an extern seen as its function is that function */
  CHECK(wasm_func_same(wasm_ref_as_func(wasm_extern_as_ref(e)), ef));
  CHECK(wasm_extern_kind(wasm_ref_as_extern(wasm_func_as_ref(f))) ==
        WASM_EXTERN_FUNC);
  CHECK(wasm_ref_same(wasm_extern_as_ref(e), wasm_func_as_ref(ef)));
  CHECK(!wasm_ref_same(refs[K_FUNC], refs[K_FOREIGN]));

  /* wasm_ref_t's own functions */
  wasm_ref_t* r = wasm_ref_copy(refs[K_FOREIGN]);
  CHECK(r != NULL);
  CHECK(wasm_ref_same(r, refs[K_FOREIGN]));
  CHECK(wasm_ref_get_host_info(r) == &fin_count);
  wasm_ref_delete(r);
  CHECK(wasm_ref_copy(NULL) == NULL);
  CHECK(!wasm_ref_same(refs[K_FOREIGN], NULL));
  CHECK(wasm_ref_get_host_info(NULL) == NULL);
  wasm_ref_set_host_info(NULL, &info_a);
  wasm_ref_set_host_info_with_finalizer(NULL, &info_a, fin);
  wasm_ref_delete(NULL);

  /* a ref as a value of wasm: host info comes back with it */
  wasm_module_t* idm = module_from_wat(
      store,
      "(module (func (export \"id\") (param externref) (result externref)\n"
      "  local.get 0))");
  wasm_instance_t* idi = instantiate(store, idm, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(idi, &ex);
  wasm_val_t a[1] = {WASM_REF_VAL(refs[K_FOREIGN])};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  CHECK_NO_TRAP(call(export_func(&ex, 0), a, 1, res, 1));
  CHECK(res[0].of.ref != NULL);
  CHECK(wasm_ref_same(res[0].of.ref, refs[K_FOREIGN]));
  CHECK(wasm_ref_get_host_info(res[0].of.ref) == &fin_count);
  CHECK(wasm_foreign_same(wasm_ref_as_foreign(res[0].of.ref), fo));
  wasm_ref_delete(res[0].of.ref);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(idi);
  wasm_module_delete(idm);

  /* release everything; each finalizer runs exactly once */
  wasm_func_delete(f);
  wasm_func_delete(f_copy);
  wasm_func_delete(f_other);
  wasm_global_delete(g);
  wasm_global_delete(g_copy);
  wasm_global_delete(g_other);
  wasm_table_delete(t);
  wasm_table_delete(t_copy);
  wasm_table_delete(t_other);
  wasm_memory_delete(m);
  wasm_memory_delete(m_copy);
  wasm_memory_delete(m_other);
  wasm_extern_delete(e);
  wasm_extern_delete(e_copy);
  wasm_extern_delete(e_other);
  wasm_instance_delete(i);
  wasm_instance_delete(i_copy);
  wasm_instance_delete(i_other);
  wasm_module_delete(mod);
  wasm_module_delete(mod_copy);
  wasm_module_delete(mod_other);
  wasm_trap_delete(tr);
  wasm_trap_delete(tr_copy);
  wasm_trap_delete(tr_other);
  wasm_foreign_delete(fo);
  wasm_foreign_delete(fo_copy);
  wasm_foreign_delete(fo_other);
  wasm_functype_delete(ft);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  CHECK_EQ(fin_count, K_COUNT);

  test_ok();
  return 0;
}
