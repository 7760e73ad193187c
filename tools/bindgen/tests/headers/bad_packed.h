// Test header: an unsupported construct (packed).
#include <stdint.h>

struct __attribute__((packed)) tight { char c; int i; };
