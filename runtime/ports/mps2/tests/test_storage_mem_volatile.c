/* test_storage_mem_volatile.c — the runtime's in-memory storage as firmware
 * builds it (RAFT_MEM_STORAGE_KEEPS_LOG 0: no durable image, terms only), host
 * build under ASan+UBSan. The full store (KEEPS_LOG 1) is tested by
 * runtime/tests/test_storage_mem.c; this checks that the volatile one keeps the
 * same contract for everything a running node asks of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "raft/raft_storage.h"

_Static_assert(RAFT_MEM_STORAGE_KEEPS_LOG == 0, "build this test with -DRAFT_MEM_STORAGE_KEEPS_LOG=0");
_Static_assert(sizeof(struct raft_mem_entry) == sizeof(uint64_t), "a volatile log slot holds only a term");

static struct raft_mem_storage store;

static struct raft_storage fresh(void)
{
    raft_mem_storage_init(&store);
    return raft_mem_storage_as_storage(&store);
}

static int append(struct raft_storage s, uint64_t index, uint64_t term)
{
    static const uint8_t payload[3] = {'a', 'b', 'c'};
    struct raft_storage_entry e = {.index = index, .term = term, .type = 0, .len = sizeof payload, .data = payload};
    return raft_storage_append(s, &e);
}

static int install(struct raft_storage s, uint64_t index, uint64_t term, const char *data)
{
    struct raft_snapshot_meta meta;
    memset(&meta, 0, sizeof meta);
    meta.index = index;
    meta.term = term;
    int rc = raft_storage_snapshot_begin(s, &meta);
    if (rc == RAFT_STORAGE_OK) {
        rc = raft_storage_snapshot_write(s, 0, data, strlen(data));
    }
    return rc == RAFT_STORAGE_OK ? raft_storage_snapshot_commit(s) : rc;
}

static void test_first_load_is_empty(void **state)
{
    (void)state;
    struct raft_storage s = fresh();
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_int_equal(st.term, 0);
    assert_int_equal(st.vote, 0);
    assert_int_equal(st.first_index, 1);
    assert_int_equal(st.last_index, 0);
    struct raft_storage_entry e;
    assert_int_equal(raft_storage_next_entry(s, &e), 0);
}

static void test_appends_follow_the_log_end(void **state)
{
    (void)state;
    struct raft_storage s = fresh();
    assert_int_equal(raft_storage_set_hard_state(s, 3, 2), RAFT_STORAGE_OK);
    for (uint64_t i = 1; i <= 5; i++) {
        assert_int_equal(append(s, i, 1), RAFT_STORAGE_OK);
    }
    assert_int_equal(append(s, 7, 1), RAFT_STORAGE_ERR_INVALID); /* a gap */
    assert_int_equal(append(s, 5, 1), RAFT_STORAGE_ERR_INVALID); /* overwrite without truncate */
    assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
    assert_int_equal(raft_storage_truncate(s, 4), RAFT_STORAGE_OK);
    assert_int_equal(append(s, 5, 2), RAFT_STORAGE_ERR_INVALID);
    assert_int_equal(append(s, 4, 2), RAFT_STORAGE_OK);
    assert_int_equal(append(s, 5, 2), RAFT_STORAGE_OK);
    assert_int_equal(store.live.last_index, 5);
    assert_int_equal(store.live.term, 3);
    assert_int_equal(store.live.vote, 2);
    assert_int_equal(store.syncs, 1);
}

static void test_entries_too_large_or_beyond_capacity_are_refused(void **state)
{
    (void)state;
    struct raft_storage s = fresh();
    static uint8_t big[RAFT_MAX_ENTRY_SIZE + 1];
    struct raft_storage_entry e = {.index = 1, .term = 1, .type = 0, .len = sizeof big, .data = big};
    assert_int_equal(raft_storage_append(s, &e), RAFT_STORAGE_ERR_TOO_LARGE);
    for (uint64_t i = 1; i <= RAFT_LOG_CAPACITY; i++) {
        assert_int_equal(append(s, i, 1), RAFT_STORAGE_OK);
    }
    assert_int_equal(append(s, RAFT_LOG_CAPACITY + 1u, 1), RAFT_STORAGE_ERR_FULL);
}

