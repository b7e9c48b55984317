/* test_log.c — the core's fixed-capacity log window (slot ring + payload ring
 * arena) against a plain reference model, under random appends, truncations
 * and compactions; plus the membership encoding. Built twice: with the test
 * defaults and with tests/support/large_log_config.h (an arena above 64 KiB). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "raft/raft_types.h"
#include "raft_log.h"

#define MODEL_MAX 100000
/* Scale the workload to the configuration: most entries are small enough
 * that the ring and the slots both run full now and then, and a larger log
 * is truncated and compacted proportionally less often. */
#define SMALL_ENTRY_MAX                                                                                             \
    (2 * RAFT_LOG_RING_BYTES / RAFT_LOG_CAPACITY < 48 ? 48 : 2 * RAFT_LOG_RING_BYTES / RAFT_LOG_CAPACITY)
#define RARE (RAFT_LOG_CAPACITY >= 128 ? RAFT_LOG_CAPACITY / 64 : 1)

struct model_entry {
    raft_term_t term;
    uint8_t type;
    uint16_t len;
    uint8_t data[RAFT_MAX_ENTRY_SIZE];
};

static struct model_entry *model; /* index i at model[i] */
static struct raft_log log_under_test;

static void assert_same(const struct raft_log *l, raft_index_t snap, raft_index_t last)
{
    assert_int_equal(l->snap_index, snap);
    assert_int_equal(raft_log_last_index(l), last);
    for (raft_index_t i = snap + 1; i <= last; i++) {
        struct raft_entry_view e;
        assert_true(raft_log_entry(l, i, &e));
        assert_int_equal(e.term, model[i].term);
        assert_int_equal(e.type, model[i].type);
        assert_int_equal(e.len, model[i].len);
        if (e.len)
            assert_memory_equal(e.data, model[i].data, e.len);
        /* payloads stay inside the arena and never overlap the next one */
        assert_true(e.data >= l->arena && e.data + e.len <= l->arena + RAFT_LOG_ARENA_SIZE);
    }
    struct raft_entry_view e;
    assert_false(raft_log_entry(l, snap, &e));
    assert_false(raft_log_entry(l, last + 1, &e));
    raft_term_t t;
    assert_true(raft_log_term_at(l, snap, &t));
    assert_false(raft_log_term_at(l, last + 1, &t));
}

static void random_operations_match_the_model(void **state)
{
    (void)state;
    model = calloc(MODEL_MAX, sizeof *model);
    struct raft_log *l = &log_under_test;
    raft_log_init(l);
    raft_index_t snap = 0, last = 0;
    raft_term_t term = 1;
    uint32_t rng = 99;
    unsigned appended = 0, full = 0, wraps = 0;
    for (int step = 0; step < 60000 && last + 2 < MODEL_MAX; step++) {
        rng = rng * 1103515245u + 12345u;
        uint32_t r = (rng >> 8) % 100;
        if (r < 85) {
            uint16_t len = (uint16_t)((rng >> 4) % (r < 10 ? RAFT_MAX_ENTRY_SIZE + 1 : SMALL_ENTRY_MAX));
            uint8_t type = (uint8_t)(len == 0 ? RAFT_ENTRY_NOOP : RAFT_ENTRY_COMMAND);
            uint8_t data[RAFT_MAX_ENTRY_SIZE];
            for (uint16_t k = 0; k < len; k++)
                data[k] = (uint8_t)(rng + k * 7u);
            bool fits = raft_log_fits(l, len);
            bool ok = raft_log_append(l, term, type, data, len);
            assert_int_equal(ok, fits);
            if (ok) {
                last++;
                model[last].term = term;
                model[last].type = type;
                model[last].len = len;
                memcpy(model[last].data, data, len);
                appended++;
                struct raft_entry_view e;
                raft_log_entry(l, last, &e);
                if (last > snap + 1) {
                    struct raft_entry_view p;
                    raft_log_entry(l, last - 1, &p);
                    wraps += e.data < p.data;
                }
            } else {
                full++;
                /* full: make room the way the node does, by compacting */
                raft_index_t upto = snap + (last - snap + 1) / 2;
                if (upto > snap) {
                    raft_log_compact(l, upto);
                    snap = upto;
                }
            }
        } else if (r < 92 && (rng >> 12) % RARE != 0) {
            continue; /* a larger log: suffixes and prefixes are dropped less often */
        } else if (r < 88 && last > snap) { /* a follower's conflict: truncate a suffix */
            raft_index_t from = snap + 1 + (rng >> 3) % (last - snap);
            raft_log_truncate(l, from);
            last = from - 1;
            term++;
        } else if (r < 91 && last > snap) { /* snapshot: compact a prefix */
            raft_index_t upto = snap + 1 + (rng >> 5) % (last - snap);
            raft_log_compact(l, upto);
            snap = upto;
        } else if (r < 92) { /* install a snapshot: reset */
            snap = last + 3;
            raft_log_reset(l, snap, term);
            model[snap].term = term;
            last = snap;
        } else {
            term++;
        }
        assert_true(raft_log_bytes_used(l) <= RAFT_LOG_ARENA_SIZE);
        if (step % 97 == 0)
            assert_same(l, snap, last);
    }
    assert_same(l, snap, last);
    print_message("log window: %u appends, %u full refusals, %u arena wraps\n", appended, full, wraps);
    assert_true(wraps > 10);
    assert_true(full > 10);
    free(model);
}

