// Test header: an unsupported construct (noproto).
#include <stdint.h>

int legacy();
