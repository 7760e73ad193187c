/* wasm_valtype_t: every kind, copy, invalid kinds, NULL. */
#include "util.h"

int main(void) {
  const wasm_valkind_t kinds[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64,
                                  WASM_EXTERNREF, WASM_FUNCREF};
  for (size_t i = 0; i < 6; i++) {
    wasm_valtype_t* t = wasm_valtype_new(kinds[i]);
    CHECK(t != NULL);
    CHECK_EQ(wasm_valtype_kind(t), kinds[i]);
    CHECK_EQ(wasm_valtype_is_num(t), i < 4);
    CHECK_EQ(wasm_valtype_is_ref(t), i >= 4);
    wasm_valtype_t* c = wasm_valtype_copy(t);
    CHECK(c != NULL);
    CHECK(c != t);
    CHECK_EQ(wasm_valtype_kind(c), kinds[i]);
    wasm_valtype_delete(t);
    CHECK_EQ(wasm_valtype_kind(c), kinds[i]); /* the copy is independent */
    wasm_valtype_delete(c);
  }

  /* the short-hands of wasm.h */
  wasm_valtype_t* s[6] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                          wasm_valtype_new_f32(), wasm_valtype_new_f64(),
                          wasm_valtype_new_externref(),
                          wasm_valtype_new_funcref()};
  for (size_t i = 0; i < 6; i++) {
    CHECK(s[i] != NULL);
    CHECK_EQ(wasm_valtype_kind(s[i]), kinds[i]);
    wasm_valtype_delete(s[i]);
  }
  CHECK(wasm_valkind_is_num(WASM_F64));
  CHECK(wasm_valkind_is_ref(WASM_FUNCREF));

  /* wacapi.h's v128 kind exists (SIMD types are described with it) */
  wasm_valtype_t* v = wasm_valtype_new(WACAPI_V128);
  CHECK(v != NULL);
  CHECK_EQ(wasm_valtype_kind(v), WACAPI_V128);
  wasm_valtype_delete(v);

  /* kinds that do not exist */
  const wasm_valkind_t bad[] = {5, 37, 127, 130, 200, 255};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    wasm_valtype_t* t = wasm_valtype_new(bad[i]);
    if (t != NULL) {
      fprintf(stderr, "wasm_valtype_new(%d) gave a type\n", bad[i]);
      return 1;
    }
  }

  /* NULL */
  CHECK(wasm_valtype_copy(NULL) == NULL);
  (void)wasm_valtype_kind(NULL); /* any value, but no crash */
  wasm_valtype_delete(NULL);

  test_ok();
  return 0;
}
