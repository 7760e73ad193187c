// Test header included by outer.h.
#ifndef INNER_H
#define INNER_H

// Inner thing.
typedef struct inner_t inner_t;

// Makes an inner thing.
inner_t* inner_new(void);

#endif
