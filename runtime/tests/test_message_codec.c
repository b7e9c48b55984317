/* test_message_codec.c — every message type round-trips; malformed frames
 * (truncated, bit-flipped, garbage, oversize counts, bad fields) are refused
 * with an error code and never read out of bounds (ASan watches). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "raft/raft_crc32c.h"
#include "raft/raft_message_codec.h"

static const uint8_t payload_a[] = "put x 1";
static const uint8_t payload_b[] = {0, 1, 2, 0xff};
static uint8_t chunk[RAFT_SNAPSHOT_CHUNK];

static unsigned sample_messages(struct raft_message *out, struct raft_entry_view *entries)
{
    unsigned n = 0;
    memset(out, 0, 12 * sizeof *out);
    out[n] = (struct raft_message){.type = RAFT_MSG_PREVOTE, .from = 1, .to = 2, .term = 7};
    out[n].u.vote = (struct raft_vote_request){.last_index = 1000000007ull, .last_term = 6, .transfer = false};
    n++;
    out[n] = (struct raft_message){.type = RAFT_MSG_VOTE, .from = 65535, .to = 3, .term = 0xFFFFFFFFu};
    out[n].u.vote = (struct raft_vote_request){.last_index = UINT64_MAX, .last_term = 1, .transfer = true};
    n++;
    out[n] = (struct raft_message){.type = RAFT_MSG_PREVOTE_RESP, .from = 2, .to = 1, .term = 8};
    out[n].u.vote_resp.granted = true;
    n++;
    out[n] = (struct raft_message){.type = RAFT_MSG_VOTE_RESP, .from = 2, .to = 1, .term = 8};
    n++;
    entries[0] = (struct raft_entry_view){.term = 3, .type = RAFT_ENTRY_COMMAND, .len = sizeof payload_a,
                                          .data = payload_a};
    entries[1] = (struct raft_entry_view){.term = 4, .type = RAFT_ENTRY_NOOP, .len = 0, .data = NULL};
    entries[2] = (struct raft_entry_view){.term = 5, .type = RAFT_ENTRY_CONFIG, .len = sizeof payload_b,
                                          .data = payload_b};
    out[n] = (struct raft_message){.type = RAFT_MSG_APPEND, .from = 1, .to = 2, .term = 5};
    out[n].u.append = (struct raft_append_request){.prev_index = 41, .prev_term = 3, .commit = 40,
                                                   .read_seq = 99, .sent_ms = 0xFFFFFFF0u, .n_entries = 3,
                                                   .entries = entries};
    n++;
    out[n] = (struct raft_message){.type = RAFT_MSG_APPEND, .from = 1, .to = 2, .term = 5}; /* heartbeat */
    out[n].u.append = (struct raft_append_request){.prev_index = 44, .prev_term = 5, .commit = 44,
                                                   .entries = entries};
    n++;
    out[n] = (struct raft_message){.type = RAFT_MSG_APPEND_RESP, .from = 2, .to = 1, .term = 5};
    out[n].u.append_resp = (struct raft_append_response){.success = false, .index = 44, .hint_index = 30,
                                                         .hint_term = 2, .read_seq = 99, .sent_ms = 5};
    n++;
    for (size_t i = 0; i < sizeof chunk; i++)
        chunk[i] = (uint8_t)(i * 31u + 7u);
    out[n] = (struct raft_message){.type = RAFT_MSG_SNAPSHOT, .from = 1, .to = 4, .term = 9};
    out[n].u.snapshot.last_index = 500;
    out[n].u.snapshot.last_term = 8;
    out[n].u.snapshot.membership.count = 3;
    out[n].u.snapshot.membership.members[0] = (struct raft_member){1, RAFT_MEMBER_VOTER};
    out[n].u.snapshot.membership.members[1] = (struct raft_member){2, RAFT_MEMBER_VOTER};
    out[n].u.snapshot.membership.members[2] = (struct raft_member){4, RAFT_MEMBER_LEARNER};
    out[n].u.snapshot.offset = 2048;
    out[n].u.snapshot.done = true;
    out[n].u.snapshot.len = sizeof chunk;
    out[n].u.snapshot.data = chunk;
    n++;
    out[n] = (struct raft_message){.type = RAFT_MSG_SNAPSHOT_RESP, .from = 4, .to = 1, .term = 9};
    out[n].u.snapshot_resp = (struct raft_snapshot_response){.last_index = 500, .next_offset = 3072, .done = false};
    n++;
    out[n] = (struct raft_message){.type = RAFT_MSG_TIMEOUT_NOW, .from = 1, .to = 3, .term = 9};
    n++;
    out[n] = (struct raft_message){.type = RAFT_MSG_CLIENT_REQUEST, .from = 3, .to = 1, .term = 9};
    out[n].u.client = (struct raft_client_envelope){.ref = 12345, .len = sizeof payload_a, .data = payload_a};
    n++;
    out[n] = (struct raft_message){.type = RAFT_MSG_CLIENT_REPLY, .from = 1, .to = 3, .term = 9};
    out[n].u.client = (struct raft_client_envelope){.ref = 0, .len = 0, .data = NULL};
    n++;
    return n;
}

