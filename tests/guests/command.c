/* A WASI command (a program with main) for wacapi's tests and the wasi_run sample.
 *
 * Built with `clang --target=wasm32-wasi` by build.sh. argv[1] picks what it does, so one
 * binary serves every test:
 *
 *   demo      (default) prints its arguments and $GREETING, copies stdin to stdout, writes
 *             /data/hello.txt and reads it back, checks the clocks and random bytes, then
 *             exits with status 3 through exit() (WASI proc_exit)
 *   env       prints its whole environment, one VAR=value per line
 *   escape    tries to read files outside its preopened directory
 *   readonly  tries every kind of change in the read-only preopen /ro (and /ro/sub)
 *   eat       allocates 1 MiB blocks until malloc fails, prints how many it got
 *   spin      loops forever
 *   exit0     exits with status 0 through exit()
 *   trap      executes `unreachable`
 *
 * Lines a test looks for start with a fixed word ("refused:", "ALLOWED:", ...).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

/* Prints "refused: what (error)" when the call failed, "ALLOWED: what" when it did not. */
static void expect_refused(const char* what, int failed) {
  if (failed) {
    printf("refused: %s (%s)\n", what, strerror(errno));
  } else {
    printf("ALLOWED: %s\n", what);
  }
}

static int demo(int argc, char** argv) {
  printf("argc: %d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]: %s\n", i, argv[i]);
  const char* greeting = getenv("GREETING");
  printf("GREETING: %s\n", greeting ? greeting : "(unset)");
  const char* home = getenv("HOME");
  printf("HOME: %s\n", home ? home : "(unset)");

  char buf[256];
  size_t n = fread(buf, 1, sizeof buf - 1, stdin);
  buf[n] = '\0';
  printf("stdin: %s", buf);
  if (n == 0 || buf[n - 1] != '\n') printf("\n");

  FILE* f = fopen("/data/hello.txt", "w");
  if (f == NULL) {
    printf("cannot write /data/hello.txt: %s\n", strerror(errno));
    return 1;
  }
  fprintf(f, "written by the guest\n");
  fclose(f);
  f = fopen("/data/hello.txt", "r");
  if (f == NULL) {
    printf("cannot read /data/hello.txt: %s\n", strerror(errno));
    return 1;
  }
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  printf("file: %s", buf);

  struct timespec wall, mono1, mono2;
  int clocks_ok = clock_gettime(CLOCK_REALTIME, &wall) == 0 &&
                  clock_gettime(CLOCK_MONOTONIC, &mono1) == 0 &&
                  clock_gettime(CLOCK_MONOTONIC, &mono2) == 0 &&
                  wall.tv_sec > 1600000000 && /* after September 2020 */
                  (mono2.tv_sec > mono1.tv_sec ||
                   (mono2.tv_sec == mono1.tv_sec && mono2.tv_nsec >= mono1.tv_nsec));
  printf("clock: %s\n", clocks_ok ? "ok" : "BROKEN");

  unsigned char random[32] = {0};
  int random_ok = getentropy(random, sizeof random) == 0;
  int nonzero = 0;
  for (size_t i = 0; i < sizeof random; i++) nonzero |= random[i];
  printf("random: %s\n", random_ok && nonzero ? "ok" : "BROKEN");

  fflush(stdout);
  exit(3);
}

static int print_env(void) {
  for (char** e = environ; *e != NULL; e++) printf("%s\n", *e);
  printf("end of environment\n");
  return 0;
}

static void try_read(const char* path) {
  FILE* f = fopen(path, "r");
  if (f == NULL) {
    printf("refused: reading %s (%s)\n", path, strerror(errno));
  } else {
    printf("ALLOWED: reading %s\n", path);
    fclose(f);
  }
}

static int escape(void) {
  try_read("/data/../secret.txt");
  try_read("/data/../../secret.txt");
  try_read("/data/sub/../../secret.txt");
  try_read("/secret.txt");
  try_read("../secret.txt");
  try_read("/etc/passwd");
  try_read("/data/escape-link/secret.txt"); /* a symlink the host made to outside */
  return 0;
}

