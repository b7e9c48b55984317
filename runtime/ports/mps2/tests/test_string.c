/* test_string.c — the firmware's small memory/string routines against the host C library:
 * every offset and length up to 40 bytes, overlapping both ways, byte values with the top bit set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mps2/mps2_string.h"

#define AREA 96u
#define MAX_LEN 40u

static void pattern(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (unsigned char)(seed * 131u + i * 37u + (i >> 3));
    }
}

static void copy_matches_memmove_in_every_placement(void **state)
{
    (void)state;
    unsigned char got[AREA], want[AREA], src[AREA];
    for (size_t len = 0; len <= MAX_LEN; len++) {
        for (size_t from = 0; from + len <= AREA && from < 48u; from++) {
            for (size_t to = 0; to + len <= AREA && to < 48u; to++) {
                /* within one area: overlapping when |to - from| < len, in either direction */
                pattern(got, AREA, (unsigned)(len + from));
                memcpy(want, got, AREA);
                assert_ptr_equal(mps2_copy(got + to, got + from, len), got + to);
                memmove(want + to, want + from, len);
                if (memcmp(got, want, AREA) != 0) {
                    fail_msg("overlapping copy of %zu bytes from %zu to %zu differs", len, from, to);
                }
                /* between two areas */
                pattern(src, AREA, (unsigned)to);
                memset(got, 0xA5, AREA);
                memset(want, 0xA5, AREA);
                mps2_copy(got + to, src + from, len);
                memcpy(want + to, src + from, len);
                if (memcmp(got, want, AREA) != 0) {
                    fail_msg("copy of %zu bytes from %zu to %zu differs", len, from, to);
                }
            }
        }
    }
}

static void fill_matches_memset(void **state)
{
    (void)state;
    const int values[] = {0, 1, 0x7F, 0x80, 0xFF, -1, 0x1234};
    unsigned char got[AREA], want[AREA];
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
        for (size_t at = 0; at < 8u; at++) {
            for (size_t len = 0; at + len <= AREA && len <= MAX_LEN; len++) {
                pattern(got, AREA, (unsigned)len);
                memcpy(want, got, AREA);
                assert_ptr_equal(mps2_fill(got + at, values[v], len), got + at);
                memset(want + at, values[v], len);
                if (memcmp(got, want, AREA) != 0) {
                    fail_msg("fill of %zu bytes at %zu with %d differs", len, at, values[v]);
                }
            }
        }
    }
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static void compare_has_memcmp_sign(void **state)
{
    (void)state;
    unsigned char a[MAX_LEN], b[MAX_LEN];
    for (size_t len = 0; len <= MAX_LEN; len++) {
        for (size_t at = 0; at < len; at++) {
            const unsigned char deltas[][2] = {{0x00, 0x01}, {0x01, 0x00}, {0x7F, 0x80}, {0x80, 0x7F}, {0xFF, 0x00}};
            for (size_t d = 0; d < sizeof deltas / sizeof deltas[0]; d++) {
                pattern(a, MAX_LEN, 7);
                memcpy(b, a, MAX_LEN);
                a[at] = deltas[d][0];
                b[at] = deltas[d][1];
                assert_int_equal(sign(mps2_compare(a, b, len)), sign(memcmp(a, b, len)));
            }
        }
        pattern(a, MAX_LEN, 3);
        memcpy(b, a, MAX_LEN);
        assert_int_equal(mps2_compare(a, b, len), 0);
    }
}

static void length_matches_strlen(void **state)
{
    (void)state;
    char s[MAX_LEN + 1];
    for (size_t n = 0; n <= MAX_LEN; n++) {
        memset(s, 'x', sizeof s);
        s[0] = (char)0x80; /* a byte with the top bit set is not the end */
        s[n] = '\0';
        assert_int_equal(mps2_length(s), strlen(s));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copy_matches_memmove_in_every_placement),
        cmocka_unit_test(fill_matches_memset),
        cmocka_unit_test(compare_has_memcmp_sign),
        cmocka_unit_test(length_matches_strlen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