static void assert_messages_equal(const struct raft_message *a, const struct raft_message *b)
{
    assert_int_equal(a->type, b->type);
    assert_int_equal(a->from, b->from);
    assert_int_equal(a->to, b->to);
    assert_int_equal(a->term, b->term);
    switch (a->type) {
    case RAFT_MSG_PREVOTE:
    case RAFT_MSG_VOTE:
        assert_int_equal(a->u.vote.last_index, b->u.vote.last_index);
        assert_int_equal(a->u.vote.last_term, b->u.vote.last_term);
        assert_int_equal(a->u.vote.transfer, b->u.vote.transfer);
        break;
    case RAFT_MSG_PREVOTE_RESP:
    case RAFT_MSG_VOTE_RESP:
        assert_int_equal(a->u.vote_resp.granted, b->u.vote_resp.granted);
        break;
    case RAFT_MSG_APPEND:
        assert_int_equal(a->u.append.prev_index, b->u.append.prev_index);
        assert_int_equal(a->u.append.prev_term, b->u.append.prev_term);
        assert_int_equal(a->u.append.commit, b->u.append.commit);
        assert_int_equal(a->u.append.read_seq, b->u.append.read_seq);
        assert_int_equal(a->u.append.sent_ms, b->u.append.sent_ms);
        assert_int_equal(a->u.append.n_entries, b->u.append.n_entries);
        for (unsigned k = 0; k < a->u.append.n_entries; k++) {
            const struct raft_entry_view *x = &a->u.append.entries[k], *y = &b->u.append.entries[k];
            assert_int_equal(x->term, y->term);
            assert_int_equal(x->type, y->type);
            assert_int_equal(x->len, y->len);
            if (x->len)
                assert_memory_equal(x->data, y->data, x->len);
        }
        break;
    case RAFT_MSG_APPEND_RESP:
        assert_memory_equal(&a->u.append_resp.index, &b->u.append_resp.index, sizeof(raft_index_t));
        assert_int_equal(a->u.append_resp.success, b->u.append_resp.success);
        assert_int_equal(a->u.append_resp.hint_index, b->u.append_resp.hint_index);
        assert_int_equal(a->u.append_resp.hint_term, b->u.append_resp.hint_term);
        assert_int_equal(a->u.append_resp.read_seq, b->u.append_resp.read_seq);
        assert_int_equal(a->u.append_resp.sent_ms, b->u.append_resp.sent_ms);
        break;
    case RAFT_MSG_SNAPSHOT:
        assert_int_equal(a->u.snapshot.last_index, b->u.snapshot.last_index);
        assert_int_equal(a->u.snapshot.last_term, b->u.snapshot.last_term);
        assert_int_equal(a->u.snapshot.membership.count, b->u.snapshot.membership.count);
        for (unsigned k = 0; k < a->u.snapshot.membership.count; k++) {
            assert_int_equal(a->u.snapshot.membership.members[k].id, b->u.snapshot.membership.members[k].id);
            assert_int_equal(a->u.snapshot.membership.members[k].role, b->u.snapshot.membership.members[k].role);
        }
        assert_int_equal(a->u.snapshot.offset, b->u.snapshot.offset);
        assert_int_equal(a->u.snapshot.done, b->u.snapshot.done);
        assert_int_equal(a->u.snapshot.len, b->u.snapshot.len);
        assert_memory_equal(a->u.snapshot.data, b->u.snapshot.data, a->u.snapshot.len);
        break;
    case RAFT_MSG_SNAPSHOT_RESP:
        assert_int_equal(a->u.snapshot_resp.last_index, b->u.snapshot_resp.last_index);
        assert_int_equal(a->u.snapshot_resp.next_offset, b->u.snapshot_resp.next_offset);
        assert_int_equal(a->u.snapshot_resp.done, b->u.snapshot_resp.done);
        break;
    case RAFT_MSG_CLIENT_REQUEST:
    case RAFT_MSG_CLIENT_REPLY:
        assert_int_equal(a->u.client.ref, b->u.client.ref);
        assert_int_equal(a->u.client.len, b->u.client.len);
        if (a->u.client.len)
            assert_memory_equal(a->u.client.data, b->u.client.data, a->u.client.len);
        break;
    default:
        break;
    }
}

