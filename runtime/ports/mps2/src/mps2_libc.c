/* mps2_libc.c — the C library's memory and string routines for the firmware,
 * as the small ones of mps2_string.c: the linker takes these before newlib's,
 * so calls the compiler itself emits (struct copies, zeroing) use them too.
 * Firmware only: a host program keeps its C library's.
 *
 * `used`: link-time optimisation would otherwise drop them before code
 * generation emits its own calls to memcpy/memset, and the link would fail. */
#include <string.h>

#include "mps2/mps2_string.h"

#define MPS2_LIBC __attribute__((used))

MPS2_LIBC void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    return mps2_copy(dst, src, n);
}

MPS2_LIBC void *memmove(void *dst, const void *src, size_t n)
{
    return mps2_copy(dst, src, n);
}

MPS2_LIBC void *memset(void *dst, int value, size_t n)
{
    return mps2_fill(dst, value, n);
}

MPS2_LIBC int memcmp(const void *a, const void *b, size_t n)
{
    return mps2_compare(a, b, n);
}

MPS2_LIBC size_t strlen(const char *s)
{
    return mps2_length(s);
}
