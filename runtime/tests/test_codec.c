/* test_codec.c — varints, fixed ints, bytes, sticky errors and frames. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "raft/raft_codec.h"
#include "raft/raft_crc32c.h"

static void varint_known_encodings(void **state)
{
    (void)state;
    struct {
        uint64_t value;
        uint8_t bytes[10];
        size_t len;
    } cases[] = {
        {0, {0x00}, 1},
        {1, {0x01}, 1},
        {127, {0x7F}, 1},
        {128, {0x80, 0x01}, 2},
        {300, {0xAC, 0x02}, 2},
        {16383, {0xFF, 0x7F}, 2},
        {16384, {0x80, 0x80, 0x01}, 3},
        {UINT32_MAX, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 5},
        {UINT64_MAX, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[16];
        struct raft_writer w;
        raft_writer_init(&w, buf, sizeof buf);
        raft_write_varint(&w, cases[i].value);
        assert_int_equal(w.err, RAFT_CODEC_OK);
        assert_int_equal(w.len, cases[i].len);
        assert_int_equal(raft_varint_size(cases[i].value), cases[i].len);
        assert_memory_equal(buf, cases[i].bytes, cases[i].len);
        struct raft_reader r;
        raft_reader_init(&r, buf, w.len);
        assert_true(raft_read_varint(&r) == cases[i].value);
        assert_int_equal(raft_reader_finish(&r), RAFT_CODEC_OK);
    }
}

static void zigzag_round_trip_and_mapping(void **state)
{
    (void)state;
    int64_t values[] = {0, -1, 1, -2, 2, 63, -64, 64, INT32_MIN, INT32_MAX, INT64_MIN, INT64_MAX};
    uint8_t expect_first[] = {0, 1, 2, 3, 4};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        uint8_t buf[16];
        struct raft_writer w;
        raft_writer_init(&w, buf, sizeof buf);
        raft_write_zigzag(&w, values[i]);
        assert_int_equal(w.err, RAFT_CODEC_OK);
        if (i < sizeof expect_first) {
            assert_int_equal(w.len, 1);
            assert_int_equal(buf[0], expect_first[i]);
        }
        struct raft_reader r;
        raft_reader_init(&r, buf, w.len);
        assert_true(raft_read_zigzag(&r) == values[i]);
        assert_int_equal(raft_reader_finish(&r), RAFT_CODEC_OK);
    }
}

static void mixed_fields_round_trip(void **state)
{
    (void)state;
    uint8_t buf[64];
    struct raft_writer w;
    raft_writer_init(&w, buf, sizeof buf);
    raft_write_u8(&w, 0xAB);
    raft_write_u32le(&w, 0x01020304u);
    raft_write_u64le(&w, 0x1122334455667788ull);
    raft_write_bool(&w, true);
    raft_write_bytes(&w, "hello", 5);
    raft_write_bytes(&w, "", 0);
    raft_write_raw(&w, "xyz", 3);
    assert_int_equal(w.err, RAFT_CODEC_OK);
    assert_int_equal(buf[1], 0x04); /* little-endian */

    struct raft_reader r;
    raft_reader_init(&r, buf, w.len);
    assert_int_equal(raft_read_u8(&r), 0xAB);
    assert_int_equal(raft_read_u32le(&r), 0x01020304u);
    assert_true(raft_read_u64le(&r) == 0x1122334455667788ull);
    assert_true(raft_read_bool(&r));
    char text[8];
    assert_int_equal(raft_read_bytes(&r, text, sizeof text), 5);
    assert_memory_equal(text, "hello", 5);
    const uint8_t *ref;
    assert_int_equal(raft_read_bytes_ref(&r, &ref, 10), 0);
    char raw[3];
    raft_read_raw(&r, raw, 3);
    assert_memory_equal(raw, "xyz", 3);
    assert_int_equal(raft_reader_finish(&r), RAFT_CODEC_OK);
}

static void writer_overflow_is_sticky(void **state)
{
    (void)state;
    uint8_t buf[4];
    struct raft_writer w;
    raft_writer_init(&w, buf, sizeof buf);
    raft_write_u32le(&w, 1);
    assert_int_equal(w.err, RAFT_CODEC_OK);
    raft_write_u8(&w, 2);
    assert_int_equal(w.err, RAFT_CODEC_ERR_NO_SPACE);
    assert_int_equal(w.len, 4);
    raft_write_varint(&w, 0); /* still refused */
    assert_int_equal(w.len, 4);
    assert_int_equal(w.err, RAFT_CODEC_ERR_NO_SPACE);
}

