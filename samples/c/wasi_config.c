/* wasi_config: WASI set up with wasi.h, the wasi_config_* functions that C programs written
 * for wasmtime use, running the WASI command tests/guests/command.c.
 *
 * 1. Arguments, an environment variable, standard input read from a file, standard output
 *    written to a file and a preopened directory; the exit code of exit(3) in the guest.
 * 2. A setter that fails (a directory that does not exist) returns false and says why.
 * 3. The guest's standard output is this program's own (wasi_config_inherit_stdout).
 *
 * Where a wasmtime program calls wasmtime_context_set_wasi(context, config) and then
 * wasmtime_linker_define_wasi(linker), a wacapi program calls
 * wacapi_linker_define_wasi(linker, config) once. Both take the configuration, also when
 * they fail: it is not deleted afterwards.
 *
 * Build the guests first with
 *   tests/guests/build.sh target/guests
 * This program looks for them in argv[1], $WACAPI_GUESTS, target/guests or
 * ../../target/guests. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi.h"

static const char* guests_dir(int argc, char** argv) {
  if (argc > 1) return argv[1];
  const char* env = getenv("WACAPI_GUESTS");
  if (env != NULL && env[0] != '\0') return env;
  if (access("target/guests/command.wasm", R_OK) == 0) return "target/guests";
  return "../../target/guests";
}

/* Compiles dir/command.wasm; NULL (with a message) on failure. */
static wasm_module_t* load_command(wasm_store_t* store, const char* dir) {
  char path[1024];
  snprintf(path, sizeof path, "%s/command.wasm", dir);
  FILE* f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "cannot open %s; build the guests with tests/guests/build.sh\n", path);
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

/* The function export `_start` of an instance (owned), or NULL. */
static wasm_func_t* start_of(const wasm_module_t* module, const wasm_instance_t* instance) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* start = NULL;
  for (size_t i = 0; i < types.size && start == NULL; i++) {
    const wasm_name_t* name = wasm_exporttype_name(types.data[i]);
    if (name->size == 6 && memcmp(name->data, "_start", 6) == 0) {
      start = wasm_func_copy(wasm_extern_as_func(exports.data[i]));
    }
  }
  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&types);
  return start;
}

/* Runs the command in a store of its own with `config` (taken in every case) and prints
 * its exit code. Deleting the store closes the files the configuration opened. Returns the
 * exit code, or -1 when the program did not exit. */
static int run(wasm_engine_t* engine, const char* guests, wasi_config_t* config) {
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  bool defined = wacapi_linker_define_wasi(linker, config);
  if (!defined) fprintf(stderr, "define_wasi: %s\n", wacapi_last_error());
  wasm_module_t* module = defined ? load_command(store, guests) : NULL;
  wasm_instance_t* instance = NULL;
  if (module != NULL) {
    wasm_trap_t* trap = NULL;
    instance = wacapi_linker_instantiate(linker, module, &trap);
    if (trap != NULL) wasm_trap_delete(trap);
    if (instance == NULL) fprintf(stderr, "instantiate: %s\n", wacapi_last_error());
  }
  wasm_func_t* start = instance != NULL ? start_of(module, instance) : NULL;
  int code = -1;
  if (start != NULL) {
    fflush(stdout); /* the guest may write to our stdout: keep the order */
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_trap_t* trap = wasm_func_call(start, &none, &none);
    int32_t status = 0;
    if (trap == NULL) {
      code = 0;
    } else {
      if (wacapi_trap_exit_code(trap, &status)) code = status;
      wasm_trap_delete(trap);
    }
    printf("exit code: %d\n", code);
    wasm_func_delete(start);
  }
  if (instance != NULL) wasm_instance_delete(instance);
  if (module != NULL) wasm_module_delete(module);
  wacapi_linker_delete(linker);
  wasm_store_delete(store);
  return code;
}

/* dir/name as a string in buf. */
static const char* in_dir(char* buf, size_t cap, const char* dir, const char* name) {
  snprintf(buf, cap, "%s/%s", dir, name);
  return buf;
}

/* Prints the file at path with a heading, indented. */
static void show_file(const char* heading, const char* path) {
  printf("%s:\n", heading);
  FILE* f = fopen(path, "r");
  char line[256];
  while (f != NULL && fgets(line, sizeof line, f) != NULL) printf("  %s", line);
  if (f != NULL) fclose(f);
}

int main(int argc, char** argv) {
  const char* guests = guests_dir(argc, argv);
  char scratch[] = "/tmp/wacapi-wasi-config-XXXXXX";
  if (mkdtemp(scratch) == NULL) return 1;
  char input[128], output[128], data[128], hello[256];
  in_dir(input, sizeof input, scratch, "input.txt");
  in_dir(output, sizeof output, scratch, "output.txt");
  in_dir(data, sizeof data, scratch, "data");
  in_dir(hello, sizeof hello, data, "hello.txt");
  FILE* f = fopen(input, "w");
  if (f == NULL) return 1;
  fputs("a line from input.txt\n", f);
  fclose(f);
  if (mkdir(data, 0755) != 0) return 1;
  wasm_engine_t* engine = wasm_engine_new();
  int failed = 0;

  /* 1. Files for the standard streams and a directory the guest may change. */
  printf("== 1. files and a preopened directory\n");
  wasi_config_t* config = wasi_config_new();
  const char* args[] = {"command", "demo", "set with wasi.h"};
  const char* names[] = {"GREETING"};
  const char* values[] = {"hello from wasi_config_set_env"};
  failed |= !wasi_config_set_argv(config, 3, args);
  failed |= !wasi_config_set_env(config, 1, names, values);
  failed |= !wasi_config_set_stdin_file(config, input);
  failed |= !wasi_config_set_stdout_file(config, output);
  failed |= !wasi_config_preopen_dir(config, data, "/data", true);
  if (failed) fprintf(stderr, "configuration: %s\n", wacapi_last_error());
  failed |= run(engine, guests, config) != 3;
  show_file("the guest's standard output (output.txt)", output);
  show_file("the file it wrote (data/hello.txt)", hello);

  /* 2. Setters check what they are given at once. */
  printf("== 2. a setter that fails\n");
  config = wasi_config_new();
  bool ok = wasi_config_preopen_dir(config, "/nonexistent/wacapi-sample", "/data", false);
  printf("preopen_dir(\"/nonexistent/wacapi-sample\"): %s\n", ok ? "true" : "false");
  printf("  %s\n", wacapi_last_error());
  failed |= ok;
  wasi_config_delete(config); /* never handed to a linker: ours to delete */

  /* 3. The guest writes to this program's standard output. */
  printf("== 3. inherited standard output\n");
  config = wasi_config_new();
  const char* env_args[] = {"command", "env"};
  failed |= !wasi_config_set_argv(config, 2, env_args);
  failed |= !wasi_config_set_env(config, 1, names, values);
  wasi_config_inherit_stdout(config);
  failed |= run(engine, guests, config) != 0;

  wasm_engine_delete(engine);
  unlink(hello);
  rmdir(data);
  unlink(output);
  unlink(input);
  rmdir(scratch);
  return failed;
}
