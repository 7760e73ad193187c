/* wasm_externtype_t: kind, every as_* conversion and its _const twin in both
 * directions, wrong kind -> NULL, copy, deleting through the externtype,
 * NULL. */
#include "util.h"

int main(void) {
  wasm_limits_t l = {1, 2};
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(),
                                              wasm_valtype_new_i64());
  wasm_globaltype_t* gt =
      wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &l);
  wasm_memorytype_t* mt = wasm_memorytype_new(&l);
  CHECK(ft && gt && tt && mt);

  wasm_externtype_t* ef = wasm_functype_as_externtype(ft);
  wasm_externtype_t* eg = wasm_globaltype_as_externtype(gt);
  wasm_externtype_t* et = wasm_tabletype_as_externtype(tt);
  wasm_externtype_t* em = wasm_memorytype_as_externtype(mt);
  CHECK(ef && eg && et && em);
  CHECK_EQ(wasm_externtype_kind(ef), WASM_EXTERN_FUNC);
  CHECK_EQ(wasm_externtype_kind(eg), WASM_EXTERN_GLOBAL);
  CHECK_EQ(wasm_externtype_kind(et), WASM_EXTERN_TABLE);
  CHECK_EQ(wasm_externtype_kind(em), WASM_EXTERN_MEMORY);

  /* const views are the same objects */
  CHECK(wasm_functype_as_externtype_const(ft) == ef);
  CHECK(wasm_globaltype_as_externtype_const(gt) == eg);
  CHECK(wasm_tabletype_as_externtype_const(tt) == et);
  CHECK(wasm_memorytype_as_externtype_const(mt) == em);

  /* back again: the very same objects */
  CHECK(wasm_externtype_as_functype(ef) == ft);
  CHECK(wasm_externtype_as_globaltype(eg) == gt);
  CHECK(wasm_externtype_as_tabletype(et) == tt);
  CHECK(wasm_externtype_as_memorytype(em) == mt);
  CHECK(wasm_externtype_as_functype_const(ef) == ft);
  CHECK(wasm_externtype_as_globaltype_const(eg) == gt);
  CHECK(wasm_externtype_as_tabletype_const(et) == tt);
  CHECK(wasm_externtype_as_memorytype_const(em) == mt);

  /* the wrong kind gives NULL, mutable and const alike */
  wasm_externtype_t* all[4] = {ef, eg, et, em};
  for (int i = 0; i < 4; i++) {
    if (i != 0) {
      CHECK(wasm_externtype_as_functype(all[i]) == NULL);
      CHECK(wasm_externtype_as_functype_const(all[i]) == NULL);
    }
    if (i != 1) {
      CHECK(wasm_externtype_as_globaltype(all[i]) == NULL);
      CHECK(wasm_externtype_as_globaltype_const(all[i]) == NULL);
    }
    if (i != 2) {
      CHECK(wasm_externtype_as_tabletype(all[i]) == NULL);
      CHECK(wasm_externtype_as_tabletype_const(all[i]) == NULL);
    }
    if (i != 3) {
      CHECK(wasm_externtype_as_memorytype(all[i]) == NULL);
      CHECK(wasm_externtype_as_memorytype_const(all[i]) == NULL);
    }
  }

  /* contents seen through the views */
  CHECK_EQ(wasm_functype_params(wasm_externtype_as_functype_const(ef))->size,
           1);
  CHECK_EQ(wasm_globaltype_mutability(wasm_externtype_as_globaltype(eg)),
           WASM_VAR);
  CHECK_EQ(wasm_tabletype_limits(wasm_externtype_as_tabletype(et))->max, 2);
  CHECK_EQ(wasm_memorytype_limits(wasm_externtype_as_memorytype(em))->min, 1);

  /* copies keep the kind and the contents */
  for (int i = 0; i < 4; i++) {
    wasm_externtype_t* c = wasm_externtype_copy(all[i]);
    CHECK(c != NULL && c != all[i]);
    CHECK_EQ(wasm_externtype_kind(c), wasm_externtype_kind(all[i]));
    if (i == 0) {
      const wasm_functype_t* cf = wasm_externtype_as_functype_const(c);
      CHECK(cf != NULL);
      CHECK_EQ(wasm_valtype_kind(wasm_functype_results(cf)->data[0]),
               WASM_I64);
    } else if (i == 1) {
      CHECK_EQ(wasm_valtype_kind(wasm_globaltype_content(
                   wasm_externtype_as_globaltype_const(c))),
               WASM_F32);
    } else if (i == 2) {
      CHECK_EQ(wasm_tabletype_limits(wasm_externtype_as_tabletype_const(c))
                   ->min,
               1);
    } else {
      CHECK_EQ(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(c))
                   ->max,
               2);
    }
    wasm_externtype_delete(c);
  }

  /* deleting through the extern view deletes the type itself */
  wasm_externtype_delete(ef);
  wasm_externtype_delete(eg);
  wasm_tabletype_delete(tt);
  wasm_memorytype_delete(mt);

  /* NULL */
  CHECK(wasm_functype_as_externtype(NULL) == NULL);
  CHECK(wasm_globaltype_as_externtype(NULL) == NULL);
  CHECK(wasm_tabletype_as_externtype(NULL) == NULL);
  CHECK(wasm_memorytype_as_externtype(NULL) == NULL);
  CHECK(wasm_functype_as_externtype_const(NULL) == NULL);
  CHECK(wasm_globaltype_as_externtype_const(NULL) == NULL);
  CHECK(wasm_tabletype_as_externtype_const(NULL) == NULL);
  CHECK(wasm_memorytype_as_externtype_const(NULL) == NULL);
  CHECK(wasm_externtype_as_functype(NULL) == NULL);
  CHECK(wasm_externtype_as_globaltype(NULL) == NULL);
  CHECK(wasm_externtype_as_tabletype(NULL) == NULL);
  CHECK(wasm_externtype_as_memorytype(NULL) == NULL);
  CHECK(wasm_externtype_as_functype_const(NULL) == NULL);
  CHECK(wasm_externtype_as_globaltype_const(NULL) == NULL);
  CHECK(wasm_externtype_as_tabletype_const(NULL) == NULL);
  CHECK(wasm_externtype_as_memorytype_const(NULL) == NULL);
  CHECK(wasm_externtype_copy(NULL) == NULL);
  (void)wasm_externtype_kind(NULL);
  wasm_externtype_delete(NULL);

  test_ok();
  return 0;
}
