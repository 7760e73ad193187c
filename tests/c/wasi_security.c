/* What a WASI guest must not be able to do:
 *   - reach files outside its preopened directories (`..`, absolute paths, symlinks out),
 *     tried both from C (tests/guests/command.c) and with raw WASI calls from WAT;
 *   - change anything in a read-only preopen or below it (write, create, truncate, set
 *     times, unlink, rename in or out, hard-link out, symlink, mkdir, rmdir);
 *   - see host environment variables it was not given;
 *   - take more memory than the store's cap;
 *   - run forever when the store meters fuel.
 * Each check also looks at the host side: files unchanged, nothing created. */
#include "util.h"
#include "../guests/host.h"

static wasm_engine_t* engine;

/* WASI errno values (wasi_snapshot_preview1). */
enum { ERRNO_SUCCESS = 0, ERRNO_BADF = 8, ERRNO_ROFS = 69 };
/* Rights, open flags and lookup flags. */
enum { RIGHT_FD_READ = 2, RIGHT_FD_WRITE = 64 };
enum { OFLAG_CREAT = 1, OFLAG_DIRECTORY = 2, OFLAG_TRUNC = 8 };

static const char* const RAW_WAT =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"path_open\"\n"
    "    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"path_create_directory\"\n"
    "    (func $mkdir (param i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"path_unlink_file\"\n"
    "    (func $unlink (param i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"path_filestat_get\"\n"
    "    (func $stat (param i32 i32 i32 i32 i32) (result i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  ;; The path is at 1024; an opened descriptor is stored at 0.\n"
    "  (func (export \"open\") (param $fd i32) (param $len i32) (param $oflags i32)\n"
    "    (param $rights i64) (result i32)\n"
    "    (call $path_open (local.get $fd) (i32.const 1) (i32.const 1024) (local.get $len)\n"
    "      (local.get $oflags) (local.get $rights) (i64.const 0) (i32.const 0)\n"
    "      (i32.const 0)))\n"
    "  (func (export \"opened\") (result i32) (i32.load (i32.const 0)))\n"
    "  (func (export \"mkdir\") (param $fd i32) (param $len i32) (result i32)\n"
    "    (call $mkdir (local.get $fd) (i32.const 1024) (local.get $len)))\n"
    "  (func (export \"unlink\") (param $fd i32) (param $len i32) (result i32)\n"
    "    (call $unlink (local.get $fd) (i32.const 1024) (local.get $len)))\n"
    "  (func (export \"stat\") (param $fd i32) (param $len i32) (result i32)\n"
    "    (call $stat (local.get $fd) (i32.const 1) (i32.const 1024) (local.get $len)\n"
    "      (i32.const 64))))";

/* A raw-WASI guest instance and its exports. */
typedef struct {
  wasm_module_t* module;
  wasm_instance_t* instance;
  wasm_memory_t* memory;
  wasm_extern_t *memory_ext, *open, *opened, *mkdir, *unlink, *stat;
} raw_guest_t;

static raw_guest_t raw_guest(wasm_store_t* store, wacapi_wasi_config_t* config) {
  raw_guest_t g;
  g.module = module_from_wat(store, RAW_WAT);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  CHECK(wacapi_linker_define_wasi(linker, config));
  wasm_trap_t* trap = NULL;
  g.instance = wacapi_linker_instantiate(linker, g.module, &trap);
  CHECK_NO_TRAP(trap);
  CHECK(g.instance != NULL);
  wacapi_linker_delete(linker);
  g.memory_ext = instance_export(g.module, g.instance, "memory");
  g.memory = wasm_extern_as_memory(g.memory_ext);
  g.open = instance_export(g.module, g.instance, "open");
  g.opened = instance_export(g.module, g.instance, "opened");
  g.mkdir = instance_export(g.module, g.instance, "mkdir");
  g.unlink = instance_export(g.module, g.instance, "unlink");
  g.stat = instance_export(g.module, g.instance, "stat");
  return g;
}

