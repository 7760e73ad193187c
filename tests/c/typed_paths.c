/* The typed fast paths (src/typed.rs): every signature of up to three i32/i64/f32/f64
 * parameters and no result or one, called through wasm_func_call into wasm (typed call
 * entry), from wasm into a C callback (typed host function) and from C straight into that
 * host function; each once in a plain store and once in a watched (sliced) store. Then what
 * the fast paths must still get right: NaN bit patterns, argument kinds and arity refused
 * with the general path's messages, a callback writing the wrong kind, traps from
 * callbacks, re-entrant calls from a callback, a signature past the typed ones, and an
 * interrupt landing in a typed call. */
#include "util.h"

#include <stdarg.h>
#include <unistd.h>

enum { NT = 4 };
static const wasm_valkind_t KINDS[NT] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64};
static const char* NAMES[NT] = {"i32", "i64", "f32", "f64"};
/* CONV[from][to]: the instruction turning a `from` value into a `to` one ("" for none). */
static const char* CONV[NT][NT] = {
    {"", "i64.extend_i32_s", "f32.convert_i32_s", "f64.convert_i32_s"},
    {"i32.wrap_i64", "", "f32.convert_i64_s", "f64.convert_i64_s"},
    {"i32.trunc_f32_s", "i64.trunc_f32_s", "", "f64.promote_f32"},
    {"i32.trunc_f64_s", "i64.trunc_f64_s", "f32.demote_f64", ""},
};

/* One signature: np parameter types, and the result type or -1. */
typedef struct {
  int np;
  int p[3];
  int r;
} sig_t;

enum { MAX_SIGS = 425 };
static sig_t sigs[MAX_SIGS];
static int nsigs = 0;

static void enumerate(void) {
  for (int np = 0; np <= 3; np++) {
    int combos = 1;
    for (int i = 0; i < np; i++) combos *= NT;
    for (int c = 0; c < combos; c++) {
      for (int r = -1; r < NT; r++) {
        sig_t* s = &sigs[nsigs++];
        s->np = np;
        for (int i = 0, x = c; i < np; i++, x /= NT) s->p[i] = x % NT;
        s->r = r;
      }
    }
  }
  CHECK_EQ(nsigs, MAX_SIGS);
}

/* The value of argument j of signature id (exact in every type; floats carry a .5). */
static wasm_val_t arg_value(int id, int j, int t) {
  wasm_val_t v;
  v.kind = KINDS[t];
  int base = 2 * (j + 1) + id % 7;
  switch (t) {
    case 0: v.of.i32 = base; break;
    case 1: v.of.i64 = (int64_t)base + ((int64_t)1 << 40) * (j == 1); break;
    case 2: v.of.f32 = (float)base + 0.5f; break;
    default: v.of.f64 = (double)base + 0.25; break;
  }
  return v;
}

/* What every function of the sweep computes: 1 + the sum of its arguments, each converted to
 * the result type first (f64 when there is no result; it then goes to a sink). */
static wasm_val_t expected(const sig_t* s, const wasm_val_t* args) {
  int t = s->r < 0 ? 3 : s->r;
  wasm_val_t out;
  out.kind = KINDS[t];
  int32_t i32 = 1;
  int64_t i64 = 1;
  float f32 = 1;
  double f64 = 1;
  for (int j = 0; j < s->np; j++) {
    const wasm_val_t* a = &args[j];
    switch (t) {
      case 0:
        i32 += a->kind == WASM_I32   ? a->of.i32
               : a->kind == WASM_I64 ? (int32_t)a->of.i64
               : a->kind == WASM_F32 ? (int32_t)a->of.f32
                                     : (int32_t)a->of.f64;
        break;
      case 1:
        i64 += a->kind == WASM_I32   ? (int64_t)a->of.i32
               : a->kind == WASM_I64 ? a->of.i64
               : a->kind == WASM_F32 ? (int64_t)a->of.f32
                                     : (int64_t)a->of.f64;
        break;
      case 2:
        f32 += a->kind == WASM_I32   ? (float)a->of.i32
               : a->kind == WASM_I64 ? (float)a->of.i64
               : a->kind == WASM_F32 ? a->of.f32
                                     : (float)a->of.f64;
        break;
      default:
        f64 += a->kind == WASM_I32   ? (double)a->of.i32
               : a->kind == WASM_I64 ? (double)a->of.i64
               : a->kind == WASM_F32 ? (double)a->of.f32
                                     : a->of.f64;
        break;
    }
  }
  switch (t) {
    case 0: out.of.i32 = i32; break;
    case 1: out.of.i64 = i64; break;
    case 2: out.of.f32 = f32; break;
    default: out.of.f64 = f64; break;
  }
  return out;
}

