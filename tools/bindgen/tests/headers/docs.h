// docs.h -- test header for the C reference (emit_md).
//
// A second paragraph of the opening comment.

#ifndef DOCS_H
#define DOCS_H

#include <stddef.h>

// ===========================================================================
// Part one
// ===========================================================================

// --- Things ----------------------------------------------------------------

// Declares the opaque type `thing_<name>_t` and its destructor:
//   void thing_<name>_delete(thing_<name>_t*);
#define DECLARE_THING(name) \
  typedef struct thing_##name##_t thing_##name##_t; \
  \
  void thing_##name##_delete(thing_##name##_t*);

// A widget: a thing.
DECLARE_THING(widget)

// Makes a widget of `size` bytes.
//
// Returns NULL when out of memory.
//
// # Safety
// `size` must be small.
thing_widget_t* widget_new(size_t size,
                           int flags);

// Limits of a widget.
typedef struct widget_limits_t {
  int min;
  union { int a; float b; } u;
} widget_limits_t;

// Called for each widget, with `env`.
typedef void (*widget_visit_t)(void* env, thing_widget_t* w);

// Visits every widget.
void widget_visit(widget_visit_t visit, void* env, void (*done)(void*));

// --- Nothing here ----------------------------------------------------------

// ===========================================================================
// Part two
// ===========================================================================

// Kinds of widgets.
enum widget_kind { WIDGET_A, WIDGET_B = 5 };

// Doubles `x`; defined here, so it is no symbol.
static inline int widget_double(int x) {
  return 2 * x;
}

// Short names for the widget functions.
#define widget_make widget_new
// (one more comment between)
#define widget_free thing_widget_delete

// A private helper, left out.
#define HELPER_(x) (x)

#endif
