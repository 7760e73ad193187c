// Test header that includes another named header.
#ifndef OUTER_H
#define OUTER_H

#include "inner.h"

// Uses an inner thing.
int outer_use(inner_t* i);

#endif
