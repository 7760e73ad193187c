/* wasm_globaltype_t: content (own semantics), mutability, copy, invalid
 * input, NULL. */
#include "util.h"

int main(void) {
  const wasm_valkind_t kinds[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64,
                                  WASM_EXTERNREF, WASM_FUNCREF};
  for (size_t i = 0; i < 6; i++) {
    for (int m = 0; m < 2; m++) {
      wasm_mutability_t mut = m ? WASM_VAR : WASM_CONST;
      wasm_valtype_t* vt = wasm_valtype_new(kinds[i]);
      wasm_globaltype_t* gt = wasm_globaltype_new(vt, mut);
      CHECK(gt != NULL);
      CHECK(wasm_globaltype_content(gt) == vt); /* the given valtype */
      CHECK_EQ(wasm_valtype_kind(wasm_globaltype_content(gt)), kinds[i]);
      CHECK_EQ(wasm_globaltype_mutability(gt), mut);
      wasm_globaltype_t* c = wasm_globaltype_copy(gt);
      CHECK(c != NULL && c != gt);
      wasm_globaltype_delete(gt);
      CHECK(wasm_globaltype_content(c) != NULL);
      CHECK_EQ(wasm_valtype_kind(wasm_globaltype_content(c)), kinds[i]);
      CHECK_EQ(wasm_globaltype_mutability(c), mut);
      wasm_globaltype_delete(c);
    }
  }

  /* mutability that does not exist: no type (the valtype is released) */
  CHECK(wasm_globaltype_new(wasm_valtype_new_i32(), 2) == NULL);
  CHECK(wasm_globaltype_new(wasm_valtype_new_i32(), 255) == NULL);

  /* NULL */
  CHECK(wasm_globaltype_new(NULL, WASM_CONST) == NULL);
  CHECK(wasm_globaltype_content(NULL) == NULL);
  (void)wasm_globaltype_mutability(NULL);
  CHECK(wasm_globaltype_copy(NULL) == NULL);
  wasm_globaltype_delete(NULL);

  test_ok();
  return 0;
}
