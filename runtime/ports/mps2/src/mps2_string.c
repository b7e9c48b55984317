/* mps2_string.c — small memory and string routines (see mps2_string.h).
 *
 * The compiler must not turn these loops back into calls to memcpy/memset
 * (which are these functions in the firmware): mps2.mk compiles everything with
 * -fno-tree-loop-distribute-patterns. Words move through a 4-byte memcpy of a
 * constant size, which GCC emits as one load or store (Cortex-M4 permits
 * unaligned word access) and which keeps the C aliasing rules. */
#include "mps2/mps2_string.h"

#include <stdint.h>
#include <string.h>

#define WORD sizeof(uint32_t)

static uint32_t load_word(const unsigned char *p)
{
    uint32_t w;
    __builtin_memcpy(&w, p, WORD);
    return w;
}

static void store_word(unsigned char *p, uint32_t w)
{
    __builtin_memcpy(p, &w, WORD);
}

void *mps2_copy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0) {
        return dst;
    }
    if ((uintptr_t)d - (uintptr_t)s >= n) { /* d before s, or no overlap: forwards */
        for (; n >= WORD; n -= WORD, d += WORD, s += WORD) {
            store_word(d, load_word(s));
        }
        while (n-- > 0) {
            *d++ = *s++;
        }
    } else { /* d inside [s, s + n): backwards, so no byte is overwritten before it is read */
        d += n;
        s += n;
        for (; n >= WORD; n -= WORD) {
            d -= WORD;
            s -= WORD;
            store_word(d, load_word(s));
        }
        while (n-- > 0) {
            *--d = *--s;
        }
    }
    return dst;
}

void *mps2_fill(void *dst, int value, size_t n)
{
    unsigned char *d = dst;
    uint32_t w = (unsigned char)value * UINT32_C(0x01010101);
    for (; n >= WORD; n -= WORD, d += WORD) {
        store_word(d, w);
    }
    while (n-- > 0) {
        *d++ = (unsigned char)value;
    }
    return dst;
}

int mps2_compare(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a;
    const unsigned char *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) {
            return x[i] < y[i] ? -1 : 1;
        }
    }
    return 0;
}

size_t mps2_length(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}
