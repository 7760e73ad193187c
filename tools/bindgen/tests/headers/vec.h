// Test header: macro-generated declarations, as wasm.h's WASM_DECLARE_VEC.
#ifndef VEC_H
#define VEC_H

#include <stddef.h>

#define own
#define API_EXTERN

#define DECLARE_OWN(name) \
  typedef struct my_##name##_t my_##name##_t; \
  API_EXTERN void my_##name##_delete(own my_##name##_t*);

#define DECLARE_VEC(name, ptr_or_none) \
  typedef struct my_##name##_vec_t { \
    size_t size; \
    my_##name##_t ptr_or_none* data; \
  } my_##name##_vec_t; \
  API_EXTERN void my_##name##_vec_new(own my_##name##_vec_t* out, size_t, own my_##name##_t ptr_or_none const[]); \
  API_EXTERN void my_##name##_vec_delete(own my_##name##_vec_t*);

typedef char my_byte_t;

// Byte vectors.
DECLARE_VEC(byte, )

// Things, owned.
DECLARE_OWN(thing)

// Vectors of owned things.
DECLARE_VEC(thing, *)

// Makes a thing.
API_EXTERN
own my_thing_t* my_thing_new(void);

#endif
