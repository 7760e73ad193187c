/* WASI preview 1: the configuration (arguments, environment, stdin bytes, captured
 * stdout/stderr, preopened directories), running a C command and a C reactor from
 * tests/guests, exit codes (3, 0, a real trap, a normal return), WASI functions as ordinary
 * wasm.h externs, and the failures of the configuration functions. */
#include "util.h"
#include "../guests/host.h"

static wasm_engine_t* engine;

/* demo mode: args, env, stdin -> stdout, a file in a read-write preopen, clock, random,
 * exit(3). */
static void test_command_demo(void) {
  char* dir = make_temp_dir();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_guest(store, "command");

  wacapi_wasi_config_t* config = wacapi_wasi_config_new();
  const char* argv[] = {"command", "demo", "two words"};
  CHECK(wacapi_wasi_config_set_argv(config, 3, argv));
  const char* names[] = {"GREETING"};
  const char* values[] = {"good morning"};
  CHECK(wacapi_wasi_config_set_env(config, 1, names, values));
  wasm_byte_vec_t input;
  bytes_from_string(&input, "from the host\n");
  CHECK(wacapi_wasi_config_set_stdin_bytes(config, &input));
  wasm_byte_vec_delete(&input);
  CHECK(wacapi_wasi_config_preopen_dir(config, dir, "/data", false));

  guest_run_t run = run_command(store, module, config);
  CHECK(run.trap != NULL);
  CHECK(run.exited);
  CHECK_EQ(run.exit_code, 3);
  const char* expected =
      "argc: 3\n"
      "argv[0]: command\n"
      "argv[1]: demo\n"
      "argv[2]: two words\n"
      "GREETING: good morning\n"
      "HOME: (unset)\n"
      "stdin: from the host\n"
      "file: written by the guest\n"
      "clock: ok\n"
      "random: ok\n";
  if (strcmp(run.out, expected) != 0) {
    fprintf(stderr, "unexpected guest output:\n%s", run.out);
    exit(1);
  }
  char text[128];
  trap_text(run.trap, text, sizeof text);
  CHECK_STR_CONTAINS(text, "exit with status 3");
  guest_run_delete(&run);

  char buf[128];
  CHECK(read_host_file(dir, "hello.txt", buf, sizeof buf));
  CHECK(strcmp(buf, "written by the guest\n") == 0);

  wasm_module_delete(module);
  wasm_store_delete(store);
  remove_tree(dir);
  free(dir);
}

/* exit(0) is a trap with exit code 0; __builtin_trap is a real trap; returning 0 from main
 * is no trap at all. */
