/* wasi.h, wasmtime's WASI configuration functions: for every function a case that works and
 * the cases that must fail (NULL or deleted config, NULL and bad arguments, bad paths: false
 * or nothing done, with a message), and tests/guests/command.wasm run with configurations
 * made only with wasi.h names, attached with wacapi_linker_define_wasi: arguments,
 * environment, standard input from bytes, a file and the inherited stream, standard output
 * and error to files and the inherited streams, read-write and read-only preopens.
 *
 * Standard error is exercised with a small WAT module (command.wasm never writes to it). */
#include "util.h"
#include "../guests/host.h"
#include "wasi.h"

#include <fcntl.h>

static wasm_engine_t* engine;
static wasm_store_t* compile_store; /* owns the modules; every run gets a store of its own */
static wasm_module_t* command;      /* tests/guests/command.wasm */
static wasm_module_t* streams;      /* writes "to stdout\n" to fd 1 and "to stderr\n" to fd 2 */
static char* scratch;               /* host directory for every file this test makes */
static const char* argv0;           /* this program's argv[0] */

static const char* const streams_wat =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\"\n"
    "    (func $fd_write (param i32 i32 i32 i32) (result i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 0) \"\\10\\00\\00\\00\\0a\\00\\00\\00\")\n"
    "  (data (i32.const 8) \"\\20\\00\\00\\00\\0a\\00\\00\\00\")\n"
    "  (data (i32.const 16) \"to stdout\\n\")\n"
    "  (data (i32.const 32) \"to stderr\\n\")\n"
    "  (func (export \"_start\")\n"
    "    (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 48))\n"
    "      (then unreachable))\n"
    "    (if (call $fd_write (i32.const 2) (i32.const 8) (i32.const 1) (i32.const 48))\n"
    "      (then unreachable))))";

/* scratch/name as a fresh string; free it. */
static char* scratch_path(const char* name) { return path_join(scratch, name); }

/* Runs WASI command `module` in a fresh store with `config` (consumed by
 * wacapi_linker_define_wasi) and deletes the store again, which closes the files the
 * configuration opened. The trap message goes to `message` ("" when _start returned). */
static void run_guest(const wasm_module_t* module, wasi_config_t* config, char* message,
                      size_t cap) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_trap_t* trap = start_command(store, module, config);
  message[0] = '\0';
  if (trap != NULL) {
    trap_text(trap, message, cap);
    wasm_trap_delete(trap);
  }
  wasm_store_delete(store);
}

/* scratch/name's contents must be exactly `expected`. */
static void check_file(const char* name, const char* expected) {
  char buf[4096];
  CHECK(read_host_file(scratch, name, buf, sizeof buf));
  if (strcmp(buf, expected) != 0) {
    fprintf(stderr, "%s holds:\n%s--- expected:\n%s", name, buf, expected);
    exit(1);
  }
}

/* A configuration whose stdout goes to scratch/out.txt, with argv {"command", mode}. */
static wasi_config_t* config_to_file(const char* mode) {
  wasi_config_t* config = wasi_config_new();
  CHECK(config != NULL);
  const char* argv[] = {"command", mode};
  CHECK(wasi_config_set_argv(config, 2, argv));
  char* out = scratch_path("out.txt");
  CHECK(wasi_config_set_stdout_file(config, out));
  free(out);
  return config;
}

/* Points this process's descriptor `fd` at `path` (opened with `flags`) until
 * redirect_end; returns the saved descriptor. */
static int redirect_begin(int fd, const char* path, int flags) {
  fflush(stdout);
  fflush(stderr);
  int saved = dup(fd);
  CHECK(saved >= 0);
  int file = open(path, flags, 0644);
  CHECK(file >= 0);
  CHECK(dup2(file, fd) == fd);
  close(file);
  return saved;
}

static void redirect_end(int fd, int saved) {
  fflush(stdout);
  fflush(stderr);
  CHECK(dup2(saved, fd) == fd);
  close(saved);
}

