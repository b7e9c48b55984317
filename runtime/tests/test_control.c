/* test_control.c — control protocol: parsing, errors with columns, encoding, replies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <inttypes.h>

#include "raft/raft_control.h"

static int parse(const char *line, struct raft_control_request *req, struct raft_control_parse_error *err)
{
    return raft_control_parse(line, strlen(line), req, err);
}

static void parses_every_verb(void **state)
{
    (void)state;
    struct raft_control_request req;
    struct raft_control_parse_error err;

    assert_int_equal(parse("t1 put 7 42 user%3A1 hello%20world\n", &req, &err), RAFT_CTL_OK);
    assert_string_equal(req.tag, "t1");
    assert_int_equal(req.verb, RAFT_CTL_PUT);
    assert_false(req.has_node);
    assert_int_equal(req.client_id, 7);
    assert_int_equal(req.seq, 42);
    assert_int_equal(req.key_len, 6);
    assert_memory_equal(req.key, "user:1", 6);
    assert_int_equal(req.value_len, 11);
    assert_memory_equal(req.value, "hello world", 11);

    assert_int_equal(parse("@3 a.b-c_9 get 1 2 k\r\n", &req, &err), RAFT_CTL_OK);
    assert_true(req.has_node);
    assert_int_equal(req.node, 3);
    assert_string_equal(req.tag, "a.b-c_9");
    assert_int_equal(req.verb, RAFT_CTL_GET);

    assert_int_equal(parse("x del 18446744073709551615 0 k\n", &req, &err), RAFT_CTL_OK);
    assert_true(req.client_id == UINT64_MAX);
    assert_int_equal(parse("x put 1 1 k %\n", &req, &err), RAFT_CTL_OK); /* empty value */
    assert_int_equal(req.value_len, 0);

    const struct {
        const char *line;
        uint8_t verb;
        uint32_t target;
    } simple[] = {
        {"s status\n", RAFT_CTL_STATUS, 0},     {"s transfer 2\n", RAFT_CTL_TRANSFER, 2},
        {"s add 6\n", RAFT_CTL_ADD, 6},         {"s promote 6\n", RAFT_CTL_PROMOTE, 6},
        {"s remove 4294967295\n", RAFT_CTL_REMOVE, 4294967295u},
        {"s snapshot\n", RAFT_CTL_SNAPSHOT, 0}, {"s shutdown\n", RAFT_CTL_SHUTDOWN, 0},
    };
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
        assert_int_equal(parse(simple[i].line, &req, &err), RAFT_CTL_OK);
        assert_int_equal(req.verb, simple[i].verb);
        assert_int_equal(req.target, simple[i].target);
    }
}