static void test_exit_codes(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_guest(store, "command");

  guest_run_t run = run_command(store, module, config_for_mode("exit0"));
  CHECK(run.trap != NULL);
  CHECK(run.exited);
  CHECK_EQ(run.exit_code, 0);
  CHECK(strcmp(run.out, "exiting with 0\n") == 0);
  guest_run_delete(&run);

  wasm_store_t* store2 = wasm_store_new(engine);
  run = run_command(store2, module, config_for_mode("trap"));
  CHECK(run.trap != NULL);
  CHECK(!run.exited);
  int32_t code = 12345;
  CHECK(!wacapi_trap_exit_code(run.trap, &code));
  CHECK_EQ(code, 12345);
  char text[128];
  trap_text(run.trap, text, sizeof text);
  CHECK_STR_CONTAINS(text, "unreachable");
  guest_run_delete(&run);

  wasm_store_t* store3 = wasm_store_new(engine);
  run = run_command(store3, module, config_for_mode("env"));
  CHECK(run.trap == NULL);
  CHECK(strcmp(run.out, "end of environment\n") == 0);
  guest_run_delete(&run);

  wasm_store_delete(store3);
  wasm_store_delete(store2);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

/* proc_exit from a start function: wasm_instance_new and wacapi_linker_instantiate hand
 * the exit out as a trap. */
static void test_exit_in_start(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(
      store,
      "(module\n"
      "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))\n"
      "  (memory (export \"memory\") 1)\n"
      "  (func $start (call $exit (i32.const 7)))\n"
      "  (start $start))");
  wacapi_linker_t* linker = wacapi_linker_new(store);
  CHECK(wacapi_linker_define_wasi(linker, wacapi_wasi_config_new()));

  wasm_trap_t* trap = NULL;
  CHECK(wacapi_linker_instantiate(linker, module, &trap) == NULL);
  CHECK(trap != NULL);
  int32_t code = -1;
  CHECK(wacapi_trap_exit_code(trap, &code));
  CHECK_EQ(code, 7);
  wasm_trap_delete(trap);

  /* The same through wasm.h, with the WASI function taken from the linker. */
  wasm_name_t m = name_of("wasi_snapshot_preview1"), n = name_of("proc_exit");
  wasm_extern_t* proc_exit = wacapi_linker_get(linker, &m, &n);
  CHECK(proc_exit != NULL);
  wasm_extern_vec_t imports = {1, &proc_exit};
  trap = NULL;
  CHECK(wasm_instance_new(store, module, &imports, &trap) == NULL);
  CHECK(trap != NULL);
  code = -1;
  CHECK(wacapi_trap_exit_code(trap, &code));
  CHECK_EQ(code, 7);
  wasm_trap_delete(trap);

  wasm_extern_delete(proc_exit);
  wacapi_linker_delete(linker);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

/* WASI functions are ordinary externs: typed, passable positionally to wasm_instance_new,
 * callable (a direct call has no guest memory, which WASI reports as a trap). */
static void test_wasi_externs(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  wacapi_wasi_config_t* config = wacapi_wasi_config_new();
  wacapi_wasi_config_capture_stdout(config);
  wacapi_wasi_config_capture_stderr(config);
  CHECK(wacapi_linker_define_wasi(linker, config));

  wasm_name_t m = name_of("wasi_snapshot_preview1"), n = name_of("fd_write");
  wasm_extern_t* fd_write = wacapi_linker_get(linker, &m, &n);
  CHECK(fd_write != NULL);
  CHECK_EQ(wasm_extern_kind(fd_write), WASM_EXTERN_FUNC);
  wasm_func_t* f = wasm_extern_as_func(fd_write);
  CHECK_EQ(wasm_func_param_arity(f), 4);
  CHECK_EQ(wasm_func_result_arity(f), 1);

  wasm_val_t args[4] = {WASM_I32_VAL(1), WASM_I32_VAL(0), WASM_I32_VAL(0),
                        WASM_I32_VAL(0)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  CHECK_TRAP_CONTAINS(call(f, args, 4, res, 1), "memory");

  wasm_module_t* module = module_from_wat(
      store,
      "(module\n"
      "  (import \"wasi_snapshot_preview1\" \"fd_write\"\n"
      "    (func $fd_write (param i32 i32 i32 i32) (result i32)))\n"
      "  (memory (export \"memory\") 1)\n"
      "  (data (i32.const 8) \"\\10\\00\\00\\00\\03\\00\\00\\00\")\n"
      "  (data (i32.const 16) \"hi\\n\")\n"
      "  (func (export \"write\") (param $fd i32) (result i32)\n"
      "    (call $fd_write (local.get $fd) (i32.const 8) (i32.const 1) (i32.const 0))))");
  wasm_extern_t* imports_data[1] = {fd_write};
  wasm_instance_t* instance = instantiate(store, module, imports_data, 1);
  wasm_extern_t* write = instance_export(module, instance, "write");
  int32_t fd = 1;
  CHECK_EQ(call_i32(wasm_extern_as_func(write), &fd, 1), 0);
  fd = 2;
  CHECK_EQ(call_i32(wasm_extern_as_func(write), &fd, 1), 0);
  CHECK_EQ(call_i32(wasm_extern_as_func(write), &fd, 1), 0);
  fd = 99; /* not open: EBADF (8) */
  CHECK_EQ(call_i32(wasm_extern_as_func(write), &fd, 1), 8);

  wasm_byte_vec_t out;
  CHECK(wacapi_wasi_stdout(store, &out));
  CHECK_EQ(out.size, 3);
  CHECK(memcmp(out.data, "hi\n", 3) == 0);
  wasm_byte_vec_delete(&out);
  CHECK(wacapi_wasi_stderr(store, &out));
  CHECK_EQ(out.size, 6);
  CHECK(memcmp(out.data, "hi\nhi\n", 6) == 0);
  wasm_byte_vec_delete(&out);

  wasm_extern_delete(write);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_extern_delete(fd_write);
  wacapi_linker_delete(linker);
  wasm_store_delete(store);
}

/* Streams not configured are connected to nothing: writes are discarded, nothing is captured. */
static void test_closed_streams(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t out;
  CHECK(!wacapi_wasi_stdout(store, &out));
  CHECK_EQ(out.size, 0);
  CHECK_STR_CONTAINS(last_error(), "no WASI context");

  wacapi_linker_t* linker = wacapi_linker_new(store);
  CHECK(wacapi_linker_define_wasi(linker, wacapi_wasi_config_new()));
  CHECK(!wacapi_wasi_stdout(store, &out));
  CHECK_STR_CONTAINS(last_error(), "not configured to be captured");
  CHECK(!wacapi_wasi_stderr(store, &out));
  CHECK(!wacapi_wasi_stdout(store, NULL));
  CHECK(!wacapi_wasi_stdout(NULL, &out));

  /* Defining WASI twice in one linker is a mistake unless shadowing is allowed. */
  CHECK(!wacapi_linker_define_wasi(linker, wacapi_wasi_config_new()));
  CHECK_STR_CONTAINS(last_error(), "already defined");
  wacapi_linker_allow_shadowing(linker, true);
  wacapi_wasi_config_t* config = wacapi_wasi_config_new();
  wacapi_wasi_config_capture_stdout(config);
  CHECK(wacapi_linker_define_wasi(linker, config));
  CHECK(wacapi_wasi_stdout(store, &out));
  CHECK_EQ(out.size, 0);
  wasm_byte_vec_delete(&out);

  wacapi_linker_delete(linker);
  wasm_store_delete(store);
}

/* A reactor: _initialize, then alloc / greet / free with a pointer-length pair packed in
 * an i64. */
static void test_reactor(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_guest(store, "reactor");
  wacapi_linker_t* linker = wacapi_linker_new(store);
  CHECK(wacapi_linker_define_wasi(linker, wacapi_wasi_config_new()));
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wacapi_linker_instantiate(linker, module, &trap);
  CHECK_NO_TRAP(trap);
  CHECK(instance != NULL);

  wasm_extern_t* init = instance_export(module, instance, "_initialize");
  wasm_extern_t* alloc = instance_export(module, instance, "alloc");
  wasm_extern_t* release = instance_export(module, instance, "free");
  wasm_extern_t* greet = instance_export(module, instance, "greet");
  wasm_extern_t* memory = instance_export(module, instance, "memory");
  CHECK(init && alloc && release && greet && memory);
  CHECK_NO_TRAP(call(wasm_extern_as_func(init), NULL, 0, NULL, 0));

  const char* names[] = {"World", "wacapi", "\xc3\xa9t\xc3\xa9"};
  const char* expected[] = {"Hello, World!", "Hello, wacapi!", "Hello, \xc3\xa9t\xc3\xa9!"};
  for (int i = 0; i < 3; i++) {
    int32_t len = (int32_t)strlen(names[i]);
    int32_t ptr = call_i32(wasm_extern_as_func(alloc), &len, 1);
    CHECK(ptr != 0);
    wasm_memory_t* mem = wasm_extern_as_memory(memory);
    memcpy(wasm_memory_data(mem) + ptr, names[i], (size_t)len);

    wasm_val_t args[2] = {WASM_I32_VAL(ptr), WASM_I32_VAL(len)};
    wasm_val_t res[1] = {WASM_INIT_VAL};
    CHECK_NO_TRAP(call(wasm_extern_as_func(greet), args, 2, res, 1));
    CHECK_EQ(res[0].kind, WASM_I64);
    uint64_t packed = (uint64_t)res[0].of.i64;
    uint32_t out_ptr = (uint32_t)(packed >> 32), out_len = (uint32_t)packed;
    CHECK(out_ptr + out_len <= wasm_memory_data_size(mem));
    CHECK_EQ(out_len, strlen(expected[i]));
    CHECK(memcmp(wasm_memory_data(mem) + out_ptr, expected[i], out_len) == 0);

    wasm_val_t free_args[1] = {WASM_I32_VAL((int32_t)out_ptr)};
    CHECK_NO_TRAP(call(wasm_extern_as_func(release), free_args, 1, NULL, 0));
    free_args[0].of.i32 = ptr;
    CHECK_NO_TRAP(call(wasm_extern_as_func(release), free_args, 1, NULL, 0));
  }

  wasm_extern_delete(init);
  wasm_extern_delete(alloc);
  wasm_extern_delete(release);
  wasm_extern_delete(greet);
  wasm_extern_delete(memory);
  wasm_instance_delete(instance);
  wacapi_linker_delete(linker);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

/* The configuration functions: NULL-safe, strings checked, bad directories refused. */
static void test_config_errors(void) {
  wacapi_wasi_config_delete(NULL);
  wacapi_wasi_config_inherit_argv(NULL);
  wacapi_wasi_config_inherit_env(NULL);
  wacapi_wasi_config_inherit_stdin(NULL);
  wacapi_wasi_config_inherit_stdout(NULL);
  wacapi_wasi_config_inherit_stderr(NULL);
  wacapi_wasi_config_capture_stdout(NULL);
  wacapi_wasi_config_capture_stderr(NULL);
  CHECK(!wacapi_wasi_config_set_argv(NULL, 0, NULL));
  CHECK_STR_CONTAINS(last_error(), "config is NULL");
  CHECK(!wacapi_wasi_config_set_env(NULL, 0, NULL, NULL));
  CHECK(!wacapi_wasi_config_set_stdin_bytes(NULL, NULL));
  CHECK(!wacapi_wasi_config_preopen_dir(NULL, "/tmp", "/tmp", true));

  wacapi_wasi_config_t* config = wacapi_wasi_config_new();
  const char* with_null[] = {"a", NULL};
  CHECK(!wacapi_wasi_config_set_argv(config, 2, with_null));
  CHECK_STR_CONTAINS(last_error(), "argv[1] is NULL");
  CHECK(!wacapi_wasi_config_set_argv(config, 1, NULL));
  const char* bad_utf8[] = {"\xff"};
  CHECK(!wacapi_wasi_config_set_argv(config, 1, bad_utf8));
  CHECK_STR_CONTAINS(last_error(), "not UTF-8");
  CHECK(wacapi_wasi_config_set_argv(config, 0, NULL));

  const char* names[] = {"A=B"};
  const char* values[] = {"c"};
  CHECK(!wacapi_wasi_config_set_env(config, 1, names, values));
  CHECK_STR_CONTAINS(last_error(), "names[0]");
  CHECK(!wacapi_wasi_config_set_env(config, 1, values, NULL));
  CHECK_STR_CONTAINS(last_error(), "values is NULL");

  CHECK(!wacapi_wasi_config_preopen_dir(config, "/nonexistent/wacapi-dir", "/x", false));
  CHECK_STR_CONTAINS(last_error(), "/nonexistent/wacapi-dir");
  CHECK(!wacapi_wasi_config_preopen_dir(config, NULL, "/x", false));
  CHECK_STR_CONTAINS(last_error(), "host_path is NULL");
  CHECK(!wacapi_wasi_config_preopen_dir(config, "/tmp", NULL, false));
  CHECK_STR_CONTAINS(last_error(), "guest_path is NULL");
  CHECK(!wacapi_wasi_config_preopen_dir(config, "/tmp", "", false));
  CHECK(wacapi_wasi_config_set_stdin_bytes(config, NULL));
  wacapi_wasi_config_delete(config);

  /* define_wasi consumes the configuration even when it fails. */
  CHECK(!wacapi_linker_define_wasi(NULL, wacapi_wasi_config_new()));
  CHECK_STR_CONTAINS(last_error(), "linker is NULL");
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  CHECK(!wacapi_linker_define_wasi(linker, NULL));
  CHECK_STR_CONTAINS(last_error(), "config is NULL");
  wacapi_linker_delete(linker);
  wasm_store_delete(store);
}

/* Defining WASI again for a store replaces its context, for every linker of the store:
 * an instance made through the first linker sees the second configuration. */
static void test_context_per_store(void) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_guest(store, "command");
  const char* names[] = {"GREETING"};
  const char* first[] = {"first"};
  const char* second[] = {"second"};

  wacapi_linker_t* a = wacapi_linker_new(store);
  wacapi_wasi_config_t* config = config_for_mode("env");
  CHECK(wacapi_wasi_config_set_env(config, 1, names, first));
  wacapi_wasi_config_capture_stdout(config);
  CHECK(wacapi_linker_define_wasi(a, config));
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wacapi_linker_instantiate(a, module, &trap);
  CHECK(instance != NULL);

  wacapi_linker_t* b = wacapi_linker_new(store);
  config = config_for_mode("env");
  CHECK(wacapi_wasi_config_set_env(config, 1, names, second));
  wacapi_wasi_config_capture_stdout(config);
  CHECK(wacapi_linker_define_wasi(b, config));

  wasm_extern_t* start = instance_export(module, instance, "_start");
  CHECK_NO_TRAP(call(wasm_extern_as_func(start), NULL, 0, NULL, 0));
  wasm_byte_vec_t out;
  CHECK(wacapi_wasi_stdout(store, &out));
  const char* expected = "GREETING=second\nend of environment\n";
  CHECK_EQ(out.size, strlen(expected));
  CHECK(memcmp(out.data, expected, out.size) == 0);
  wasm_byte_vec_delete(&out);

  wasm_extern_delete(start);
  wasm_instance_delete(instance);
  wacapi_linker_delete(b);
  wacapi_linker_delete(a);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

int main(void) {
  engine = wasm_engine_new();
  test_command_demo();
  test_exit_codes();
  test_exit_in_start();
  test_wasi_externs();
  test_closed_streams();
  test_reactor();
  test_config_errors();
  test_context_per_store();
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
