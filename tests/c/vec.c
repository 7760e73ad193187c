/* The 12 vector types x their 5 functions (new_empty, new_uninitialized, new,
 * copy, delete): contents, deep copies, ownership of elements, sizes too
 * large to allocate (-> empty vector), NULL arguments. */
#include "util.h"

static wasm_engine_t* engine;
static wasm_store_t* store;

/* ---- element makers and checkers, one pair per pointer vector type ---- */

static const wasm_valkind_t kinds[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64,
                                       WASM_EXTERNREF, WASM_FUNCREF};

static wasm_valtype_t* make_valtype(size_t i) {
  return wasm_valtype_new(kinds[i % 6]);
}
static void check_valtype(const wasm_valtype_t* t, size_t i) {
  CHECK(t != NULL);
  CHECK_EQ(wasm_valtype_kind(t), kinds[i % 6]);
}

static wasm_functype_t* make_functype(size_t i) {
  wasm_valkind_t ps[8] = {WASM_I32, WASM_I32, WASM_I32, WASM_I32,
                          WASM_I32, WASM_I32, WASM_I32, WASM_I32};
  wasm_valkind_t rs[1] = {WASM_F64};
  return functype_of(i % 8, ps, 1, rs);
}
static void check_functype(const wasm_functype_t* t, size_t i) {
  CHECK(t != NULL);
  CHECK_EQ(wasm_functype_params(t)->size, i % 8);
  CHECK_EQ(wasm_functype_results(t)->size, 1);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_results(t)->data[0]), WASM_F64);
}

static wasm_globaltype_t* make_globaltype(size_t i) {
  return wasm_globaltype_new(wasm_valtype_new(kinds[i % 6]),
                             (i % 2) ? WASM_VAR : WASM_CONST);
}
static void check_globaltype(const wasm_globaltype_t* t, size_t i) {
  CHECK(t != NULL);
  CHECK_EQ(wasm_valtype_kind(wasm_globaltype_content(t)), kinds[i % 6]);
  CHECK_EQ(wasm_globaltype_mutability(t), (i % 2) ? WASM_VAR : WASM_CONST);
}

static wasm_tabletype_t* make_tabletype(size_t i) {
  wasm_limits_t l = {(uint32_t)i, (uint32_t)i + 10};
  return wasm_tabletype_new(wasm_valtype_new_funcref(), &l);
}
static void check_tabletype(const wasm_tabletype_t* t, size_t i) {
  CHECK(t != NULL);
  CHECK_EQ(wasm_valtype_kind(wasm_tabletype_element(t)), WASM_FUNCREF);
  CHECK_EQ(wasm_tabletype_limits(t)->min, i);
  CHECK_EQ(wasm_tabletype_limits(t)->max, i + 10);
}

static wasm_memorytype_t* make_memorytype(size_t i) {
  wasm_limits_t l = {(uint32_t)i, (uint32_t)i + 1};
  return wasm_memorytype_new(&l);
}
static void check_memorytype(const wasm_memorytype_t* t, size_t i) {
  CHECK(t != NULL);
  CHECK_EQ(wasm_memorytype_limits(t)->min, i);
  CHECK_EQ(wasm_memorytype_limits(t)->max, i + 1);
}

static wasm_externtype_t* make_externtype(size_t i) {
  return wasm_memorytype_as_externtype(make_memorytype(i));
}
static void check_externtype(const wasm_externtype_t* t, size_t i) {
  CHECK(t != NULL);
  CHECK_EQ(wasm_externtype_kind(t), WASM_EXTERN_MEMORY);
  check_memorytype(wasm_externtype_as_memorytype_const(t), i);
}

static void name_of(wasm_name_t* out, const char* prefix, size_t i) {
  char buf[32];
  snprintf(buf, sizeof buf, "%s%zu", prefix, i);
  wasm_name_new_from_string(out, buf);
}
static void check_name(const wasm_name_t* n, const char* prefix, size_t i) {
  char buf[32];
  snprintf(buf, sizeof buf, "%s%zu", prefix, i);
  CHECK(name_is(n, buf));
}

