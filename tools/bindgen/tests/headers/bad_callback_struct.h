// Test header: an unsupported construct (callback_struct).
#include <stdint.h>

struct pair { int a, b; };
typedef struct pair (*make_pair_t)(void);
