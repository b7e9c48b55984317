/*
 * mps2_string.h — small memory and string routines for the firmware.
 *
 * newlib-nano's memcpy, memmove, memset, memcmp and strlen are tuned for speed
 * (1.1 KB of flash together); a node copies a few hundred bytes per commit, so
 * the firmware links these instead (mps2_libc.c gives them the C library's
 * names). Word steps where the pointers allow, bytes otherwise. Portable C, so
 * the host tests check them against the C library under ASan+UBSan.
 */
#ifndef MPS2_STRING_H
#define MPS2_STRING_H

#include <stddef.h>

/* Copy n bytes; the areas may overlap (memmove's contract, which covers memcpy's). */
void *mps2_copy(void *dst, const void *src, size_t n);
/* Set n bytes to (unsigned char)value. */
void *mps2_fill(void *dst, int value, size_t n);
/* <0, 0, >0 as the first differing byte (unsigned) of a is below, equal, above b's. */
int mps2_compare(const void *a, const void *b, size_t n);
/* Bytes before the terminating NUL. */
size_t mps2_length(const char *s);

#endif
