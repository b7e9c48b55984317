/* test_storage_mem.c — the in-memory storage and its crash model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "raft/raft_storage.h"

static struct raft_mem_storage *mem; /* big: on the heap, one per test */

static int setup(void **state)
{
    (void)state;
    mem = malloc(sizeof *mem);
    raft_mem_storage_init(mem);
    return mem == NULL;
}

static int teardown(void **state)
{
    (void)state;
    free(mem);
    return 0;
}

static int append(struct raft_storage s, uint64_t index, uint64_t term)
{
    char data[32];
    int n = snprintf(data, sizeof data, "cmd-%llu-%llu", (unsigned long long)index, (unsigned long long)term);
    struct raft_storage_entry e = {index, term, 1, (uint32_t)n, (const uint8_t *)data};
    return raft_storage_append(s, &e);
}

/* Load and check the log is exactly terms[0..n) from first_index on. */
static void expect_log(struct raft_storage s, uint64_t first_index, const uint64_t *terms, size_t n)
{
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_int_equal(st.first_index, first_index);
    assert_int_equal(st.last_index, first_index + n - 1);
    for (size_t i = 0; i < n; i++) {
        struct raft_storage_entry e;
        assert_int_equal(raft_storage_next_entry(s, &e), 1);
        assert_int_equal(e.index, first_index + i);
        assert_int_equal(e.term, terms[i]);
        char data[32];
        int len = snprintf(data, sizeof data, "cmd-%llu-%llu", (unsigned long long)e.index,
                           (unsigned long long)e.term);
        assert_int_equal(e.len, len);
        assert_memory_equal(e.data, data, (size_t)len);
    }
    struct raft_storage_entry e;
    assert_int_equal(raft_storage_next_entry(s, &e), 0);
}

static void empty_storage_loads_empty(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_int_equal(st.term, 0);
    assert_int_equal(st.vote, RAFT_STORAGE_NO_VOTE);
    assert_int_equal(st.snapshot.index, 0);
    assert_int_equal(st.first_index, 1);
    assert_int_equal(st.last_index, 0);
}

static void synced_state_survives_a_crash(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    assert_int_equal(raft_storage_set_hard_state(s, 3, 2), RAFT_STORAGE_OK);
    for (uint64_t i = 1; i <= 5; i++) {
        assert_int_equal(append(s, i, i < 3 ? 1 : 3), RAFT_STORAGE_OK);
    }
    assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
    raft_mem_storage_crash(mem, 0);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_int_equal(st.term, 3);
    assert_int_equal(st.vote, 2);
    assert_int_equal(st.last_term, 3);
    const uint64_t terms[] = {1, 1, 3, 3, 3};
    expect_log(s, 1, terms, 5);
}

static void unsynced_writes_are_dropped_by_a_crash(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    raft_storage_set_hard_state(s, 1, 1);
    append(s, 1, 1);
    append(s, 2, 1);
    raft_storage_sync(s);
    raft_storage_set_hard_state(s, 2, 3);
    append(s, 3, 2);
    append(s, 4, 2);
    raft_mem_storage_crash(mem, 0);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_int_equal(st.term, 1);
    assert_int_equal(st.vote, 1);
    const uint64_t terms[] = {1, 1};
    expect_log(s, 1, terms, 2);
}

static void crash_may_keep_a_prefix_of_the_batch(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    for (uint64_t i = 1; i <= 3; i++) {
        append(s, i, 1);
    }
    raft_storage_sync(s);
    for (uint64_t i = 4; i <= 7; i++) {
        append(s, i, 2);
    }
    raft_mem_storage_crash(mem, 2);
    const uint64_t terms[] = {1, 1, 1, 2, 2};
    expect_log(s, 1, terms, 5);
}

static void unsynced_truncation_is_undone_by_a_crash(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    for (uint64_t i = 1; i <= 5; i++) {
        append(s, i, 1);
    }
    raft_storage_sync(s);
    assert_int_equal(raft_storage_truncate(s, 3), RAFT_STORAGE_OK);
    append(s, 3, 2);
    raft_mem_storage_crash(mem, 0);
    const uint64_t old_terms[] = {1, 1, 1, 1, 1};
    expect_log(s, 1, old_terms, 5);

    /* Synced truncation + replacement stays. */
    assert_int_equal(raft_storage_truncate(s, 3), RAFT_STORAGE_OK);
    append(s, 3, 2);
    raft_storage_sync(s);
    raft_mem_storage_crash(mem, 0);
    const uint64_t new_terms[] = {1, 1, 2};
    expect_log(s, 1, new_terms, 3);

    /* A torn batch after a truncation keeps the truncation. */
    assert_int_equal(raft_storage_truncate(s, 2), RAFT_STORAGE_OK);
    append(s, 2, 3);
    append(s, 3, 3);
    raft_mem_storage_crash(mem, 1);
    const uint64_t torn_terms[] = {1, 3};
    expect_log(s, 1, torn_terms, 2);
}