static int same_val(const wasm_val_t* a, const wasm_val_t* b) {
  if (a->kind != b->kind) return 0;
  switch (a->kind) {
    case WASM_I32: return a->of.i32 == b->of.i32;
    case WASM_I64: return a->of.i64 == b->of.i64;
    case WASM_F32: return memcmp(&a->of.f32, &b->of.f32, 4) == 0;
    default: return memcmp(&a->of.f64, &b->of.f64, 8) == 0;
  }
}

/* ---------------------------------------------------------------- the module */

/* The module text being written. */
static char* text;
static size_t text_len, text_cap;

static void emit(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(text + text_len, text_cap - text_len, fmt, ap);
  va_end(ap);
  CHECK(n >= 0 && text_len + (size_t)n < text_cap);
  text_len += (size_t)n;
}

static void emit_types(const sig_t* s) {
  emit(" (param");
  for (int j = 0; j < s->np; j++) emit(" %s", NAMES[s->p[j]]);
  emit(")");
  if (s->r >= 0) emit(" (result %s)", NAMES[s->r]);
}

/* For signature i: import h<i> (the C callback), export f<i> (computes in wasm) and g<i>
 * (forwards its arguments to h<i>); a global $sink receives the no-result sums. The caller
 * frees the text. */
static char* sweep_wat(void) {
  text_cap = 1 << 20;
  text_len = 0;
  text = malloc(text_cap);
  CHECK(text != NULL);
  emit("(module\n");
  for (int i = 0; i < nsigs; i++) {
    emit(" (import \"h\" \"%d\" (func $h%d", i, i);
    emit_types(&sigs[i]);
    emit("))\n");
  }
  emit(" (global $sink (export \"sink\") (mut f64) (f64.const 0))\n");
  for (int i = 0; i < nsigs; i++) {
    const sig_t* s = &sigs[i];
    int t = s->r < 0 ? 3 : s->r;
    emit(" (func (export \"f%d\")", i);
    emit_types(s);
    emit(" (%s.const 1)", NAMES[t]);
    for (int j = 0; j < s->np; j++) emit(" (local.get %d) %s %s.add", j, CONV[s->p[j]][t], NAMES[t]);
    if (s->r < 0) emit(" (global.set $sink)");
    emit(")\n (func (export \"g%d\")", i);
    emit_types(s);
    for (int j = 0; j < s->np; j++) emit(" (local.get %d)", j);
    emit(" (call $h%d))\n", i);
  }
  emit(")\n");
  return text;
}

/* ---------------------------------------------------------------- the callbacks */

static double host_sink = 0;
static int host_calls = 0;

/* env is the signature; checks what arrives and computes what f<i> computes. */
static wasm_trap_t* sweep_cb(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  const sig_t* s = env;
  host_calls++;
  CHECK_EQ(args->size, (size_t)s->np);
  CHECK_EQ(results->size, s->r < 0 ? 0 : 1);
  CHECK(s->np == 0 ? args->data == NULL : args->data != NULL);
  for (int j = 0; j < s->np; j++) CHECK_EQ(args->data[j].kind, KINDS[s->p[j]]);
  wasm_val_t want = expected(s, args->data);
  if (s->r < 0) {
    host_sink = want.of.f64;
  } else {
    CHECK_EQ(results->data[0].kind, KINDS[s->r]);
    results->data[0] = want;
  }
  return NULL;
}