/* Every change to `dir` (the read-only preopen or a directory below it) must fail. */
static void readonly_in(const char* dir) {
  char path[256], other[256], what[512];
  struct timespec times[2] = {{0, 0}, {0, 0}};

  snprintf(path, sizeof path, "%s/existing.txt", dir);
  FILE* f = fopen(path, "r");
  char buf[64] = {0};
  if (f != NULL) {
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    printf("read %s: %s", path, buf);
  } else {
    printf("cannot read %s: %s\n", path, strerror(errno));
  }

  snprintf(what, sizeof what, "opening %s for writing", path);
  f = fopen(path, "r+");
  expect_refused(what, f == NULL);
  if (f) fclose(f);
  snprintf(what, sizeof what, "opening %s for appending", path);
  f = fopen(path, "a");
  expect_refused(what, f == NULL);
  if (f) fclose(f);
  snprintf(what, sizeof what, "truncating %s", path);
  expect_refused(what, truncate(path, 0) != 0);
  snprintf(what, sizeof what, "setting times of %s", path);
  expect_refused(what, utimensat(AT_FDCWD, path, times, 0) != 0);
  int fd = open(path, O_RDONLY);
  if (fd >= 0) {
    snprintf(what, sizeof what, "writing through a read-only descriptor of %s", path);
    expect_refused(what, write(fd, "x", 1) < 0);
    snprintf(what, sizeof what, "setting times through a descriptor of %s", path);
    expect_refused(what, futimens(fd, times) != 0);
    snprintf(what, sizeof what, "resizing through a descriptor of %s", path);
    expect_refused(what, ftruncate(fd, 0) != 0);
    close(fd);
  }

  snprintf(other, sizeof other, "%s/new.txt", dir);
  snprintf(what, sizeof what, "creating %s", other);
  f = fopen(other, "w");
  expect_refused(what, f == NULL);
  if (f) fclose(f);
  snprintf(what, sizeof what, "unlinking %s", path);
  expect_refused(what, unlink(path) != 0);
  snprintf(other, sizeof other, "%s/renamed.txt", dir);
  snprintf(what, sizeof what, "renaming %s to %s", path, other);
  expect_refused(what, rename(path, other) != 0);
  snprintf(what, sizeof what, "renaming %s to /rw/stolen.txt", path);
  expect_refused(what, rename(path, "/rw/stolen.txt") != 0);
  snprintf(other, sizeof other, "%s/planted.txt", dir);
  snprintf(what, sizeof what, "renaming /rw/plant.txt to %s", other);
  expect_refused(what, rename("/rw/plant.txt", other) != 0);
  snprintf(what, sizeof what, "hard-linking %s to /rw/linked.txt", path);
  expect_refused(what, link(path, "/rw/linked.txt") != 0);
  snprintf(other, sizeof other, "%s/symlink", dir);
  snprintf(what, sizeof what, "making a symlink %s", other);
  expect_refused(what, symlink("existing.txt", other) != 0);
  snprintf(other, sizeof other, "%s/newdir", dir);
  snprintf(what, sizeof what, "making directory %s", other);
  expect_refused(what, mkdir(other, 0777) != 0);
}

static int readonly(void) {
  readonly_in("/ro");
  readonly_in("/ro/sub");
  expect_refused("removing directory /ro/sub", rmdir("/ro/sub") != 0);
  expect_refused("removing directory /ro/empty", rmdir("/ro/empty") != 0);
  return 0;
}

static int eat(void) {
  int mib = 0;
  void** last = NULL;
  /* Bounded so that a missing limit ends the test instead of the machine. The blocks are
   * chained and freed, so the compiler cannot drop the allocations. */
  while (mib < 4096) {
    void** block = malloc(1 << 20);
    if (block == NULL) break;
    memset(block, 1, 1 << 20);
    *block = last;
    last = block;
    mib++;
  }
  printf("allocated: %d MiB\n", mib);
  while (last != NULL) {
    void** previous = *last;
    free(last);
    last = previous;
  }
  return 0;
}

static int spin(void) {
  volatile uint64_t i = 0;
  for (;;) i++;
  return 0;
}

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "demo";
  if (strcmp(mode, "env") == 0) return print_env();
  if (strcmp(mode, "escape") == 0) return escape();
  if (strcmp(mode, "readonly") == 0) return readonly();
  if (strcmp(mode, "eat") == 0) return eat();
  if (strcmp(mode, "spin") == 0) return spin();
  if (strcmp(mode, "exit0") == 0) {
    printf("exiting with 0\n");
    exit(0);
  }
  if (strcmp(mode, "trap") == 0) __builtin_trap();
  return demo(argc, argv);
}
