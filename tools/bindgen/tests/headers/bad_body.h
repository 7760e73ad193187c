// Test header: an unsupported construct (body).
#include <stdint.h>

int helper(void) { return 1; }
