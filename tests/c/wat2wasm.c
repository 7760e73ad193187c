/* wacapi_wat2wasm: good text -> a binary that compiles; bad text -> false,
 * an empty output and a "line:column" message; NULL. */
#include "util.h"

#include <ctype.h>

/* Does s contain "<line>:<digits>" for the given line? */
static bool has_line_col(const char* s, int line) {
  char pat[16];
  snprintf(pat, sizeof pat, "%d:", line);
  size_t n = strlen(pat);
  for (const char* p = strstr(s, pat); p != NULL; p = strstr(p + 1, pat)) {
    if (p != s && isdigit((unsigned char)p[-1])) continue;
    if (isdigit((unsigned char)p[n])) return true;
  }
  return false;
}

static void check_bad(const char* text, int line) {
  wasm_byte_vec_t in, out;
  bytes_from_string(&in, text);
  out.size = 5;
  out.data = NULL;
  CHECK(!wacapi_wat2wasm(&in, &out));
  CHECK_EQ(out.size, 0);
  wasm_byte_vec_delete(&out);
  wasm_byte_vec_delete(&in);
  const char* e = wacapi_last_error();
  CHECK(e != NULL && e[0] != '\0');
  if (!has_line_col(e, line)) {
    fprintf(stderr, "error message has no %d:<column>: \"%s\"\n", line, e);
    exit(1);
  }
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* good text */
  const char* good =
      "(module\n"
      "  ;; a comment\n"
      "  (func $add (export \"add\") (param i32 i32) (result i32)\n"
      "    local.get 0\n"
      "    local.get 1\n"
      "    i32.add))\n";
  wasm_byte_vec_t in, out;
  bytes_from_string(&in, good);
  CHECK(wacapi_wat2wasm(&in, &out));
  wasm_byte_vec_delete(&in);
  CHECK(out.size >= 8);
  CHECK(memcmp(out.data, "\0asm\1\0\0\0", 8) == 0);
  CHECK(wasm_module_validate(store, &out));
  wasm_module_t* m = wasm_module_new(store, &out);
  CHECK(m != NULL);
  wasm_instance_t* inst = instantiate(store, m, NULL, 0);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  int32_t args[2] = {20, 22};
  CHECK_EQ(call_i32(export_func(&ex, 0), args, 2), 42);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_byte_vec_delete(&out);

  /* the smallest module */
  bytes_from_string(&in, "(module)");
  CHECK(wacapi_wat2wasm(&in, &out));
  CHECK_EQ(out.size, 8);
  wasm_byte_vec_delete(&out);
  wasm_byte_vec_delete(&in);

  /* the text format's own forms: folded, data strings, (; ;) comments */
  bytes_from_string(
      &in,
      "(module (; block comment ;) (memory (export \"m\") 1)\n"
      "  (data (i32.const 0) \"\\01\\02hi\")\n"
      "  (func (export \"f\") (result i32) (i32.load8_u (i32.const 3))))");
  CHECK(wacapi_wat2wasm(&in, &out));
  wasm_byte_vec_delete(&in);
  m = wasm_module_new(store, &out);
  CHECK(m != NULL);
  inst = instantiate(store, m, NULL, 0);
  wasm_instance_exports(inst, &ex);
  CHECK_EQ(call_i32(export_func(&ex, 1), NULL, 0), 'i');
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_byte_vec_delete(&out);

  /* bad text: the message locates the error as line:column */
  check_bad("(module (func (result i32) i32.konst 1))", 1);
  check_bad("(module\n  (func\n    (i32.add (unknown_op))))\n", 3);
  check_bad("(module", 1);
  check_bad("(module (func $f) (func $f))", 1);
  check_bad("(module\n\n\n\n  )\n)", 6);
  check_bad("not a module at all", 1);

  /* NULL */
  bytes_from_string(&in, "(module)");
  CHECK(!wacapi_wat2wasm(&in, NULL));
  wasm_byte_vec_delete(&in);
  out.size = 3;
  CHECK(!wacapi_wat2wasm(NULL, &out));
  CHECK_EQ(out.size, 0);
  wasm_byte_vec_delete(&out);
  CHECK(!wacapi_wat2wasm(NULL, NULL));

  /* empty text: not a module */
  wasm_byte_vec_new_empty(&in);
  out.size = 3;
  bool r = wacapi_wat2wasm(&in, &out);
  if (r) wasm_byte_vec_delete(&out); /* an empty module is acceptable */
  wasm_byte_vec_delete(&in);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