static void contract_violations_are_refused(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    assert_int_equal(append(s, 2, 1), RAFT_STORAGE_ERR_INVALID); /* gap */
    assert_int_equal(append(s, 1, 1), RAFT_STORAGE_OK);
    uint8_t big[RAFT_MAX_ENTRY_SIZE + 1];
    memset(big, 'x', sizeof big);
    struct raft_storage_entry e = {2, 1, 1, sizeof big, big};
    assert_int_equal(raft_storage_append(s, &e), RAFT_STORAGE_ERR_TOO_LARGE);
    e.len = RAFT_MAX_ENTRY_SIZE;
    assert_int_equal(raft_storage_append(s, &e), RAFT_STORAGE_OK);
    assert_int_equal(raft_storage_truncate(s, 0), RAFT_STORAGE_ERR_INVALID);
    assert_int_equal(raft_storage_truncate(s, 9), RAFT_STORAGE_OK); /* beyond the end: nothing */
    struct raft_snapshot_meta meta;
    memset(&meta, 0, sizeof meta);
    assert_int_equal(raft_storage_snapshot_write(s, 0, "x", 1), RAFT_STORAGE_ERR_INVALID);
    meta.index = 0;
    assert_int_equal(raft_storage_snapshot_begin(s, &meta), RAFT_STORAGE_ERR_INVALID);
    meta.index = 1;
    meta.conf_len = RAFT_STORAGE_CONF_MAX + 1;
    assert_int_equal(raft_storage_snapshot_begin(s, &meta), RAFT_STORAGE_ERR_TOO_LARGE);
    /* No describe_fault entry: the wrapper answers with nothing to say. */
    assert_null(s.ops->describe_fault);
    char why[16] = "x";
    assert_int_equal(raft_storage_describe_fault(s, why, sizeof why), 0);
    assert_string_equal(why, "");
}

static void log_capacity_is_enforced(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    for (uint64_t i = 1; i <= RAFT_LOG_CAPACITY; i++) {
        assert_int_equal(append(s, i, 1), RAFT_STORAGE_OK);
    }
    assert_int_equal(append(s, RAFT_LOG_CAPACITY + 1, 1), RAFT_STORAGE_ERR_FULL);
}

static void snapshot(struct raft_storage s, uint64_t index, uint64_t term, const char *data)
{
    struct raft_snapshot_meta meta;
    memset(&meta, 0, sizeof meta);
    meta.index = index;
    meta.term = term;
    meta.conf_len = 3;
    memcpy(meta.conf, "\x01\x02\x03", 3);
    assert_int_equal(raft_storage_snapshot_begin(s, &meta), RAFT_STORAGE_OK);
    size_t len = strlen(data);
    for (size_t off = 0; off < len; off += 4) {
        size_t n = len - off < 4 ? len - off : 4;
        assert_int_equal(raft_storage_snapshot_write(s, (uint32_t)off, data + off, n), RAFT_STORAGE_OK);
    }
    assert_int_equal(raft_storage_snapshot_commit(s), RAFT_STORAGE_OK);
}

static void snapshot_compacts_and_keeps_a_matching_suffix(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    for (uint64_t i = 1; i <= 6; i++) {
        append(s, i, 1);
    }
    /* commit syncs what came before: no explicit sync here */
    snapshot(s, 4, 1, "state-at-4");
    raft_mem_storage_crash(mem, 0);
    struct raft_storage_state st;
    const uint64_t terms[] = {1, 1};
    expect_log(s, 5, terms, 2);
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_int_equal(st.snapshot.index, 4);
    assert_int_equal(st.snapshot.term, 1);
    assert_int_equal(st.snapshot.conf_len, 3);
    assert_memory_equal(st.snapshot.conf, "\x01\x02\x03", 3);
    assert_int_equal(st.snapshot.data_len, 10);
    char buf[16];
    size_t n;
    assert_int_equal(raft_storage_snapshot_read(s, 0, buf, 6, &n), RAFT_STORAGE_OK);
    assert_int_equal(n, 6);
    assert_int_equal(raft_storage_snapshot_read(s, 6, buf + 6, 10, &n), RAFT_STORAGE_OK);
    assert_int_equal(n, 4);
    assert_memory_equal(buf, "state-at-4", 10);
    assert_int_equal(raft_storage_snapshot_read(s, 11, buf, 10, &n), RAFT_STORAGE_ERR_INVALID);
    /* Appending continues after the suffix. */
    assert_int_equal(append(s, 7, 2), RAFT_STORAGE_OK);
    assert_int_equal(raft_storage_truncate(s, 4), RAFT_STORAGE_ERR_INVALID); /* inside the snapshot */
}

