// Test header: an unsupported construct (variable).
#include <stdint.h>

extern int global_counter;
