/* finalize.c - host-info finalizers, run exactly once.
 *
 * 100,000 instances are made in two stores (50,000 each). Each instance gets
 * host info with a finalizer through wasm_instance_set_host_info_with_finalizer
 * and its handle is deleted at once: the instance itself lives on in its
 * store. wacapi runs the finalizers of a store's objects when the store is
 * deleted, so the live count drops by 50,000 with each store. Each module
 * also carries host info; a module's finalizer runs when its last handle is
 * deleted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wasm.h>
#include <wacapi.h>

#define STORES 2
#define PER_STORE 50000
#define TOTAL (STORES * PER_STORE)

static const char *WAT =
    "(module\n"
    "  (global $calls (mut i32) (i32.const 0))\n"
    "  (func (export \"tick\") (result i32)\n"
    "    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))\n"
    "    (global.get $calls)))\n";

/* One counter per instance: how often its finalizer ran. */
static unsigned char finalized[TOTAL];
static int instance_slots[TOTAL];
static long live = 0;
static int module_finalizers = 0;

static void finalize_instance(void *info) {
  int *slot = info;
  finalized[slot - instance_slots]++;
  live--;
}

static void finalize_module(void *info) {
  (void)info;
  module_finalizers++;
}

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

/* Fills a store with PER_STORE instances numbered from first. */
static bool populate(wasm_store_t *store, int first) {
  wasm_module_t *module = compile_wat(store, WAT);
  if (!module) return false;
  wasm_module_set_host_info_with_finalizer(module, NULL, finalize_module);
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  for (int i = first; i < first + PER_STORE; i++) {
    wasm_instance_t *instance = wasm_instance_new(store, module, &no_imports, NULL);
    if (!instance) {
      fail("wasm_instance_new");
      wasm_module_delete(module);
      return false;
    }
    instance_slots[i] = i;
    wasm_instance_set_host_info_with_finalizer(instance, &instance_slots[i], finalize_instance);
    live++;
    if (i == first) {
      /* Use the first instance once, to show it works. */
      wasm_extern_vec_t exports;
      wasm_instance_exports(instance, &exports);
      wasm_val_t result_vals[1] = {WASM_INIT_VAL};
      wasm_val_vec_t args = WASM_EMPTY_VEC;
      wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
      wasm_trap_t *trap = exports.size == 1 ? wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results)
                                            : NULL;
      bool ok = exports.size == 1 && !trap && result_vals[0].of.i32 == 1;
      if (trap) wasm_trap_delete(trap);
      wasm_extern_vec_delete(&exports);
      if (!ok) {
        fprintf(stderr, "error: calling instance %d failed\n", i);
        wasm_instance_delete(instance);
        wasm_module_delete(module);
        return false;
      }
    }
    if (wasm_instance_get_host_info(instance) != &instance_slots[i]) {
      fprintf(stderr, "error: host info of instance %d is wrong\n", i);
      wasm_instance_delete(instance);
      wasm_module_delete(module);
      return false;
    }
    /* The handle goes; the instance stays in the store. */
    wasm_instance_delete(instance);
  }
  int before = module_finalizers;
  wasm_module_delete(module);
  printf("  module handle deleted: module finalizers run %d -> %d\n", before, module_finalizers);
  return module_finalizers == before + 1;
}

static bool check_range(int from, int to, unsigned char want) {
  for (int i = from; i < to; i++) {
    if (finalized[i] != want) {
      fprintf(stderr, "error: finalizer of instance %d ran %d times, expected %d\n", i, finalized[i], want);
      return false;
    }
  }
  return true;
}

int main(void) {
  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *stores[STORES] = {NULL, NULL};

  for (int s = 0; s < STORES; s++) {
    stores[s] = wasm_store_new(engine);
    printf("store %d: making %d instances with host info\n", s + 1, PER_STORE);
    if (!stores[s] || !populate(stores[s], s * PER_STORE)) goto done;
    printf("  live instances with host info: %ld\n", live);
  }
  if (!check_range(0, TOTAL, 0)) goto done;

  for (int s = 0; s < STORES; s++) {
    printf("deleting store %d\n", s + 1);
    wasm_store_delete(stores[s]);
    stores[s] = NULL;
    printf("  live instances with host info: %ld\n", live);
    if (!check_range(0, (s + 1) * PER_STORE, 1) || !check_range((s + 1) * PER_STORE, TOTAL, 0)) goto done;
  }
  if (live != 0) goto done;
  printf("all %d instance finalizers ran exactly once\n", TOTAL);
  status = 0;

done:
  for (int s = 0; s < STORES; s++)
    if (stores[s]) wasm_store_delete(stores[s]);
  wasm_engine_delete(engine);
  return status;
}
