/* Host-side helpers for the C tests that run the WASI guests of tests/guests/
 * (tests/c/wasi*.c, linker*.c, limits*.c). Include after tests/c/util.h:
 *
 *   #include "util.h"
 *   #include "../guests/host.h"
 *
 * The guests are committed in tests/guests/ (built from their sources by build.sh; the Rust
 * harness checks they are current and sets $WACAPI_GUESTS); guests_dir() finds them through
 * $WACAPI_GUESTS or the usual relative paths. Scratch directories are made under /tmp and removed again.
 */
#ifndef WACAPI_TEST_GUESTS_HOST_H
#define WACAPI_TEST_GUESTS_HOST_H

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory holding command.wasm and reactor.wasm. */
static inline const char* guests_dir(void) {
  const char* env = getenv("WACAPI_GUESTS");
  if (env != NULL && env[0] != '\0') return env;
  static const char* const candidates[] = {"tests/guests", "../guests", "../../tests/guests"};
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/command.wasm", candidates[i]);
    if (access(path, R_OK) == 0) return candidates[i];
  }
  fprintf(stderr,
          "WASI guests not found: they are committed in tests/guests/ "
          "(run from the project root or set WACAPI_GUESTS)\n");
  exit(1);
}

/* The whole file at path as an owned byte vector; fails the test if unreadable. */
static inline void read_file_bytes(const char* path, wasm_byte_vec_t* out) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
    exit(1);
  }
  CHECK(fseek(f, 0, SEEK_END) == 0);
  long size = ftell(f);
  CHECK(size >= 0);
  CHECK(fseek(f, 0, SEEK_SET) == 0);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  CHECK(fread(out->data, 1, (size_t)size, f) == (size_t)size);
  fclose(f);
}

/* Compiles guest `name` ("command" or "reactor"). */
static inline wasm_module_t* load_guest(wasm_store_t* store, const char* name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s.wasm", guests_dir(), name);
  wasm_byte_vec_t binary;
  read_file_bytes(path, &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (module == NULL) {
    fprintf(stderr, "compiling %s failed: %s\n", path, last_error());
    exit(1);
  }
  return module;
}

/* ------------------------------------------------------------------------ */
/* Host files                                                                */

/* A fresh scratch directory (malloc'd path); remove it with remove_tree. */
static inline char* make_temp_dir(void) {
  char* path = strdup("/tmp/wacapi-wasi-XXXXXX");
  CHECK(path != NULL);
  CHECK(mkdtemp(path) != NULL);
  return path;
}

/* path/name as a fresh string (malloc'd). */
static inline char* path_join(const char* dir, const char* name) {
  size_t n = strlen(dir) + 1 + strlen(name) + 1;
  char* p = malloc(n);
  CHECK(p != NULL);
  snprintf(p, n, "%s/%s", dir, name);
  return p;
}

static inline void write_host_file(const char* dir, const char* name,
                                   const char* text) {
  char* p = path_join(dir, name);
  FILE* f = fopen(p, "w");
  CHECK(f != NULL);
  fputs(text, f);
  fclose(f);
  free(p);
}

/* Contents of dir/name into buf (NUL-terminated); false if it does not exist. */
static inline bool read_host_file(const char* dir, const char* name, char* buf,
                                  size_t cap) {
  char* p = path_join(dir, name);
  FILE* f = fopen(p, "r");
  free(p);
  if (f == NULL) return false;
  size_t n = fread(buf, 1, cap - 1, f);
  buf[n] = '\0';
  fclose(f);
  return true;
}

static inline bool host_path_exists(const char* dir, const char* name) {
  char* p = path_join(dir, name);
  struct stat st;
  bool exists = lstat(p, &st) == 0;
  free(p);
  return exists;
}

static inline void make_host_dir(const char* dir, const char* name) {
  char* p = path_join(dir, name);
  CHECK(mkdir(p, 0755) == 0);
  free(p);
}

/* rm -r path (no symlinks are followed). */
static inline void remove_tree(const char* path) {
  struct stat st;
  if (lstat(path, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    DIR* d = opendir(path);
    CHECK(d != NULL);
    struct dirent* e;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      char* child = path_join(path, e->d_name);
      remove_tree(child);
      free(child);
    }
    closedir(d);
    CHECK(rmdir(path) == 0);
  } else {
    CHECK(unlink(path) == 0);
  }
}

/* ------------------------------------------------------------------------ */
/* Running guests                                                            */

/* A name vector view of a C string (not owned: do not delete). */
static inline wasm_name_t name_of(const char* s) {
  wasm_name_t n = {strlen(s), (wasm_byte_t*)s};
  return n;
}

/* The export called `name` of an instance, as an owned extern (NULL if absent). */
static inline wasm_extern_t* instance_export(const wasm_module_t* module,
                                             const wasm_instance_t* instance,
                                             const char* name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_extern_t* found = NULL;
  for (size_t i = 0; i < types.size && i < exports.size; i++) {
    if (name_is(wasm_exporttype_name(types.data[i]), name)) {
      found = wasm_extern_copy(exports.data[i]);
      break;
    }
  }
  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&types);
  return found;
}