static void run_sweep(int sliced) {
  wasm_config_t* config = wasm_config_new();
  wacapi_config_interruptible(config, sliced);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_interrupt_handle_t* handle = sliced ? wacapi_store_interrupt_handle(store) : NULL;
  if (sliced) CHECK(handle != NULL);

  char* wat = sweep_wat();
  wasm_module_t* module = module_from_wat(store, wat);
  free(wat);
  wasm_extern_t** imports = malloc(sizeof(wasm_extern_t*) * (size_t)nsigs);
  wasm_func_t** hosts = malloc(sizeof(wasm_func_t*) * (size_t)nsigs);
  CHECK(imports != NULL && hosts != NULL);
  for (int i = 0; i < nsigs; i++) {
    const sig_t* s = &sigs[i];
    wasm_valkind_t p[3], r[1];
    for (int j = 0; j < s->np; j++) p[j] = KINDS[s->p[j]];
    if (s->r >= 0) r[0] = KINDS[s->r];
    wasm_functype_t* ft = functype_of((size_t)s->np, p, s->r < 0 ? 0 : 1, r);
    hosts[i] = wasm_func_new_with_env(store, ft, sweep_cb, (void*)s, NULL);
    CHECK(hosts[i] != NULL);
    wasm_functype_delete(ft);
    imports[i] = wasm_func_as_extern(hosts[i]);
  }
  wasm_instance_t* inst = instantiate(store, module, imports, (size_t)nsigs);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  CHECK_EQ(exports.size, (size_t)(1 + 2 * nsigs));
  wasm_global_t* sink = export_global(&exports, 0);

  for (int i = 0; i < nsigs; i++) {
    const sig_t* s = &sigs[i];
    wasm_val_t args[3], want;
    for (int j = 0; j < s->np; j++) args[j] = arg_value(i, j, s->p[j]);
    want = expected(s, args);
    const wasm_func_t* targets[3] = {export_func(&exports, 1 + 2 * (size_t)i),
                                     export_func(&exports, 2 + 2 * (size_t)i), hosts[i]};
    for (int k = 0; k < 3; k++) {
      /* Twice: the first call makes the typed entry, the second uses it. */
      for (int round = 0; round < 2; round++) {
        wasm_val_t res[1] = {WASM_INIT_VAL};
        host_sink = 0;
        int before = host_calls;
        CHECK_NO_TRAP(call(targets[k], args, (size_t)s->np, res, s->r < 0 ? 0 : 1));
        CHECK_EQ(host_calls - before, k == 0 ? 0 : 1);
        if (s->r >= 0) {
          if (!same_val(&res[0], &want)) {
            fprintf(stderr, "signature %d target %d: wrong result\n", i, k);
            exit(1);
          }
        } else if (k == 0) {
          wasm_val_t got;
          wasm_global_get(sink, &got);
          CHECK(got.kind == WASM_F64 && got.of.f64 == want.of.f64);
        } else {
          CHECK(host_sink == want.of.f64);
        }
      }
    }
  }

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  for (int i = 0; i < nsigs; i++) wasm_func_delete(hosts[i]);
  free(hosts);
  free(imports);
  wasm_module_delete(module);
  if (handle) wacapi_interrupt_handle_delete(handle);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* ---------------------------------------------------------------- edge cases */

static wasm_store_t* store;
static const wasm_func_t* add;

static wasm_trap_t* nan_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0] = args->data[0];
  return NULL;
}

static wasm_trap_t* wrong_kind_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = WASM_I64;
  results->data[0].of.i64 = 7;
  return NULL;
}

static wasm_trap_t* trap_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t m;
  wasm_name_new_from_string_nt(&m, "typed callback trapped");
  wasm_trap_t* t = wasm_trap_new(store, &m);
  wasm_byte_vec_delete(&m);
  return t;
}

