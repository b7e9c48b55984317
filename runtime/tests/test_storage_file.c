/*
 * test_storage_file.c — the record-file storage: round trips, torn tails at
 * every byte, bit flips, a crash at every mutating file operation (process
 * crash with torn writes, power loss with lost unsynced bytes), and the same
 * over real POSIX files.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../ports/posix/raft_posix_files.h"
#include "fault_files.h"
#include "raft/raft_crc32c.h"
#include "raft/raft_storage.h"

#define NODE 3u
#define MAX_IDX 400

/* ---- deterministic contents ------------------------------------------ */

static uint32_t entry_len(uint64_t index, uint64_t term)
{
    return (uint32_t)((index * 37u + term * 11u) % (RAFT_MAX_ENTRY_SIZE + 1u));
}

static void entry_bytes(uint64_t index, uint64_t term, uint8_t *out, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        out[i] = (uint8_t)(index * 131u + term * 7u + i * 13u);
    }
}

static void snapshot_bytes(uint64_t index, uint32_t len, uint8_t *out)
{
    for (uint32_t i = 0; i < len; i++) {
        out[i] = (uint8_t)(index + i * 3u);
    }
}

/* ---- reference model ------------------------------------------------- */

struct model {
    uint64_t term;
    uint32_t vote;
    uint64_t snap_index, snap_term;
    uint32_t snap_len;
    uint64_t last;
    uint64_t terms[MAX_IDX];
};

static bool model_equal_log(const struct model *a, const struct model *b)
{
    if (a->snap_index != b->snap_index || a->snap_term != b->snap_term || a->snap_len != b->snap_len ||
        a->last != b->last) {
        return false;
    }
    for (uint64_t i = a->snap_index + 1; i <= a->last; i++) {
        if (a->terms[i] != b->terms[i]) {
            return false;
        }
    }
    return true;
}

static void model_snapshot(struct model *m, uint64_t index, uint64_t term, uint32_t len)
{
    bool has = (index == m->snap_index && term == m->snap_term) ||
               (index > m->snap_index && index <= m->last && m->terms[index] == term);
    if (!has) {
        m->last = index;
    }
    m->snap_index = index;
    m->snap_term = term;
    m->snap_len = len;
}

/* ---- storage helpers -------------------------------------------------- */

static int do_append(struct raft_storage s, uint64_t index, uint64_t term)
{
    uint8_t data[RAFT_MAX_ENTRY_SIZE];
    uint32_t len = entry_len(index, term);
    entry_bytes(index, term, data, len);
    struct raft_storage_entry e = {index, term, (uint8_t)(index % 3u), len, data};
    return raft_storage_append(s, &e);
}

static int do_snapshot(struct raft_storage s, uint64_t index, uint64_t term, uint32_t len)
{
    struct raft_snapshot_meta meta;
    memset(&meta, 0, sizeof meta);
    meta.index = index;
    meta.term = term;
    meta.conf_len = 5;
    memcpy(meta.conf, "conf!", 5);
    int rc = raft_storage_snapshot_begin(s, &meta);
    uint8_t data[700];
    snapshot_bytes(index, len, data);
    for (uint32_t off = 0; rc == RAFT_STORAGE_OK && off < len; off += 100) {
        uint32_t n = len - off < 100 ? len - off : 100;
        rc = raft_storage_snapshot_write(s, off, data + off, n);
    }
    if (rc == RAFT_STORAGE_OK) {
        rc = raft_storage_snapshot_commit(s);
    }
    return rc;
}

/* Load everything through the storage into a model, checking each entry's
 * bytes and the snapshot's bytes. Returns the load result. */
static int load_into(struct raft_storage s, struct model *m, struct raft_storage_state *st)
{
    memset(m, 0, sizeof *m);
    int rc = raft_storage_load(s, st);
    if (rc != RAFT_STORAGE_OK) {
        return rc;
    }
    m->term = st->term;
    m->vote = st->vote;
    m->snap_index = st->snapshot.index;
    m->snap_term = st->snapshot.term;
    m->snap_len = st->snapshot.data_len;
    m->last = st->snapshot.index;
    if (st->snapshot.index > 0) {
        assert_int_equal(st->snapshot.conf_len, 5);
        assert_memory_equal(st->snapshot.conf, "conf!", 5);
        uint8_t got[700], want[700];
        size_t n;
        assert_true(st->snapshot.data_len <= sizeof got);
        assert_int_equal(raft_storage_snapshot_read(s, 0, got, sizeof got, &n), RAFT_STORAGE_OK);
        assert_int_equal(n, st->snapshot.data_len);
        snapshot_bytes(st->snapshot.index, st->snapshot.data_len, want);
        assert_memory_equal(got, want, n);
    }
    struct raft_storage_entry e;
    int more;
    while ((more = raft_storage_next_entry(s, &e)) == 1) {
        assert_int_equal(e.index, m->last + 1);
        assert_true(e.index < MAX_IDX);
        uint8_t want[RAFT_MAX_ENTRY_SIZE];
        assert_int_equal(e.len, entry_len(e.index, e.term));
        entry_bytes(e.index, e.term, want, e.len);
        assert_memory_equal(e.data, want, e.len);
        assert_int_equal(e.type, e.index % 3u);
        m->terms[e.index] = e.term;
        m->last = e.index;
    }
    assert_int_equal(more, 0);
    assert_int_equal(st->last_index, m->last);
    assert_int_equal(st->first_index, m->snap_index + 1);
    assert_int_equal(st->last_term, m->last > m->snap_index ? m->terms[m->last] : m->snap_term);
    return RAFT_STORAGE_OK;
}

/* Compaction thresholds of the storages new_storage makes: the defaults, or
 * tiny ones that make every rewrite path (dead log prefix, superseded
 * snapshot data, full journals) happen within a few operations. */
static uint32_t test_compact_bytes = RAFT_FILE_COMPACT_BYTES;
static uint32_t test_journal_bytes = RAFT_FILE_JOURNAL_BYTES;
/* 0: the files only append (boards); else the log is preallocated in steps
 * of this many bytes (native nodes, where the step is 1 MiB). */
static uint32_t test_preallocate_bytes = 0;

static struct raft_file_storage *new_storage(struct fault_files *ff)
{
    struct raft_file_storage *f = malloc(sizeof *f);
    ff->preallocating = test_preallocate_bytes > 0;
    struct raft_file_ops ops = ff_ops(ff);
    raft_file_storage_init(f, &ops, NODE);
    f->compact_bytes = test_compact_bytes;
    f->journal_bytes = test_journal_bytes;
    if (test_preallocate_bytes > 0) {
        f->preallocate_bytes = test_preallocate_bytes;
    }
    return f;
}

static void set_thresholds(uint32_t compact_bytes, uint32_t journal_bytes)
{
    test_compact_bytes = compact_bytes;
    test_journal_bytes = journal_bytes;
}