/* What one run of a WASI command left behind. */
typedef struct {
  wasm_trap_t* trap; /* owned; NULL when _start returned normally */
  bool exited;       /* the trap is a proc_exit ... */
  int32_t exit_code; /* ... with this status */
  char* out;         /* captured stdout, NUL-terminated (malloc'd) */
} guest_run_t;

/* Runs `module` (a WASI command) as a fresh program in `store`: defines WASI from `config`
 * (consumed), instantiates through a linker and calls _start. The trap it ended with (owned),
 * NULL when _start returned. */
static inline wasm_trap_t* start_command(wasm_store_t* store, const wasm_module_t* module,
                                         wacapi_wasi_config_t* config) {
  wacapi_linker_t* linker = wacapi_linker_new(store);
  CHECK(linker != NULL);
  CHECK(wacapi_linker_define_wasi(linker, config));
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wacapi_linker_instantiate(linker, module, &trap);
  CHECK_NO_TRAP(trap);
  CHECK(instance != NULL);
  wasm_extern_t* start = instance_export(module, instance, "_start");
  CHECK(start != NULL);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  trap = wasm_func_call(wasm_extern_as_func(start), &none, &results);
  wasm_extern_delete(start);
  wasm_instance_delete(instance);
  wacapi_linker_delete(linker);
  return trap;
}

/* start_command with stdout captured: how it ended and what it printed. */
static inline guest_run_t run_command(wasm_store_t* store,
                                      const wasm_module_t* module,
                                      wacapi_wasi_config_t* config) {
  guest_run_t run = {NULL, false, 0, NULL};
  wacapi_wasi_config_capture_stdout(config);
  run.trap = start_command(store, module, config);
  if (run.trap != NULL) {
    run.exited = wacapi_trap_exit_code(run.trap, &run.exit_code);
  }
  wasm_byte_vec_t out;
  CHECK(wacapi_wasi_stdout(store, &out));
  run.out = malloc(out.size + 1);
  CHECK(run.out != NULL);
  if (out.size > 0) memcpy(run.out, out.data, out.size);
  run.out[out.size] = '\0';
  wasm_byte_vec_delete(&out);
  return run;
}

static inline void guest_run_delete(guest_run_t* run) {
  if (run->trap != NULL) wasm_trap_delete(run->trap);
  free(run->out);
  run->trap = NULL;
  run->out = NULL;
}

/* A configuration with argv = {"command", mode}. */
static inline wacapi_wasi_config_t* config_for_mode(const char* mode) {
  wacapi_wasi_config_t* config = wacapi_wasi_config_new();
  CHECK(config != NULL);
  const char* argv[] = {"command", mode};
  CHECK(wacapi_wasi_config_set_argv(config, 2, argv));
  return config;
}

#endif /* WACAPI_TEST_GUESTS_HOST_H */