static void raw_guest_delete(raw_guest_t* g) {
  wasm_extern_delete(g->memory_ext);
  wasm_extern_delete(g->open);
  wasm_extern_delete(g->opened);
  wasm_extern_delete(g->mkdir);
  wasm_extern_delete(g->unlink);
  wasm_extern_delete(g->stat);
  wasm_instance_delete(g->instance);
  wasm_module_delete(g->module);
}

static int32_t put_path(raw_guest_t* g, const char* path) {
  size_t n = strlen(path);
  memcpy(wasm_memory_data(g->memory) + 1024, path, n);
  return (int32_t)n;
}

static int32_t raw_open(raw_guest_t* g, int32_t fd, const char* path, int32_t oflags,
                        int64_t rights) {
  wasm_val_t args[4] = {WASM_I32_VAL(fd), WASM_I32_VAL(put_path(g, path)),
                        WASM_I32_VAL(oflags), WASM_I64_VAL(rights)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  CHECK_NO_TRAP(call(wasm_extern_as_func(g->open), args, 4, res, 1));
  return res[0].of.i32;
}

static int32_t raw_path_call(raw_guest_t* g, wasm_extern_t* f, int32_t fd,
                             const char* path) {
  int32_t args[2] = {fd, put_path(g, path)};
  return call_i32(wasm_extern_as_func(f), args, 2);
}

/* Host layout for the escape tests:
 *   root/secret.txt                   outside every preopen
 *   root/data/inside.txt, data/sub/   the preopen "/data" (read-write)
 *   root/data/escape-link -> root     a symlink leading out */
static char* escape_fixture(void) {
  char* root = make_temp_dir();
  write_host_file(root, "secret.txt", "top secret\n");
  make_host_dir(root, "data");
  write_host_file(root, "data/inside.txt", "inside\n");
  make_host_dir(root, "data/sub");
  char* link = path_join(root, "data/escape-link");
  CHECK(symlink(root, link) == 0);
  free(link);
  return root;
}

static void test_escape_raw(void) {
  char* root = escape_fixture();
  char* data = path_join(root, "data");
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_wasi_config_t* config = wacapi_wasi_config_new();
  CHECK(wacapi_wasi_config_preopen_dir(config, data, "/data", false));
  raw_guest_t g = raw_guest(store, config);

  /* Controls: inside the preopen works, `..` that stays inside too. */
  CHECK_EQ(raw_open(&g, 3, "inside.txt", 0, RIGHT_FD_READ), ERRNO_SUCCESS);
  CHECK_EQ(raw_open(&g, 3, "sub/../inside.txt", 0, RIGHT_FD_READ), ERRNO_SUCCESS);
  CHECK_EQ(raw_path_call(&g, g.stat, 3, "inside.txt"), ERRNO_SUCCESS);

  static const char* const outside[] = {
      "..",
      "../secret.txt",
      "sub/../../secret.txt",
      "./../secret.txt",
      "/etc/passwd",
      "/secret.txt",
      "escape-link/secret.txt",
      "escape-link",
  };
  for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
    int32_t err = raw_open(&g, 3, outside[i], 0, RIGHT_FD_READ);
    if (err == ERRNO_SUCCESS) {
      fprintf(stderr, "path_open(\"%s\") escaped the preopen\n", outside[i]);
      exit(1);
    }
    CHECK(raw_path_call(&g, g.stat, 3, outside[i]) != ERRNO_SUCCESS);
  }
  CHECK(raw_open(&g, 3, "../created.txt", OFLAG_CREAT, RIGHT_FD_WRITE) != ERRNO_SUCCESS);
  CHECK(raw_path_call(&g, g.mkdir, 3, "../made") != ERRNO_SUCCESS);
  CHECK(raw_path_call(&g, g.unlink, 3, "../secret.txt") != ERRNO_SUCCESS);
  CHECK(raw_path_call(&g, g.unlink, 3, "escape-link/secret.txt") != ERRNO_SUCCESS);
  /* Descriptors that are not preopens. */
  CHECK_EQ(raw_open(&g, 9, "secret.txt", 0, RIGHT_FD_READ), ERRNO_BADF);
  CHECK(raw_open(&g, 0, "secret.txt", 0, RIGHT_FD_READ) != ERRNO_SUCCESS);

  char buf[64];
  CHECK(read_host_file(root, "secret.txt", buf, sizeof buf));
  CHECK(strcmp(buf, "top secret\n") == 0);
  CHECK(!host_path_exists(root, "created.txt"));
  CHECK(!host_path_exists(root, "made"));

  raw_guest_delete(&g);
  wasm_store_delete(store);
  remove_tree(root);
  free(data);
  free(root);
}