/* ---- the workload ------------------------------------------------------ */

struct history {
    struct model states[400];
    size_t count;
    size_t acked; /* states[acked] is the last state a sync acknowledged */
    bool stopped;  /* an operation failed: the crash (or a bug, if nothing crashed) */
};

static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void record(struct history *h, const struct model *m, bool acked)
{
    assert_true(h->count < sizeof h->states / sizeof h->states[0]);
    h->states[h->count] = *m;
    if (acked) {
        h->acked = h->count;
    }
    h->count++;
}

/* Run the seeded workload until it ends or an operation fails (the crash).
 * Every state after an operation is recorded; syncs mark acknowledgements. */
static void run_workload(struct raft_storage s, uint32_t seed, int steps, struct history *h)
{
    struct model m;
    memset(&m, 0, sizeof m);
    h->count = 0;
    h->acked = 0;
    h->stopped = false;
    record(h, &m, true);
    struct raft_storage_state st;
    if (raft_storage_load(s, &st) != RAFT_STORAGE_OK) {
        h->stopped = true;
        return;
    }
    uint64_t term = 1;
    for (int step = 0; step < steps; step++) {
        uint32_t r = rng_next(&seed) % 100u;
        int rc;
        bool acked = false;
        if (r < 8) {
            term++;
            m.term = term;
            m.vote = 1u + rng_next(&seed) % 5u;
            rc = raft_storage_set_hard_state(s, m.term, m.vote);
        } else if (r < 55) {
            int n = 1 + (int)(rng_next(&seed) % 4u);
            rc = RAFT_STORAGE_OK;
            for (int i = 0; i < n && rc == RAFT_STORAGE_OK && m.last + 1 < MAX_IDX; i++) {
                rc = do_append(s, m.last + 1, term);
                m.last++;
                m.terms[m.last] = term;
                if (rc == RAFT_STORAGE_OK && i + 1 < n) {
                    record(h, &m, false);
                }
            }
        } else if (r < 80) {
            rc = raft_storage_sync(s);
            acked = true;
        } else if (r < 88 && m.last > m.snap_index) {
            uint64_t from = m.snap_index + 1 + rng_next(&seed) % (m.last - m.snap_index);
            rc = raft_storage_truncate(s, from);
            m.last = from - 1;
        } else if (m.last > m.snap_index) {
            /* Mostly a leader's own snapshot; sometimes an installed one
             * that conflicts with or runs past the log. */
            uint32_t kind = rng_next(&seed) % 4u;
            uint64_t index = m.snap_index + 1 + rng_next(&seed) % (m.last - m.snap_index);
            uint64_t sterm = m.terms[index];
            if (kind == 1) {
                sterm = ++term;
            } else if (kind == 2) {
                index = m.last + 1 + rng_next(&seed) % 3u;
                sterm = ++term;
            }
            uint32_t len = rng_next(&seed) % 700u;
            rc = do_snapshot(s, index, sterm, len);
            model_snapshot(&m, index, sterm, len);
            acked = true;
        } else {
            continue;
        }
        record(h, &m, acked && rc == RAFT_STORAGE_OK);
        if (rc != RAFT_STORAGE_OK) {
            h->stopped = true;
            return;
        }
    }
}

static bool matches_some_state(const struct history *h, const struct model *got, bool *hs_ok)
{
    bool log_ok = false;
    *hs_ok = false;
    for (size_t i = h->acked; i < h->count; i++) {
        log_ok = log_ok || model_equal_log(&h->states[i], got);
        *hs_ok = *hs_ok || (h->states[i].term == got->term && h->states[i].vote == got->vote);
    }
    return log_ok;
}

