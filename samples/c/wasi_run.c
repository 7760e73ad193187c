/* wasi_run: runs WebAssembly programs compiled from C for WASI (wasm32-wasi).
 *
 * 1. A command (a program with main): arguments, an environment variable and standard
 *    input are given to it, its standard output is captured, a scratch directory is
 *    preopened as /data, and its exit code is read from the trap proc_exit leaves.
 * 2. A reactor (a library module): _initialize once, then a function that takes a string
 *    in the guest's memory and returns a pointer and a length packed in an i64.
 *
 * The guests are tests/guests/command.wasm and reactor.wasm, committed beside their
 * sources command.c and reactor.c (`make guests` rebuilds them). This program looks for
 * them in argv[1], $WACAPI_GUESTS, tests/guests or ../../tests/guests. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wacapi.h"
#include "wasm.h"

static const char* guests_dir(int argc, char** argv) {
  if (argc > 1) return argv[1];
  const char* env = getenv("WACAPI_GUESTS");
  if (env != NULL && env[0] != '\0') return env;
  if (access("tests/guests/command.wasm", R_OK) == 0) return "tests/guests";
  return "../../tests/guests";
}

/* Compiles dir/name.wasm; NULL (with a message) on failure. */
static wasm_module_t* load(wasm_store_t* store, const char* dir, const char* name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.wasm", dir, name);
  FILE* f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "cannot open %s; the guests are committed in tests/guests/\n", path);
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_t binary;
  wasm_byte_vec_new_uninitialized(&binary, (size_t)size);
  size_t got = fread(binary.data, 1, (size_t)size, f);
  fclose(f);
  wasm_module_t* module = NULL;
  if (got == (size_t)size) module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (module == NULL) fprintf(stderr, "cannot compile %s: %s\n", path, wacapi_last_error());
  return module;
}

/* The function export called `name` (owned), or NULL. */
static wasm_func_t* export_named(const wasm_module_t* module,
                                 const wasm_instance_t* instance, const char* name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* found = NULL;
  for (size_t i = 0; i < types.size; i++) {
    const wasm_name_t* n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0) {
      found = wasm_func_copy(wasm_extern_as_func(exports.data[i]));
      break;
    }
  }
  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&types);
  return found;
}

static int run_command(wasm_engine_t* engine, const char* guests) {
  char scratch[] = "/tmp/wacapi-wasi-run-XXXXXX";
  if (mkdtemp(scratch) == NULL) return 1;
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load(store, guests, "command");
  if (module == NULL) return 1;

  /* What the guest may see: nothing that is not granted here. */
  wacapi_wasi_config_t* config = wacapi_wasi_config_new();
  const char* argv[] = {"command", "demo", "from the sample"};
  wacapi_wasi_config_set_argv(config, 3, argv);
  const char* names[] = {"GREETING"};
  const char* values[] = {"hello from the host"};
  wacapi_wasi_config_set_env(config, 1, names, values);
  wasm_byte_vec_t input;
  wasm_byte_vec_new(&input, 16, "a line of stdin\n");
  wacapi_wasi_config_set_stdin_bytes(config, &input);
  wasm_byte_vec_delete(&input);
  wacapi_wasi_config_capture_stdout(config);
  if (!wacapi_wasi_config_preopen_dir(config, scratch, "/data", false)) {
    fprintf(stderr, "preopen: %s\n", wacapi_last_error());
    return 1;
  }

  /* WASI for this store, then every import resolved by name. */
  wacapi_linker_t* linker = wacapi_linker_new(store);
  if (!wacapi_linker_define_wasi(linker, config)) {
    fprintf(stderr, "define_wasi: %s\n", wacapi_last_error());
    return 1;
  }
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wacapi_linker_instantiate(linker, module, &trap);
  if (instance == NULL) {
    fprintf(stderr, "instantiate: %s\n", wacapi_last_error());
    return 1;
  }
  wasm_func_t* start = export_named(module, instance, "_start");
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  trap = wasm_func_call(start, &none, &none);

  /* exit(3) in the guest is a trap carrying the exit code. */
  int32_t code = 0;
  if (trap == NULL) {
    printf("the command returned from main with 0\n");
  } else if (wacapi_trap_exit_code(trap, &code)) {
    printf("the command exited with code %d\n", code);
  } else {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf("the command trapped: %.*s\n", (int)message.size, message.data);
    wasm_byte_vec_delete(&message);
  }
  if (trap != NULL) wasm_trap_delete(trap);

  wasm_byte_vec_t out;
  wacapi_wasi_stdout(store, &out);
  printf("its standard output (%zu bytes):\n", out.size);
  printf("%.*s", (int)out.size, out.data);
  wasm_byte_vec_delete(&out);

  /* The file it wrote is in the host directory. */
  char path[128], text[128] = "";
  snprintf(path, sizeof path, "%s/hello.txt", scratch);
  FILE* f = fopen(path, "r");
  if (f != NULL) {
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
  }
  printf("/data/hello.txt on the host: %s", text);
  unlink(path);
  rmdir(scratch);

  wasm_func_delete(start);
  wasm_instance_delete(instance);
  wacapi_linker_delete(linker);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return code == 3 ? 0 : 1;
}

