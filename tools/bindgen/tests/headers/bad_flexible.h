// Test header: an unsupported construct (flexible).
#include <stdint.h>

struct buf { unsigned len; char data[]; };
