# 1 "@INCLUDE@/wasm.h"
typedef unsigned char uint8_t;
typedef unsigned int uint32_t;
typedef unsigned long size_t;
typedef _Bool bool;
typedef char byte_t;
typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum { WASM_I32, WASM_I64, WASM_F32 = 1 << 1, WASM_EXTERNREF = 128, WASM_FUNCREF };
typedef struct wasm_limits_t { uint32_t min; uint32_t max; } wasm_limits_t;
static const uint32_t wasm_limits_max_default = 0xffffffff;
typedef struct wasm_ref_t wasm_ref_t;
typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union { int i32; long long i64; float f32; double f64; struct wasm_ref_t* ref; } of;
} wasm_val_t;
typedef struct wasm_byte_vec_t { size_t size; byte_t* data; } wasm_byte_vec_t;
void wasm_byte_vec_delete(wasm_byte_vec_t*);
typedef wasm_ref_t* (*wasm_func_callback_t)(const wasm_val_t* args, wasm_val_t results[4]);
void* wasm_ref_get_host_info(const wasm_ref_t*);
void wasm_ref_set_host_info_with_finalizer(wasm_ref_t*, void*, void (*)(void*));
static inline bool wasm_valkind_is_num(wasm_valkind_t k) { return k < WASM_EXTERNREF; }
# 1 "@INCLUDE@/wacapi.h" 1
bool wacapi_store_set_fuel(struct wasm_store_t *store, unsigned long long fuel);
const char *wacapi_last_error(void);