static wasm_importtype_t* make_importtype(size_t i) {
  wasm_name_t m, n;
  name_of(&m, "mod", i);
  name_of(&n, "name", i);
  return wasm_importtype_new(&m, &n, make_externtype(i));
}
static void check_importtype(const wasm_importtype_t* t, size_t i) {
  CHECK(t != NULL);
  check_name(wasm_importtype_module(t), "mod", i);
  check_name(wasm_importtype_name(t), "name", i);
  check_externtype(wasm_importtype_type(t), i);
}

static wasm_exporttype_t* make_exporttype(size_t i) {
  wasm_name_t n;
  name_of(&n, "export", i);
  return wasm_exporttype_new(&n, make_externtype(i));
}
static void check_exporttype(const wasm_exporttype_t* t, size_t i) {
  CHECK(t != NULL);
  check_name(wasm_exporttype_name(t), "export", i);
  check_externtype(wasm_exporttype_type(t), i);
}

static wasm_extern_t* make_extern(size_t i) {
  wasm_globaltype_t* gt =
      wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t v = WASM_I32_VAL((int32_t)i * 3);
  wasm_global_t* g = wasm_global_new(store, gt, &v);
  wasm_globaltype_delete(gt);
  CHECK(g != NULL);
  return wasm_global_as_extern(g);
}
static void check_extern(const wasm_extern_t* e, size_t i) {
  CHECK(e != NULL);
  CHECK_EQ(wasm_extern_kind(e), WASM_EXTERN_GLOBAL);
  wasm_val_t v;
  wasm_global_get(wasm_extern_as_global_const(e), &v);
  CHECK_EQ(v.kind, WASM_I32);
  CHECK_EQ(v.of.i32, (int32_t)i * 3);
}

/* Frames cannot be made through the API: vectors of NULL frames. */
static wasm_frame_t* make_frame(size_t i) {
  (void)i;
  return NULL;
}
static void check_frame(const wasm_frame_t* f, size_t i) {
  (void)i;
  CHECK(f == NULL);
}

/* ---- the generic test for vectors of owned pointers ---- */

#define TEST_PTR_VEC(name, pointers_differ_after_copy)                        \
  static void test_##name##_vec(void) {                                      \
    wasm_##name##_vec_t v, c;                                                \
    /* new_empty */                                                          \
    v.size = 12345;                                                          \
    wasm_##name##_vec_new_empty(&v);                                         \
    CHECK_EQ(v.size, 0);                                                     \
    CHECK(v.data == NULL);                                                   \
    wasm_##name##_vec_copy(&c, &v);                                          \
    CHECK_EQ(c.size, 0);                                                     \
    wasm_##name##_vec_delete(&c);                                            \
    wasm_##name##_vec_delete(&v);                                            \
    /* new_uninitialized: pointer slots start out NULL, deletable as is */   \
    wasm_##name##_vec_new_uninitialized(&v, 4);                              \
    CHECK_EQ(v.size, 4);                                                     \
    CHECK(v.data != NULL);                                                   \
    for (size_t i = 0; i < 4; i++) CHECK(v.data[i] == NULL);                 \
    wasm_##name##_vec_delete(&v);                                            \
    wasm_##name##_vec_new_uninitialized(&v, 5);                              \
    for (size_t i = 0; i < 5; i++) v.data[i] = make_##name(i);               \
    /* copy: a deep copy with equal contents */                              \
    wasm_##name##_vec_copy(&c, &v);                                          \
    CHECK_EQ(c.size, 5);                                                     \
    CHECK(c.data != NULL && c.data != v.data);                               \
    for (size_t i = 0; i < 5; i++) {                                         \
      check_##name(v.data[i], i);                                            \
      check_##name(c.data[i], i);                                            \
      if (pointers_differ_after_copy) CHECK(c.data[i] != v.data[i]);         \
    }                                                                        \
    wasm_##name##_vec_delete(&v);                                            \
    /* the copy outlives the original */                                     \
    for (size_t i = 0; i < 5; i++) check_##name(c.data[i], i);               \
    wasm_##name##_vec_delete(&c);                                            \
    /* new: the vector takes the given elements as they are */               \
    wasm_##name##_t* arr[3] = {make_##name(0), make_##name(1),               \
                               make_##name(2)};                              \
    wasm_##name##_vec_new(&v, 3, arr);                                       \
    CHECK_EQ(v.size, 3);                                                     \
    CHECK(v.data != NULL && v.data != arr);                                  \
    for (size_t i = 0; i < 3; i++) {                                         \
      CHECK(v.data[i] == arr[i]);                                            \
      check_##name(v.data[i], i);                                            \
    }                                                                        \
    wasm_##name##_vec_delete(&v);                                            \
    wasm_##name##_vec_new(&v, 0, NULL);                                      \
    CHECK_EQ(v.size, 0);                                                     \
    wasm_##name##_vec_delete(&v);                                            \
    /* sizes that cannot be allocated give an empty vector */                \
    wasm_##name##_vec_new_uninitialized(&v, SIZE_MAX);                       \
    CHECK_EQ(v.size, 0);                                                     \
    CHECK(v.data == NULL);                                                   \
    wasm_##name##_vec_delete(&v);                                            \
    wasm_##name##_vec_new_uninitialized(&v, SIZE_MAX / sizeof(void*) + 1);   \
    CHECK_EQ(v.size, 0);                                                     \
    CHECK(v.data == NULL);                                                   \
    wasm_##name##_vec_delete(&v);                                            \
    wasm_##name##_t* one[1] = {NULL};                                        \
    wasm_##name##_vec_new(&v, SIZE_MAX, one);                                \
    CHECK_EQ(v.size, 0);                                                     \
    CHECK(v.data == NULL);                                                   \
    wasm_##name##_vec_delete(&v);                                            \
    /* NULL arguments */                                                     \
    c.size = 7;                                                              \
    c.data = NULL;                                                           \
    wasm_##name##_vec_copy(&c, NULL);                                        \
    CHECK_EQ(c.size, 0);                                                     \
    wasm_##name##_vec_delete(&c);                                            \
    wasm_##name##_vec_new_empty(NULL);                                       \
    wasm_##name##_vec_new_uninitialized(NULL, 3);                            \
    wasm_##name##_vec_new(NULL, 0, NULL);                                    \
    wasm_##name##_vec_new_empty(&v);                                         \
    wasm_##name##_vec_copy(NULL, &v);                                        \
    wasm_##name##_vec_delete(&v);                                            \
    wasm_##name##_vec_delete(NULL);                                          \
  }

