// Test header: an unsupported construct (extern_struct).
#include <stdint.h>

#include <stdio.h>
void print_to(FILE* f);