static void errors_name_the_problem_and_column(void **state)
{
    (void)state;
    const struct {
        const char *line;
        int code;
        uint32_t column;
        const char *tag; /* tag reported back */
    } cases[] = {
        {"t1 put 1 2 k v", RAFT_CTL_ERR_NO_LINE_END, 15, "-"},
        {"\n", RAFT_CTL_ERR_EMPTY, 1, "-"},
        {"\r\n", RAFT_CTL_ERR_EMPTY, 1, "-"},
        {" t1 status\n", RAFT_CTL_ERR_BAD_CHAR, 1, "-"},
        {"t1  status\n", RAFT_CTL_ERR_BAD_CHAR, 4, "-"},
        {"t1 status \n", RAFT_CTL_ERR_BAD_CHAR, 10, "-"},
        {"t1 sta\ttus\n", RAFT_CTL_ERR_BAD_CHAR, 7, "-"},
        {"t1 put 1 2 k \xC3\xA9\n", RAFT_CTL_ERR_BAD_CHAR, 14, "-"},
        {"@0 t1 status\n", RAFT_CTL_ERR_BAD_NODE, 1, "-"},
        {"@x t1 status\n", RAFT_CTL_ERR_BAD_NODE, 1, "-"},
        {"@4294967296 t1 status\n", RAFT_CTL_ERR_BAD_NODE, 1, "-"},
        {"@2\n", RAFT_CTL_ERR_MISSING_ARG, 3, "-"},
        {"t/1 status\n", RAFT_CTL_ERR_BAD_TAG, 1, "-"},
        {"abcdefghijklmnopq status\n", RAFT_CTL_ERR_BAD_TAG, 1, "-"},
        {"t1\n", RAFT_CTL_ERR_MISSING_ARG, 3, "t1"},
        {"t1 fly\n", RAFT_CTL_ERR_UNKNOWN_VERB, 4, "t1"},
        {"t1 PUT 1 2 k v\n", RAFT_CTL_ERR_UNKNOWN_VERB, 4, "t1"},
        {"t1 put 1 2 k\n", RAFT_CTL_ERR_MISSING_ARG, 13, "t1"},
        {"t1 status now\n", RAFT_CTL_ERR_EXTRA_ARG, 11, "t1"},
        {"t1 get 1 2 k v\n", RAFT_CTL_ERR_EXTRA_ARG, 14, "t1"},
        {"t1 put -1 2 k v\n", RAFT_CTL_ERR_BAD_NUMBER, 8, "t1"},
        {"t1 put 1 18446744073709551616 k v\n", RAFT_CTL_ERR_BAD_NUMBER, 10, "t1"},
        {"t1 put 1 2 k%2 v\n", RAFT_CTL_ERR_BAD_ENCODING, 12, "t1"},
        {"t1 put 1 2 k %G0\n", RAFT_CTL_ERR_BAD_ENCODING, 14, "t1"},
        {"t1 put 1 2 % v\n", RAFT_CTL_ERR_EMPTY_KEY, 12, "t1"},
        {"t1 transfer 0\n", RAFT_CTL_ERR_BAD_NODE, 13, "t1"},
        {"t1 add two\n", RAFT_CTL_ERR_BAD_NODE, 8, "t1"},
        {"a b c d e f g h i\n", RAFT_CTL_ERR_EXTRA_ARG, 17, "-"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct raft_control_request req;
        struct raft_control_parse_error err;
        int rc = parse(cases[i].line, &req, &err);
        if (rc != cases[i].code || err.column != cases[i].column) {
            fail_msg("case %zu (%s): got %s col %u, want %s col %u", i, cases[i].line,
                     raft_control_error_name(rc), err.column, raft_control_error_name(cases[i].code),
                     cases[i].column);
        }
        assert_int_equal(err.code, rc);
        assert_string_equal(req.tag, cases[i].tag);
    }
}

static void key_and_value_limits(void **state)
{
    (void)state;
    char line[RAFT_CONTROL_LINE_MAX + 8];
    char key[RAFT_KV_MAX_KEY_LEN + 2], value[RAFT_KV_MAX_VALUE_LEN + 2];
    memset(key, 'k', sizeof key);
    memset(value, 'v', sizeof value);
    key[RAFT_KV_MAX_KEY_LEN] = '\0';
    value[RAFT_KV_MAX_VALUE_LEN] = '\0';
    struct raft_control_request req;
    struct raft_control_parse_error err;
    snprintf(line, sizeof line, "t put 1 1 %s %s\n", key, value);
    assert_int_equal(parse(line, &req, &err), RAFT_CTL_OK);
    key[RAFT_KV_MAX_KEY_LEN] = 'k';
    key[RAFT_KV_MAX_KEY_LEN + 1] = '\0';
    snprintf(line, sizeof line, "t put 1 1 %s %s\n", key, value);
    assert_int_equal(parse(line, &req, &err), RAFT_CTL_ERR_KEY_TOO_LONG);
    assert_int_equal(err.column, 11);
    key[RAFT_KV_MAX_KEY_LEN] = '\0';
    value[RAFT_KV_MAX_VALUE_LEN] = 'v';
    value[RAFT_KV_MAX_VALUE_LEN + 1] = '\0';
    snprintf(line, sizeof line, "t put 1 1 %s %s\n", key, value);
    assert_int_equal(parse(line, &req, &err), RAFT_CTL_ERR_VALUE_TOO_LONG);
    /* The longest legal request (every byte escaped) is within the limit. */
    struct raft_control_request big;
    memset(&big, 0, sizeof big);
    strcpy(big.tag, "abcdefghijklmnop");
    big.has_node = true;
    big.node = UINT32_MAX;
    big.verb = RAFT_CTL_PUT;
    big.client_id = UINT64_MAX;
    big.seq = UINT64_MAX;
    big.key_len = RAFT_KV_MAX_KEY_LEN;
    big.value_len = RAFT_KV_MAX_VALUE_LEN;
    memset(big.key, ' ', big.key_len);
    memset(big.value, 0xFF, big.value_len);
    size_t n = raft_control_format_request(&big, line, sizeof line);
    assert_true(n > 0 && n <= RAFT_CONTROL_LINE_MAX);
    assert_int_equal(raft_control_parse(line, n, &req, &err), RAFT_CTL_OK);
    assert_memory_equal(req.value, big.value, big.value_len);
    /* Longer than any legal line. */
    static char huge[RAFT_CONTROL_LINE_MAX + 2];
    memset(huge, 'a', sizeof huge);
    huge[sizeof huge - 1] = '\n';
    assert_int_equal(raft_control_parse(huge, sizeof huge, &req, &err), RAFT_CTL_ERR_LINE_TOO_LONG);
}

static void any_bytes_round_trip(void **state)
{
    (void)state;
    uint32_t seed = 11;
    for (int round = 0; round < 5000; round++) {
        struct raft_control_request a, b;
        memset(&a, 0, sizeof a);
        seed = seed * 1103515245u + 12345u;
        a.has_node = seed & 1u;
        a.node = a.has_node ? 1 + (seed >> 8) % 9u : 0;
        snprintf(a.tag, sizeof a.tag, "r%d", round);
        a.verb = (uint8_t)(RAFT_CTL_PUT + (seed >> 4) % 3u);
        a.client_id = seed;
        a.seq = (uint64_t)seed * 977u;
        a.key_len = 1 + (seed >> 12) % RAFT_KV_MAX_KEY_LEN;
        a.value_len = a.verb == RAFT_CTL_PUT ? (seed >> 16) % (RAFT_KV_MAX_VALUE_LEN + 1) : 0;
        for (uint32_t i = 0; i < a.key_len; i++) {
            seed = seed * 1103515245u + 12345u;
            a.key[i] = (uint8_t)(seed >> 16);
        }
        for (uint32_t i = 0; i < a.value_len; i++) {
            seed = seed * 1103515245u + 12345u;
            a.value[i] = (uint8_t)(seed >> 16);
        }
        char line[RAFT_CONTROL_LINE_MAX + 1];
        size_t n = raft_control_format_request(&a, line, sizeof line);
        assert_true(n > 0);
        assert_int_equal(line[n - 1], '\n');
        assert_null(memchr(line, '\t', n));
        struct raft_control_parse_error err;
        assert_int_equal(raft_control_parse(line, n, &b, &err), RAFT_CTL_OK);
        assert_int_equal(memcmp(&a, &b, sizeof a), 0);
    }
}

static void token_encoding_is_canonical(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(raft_control_encode_token((const uint8_t *)"a b%\n~", 6, out, sizeof out), 12);
    assert_string_equal(out, "a%20b%25%0A~");
    assert_int_equal(raft_control_encode_token((const uint8_t *)"", 0, out, sizeof out), 1);
    assert_string_equal(out, "%");
    assert_int_equal(raft_control_encode_token((const uint8_t *)"\xFF", 1, out, 3), 0); /* needs 4 */
    uint8_t bytes[8];
    assert_int_equal(raft_control_decode_token("%2f%2F", 6, bytes, sizeof bytes), 2);
    assert_memory_equal(bytes, "//", 2);
    assert_int_equal(raft_control_decode_token("%", 1, bytes, sizeof bytes), 0);
    assert_int_equal(raft_control_decode_token("%%", 2, bytes, sizeof bytes), -RAFT_CTL_ERR_BAD_ENCODING);
    assert_int_equal(raft_control_decode_token("abc", 3, bytes, 2), -RAFT_CTL_ERR_VALUE_TOO_LONG);
}

static void garbage_never_crashes(void **state)
{
    (void)state;
    uint32_t seed = 5;
    const char alphabet[] = "@ %0123456789abcdefputgdlsr\r\n\t\x01\xFF";
    for (int round = 0; round < 50000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % 48u;
        char *line = malloc(len ? len : 1); /* exact size: ASan sees any overread */
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            line[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        if (len > 0 && (round & 1)) {
            line[len - 1] = '\n';
        }
        struct raft_control_request req;
        struct raft_control_parse_error err;
        int rc = raft_control_parse(line, len, &req, &err);
        assert_true(rc >= RAFT_CTL_OK && rc <= RAFT_CTL_ERR_NO_LINE_END);
        assert_true(rc == RAFT_CTL_OK || (err.column >= 1 && err.column <= len + 1));
        assert_true(strlen(req.tag) <= RAFT_CONTROL_TAG_MAX);
        free(line);
    }
}

static void replies_and_events_are_exact(void **state)
{
    (void)state;
    char buf[RAFT_CONTROL_LINE_MAX];
    assert_int_equal(raft_control_reply_ok(buf, sizeof buf, 0, "t1"), 6);
    assert_string_equal(buf, "t1 ok\n");
    raft_control_reply_value(buf, sizeof buf, 3, "t2", (const uint8_t *)"a b", 3);
    assert_string_equal(buf, "@3 t2 value a%20b\n");
    raft_control_reply_value(buf, sizeof buf, 0, "t2", (const uint8_t *)"", 0);
    assert_string_equal(buf, "t2 value %\n");
    raft_control_reply_not_found(buf, sizeof buf, 0, "t3");
    assert_string_equal(buf, "t3 not-found\n");
    raft_control_reply_error(buf, sizeof buf, 0, "t4", "not-leader", "2");
    assert_string_equal(buf, "t4 err not-leader 2\n");
    raft_control_reply_error(buf, sizeof buf, 0, "t5", "timeout", NULL);
    assert_string_equal(buf, "t5 err timeout\n");

    struct raft_control_request req;
    struct raft_control_parse_error err;
    parse("t6 fly\n", &req, &err);
    raft_control_reply_parse_error(buf, sizeof buf, 0, req.tag, &err);
    assert_string_equal(buf, "t6 err bad-request unknown-verb col=4\n");
    parse("\x01\n", &req, &err);
    raft_control_reply_parse_error(buf, sizeof buf, 2, req.tag, &err);
    assert_string_equal(buf, "@2 - err bad-request bad-character col=1\n");

    struct raft_control_status st;
    memset(&st, 0, sizeof st);
    st.id = 1;
    st.role = RAFT_CTL_ROLE_LEADER;
    st.term = 3;
    st.leader = 1;
    st.commit = 9;
    st.applied = 8;
    st.last_index = 10;
    st.snapshot_index = 4;
    st.voter_count = 3;
    st.voters[0] = 1;
    st.voters[1] = 2;
    st.voters[2] = 3;
    raft_control_reply_status(buf, sizeof buf, 0, "s", &st);
    assert_string_equal(buf, "s status id=1 role=leader term=3 leader=1 commit=9 applied=8 last=10 snapshot=4 "
                             "voters=1,2,3 learners=-\n");

    raft_control_event_role(buf, sizeof buf, 0, RAFT_CTL_ROLE_PRE_CANDIDATE, 7);
    assert_string_equal(buf, "event role pre-candidate term=7\n");
    raft_control_event_leader(buf, sizeof buf, 5, 2, 8);
    assert_string_equal(buf, "@5 event leader 2 term=8\n");
    raft_control_event_snapshot(buf, sizeof buf, 0, 100, 8);
    assert_string_equal(buf, "event snapshot index=100 term=8\n");
    uint32_t voters[2] = {1, 2}, learners[1] = {4};
    raft_control_event_membership(buf, sizeof buf, 0, voters, 2, learners, 1);
    assert_string_equal(buf, "event membership voters=1,2 learners=4\n");

    /* Free text as a field: one token that decodes back to the text. */
    char small[8];
    struct raft_line l;
    const char *why = "raft_node_2_log.bin at byte 34: damaged (100%)";
    raft_line_begin(&l, buf, sizeof buf, 0);
    raft_line_word(&l, "event");
    raft_line_word(&l, "fatal");
    raft_line_word(&l, "storage-load");
    raft_line_word(&l, "corrupt");
    raft_line_field_bytes(&l, "why", (const uint8_t *)why, strlen(why));
    assert_int_not_equal(raft_line_end(&l), 0);
    assert_string_equal(buf, "event fatal storage-load corrupt "
                             "why=raft_node_2_log.bin%20at%20byte%2034:%20damaged%20(100%25)\n");
    uint8_t back[64];
    const char *tok = strstr(buf, "why=") + 4;
    int32_t n = raft_control_decode_token(tok, strlen(tok) - 1, back, sizeof back);
    assert_int_equal(n, (int32_t)strlen(why));
    assert_memory_equal(back, why, (size_t)n);
    /* A field that does not fit makes the whole line fail, never half of it. */
    raft_line_begin(&l, small, sizeof small, 0);
    raft_line_field_bytes(&l, "why", (const uint8_t *)why, strlen(why));
    assert_int_equal(raft_line_end(&l), 0);

    /* Too small a buffer: 0 and an empty string, never a partial line. */
    assert_int_equal(raft_control_reply_ok(small, 6, 0, "t1"), 0);
    assert_string_equal(small, "");
    assert_int_equal(raft_control_reply_ok(small, 7, 0, "t1"), 6);
}

/* The numbers the protocol carries span 0..2^64-1; the firmware formats and
 * parses them without 64-bit division, so the host's own (snprintf, 64-bit
 * arithmetic) is the reference here. */
static const uint64_t number_edges[] = {
    0u, 1u, 9u, 10u, 99u, 100u, 65535u, 65536u, 999999999u, 1000000000u,
    4294967295u, 4294967296u, 4294967297u, 42949672950u, 42949672959u,
    UINT64_C(9999999999999999999), UINT64_C(10000000000000000000),
    UINT64_C(18446744073709551614), UINT64_MAX,
};

static void expect_decimal(uint64_t v)
{
    char want[32], got[RAFT_CONTROL_U64_DIGITS_MAX + 1];
    int want_len = snprintf(want, sizeof want, "%" PRIu64, v);
    size_t n = raft_control_decimal(v, got, RAFT_CONTROL_U64_DIGITS_MAX);
    got[n] = '\0';
    if (n != (size_t)want_len || strcmp(got, want) != 0) {
        fail_msg("decimal of %s: got '%s' (%zu digits)", want, got, n);
    }
    /* The same number parses back from a request line. */
    char line[64];
    struct raft_control_request req;
    struct raft_control_parse_error err;
    snprintf(line, sizeof line, "t get %s 0 k\n", want);
    assert_int_equal(parse(line, &req, &err), RAFT_CTL_OK);
    if (req.client_id != v) {
        fail_msg("parse of %s: got %" PRIu64, want, req.client_id);
    }
}

static void numbers_match_64_bit_arithmetic(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof number_edges / sizeof number_edges[0]; i++) {
        expect_decimal(number_edges[i]);
    }
    /* Every power of ten and its neighbours, every power of two and its neighbours. */
    for (uint64_t p = 1; p <= UINT64_MAX / 10u; p *= 10u) {
        expect_decimal(p - 1u);
        expect_decimal(p);
        expect_decimal(p * 10u - 1u);
    }
    for (unsigned bit = 0; bit < 64; bit++) {
        uint64_t p = (uint64_t)1 << bit;
        expect_decimal(p - 1u);
        expect_decimal(p);
        expect_decimal(p + 1u);
    }
    /* Seeded random numbers of every magnitude (xorshift64, seed printed on failure via the value). */
    uint64_t x = UINT64_C(0x9E3779B97F4A7C15);
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        expect_decimal(x >> (i % 64));
    }
}

