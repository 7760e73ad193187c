// Test header: an unsupported construct (anon_member).
#include <stdint.h>

struct outer { union { int i; float f; }; };
