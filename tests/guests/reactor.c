/* A WASI reactor (a library module, built with -mexec-model=reactor) for wacapi's tests and
 * the wasi_run sample. The host calls `_initialize` once, then these exports:
 *
 *   alloc(size) -> ptr        memory for the host to write arguments into
 *   free(ptr)                 gives such memory, or a result, back
 *   greet(ptr, len) -> i64    reads a UTF-8 name at ptr (len bytes) and returns
 *                             "Hello, <name>!" as (result_ptr << 32) | result_len, the
 *                             pointer/length packing Go reactors use; free the result after
 *                             reading it
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

__attribute__((export_name("alloc"))) void* guest_alloc(size_t size) {
  return malloc(size);
}

__attribute__((export_name("free"))) void guest_free(void* ptr) { free(ptr); }

__attribute__((export_name("greet"))) uint64_t greet(const char* name, size_t len) {
  static const char prefix[] = "Hello, ";
  size_t prefix_len = sizeof prefix - 1;
  size_t total = prefix_len + len + 1;
  char* out = malloc(total);
  if (out == NULL) return 0;
  memcpy(out, prefix, prefix_len);
  memcpy(out + prefix_len, name, len);
  out[total - 1] = '!';
  return ((uint64_t)(uintptr_t)out << 32) | (uint64_t)total;
}