static void numbers_above_the_range_are_refused(void **state)
{
    (void)state;
    const char *refused[] = {
        "18446744073709551616",  /* 2^64 */
        "18446744073709551620",  /* the last step overflows by more than the digit */
        "18446744073709551699",
        "19000000000000000000",
        "99999999999999999999",
        "100000000000000000000", /* 21 digits */
        "000000000000000000001", /* 21 digits, small value: the length is the limit */
        "1a",
        "",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char line[64];
        struct raft_control_request req;
        struct raft_control_parse_error err;
        snprintf(line, sizeof line, "t get 1 %s k\n", refused[i]);
        int want = refused[i][0] == '\0' ? RAFT_CTL_ERR_BAD_CHAR : RAFT_CTL_ERR_BAD_NUMBER;
        if (parse(line, &req, &err) != want) {
            fail_msg("'%s' was not refused as %s", refused[i], raft_control_error_name(want));
        }
        assert_int_equal(err.column, 9);
    }
    /* Leading zeros within 20 digits are the same number. */
    struct raft_control_request req;
    struct raft_control_parse_error err;
    assert_int_equal(parse("t get 00000000004294967296 1 k\n", &req, &err), RAFT_CTL_OK);
    assert_true(req.client_id == UINT64_C(4294967296));
    assert_int_equal(parse("t get 1 18446744073709551615 k\n", &req, &err), RAFT_CTL_OK);
    assert_true(req.seq == UINT64_MAX);
}

