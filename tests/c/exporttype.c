/* wasm_exporttype_t: name and type (own semantics), copy, types read from
 * a module, invalid input, NULL. */
#include "util.h"

int main(void) {
  wasm_name_t name;
  wasm_name_new_from_string(&name, "run");
  wasm_externtype_t* et = wasm_functype_as_externtype(
      wasm_functype_new_0_1(wasm_valtype_new_f64()));
  wasm_exporttype_t* e = wasm_exporttype_new(&name, et);
  CHECK(e != NULL);
  CHECK(name_is(wasm_exporttype_name(e), "run"));
  CHECK(wasm_exporttype_type(e) == et);
  CHECK_EQ(wasm_externtype_kind(wasm_exporttype_type(e)), WASM_EXTERN_FUNC);

  wasm_exporttype_t* c = wasm_exporttype_copy(e);
  CHECK(c != NULL && c != e);
  wasm_exporttype_delete(e);
  CHECK(name_is(wasm_exporttype_name(c), "run"));
  const wasm_functype_t* ft =
      wasm_externtype_as_functype_const(wasm_exporttype_type(c));
  CHECK(ft != NULL);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_results(ft)->data[0]), WASM_F64);
  wasm_exporttype_delete(c);

  /* export types read from a module */
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* m = module_from_wat(
      store,
      "(module (table (export \"t\") 3 funcref)"
      " (global (export \"\") i32 (i32.const 0)))");
  wasm_exporttype_vec_t exports;
  wasm_module_exports(m, &exports);
  CHECK_EQ(exports.size, 2);
  CHECK(name_is(wasm_exporttype_name(exports.data[0]), "t"));
  const wasm_tabletype_t* tt =
      wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[0]));
  CHECK(tt != NULL);
  CHECK_EQ(wasm_tabletype_limits(tt)->min, 3);
  CHECK(wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
  CHECK_EQ(wasm_exporttype_name(exports.data[1])->size, 0);
  c = wasm_exporttype_copy(exports.data[1]);
  wasm_exporttype_vec_delete(&exports);
  wasm_module_delete(m);
  CHECK_EQ(wasm_externtype_kind(wasm_exporttype_type(c)), WASM_EXTERN_GLOBAL);
  wasm_exporttype_delete(c);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  /* missing parts: no export type (what was given is released) */
  CHECK(wasm_exporttype_new(
            NULL, wasm_functype_as_externtype(wasm_functype_new_0_0())) ==
        NULL);
  wasm_name_new_from_string(&name, "x");
  CHECK(wasm_exporttype_new(&name, NULL) == NULL);

  /* NULL */
  CHECK(wasm_exporttype_name(NULL) == NULL);
  CHECK(wasm_exporttype_type(NULL) == NULL);
  CHECK(wasm_exporttype_copy(NULL) == NULL);
  wasm_exporttype_delete(NULL);

  test_ok();
  return 0;
}