/* The same from C through wasi-libc's path handling. */
static void test_escape_c(void) {
  char* root = escape_fixture();
  char* data = path_join(root, "data");
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_guest(store, "command");
  wacapi_wasi_config_t* config = config_for_mode("escape");
  CHECK(wacapi_wasi_config_preopen_dir(config, data, "/data", false));
  guest_run_t run = run_command(store, module, config);
  CHECK(run.trap == NULL);
  if (strstr(run.out, "ALLOWED") != NULL) {
    fprintf(stderr, "the guest escaped:\n%s", run.out);
    exit(1);
  }
  int refused = 0;
  for (const char* p = run.out; (p = strstr(p, "refused:")) != NULL; p++) refused++;
  CHECK_EQ(refused, 7);
  guest_run_delete(&run);
  wasm_module_delete(module);
  wasm_store_delete(store);
  remove_tree(root);
  free(data);
  free(root);
}

/* Host layout for the read-only tests:
 *   root/ro/existing.txt, ro/sub/existing.txt, ro/empty/   the preopen "/ro" (read-only)
 *   root/rw/plant.txt                                      the preopen "/rw" (read-write) */
static char* readonly_fixture(void) {
  char* root = make_temp_dir();
  make_host_dir(root, "ro");
  write_host_file(root, "ro/existing.txt", "original\n");
  make_host_dir(root, "ro/sub");
  write_host_file(root, "ro/sub/existing.txt", "original below\n");
  make_host_dir(root, "ro/empty");
  make_host_dir(root, "rw");
  write_host_file(root, "rw/plant.txt", "planted\n");
  return root;
}

/* The host side is exactly as the fixture made it. */
static void check_readonly_fixture_unchanged(const char* root) {
  char buf[64];
  CHECK(read_host_file(root, "ro/existing.txt", buf, sizeof buf));
  CHECK(strcmp(buf, "original\n") == 0);
  CHECK(read_host_file(root, "ro/sub/existing.txt", buf, sizeof buf));
  CHECK(strcmp(buf, "original below\n") == 0);
  CHECK(host_path_exists(root, "ro/empty"));
  CHECK(host_path_exists(root, "rw/plant.txt"));
  static const char* const absent[] = {
      "ro/new.txt",     "ro/renamed.txt",     "ro/planted.txt",     "ro/symlink",
      "ro/newdir",      "ro/sub/new.txt",     "ro/sub/renamed.txt", "ro/sub/planted.txt",
      "ro/sub/symlink", "ro/sub/newdir",      "rw/stolen.txt",      "rw/linked.txt",
      "ro/made",        "ro/sub/made",
  };
  for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++) {
    if (host_path_exists(root, absent[i])) {
      fprintf(stderr, "the guest created %s in a read-only tree\n", absent[i]);
      exit(1);
    }
  }
}

