/* wasm_functype_t: own semantics of the parameter/result vectors, copy,
 * the short-hand constructors, invalid input, NULL. */
#include "util.h"

int main(void) {
  /* The valtypes handed to wasm_functype_new are the ones it gives back. */
  wasm_valtype_t* p0 = wasm_valtype_new_i32();
  wasm_valtype_t* p1 = wasm_valtype_new_f64();
  wasm_valtype_t* p2 = wasm_valtype_new_externref();
  wasm_valtype_t* r0 = wasm_valtype_new_i64();
  wasm_valtype_t* r1 = wasm_valtype_new_funcref();
  wasm_valtype_t* ps[3] = {p0, p1, p2};
  wasm_valtype_t* rs[2] = {r0, r1};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 3, ps);
  wasm_valtype_vec_new(&results, 2, rs);
  wasm_functype_t* ft = wasm_functype_new(&params, &results);
  CHECK(ft != NULL);
  const wasm_valtype_vec_t* gp = wasm_functype_params(ft);
  const wasm_valtype_vec_t* gr = wasm_functype_results(ft);
  CHECK(gp != NULL && gr != NULL);
  CHECK_EQ(gp->size, 3);
  CHECK_EQ(gr->size, 2);
  CHECK(gp->data[0] == p0);
  CHECK(gp->data[1] == p1);
  CHECK(gp->data[2] == p2);
  CHECK(gr->data[0] == r0);
  CHECK(gr->data[1] == r1);
  CHECK_EQ(wasm_valtype_kind(gp->data[1]), WASM_F64);
  CHECK_EQ(wasm_valtype_kind(gr->data[1]), WASM_FUNCREF);
  /* the same vectors every time */
  CHECK(wasm_functype_params(ft) == gp);
  CHECK(wasm_functype_results(ft) == gr);

  /* copy: equal, independent */
  wasm_functype_t* cp = wasm_functype_copy(ft);
  CHECK(cp != NULL && cp != ft);
  wasm_functype_delete(ft);
  CHECK_EQ(wasm_functype_params(cp)->size, 3);
  CHECK_EQ(wasm_functype_results(cp)->size, 2);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_params(cp)->data[0]), WASM_I32);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_params(cp)->data[2]),
           WASM_EXTERNREF);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_results(cp)->data[0]), WASM_I64);
  wasm_functype_delete(cp);

  /* empty */
  wasm_functype_t* e = wasm_functype_new_0_0();
  CHECK(e != NULL);
  CHECK_EQ(wasm_functype_params(e)->size, 0);
  CHECK_EQ(wasm_functype_results(e)->size, 0);
  wasm_functype_delete(e);

  /* short-hands */
  wasm_functype_t* s = wasm_functype_new_3_2(
      wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32(),
      wasm_valtype_new_f64(), wasm_valtype_new_i32());
  CHECK(s != NULL);
  CHECK_EQ(wasm_functype_params(s)->size, 3);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_params(s)->data[2]), WASM_F32);
  CHECK_EQ(wasm_functype_results(s)->size, 2);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_results(s)->data[0]), WASM_F64);
  wasm_functype_delete(s);
  s = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  CHECK_EQ(wasm_functype_params(s)->size, 1);
  CHECK_EQ(wasm_functype_results(s)->size, 1);
  wasm_functype_delete(s);

  /* every short-hand of wasm.h: (params, results) */
  wasm_functype_t* hands[11] = {
      wasm_functype_new_0_0(),
      wasm_functype_new_1_0(wasm_valtype_new_i32()),
      wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i64()),
      wasm_functype_new_3_0(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                            wasm_valtype_new_f32()),
      wasm_functype_new_0_1(wasm_valtype_new_f64()),
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_f64()),
      wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                            wasm_valtype_new_f64()),
      wasm_functype_new_3_1(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                            wasm_valtype_new_f32(), wasm_valtype_new_f64()),
      wasm_functype_new_0_2(wasm_valtype_new_f64(),
                            wasm_valtype_new_externref()),
      wasm_functype_new_1_2(wasm_valtype_new_i32(), wasm_valtype_new_f64(),
                            wasm_valtype_new_externref()),
      wasm_functype_new_2_2(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                            wasm_valtype_new_f64(),
                            wasm_valtype_new_externref()),
  };
  const size_t hp_n[11] = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2};
  const size_t hr_n[11] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
  const wasm_valkind_t pk[3] = {WASM_I32, WASM_I64, WASM_F32};
  const wasm_valkind_t rk[2] = {WASM_F64, WASM_EXTERNREF};
  for (int h = 0; h < 11; h++) {
    CHECK(hands[h] != NULL);
    const wasm_valtype_vec_t* hp = wasm_functype_params(hands[h]);
    const wasm_valtype_vec_t* hr = wasm_functype_results(hands[h]);
    CHECK_EQ(hp->size, hp_n[h]);
    CHECK_EQ(hr->size, hr_n[h]);
    for (size_t i = 0; i < hp->size; i++)
      CHECK_EQ(wasm_valtype_kind(hp->data[i]), pk[i]);
    for (size_t i = 0; i < hr->size; i++)
      CHECK_EQ(wasm_valtype_kind(hr->data[i]), rk[i]);
    wasm_functype_delete(hands[h]);
  }

  /* many parameters */
  wasm_valtype_vec_t many;
  wasm_valtype_vec_new_uninitialized(&many, 100);
  for (size_t i = 0; i < 100; i++) many.data[i] = wasm_valtype_new_i64();
  wasm_valtype_vec_t none;
  wasm_valtype_vec_new_empty(&none);
  s = wasm_functype_new(&many, &none);
  CHECK(s != NULL);
  CHECK_EQ(wasm_functype_params(s)->size, 100);
  wasm_functype_delete(s);

  /* a NULL element is not a type: no functype (the others are released) */
  wasm_valtype_t* holes[2] = {wasm_valtype_new_i32(), NULL};
  wasm_valtype_vec_t hp, hr;
  wasm_valtype_vec_new(&hp, 2, holes);
  wasm_valtype_vec_new_empty(&hr);
  CHECK(wasm_functype_new(&hp, &hr) == NULL);

  /* NULL */
  CHECK(wasm_functype_params(NULL) == NULL);
  CHECK(wasm_functype_results(NULL) == NULL);
  CHECK(wasm_functype_copy(NULL) == NULL);
  wasm_functype_delete(NULL);
  /* No vectors at all: no functype, or one without parameters/results. */
  wasm_functype_t* n1 = wasm_functype_new(NULL, NULL);
  if (n1 != NULL) {
    CHECK_EQ(wasm_functype_params(n1)->size, 0);
    CHECK_EQ(wasm_functype_results(n1)->size, 0);
    wasm_functype_delete(n1);
  }

  test_ok();
  return 0;
}