TEST_PTR_VEC(valtype, 1)
TEST_PTR_VEC(functype, 1)
TEST_PTR_VEC(globaltype, 1)
TEST_PTR_VEC(tabletype, 1)
TEST_PTR_VEC(memorytype, 1)
TEST_PTR_VEC(externtype, 1)
TEST_PTR_VEC(importtype, 1)
TEST_PTR_VEC(exporttype, 1)
TEST_PTR_VEC(extern, 0)
TEST_PTR_VEC(frame, 0)

/* ---- bytes ---- */

static void test_byte_vec(void) {
  wasm_byte_vec_t v, c;
  v.size = 99;
  wasm_byte_vec_new_empty(&v);
  CHECK_EQ(v.size, 0);
  CHECK(v.data == NULL);
  wasm_byte_vec_delete(&v);

  wasm_byte_vec_new_uninitialized(&v, 100);
  CHECK_EQ(v.size, 100);
  CHECK(v.data != NULL);
  for (size_t i = 0; i < 100; i++) v.data[i] = (char)i;
  wasm_byte_vec_copy(&c, &v);
  CHECK_EQ(c.size, 100);
  CHECK(c.data != v.data);
  CHECK(memcmp(c.data, v.data, 100) == 0);
  wasm_byte_vec_delete(&v);
  CHECK_EQ(c.data[99], 99);
  wasm_byte_vec_delete(&c);

  char src[6] = "hello";
  wasm_byte_vec_new(&v, 5, src);
  CHECK_EQ(v.size, 5);
  CHECK(v.data != src);
  src[0] = 'j'; /* the vector holds its own copy */
  CHECK(memcmp(v.data, "hello", 5) == 0);
  wasm_byte_vec_delete(&v);

  /* the name helpers of wasm.h */
  wasm_name_t n;
  wasm_name_new_from_string(&n, "abc");
  CHECK_EQ(n.size, 3);
  CHECK(memcmp(n.data, "abc", 3) == 0);
  wasm_name_delete(&n);
  wasm_name_new_from_string_nt(&n, "abc");
  CHECK_EQ(n.size, 4);
  CHECK_EQ(n.data[3], 0);
  wasm_name_delete(&n);

  wasm_byte_vec_new(&v, 0, NULL);
  CHECK_EQ(v.size, 0);
  wasm_byte_vec_delete(&v);

  /* sizes that cannot be allocated give an empty vector */
  wasm_byte_vec_new_uninitialized(&v, SIZE_MAX);
  CHECK_EQ(v.size, 0);
  CHECK(v.data == NULL);
  wasm_byte_vec_delete(&v);
  wasm_byte_vec_new_uninitialized(&v, (size_t)PTRDIFF_MAX + 1);
  CHECK_EQ(v.size, 0);
  CHECK(v.data == NULL);
  wasm_byte_vec_delete(&v);
  wasm_byte_vec_new(&v, SIZE_MAX, "x");
  CHECK_EQ(v.size, 0);
  CHECK(v.data == NULL);
  wasm_byte_vec_delete(&v);

  /* NULL arguments */
  c.size = 3;
  c.data = NULL;
  wasm_byte_vec_copy(&c, NULL);
  CHECK_EQ(c.size, 0);
  wasm_byte_vec_delete(&c);
  wasm_byte_vec_new_empty(NULL);
  wasm_byte_vec_new_uninitialized(NULL, 3);
  wasm_byte_vec_new(NULL, 3, "abc");
  wasm_byte_vec_new_empty(&v);
  wasm_byte_vec_copy(NULL, &v);
  wasm_byte_vec_delete(&v);
  wasm_byte_vec_delete(NULL);
}