static void test_readonly_c(void) {
  char* root = readonly_fixture();
  char* ro = path_join(root, "ro");
  char* rw = path_join(root, "rw");
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_guest(store, "command");
  wacapi_wasi_config_t* config = config_for_mode("readonly");
  CHECK(wacapi_wasi_config_preopen_dir(config, ro, "/ro", true));
  CHECK(wacapi_wasi_config_preopen_dir(config, rw, "/rw", false));
  guest_run_t run = run_command(store, module, config);
  CHECK(run.trap == NULL);
  if (strstr(run.out, "ALLOWED") != NULL || strstr(run.out, "cannot read") != NULL) {
    fprintf(stderr, "read-only preopen not read-only:\n%s", run.out);
    exit(1);
  }
  CHECK_STR_CONTAINS(run.out, "read /ro/existing.txt: original\n");
  CHECK_STR_CONTAINS(run.out, "read /ro/sub/existing.txt: original below\n");
  CHECK_STR_CONTAINS(run.out, "refused: opening /ro/sub/existing.txt for writing (Read-only file system)");
  int refused = 0;
  for (const char* p = run.out; (p = strstr(p, "refused:")) != NULL; p++) refused++;
  CHECK_EQ(refused, 2 * 15 + 2);
  guest_run_delete(&run);
  check_readonly_fixture_unchanged(root);

  wasm_module_delete(module);
  wasm_store_delete(store);
  remove_tree(root);
  free(ro);
  free(rw);
  free(root);
}

static void test_readonly_raw(void) {
  char* root = readonly_fixture();
  char* ro = path_join(root, "ro");
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_wasi_config_t* config = wacapi_wasi_config_new();
  CHECK(wacapi_wasi_config_preopen_dir(config, ro, "/ro", true));
  raw_guest_t g = raw_guest(store, config);

  CHECK_EQ(raw_open(&g, 3, "existing.txt", 0, RIGHT_FD_READ), ERRNO_SUCCESS);
  CHECK_EQ(raw_open(&g, 3, "existing.txt", 0, RIGHT_FD_READ | RIGHT_FD_WRITE), ERRNO_ROFS);
  CHECK_EQ(raw_open(&g, 3, "existing.txt", OFLAG_TRUNC, RIGHT_FD_READ), ERRNO_ROFS);
  CHECK_EQ(raw_open(&g, 3, "made", OFLAG_CREAT, RIGHT_FD_READ), ERRNO_ROFS);
  CHECK_EQ(raw_path_call(&g, g.mkdir, 3, "made"), ERRNO_ROFS);
  CHECK_EQ(raw_path_call(&g, g.unlink, 3, "existing.txt"), ERRNO_ROFS);

  /* A directory opened through the read-only one is read-only too. */
  CHECK_EQ(raw_open(&g, 3, "sub", OFLAG_DIRECTORY, RIGHT_FD_READ), ERRNO_SUCCESS);
  int32_t sub = call_i32(wasm_extern_as_func(g.opened), NULL, 0);
  CHECK(sub > 3);
  CHECK_EQ(raw_open(&g, sub, "existing.txt", 0, RIGHT_FD_READ), ERRNO_SUCCESS);
  CHECK_EQ(raw_open(&g, sub, "existing.txt", 0, RIGHT_FD_WRITE), ERRNO_ROFS);
  CHECK_EQ(raw_path_call(&g, g.mkdir, sub, "made"), ERRNO_ROFS);
  CHECK_EQ(raw_path_call(&g, g.unlink, sub, "existing.txt"), ERRNO_ROFS);
  CHECK(raw_open(&g, sub, "../../rw/plant.txt", 0, RIGHT_FD_READ) != ERRNO_SUCCESS);

  raw_guest_delete(&g);
  wasm_store_delete(store);
  check_readonly_fixture_unchanged(root);
  remove_tree(root);
  free(ro);
  free(root);
}