/* new/delete: a second delete, NULL, a deleted or consumed configuration are harmless. */
static void test_lifecycle(void) {
  wasi_config_t* config = wasi_config_new();
  CHECK(config != NULL);
  wasi_config_delete(config);
  wasi_config_delete(config); /* double delete: a no-op */
  wasi_config_delete(NULL);

  /* A deleted configuration is refused like NULL, with the reason. */
  CHECK(!wasi_config_set_argv(config, 0, NULL));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_set_argv: config is NULL");
  CHECK_STR_CONTAINS(last_error(), "not a live");
  wasi_config_inherit_stdout(config);
  CHECK_STR_CONTAINS(last_error(), "not a live");

  /* wacapi_linker_define_wasi takes the configuration; deleting it after is a mistake
   * that is caught. */
  wasm_store_t* store = wasm_store_new(engine);
  wacapi_linker_t* linker = wacapi_linker_new(store);
  config = wasi_config_new();
  CHECK(wacapi_linker_define_wasi(linker, config));
  wasi_config_delete(config);
  /* ... also when it fails (here: WASI is already defined in this linker). */
  CHECK(!wacapi_linker_define_wasi(linker, wasi_config_new()));
  CHECK_STR_CONTAINS(last_error(), "already defined");
  wacapi_linker_delete(linker);
  wasm_store_delete(store);

  /* Every function refuses a NULL configuration, naming itself. */
  wasi_config_inherit_argv(NULL);
  CHECK_STR_CONTAINS(last_error(), "wasi_config_inherit_argv: config is NULL");
  wasi_config_inherit_env(NULL);
  CHECK_STR_CONTAINS(last_error(), "wasi_config_inherit_env: config is NULL");
  wasi_config_inherit_stdin(NULL);
  CHECK_STR_CONTAINS(last_error(), "wasi_config_inherit_stdin: config is NULL");
  wasi_config_inherit_stdout(NULL);
  CHECK_STR_CONTAINS(last_error(), "wasi_config_inherit_stdout: config is NULL");
  wasi_config_inherit_stderr(NULL);
  CHECK_STR_CONTAINS(last_error(), "wasi_config_inherit_stderr: config is NULL");
  wasi_config_set_stdin_bytes(NULL, NULL);
  CHECK_STR_CONTAINS(last_error(), "wasi_config_set_stdin_bytes: config is NULL");
  const char* argv[] = {"x"};
  CHECK(!wasi_config_set_argv(NULL, 1, argv));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_set_argv: config is NULL");
  CHECK(!wasi_config_set_env(NULL, 1, argv, argv));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_set_env: config is NULL");
  CHECK(!wasi_config_set_stdin_file(NULL, "/dev/null"));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_set_stdin_file: config is NULL");
  CHECK(!wasi_config_set_stdout_file(NULL, "/dev/null"));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_set_stdout_file: config is NULL");
  CHECK(!wasi_config_set_stderr_file(NULL, "/dev/null"));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_set_stderr_file: config is NULL");
  CHECK(!wasi_config_preopen_dir(NULL, scratch, "/data", true));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_preopen_dir: config is NULL");
}

/* The demo run: argv, env, stdin bytes, stdout to a (truncated) file, a read-write
 * preopen; exit(3). */
static void test_demo(void) {
  char* data = scratch_path("data");
  make_host_dir(scratch, "data");
  write_host_file(scratch, "out.txt", "stale text that must be truncated away ...\n"
                                      "... over several lines ...\n"
                                      "... and more lines ...\n"
                                      "... than the guest's output has\n");
  wasi_config_t* config = config_to_file("demo");
  const char* argv[] = {"command", "demo", "two words"};
  CHECK(wasi_config_set_argv(config, 3, argv));
  const char* names[] = {"GREETING"};
  const char* values[] = {"good morning"};
  CHECK(wasi_config_set_env(config, 1, names, values));
  wasm_byte_vec_t input;
  bytes_from_string(&input, "from the bytes\n");
  wasi_config_set_stdin_bytes(config, &input);
  /* The contents were taken; the vector is empty and deleting it is harmless. */
  CHECK_EQ(input.size, 0);
  CHECK(input.data == NULL);
  wasm_byte_vec_delete(&input);
  CHECK(wasi_config_preopen_dir(config, data, "/data", true));

  char message[256];
  run_guest(command, config, message, sizeof message);
  CHECK_STR_CONTAINS(message, "exit with status 3");
  check_file("out.txt",
             "argc: 3\n"
             "argv[0]: command\n"
             "argv[1]: demo\n"
             "argv[2]: two words\n"
             "GREETING: good morning\n"
             "HOME: (unset)\n"
             "stdin: from the bytes\n"
             "file: written by the guest\n"
             "clock: ok\n"
             "random: ok\n");
  check_file("data/hello.txt", "written by the guest\n");
  remove_tree(data);
  free(data);
}