/* ---- values (inline elements; references inside are owned) ---- */

static int finalized = 0;
static void count_finalizer(void* p) {
  (void)p;
  finalized++;
}

static void test_val_vec(void) {
  wasm_val_vec_t v, c;
  v.size = 5;
  wasm_val_vec_new_empty(&v);
  CHECK_EQ(v.size, 0);
  CHECK(v.data == NULL);
  wasm_val_vec_delete(&v);

  wasm_val_vec_new_uninitialized(&v, 4);
  CHECK_EQ(v.size, 4);
  CHECK(v.data != NULL);
  v.data[0].kind = WASM_I32;
  v.data[0].of.i32 = -5;
  v.data[1].kind = WASM_I64;
  v.data[1].of.i64 = INT64_MIN;
  v.data[2].kind = WASM_F32;
  v.data[2].of.f32 = 1.5f;
  v.data[3].kind = WASM_F64;
  v.data[3].of.f64 = -2.25;
  wasm_val_vec_copy(&c, &v);
  CHECK_EQ(c.size, 4);
  CHECK(c.data != v.data);
  wasm_val_vec_delete(&v);
  CHECK_EQ(c.data[0].kind, WASM_I32);
  CHECK_EQ(c.data[0].of.i32, -5);
  CHECK_EQ(c.data[1].kind, WASM_I64);
  CHECK(c.data[1].of.i64 == INT64_MIN);
  CHECK_EQ(c.data[2].kind, WASM_F32);
  CHECK(c.data[2].of.f32 == 1.5f);
  CHECK_EQ(c.data[3].kind, WASM_F64);
  CHECK(c.data[3].of.f64 == -2.25);
  wasm_val_vec_delete(&c);

  /* references: new takes them, copy copies them, delete deletes them */
  wasm_foreign_t* f1 = wasm_foreign_new(store);
  wasm_foreign_t* f2 = wasm_foreign_new(store);
  CHECK(f1 != NULL && f2 != NULL);
  wasm_foreign_set_host_info_with_finalizer(f1, &finalized, count_finalizer);
  wasm_foreign_set_host_info_with_finalizer(f2, &finalized, count_finalizer);
  wasm_val_t vals[3] = {WASM_REF_VAL(wasm_foreign_as_ref(f1)),
                        WASM_I32_VAL(42),
                        WASM_REF_VAL(wasm_foreign_as_ref(f2))};
  wasm_ref_t* keep = wasm_ref_copy(vals[0].of.ref); /* to compare later */
  CHECK(keep != NULL);
  wasm_val_vec_new(&v, 3, vals);
  CHECK_EQ(v.size, 3);
  CHECK(v.data != vals);
  CHECK(v.data[0].of.ref == vals[0].of.ref);
  CHECK_EQ(v.data[1].of.i32, 42);
  wasm_val_vec_copy(&c, &v);
  CHECK_EQ(c.size, 3);
  CHECK_EQ(c.data[0].kind, WASM_EXTERNREF);
  CHECK(c.data[0].of.ref != NULL);
  CHECK(wasm_ref_same(c.data[0].of.ref, keep));
  CHECK(!wasm_ref_same(c.data[2].of.ref, keep));
  CHECK(wasm_ref_get_host_info(c.data[2].of.ref) == &finalized);
  wasm_val_vec_delete(&v);
  /* the copy's references are still valid */
  CHECK(wasm_ref_same(c.data[0].of.ref, keep));
  CHECK(wasm_ref_get_host_info(c.data[0].of.ref) == &finalized);
  wasm_val_vec_delete(&c);
  wasm_ref_delete(keep);

  /* a null reference in a vector */
  wasm_val_t nulls[1] = {WASM_REF_VAL(NULL)};
  wasm_val_vec_new(&v, 1, nulls);
  wasm_val_vec_copy(&c, &v);
  CHECK_EQ(c.size, 1);
  CHECK(c.data[0].of.ref == NULL);
  wasm_val_vec_delete(&c);
  wasm_val_vec_delete(&v);

  wasm_val_vec_new(&v, 0, NULL);
  CHECK_EQ(v.size, 0);
  wasm_val_vec_delete(&v);

  /* sizes that cannot be allocated give an empty vector */
  wasm_val_vec_new_uninitialized(&v, SIZE_MAX);
  CHECK_EQ(v.size, 0);
  CHECK(v.data == NULL);
  wasm_val_vec_delete(&v);
  wasm_val_vec_new_uninitialized(&v, SIZE_MAX / sizeof(wasm_val_t) + 1);
  CHECK_EQ(v.size, 0);
  CHECK(v.data == NULL);
  wasm_val_vec_delete(&v);
  wasm_val_t onev[1] = {WASM_I32_VAL(1)};
  wasm_val_vec_new(&v, SIZE_MAX, onev);
  CHECK_EQ(v.size, 0);
  CHECK(v.data == NULL);
  wasm_val_vec_delete(&v);

  /* NULL arguments */
  c.size = 3;
  c.data = NULL;
  wasm_val_vec_copy(&c, NULL);
  CHECK_EQ(c.size, 0);
  wasm_val_vec_delete(&c);
  wasm_val_vec_new_empty(NULL);
  wasm_val_vec_new_uninitialized(NULL, 3);
  wasm_val_vec_new(NULL, 0, NULL);
  wasm_val_vec_new_empty(&v);
  wasm_val_vec_copy(NULL, &v);
  wasm_val_vec_delete(&v);
  wasm_val_vec_delete(NULL);
}