/* Only the variables the configuration names are visible; inheriting is explicit. */
static void test_environment(void) {
  CHECK(setenv("WACAPI_TEST_SECRET", "hunter2", 1) == 0);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_guest(store, "command");

  guest_run_t run = run_command(store, module, config_for_mode("env"));
  CHECK(run.trap == NULL);
  CHECK(strcmp(run.out, "end of environment\n") == 0);
  guest_run_delete(&run);

  wasm_store_t* store2 = wasm_store_new(engine);
  wacapi_wasi_config_t* config = config_for_mode("env");
  const char* names[] = {"GIVEN"};
  const char* values[] = {"yes"};
  CHECK(wacapi_wasi_config_set_env(config, 1, names, values));
  run = run_command(store2, module, config);
  CHECK(strcmp(run.out, "GIVEN=yes\nend of environment\n") == 0);
  guest_run_delete(&run);

  /* Explicitly inherited: the host's variables are there. */
  wasm_store_t* store3 = wasm_store_new(engine);
  config = config_for_mode("env");
  wacapi_wasi_config_inherit_env(config);
  run = run_command(store3, module, config);
  CHECK_STR_CONTAINS(run.out, "WACAPI_TEST_SECRET=hunter2\n");
  guest_run_delete(&run);

  /* Inherited arguments are this program's (no mode: demo, which fails without /data). */
  wasm_store_t* store4 = wasm_store_new(engine);
  config = wacapi_wasi_config_new();
  wacapi_wasi_config_inherit_argv(config);
  run = run_command(store4, module, config);
  CHECK(run.exited);
  CHECK_EQ(run.exit_code, 1);
  CHECK_STR_CONTAINS(run.out, "argc: 1\nargv[0]: ");
  CHECK_STR_CONTAINS(run.out, "wasi_security");
  CHECK_STR_CONTAINS(run.out, "HOME: (unset)");
  guest_run_delete(&run);

  wasm_store_delete(store4);
  wasm_store_delete(store3);
  wasm_store_delete(store2);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

/* A guest allocating without end gets what the cap allows, then malloc fails in the
 * guest; the host is untouched. */
static int eaten_mib(size_t cap) {
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_store_set_max_memory(store, cap);
  wasm_module_t* module = load_guest(store, "command");
  guest_run_t run = run_command(store, module, config_for_mode("eat"));
  CHECK(run.trap == NULL);
  int mib = -1;
  if (sscanf(run.out, "allocated: %d MiB", &mib) != 1) {
    fprintf(stderr, "unexpected output of eat: %s\n", run.out);
    exit(1);
  }
  printf("cap %zu MiB: the guest got %d MiB\n", cap >> 20, mib);
  guest_run_delete(&run);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return mib;
}

static void test_memory_exhaustion(void) {
  int small = eaten_mib(8u << 20);
  CHECK(small >= 1 && small < 8);
  int larger = eaten_mib(16u << 20);
  CHECK(larger >= 8 && larger < 16);
}

/* A guest that never ends, ended by fuel. */
static void test_endless_loop(void) {
  wasm_config_t* wconfig = wasm_config_new();
  wacapi_config_consume_fuel(wconfig, true);
  wasm_engine_t* fuel_engine = wasm_engine_new_with_config(wconfig);
  wasm_store_t* store = wasm_store_new(fuel_engine);
  CHECK(wacapi_store_set_fuel(store, 5000000));
  wasm_module_t* module = load_guest(store, "command");
  guest_run_t run = run_command(store, module, config_for_mode("spin"));
  CHECK(run.trap != NULL);
  CHECK(!run.exited);
  char text[128];
  trap_text(run.trap, text, sizeof text);
  CHECK_STR_CONTAINS(text, "all fuel consumed by WebAssembly");
  guest_run_delete(&run);
  uint64_t left = 1;
  CHECK(wacapi_store_get_fuel(store, &left));
  CHECK_EQ(left, 0);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(fuel_engine);
}

int main(void) {
  engine = wasm_engine_new();
  test_escape_raw();
  test_escape_c();
  test_readonly_c();
  test_readonly_raw();
  test_environment();
  test_memory_exhaustion();
  test_endless_loop();
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
