/* wasm_module_t: new, validate, imports and exports in declaration order
 * (not name order) with their types, rejection of bad binaries and of WAT
 * text with a readable error, copy/same, NULL. */
#include "util.h"

static const char* WAT =
    "(module\n"
    "  (import \"zeta\" \"f\" (func $f (param i32) (result i32)))\n"
    "  (import \"alpha\" \"g\" (global $g (mut i64)))\n"
    "  (import \"mid\" \"mem\" (memory 1 2))\n"
    "  (import \"alpha\" \"tab\" (table 2 externref))\n"
    "  (func $double (export \"zz_double\") (param i32) (result i32)\n"
    "    local.get 0 i32.const 2 i32.mul)\n"
    "  (global $c (export \"aa_const\") f64 (f64.const 1.5))\n"
    "  (table $t (export \"mm_table\") 3 7 funcref)\n"
    "  (export \"bb_mem\" (memory 0))\n"
    "  (export \"cc_import_func\" (func $f))\n"
    "  (export \"ab_global_again\" (global $g)))\n";

static void check_functype_1_1(const wasm_externtype_t* et) {
  const wasm_functype_t* ft = wasm_externtype_as_functype_const(et);
  CHECK(ft != NULL);
  CHECK_EQ(wasm_functype_params(ft)->size, 1);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_params(ft)->data[0]), WASM_I32);
  CHECK_EQ(wasm_functype_results(ft)->size, 1);
  CHECK_EQ(wasm_valtype_kind(wasm_functype_results(ft)->data[0]), WASM_I32);
}