static void decimal_respects_the_capacity(void **state)
{
    (void)state;
    char out[RAFT_CONTROL_U64_DIGITS_MAX];
    memset(out, '#', sizeof out);
    assert_int_equal(raft_control_decimal(4294967296u, out, 9), 0); /* 10 digits */
    assert_int_equal(out[0], '#');
    assert_int_equal(raft_control_decimal(4294967296u, out, 10), 10);
    assert_memory_equal(out, "4294967296", 10);
    assert_int_equal(raft_control_decimal(0, out, 0), 0);
    assert_int_equal(raft_control_decimal(0, out, 1), 1);
    assert_int_equal(out[0], '0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_every_verb),
        cmocka_unit_test(errors_name_the_problem_and_column),
        cmocka_unit_test(key_and_value_limits),
        cmocka_unit_test(any_bytes_round_trip),
        cmocka_unit_test(token_encoding_is_canonical),
        cmocka_unit_test(garbage_never_crashes),
        cmocka_unit_test(replies_and_events_are_exact),
        cmocka_unit_test(numbers_match_64_bit_arithmetic),
        cmocka_unit_test(numbers_above_the_range_are_refused),
        cmocka_unit_test(decimal_respects_the_capacity),
    };
    return cmocka_run_group_tests_name("control", tests, NULL, NULL);
}
