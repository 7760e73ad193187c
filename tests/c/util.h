/* Shared helpers for the C tests of wacapi (the files in tests/c).
 *
 * Every test program includes this header first, checks behaviour with the
 * CHECK* macros below (which print file:line and the failing expression, then
 * exit with status 1) and prints "ok" on its last line when everything held.
 * Modules are written as WAT text and converted with wacapi_wat2wasm.
 */
#ifndef WACAPI_TEST_UTIL_H
#define WACAPI_TEST_UTIL_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wacapi.h"
#include "wasm.h"

/* ------------------------------------------------------------------------ */
/* Assertions                                                                */

static inline void test_fail_context(void) {
  fflush(stdout);
  const char* le = wacapi_last_error();
  if (le != NULL && le[0] != '\0') {
    fprintf(stderr, "  (wacapi_last_error: %s)\n", le);
  }
}

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fflush(stdout);                                                      \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,     \
              #cond);                                                      \
      test_fail_context();                                                 \
      exit(1);                                                             \
    }                                                                      \
  } while (0)

#define CHECK_EQ(a, b)                                                     \
  do {                                                                     \
    long long check_a_ = (long long)(a);                                   \
    long long check_b_ = (long long)(b);                                   \
    if (check_a_ != check_b_) {                                            \
      fflush(stdout);                                                      \
      fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (%lld != %lld)\n", \
              __FILE__, __LINE__, #a, #b, check_a_, check_b_);             \
      test_fail_context();                                                 \
      exit(1);                                                             \
    }                                                                      \
  } while (0)

#define CHECK_STR_CONTAINS(hay, needle)                                    \
  do {                                                                     \
    const char* check_h_ = (hay);                                          \
    const char* check_n_ = (needle);                                       \
    if (check_h_ == NULL || strstr(check_h_, check_n_) == NULL) {          \
      fflush(stdout);                                                      \
      fprintf(stderr,                                                      \
              "%s:%d: CHECK_STR_CONTAINS failed: %s contains %s\n"         \
              "  text:   \"%s\"\n  wanted: \"%s\"\n",                      \
              __FILE__, __LINE__, #hay, #needle,                           \
              check_h_ ? check_h_ : "(null)", check_n_);                   \
      exit(1);                                                             \
    }                                                                      \
  } while (0)

static inline void test_ok(void) {
  printf("ok\n");
  fflush(stdout);
}

/* ------------------------------------------------------------------------ */
/* Names and byte vectors                                                    */

/* True when the name holds exactly the bytes of s (no terminating NUL). */
static inline bool name_is(const wasm_name_t* name, const char* s) {
  size_t n = strlen(s);
  return name != NULL && name->size == n &&
         (n == 0 || (name->data != NULL && memcmp(name->data, s, n) == 0));
}

/* A fresh owned byte vector holding the bytes of s (no NUL). */
static inline void bytes_from_string(wasm_byte_vec_t* out, const char* s) {
  wasm_byte_vec_new(out, strlen(s), s);
}

/* The last error as a C string that is never NULL. */
static inline const char* last_error(void) {
  const char* e = wacapi_last_error();
  return e ? e : "(null)";
}

/* WAT text -> binary, failing the test on error. */
static inline void wat_to_wasm(const char* wat, wasm_byte_vec_t* out) {
  wasm_byte_vec_t text;
  bytes_from_string(&text, wat);
  bool ok = wacapi_wat2wasm(&text, out);
  wasm_byte_vec_delete(&text);
  if (!ok) {
    fprintf(stderr, "wacapi_wat2wasm failed: %s\n--- text ---\n%s\n",
            last_error(), wat);
    exit(1);
  }
}

static inline wasm_module_t* module_from_wat(wasm_store_t* store,
                                             const char* wat) {
  wasm_byte_vec_t binary;
  wat_to_wasm(wat, &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (module == NULL) {
    fprintf(stderr, "wasm_module_new failed: %s\n--- text ---\n%s\n",
            last_error(), wat);
    exit(1);
  }
  return module;
}

/* ------------------------------------------------------------------------ */
/* Traps                                                                     */

/* Copy a trap's message into buf as a C string (works whether or not the
 * message counts a terminating NUL in its size). */
static inline void trap_text(const wasm_trap_t* trap, char* buf, size_t cap) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  size_t n = msg.size < cap - 1 ? msg.size : cap - 1;
  if (n > 0) memcpy(buf, msg.data, n);
  buf[n] = '\0';
  wasm_byte_vec_delete(&msg);
}

#define CHECK_NO_TRAP(trap_expr)                                           \
  do {                                                                     \
    wasm_trap_t* check_t_ = (trap_expr);                                   \
    if (check_t_ != NULL) {                                                \
      char check_buf_[512];                                                \
      trap_text(check_t_, check_buf_, sizeof check_buf_);                  \
      fflush(stdout);                                                      \
      fprintf(stderr, "%s:%d: unexpected trap from %s: %s\n", __FILE__,    \
              __LINE__, #trap_expr, check_buf_);                           \
      exit(1);                                                             \
    }                                                                      \
  } while (0)

/* Check that trap is non-NULL and its message contains text; deletes it. */
#define CHECK_TRAP_CONTAINS(trap_expr, text)                               \
  do {                                                                     \
    wasm_trap_t* check_t_ = (trap_expr);                                   \
    if (check_t_ == NULL) {                                                \
      fflush(stdout);                                                      \
      fprintf(stderr, "%s:%d: expected a trap from %s, got none\n",        \
              __FILE__, __LINE__, #trap_expr);                             \
      exit(1);                                                             \
    }                                                                      \
    char check_buf_[512];                                                  \
    trap_text(check_t_, check_buf_, sizeof check_buf_);                    \
    CHECK_STR_CONTAINS(check_buf_, text);                                  \
    wasm_trap_delete(check_t_);                                            \
  } while (0)

/* ------------------------------------------------------------------------ */
/* Instances and calls                                                       */

/* Instantiate with positional imports; fails the test on error or trap. */
static inline wasm_instance_t* instantiate(wasm_store_t* store,
                                           const wasm_module_t* module,
                                           wasm_extern_t* const* imports,
                                           size_t n) {
  wasm_extern_vec_t vec = {n, (wasm_extern_t**)imports};
  wasm_trap_t* trap = NULL;
  wasm_instance_t* inst = wasm_instance_new(store, module, &vec, &trap);
  if (trap != NULL) {
    char buf[512];
    trap_text(trap, buf, sizeof buf);
    fprintf(stderr, "instantiation trapped: %s\n", buf);
    exit(1);
  }
  if (inst == NULL) {
    fprintf(stderr, "wasm_instance_new failed: %s\n", last_error());
    exit(1);
  }
  return inst;
}

/* Borrowed export i of the given kind (NULL-checked). */
static inline wasm_func_t* export_func(const wasm_extern_vec_t* exports,
                                       size_t i) {
  CHECK(i < exports->size);
  wasm_func_t* f = wasm_extern_as_func(exports->data[i]);
  CHECK(f != NULL);
  return f;
}
static inline wasm_global_t* export_global(const wasm_extern_vec_t* exports,
                                           size_t i) {
  CHECK(i < exports->size);
  wasm_global_t* g = wasm_extern_as_global(exports->data[i]);
  CHECK(g != NULL);
  return g;
}
static inline wasm_table_t* export_table(const wasm_extern_vec_t* exports,
                                         size_t i) {
  CHECK(i < exports->size);
  wasm_table_t* t = wasm_extern_as_table(exports->data[i]);
  CHECK(t != NULL);
  return t;
}
static inline wasm_memory_t* export_memory(const wasm_extern_vec_t* exports,
                                           size_t i) {
  CHECK(i < exports->size);
  wasm_memory_t* m = wasm_extern_as_memory(exports->data[i]);
  CHECK(m != NULL);
  return m;
}

/* Call with arrays; returns the trap (owned) or NULL. */
static inline wasm_trap_t* call(const wasm_func_t* f, wasm_val_t* args,
                                size_t nargs, wasm_val_t* results,
                                size_t nresults) {
  wasm_val_vec_t a = {nargs, args};
  wasm_val_vec_t r = {nresults, results};
  return wasm_func_call(f, &a, &r);
}

/* Call a function (i32...) -> i32 that must not trap. */
static inline int32_t call_i32(const wasm_func_t* f, int32_t* in, size_t n) {
  wasm_val_t args[8];
  CHECK(n <= 8);
  for (size_t i = 0; i < n; i++) {
    args[i].kind = WASM_I32;
    args[i].of.i32 = in[i];
  }
  wasm_val_t res[1] = {WASM_INIT_VAL};
  CHECK_NO_TRAP(call(f, args, n, res, 1));
  CHECK_EQ(res[0].kind, WASM_I32);
  return res[0].of.i32;
}

/* A functype built from kinds; count of -1 terminated lists is explicit. */
static inline wasm_functype_t* functype_of(size_t np,
                                           const wasm_valkind_t* params,
                                           size_t nr,
                                           const wasm_valkind_t* results) {
  wasm_valtype_vec_t p, r;
  wasm_valtype_vec_new_uninitialized(&p, np);
  for (size_t i = 0; i < np; i++) p.data[i] = wasm_valtype_new(params[i]);
  wasm_valtype_vec_new_uninitialized(&r, nr);
  for (size_t i = 0; i < nr; i++) r.data[i] = wasm_valtype_new(results[i]);
  wasm_functype_t* ft = wasm_functype_new(&p, &r);
  CHECK(ft != NULL);
  return ft;
}

#endif /* WACAPI_TEST_UTIL_H */