static void full_by_slots_and_by_bytes(void **state)
{
    (void)state;
    struct raft_log *l = &log_under_test;
    raft_log_init(l);
    for (unsigned i = 0; i < RAFT_LOG_CAPACITY; i++)
        assert_true(raft_log_append(l, 1, RAFT_ENTRY_NOOP, NULL, 0));
    assert_false(raft_log_fits(l, 0)); /* no slot left */
    raft_log_init(l);
    uint8_t big[RAFT_MAX_ENTRY_SIZE] = {0};
    unsigned n = 0;
    while (raft_log_append(l, 1, RAFT_ENTRY_COMMAND, big, sizeof big))
        n++;
    assert_int_equal(n, (RAFT_LOG_RING_BYTES - 1) / RAFT_MAX_ENTRY_SIZE); /* the ring keeps one byte free */
    assert_int_equal(raft_log_bytes_used(l), n * RAFT_MAX_ENTRY_SIZE);
    assert_false(raft_log_fits(l, RAFT_MAX_ENTRY_SIZE + 1));
    /* what is left still takes a smaller entry, then exactly nothing more */
    uint16_t rest = (uint16_t)(RAFT_LOG_RING_BYTES - 1 - n * RAFT_MAX_ENTRY_SIZE);
    assert_true(raft_log_append(l, 1, RAFT_ENTRY_COMMAND, big, rest));
    assert_false(raft_log_fits(l, 1));
    assert_true(raft_log_fits(l, 0) == (n + 1 < RAFT_LOG_CAPACITY));
}

/* An arena above 64 KiB (the old 16-bit offsets' limit): positions, lengths
 * and the entry that crosses the ring's end are exact at every wrap. */
static void positions_beyond_64k_and_the_entry_across_the_ring_end(void **state)
{
    (void)state;
    struct raft_log *l = &log_under_test;
    raft_log_init(l);
    uint8_t data[RAFT_MAX_ENTRY_SIZE];
    raft_index_t first = 1;
    unsigned crossings = 0, beyond_64k = 0;
    for (raft_index_t i = 1; i < 40000; i++) {
        uint16_t len = (uint16_t)(i * 7919u % (RAFT_MAX_ENTRY_SIZE + 1u));
        for (uint16_t k = 0; k < len; k++)
            data[k] = (uint8_t)(i * 31u + k);
        while (!raft_log_fits(l, len)) { /* full: compact the oldest, as a snapshot would */
            raft_log_compact(l, first);
            first++;
        }
        assert_true(raft_log_append(l, (raft_term_t)(i / 100 + 1), RAFT_ENTRY_COMMAND, data, len));
        struct raft_entry_view e;
        assert_true(raft_log_entry(l, i, &e));
        assert_int_equal(e.len, len);
        assert_memory_equal(e.data, data, len);
        size_t at = (size_t)(e.data - l->arena);
        crossings += at + len > RAFT_LOG_RING_BYTES;
        beyond_64k += at > 65535u;
        assert_true(at + len <= RAFT_LOG_ARENA_SIZE);
        if (i - first > 2) { /* an older one is untouched by the newer writes */
            struct raft_entry_view o;
            raft_index_t j = first + (i - first) / 2;
            assert_true(raft_log_entry(l, j, &o));
            assert_int_equal(o.len, (uint16_t)(j * 7919u % (RAFT_MAX_ENTRY_SIZE + 1u)));
            for (uint16_t k = 0; k < o.len; k++)
                assert_int_equal(o.data[k], (uint8_t)(j * 31u + k));
        }
    }
    print_message("arena %u B: %u entries crossed the ring's end, %u started beyond 64 KiB\n",
                  (unsigned)RAFT_LOG_ARENA_SIZE, crossings, beyond_64k);
    assert_true(crossings > 5);
    if (RAFT_LOG_ARENA_SIZE > 70000)
        assert_true(beyond_64k > 100);
}

static void membership_encoding_round_trips_and_rejects_garbage(void **state)
{
    (void)state;
    struct raft_membership m = {.count = 3,
                                .members = {{1, RAFT_MEMBER_VOTER}, {300, RAFT_MEMBER_LEARNER}, {7, RAFT_MEMBER_VOTER}}};
    uint8_t buf[RAFT_MEMBERSHIP_ENCODED_MAX];
    uint16_t n = raft_membership_encode(&m, buf);
    struct raft_membership back;
    assert_true(raft_membership_decode(&back, buf, n));
    assert_int_equal(back.count, 3);
    assert_int_equal(back.members[1].id, 300);
    assert_int_equal(raft_membership_voters(&back), 2);
    assert_true(raft_membership_is_voter(&back, 7));
    assert_false(raft_membership_is_voter(&back, 300));
    for (uint16_t cut = 0; cut < n; cut++)
        assert_false(raft_membership_decode(&back, buf, cut));
    uint8_t bad[RAFT_MEMBERSHIP_ENCODED_MAX];
    memcpy(bad, buf, n);
    bad[3] = 9; /* role */
    assert_false(raft_membership_decode(&back, bad, n));
    memcpy(bad, buf, n);
    bad[4] = 1, bad[5] = 0; /* duplicate id 1 */
    assert_false(raft_membership_decode(&back, bad, n));
    memcpy(bad, buf, n);
    bad[1] = bad[2] = 0; /* id 0 */
    assert_false(raft_membership_decode(&back, bad, n));
    bad[0] = RAFT_MAX_NODES + 1;
    assert_false(raft_membership_decode(&back, bad, n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_operations_match_the_model),
        cmocka_unit_test(full_by_slots_and_by_bytes),
        cmocka_unit_test(positions_beyond_64k_and_the_entry_across_the_ring_end),
        cmocka_unit_test(membership_encoding_round_trips_and_rejects_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
