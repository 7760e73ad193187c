// Test header: an unsupported construct (complex).
#include <stdint.h>

double _Complex root(double x);