static void reader_errors_are_precise_and_sticky(void **state)
{
    (void)state;
    struct raft_reader r;
    /* Truncated fixed int. */
    uint8_t three[3] = {1, 2, 3};
    raft_reader_init(&r, three, 3);
    assert_int_equal(raft_read_u32le(&r), 0);
    assert_int_equal(r.err, RAFT_CODEC_ERR_TRUNCATED);
    assert_int_equal(raft_read_u8(&r), 0); /* sticky: nothing consumed */
    assert_int_equal(r.pos, 0);

    /* Varint with continuation bit at the end of input. */
    uint8_t cont[2] = {0x80, 0x80};
    raft_reader_init(&r, cont, 2);
    raft_read_varint(&r);
    assert_int_equal(r.err, RAFT_CODEC_ERR_TRUNCATED);

    /* Over-long varints: trailing zero group, and 11 bytes. */
    uint8_t overlong[2] = {0x81, 0x00};
    raft_reader_init(&r, overlong, 2);
    raft_read_varint(&r);
    assert_int_equal(r.err, RAFT_CODEC_ERR_BAD_VARINT);
    uint8_t eleven[11];
    memset(eleven, 0xFF, sizeof eleven);
    eleven[10] = 0x01;
    raft_reader_init(&r, eleven, sizeof eleven);
    raft_read_varint(&r);
    assert_int_equal(r.err, RAFT_CODEC_ERR_BAD_VARINT);
    /* Tenth byte above 1 would overflow 64 bits. */
    uint8_t big[10] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
    raft_reader_init(&r, big, sizeof big);
    raft_read_varint(&r);
    assert_int_equal(r.err, RAFT_CODEC_ERR_BAD_VARINT);

    /* Length prefix beyond the caller's limit, and beyond the input. */
    uint8_t bytes[4] = {0x03, 'a', 'b', 'c'};
    char dst[2];
    raft_reader_init(&r, bytes, 4);
    assert_int_equal(raft_read_bytes(&r, dst, sizeof dst), 0);
    assert_int_equal(r.err, RAFT_CODEC_ERR_RANGE);
    uint8_t short_bytes[3] = {0x05, 'a', 'b'};
    const uint8_t *ref;
    raft_reader_init(&r, short_bytes, 3);
    raft_read_bytes_ref(&r, &ref, 100);
    assert_int_equal(r.err, RAFT_CODEC_ERR_TRUNCATED);
    assert_null(ref);

    /* Strict bool, and trailing bytes. */
    uint8_t two[2] = {2, 0};
    raft_reader_init(&r, two, 2);
    raft_read_bool(&r);
    assert_int_equal(r.err, RAFT_CODEC_ERR_RANGE);
    raft_reader_init(&r, two, 2);
    raft_read_u8(&r);
    assert_int_equal(raft_reader_finish(&r), RAFT_CODEC_ERR_TRAILING);

    /* A bounded varint. */
    uint8_t v300[2] = {0xAC, 0x02};
    raft_reader_init(&r, v300, 2);
    raft_read_varint_max(&r, 299);
    assert_int_equal(r.err, RAFT_CODEC_ERR_RANGE);
}

static size_t make_frame(uint8_t *buf, size_t cap, const char *text)
{
    return raft_frame_wrap(buf, cap, (const uint8_t *)text, strlen(text));
}

static void frame_round_trip_and_in_place_wrap(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t n = make_frame(buf, sizeof buf, "payload");
    assert_int_equal(n, 1 + 1 + 7 + 4);
    assert_int_equal(buf[0], RAFT_FRAME_VERSION);
    const uint8_t *p;
    size_t plen;
    assert_int_equal(raft_frame_unwrap(buf, n, 100, &p, &plen), RAFT_CODEC_OK);
    assert_int_equal(plen, 7);
    assert_memory_equal(p, "payload", 7);

    /* Encode the payload in place after RAFT_FRAME_HEADER_MAX, then wrap. */
    uint8_t frame[300];
    struct raft_writer w;
    raft_writer_init(&w, frame + RAFT_FRAME_HEADER_MAX, sizeof frame - RAFT_FRAME_HEADER_MAX);
    for (int i = 0; i < 200; i++) {
        raft_write_u8(&w, (uint8_t)i);
    }
    n = raft_frame_wrap(frame, sizeof frame, frame + RAFT_FRAME_HEADER_MAX, w.len);
    assert_int_equal(n, 1 + 2 + 200 + 4);
    assert_int_equal(raft_frame_unwrap(frame, n, 200, &p, &plen), RAFT_CODEC_OK);
    assert_int_equal(plen, 200);
    for (int i = 0; i < 200; i++) {
        assert_int_equal(p[i], (uint8_t)i);
    }
    /* Empty payload is a valid frame. */
    n = raft_frame_wrap(buf, sizeof buf, buf, 0);
    assert_int_equal(n, 6);
    assert_int_equal(raft_frame_unwrap(buf, n, 0, &p, &plen), RAFT_CODEC_OK);
    assert_int_equal(plen, 0);
}

