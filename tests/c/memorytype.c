/* wasm_memorytype_t: limits, copy, NULL. */
#include "util.h"

int main(void) {
  wasm_limits_t l = {1, 3};
  wasm_memorytype_t* mt = wasm_memorytype_new(&l);
  CHECK(mt != NULL);
  const wasm_limits_t* gl = wasm_memorytype_limits(mt);
  CHECK(gl != NULL && gl != &l);
  CHECK_EQ(gl->min, 1);
  CHECK_EQ(gl->max, 3);
  l.max = 77; /* the type keeps its own limits */
  CHECK_EQ(wasm_memorytype_limits(mt)->max, 3);

  wasm_memorytype_t* c = wasm_memorytype_copy(mt);
  CHECK(c != NULL && c != mt);
  wasm_memorytype_delete(mt);
  CHECK_EQ(wasm_memorytype_limits(c)->min, 1);
  CHECK_EQ(wasm_memorytype_limits(c)->max, 3);
  wasm_memorytype_delete(c);

  wasm_limits_t nomax = {0, wasm_limits_max_default};
  mt = wasm_memorytype_new(&nomax);
  CHECK(mt != NULL);
  CHECK_EQ(wasm_memorytype_limits(mt)->min, 0);
  CHECK(wasm_memorytype_limits(mt)->max == wasm_limits_max_default);
  wasm_memorytype_delete(mt);

  /* NULL */
  CHECK(wasm_memorytype_new(NULL) == NULL);
  CHECK(wasm_memorytype_limits(NULL) == NULL);
  CHECK(wasm_memorytype_copy(NULL) == NULL);
  wasm_memorytype_delete(NULL);

  test_ok();
  return 0;
}