static void every_type_round_trips(void **state)
{
    (void)state;
    struct raft_message msgs[12], back;
    struct raft_entry_view entries[RAFT_MAX_BATCH], decoded[RAFT_MAX_BATCH];
    unsigned n = sample_messages(msgs, entries);
    uint8_t frame[RAFT_MAX_FRAME_SIZE];
    for (unsigned i = 0; i < n; i++) {
        int32_t len = raft_message_encode(&msgs[i], NULL, NULL, frame, sizeof frame);
        assert_true(len > 0);
        assert_true(len <= RAFT_MAX_FRAME_SIZE);
        assert_int_equal(raft_message_decode(frame, (size_t)len, &back, decoded), RAFT_CODEC_OK);
        assert_messages_equal(&msgs[i], &back);
    }
}

/* Entries come from a source when the core emitted the message (entries == NULL). */
static bool source(const void *ctx, raft_index_t index, struct raft_entry_view *out)
{
    const struct raft_entry_view *e = ctx;
    if (index < 42 || index > 44)
        return false;
    *out = e[index - 42];
    return true;
}

static void entries_from_source_and_missing(void **state)
{
    (void)state;
    struct raft_message msgs[12], back;
    struct raft_entry_view entries[RAFT_MAX_BATCH], decoded[RAFT_MAX_BATCH];
    sample_messages(msgs, entries);
    struct raft_message m = msgs[4];
    m.u.append.entries = NULL;
    uint8_t frame[RAFT_MAX_FRAME_SIZE];
    int32_t len = raft_message_encode(&m, source, entries, frame, sizeof frame);
    assert_true(len > 0);
    assert_int_equal(raft_message_decode(frame, (size_t)len, &back, decoded), RAFT_CODEC_OK);
    assert_messages_equal(&msgs[4], &back);
    m.u.append.prev_index = 42; /* asks for 43..45: 45 is gone */
    assert_int_equal(raft_message_encode(&m, source, entries, frame, sizeof frame), RAFT_MSG_ERR_MISSING);
    assert_int_equal(raft_message_encode(&m, NULL, NULL, frame, sizeof frame), RAFT_MSG_ERR_MISSING);
}

