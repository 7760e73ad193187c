// Test header: an unsupported construct (keyword_field).
#include <stdint.h>

struct kw { int lambda; };
