/* wasm_tabletype_t: element (own semantics), limits, copy, invalid input,
 * NULL. */
#include "util.h"

int main(void) {
  wasm_limits_t l = {2, 10};
  wasm_valtype_t* vt = wasm_valtype_new_funcref();
  wasm_tabletype_t* tt = wasm_tabletype_new(vt, &l);
  CHECK(tt != NULL);
  CHECK(wasm_tabletype_element(tt) == vt);
  CHECK_EQ(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_FUNCREF);
  const wasm_limits_t* gl = wasm_tabletype_limits(tt);
  CHECK(gl != NULL && gl != &l);
  CHECK_EQ(gl->min, 2);
  CHECK_EQ(gl->max, 10);
  l.min = 99; /* the type keeps its own limits */
  CHECK_EQ(wasm_tabletype_limits(tt)->min, 2);

  wasm_tabletype_t* c = wasm_tabletype_copy(tt);
  CHECK(c != NULL && c != tt);
  wasm_tabletype_delete(tt);
  CHECK_EQ(wasm_valtype_kind(wasm_tabletype_element(c)), WASM_FUNCREF);
  CHECK_EQ(wasm_tabletype_limits(c)->min, 2);
  CHECK_EQ(wasm_tabletype_limits(c)->max, 10);
  wasm_tabletype_delete(c);

  /* externref elements and no maximum */
  wasm_limits_t nomax = {0, wasm_limits_max_default};
  tt = wasm_tabletype_new(wasm_valtype_new_externref(), &nomax);
  CHECK(tt != NULL);
  CHECK_EQ(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_EXTERNREF);
  CHECK_EQ(wasm_tabletype_limits(tt)->min, 0);
  CHECK(wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
  wasm_tabletype_delete(tt);

  /* numbers are not table elements (the valtype is released) */
  CHECK(wasm_tabletype_new(wasm_valtype_new_i32(), &l) == NULL);
  CHECK(wasm_tabletype_new(wasm_valtype_new_f64(), &l) == NULL);

  /* NULL */
  CHECK(wasm_tabletype_new(NULL, &l) == NULL);
  CHECK(wasm_tabletype_new(wasm_valtype_new_funcref(), NULL) == NULL);
  CHECK(wasm_tabletype_element(NULL) == NULL);
  CHECK(wasm_tabletype_limits(NULL) == NULL);
  CHECK(wasm_tabletype_copy(NULL) == NULL);
  wasm_tabletype_delete(NULL);

  test_ok();
  return 0;
}