static void snapshot_with_conflicting_log_discards_it(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    for (uint64_t i = 1; i <= 6; i++) {
        append(s, i, 1);
    }
    raft_storage_sync(s);
    snapshot(s, 5, 2, "leader-state"); /* the leader's entry 5 has term 2 */
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_int_equal(st.last_index, 5);
    assert_int_equal(st.last_term, 2);
    struct raft_storage_entry e;
    assert_int_equal(raft_storage_next_entry(s, &e), 0);
    /* Snapshot beyond the end of the log. */
    snapshot(s, 9, 3, "later");
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_int_equal(st.last_index, 9);
    assert_int_equal(st.first_index, 10);
    assert_int_equal(append(s, 10, 3), RAFT_STORAGE_OK);
}

static void unfinished_snapshot_is_lost_in_a_crash(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    append(s, 1, 1);
    append(s, 2, 1);
    raft_storage_sync(s);
    struct raft_snapshot_meta meta;
    memset(&meta, 0, sizeof meta);
    meta.index = 2;
    meta.term = 1;
    assert_int_equal(raft_storage_snapshot_begin(s, &meta), RAFT_STORAGE_OK);
    assert_int_equal(raft_storage_snapshot_write(s, 0, "abc", 3), RAFT_STORAGE_OK);
    assert_int_equal(raft_storage_snapshot_write(s, 5, "abc", 3), RAFT_STORAGE_ERR_INVALID);
    raft_mem_storage_crash(mem, 0);
    assert_int_equal(raft_storage_snapshot_commit(s), RAFT_STORAGE_ERR_INVALID);
    const uint64_t terms[] = {1, 1};
    expect_log(s, 1, terms, 2);
    /* Oversized snapshot data is refused. */
    assert_int_equal(raft_storage_snapshot_begin(s, &meta), RAFT_STORAGE_OK);
    static uint8_t huge[RAFT_MEM_STORAGE_SNAPSHOT_CAPACITY + 1];
    assert_int_equal(raft_storage_snapshot_write(s, 0, huge, sizeof huge), RAFT_STORAGE_ERR_FULL);
    raft_storage_snapshot_abort(s);
}

static void ring_wraps_across_many_snapshots(void **state)
{
    (void)state;
    struct raft_storage s = raft_mem_storage_as_storage(mem);
    uint64_t index = 0;
    for (int round = 0; round < 5; round++) {
        for (int i = 0; i < RAFT_LOG_CAPACITY - 3; i++) {
            index++;
            assert_int_equal(append(s, index, (uint64_t)round + 1), RAFT_STORAGE_OK);
        }
        raft_storage_sync(s);
        snapshot(s, index - 2, (uint64_t)round + 1, "snap");
    }
    raft_mem_storage_crash(mem, 0);
    const uint64_t terms[] = {5, 5};
    expect_log(s, index - 1, terms, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(empty_storage_loads_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(synced_state_survives_a_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(unsynced_writes_are_dropped_by_a_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(crash_may_keep_a_prefix_of_the_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(unsynced_truncation_is_undone_by_a_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(contract_violations_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(log_capacity_is_enforced, setup, teardown),
        cmocka_unit_test_setup_teardown(snapshot_compacts_and_keeps_a_matching_suffix, setup, teardown),
        cmocka_unit_test_setup_teardown(snapshot_with_conflicting_log_discards_it, setup, teardown),
        cmocka_unit_test_setup_teardown(unfinished_snapshot_is_lost_in_a_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(ring_wraps_across_many_snapshots, setup, teardown),
    };
    return cmocka_run_group_tests_name("storage_mem", tests, NULL, NULL);
}