static void full_batch_of_full_entries_fits_a_frame(void **state)
{
    (void)state;
    static uint8_t big[RAFT_MAX_ENTRY_SIZE];
    memset(big, 0xAB, sizeof big);
    struct raft_entry_view entries[RAFT_MAX_BATCH], decoded[RAFT_MAX_BATCH];
    for (unsigned k = 0; k < RAFT_MAX_BATCH; k++)
        entries[k] = (struct raft_entry_view){.term = 0xFFFFFFFFu, .type = 0, .len = sizeof big, .data = big};
    struct raft_message m = {.type = RAFT_MSG_APPEND, .from = 65535, .to = 65535, .term = 0xFFFFFFFFu};
    m.u.append = (struct raft_append_request){.prev_index = UINT64_MAX - RAFT_MAX_BATCH, .prev_term = 0xFFFFFFFFu,
                                              .commit = UINT64_MAX, .read_seq = UINT32_MAX,
                                              .sent_ms = UINT32_MAX, .n_entries = RAFT_MAX_BATCH,
                                              .entries = entries};
    uint8_t frame[RAFT_MAX_FRAME_SIZE];
    int32_t len = raft_message_encode(&m, NULL, NULL, frame, sizeof frame);
    assert_true(len > 0);
    struct raft_message back;
    assert_int_equal(raft_message_decode(frame, (size_t)len, &back, decoded), RAFT_CODEC_OK);
    assert_messages_equal(&m, &back);
    /* a too-small buffer is an error, not an overflow */
    assert_int_equal(raft_message_encode(&m, NULL, NULL, frame, 100), RAFT_CODEC_ERR_NO_SPACE);
}

static void every_truncation_is_refused(void **state)
{
    (void)state;
    struct raft_message msgs[12], back;
    struct raft_entry_view entries[RAFT_MAX_BATCH], decoded[RAFT_MAX_BATCH];
    unsigned n = sample_messages(msgs, entries);
    uint8_t frame[RAFT_MAX_FRAME_SIZE];
    for (unsigned i = 0; i < n; i++) {
        int32_t len = raft_message_encode(&msgs[i], NULL, NULL, frame, sizeof frame);
        for (int32_t cut = 0; cut < len; cut++) {
            /* an exact-size heap copy, so ASan catches any read past the end */
            uint8_t *copy = malloc(cut ? (size_t)cut : 1);
            memcpy(copy, frame, (size_t)cut);
            assert_true(raft_message_decode(copy, (size_t)cut, &back, decoded) < 0);
            free(copy);
        }
    }
}

static void every_bit_flip_is_refused(void **state)
{
    (void)state;
    struct raft_message msgs[12], back;
    struct raft_entry_view entries[RAFT_MAX_BATCH], decoded[RAFT_MAX_BATCH];
    unsigned n = sample_messages(msgs, entries);
    uint8_t frame[RAFT_MAX_FRAME_SIZE];
    for (unsigned i = 0; i < n; i++) {
        int32_t len = raft_message_encode(&msgs[i], NULL, NULL, frame, sizeof frame);
        for (int32_t byte = 0; byte < len; byte += (len > 200 ? 7 : 1)) {
            for (int bit = 0; bit < 8; bit++) {
                frame[byte] ^= (uint8_t)(1u << bit);
                assert_true(raft_message_decode(frame, (size_t)len, &back, decoded) < 0);
                frame[byte] ^= (uint8_t)(1u << bit);
            }
        }
    }
}

/* Build a frame around an arbitrary payload with a valid CRC, so the message
 * layer's own checks are exercised. */
static size_t frame_of(const uint8_t *payload, size_t n, uint8_t *out, size_t cap)
{
    return raft_frame_wrap(out, cap, payload, n);
}

