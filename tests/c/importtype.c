/* wasm_importtype_t: module, name and type (own semantics), copy, types
 * read from a module, invalid input, NULL. */
#include "util.h"

int main(void) {
  wasm_name_t mod, name;
  wasm_name_new_from_string(&mod, "env");
  wasm_name_new_from_string(&name, "memory");
  wasm_limits_t l = {1, 5};
  wasm_externtype_t* et =
      wasm_memorytype_as_externtype(wasm_memorytype_new(&l));
  wasm_importtype_t* it = wasm_importtype_new(&mod, &name, et);
  CHECK(it != NULL);
  CHECK(name_is(wasm_importtype_module(it), "env"));
  CHECK(name_is(wasm_importtype_name(it), "memory"));
  /* the given type is taken over, not copied */
  CHECK(wasm_importtype_type(it) == et);
  CHECK_EQ(wasm_externtype_kind(wasm_importtype_type(it)), WASM_EXTERN_MEMORY);

  wasm_importtype_t* c = wasm_importtype_copy(it);
  CHECK(c != NULL && c != it);
  wasm_importtype_delete(it);
  CHECK(name_is(wasm_importtype_module(c), "env"));
  CHECK(name_is(wasm_importtype_name(c), "memory"));
  CHECK_EQ(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(
               wasm_importtype_type(c)))->max,
           5);
  wasm_importtype_delete(c);

  /* empty names are names too */
  wasm_name_new_empty(&mod);
  wasm_name_new_empty(&name);
  it = wasm_importtype_new(
      &mod, &name, wasm_functype_as_externtype(wasm_functype_new_0_0()));
  CHECK(it != NULL);
  CHECK_EQ(wasm_importtype_module(it)->size, 0);
  CHECK_EQ(wasm_importtype_name(it)->size, 0);
  wasm_importtype_delete(it);

  /* import types read from a module */
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* m = module_from_wat(
      store,
      "(module (import \"host\" \"g\" (global (mut i64)))"
      " (import \"\xc3\xa9t\xc3\xa9\" \"f\" (func (param f32))))");
  wasm_importtype_vec_t imports;
  wasm_module_imports(m, &imports);
  CHECK_EQ(imports.size, 2);
  CHECK(name_is(wasm_importtype_module(imports.data[0]), "host"));
  CHECK(name_is(wasm_importtype_name(imports.data[0]), "g"));
  const wasm_globaltype_t* gt =
      wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[0]));
  CHECK(gt != NULL);
  CHECK_EQ(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_I64);
  CHECK_EQ(wasm_globaltype_mutability(gt), WASM_VAR);
  CHECK(name_is(wasm_importtype_module(imports.data[1]), "\xc3\xa9t\xc3\xa9"));
  CHECK(name_is(wasm_importtype_name(imports.data[1]), "f"));
  c = wasm_importtype_copy(imports.data[1]);
  wasm_importtype_vec_delete(&imports);
  wasm_module_delete(m);
  CHECK(name_is(wasm_importtype_name(c), "f"));
  CHECK_EQ(wasm_externtype_kind(wasm_importtype_type(c)), WASM_EXTERN_FUNC);
  wasm_importtype_delete(c);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  /* missing parts: no import type (what was given is released) */
  wasm_name_new_from_string(&name, "x");
  CHECK(wasm_importtype_new(
            NULL, &name,
            wasm_functype_as_externtype(wasm_functype_new_0_0())) == NULL);
  wasm_name_new_from_string(&mod, "x");
  CHECK(wasm_importtype_new(
            &mod, NULL,
            wasm_functype_as_externtype(wasm_functype_new_0_0())) == NULL);
  wasm_name_new_from_string(&mod, "x");
  wasm_name_new_from_string(&name, "y");
  CHECK(wasm_importtype_new(&mod, &name, NULL) == NULL);

  /* NULL */
  CHECK(wasm_importtype_module(NULL) == NULL);
  CHECK(wasm_importtype_name(NULL) == NULL);
  CHECK(wasm_importtype_type(NULL) == NULL);
  CHECK(wasm_importtype_copy(NULL) == NULL);
  wasm_importtype_delete(NULL);

  test_ok();
  return 0;
}