/* set_argv: bad strings refused, the configuration unchanged; inherit_argv. */
static void test_argv(void) {
  wasi_config_t* config = config_to_file("env");
  const char* with_null[] = {"command", NULL};
  CHECK(!wasi_config_set_argv(config, 2, with_null));
  CHECK_STR_CONTAINS(last_error(), "argv[1] is NULL");
  CHECK(!wasi_config_set_argv(config, 1, NULL));
  CHECK_STR_CONTAINS(last_error(), "argv is NULL");
  const char* bad_utf8[] = {"command", "\xff"};
  CHECK(!wasi_config_set_argv(config, 2, bad_utf8));
  CHECK_STR_CONTAINS(last_error(), "argv[1] is not UTF-8");
  /* Still {"command", "env"}: the env mode ran. */
  char message[256];
  run_guest(command, config, message, sizeof message);
  CHECK(message[0] == '\0');
  check_file("out.txt", "end of environment\n");

  /* No arguments at all is fine too: the guest runs its default (demo) mode, which fails
   * without /data. */
  config = config_to_file("unused");
  CHECK(wasi_config_set_argv(config, 0, NULL));
  run_guest(command, config, message, sizeof message);
  CHECK_STR_CONTAINS(message, "exit with status 1");
  char buf[4096];
  CHECK(read_host_file(scratch, "out.txt", buf, sizeof buf));
  const char* expected_start =
      "argc: 0\n"
      "GREETING: (unset)\n"
      "HOME: (unset)\n"
      "stdin: \n"
      "cannot write /data/hello.txt: ";
  CHECK(strncmp(buf, expected_start, strlen(expected_start)) == 0);

  /* This process's own arguments: just argv[0] (so the demo mode again). */
  config = config_to_file("unused");
  wasi_config_inherit_argv(config);
  run_guest(command, config, message, sizeof message);
  char expected[1024];
  snprintf(expected, sizeof expected, "argc: 1\nargv[0]: %s\nGREETING: (unset)\n", argv0);
  CHECK(read_host_file(scratch, "out.txt", buf, sizeof buf));
  CHECK(strncmp(buf, expected, strlen(expected)) == 0);
}

/* set_env: bad names and strings refused, the configuration unchanged; inherit_env. */
static void test_env(void) {
  wasi_config_t* config = config_to_file("env");
  const char* names[] = {"GREETING", "EMPTY"};
  const char* values[] = {"good morning", ""};
  CHECK(wasi_config_set_env(config, 2, names, values));
  const char* bad_names[] = {"A=B"};
  CHECK(!wasi_config_set_env(config, 1, bad_names, values));
  CHECK_STR_CONTAINS(last_error(), "names[0] is empty or contains '='");
  const char* empty_name[] = {""};
  CHECK(!wasi_config_set_env(config, 1, empty_name, values));
  CHECK_STR_CONTAINS(last_error(), "names[0]");
  CHECK(!wasi_config_set_env(config, 1, names, NULL));
  CHECK_STR_CONTAINS(last_error(), "values is NULL");
  CHECK(!wasi_config_set_env(config, 1, NULL, values));
  CHECK_STR_CONTAINS(last_error(), "names is NULL");
  const char* bad_value[] = {"\xc3("};
  CHECK(!wasi_config_set_env(config, 1, names, bad_value));
  CHECK_STR_CONTAINS(last_error(), "values[0] is not UTF-8");
  char message[256];
  run_guest(command, config, message, sizeof message);
  CHECK(message[0] == '\0');
  check_file("out.txt", "GREETING=good morning\nEMPTY=\nend of environment\n");

  /* Inherited: what this process has, including a variable set just now. */
  CHECK(setenv("WACAPI_WASI_H_TEST", "inherited from the host", 1) == 0);
  config = config_to_file("env");
  wasi_config_inherit_env(config);
  run_guest(command, config, message, sizeof message);
  CHECK(message[0] == '\0');
  char buf[65536];
  CHECK(read_host_file(scratch, "out.txt", buf, sizeof buf));
  CHECK_STR_CONTAINS(buf, "\nWACAPI_WASI_H_TEST=inherited from the host\n");
  CHECK_STR_CONTAINS(buf, "end of environment\n");

  /* set_env after inherit_env: exactly the variables set. */
  config = config_to_file("env");
  wasi_config_inherit_env(config);
  CHECK(wasi_config_set_env(config, 1, names, values));
  run_guest(command, config, message, sizeof message);
  check_file("out.txt", "GREETING=good morning\nend of environment\n");
  CHECK(unsetenv("WACAPI_WASI_H_TEST") == 0);
}

