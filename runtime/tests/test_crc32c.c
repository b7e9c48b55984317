/* test_crc32c.c — CRC-32C against published check values (RFC 3720 B.4)
 * and a bit-at-a-time reference. Built once per table variant: the default
 * (nibble), RAFT_CRC32C_BYTE_TABLE and RAFT_CRC32C_SLICE_BY_8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "raft/raft_crc32c.h"

static void check_value_of_123456789(void **state)
{
    (void)state;
    assert_int_equal(raft_crc32c("123456789", 9), 0xE3069283u);
}

static void empty_input_is_zero(void **state)
{
    (void)state;
    assert_int_equal(raft_crc32c("", 0), 0u);
}

/* iSCSI test vectors: 32 zero bytes, 32 0xFF bytes, 0..31 ascending. */
static void rfc3720_vectors(void **state)
{
    (void)state;
    uint8_t buf[32];
    memset(buf, 0, sizeof buf);
    assert_int_equal(raft_crc32c(buf, sizeof buf), 0x8A9136AAu);
    memset(buf, 0xFF, sizeof buf);
    assert_int_equal(raft_crc32c(buf, sizeof buf), 0x62A8AB43u);
    for (int i = 0; i < 32; i++) {
        buf[i] = (uint8_t)i;
    }
    assert_int_equal(raft_crc32c(buf, sizeof buf), 0x46DD794Eu);
    for (int i = 0; i < 32; i++) {
        buf[i] = (uint8_t)(31 - i);
    }
    assert_int_equal(raft_crc32c(buf, sizeof buf), 0x113FDB5Cu);
}

static void update_in_pieces_equals_whole(void **state)
{
    (void)state;
    uint8_t buf[300];
    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] = (uint8_t)(i * 7 + 3);
    }
    uint32_t whole = raft_crc32c(buf, sizeof buf);
    for (size_t cut = 0; cut <= sizeof buf; cut += 13) {
        uint32_t part = raft_crc32c_update(raft_crc32c(buf, cut), buf + cut, sizeof buf - cut);
        assert_int_equal(part, whole);
    }
}

static void single_bit_flips_change_the_crc(void **state)
{
    (void)state;
    uint8_t buf[64];
    memset(buf, 0x5A, sizeof buf);
    uint32_t base = raft_crc32c(buf, sizeof buf);
    for (size_t bit = 0; bit < sizeof buf * 8; bit++) {
        buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        assert_int_not_equal(raft_crc32c(buf, sizeof buf), base);
        buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
}

/* The definition, one bit at a time. */
static uint32_t reference_crc32c(uint32_t crc, const uint8_t *p, size_t len)
{
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ ((crc & 1u) ? 0x82F63B78u : 0u);
        }
    }
    return ~crc;
}

/* Every length 0..300 at every start alignment 0..7, in pieces too: the
 * 8-byte rounds, the tail and the joins between calls. */
static void matches_the_reference_at_any_length_and_alignment(void **state)
{
    (void)state;
    static uint8_t buf[320];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (uint8_t)(x >> 16);
    }
    for (size_t start = 0; start < 8; start++) {
        for (size_t len = 0; len <= 300; len++) {
            uint32_t want = reference_crc32c(0, buf + start, len);
            assert_int_equal(raft_crc32c(buf + start, len), want);
            size_t cut = (len * 7) / 11;
            assert_int_equal(raft_crc32c_update(raft_crc32c(buf + start, cut), buf + start + cut, len - cut), want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_the_reference_at_any_length_and_alignment),
        cmocka_unit_test(check_value_of_123456789),
        cmocka_unit_test(empty_input_is_zero),
        cmocka_unit_test(rfc3720_vectors),
        cmocka_unit_test(update_in_pieces_equals_whole),
        cmocka_unit_test(single_bit_flips_change_the_crc),
    };
    return cmocka_run_group_tests_name("crc32c", tests, NULL, NULL);
}
