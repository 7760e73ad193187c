/* wasm_module_serialize / wasm_module_deserialize: round trip (same imports,
 * exports, behaviour; stable bytes), corrupted, truncated and foreign bytes
 * rejected with a readable message, NULL. wacapi_module_deserialize_trusted: the
 * same round trips and rejections, and an entry written under another engine
 * configuration is validated again (an invalid module in it is refused). */
#include "util.h"

static const char* WAT =
    "(module\n"
    "  (import \"env\" \"k\" (global $k i32))\n"
    "  (memory (export \"mem\") 1)\n"
    "  (data (i32.const 0) \"serialized!\")\n"
    "  (func (export \"mul\") (param i32) (result i32)\n"
    "    (i32.mul (local.get 0) (global.get $k)))\n"
    "  (func (export \"first\") (result i32) (i32.load8_u (i32.const 0))))";

static void check_rejected(wasm_store_t* store, const char* data, size_t n,
                           const char* what) {
  wasm_byte_vec_t b;
  wasm_byte_vec_new(&b, n, data);
  wasm_module_t* m = wasm_module_deserialize(store, &b);
  wasm_byte_vec_delete(&b);
  if (m != NULL) {
    fprintf(stderr, "deserialize accepted %s\n", what);
    exit(1);
  }
  const char* e = wacapi_last_error();
  CHECK(e != NULL && e[0] != '\0');
  for (const char* p = e; *p; p++) {
    unsigned char c = (unsigned char)*p;
    CHECK(c >= 0x20 || c == '\n' || c == '\t'); /* readable text */
  }
}

static void use_module(wasm_store_t* store, const wasm_module_t* m) {
  wasm_importtype_vec_t im;
  wasm_module_imports(m, &im);
  CHECK_EQ(im.size, 1);
  CHECK(name_is(wasm_importtype_module(im.data[0]), "env"));
  CHECK(name_is(wasm_importtype_name(im.data[0]), "k"));
  wasm_importtype_vec_delete(&im);
  wasm_exporttype_vec_t exs;
  wasm_module_exports(m, &exs);
  CHECK_EQ(exs.size, 3);
  CHECK(name_is(wasm_exporttype_name(exs.data[0]), "mem"));
  CHECK(name_is(wasm_exporttype_name(exs.data[1]), "mul"));
  CHECK(name_is(wasm_exporttype_name(exs.data[2]), "first"));
  wasm_exporttype_vec_delete(&exs);

  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t six = WASM_I32_VAL(6);
  wasm_global_t* k = wasm_global_new(store, gt, &six);
  wasm_globaltype_delete(gt);
  wasm_extern_t* ims[1] = {wasm_global_as_extern(k)};
  wasm_instance_t* inst = instantiate(store, m, ims, 1);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  int32_t seven = 7;
  CHECK_EQ(call_i32(export_func(&ex, 1), &seven, 1), 42);
  CHECK_EQ(call_i32(export_func(&ex, 2), NULL, 0), 's');
  CHECK(memcmp(wasm_memory_data(export_memory(&ex, 0)), "serialized!", 11) ==
        0);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_global_delete(k);
}

/* FNV-1a 64, the serialized format's checksum. */
static uint64_t fnv1a(const char* p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
  return h;
}

/* `ser` (a serialized module) with its binary replaced by `binary`. */
static void rewrap(const wasm_byte_vec_t* ser, const wasm_byte_vec_t* binary,
                   wasm_byte_vec_t* out) {
  uint16_t n;
  memcpy(&n, ser->data + 12, 2);
  size_t head = 14 + (size_t)n + 8; /* through the configuration fingerprint */
  wasm_byte_vec_new_uninitialized(out, head + 16 + binary->size);
  memcpy(out->data, ser->data, head);
  uint64_t len = binary->size, sum = fnv1a(binary->data, binary->size);
  memcpy(out->data + head, &len, 8);
  memcpy(out->data + head + 8, &sum, 8);
  memcpy(out->data + head + 16, binary->data, binary->size);
}