/* Calls the typed export add(20, x) from inside a typed callback. */
static wasm_trap_t* reenter_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  wasm_val_t a[2] = {WASM_I32_VAL(20), args->data[0]};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_trap_t* trap = call(add, a, 2, r, 1);
  if (trap) return trap;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = r[0].of.i32 + 1;
  return NULL;
}

static wacapi_interrupt_handle_t* pending_interrupt;
/* Interrupts its own store: the typed call it returns to must end with "interrupted". */
static wasm_trap_t* interrupt_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  wacapi_interrupt(pending_interrupt);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 0;
  return NULL;
}

static wasm_func_t* host(wasm_valkind_t p, wasm_valkind_t r, wasm_func_callback_t cb) {
  wasm_functype_t* ft = functype_of(1, &p, 1, &r);
  wasm_func_t* f = wasm_func_new(store, ft, cb);
  wasm_functype_delete(ft);
  CHECK(f != NULL);
  return f;
}

static void edge_cases(void) {
  wasm_config_t* config = wasm_config_new();
  wacapi_config_interruptible(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(
      store,
      "(module"
      " (import \"\" \"nan32\" (func $nan32 (param f32) (result f32)))"
      " (import \"\" \"nan64\" (func $nan64 (param f64) (result f64)))"
      " (import \"\" \"wrong\" (func $wrong (param i32) (result i32)))"
      " (import \"\" \"trap\" (func $trap (param i32) (result i32)))"
      " (import \"\" \"reenter\" (func $reenter (param i32) (result i32)))"
      " (import \"\" \"interrupt\" (func $interrupt (param i32) (result i32)))"
      " (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))"
      " (func (export \"id32\") (param f32) (result f32) (call $nan32 (local.get 0)))"
      " (func (export \"id64\") (param f64) (result f64) (call $nan64 (local.get 0)))"
      " (func (export \"wrong\") (param i32) (result i32) (call $wrong (local.get 0)))"
      " (func (export \"trap\") (param i32) (result i32) (call $trap (local.get 0)))"
      " (func (export \"reenter\") (param i32) (result i32) (call $reenter (local.get 0)))"
      " (func (export \"spin\") (param i32) (result i32)"
      "  (drop (call $interrupt (local.get 0))) (loop (br 0)) (i32.const 1))"
      " (func (export \"div\") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))"
      " (func (export \"sum4\") (param i32 i32 i32 i32) (result i32)"
      "  (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3)))))");
  wasm_func_t* imports_f[6] = {
      host(WASM_F32, WASM_F32, nan_cb),        host(WASM_F64, WASM_F64, nan_cb),
      host(WASM_I32, WASM_I32, wrong_kind_cb), host(WASM_I32, WASM_I32, trap_cb),
      host(WASM_I32, WASM_I32, reenter_cb),    host(WASM_I32, WASM_I32, interrupt_cb)};
  wasm_extern_t* imports[6];
  for (int i = 0; i < 6; i++) imports[i] = wasm_func_as_extern(imports_f[i]);
  wasm_instance_t* inst = instantiate(store, module, imports, 6);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  add = export_func(&ex, 0);

  /* NaN payloads cross both typed paths (and the typed host call) bit for bit. */
  uint32_t nan32_bits = 0x7fa00001u;
  uint64_t nan64_bits = 0xfff4000000000123ull;
  wasm_val_t a32 = {.kind = WASM_F32}, a64 = {.kind = WASM_F64}, r[1] = {WASM_INIT_VAL};
  memcpy(&a32.of.f32, &nan32_bits, 4);
  memcpy(&a64.of.f64, &nan64_bits, 8);
  const wasm_func_t* ids[2][2] = {{export_func(&ex, 1), imports_f[0]},
                                  {export_func(&ex, 2), imports_f[1]}};
  for (int k = 0; k < 2; k++) {
    CHECK_NO_TRAP(call(ids[0][k], &a32, 1, r, 1));
    CHECK(r[0].kind == WASM_F32 && memcmp(&r[0].of.f32, &nan32_bits, 4) == 0);
    CHECK_NO_TRAP(call(ids[1][k], &a64, 1, r, 1));
    CHECK(r[0].kind == WASM_F64 && memcmp(&r[0].of.f64, &nan64_bits, 8) == 0);
  }

  /* Wrong argument kinds, counts and room: the general path's messages. */
  wasm_val_t bad[2] = {WASM_I64_VAL(1), WASM_I32_VAL(2)};
  CHECK_TRAP_CONTAINS(call(add, bad, 2, r, 1), "argument 0");
  CHECK_TRAP_CONTAINS(call(add, bad + 1, 1, r, 1), "expected 2 arguments, got 1");
  wasm_val_t good[2] = {WASM_I32_VAL(40), WASM_I32_VAL(2)};
  CHECK_TRAP_CONTAINS(call(add, good, 2, r, 0), "expected room for 1 results, got 0");
  wasm_val_t big[1] = {WASM_INIT_VAL};
  CHECK_NO_TRAP(call(add, good, 2, big, 1));
  CHECK_EQ(big[0].of.i32, 42);
  /* Extra room is allowed and left alone past the results. */
  wasm_val_t room[2] = {WASM_INIT_VAL, WASM_I64_VAL(99)};
  CHECK_NO_TRAP(call(add, good, 2, room, 2));
  CHECK_EQ(room[0].of.i32, 42);
  CHECK_EQ(room[1].of.i64, 99);

  /* A callback writing the wrong kind, or returning a trap, ends the typed call with a trap;
   * both the wasm export and a direct call of the host function. */
  wasm_val_t one[1] = {WASM_I32_VAL(1)};
  CHECK_TRAP_CONTAINS(call(export_func(&ex, 3), one, 1, r, 1), "host callback result 0");
  CHECK_TRAP_CONTAINS(call(imports_f[2], one, 1, r, 1), "host callback result 0");
  CHECK_TRAP_CONTAINS(call(export_func(&ex, 4), one, 1, r, 1), "typed callback trapped");
  CHECK_TRAP_CONTAINS(call(imports_f[3], one, 1, r, 1), "typed callback trapped");
  /* A wasm trap on the typed path. */
  wasm_val_t zero[2] = {WASM_I32_VAL(1), WASM_I32_VAL(0)};
  CHECK_TRAP_CONTAINS(call(export_func(&ex, 7), zero, 2, r, 1), "divide by zero");

  /* Re-entry: a typed callback calls a typed export. */
  wasm_val_t two[1] = {WASM_I32_VAL(2)};
  CHECK_NO_TRAP(call(export_func(&ex, 5), two, 1, r, 1));
  CHECK_EQ(r[0].of.i32, 23);

  /* Past the typed signatures (four parameters): the general path. */
  wasm_val_t four[4] = {WASM_I32_VAL(1), WASM_I32_VAL(2), WASM_I32_VAL(3), WASM_I32_VAL(4)};
  CHECK_NO_TRAP(call(export_func(&ex, 8), four, 4, r, 1));
  CHECK_EQ(r[0].of.i32, 10);

  /* An interrupt raised inside a typed callback ends the typed call it returns to. */
  pending_interrupt = wacapi_store_interrupt_handle(store);
  CHECK(pending_interrupt != NULL);
  CHECK_TRAP_CONTAINS(call(export_func(&ex, 6), one, 1, r, 1), "interrupted");
  /* The store stays usable, on the typed path too. */
  CHECK_NO_TRAP(call(add, good, 2, r, 1));
  CHECK_EQ(r[0].of.i32, 42);
  wacapi_interrupt_handle_delete(pending_interrupt);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  for (int i = 0; i < 6; i++) wasm_func_delete(imports_f[i]);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(void) {
  alarm(120); /* a hang is a failure, never a stuck CI job */
  enumerate();
  run_sweep(0);
  run_sweep(1);
  edge_cases();
  test_ok();
  return 0;
}