static void frame_wrap_refuses_small_buffers(void **state)
{
    (void)state;
    uint8_t buf[12];
    assert_int_equal(make_frame(buf, sizeof buf, "1234567"), 0); /* needs 13 */
    assert_int_equal(make_frame(buf, 13, "123456") > 0, 1);
}

static void frame_errors_are_precise(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t n = make_frame(buf, sizeof buf, "abcdef");
    const uint8_t *p;
    size_t plen;

    assert_int_equal(raft_frame_unwrap(buf, 0, 100, &p, &plen), RAFT_CODEC_ERR_TRUNCATED);
    for (size_t cut = 1; cut < n; cut++) {
        assert_int_equal(raft_frame_unwrap(buf, cut, 100, &p, &plen), RAFT_CODEC_ERR_TRUNCATED);
        assert_null(p);
    }
    uint8_t longer[65];
    memcpy(longer, buf, n);
    longer[n] = 0;
    assert_int_equal(raft_frame_unwrap(longer, n + 1, 100, &p, &plen), RAFT_CODEC_ERR_LENGTH_MISMATCH);

    assert_int_equal(raft_frame_unwrap(buf, n, 5, &p, &plen), RAFT_CODEC_ERR_TOO_LARGE);

    buf[0] = 2;
    assert_int_equal(raft_frame_unwrap(buf, n, 100, &p, &plen), RAFT_CODEC_ERR_BAD_VERSION);
    buf[0] = RAFT_FRAME_VERSION;

    for (size_t i = 2; i < n; i++) { /* every payload and CRC byte */
        buf[i] ^= 0x10;
        assert_int_equal(raft_frame_unwrap(buf, n, 100, &p, &plen), RAFT_CODEC_ERR_CRC);
        buf[i] ^= 0x10;
    }
    /* A huge claimed length is refused before anything is read. */
    uint8_t huge[8] = {RAFT_FRAME_VERSION, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0};
    assert_int_equal(raft_frame_unwrap(huge, sizeof huge, 1000, &p, &plen), RAFT_CODEC_ERR_TOO_LARGE);
    assert_int_equal(raft_frame_unwrap(huge, sizeof huge, SIZE_MAX, &p, &plen), RAFT_CODEC_ERR_TRUNCATED);
    uint8_t badvar[3] = {RAFT_FRAME_VERSION, 0x80, 0x00};
    assert_int_equal(raft_frame_unwrap(badvar, 3, 100, &p, &plen), RAFT_CODEC_ERR_BAD_VARINT);
}

/* Random garbage (seeded) never crashes and never yields a payload outside
 * the input; under ASan any out-of-bounds read would abort. */
static void frame_unwrap_survives_random_input(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)(seed % 40);
        uint8_t *buf = malloc(len ? len : 1); /* exact size: ASan sees overreads */
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (uint8_t)(seed >> 16);
        }
        if (len > 0 && (round & 1)) {
            buf[0] = RAFT_FRAME_VERSION;
        }
        if (len > 1 && (round & 2)) {
            buf[1] = (uint8_t)(len > 6 ? len - 6 : 0);
        }
        const uint8_t *p;
        size_t plen;
        int err = raft_frame_unwrap(buf, len, 64, &p, &plen);
        if (err == RAFT_CODEC_OK) {
            assert_true(p >= buf && p + plen <= buf + len);
        } else {
            assert_null(p);
        }
        struct raft_reader r;
        raft_reader_init(&r, buf, len);
        while (r.err == RAFT_CODEC_OK && raft_reader_remaining(&r) > 0) {
            const uint8_t *ref;
            raft_read_varint(&r);
            raft_read_bytes_ref(&r, &ref, 16);
        }
        free(buf);
        seed = seed * 1103515245u + 12345u;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(varint_known_encodings),
        cmocka_unit_test(zigzag_round_trip_and_mapping),
        cmocka_unit_test(mixed_fields_round_trip),
        cmocka_unit_test(writer_overflow_is_sticky),
        cmocka_unit_test(reader_errors_are_precise_and_sticky),
        cmocka_unit_test(frame_round_trip_and_in_place_wrap),
        cmocka_unit_test(frame_wrap_refuses_small_buffers),
        cmocka_unit_test(frame_errors_are_precise),
        cmocka_unit_test(frame_unwrap_survives_random_input),
    };
    return cmocka_run_group_tests_name("codec", tests, NULL, NULL);
}