/* The interface says load() comes first; this store cannot reload entries it
 * never kept, so it says so instead of handing back a log without them. */
static void test_load_after_appends_is_refused(void **state)
{
    (void)state;
    struct raft_storage s = fresh();
    assert_int_equal(append(s, 1, 1), RAFT_STORAGE_OK);
    assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_ERR_INVALID);
}

/* Raft's rule on a snapshot: the log after it stays only when the log holds
 * the snapshot's last entry with the same term — the terms are what this store
 * keeps of its entries. */
static void test_snapshot_keeps_a_matching_suffix_and_drops_a_conflicting_log(void **state)
{
    (void)state;
    struct raft_storage s = fresh();
    for (uint64_t i = 1; i <= 6; i++) {
        assert_int_equal(append(s, i, i <= 3 ? 1 : 2), RAFT_STORAGE_OK);
    }
    assert_int_equal(install(s, 4, 2, "four"), RAFT_STORAGE_OK);
    assert_int_equal(store.live.snap.index, 4);
    assert_int_equal(store.live.last_index, 6); /* suffix 5..6 kept */
    assert_int_equal(append(s, 7, 2), RAFT_STORAGE_OK);

    assert_int_equal(install(s, 6, 3, "six, other term"), RAFT_STORAGE_OK);
    assert_int_equal(store.live.last_index, 6); /* term differs: the log is dropped */
    assert_int_equal(append(s, 7, 3), RAFT_STORAGE_OK);

    assert_int_equal(install(s, 20, 3, "twenty"), RAFT_STORAGE_OK);
    assert_int_equal(store.live.last_index, 20); /* beyond the log: dropped */
    assert_int_equal(append(s, 21, 3), RAFT_STORAGE_OK);
    assert_int_equal(install(s, 19, 3, "older"), RAFT_STORAGE_ERR_INVALID);

    char buf[16];
    size_t n = 0;
    assert_int_equal(raft_storage_snapshot_read(s, 0, buf, sizeof buf, &n), RAFT_STORAGE_OK);
    assert_int_equal(n, strlen("twenty"));
    assert_memory_equal(buf, "twenty", n);
    assert_int_equal(store.live.snap.data_len, strlen("twenty"));
}

/* A snapshot being written must not disturb the one a follower is being sent. */
static void test_committed_snapshot_readable_while_another_is_staged(void **state)
{
    (void)state;
    struct raft_storage s = fresh();
    for (uint64_t i = 1; i <= 4; i++) {
        assert_int_equal(append(s, i, 1), RAFT_STORAGE_OK);
    }
    assert_int_equal(install(s, 2, 1, "old"), RAFT_STORAGE_OK);
    struct raft_snapshot_meta meta;
    memset(&meta, 0, sizeof meta);
    meta.index = 4;
    meta.term = 1;
    assert_int_equal(raft_storage_snapshot_begin(s, &meta), RAFT_STORAGE_OK);
    assert_int_equal(raft_storage_snapshot_write(s, 0, "new", 3), RAFT_STORAGE_OK);
    char buf[8];
    size_t n = 0;
    assert_int_equal(raft_storage_snapshot_read(s, 0, buf, sizeof buf, &n), RAFT_STORAGE_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(buf, "old", 3);
    raft_storage_snapshot_abort(s);
    assert_int_equal(store.live.snap.index, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_load_is_empty),
        cmocka_unit_test(test_appends_follow_the_log_end),
        cmocka_unit_test(test_entries_too_large_or_beyond_capacity_are_refused),
        cmocka_unit_test(test_load_after_appends_is_refused),
        cmocka_unit_test(test_snapshot_keeps_a_matching_suffix_and_drops_a_conflicting_log),
        cmocka_unit_test(test_committed_snapshot_readable_while_another_is_staged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