/* Deleting a vector of externs deletes the externs (and with them the last
 * references to host functions, whose finalizers then run at the latest when
 * the store goes). */
static int env_finalized = 0;
static void env_finalizer(void* env) {
  CHECK(env == &env_finalized);
  env_finalized++;
}
static wasm_trap_t* nop_cb(void* env, const wasm_val_vec_t* args,
                           wasm_val_vec_t* results) {
  (void)env;
  (void)args;
  (void)results;
  return NULL;
}

int main(void) {
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  CHECK(engine != NULL && store != NULL);

  test_byte_vec();
  test_val_vec();
  test_valtype_vec();
  test_functype_vec();
  test_globaltype_vec();
  test_tabletype_vec();
  test_memorytype_vec();
  test_externtype_vec();
  test_importtype_vec();
  test_exporttype_vec();
  test_extern_vec();
  test_frame_vec();

  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_extern_vec_t ev;
  wasm_extern_vec_new_uninitialized(&ev, 3);
  for (size_t i = 0; i < 3; i++) {
    wasm_func_t* f =
        wasm_func_new_with_env(store, ft, nop_cb, &env_finalized, env_finalizer);
    CHECK(f != NULL);
    ev.data[i] = wasm_func_as_extern(f);
  }
  wasm_functype_delete(ft);
  wasm_extern_vec_delete(&ev);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  CHECK_EQ(env_finalized, 3);
  CHECK_EQ(finalized, 2);

  test_ok();
  return 0;
}
