// Test header: structs, unions, arrays, pointers, typedefs and constants.
#ifndef TYPES_H
#define TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define own

// A plain struct of scalars.
typedef struct point_t {
  int32_t x;
  int32_t y;
} point_t;

// An opaque handle.
typedef struct handle_t handle_t;

// A list node that refers to itself.
struct node {
  struct node* next;
  const char* label;
  void* payload;
  bool done;
};

// Mutually referring structs, declared before either is defined.
struct left;
struct right;
struct left { struct right* other; unsigned long long id; };
struct right { struct left* other; double weight; };

// A tagged value with an anonymous union, as wasm_val_t has.
typedef struct value_t {
  uint8_t kind;
  union {
    int32_t i;
    float f;
    struct node* n;
  } u;
} value_t;

// Arrays and nested pointers.
typedef struct grid_t {
  unsigned char cells[4][3];
  point_t corners[2];
  handle_t** handles;
  char name[8];
} grid_t;

// A named union.
union number { long l; double d; };

// Plain typedefs.
typedef char byte_t;
typedef point_t vec2_t;
typedef uint32_t count_t;
typedef handle_t* handle_ref_t;

// The biggest count.
static const count_t count_max = 0xffffffff;

// A negative constant.
static const int32_t offset_min = -(1 << 4);

// Makes a handle (ownership goes to the caller).
own handle_t* handle_new(const point_t* at, size_t n, own point_t const* points[]);

// Deletes a handle.
void handle_delete(own handle_t*);

// Returns a point by value.
point_t point_add(point_t a, point_t b);

// Bytes of a handle.
byte_t* handle_bytes(handle_ref_t h, count_t* len, const char* why);

// An inline helper: not a library symbol.
static inline int32_t point_sum(point_t p) { return p.x + p.y; }

#endif