static void semantic_checks_behind_a_valid_crc(void **state)
{
    (void)state;
    uint8_t frame[RAFT_MAX_FRAME_SIZE];
    struct raft_message back;
    struct raft_entry_view decoded[RAFT_MAX_BATCH];
    struct {
        const char *what;
        uint8_t payload[16];
        size_t len;
        int expect;
    } cases[] = {
        {"unknown type", {0x63, 1, 2, 3}, 4, RAFT_MSG_ERR_TYPE},
        {"type zero", {0x00, 1, 2, 3}, 4, RAFT_MSG_ERR_TYPE},
        {"from = 0", {RAFT_MSG_TIMEOUT_NOW, 0, 2, 3}, 4, RAFT_MSG_ERR_FIELD},
        {"id above 16 bits", {RAFT_MSG_TIMEOUT_NOW, 0x80, 0x80, 0x04, 2, 3}, 6, RAFT_MSG_ERR_FIELD},
        {"term above 32 bits", {RAFT_MSG_TIMEOUT_NOW, 1, 2, 0x80, 0x80, 0x80, 0x80, 0x10}, 8, RAFT_MSG_ERR_FIELD},
        {"bool of 2", {RAFT_MSG_VOTE_RESP, 1, 2, 3, 2}, 5, RAFT_MSG_ERR_FIELD},
        {"trailing byte", {RAFT_MSG_TIMEOUT_NOW, 1, 2, 3, 0}, 5, RAFT_CODEC_ERR_TRAILING},
        {"over-long varint", {RAFT_MSG_TIMEOUT_NOW, 1, 2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                              0x80, 0x01}, 14, RAFT_CODEC_ERR_BAD_VARINT},
        {"entry count above batch", {RAFT_MSG_APPEND, 1, 2, 3, 0, 0, 0, 0, 0, 0x7f}, 10, RAFT_MSG_ERR_ENTRIES},
        {"entry newer than message", {RAFT_MSG_APPEND, 1, 2, 3, 0, 0, 0, 0, 0, 1, 9, 0, 0}, 13, RAFT_MSG_ERR_ENTRIES},
        {"entry term 0", {RAFT_MSG_APPEND, 1, 2, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0}, 13, RAFT_MSG_ERR_ENTRIES},
        {"entry type 3", {RAFT_MSG_APPEND, 1, 2, 3, 0, 0, 0, 0, 0, 1, 1, 3, 0}, 13, RAFT_MSG_ERR_ENTRIES},
        {"entry length past end", {RAFT_MSG_APPEND, 1, 2, 3, 0, 0, 0, 0, 0, 1, 1, 0, 5, 'a'}, 14,
         RAFT_CODEC_ERR_TRUNCATED},
        {"members above max", {RAFT_MSG_SNAPSHOT, 1, 2, 3, 5, 2, 0x7f}, 7, RAFT_MSG_ERR_FIELD},
        {"member role 7", {RAFT_MSG_SNAPSHOT, 1, 2, 3, 5, 2, 1, 1, 7}, 9, RAFT_MSG_ERR_FIELD},
        {"duplicate member", {RAFT_MSG_SNAPSHOT, 1, 2, 3, 5, 2, 2, 1, 1, 1, 1, 0, 0, 0}, 14, RAFT_MSG_ERR_FIELD},
        {"snapshot index 0", {RAFT_MSG_SNAPSHOT, 1, 2, 3, 0, 2, 1, 1, 1, 0, 0, 0}, 12, RAFT_MSG_ERR_FIELD},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = frame_of(cases[i].payload, cases[i].len, frame, sizeof frame);
        int got = raft_message_decode(frame, len, &back, decoded);
        if (got != cases[i].expect)
            fail_msg("%s: got %s (%d), expected %s", cases[i].what, raft_message_error_name(got), got,
                     raft_message_error_name(cases[i].expect));
    }
    /* oversize entry: length above RAFT_MAX_ENTRY_SIZE */
    uint8_t big[RAFT_MAX_ENTRY_SIZE + 32] = {RAFT_MSG_APPEND, 1, 2, 3, 0, 0, 0, 0, 0, 1, 1, 0};
    size_t p = 12;
    uint32_t n = RAFT_MAX_ENTRY_SIZE + 1;
    big[p++] = (uint8_t)(0x80 | (n & 0x7f));
    big[p++] = (uint8_t)(n >> 7);
    size_t len = frame_of(big, p + n <= sizeof big ? p + n : sizeof big, frame, sizeof frame);
    assert_true(raft_message_decode(frame, len, &back, decoded) < 0);
    /* a frame (valid CRC) with more payload than a frame may carry */
    static uint8_t huge_payload[RAFT_MESSAGE_PAYLOAD_MAX + 1];
    static uint8_t huge_frame[RAFT_MAX_FRAME_SIZE + 64];
    len = frame_of(huge_payload, sizeof huge_payload, huge_frame, sizeof huge_frame);
    assert_true(len > 0);
    assert_int_equal(raft_message_decode(huge_frame, len, &back, decoded), RAFT_CODEC_ERR_TOO_LARGE);
}