/* Standard input: bytes (NULL bytes, NULL config), a file, bad files, the inherited stream. */
static void test_stdin(void) {
  char message[256];
  wasm_byte_vec_t input;

  /* A refused configuration still takes (and frees) the bytes. */
  bytes_from_string(&input, "never read");
  wasi_config_set_stdin_bytes(NULL, &input);
  CHECK_EQ(input.size, 0);
  CHECK(input.data == NULL);

  /* NULL bytes: empty input, replacing earlier bytes. */
  wasi_config_t* config = config_to_file("demo");
  bytes_from_string(&input, "replaced\n");
  wasi_config_set_stdin_bytes(config, &input);
  wasi_config_set_stdin_bytes(config, NULL);
  run_guest(command, config, message, sizeof message);
  char buf[4096];
  CHECK(read_host_file(scratch, "out.txt", buf, sizeof buf));
  CHECK_STR_CONTAINS(buf, "\nstdin: \n");

  /* From a file; failed attempts leave the earlier setting. */
  write_host_file(scratch, "in.txt", "from a file\n");
  char* in = scratch_path("in.txt");
  char* missing = scratch_path("missing.txt");
  config = config_to_file("demo");
  CHECK(wasi_config_set_stdin_file(config, in));
  CHECK(!wasi_config_set_stdin_file(config, missing));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_set_stdin_file: cannot open");
  CHECK_STR_CONTAINS(last_error(), missing);
  CHECK_STR_CONTAINS(last_error(), "for reading");
  CHECK(!wasi_config_set_stdin_file(config, scratch));
  CHECK_STR_CONTAINS(last_error(), "is a directory");
  CHECK(!wasi_config_set_stdin_file(config, NULL));
  CHECK_STR_CONTAINS(last_error(), "path is NULL");
  CHECK(!wasi_config_set_stdin_file(config, "/tmp/\xff"));
  CHECK_STR_CONTAINS(last_error(), "path is not UTF-8");
  run_guest(command, config, message, sizeof message);
  CHECK(read_host_file(scratch, "out.txt", buf, sizeof buf));
  CHECK_STR_CONTAINS(buf, "\nstdin: from a file\n");
  /* The file is still there, unchanged, and the guest could not write to it. */
  check_file("in.txt", "from a file\n");

  /* Inherited: this process's fd 0, pointed at a file for the run. */
  write_host_file(scratch, "fd0.txt", "through fd 0\n");
  char* fd0 = scratch_path("fd0.txt");
  config = config_to_file("demo");
  wasi_config_inherit_stdin(config);
  int saved = redirect_begin(0, fd0, O_RDONLY);
  run_guest(command, config, message, sizeof message);
  redirect_end(0, saved);
  CHECK(read_host_file(scratch, "out.txt", buf, sizeof buf));
  CHECK_STR_CONTAINS(buf, "\nstdin: through fd 0\n");

  free(fd0);
  free(missing);
  free(in);
}

