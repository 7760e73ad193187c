// Test header: callbacks and function pointers.
#ifndef CALLBACKS_H
#define CALLBACKS_H

#include <stdint.h>

typedef struct event_t event_t;

// Called for each event; returns an owned event to stop, or NULL.
typedef event_t* (*handler_t)(void* env, const event_t* ev, int32_t count);

// Called with no arguments.
typedef int (*tick_t)(void);

// A struct holding function pointers.
typedef struct hooks_t {
  handler_t on_event;
  void (*on_drop)(void*);
  tick_t ticks[2];
} hooks_t;

// Registers a handler; `finalizer` is called with `env` when it is dropped.
void on(handler_t h, void* env, void (*finalizer)(void*));

// Same finalizer type, unnamed, and a pointer to a function pointer.
void on_tick(tick_t t, void (*)(void*), void (**slot)(void*));

// Returns a function pointer.
void (*current_finalizer(void))(void*);

#endif
