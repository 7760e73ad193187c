/* memory.c - linear memory, shared by wasm and the host.
 *
 * The module exports a memory of 2 to 3 pages with a string in a data
 * segment, and functions to load, store, query and grow it. The host reads
 * and writes the same bytes through wasm_memory_data, grows the memory, and
 * sees that access past the end traps and growing past the maximum fails.
 * Finally a memory is made by the host with wasm_memory_new.
 */
#include <stdio.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

static const char *WAT =
    "(module\n"
    "  (memory (export \"memory\") 2 3)\n"
    "  (func (export \"pages\") (result i32) (memory.size))\n"
    "  (func (export \"load8\") (param i32) (result i32) (i32.load8_u (local.get 0)))\n"
    "  (func (export \"store32\") (param i32 i32) (i32.store (local.get 0) (local.get 1)))\n"
    "  (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))\n"
    "  (data (i32.const 256) \"wacapi memory\\00\"))\n";

static void fail(const char *what) {
  const char *err = wacapi_last_error();
  fprintf(stderr, "error: %s failed%s%s\n", what, *err ? ": " : "", err);
}

static wasm_module_t *compile_wat(wasm_store_t *store, const char *wat) {
  wasm_byte_vec_t text;
  wasm_byte_vec_t binary = WASM_EMPTY_VEC;
  wasm_byte_vec_new(&text, strlen(wat), wat);
  bool ok = wacapi_wat2wasm(&text, &binary);
  wasm_byte_vec_delete(&text);
  if (!ok) {
    fail("wacapi_wat2wasm");
    return NULL;
  }
  wasm_module_t *module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) fail("wasm_module_new");
  return module;
}

/* Calls f with up to two i32 arguments. Prints the i32 result (if any) or the
 * trap message. Returns true if no trap happened. */
static bool call(const wasm_func_t *f, size_t nargs, int32_t a, int32_t b, int32_t *out) {
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {nargs, arg_vals};
  wasm_val_vec_t results = {wasm_func_result_arity(f), result_vals};
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    size_t n = message.size;
    if (n > 0 && message.data[n - 1] == '\0') n--;
    printf("trap: %.*s\n", (int)n, message.data);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    return false;
  }
  if (results.size == 1) {
    printf("%d\n", (int)result_vals[0].of.i32);
    if (out) *out = result_vals[0].of.i32;
  } else {
    printf("ok\n");
  }
  return true;
}

static void print_sizes(const wasm_memory_t *memory) {
  printf("  wasm_memory_size = %u, wasm_memory_data_size = %zu\n", (unsigned)wasm_memory_size(memory),
         wasm_memory_data_size(memory));
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = NULL;
  wasm_instance_t *instance = NULL;
  wasm_memory_t *own_memory = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  int32_t got = 0;

  module = compile_wat(store, WAT);
  if (!module) goto done;
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  instance = wasm_instance_new(store, module, &no_imports, NULL);
  if (!instance) {
    fail("wasm_instance_new");
    goto done;
  }
  wasm_instance_exports(instance, &exports);
  if (exports.size != 5) goto done;
  /* Exports come in declaration order. */
  wasm_memory_t *memory = wasm_extern_as_memory(exports.data[0]);
  const wasm_func_t *pages = wasm_extern_as_func(exports.data[1]);
  const wasm_func_t *load8 = wasm_extern_as_func(exports.data[2]);
  const wasm_func_t *store32 = wasm_extern_as_func(exports.data[3]);
  const wasm_func_t *grow = wasm_extern_as_func(exports.data[4]);
  if (!memory || !pages || !load8 || !store32 || !grow) goto done;

  wasm_memorytype_t *type = wasm_memory_type(memory);
  const wasm_limits_t *limits = wasm_memorytype_limits(type);
  printf("exported memory: min %u pages, max %u pages\n", (unsigned)limits->min, (unsigned)limits->max);
  wasm_memorytype_delete(type);
  print_sizes(memory);
  printf("  wasm memory.size -> ");
  if (!call(pages, 0, 0, 0, &got) || got != 2) goto done;
  if (wasm_memory_size(memory) != 2 || wasm_memory_data_size(memory) != 2 * MEMORY_PAGE_SIZE) goto done;

  printf("the host reads the data segment at 256: \"%s\"\n", wasm_memory_data(memory) + 256);
  if (strcmp(wasm_memory_data(memory) + 256, "wacapi memory") != 0) goto done;

  printf("wasm stores 0x12345678 at 512: ");
  if (!call(store32, 2, 512, 0x12345678, NULL)) goto done;
  {
    const unsigned char *bytes = (const unsigned char *)wasm_memory_data(memory) + 512;
    printf("  the host sees bytes %02x %02x %02x %02x\n", bytes[0], bytes[1], bytes[2], bytes[3]);
    if (bytes[0] != 0x78 || bytes[3] != 0x12) goto done;
  }

  printf("the host writes 200 at 1024; wasm load8(1024) -> ");
  wasm_memory_data(memory)[1024] = (byte_t)200;
  if (!call(load8, 1, 1024, 0, &got) || got != 200) goto done;

  printf("out of bounds:\n");
  printf("  load8(131072) -> ");
  if (call(load8, 1, 131072, 0, NULL)) goto done;
  printf("  store32(131070, 1) -> ");
  if (call(store32, 2, 131070, 1, NULL)) goto done;

  printf("growing:\n");
  bool grown = wasm_memory_grow(memory, 1);
  printf("  wasm_memory_grow(+1) returns %s\n", grown ? "true" : "false");
  if (!grown) goto done;
  print_sizes(memory);
  printf("  load8(131072) -> ");
  if (!call(load8, 1, 131072, 0, &got) || got != 0) goto done;
  grown = wasm_memory_grow(memory, 1);
  printf("  wasm_memory_grow(+1) past the maximum returns %s\n", grown ? "true" : "false");
  if (grown) goto done;
  printf("  wasm memory.grow(1) past the maximum -> ");
  if (!call(grow, 1, 1, 0, &got) || got != -1) goto done;
  printf("  wasm memory.grow(0) -> ");
  if (!call(grow, 1, 0, 0, &got) || got != 3) goto done;
  print_sizes(memory);

  printf("a memory made by the host with wasm_memory_new (min 1, max 2):\n");
  {
    wasm_limits_t own_limits = {1, 2};
    wasm_memorytype_t *own_type = wasm_memorytype_new(&own_limits);
    own_memory = wasm_memory_new(store, own_type);
    wasm_memorytype_delete(own_type);
    if (!own_memory) {
      fail("wasm_memory_new");
      goto done;
    }
    print_sizes(own_memory);
    strcpy(wasm_memory_data(own_memory), "kept across growth");
    grown = wasm_memory_grow(own_memory, 1);
    printf("  wasm_memory_grow(+1) returns %s\n", grown ? "true" : "false");
    print_sizes(own_memory);
    if (!grown || wasm_memory_size(own_memory) != 2) goto done;
    printf("  contents: \"%s\"\n", wasm_memory_data(own_memory));
    grown = wasm_memory_grow(own_memory, 1);
    printf("  wasm_memory_grow(+1) past the maximum returns %s\n", grown ? "true" : "false");
    if (grown) goto done;
  }
  status = 0;

done:
  wasm_extern_vec_delete(&exports);
  if (own_memory) wasm_memory_delete(own_memory);
  if (instance) wasm_instance_delete(instance);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
