// Test header: an unsupported construct (variadic).
#include <stdint.h>

int log_message(const char* fmt, ...);