static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void fuzz_random_bytes_and_mutations(void **state)
{
    (void)state;
    struct raft_message msgs[12], back;
    struct raft_entry_view entries[RAFT_MAX_BATCH], decoded[RAFT_MAX_BATCH];
    unsigned n = sample_messages(msgs, entries);
    uint8_t frame[RAFT_MAX_FRAME_SIZE];
    unsigned accepted = 0;
    for (int iter = 0; iter < 20000; iter++) {
        size_t len;
        if (iter % 2 == 0) { /* pure garbage, sometimes with a valid frame around it */
            uint8_t payload[256];
            size_t plen = next_rand() % sizeof payload;
            for (size_t i = 0; i < plen; i++)
                payload[i] = (uint8_t)next_rand();
            if (plen)
                payload[0] = (uint8_t)(next_rand() % 13);
            if (iter % 4 == 0) {
                len = frame_of(payload, plen, frame, sizeof frame);
            } else {
                memcpy(frame, payload, plen);
                len = plen;
            }
        } else { /* mutate a valid message, then re-frame it with a valid CRC */
            const struct raft_message *m = &msgs[next_rand() % n];
            int32_t flen = raft_message_encode(m, NULL, NULL, frame, sizeof frame);
            const uint8_t *pl;
            size_t plen;
            assert_int_equal(raft_frame_unwrap(frame, (size_t)flen, RAFT_MESSAGE_PAYLOAD_MAX, &pl, &plen), 0);
            uint8_t payload[RAFT_MAX_FRAME_SIZE];
            memcpy(payload, pl, plen);
            unsigned edits = 1 + next_rand() % 4;
            for (unsigned e = 0; e < edits && plen; e++)
                payload[next_rand() % plen] = (uint8_t)next_rand();
            if (next_rand() % 3 == 0 && plen)
                plen = next_rand() % plen;
            len = frame_of(payload, plen, frame, sizeof frame);
        }
        uint8_t *copy = malloc(len ? len : 1);
        memcpy(copy, frame, len);
        int rc = raft_message_decode(copy, len, &back, decoded);
        if (rc == 0) {
            accepted++;
            /* whatever decodes must re-encode and decode to the same message */
            uint8_t again[RAFT_MAX_FRAME_SIZE];
            int32_t alen = raft_message_encode(&back, NULL, NULL, again, sizeof again);
            assert_true(alen > 0);
            struct raft_message twice;
            struct raft_entry_view e2[RAFT_MAX_BATCH];
            assert_int_equal(raft_message_decode(again, (size_t)alen, &twice, e2), 0);
            assert_messages_equal(&back, &twice);
        }
        free(copy);
    }
    print_message("fuzz: 20000 inputs, %u decoded as valid messages\n", accepted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_type_round_trips),
        cmocka_unit_test(entries_from_source_and_missing),
        cmocka_unit_test(full_batch_of_full_entries_fits_a_frame),
        cmocka_unit_test(every_truncation_is_refused),
        cmocka_unit_test(every_bit_flip_is_refused),
        cmocka_unit_test(semantic_checks_behind_a_valid_crc),
        cmocka_unit_test(fuzz_random_bytes_and_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
