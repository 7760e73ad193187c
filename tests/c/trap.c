/* wasm_trap_t: host traps (message returned with the same size and a NUL
 * stored after it), engine traps (NUL-terminated message with the NUL counted,
 * standard texts), origin/trace, copy/same, host info, NULL. */
#include "util.h"

static wasm_store_t* store;

static void check_host_message(const char* data, size_t size) {
  wasm_message_t in;
  wasm_byte_vec_new(&in, size, data);
  wasm_trap_t* t = wasm_trap_new(store, &in);
  wasm_byte_vec_delete(&in);
  CHECK(t != NULL);
  wasm_message_t out;
  wasm_trap_message(t, &out);
  CHECK_EQ(out.size, size);
  CHECK(size == 0 || out.data != NULL);
  CHECK(size == 0 || memcmp(out.data, data, size) == 0);
  if (out.data != NULL) CHECK_EQ(out.data[size], '\0'); /* a C string */
  wasm_byte_vec_delete(&out);
  /* asking twice gives the same */
  wasm_trap_message(t, &out);
  CHECK_EQ(out.size, size);
  wasm_byte_vec_delete(&out);
  wasm_trap_delete(t);
}

/* Engine trap message: NUL-terminated, NUL counted, containing text. */
static void check_engine_trap(wasm_trap_t* t, const char* text) {
  CHECK(t != NULL);
  wasm_message_t msg;
  wasm_trap_message(t, &msg);
  CHECK(msg.size >= 1);
  CHECK(msg.data != NULL);
  CHECK_EQ(msg.data[msg.size - 1], '\0');
  CHECK_EQ(strlen(msg.data), msg.size - 1);
  CHECK_STR_CONTAINS(msg.data, text);
  wasm_byte_vec_delete(&msg);

  /* no frames are recorded */
  CHECK(wasm_trap_origin(t) == NULL);
  wasm_frame_vec_t trace;
  trace.size = 99;
  wasm_trap_trace(t, &trace);
  CHECK_EQ(trace.size, 0);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(t);
}

static wasm_trap_t* host_trap(const wasm_val_vec_t* args,
                              wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t m;
  wasm_name_new_from_string_nt(&m, "callback abort");
  wasm_trap_t* t = wasm_trap_new(store, &m);
  wasm_byte_vec_delete(&m);
  return t;
}

