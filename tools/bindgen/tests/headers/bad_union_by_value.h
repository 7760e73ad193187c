// Test header: an unsupported construct (union_by_value).
#include <stdint.h>

union u { int i; float f; };
void take(union u value);