/* After recovery the storage must keep working: append, sync, reload. */
static void check_still_usable(struct fault_files *ff, struct model *loaded)
{
    struct raft_file_storage *f = new_storage(ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    struct model again;
    assert_int_equal(load_into(s, &again, &st), RAFT_STORAGE_OK);
    assert_true(model_equal_log(&again, loaded)); /* a second load changes nothing */
    uint64_t term = 100;
    assert_int_equal(do_append(s, loaded->last + 1, term), RAFT_STORAGE_OK);
    assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
    raft_file_storage_close(f);
    raft_file_storage_init(f, &f->ops, NODE);
    assert_int_equal(load_into(s, &again, &st), RAFT_STORAGE_OK);
    assert_int_equal(again.last, loaded->last + 1);
    assert_int_equal(again.terms[again.last], term);
    raft_file_storage_close(f);
    free(f);
}

/* Start-up reports a state the node acts on at once (it answers a leader,
 * grants votes), so that state must already be durable: a power loss right
 * after start-up must bring back exactly the same. Checked on a copy of ff. */
static void check_survives_power_loss(const struct fault_files *ff, const struct model *reported,
                                      const char *context)
{
    struct fault_files cut;
    ff_copy(&cut, ff);
    ff_reboot(&cut, true, 0);
    struct raft_file_storage *f = new_storage(&cut);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    struct model again;
    if (load_into(s, &again, &st) != RAFT_STORAGE_OK) {
        char why[300];
        raft_file_storage_describe_fault(f, why, sizeof why);
        fail_msg("%s, then power loss: load failed: %s", context, why);
    }
    if (!model_equal_log(&again, reported) || again.term != reported->term || again.vote != reported->vote) {
        fail_msg("%s, then power loss: start-up reported snap %llu, last %llu, term %llu; "
                 "after the power loss: snap %llu, last %llu, term %llu",
                 context, (unsigned long long)reported->snap_index, (unsigned long long)reported->last,
                 (unsigned long long)reported->term, (unsigned long long)again.snap_index,
                 (unsigned long long)again.last, (unsigned long long)again.term);
    }
    raft_file_storage_close(f);
    free(f);
    ff_free(&cut);
}

struct crash_mode {
    bool power_loss;
    size_t bytes; /* tear (process crash) or keep (power loss) */
};

static void crash_at_every_operation(uint32_t seed, int steps, long *crash_points)
{
    static struct history h; /* large */
    struct fault_files ff;
    /* Count the mutations of a run without a crash. */
    ff_init(&ff);
    struct raft_file_storage *f = new_storage(&ff);
    run_workload(raft_file_storage_as_storage(f), seed, steps, &h);
    assert_false(h.stopped); /* without a crash every operation succeeds */
    long total = ff.mutations;
    raft_file_storage_close(f);
    free(f);
    ff_free(&ff);

    const struct crash_mode modes[] = {
        {false, 0}, {false, 1}, {false, 12}, {false, 1000}, {true, 0}, {true, 10}, {true, 100000},
    };
    for (long k = 0; k <= total; k++) {
        for (size_t mi = 0; mi < sizeof modes / sizeof modes[0]; mi++) {
            ff_init(&ff);
            f = new_storage(&ff);
            ff_arm(&ff, k, modes[mi].power_loss ? 0 : modes[mi].bytes);
            run_workload(raft_file_storage_as_storage(f), seed, steps, &h);
            assert_true(!h.stopped || ff.crashed); /* only the crash stops it */
            free(f);
            ff_reboot(&ff, modes[mi].power_loss, modes[mi].bytes);

            f = new_storage(&ff);
            struct raft_storage s = raft_file_storage_as_storage(f);
            struct raft_storage_state st;
            struct model got;
            int rc = load_into(s, &got, &st);
            if (rc != RAFT_STORAGE_OK) {
                char why[300];
                raft_file_storage_describe_fault(f, why, sizeof why);
                fail_msg("seed %u crash at op %ld mode %zu: load failed: %s", seed, k, mi, why);
            }
            bool hs_ok;
            if (!matches_some_state(&h, &got, &hs_ok) || !hs_ok) {
                fail_msg("seed %u crash at op %ld mode %zu: loaded state (snap %llu, last %llu, term %llu) "
                         "is not one the node could have had after its last sync",
                         seed, k, mi, (unsigned long long)got.snap_index, (unsigned long long)got.last,
                         (unsigned long long)got.term);
            }
            raft_file_storage_close(f);
            free(f);
            char context[80];
            snprintf(context, sizeof context, "seed %u crash at op %ld mode %zu", seed, k, mi);
            check_survives_power_loss(&ff, &got, context);
            check_still_usable(&ff, &got);
            assert_true(ff.open_max <= 3); /* the port contract in raft_storage.h */
            ff_free(&ff);
            (*crash_points)++;
        }
    }
}

/* Every crash point of four workloads under each compaction setting: the
 * defaults (snapshots append, nothing is rewritten), tiny thresholds (the
 * log, data file and journals are rewritten every few operations) and
 * thresholds of 1 (a rewrite at every chance, like a replace-per-snapshot
 * design); each with a log that only appends and with a preallocated one
 * (extended every few entries, so crashes hit extensions and overwrites of
 * their zeros). */
static void crash_at_every_file_operation(void **state)
{
    (void)state;
    const uint32_t settings[][2] = {
        {RAFT_FILE_COMPACT_BYTES, RAFT_FILE_JOURNAL_BYTES}, {600, 200}, {1, 1}};
    const uint32_t preallocations[] = {0, 700};
    long points = 0;
    for (size_t p = 0; p < sizeof preallocations / sizeof preallocations[0]; p++) {
        test_preallocate_bytes = preallocations[p];
        for (size_t k = 0; k < sizeof settings / sizeof settings[0]; k++) {
            set_thresholds(settings[k][0], settings[k][1]);
            for (uint32_t seed = 1; seed <= 4; seed++) {
                crash_at_every_operation(seed * 2654435761u, 60, &points);
            }
        }
    }
    test_preallocate_bytes = 0;
    set_thresholds(RAFT_FILE_COMPACT_BYTES, RAFT_FILE_JOURNAL_BYTES);
    print_message("crash points checked: %ld\n", points);
    assert_true(points > 20000);
}

/* ---- a power loss after a process crash and a restart ------------------ */

static bool crashed_at(const struct fault_files *ff, const char *op, const char *file)
{
    return ff->crashed && strcmp(ff->crash_op, op) == 0 && strcmp(ff->crash_file, file) == 0;
}

/* A store with entries 1..10 of term 2, synced, and nothing else pending. */
static struct raft_file_storage *synced_store(struct fault_files *ff)
{
    ff_init(ff);
    struct raft_file_storage *f = new_storage(ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    for (uint64_t i = 1; i <= 10; i++) {
        assert_int_equal(do_append(s, i, 2), RAFT_STORAGE_OK);
    }
    assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
    return f;
}

/* The hole the simulator once found (seeds 51455, 51816, ...), in today's
 * layout: the process dies at the sync of the snapshot journal, so the new
 * SNAPSHOT record is complete in the file but not durable; start-up adopts
 * it (it is the latest complete record), so it must make it durable: a
 * later power loss must not take the snapshot back (the log may already
 * be compacted by then). */
static void snapshot_record_read_at_start_up_survives_power_loss(void **state)
{
    (void)state;
    bool hit = false;
    for (long k = 0; !hit && k < 40; k++) {
        struct fault_files ff;
        struct raft_file_storage *f = synced_store(&ff);
        struct raft_storage s = raft_file_storage_as_storage(f);
        assert_int_equal(do_snapshot(s, 4, 2, 200), RAFT_STORAGE_OK); /* creates the journal */
        ff_arm(&ff, k, 0);
        int rc = do_snapshot(s, 6, 2, 300); /* appends to it */
        free(f); /* the process is gone; its handles with it */
        hit = crashed_at(&ff, "sync", "raft_node_3_snapshot_metadata.bin");
        if (hit) {
            assert_int_not_equal(rc, RAFT_STORAGE_OK);
            struct ff_inode *journal = ff_file(&ff, "raft_node_3_snapshot_metadata.bin");
            assert_true(journal->len > journal->durable_len); /* written, not durable */
            ff_reboot(&ff, false, 0); /* process crash: the bytes stay in the file */
            f = new_storage(&ff);
            s = raft_file_storage_as_storage(f);
            struct raft_storage_state st;
            struct model first;
            assert_int_equal(load_into(s, &first, &st), RAFT_STORAGE_OK);
            assert_int_equal(first.snap_index, 6); /* the complete record counts */
            assert_int_equal(first.snap_len, 300);
            assert_int_equal(first.last, 10);
            raft_file_storage_close(f);
            free(f);
            check_survives_power_loss(&ff, &first, "crash at the sync of the snapshot journal, restart");
        }
        ff_free(&ff);
    }
    assert_true(hit); /* the crash point exists: the test checked something */
}

/* A snapshot whose data went to snapshot_data.tmp (the data file was mostly
 * superseded data) is committed by its journal record; the process dies
 * before the rename of the data file. Start-up finds the record's data in
 * the temp file and finishes the rename; a later power loss keeps it. */
static void snapshot_data_rolled_forward_at_start_up_survives_power_loss(void **state)
{
    (void)state;
    set_thresholds(100, RAFT_FILE_JOURNAL_BYTES);
    bool hit = false;
    for (long k = 0; !hit && k < 40; k++) {
        struct fault_files ff;
        struct raft_file_storage *f = synced_store(&ff);
        struct raft_storage s = raft_file_storage_as_storage(f);
        assert_int_equal(do_snapshot(s, 4, 2, 300), RAFT_STORAGE_OK);
        assert_int_equal(do_snapshot(s, 5, 2, 200), RAFT_STORAGE_OK); /* appended: 300 dead bytes */
        ff_arm(&ff, k, 0);
        int rc = do_snapshot(s, 6, 2, 300); /* into the temp file */
        free(f);
        hit = crashed_at(&ff, "rename", "raft_node_3_snapshot_data.tmp");
        if (hit) {
            assert_int_not_equal(rc, RAFT_STORAGE_OK);
            ff_reboot(&ff, false, 0);
            f = new_storage(&ff);
            s = raft_file_storage_as_storage(f);
            struct raft_storage_state st;
            struct model first;
            assert_int_equal(load_into(s, &first, &st), RAFT_STORAGE_OK);
            assert_int_equal(first.snap_index, 6); /* rolled forward */
            assert_int_equal(first.snap_len, 300);
            assert_null(ff_file(&ff, "raft_node_3_snapshot_data.tmp"));
            assert_int_equal(ff_file(&ff, "raft_node_3_snapshot_data.bin")->len, 300);
            raft_file_storage_close(f);
            free(f);
            check_survives_power_loss(&ff, &first, "crash at the rename of snapshot_data.tmp, restart");
        }
        ff_free(&ff);
    }
    set_thresholds(RAFT_FILE_COMPACT_BYTES, RAFT_FILE_JOURNAL_BYTES);
    assert_true(hit);
}

/* Same for the log: the process dies at the sync of a batch, start-up reads
 * the whole batch (it is in the file), so it must make it durable. */
static void log_batch_read_at_start_up_survives_power_loss(void **state)
{
    (void)state;
    bool hit = false;
    for (long k = 0; !hit && k < 20; k++) {
        struct fault_files ff;
        struct raft_file_storage *f = synced_store(&ff);
        struct raft_storage s = raft_file_storage_as_storage(f);
        ff_arm(&ff, k, 0);
        int rc = RAFT_STORAGE_OK;
        for (uint64_t i = 11; i <= 14 && rc == RAFT_STORAGE_OK; i++) {
            rc = do_append(s, i, 3);
        }
        if (rc == RAFT_STORAGE_OK) {
            rc = raft_storage_sync(s);
        }
        free(f);
        hit = crashed_at(&ff, "sync", "raft_node_3_log.bin");
        if (hit) {
            assert_int_not_equal(rc, RAFT_STORAGE_OK);
            struct ff_inode *log = ff_file(&ff, "raft_node_3_log.bin");
            assert_true(log->len > log->durable_len); /* the batch is written, not durable */
            ff_reboot(&ff, false, 0);
            f = new_storage(&ff);
            s = raft_file_storage_as_storage(f);
            struct raft_storage_state st;
            struct model first;
            assert_int_equal(load_into(s, &first, &st), RAFT_STORAGE_OK);
            assert_int_equal(first.last, 14); /* the batch and its sync mark are in the file */
            raft_file_storage_close(f);
            free(f);
            check_survives_power_loss(&ff, &first, "crash at the sync of the log, restart");
        }
        ff_free(&ff);
    }
    assert_true(hit);
}

/* ---- round trip ------------------------------------------------------ */

static void round_trip_and_file_layout(void **state)
{
    (void)state;
    struct fault_files ff;
    ff_init(&ff);
    struct raft_file_storage *f = new_storage(&ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_int_equal(st.last_index, 0);
    assert_int_equal(raft_storage_set_hard_state(s, 7, 2), RAFT_STORAGE_OK);
    for (uint64_t i = 1; i <= 10; i++) {
        assert_int_equal(do_append(s, i, i < 5 ? 6 : 7), RAFT_STORAGE_OK);
    }
    assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
    assert_int_equal(do_snapshot(s, 6, 7, 250), RAFT_STORAGE_OK);
    raft_file_storage_close(f);

    assert_non_null(ff_file(&ff, "raft_node_3_metadata.bin"));
    assert_non_null(ff_file(&ff, "raft_node_3_log.bin"));
    assert_non_null(ff_file(&ff, "raft_node_3_snapshot_metadata.bin"));
    assert_non_null(ff_file(&ff, "raft_node_3_snapshot_data.bin"));
    assert_null(ff_file(&ff, "raft_node_3_log.tmp"));
    assert_int_equal(ff_file(&ff, "raft_node_3_snapshot_data.bin")->len, 250);

    raft_file_storage_init(f, &f->ops, NODE);
    struct model m;
    assert_int_equal(load_into(s, &m, &st), RAFT_STORAGE_OK);
    assert_int_equal(m.term, 7);
    assert_int_equal(m.vote, 2);
    assert_int_equal(m.snap_index, 6);
    assert_int_equal(m.last, 10);
    assert_int_equal(f->dropped_tail_bytes, 0);
    char why[64] = "x";
    assert_int_equal(raft_storage_describe_fault(s, why, sizeof why), 0); /* no fault: nothing to say */
    assert_string_equal(why, "");

    /* Another node's files are not ours. */
    struct raft_file_ops ops = ff_ops(&ff);
    raft_file_storage_init(f, &ops, 4);
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK); /* node 4 has no files: fresh */
    assert_int_equal(st.last_index, 0);
    raft_file_storage_close(f);
    free(f);
    ff_free(&ff);
}

static void contract_violations_are_refused(void **state)
{
    (void)state;
    struct fault_files ff;
    ff_init(&ff);
    struct raft_file_storage *f = new_storage(&ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(do_append(s, 1, 1), RAFT_STORAGE_ERR_INVALID); /* before load */
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_int_equal(do_append(s, 2, 1), RAFT_STORAGE_ERR_INVALID);
    assert_int_equal(do_append(s, 1, 1), RAFT_STORAGE_OK);
    uint8_t big[RAFT_MAX_ENTRY_SIZE + 1] = {0};
    struct raft_storage_entry e = {2, 1, 0, sizeof big, big};
    assert_int_equal(raft_storage_append(s, &e), RAFT_STORAGE_ERR_TOO_LARGE);
    assert_int_equal(raft_storage_truncate(s, 0), RAFT_STORAGE_ERR_INVALID);
    assert_int_equal(raft_storage_snapshot_write(s, 0, "x", 1), RAFT_STORAGE_ERR_INVALID);
    assert_int_equal(raft_storage_snapshot_commit(s), RAFT_STORAGE_ERR_INVALID);
    struct raft_snapshot_meta meta;
    memset(&meta, 0, sizeof meta);
    meta.index = 1;
    meta.term = 1;
    assert_int_equal(raft_storage_snapshot_begin(s, &meta), RAFT_STORAGE_OK);
    assert_int_equal(raft_storage_snapshot_write(s, 3, "x", 1), RAFT_STORAGE_ERR_INVALID);
    raft_storage_snapshot_abort(s);
    assert_null(ff_file(&ff, "raft_node_3_snapshot_data.tmp"));
    raft_file_storage_close(f);
    free(f);
    ff_free(&ff);
}

/* ---- no file replaced on the hot path, compaction amortized ------------- */

/* One round of a busy node: a batch of 5 entries and its sync, then a
 * snapshot 2 entries behind the log's end (an election every 50 rounds). */
static void busy_rounds(struct raft_storage s, struct model *m, int rounds, uint32_t snap_len)
{
    for (int r = 0; r < rounds; r++) {
        if (r % 50 == 49) {
            m->term++;
            m->vote = 1u + (uint32_t)r % 3u;
            assert_int_equal(raft_storage_set_hard_state(s, m->term, m->vote), RAFT_STORAGE_OK);
        }
        for (int k = 0; k < 5; k++) {
            m->last++;
            m->terms[m->last] = m->term;
            assert_int_equal(do_append(s, m->last, m->term), RAFT_STORAGE_OK);
        }
        assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
        assert_int_equal(do_snapshot(s, m->last - 2, m->term, snap_len), RAFT_STORAGE_OK);
        m->snap_index = m->last - 2;
        m->snap_term = m->term;
        m->snap_len = snap_len;
    }
}

/* With the default thresholds a snapshot appends its data and one journal
 * record and leaves the log alone: no file is renamed over, removed or
 * emptied (each frees blocks: 27-38 ms on a disk mounted with `discard`),
 * and it does not read the log's dead prefix to find the live log. */
static void snapshots_replace_no_file_on_the_hot_path(void **state)
{
    (void)state;
    struct fault_files ff;
    ff_init(&ff);
    struct raft_file_storage *f = new_storage(&ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    struct model m;
    memset(&m, 0, sizeof m);
    m.term = 2;
    m.vote = 1;
    assert_int_equal(raft_storage_set_hard_state(s, 2, 1), RAFT_STORAGE_OK);
    busy_rounds(s, &m, 1, 600); /* creates the journals and the data file */
    long frees = ff.frees, syncs = ff.syncs, read = ff.bytes_read;
    uint32_t rewrites = f->rewrites;
    const int rounds = 70; /* 350 entries: the dead prefix outgrows the checkpoints' reach */
    busy_rounds(s, &m, rounds, 600);
    print_message("%d snapshots: %ld blocks freed, %ld syncs, %ld bytes read; log %zu B, data %zu B\n", rounds,
                  ff.frees - frees, ff.syncs - syncs, ff.bytes_read - read,
                  ff_file(&ff, "raft_node_3_log.bin")->len, ff_file(&ff, "raft_node_3_snapshot_data.bin")->len);
    assert_int_equal(ff.frees, frees);
    assert_int_equal(f->rewrites, rewrites);
    assert_int_equal(ff.syncs - syncs, 3 * rounds + 1); /* log, data, journal; one hard state */
    /* Finding the snapshot's entry reads from the nearest remembered
     * position: at most a stride of records per snapshot, never the prefix. */
    long per_snapshot = (long)(RAFT_LOG_CAPACITY / 16 + 2) * RAFT_FILE_RECORD_MAX + 2 * RAFT_FILE_READ_BUFFER;
    long whole_log = (long)ff_file(&ff, "raft_node_3_log.bin")->len;
    assert_true(ff.bytes_read - read <= rounds * per_snapshot);
    assert_true(ff.bytes_read - read < rounds * whole_log / 4); /* reading the prefix would be ~rounds * log / 2 */
    raft_file_storage_close(f);

    raft_file_storage_init(f, &f->ops, NODE);
    struct model got;
    assert_int_equal(load_into(s, &got, &st), RAFT_STORAGE_OK);
    assert_true(model_equal_log(&got, &m));
    assert_int_equal(got.term, m.term);
    raft_file_storage_close(f);
    free(f);
    ff_free(&ff);
}

/* With small thresholds the dead bytes are rewritten away now and then, and
 * only then: the files stay bounded, the blocks freed are a small fraction
 * of the snapshots, and everything reloads. */
static void dead_bytes_are_rewritten_away_amortized(void **state)
{
    (void)state;
    const uint32_t compact = 4096, journal = 512;
    set_thresholds(compact, journal);
    struct fault_files ff;
    ff_init(&ff);
    struct raft_file_storage *f = new_storage(&ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    struct model m;
    memset(&m, 0, sizeof m);
    m.term = 1;
    const int rounds = 70;
    size_t log_max = 0, data_max = 0, journal_max = 0;
    long frees = ff.frees;
    for (int r = 0; r < rounds; r++) {
        busy_rounds(s, &m, 1, 300 + (uint32_t)r * 5u);
        size_t lg = ff_file(&ff, "raft_node_3_log.bin")->len;
        size_t dt = ff_file(&ff, "raft_node_3_snapshot_data.bin")->len;
        size_t jr = ff_file(&ff, "raft_node_3_snapshot_metadata.bin")->len;
        log_max = lg > log_max ? lg : log_max;
        data_max = dt > data_max ? dt : data_max;
        journal_max = jr > journal_max ? jr : journal_max;
    }
    print_message("%d snapshots: %u rewrites, %ld blocks freed; largest log %zu B, data %zu B, journal %zu B\n",
                  rounds, f->rewrites, ff.frees - frees, log_max, data_max, journal_max);
    assert_true(log_max < compact + 2 * 5 * RAFT_FILE_RECORD_MAX + 200);
    assert_true(data_max < compact + 2 * (300 + rounds * 5));
    assert_true(journal_max < journal + 200);
    assert_true(f->rewrites > 10);              /* it does compact */
    assert_true(ff.frees - frees < rounds);     /* not once per snapshot */
    raft_file_storage_close(f);

    raft_file_storage_init(f, &f->ops, NODE);
    f->compact_bytes = compact;
    struct model got;
    assert_int_equal(load_into(s, &got, &st), RAFT_STORAGE_OK);
    assert_true(model_equal_log(&got, &m));
    raft_file_storage_close(f);
    free(f);
    ff_free(&ff);
    set_thresholds(RAFT_FILE_COMPACT_BYTES, RAFT_FILE_JOURNAL_BYTES);
}

/* ---- torn tails and bit flips ------------------------------------------ */

struct record_span {
    uint64_t start, end;
    uint8_t type;
    uint64_t last_index; /* log end after this record */
};

/* Walk the records of a log image independently of the storage code. */
static size_t parse_records(const uint8_t *data, size_t len, struct record_span *out, size_t cap)
{
    size_t n = 0;
    uint64_t off = 0, last = 0;
    while (off + 9 <= len && n < cap) {
        uint32_t plen = (uint32_t)data[off + 1] | (uint32_t)data[off + 2] << 8 |
                        (uint32_t)data[off + 3] << 16 | (uint32_t)data[off + 4] << 24;
        uint8_t type = data[off];
        if (type == 2) {
            last = 0;
            for (int i = 7; i >= 0; i--) {
                last = last << 8 | data[off + 9 + (size_t)i];
            }
        }
        out[n].start = off;
        out[n].end = off + 9 + plen;
        out[n].type = type;
        out[n].last_index = last;
        n++;
        off += 9 + plen;
    }
    assert_int_equal(off, len);
    return n;
}

/* A log with synced batches and, at the end, an unsynced batch. */
static void build_log(struct fault_files *ff)
{
    ff_init(ff);
    struct raft_file_storage *f = new_storage(ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    uint64_t i = 1;
    for (int batch = 0; batch < 4; batch++) {
        for (int k = 0; k < 3; k++, i++) {
            assert_int_equal(do_append(s, i, 1 + (uint64_t)batch), RAFT_STORAGE_OK);
        }
        if (batch < 3) {
            assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
        }
    }
    raft_file_storage_close(f);
    free(f);
}

static void torn_tail_at_every_byte_is_dropped(void **state)
{
    (void)state;
    struct fault_files base;
    build_log(&base);
    struct ff_inode *log = ff_file(&base, "raft_node_3_log.bin");
    struct record_span spans[64];
    size_t n = parse_records(log->data, log->len, spans, 64);
    assert_int_equal(spans[0].type, 1);
    for (size_t cut = 0; cut < log->len; cut++) {
        struct fault_files ff;
        ff_copy(&ff, &base);
        ff_file(&ff, "raft_node_3_log.bin")->len = cut;
        struct raft_file_storage *f = new_storage(&ff);
        struct raft_storage s = raft_file_storage_as_storage(f);
        struct raft_storage_state st;
        struct model m;
        int rc = load_into(s, &m, &st);
        if (cut < spans[0].end) {
            assert_int_equal(rc, RAFT_STORAGE_ERR_CORRUPT); /* the header came from a rename */
            assert_string_equal(f->fault.file, "raft_node_3_log.bin");
            assert_int_equal(f->fault.offset, 0);
        } else {
            assert_int_equal(rc, RAFT_STORAGE_OK);
            size_t whole = 0;
            while (whole + 1 < n && spans[whole + 1].end <= cut) {
                whole++;
            }
            assert_int_equal(m.last, spans[whole].last_index);
            assert_int_equal(f->dropped_tail_bytes, cut - spans[whole].end);
            raft_file_storage_close(f);
            check_still_usable(&ff, &m);
        }
        free(f);
        ff_free(&ff);
    }
    ff_free(&base);
}

static void bit_flips_before_the_last_sync_mark_are_errors(void **state)
{
    (void)state;
    struct fault_files base;
    build_log(&base);
    struct ff_inode *log = ff_file(&base, "raft_node_3_log.bin");
    struct record_span spans[64];
    size_t n = parse_records(log->data, log->len, spans, 64);
    size_t last_mark = 0;
    for (size_t i = 0; i < n; i++) {
        if (spans[i].type == 3) {
            last_mark = i;
        }
    }
    assert_true(last_mark > 0 && last_mark + 1 < n); /* unsynced records follow it */
    for (size_t r = 0; r < n; r++) {
        for (uint64_t b = spans[r].start; b < spans[r].end; b++) {
            struct fault_files ff;
            ff_copy(&ff, &base);
            ff_file(&ff, "raft_node_3_log.bin")->data[b] ^= (uint8_t)(1u << (b % 8));
            struct raft_file_storage *f = new_storage(&ff);
            struct raft_storage s = raft_file_storage_as_storage(f);
            struct raft_storage_state st;
            struct model m;
            int rc = load_into(s, &m, &st);
            if (r < last_mark) {
                if (rc != RAFT_STORAGE_ERR_CORRUPT) {
                    fail_msg("flip at byte %llu (record %zu) not reported", (unsigned long long)b, r);
                }
                assert_string_equal(f->fault.file, "raft_node_3_log.bin");
                assert_int_equal(f->fault.offset, spans[r].start);
                char why[400];
                raft_file_storage_describe_fault(f, why, sizeof why);
                char where[64];
                snprintf(where, sizeof where, "raft_node_3_log.bin at byte %llu:",
                         (unsigned long long)spans[r].start);
                assert_non_null(strstr(why, where));
                char via_ops[400]; /* what the server sees through the ops table */
                assert_int_equal(raft_storage_describe_fault(s, via_ops, sizeof via_ops), strlen(why));
                assert_string_equal(via_ops, why);
            } else {
                /* The last sync mark or an unsynced record: a torn tail. */
                assert_int_equal(rc, RAFT_STORAGE_OK);
                assert_int_equal(m.last, spans[r - 1].last_index);
            }
            raft_file_storage_close(f);
            free(f);
            ff_free(&ff);
        }
    }
    ff_free(&base);
}

/* The metadata journals and the snapshot data. A flipped bit in a record is
 * an error naming the file; a flip in a journal's last SYNC mark, or bytes
 * after it, is a torn tail: the record before it stands and the journal is
 * rewritten without the tail. The data file may hold bytes beyond the
 * snapshot's region (superseded or unfinished data); its region must match. */
static void damaged_metadata_files_are_errors(void **state)
{
    (void)state;
    struct fault_files base;
    ff_init(&base);
    struct raft_file_storage *f = new_storage(&base);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    raft_storage_set_hard_state(s, 4, 1);
    for (uint64_t i = 1; i <= 4; i++) {
        do_append(s, i, 4);
    }
    assert_int_equal(do_snapshot(s, 3, 4, 300), RAFT_STORAGE_OK);
    raft_file_storage_close(f);
    free(f);

    const char *files[] = {"raft_node_3_metadata.bin", "raft_node_3_snapshot_metadata.bin",
                           "raft_node_3_snapshot_data.bin"};
    for (size_t fi = 0; fi < 3; fi++) {
        struct ff_inode *n = ff_file(&base, files[fi]);
        size_t len = n->len;
        size_t tail_from = len; /* the journal's last SYNC mark starts here */
        if (fi < 2) {
            struct record_span spans[8];
            size_t count = parse_records(n->data, len, spans, 8);
            assert_int_equal(count, 2); /* the record and its SYNC mark */
            assert_int_equal(spans[1].type, 3);
            tail_from = spans[1].start;
        }
        for (size_t b = 0; b < len; b++) {
            struct fault_files ff;
            ff_copy(&ff, &base);
            ff_file(&ff, files[fi])->data[b] ^= 0x04;
            if (fi == 2 && b % 2 == 1) {
                /* a leftover temp file with other data does not stand in for it */
                int h = ff_open(&ff, "raft_node_3_snapshot_data.tmp", RAFT_FILE_CREATE);
                assert_int_equal(ff_write(&ff, h, n->data, (uint32_t)len / 2), 0);
                ff_close(&ff, h);
            }
            f = new_storage(&ff);
            s = raft_file_storage_as_storage(f);
            if (b < tail_from) {
                assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_ERR_CORRUPT);
                assert_string_equal(f->fault.file, files[fi]);
            } else {
                struct model m;
                assert_int_equal(load_into(s, &m, &st), RAFT_STORAGE_OK);
                assert_int_equal(m.term, 4);
                assert_int_equal(m.vote, 1);
                assert_int_equal(m.snap_index, 3);
                assert_int_equal(f->dropped_tail_bytes, len - tail_from);
            }
            raft_file_storage_close(f);
            free(f);
            ff_free(&ff);
        }
        /* A missing snapshot data file is an error; extra bytes after a
         * journal's last record are a torn tail, after the data region
         * superseded data. */
        for (int missing = 0; missing <= (fi == 2); missing++) {
            struct fault_files ff;
            ff_copy(&ff, &base);
            if (missing) {
                ff_remove(&ff, files[fi]);
            } else {
                struct ff_inode *grown = ff_file(&ff, files[fi]);
                ff_set_len(grown, grown->len + 1);
            }
            f = new_storage(&ff);
            s = raft_file_storage_as_storage(f);
            if (missing) {
                assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_ERR_CORRUPT);
                assert_string_equal(f->fault.file, files[fi]);
            } else {
                struct model m;
                assert_int_equal(load_into(s, &m, &st), RAFT_STORAGE_OK);
                assert_int_equal(m.snap_index, 3);
                assert_int_equal(f->dropped_tail_bytes, fi < 2 ? 1 : 0);
                /* a journal is rewritten without the tail; the data file keeps it */
                assert_int_equal(ff_file(&ff, files[fi])->len, fi < 2 ? len : len + 1);
            }
            raft_file_storage_close(f);
            free(f);
            ff_free(&ff);
        }
    }
    ff_free(&base);
}

/* A record-shaped byte string inside an entry is not mistaken for a record:
 * the CRC is salted with the record's offset. */
static void entry_data_that_looks_like_a_sync_mark_is_data(void **state)
{
    (void)state;
    struct fault_files ff;
    build_log(&ff);
    struct ff_inode *log = ff_file(&ff, "raft_node_3_log.bin");
    struct record_span spans[64];
    size_t n = parse_records(log->data, log->len, spans, 64);
    /* Copy a real sync mark's bytes into the data of the last (unsynced)
     * entry, then tear that entry: the copy sits at another offset, so its
     * salted CRC fails and the tear is still a torn tail. */
    size_t mark = 0;
    for (size_t i = 0; i < n; i++) {
        if (spans[i].type == 3) {
            mark = i;
        }
    }
    struct record_span *lastrec = &spans[n - 1];
    assert_true(lastrec->end - lastrec->start >= 9 + 21 + 17);
    memcpy(log->data + lastrec->end - 17, log->data + spans[mark].start, 17);
    log->data[lastrec->start + 12] ^= 1; /* damage the last entry */
    struct raft_file_storage *f = new_storage(&ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    struct model m;
    assert_int_equal(load_into(s, &m, &st), RAFT_STORAGE_OK);
    assert_int_equal(m.last, spans[n - 2].last_index);
    raft_file_storage_close(f);
    free(f);
    ff_free(&ff);
}

static void io_errors_are_not_mistaken_for_torn_tails(void **state)
{
    (void)state;
    struct fault_files ff;
    build_log(&ff);
    struct raft_file_storage *f = new_storage(&ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    ff.crashed = true; /* every call fails from now on */
    int rc = raft_storage_load(s, &st);
    assert_int_equal(rc, RAFT_STORAGE_ERR_IO);
    ff.crashed = false;
    struct model m;
    assert_int_equal(load_into(s, &m, &st), RAFT_STORAGE_OK);
    assert_int_equal(m.last, 12);
    raft_file_storage_close(f);
    free(f);
    ff_free(&ff);
}

/* ---- preallocated log, one write per batch ------------------------------ */

/* Appends to a preallocated log overwrite zeros the file already has: a
 * batch's sync never changes the file's length except when the log runs
 * out of room (one extension per preallocate_bytes); start-up takes the
 * zeros for room, not for a torn tail, and rewrites nothing. */
static void preallocated_log_grows_in_steps_and_reloads_without_rewrite(void **state)
{
    (void)state;
    struct fault_files ff;
    ff_init(&ff);
    test_preallocate_bytes = 4096;
    struct raft_file_storage *f = new_storage(&ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    assert_true(f->log_preallocated);
    size_t lengths_seen = 0, last_len = 0;
    uint64_t i = 1;
    for (int batch = 0; batch < 60; batch++) {
        for (int k = 0; k < 3; k++, i++) {
            assert_int_equal(do_append(s, i, 1), RAFT_STORAGE_OK);
        }
        assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
        size_t len = ff_file(&ff, "raft_node_3_log.bin")->len;
        lengths_seen += len != last_len;
        last_len = len;
        assert_true(f->log_size < len); /* zeros follow the records */
    }
    assert_true(f->extensions >= 2);
    assert_int_equal(lengths_seen, f->extensions); /* the length changed only by extensions */
    assert_true(last_len >= f->log_size + 1 && last_len <= f->log_size + RAFT_FILE_RECORD_MAX + 4096);
    raft_file_storage_close(f);
    free(f);

    /* The same files again: every entry, no rewrite, nothing dropped. */
    f = new_storage(&ff);
    s = raft_file_storage_as_storage(f);
    struct model m;
    assert_int_equal(load_into(s, &m, &st), RAFT_STORAGE_OK);
    assert_int_equal(m.last, 180);
    assert_int_equal(f->rewrites, 0);
    assert_int_equal(f->dropped_tail_bytes, 0);
    assert_int_equal(ff_file(&ff, "raft_node_3_log.bin")->len, last_len);
    assert_int_equal(do_append(s, 181, 2), RAFT_STORAGE_OK); /* goes where the zeros began */
    assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
    raft_file_storage_close(f);
    free(f);

    /* A build that only appends must not append after the zeros: it
     * rewrites the log without them and keeps every entry. */
    test_preallocate_bytes = 0;
    f = new_storage(&ff);
    s = raft_file_storage_as_storage(f);
    assert_int_equal(load_into(s, &m, &st), RAFT_STORAGE_OK);
    assert_int_equal(m.last, 181);
    assert_int_equal(f->rewrites, 1);
    assert_int_equal(ff_file(&ff, "raft_node_3_log.bin")->len, f->log_size);
    raft_file_storage_close(f);
    free(f);
    ff_free(&ff);
}

/* A torn record inside the preallocated room (bytes of it, then zeros) is
 * a torn tail like any other: dropped, the file rewritten, the synced
 * entries kept. Damage followed by a valid sync mark is still an error. */
static void torn_record_in_the_preallocated_room_is_dropped(void **state)
{
    (void)state;
    struct fault_files ff;
    ff_init(&ff);
    test_preallocate_bytes = 4096;
    struct raft_file_storage *f = new_storage(&ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    for (uint64_t i = 1; i <= 5; i++) {
        assert_int_equal(do_append(s, i, 1), RAFT_STORAGE_OK);
    }
    assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
    uint64_t end = f->log_size;
    raft_file_storage_close(f);
    free(f);
    struct ff_inode *log = ff_file(&ff, "raft_node_3_log.bin");
    assert_true(log->len > end + 64);
    memset(log->data + end, 2, 20); /* the first 20 bytes of a record */

    f = new_storage(&ff);
    s = raft_file_storage_as_storage(f);
    struct model m;
    assert_int_equal(load_into(s, &m, &st), RAFT_STORAGE_OK);
    assert_int_equal(m.last, 5);
    assert_int_equal(f->rewrites, 1);
    assert_true(f->dropped_tail_bytes > 0);
    raft_file_storage_close(f);
    free(f);
    test_preallocate_bytes = 0;
    ff_free(&ff);
}

/* One file write per batch with the write buffer (native builds): the
 * entries and the sync mark go out together; without it, one each. */
static void a_batch_is_one_write(void **state)
{
    (void)state;
    struct fault_files ff;
    ff_init(&ff);
    struct raft_file_storage *f = new_storage(&ff);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    long before = ff.writes;
    for (uint64_t i = 1; i <= 16; i++) {
        assert_int_equal(do_append(s, i, 1), RAFT_STORAGE_OK);
    }
    assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
#if RAFT_FILE_WRITE_BUFFER > 0
    assert_int_equal(ff.writes - before, 1);
#else
    assert_int_equal(ff.writes - before, 17);
#endif
    raft_file_storage_close(f);
    free(f);
    f = new_storage(&ff);
    s = raft_file_storage_as_storage(f);
    struct model m;
    assert_int_equal(load_into(s, &m, &st), RAFT_STORAGE_OK);
    assert_int_equal(m.last, 16);
    raft_file_storage_close(f);
    free(f);
    ff_free(&ff);
}

/* ---- real files ------------------------------------------------------- */

static void posix_files_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/raft-storage-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct raft_posix_files pf;
    assert_int_equal(raft_posix_files_open(&pf, dir), 0);
    struct raft_file_ops ops = raft_posix_files_ops(&pf);
    struct raft_file_storage *f = malloc(sizeof *f);
    raft_file_storage_init(f, &ops, NODE);
    struct raft_storage s = raft_file_storage_as_storage(f);
    struct raft_storage_state st;
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_OK);
    raft_storage_set_hard_state(s, 2, 3);
    for (uint64_t i = 1; i <= 20; i++) {
        assert_int_equal(do_append(s, i, 2), RAFT_STORAGE_OK);
    }
    assert_int_equal(raft_storage_sync(s), RAFT_STORAGE_OK);
    /* the POSIX port preallocates: the log file is longer than its records */
    assert_true(f->log_preallocated);
    char log_path[128];
    snprintf(log_path, sizeof log_path, "%s/raft_node_3_log.bin", dir);
    struct stat log_stat;
    assert_int_equal(stat(log_path, &log_stat), 0);
    assert_true((uint64_t)log_stat.st_size > f->log_size + RAFT_FILE_PREALLOCATE_BYTES / 2);
    assert_true((uint64_t)log_stat.st_size <= f->log_size + RAFT_FILE_PREALLOCATE_BYTES);
    assert_int_equal(raft_storage_truncate(s, 18), RAFT_STORAGE_OK);
    assert_int_equal(do_append(s, 18, 3), RAFT_STORAGE_OK);
    assert_int_equal(do_snapshot(s, 10, 2, 640), RAFT_STORAGE_OK);
    raft_file_storage_close(f);

    raft_file_storage_init(f, &ops, NODE);
    struct model m;
    assert_int_equal(load_into(s, &m, &st), RAFT_STORAGE_OK);
    assert_int_equal(m.term, 2);
    assert_int_equal(m.vote, 3);
    assert_int_equal(m.snap_index, 10);
    assert_int_equal(m.last, 18);
    assert_int_equal(m.terms[18], 3);
    raft_file_storage_close(f);

    /* Damage a record in the middle of the real log file. */
    char path[128];
    snprintf(path, sizeof path, "%s/raft_node_3_log.bin", dir);
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    fseek(fp, 60, SEEK_SET);
    int c = fgetc(fp);
    fseek(fp, 60, SEEK_SET);
    fputc(c ^ 0x20, fp);
    fclose(fp);
    raft_file_storage_init(f, &ops, NODE);
    assert_int_equal(raft_storage_load(s, &st), RAFT_STORAGE_ERR_CORRUPT);
    char why[400];
    raft_file_storage_describe_fault(f, why, sizeof why);
    assert_non_null(strstr(why, "raft_node_3_log.bin at byte"));
    print_message("fault message: %s\n", why);

    const char *names[] = {"metadata.bin", "log.bin", "snapshot_metadata.bin", "snapshot_data.bin"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/raft_node_3_%s", dir, names[i]);
        assert_int_equal(access(path, F_OK), 0);
        unlink(path);
    }
    raft_posix_files_close(&pf);

    /* A missing storage directory is created (its parent synced). */
    char fresh[128];
    snprintf(fresh, sizeof fresh, "%s/fresh/", dir);
    struct raft_posix_files pf2;
    assert_int_equal(raft_posix_files_open(&pf2, fresh), 0);
    assert_true(pf2.dir_fd >= 0);
    raft_posix_files_close(&pf2);
    assert_int_equal(rmdir(fresh), 0);
    assert_int_equal(rmdir(dir), 0); /* no temp files were left behind */
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_and_file_layout),
        cmocka_unit_test(contract_violations_are_refused),
        cmocka_unit_test(torn_tail_at_every_byte_is_dropped),
        cmocka_unit_test(bit_flips_before_the_last_sync_mark_are_errors),
        cmocka_unit_test(damaged_metadata_files_are_errors),
        cmocka_unit_test(entry_data_that_looks_like_a_sync_mark_is_data),
        cmocka_unit_test(io_errors_are_not_mistaken_for_torn_tails),
        cmocka_unit_test(snapshots_replace_no_file_on_the_hot_path),
        cmocka_unit_test(dead_bytes_are_rewritten_away_amortized),
        cmocka_unit_test(crash_at_every_file_operation),
        cmocka_unit_test(snapshot_record_read_at_start_up_survives_power_loss),
        cmocka_unit_test(snapshot_data_rolled_forward_at_start_up_survives_power_loss),
        cmocka_unit_test(log_batch_read_at_start_up_survives_power_loss),
        cmocka_unit_test(preallocated_log_grows_in_steps_and_reloads_without_rewrite),
        cmocka_unit_test(torn_record_in_the_preallocated_room_is_dropped),
        cmocka_unit_test(a_batch_is_one_write),
        cmocka_unit_test(posix_files_round_trip),
    };
    return cmocka_run_group_tests_name("storage_file", tests, NULL, NULL);
}