static int fin_calls = 0;
static void fin(void* p) {
  CHECK(p == &fin_calls);
  fin_calls++;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  store = wasm_store_new(engine);

  /* host traps: exactly the bytes given, NUL stored after them */
  check_host_message("hello", 5);           /* without NUL */
  check_host_message("hello", 6);           /* with NUL, as _nt gives */
  check_host_message("", 0);                /* empty */
  check_host_message("a\0b", 3);            /* embedded NUL kept */
  char longmsg[3000];
  memset(longmsg, 'x', sizeof longmsg);
  check_host_message(longmsg, sizeof longmsg);

  /* origin, trace, copy, same, host info on a host trap */
  wasm_message_t m;
  wasm_name_new_from_string_nt(&m, "mine");
  wasm_trap_t* t = wasm_trap_new(store, &m);
  wasm_trap_t* t2 = wasm_trap_new(store, &m);
  wasm_byte_vec_delete(&m);
  CHECK(wasm_trap_origin(t) == NULL);
  wasm_frame_vec_t trace;
  wasm_trap_trace(t, &trace);
  CHECK_EQ(trace.size, 0);
  wasm_frame_vec_delete(&trace);
  wasm_trap_t* tc = wasm_trap_copy(t);
  CHECK(tc != NULL);
  CHECK(wasm_trap_same(t, tc));
  CHECK(wasm_trap_same(t, t));
  CHECK(!wasm_trap_same(t, t2)); /* equal messages, different traps */
  CHECK(wasm_trap_get_host_info(t) == NULL);
  wasm_trap_set_host_info_with_finalizer(t, &fin_calls, fin);
  CHECK(wasm_trap_get_host_info(t) == &fin_calls);
  wasm_trap_delete(t);
  char buf[64];
  trap_text(tc, buf, sizeof buf);
  CHECK(strcmp(buf, "mine") == 0);
  wasm_trap_delete(tc);
  wasm_trap_delete(t2);

  /* engine traps */
  wasm_module_t* mod = module_from_wat(
      store,
      "(module\n"
      "  (import \"\" \"host\" (func $host))\n"
      "  (memory 1)\n"
      "  (func (export \"unreachable\") unreachable)\n"
      "  (func (export \"div\") (param i32 i32) (result i32)\n"
      "    (i32.div_s (local.get 0) (local.get 1)))\n"
      "  (func $rec (export \"recurse\") (param i32) (result i32)\n"
      "    (i32.add (call $rec (i32.add (local.get 0) (i32.const 1)))\n"
      "             (i32.const 1)))\n"
      "  (func (export \"oob\") (result i32) (i32.load (i32.const 65535)))\n"
      "  (func (export \"host\") (call $host))\n"
      "  (func (export \"overflow\") (result i32)\n"
      "    (i32.div_s (i32.const -2147483648) (i32.const -1))))");
  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_func_t* hf = wasm_func_new(store, ft, host_trap);
  wasm_functype_delete(ft);
  wasm_extern_t* ims[1] = {wasm_func_as_extern(hf)};
  wasm_instance_t* inst = instantiate(store, mod, ims, 1);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK_EQ(ex.size, 6);

  check_engine_trap(call(export_func(&ex, 0), NULL, 0, NULL, 0),
                    "wasm `unreachable` instruction executed");
  wasm_val_t args[2] = {WASM_I32_VAL(7), WASM_I32_VAL(0)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  check_engine_trap(call(export_func(&ex, 1), args, 2, res, 1),
                    "integer divide by zero");
  args[1].of.i32 = 2; /* and it still works afterwards */
  CHECK_NO_TRAP(call(export_func(&ex, 1), args, 2, res, 1));
  CHECK_EQ(res[0].of.i32, 3);
  wasm_val_t zero[1] = {WASM_I32_VAL(0)};
  check_engine_trap(call(export_func(&ex, 2), zero, 1, res, 1),
                    "call stack exhausted");
  check_engine_trap(call(export_func(&ex, 3), NULL, 0, res, 1),
                    "out of bounds");
  check_engine_trap(call(export_func(&ex, 5), NULL, 0, res, 1),
                    "integer overflow");
  /* the engine survives a stack overflow */
  CHECK_NO_TRAP(call(export_func(&ex, 1), args, 2, res, 1));

  /* a host trap passes through wasm unchanged */
  t = call(export_func(&ex, 4), NULL, 0, NULL, 0);
  CHECK(t != NULL);
  trap_text(t, buf, sizeof buf);
  CHECK(strcmp(buf, "callback abort") == 0);
  wasm_trap_delete(t);

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_func_delete(hf);
  wasm_module_delete(mod);

  /* NULL */
  wasm_message_t out;
  out.size = 5;
  wasm_trap_message(NULL, &out);
  CHECK_EQ(out.size, 0);
  wasm_byte_vec_delete(&out);
  CHECK(wasm_trap_origin(NULL) == NULL);
  trace.size = 5;
  wasm_trap_trace(NULL, &trace);
  CHECK_EQ(trace.size, 0);
  wasm_frame_vec_delete(&trace);
  CHECK(wasm_trap_copy(NULL) == NULL);
  CHECK(wasm_trap_get_host_info(NULL) == NULL);
  wasm_trap_set_host_info(NULL, &out);
  wasm_trap_delete(NULL);
  wasm_name_new_from_string(&m, "x");
  t = wasm_trap_new(NULL, &m); /* no store: NULL, or a usable trap */
  if (t != NULL) {
    trap_text(t, buf, sizeof buf);
    CHECK(strcmp(buf, "x") == 0);
    wasm_trap_delete(t);
  }
  t = wasm_trap_new(store, NULL); /* no message: NULL, or an empty one */
  if (t != NULL) {
    trap_text(t, buf, sizeof buf);
    CHECK(buf[0] == '\0');
    wasm_trap_delete(t);
  }
  wasm_byte_vec_delete(&m);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  CHECK_EQ(fin_calls, 1);
  test_ok();
  return 0;
}
