// Test header: enums.
#ifndef ENUMS_H
#define ENUMS_H

#include <stdint.h>

// Colours, counted from zero.
enum colour { RED, GREEN, BLUE };

// Flags built from expressions.
enum flags {
  FLAG_A = 1 << 0,
  FLAG_B = 1 << 1,
  FLAG_AB = FLAG_A | FLAG_B,
  FLAG_HIGH = 0x80,
  FLAG_NEXT
};

// A signed enum.
typedef enum sign { NEG = -1, ZERO, POS } sign_t;

// A typedef of the enum's own tag (cbindgen writes these): the enum itself, no alias.
typedef enum mode { MODE_FAST = 4 } mode;

// Anonymous constants.
enum { LIMIT = FLAG_HIGH * 2, HALF = LIMIT / 2, BIG = (int)~0u >> 1 ? 7 : 8 };

// Takes a colour.
enum colour paint(enum colour c, sign_t s);

#endif