static int run_reactor(wasm_engine_t* engine, const char* guests) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load(store, guests, "reactor");
  if (module == NULL) return 1;
  wacapi_linker_t* linker = wacapi_linker_new(store);
  wacapi_linker_define_wasi(linker, wacapi_wasi_config_new());
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wacapi_linker_instantiate(linker, module, &trap);
  if (instance == NULL) {
    fprintf(stderr, "instantiate: %s\n", wacapi_last_error());
    return 1;
  }
  wasm_func_t* init = export_named(module, instance, "_initialize");
  wasm_func_t* alloc = export_named(module, instance, "alloc");
  wasm_func_t* release = export_named(module, instance, "free");
  wasm_func_t* greet = export_named(module, instance, "greet");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_memory_t* memory = NULL;
  for (size_t i = 0; i < exports.size && memory == NULL; i++) {
    memory = wasm_extern_as_memory(exports.data[i]);
  }
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  int failed = wasm_func_call(init, &none, &none) != NULL;

  const char* names[] = {"wacapi", "WASI reactor"};
  for (int i = 0; i < 2 && !failed; i++) {
    /* The argument goes into guest memory the guest allocated ... */
    int32_t len = (int32_t)strlen(names[i]);
    wasm_val_t size = WASM_I32_VAL(len), ptr = WASM_INIT_VAL;
    wasm_val_vec_t a1 = {1, &size}, r1 = {1, &ptr};
    failed |= wasm_func_call(alloc, &a1, &r1) != NULL;
    memcpy(wasm_memory_data(memory) + ptr.of.i32, names[i], (size_t)len);

    /* ... and the result comes back as (pointer << 32) | length. */
    wasm_val_t args[2] = {WASM_I32_VAL(ptr.of.i32), WASM_I32_VAL(len)};
    wasm_val_t packed = WASM_INIT_VAL;
    wasm_val_vec_t a2 = {2, args}, r2 = {1, &packed};
    failed |= wasm_func_call(greet, &a2, &r2) != NULL;
    uint32_t out_ptr = (uint32_t)((uint64_t)packed.of.i64 >> 32);
    uint32_t out_len = (uint32_t)packed.of.i64;
    printf("greet(\"%s\") = \"%.*s\"\n", names[i], (int)out_len,
           wasm_memory_data(memory) + out_ptr);

    wasm_val_t p1 = WASM_I32_VAL((int32_t)out_ptr), p2 = WASM_I32_VAL(ptr.of.i32);
    wasm_val_vec_t f1 = {1, &p1}, f2 = {1, &p2};
    failed |= wasm_func_call(release, &f1, &none) != NULL;
    failed |= wasm_func_call(release, &f2, &none) != NULL;
  }

  wasm_extern_vec_delete(&exports);
  wasm_func_delete(init);
  wasm_func_delete(alloc);
  wasm_func_delete(release);
  wasm_func_delete(greet);
  wasm_instance_delete(instance);
  wacapi_linker_delete(linker);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return failed;
}

int main(int argc, char** argv) {
  const char* guests = guests_dir(argc, argv);
  wasm_engine_t* engine = wasm_engine_new();
  int failed = run_command(engine, guests);
  if (!failed) failed = run_reactor(engine, guests);
  wasm_engine_delete(engine);
  return failed;
}
