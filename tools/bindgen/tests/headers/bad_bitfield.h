// Test header: an unsupported construct (bitfield).
#include <stdint.h>

struct flags_t { unsigned a : 1; unsigned b : 3; };