/* Standard output and error: files (created, truncated), bad paths, inherited streams. */
static void test_outputs(void) {
  char message[256];
  char* out = scratch_path("streams-out.txt");
  char* err = scratch_path("streams-err.txt");
  char* no_dir = scratch_path("no/such/dir/file.txt");

  wasi_config_t* config = wasi_config_new();
  CHECK(wasi_config_set_stdout_file(config, out));
  CHECK(wasi_config_set_stderr_file(config, err));
  /* Created now, empty until the guest writes. */
  check_file("streams-out.txt", "");
  check_file("streams-err.txt", "");
  CHECK(!wasi_config_set_stdout_file(config, no_dir));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_set_stdout_file: cannot create");
  CHECK_STR_CONTAINS(last_error(), no_dir);
  CHECK_STR_CONTAINS(last_error(), "for writing");
  CHECK(!wasi_config_set_stderr_file(config, no_dir));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_set_stderr_file: cannot create");
  CHECK(!wasi_config_set_stdout_file(config, scratch));
  CHECK_STR_CONTAINS(last_error(), scratch);
  CHECK(!wasi_config_set_stderr_file(config, scratch));
  CHECK(!wasi_config_set_stdout_file(config, NULL));
  CHECK_STR_CONTAINS(last_error(), "path is NULL");
  CHECK(!wasi_config_set_stderr_file(config, NULL));
  CHECK_STR_CONTAINS(last_error(), "path is NULL");
  CHECK(!wasi_config_set_stderr_file(config, "/tmp/\xff"));
  CHECK_STR_CONTAINS(last_error(), "path is not UTF-8");
  run_guest(streams, config, message, sizeof message);
  CHECK(message[0] == '\0');
  check_file("streams-out.txt", "to stdout\n");
  check_file("streams-err.txt", "to stderr\n");
  CHECK(!host_path_exists(scratch, "no"));

  /* Inherited: this process's fd 1 and fd 2, pointed at files for the run. */
  config = wasi_config_new();
  wasi_config_inherit_stdout(config);
  wasi_config_inherit_stderr(config);
  int saved_out = redirect_begin(1, out, O_WRONLY | O_CREAT | O_TRUNC);
  int saved_err = redirect_begin(2, err, O_WRONLY | O_CREAT | O_TRUNC);
  run_guest(streams, config, message, sizeof message);
  redirect_end(2, saved_err);
  redirect_end(1, saved_out);
  CHECK(message[0] == '\0');
  check_file("streams-out.txt", "to stdout\n");
  check_file("streams-err.txt", "to stderr\n");

  /* A configuration deleted unused closes its files (valgrind and ASan would see a leak). */
  config = wasi_config_new();
  CHECK(wasi_config_set_stdout_file(config, out));
  CHECK(wasi_config_set_stdin_file(config, err));
  wasi_config_delete(config);

  free(no_dir);
  free(err);
  free(out);
}

/* Preopens: read-only refuses writes; bad paths and names refused. */
static void test_preopen(void) {
  char message[256];
  make_host_dir(scratch, "ro");
  char* ro = scratch_path("ro");
  char* missing = scratch_path("missing-dir");
  char* file = scratch_path("a-file");
  write_host_file(scratch, "a-file", "not a directory\n");

  wasi_config_t* config = config_to_file("demo");
  CHECK(wasi_config_preopen_dir(config, ro, "/data", false));
  CHECK(!wasi_config_preopen_dir(config, missing, "/other", true));
  CHECK_STR_CONTAINS(last_error(), "wasi_config_preopen_dir: cannot open host directory");
  CHECK_STR_CONTAINS(last_error(), missing);
  CHECK(!wasi_config_preopen_dir(config, file, "/other", true));
  CHECK_STR_CONTAINS(last_error(), file);
  CHECK(!wasi_config_preopen_dir(config, NULL, "/other", true));
  CHECK_STR_CONTAINS(last_error(), "host_path is NULL");
  CHECK(!wasi_config_preopen_dir(config, ro, NULL, true));
  CHECK_STR_CONTAINS(last_error(), "guest_path is NULL");
  CHECK(!wasi_config_preopen_dir(config, ro, "", true));
  CHECK_STR_CONTAINS(last_error(), "guest_path is empty");
  run_guest(command, config, message, sizeof message);
  CHECK_STR_CONTAINS(message, "exit with status 1");
  char buf[4096];
  CHECK(read_host_file(scratch, "out.txt", buf, sizeof buf));
  CHECK_STR_CONTAINS(buf, "\ncannot write /data/hello.txt: ");
  CHECK(!host_path_exists(scratch, "ro/hello.txt"));

  free(file);
  free(missing);
  free(ro);
}

int main(int argc, char** argv) {
  (void)argc;
  argv0 = argv[0];
  engine = wasm_engine_new();
  compile_store = wasm_store_new(engine);
  command = load_guest(compile_store, "command");
  streams = module_from_wat(compile_store, streams_wat);
  scratch = make_temp_dir();

  test_lifecycle();
  test_demo();
  test_argv();
  test_env();
  test_stdin();
  test_outputs();
  test_preopen();

  remove_tree(scratch);
  free(scratch);
  wasm_module_delete(streams);
  wasm_module_delete(command);
  wasm_store_delete(compile_store);
  wasm_engine_delete(engine);
  test_ok();
  return 0;
}