static void check_module(const wasm_module_t* m) {
  wasm_importtype_vec_t im;
  wasm_module_imports(m, &im);
  CHECK_EQ(im.size, 4);
  CHECK(name_is(wasm_importtype_module(im.data[0]), "zeta"));
  CHECK(name_is(wasm_importtype_name(im.data[0]), "f"));
  check_functype_1_1(wasm_importtype_type(im.data[0]));

  CHECK(name_is(wasm_importtype_module(im.data[1]), "alpha"));
  CHECK(name_is(wasm_importtype_name(im.data[1]), "g"));
  const wasm_globaltype_t* gt =
      wasm_externtype_as_globaltype_const(wasm_importtype_type(im.data[1]));
  CHECK(gt != NULL);
  CHECK_EQ(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_I64);
  CHECK_EQ(wasm_globaltype_mutability(gt), WASM_VAR);

  CHECK(name_is(wasm_importtype_module(im.data[2]), "mid"));
  CHECK(name_is(wasm_importtype_name(im.data[2]), "mem"));
  const wasm_memorytype_t* mt =
      wasm_externtype_as_memorytype_const(wasm_importtype_type(im.data[2]));
  CHECK(mt != NULL);
  CHECK_EQ(wasm_memorytype_limits(mt)->min, 1);
  CHECK_EQ(wasm_memorytype_limits(mt)->max, 2);

  CHECK(name_is(wasm_importtype_module(im.data[3]), "alpha"));
  CHECK(name_is(wasm_importtype_name(im.data[3]), "tab"));
  const wasm_tabletype_t* tt =
      wasm_externtype_as_tabletype_const(wasm_importtype_type(im.data[3]));
  CHECK(tt != NULL);
  CHECK_EQ(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_EXTERNREF);
  CHECK_EQ(wasm_tabletype_limits(tt)->min, 2);
  CHECK(wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
  wasm_importtype_vec_delete(&im);

  wasm_exporttype_vec_t ex;
  wasm_module_exports(m, &ex);
  CHECK_EQ(ex.size, 6);
  const char* names[6] = {"zz_double", "aa_const",       "mm_table",
                          "bb_mem",    "cc_import_func", "ab_global_again"};
  const wasm_externkind_t kinds[6] = {
      WASM_EXTERN_FUNC,   WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE,
      WASM_EXTERN_MEMORY, WASM_EXTERN_FUNC,   WASM_EXTERN_GLOBAL};
  for (int i = 0; i < 6; i++) {
    if (!name_is(wasm_exporttype_name(ex.data[i]), names[i])) {
      fprintf(stderr, "export %d is \"%.*s\", expected \"%s\"\n", i,
              (int)wasm_exporttype_name(ex.data[i])->size,
              wasm_exporttype_name(ex.data[i])->data, names[i]);
      exit(1);
    }
    CHECK_EQ(wasm_externtype_kind(wasm_exporttype_type(ex.data[i])), kinds[i]);
  }
  check_functype_1_1(wasm_exporttype_type(ex.data[0]));
  gt = wasm_externtype_as_globaltype_const(wasm_exporttype_type(ex.data[1]));
  CHECK_EQ(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_F64);
  CHECK_EQ(wasm_globaltype_mutability(gt), WASM_CONST);
  tt = wasm_externtype_as_tabletype_const(wasm_exporttype_type(ex.data[2]));
  CHECK_EQ(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_FUNCREF);
  CHECK_EQ(wasm_tabletype_limits(tt)->min, 3);
  CHECK_EQ(wasm_tabletype_limits(tt)->max, 7);
  mt = wasm_externtype_as_memorytype_const(wasm_exporttype_type(ex.data[3]));
  CHECK_EQ(wasm_memorytype_limits(mt)->min, 1);
  CHECK_EQ(wasm_memorytype_limits(mt)->max, 2);
  check_functype_1_1(wasm_exporttype_type(ex.data[4]));
  gt = wasm_externtype_as_globaltype_const(wasm_exporttype_type(ex.data[5]));
  CHECK_EQ(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_I64);
  CHECK_EQ(wasm_globaltype_mutability(gt), WASM_VAR);
  wasm_exporttype_vec_delete(&ex);
}

/* Must fail to compile and leave a non-empty error mentioning `needle`. */
static void check_rejected(wasm_store_t* store, const char* bytes, size_t n,
                           const char* needle) {
  wasm_byte_vec_t b;
  wasm_byte_vec_new(&b, n, bytes);
  CHECK(!wasm_module_validate(store, &b));
  CHECK(wasm_module_new(store, &b) == NULL);
  const char* e = wacapi_last_error();
  CHECK(e != NULL);
  CHECK(e[0] != '\0');
  if (needle != NULL) CHECK_STR_CONTAINS(e, needle);
  wasm_byte_vec_delete(&b);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasm_byte_vec_t binary;
  wat_to_wasm(WAT, &binary);
  CHECK(wasm_module_validate(store, &binary));
  wasm_module_t* m = wasm_module_new(store, &binary);
  CHECK(m != NULL);
  check_module(m);
  check_module(m); /* asking twice gives the same answer */

  /* copies are the same module */
  wasm_module_t* c = wasm_module_copy(m);
  CHECK(c != NULL);
  CHECK(wasm_module_same(m, c));
  CHECK(wasm_module_same(m, m));
  wasm_module_delete(m);
  check_module(c);
  wasm_module_t* other = wasm_module_new(store, &binary);
  CHECK(other != NULL);
  CHECK(!wasm_module_same(c, other));
  wasm_module_delete(other);
  wasm_module_delete(c);

  /* many exports, declared in reverse name order */
  {
    char wat[4096];
    size_t off = (size_t)snprintf(wat, sizeof wat, "(module");
    for (int i = 25; i >= 0; i--) {
      off += (size_t)snprintf(wat + off, sizeof wat - off,
                              " (func (export \"%c_%d\"))", 'a' + i, i);
    }
    snprintf(wat + off, sizeof wat - off, ")");
    wasm_module_t* mm = module_from_wat(store, wat);
    wasm_exporttype_vec_t ex;
    wasm_module_exports(mm, &ex);
    CHECK_EQ(ex.size, 26);
    for (int i = 0; i < 26; i++) {
      char expect[16];
      snprintf(expect, sizeof expect, "%c_%d", 'a' + 25 - i, 25 - i);
      CHECK(name_is(wasm_exporttype_name(ex.data[i]), expect));
    }
    wasm_exporttype_vec_delete(&ex);
    wasm_importtype_vec_t im;
    wasm_module_imports(mm, &im);
    CHECK_EQ(im.size, 0);
    wasm_importtype_vec_delete(&im);
    wasm_module_delete(mm);
  }

  /* bad binaries: garbage after a good header, bad magic, bad version,
   * truncated, empty, type errors */
  static const char junk[] = {0, 'a', 's', 'm', 1, 0, 0, 0,
                              0x01, 0x7f, 0x02, 0x03};
  check_rejected(store, junk, sizeof junk, "offset");
  static const char magic[] = {0, 'a', 's', 'n', 1, 0, 0, 0};
  check_rejected(store, magic, sizeof magic, NULL);
  static const char version[] = {0, 'a', 's', 'm', 9, 0, 0, 0};
  check_rejected(store, version, sizeof version, NULL);
  check_rejected(store, binary.data, binary.size / 2, NULL);
  check_rejected(store, binary.data, 3, NULL);
  check_rejected(store, "", 0, NULL);
  wasm_byte_vec_t typeerr;
  wat_to_wasm("(module (func (result i32) i64.const 1))", &typeerr);
  check_rejected(store, typeerr.data, typeerr.size, NULL);
  wasm_byte_vec_delete(&typeerr);

  /* wasm.h takes binaries only: WAT text is rejected */
  const char* text = "(module (func (export \"f\")))";
  check_rejected(store, text, strlen(text), NULL);

  /* the good binary still works after all those failures */
  m = wasm_module_new(store, &binary);
  CHECK(m != NULL);
  wasm_module_delete(m);

  /* NULL */
  CHECK(wasm_module_new(store, NULL) == NULL);
  CHECK(wasm_module_new(NULL, &binary) == NULL);
  CHECK(!wasm_module_validate(store, NULL));
  CHECK(!wasm_module_validate(NULL, &binary));
  wasm_importtype_vec_t im;
  im.size = 3;
  wasm_module_imports(NULL, &im);
  CHECK_EQ(im.size, 0);
  wasm_importtype_vec_delete(&im);
  wasm_exporttype_vec_t ex;
  ex.size = 3;
  wasm_module_exports(NULL, &ex);
  CHECK_EQ(ex.size, 0);
  wasm_exporttype_vec_delete(&ex);
  wasm_module_t* good = wasm_module_new(store, &binary);
  wasm_module_imports(good, NULL);
  wasm_module_exports(good, NULL);
  CHECK(!wasm_module_same(good, NULL));
  CHECK(!wasm_module_same(NULL, good));
  (void)wasm_module_same(NULL, NULL);
  wasm_module_delete(good);
  CHECK(wasm_module_copy(NULL) == NULL);
  wasm_module_delete(NULL);

  wasm_byte_vec_delete(&binary);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