static void trusted_cases(wasm_store_t* store, const wasm_byte_vec_t* ser) {
  /* Round trip in the engine that wrote it. */
  wasm_module_t* d = wacapi_module_deserialize_trusted(store, ser);
  CHECK(d != NULL);
  use_module(store, d);
  wasm_module_delete(d);

  /* An engine configured otherwise (fuel metering) validates the entry again. */
  wasm_config_t* config = wasm_config_new();
  wacapi_config_consume_fuel(config, true);
  wasm_engine_t* fuel_engine = wasm_engine_new_with_config(config);
  wasm_store_t* fuel_store = wasm_store_new(fuel_engine);
  wacapi_store_set_fuel(fuel_store, 1000000);
  d = wacapi_module_deserialize_trusted(fuel_store, ser);
  CHECK(d != NULL);
  use_module(fuel_store, d);
  wasm_module_delete(d);
  /* ...which is seen when the module inside is invalid: a well-formed binary whose
   * function returns an i64 as its i32 result, in an envelope from the default engine. */
  wasm_byte_vec_t invalid, entry;
  wat_to_wasm("(module (func (result i32) (i64.const 0)))", &invalid);
  rewrap(ser, &invalid, &entry);
  CHECK(wacapi_module_deserialize_trusted(fuel_store, &entry) == NULL);
  CHECK_STR_CONTAINS(wacapi_last_error(), "wacapi_module_deserialize_trusted: invalid module");
  CHECK(wasm_module_deserialize(store, &entry) == NULL);
  CHECK_STR_CONTAINS(wacapi_last_error(), "invalid module");
  wasm_byte_vec_delete(&entry);
  wasm_byte_vec_delete(&invalid);
  wasm_store_delete(fuel_store);
  wasm_engine_delete(fuel_engine);

  /* The envelope is checked as strictly as by wasm_module_deserialize. */
  wasm_byte_vec_t bad;
  wasm_byte_vec_copy(&bad, ser);
  bad.data[bad.size - 1] ^= 1;
  CHECK(wacapi_module_deserialize_trusted(store, &bad) == NULL);
  CHECK_STR_CONTAINS(wacapi_last_error(), "checksum mismatch");
  bad.data[bad.size - 1] ^= 1;
  bad.data[8] = 1; /* format version 1 had no fingerprint */
  CHECK(wacapi_module_deserialize_trusted(store, &bad) == NULL);
  CHECK_STR_CONTAINS(wacapi_last_error(), "format version");
  wasm_byte_vec_delete(&bad);
  CHECK(wacapi_module_deserialize_trusted(store, NULL) == NULL);
  CHECK_STR_CONTAINS(wacapi_last_error(), "store or bytes is NULL");
  CHECK(wacapi_module_deserialize_trusted(NULL, ser) == NULL);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* m = module_from_wat(store, WAT);
  use_module(store, m);

  wasm_byte_vec_t ser;
  wasm_module_serialize(m, &ser);
  CHECK(ser.size > 0);
  CHECK(ser.data != NULL);

  /* stable: serializing again gives the same bytes */
  wasm_byte_vec_t ser2;
  wasm_module_serialize(m, &ser2);
  CHECK_EQ(ser2.size, ser.size);
  CHECK(memcmp(ser.data, ser2.data, ser.size) == 0);
  wasm_byte_vec_delete(&ser2);

  /* round trip, in the same store and in another one */
  wasm_module_t* d = wasm_module_deserialize(store, &ser);
  CHECK(d != NULL);
  CHECK(!wasm_module_same(d, m));
  use_module(store, d);
  wasm_module_serialize(d, &ser2);
  CHECK_EQ(ser2.size, ser.size);
  CHECK(memcmp(ser.data, ser2.data, ser.size) == 0);
  wasm_byte_vec_delete(&ser2);
  wasm_module_delete(d);
  wasm_module_delete(m);

  wasm_store_t* store2 = wasm_store_new(engine);
  d = wasm_module_deserialize(store2, &ser);
  CHECK(d != NULL);
  use_module(store2, d);
  wasm_module_delete(d);
  wasm_store_delete(store2);

  /* and in a store of another engine */
  wasm_engine_t* engine2 = wasm_engine_new();
  store2 = wasm_store_new(engine2);
  d = wasm_module_deserialize(store2, &ser);
  CHECK(d != NULL);
  use_module(store2, d);
  wasm_module_delete(d);
  wasm_store_delete(store2);
  wasm_engine_delete(engine2);

  /* a module without anything in it */
  wasm_module_t* empty = module_from_wat(store, "(module)");
  wasm_byte_vec_t es;
  wasm_module_serialize(empty, &es);
  CHECK(es.size > 0);
  d = wasm_module_deserialize(store, &es);
  CHECK(d != NULL);
  wasm_module_delete(d);
  wasm_byte_vec_delete(&es);
  wasm_module_delete(empty);

  /* corrupted: flip one byte at a time, at the start, the middle, the end */
  size_t positions[6] = {0, 1, ser.size / 3, ser.size / 2, ser.size - 2,
                         ser.size - 1};
  char* buf = malloc(ser.size);
  for (int i = 0; i < 6; i++) {
    memcpy(buf, ser.data, ser.size);
    buf[positions[i]] ^= 0x5A;
    char what[64];
    snprintf(what, sizeof what, "a byte flipped at %zu of %zu", positions[i],
             ser.size);
    check_rejected(store, buf, ser.size, what);
  }
  /* truncated */
  check_rejected(store, ser.data, ser.size - 1, "one byte short");
  check_rejected(store, ser.data, ser.size / 2, "half the bytes");
  check_rejected(store, ser.data, 1, "one byte");
  check_rejected(store, ser.data, 0, "no bytes");
  /* extended */
  char* longer = malloc(ser.size + 1);
  memcpy(longer, ser.data, ser.size);
  longer[ser.size] = 0;
  check_rejected(store, longer, ser.size + 1, "a byte too many");
  free(longer);
  /* foreign: text, and a plain wasm binary (not a serialized module) */
  const char* text = "this is not a serialized module at all";
  check_rejected(store, text, strlen(text), "text");
  wasm_byte_vec_t plain;
  wat_to_wasm(WAT, &plain);
  check_rejected(store, plain.data, plain.size, "a plain wasm binary");
  wasm_byte_vec_delete(&plain);
  free(buf);

  /* the original bytes still work after all that */
  d = wasm_module_deserialize(store, &ser);
  CHECK(d != NULL);
  wasm_module_delete(d);

  trusted_cases(store, &ser);

  /* NULL */
  CHECK(wasm_module_deserialize(store, NULL) == NULL);
  CHECK(wasm_module_deserialize(NULL, &ser) == NULL);
  wasm_byte_vec_t out;
  out.size = 4;
  wasm_module_serialize(NULL, &out);
  CHECK_EQ(out.size, 0);
  wasm_byte_vec_delete(&out);

  wasm_byte_vec_delete(&ser);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
