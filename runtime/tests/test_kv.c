/* test_kv.c — key-value state machine: commands, limits, sessions, snapshots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "raft/raft_kv.h"

static struct raft_kv *kv_a, *kv_b;

static int setup(void **state)
{
    (void)state;
    kv_a = malloc(sizeof *kv_a);
    kv_b = malloc(sizeof *kv_b);
    raft_kv_init(kv_a);
    raft_kv_init(kv_b);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(kv_a);
    free(kv_b);
    return 0;
}

/* Encode and apply one command; returns the result status. */
static int run(struct raft_kv *kv, uint8_t op, uint64_t client, uint64_t seq, const char *key,
               const char *value, struct raft_kv_result *res)
{
    struct raft_kv_command cmd = {op, client, seq, (const uint8_t *)key, (uint32_t)strlen(key),
                                  (const uint8_t *)value, value ? (uint32_t)strlen(value) : 0};
    uint8_t buf[RAFT_KV_COMMAND_MAX];
    int status;
    size_t n = raft_kv_command_encode(&cmd, buf, sizeof buf, &status);
    assert_int_equal(status, RAFT_KV_OK);
    assert_true(n > 0);
    struct raft_kv_result local;
    raft_kv_apply(kv, buf, n, res ? res : &local);
    return (res ? res : &local)->status;
}

static void check_value(struct raft_kv *kv, const char *key, const char *value)
{
    const uint8_t *v;
    uint32_t vlen;
    if (value == NULL) {
        assert_int_equal(raft_kv_get(kv, (const uint8_t *)key, strlen(key), &v, &vlen), RAFT_KV_NOT_FOUND);
        return;
    }
    assert_int_equal(raft_kv_get(kv, (const uint8_t *)key, strlen(key), &v, &vlen), RAFT_KV_OK);
    assert_int_equal(vlen, strlen(value));
    assert_memory_equal(v, value, vlen);
}

static void put_get_delete(void **state)
{
    (void)state;
    struct raft_kv_result res;
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 0, 0, "alpha", "1", NULL), RAFT_KV_OK);
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 0, 0, "beta", "", NULL), RAFT_KV_OK);
    assert_int_equal(run(kv_a, RAFT_KV_GET, 0, 0, "alpha", NULL, &res), RAFT_KV_OK);
    assert_int_equal(res.value_len, 1);
    assert_memory_equal(res.value, "1", 1);
    check_value(kv_a, "beta", "");
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 0, 0, "alpha", "two words", NULL), RAFT_KV_OK);
    check_value(kv_a, "alpha", "two words");
    assert_int_equal(run(kv_a, RAFT_KV_DEL, 0, 0, "alpha", NULL, NULL), RAFT_KV_OK);
    assert_int_equal(run(kv_a, RAFT_KV_DEL, 0, 0, "alpha", NULL, NULL), RAFT_KV_NOT_FOUND);
    assert_int_equal(run(kv_a, RAFT_KV_GET, 0, 0, "alpha", NULL, &res), RAFT_KV_NOT_FOUND);
    assert_null(res.value);
    assert_int_equal(raft_kv_count(kv_a), 1);
    /* Keys are bytes: NUL, 0xFF and prefixes are distinct keys. */
    uint8_t k1[2] = {0, 0xFF}, k2[1] = {0};
    struct raft_kv_command cmd = {RAFT_KV_PUT, 0, 0, k1, 2, (const uint8_t *)"x", 1};
    uint8_t buf[RAFT_KV_COMMAND_MAX];
    int st;
    size_t n = raft_kv_command_encode(&cmd, buf, sizeof buf, &st);
    raft_kv_apply(kv_a, buf, n, &res);
    cmd.key = k2;
    cmd.key_len = 1;
    cmd.value = (const uint8_t *)"y";
    n = raft_kv_command_encode(&cmd, buf, sizeof buf, &st);
    raft_kv_apply(kv_a, buf, n, &res);
    const uint8_t *v;
    uint32_t vlen;
    assert_int_equal(raft_kv_get(kv_a, k1, 2, &v, &vlen), RAFT_KV_OK);
    assert_memory_equal(v, "x", 1);
    assert_int_equal(raft_kv_get(kv_a, k2, 1, &v, &vlen), RAFT_KV_OK);
    assert_memory_equal(v, "y", 1);
}

static void iteration_is_in_key_order(void **state)
{
    (void)state;
    const char *keys[] = {"m", "b", "zz", "a", "ba", "z", "bb", "0"};
    const char *sorted[] = {"0", "a", "b", "ba", "bb", "m", "z", "zz"};
    for (size_t i = 0; i < 8; i++) {
        run(kv_a, RAFT_KV_PUT, 0, 0, keys[i], keys[i], NULL);
    }
    assert_int_equal(raft_kv_count(kv_a), 8);
    for (uint32_t i = 0; i < 8; i++) {
        const uint8_t *k, *v;
        uint32_t klen, vlen;
        raft_kv_at(kv_a, i, &k, &klen, &v, &vlen);
        assert_int_equal(klen, strlen(sorted[i]));
        assert_memory_equal(k, sorted[i], klen);
    }
}

static void full_table_and_limits(void **state)
{
    (void)state;
    char key[16];
    for (int i = 0; i < RAFT_KV_MAX_KEYS; i++) {
        snprintf(key, sizeof key, "k%03d", i);
        assert_int_equal(run(kv_a, RAFT_KV_PUT, 0, 0, key, "v", NULL), RAFT_KV_OK);
    }
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 0, 0, "one-more", "v", NULL), RAFT_KV_ERR_FULL);
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 0, 0, "k000", "updated", NULL), RAFT_KV_OK); /* existing: fine */
    assert_int_equal(run(kv_a, RAFT_KV_DEL, 0, 0, "k005", NULL, NULL), RAFT_KV_OK);
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 0, 0, "one-more", "v", NULL), RAFT_KV_OK);
    assert_int_equal(raft_kv_count(kv_a), RAFT_KV_MAX_KEYS);

    /* The encoder refuses what the state machine would refuse. */
    uint8_t longkey[RAFT_KV_MAX_KEY_LEN + 1], longval[RAFT_KV_MAX_VALUE_LEN + 1];
    memset(longkey, 'k', sizeof longkey);
    memset(longval, 'v', sizeof longval);
    uint8_t buf[RAFT_KV_COMMAND_MAX + 64];
    int st;
    struct raft_kv_command cmd = {RAFT_KV_PUT, 1, 1, longkey, sizeof longkey, longval, 1};
    assert_int_equal(raft_kv_command_encode(&cmd, buf, sizeof buf, &st), 0);
    assert_int_equal(st, RAFT_KV_ERR_KEY_TOO_LONG);
    cmd.key_len = RAFT_KV_MAX_KEY_LEN;
    cmd.value_len = sizeof longval;
    assert_int_equal(raft_kv_command_encode(&cmd, buf, sizeof buf, &st), 0);
    assert_int_equal(st, RAFT_KV_ERR_VALUE_TOO_LONG);
    cmd.key_len = 0;
    assert_int_equal(raft_kv_command_encode(&cmd, buf, sizeof buf, &st), 0);
    assert_int_equal(st, RAFT_KV_ERR_EMPTY_KEY);
    cmd.key_len = RAFT_KV_MAX_KEY_LEN;
    cmd.value_len = RAFT_KV_MAX_VALUE_LEN;
    size_t n = raft_kv_command_encode(&cmd, buf, sizeof buf, &st);
    assert_true(n > 0 && n <= RAFT_KV_COMMAND_MAX);
    assert_int_equal(raft_kv_command_encode(&cmd, buf, n - 1, &st), 0); /* buffer too small */
    assert_int_equal(st, RAFT_KV_ERR_MALFORMED);

    /* A hand-made command with a too-long key or value (another client's
     * encoder) is refused by apply with the same status. */
    buf[0] = RAFT_KV_PUT;
    buf[1] = 0;
    buf[2] = 0;
    buf[3] = (uint8_t)sizeof longkey;
    memcpy(buf + 4, longkey, sizeof longkey);
    buf[4 + sizeof longkey] = 0;
    struct raft_kv_result res;
    raft_kv_apply(kv_b, buf, 5 + sizeof longkey, &res);
    assert_int_equal(res.status, RAFT_KV_ERR_KEY_TOO_LONG);
    buf[3] = 1;
    buf[5] = (uint8_t)sizeof longval;
    memcpy(buf + 6, longval, sizeof longval);
    raft_kv_apply(kv_b, buf, 6 + sizeof longval, &res);
    assert_int_equal(res.status, RAFT_KV_ERR_VALUE_TOO_LONG);
    assert_int_equal(raft_kv_count(kv_b), 0);
    assert_string_equal(raft_kv_status_name(RAFT_KV_ERR_VALUE_TOO_LONG), "value-too-long");
}

static void malformed_commands_never_crash(void **state)
{
    (void)state;
    struct raft_kv_result res;
    raft_kv_apply(kv_a, (const uint8_t *)"", 0, &res);
    assert_int_equal(res.status, RAFT_KV_ERR_MALFORMED);
    uint8_t bad_op[] = {9, 0, 0, 1, 'k'};
    raft_kv_apply(kv_a, bad_op, sizeof bad_op, &res);
    assert_int_equal(res.status, RAFT_KV_ERR_MALFORMED);
    uint8_t trailing[] = {RAFT_KV_DEL, 0, 0, 1, 'k', 0};
    raft_kv_apply(kv_a, trailing, sizeof trailing, &res);
    assert_int_equal(res.status, RAFT_KV_ERR_MALFORMED);
    uint32_t seed = 7;
    for (int round = 0; round < 20000; round++) {
        size_t len = seed % 24u;
        uint8_t *buf = malloc(len ? len : 1);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1664525u + 1013904223u;
            buf[i] = (uint8_t)(seed >> 24);
        }
        if (len > 0) {
            buf[0] = (uint8_t)(1 + round % 3);
        }
        raft_kv_apply(kv_a, buf, len, &res);
        assert_true(res.status <= RAFT_KV_ERR_MALFORMED);
        free(buf);
        seed = seed * 1664525u + 1013904223u;
    }
    assert_true(raft_kv_count(kv_a) <= RAFT_KV_MAX_KEYS);
}

static void retried_writes_apply_once(void **state)
{
    (void)state;
    struct raft_kv_result res;
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 42, 1, "x", "first", &res), RAFT_KV_OK);
    assert_false(res.duplicate);
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 7, 1, "x", "other", NULL), RAFT_KV_OK);
    /* Client 42 retries seq 1 (its reply was lost): not applied again. */
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 42, 1, "x", "first", &res), RAFT_KV_OK);
    assert_true(res.duplicate);
    check_value(kv_a, "x", "other");
    /* A delete's cached result is its original one. */
    assert_int_equal(run(kv_a, RAFT_KV_DEL, 42, 2, "x", NULL, NULL), RAFT_KV_OK);
    assert_int_equal(run(kv_a, RAFT_KV_DEL, 42, 2, "x", NULL, &res), RAFT_KV_OK);
    assert_true(res.duplicate);
    /* Older than the last: stale, refused. */
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 42, 1, "x", "first", &res), RAFT_KV_ERR_STALE);
    check_value(kv_a, "x", NULL);
    /* Gaps are fine. */
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 42, 10, "x", "ten", NULL), RAFT_KV_OK);
    check_value(kv_a, "x", "ten");
    /* Errors are cached too. */
    char key[16];
    for (int i = 0; i < RAFT_KV_MAX_KEYS; i++) {
        snprintf(key, sizeof key, "f%03d", i);
        run(kv_a, RAFT_KV_PUT, 0, 0, key, "v", NULL);
    }
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 42, 11, "new", "v", NULL), RAFT_KV_ERR_FULL);
    run(kv_a, RAFT_KV_DEL, 0, 0, "f000", NULL, NULL);
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 42, 11, "new", "v", &res), RAFT_KV_ERR_FULL);
    assert_true(res.duplicate);
    /* Client 0 has no session: every command applies. */
    assert_int_equal(run(kv_a, RAFT_KV_DEL, 0, 5, "x", NULL, NULL), RAFT_KV_OK);
    assert_int_equal(run(kv_a, RAFT_KV_DEL, 0, 5, "x", NULL, NULL), RAFT_KV_NOT_FOUND);
    /* Gets are not deduplicated and do not touch sessions. */
    assert_int_equal(run(kv_a, RAFT_KV_GET, 42, 1, "f001", NULL, &res), RAFT_KV_OK);
    assert_false(res.duplicate);
    assert_int_equal(run(kv_a, RAFT_KV_PUT, 42, 11, "new", "v", &res), RAFT_KV_ERR_FULL);
    assert_true(res.duplicate);
}

static void least_recently_used_session_is_evicted(void **state)
{
    (void)state;
    struct raft_kv_result res;
    for (uint64_t c = 1; c <= RAFT_MAX_SESSIONS; c++) {
        run(kv_a, RAFT_KV_PUT, c, 1, "k", "v", NULL);
    }
    run(kv_a, RAFT_KV_PUT, 1, 2, "k", "v", NULL); /* client 1 is now the most recent */
    run(kv_a, RAFT_KV_PUT, 1000, 1, "k", "v", NULL); /* evicts client 2 */
    assert_int_equal(kv_a->session_count, RAFT_MAX_SESSIONS);
    run(kv_a, RAFT_KV_PUT, 1, 2, "k", "v", &res);
    assert_true(res.duplicate); /* client 1 still known */
    run(kv_a, RAFT_KV_PUT, 3, 1, "k", "v", &res);
    assert_true(res.duplicate); /* client 3 still known */
    run(kv_a, RAFT_KV_PUT, 2, 1, "k", "v", &res);
    assert_false(res.duplicate); /* client 2 was forgotten: applied again (documented) */
    for (uint32_t i = 1; i < kv_a->session_count; i++) {
        assert_true(kv_a->sessions[i - 1].client_id < kv_a->sessions[i].client_id);
    }
}

/* The whole snapshot stream in chunks of `chunk` bytes. */
static size_t snapshot_bytes(const struct raft_kv *kv, size_t chunk, uint8_t *out, size_t cap)
{
    struct raft_kv_snapshot_cursor c;
    raft_kv_snapshot_start(kv, &c);
    size_t total = 0;
    for (;;) {
        size_t want = chunk < cap - total ? chunk : cap - total;
        size_t n = raft_kv_snapshot_next(kv, &c, out + total, want);
        if (n == 0) {
            break;
        }
        assert_true(n <= want);
        total += n;
    }
    return total;
}

static void fill_some(struct raft_kv *kv, uint32_t seed, int ops)
{
    char key[8], value[24];
    for (int i = 0; i < ops; i++) {
        seed = seed * 1103515245u + 12345u;
        snprintf(key, sizeof key, "k%u", (seed >> 8) % 40u);
        snprintf(value, sizeof value, "v%u", seed >> 12);
        uint64_t client = 1 + (seed >> 20) % 12u;
        if ((seed >> 4) % 4u == 0) {
            run(kv, RAFT_KV_DEL, client, (uint64_t)i + 1, key, NULL, NULL);
        } else {
            run(kv, RAFT_KV_PUT, client, (uint64_t)i + 1, key, value, NULL);
        }
    }
}

static void snapshot_round_trip_in_any_chunk_size(void **state)
{
    (void)state;
    fill_some(kv_a, 99, 300);
    static uint8_t whole[RAFT_KV_SNAPSHOT_MAX_SIZE];
    size_t n = snapshot_bytes(kv_a, 100000, whole, sizeof whole);
    assert_int_equal(n, raft_kv_snapshot_size(kv_a));
    assert_true(n <= RAFT_KV_SNAPSHOT_MAX_SIZE);
    for (size_t chunk = 1; chunk <= 70; chunk++) {
        static uint8_t again[RAFT_KV_SNAPSHOT_MAX_SIZE];
        assert_int_equal(snapshot_bytes(kv_a, chunk, again, sizeof again), n);
        assert_memory_equal(again, whole, n);
        struct raft_kv_restore r;
        raft_kv_restore_begin(&r, kv_b);
        for (size_t off = 0; off < n; off += chunk) {
            size_t k = n - off < chunk ? n - off : chunk;
            assert_int_equal(raft_kv_restore_feed(&r, whole + off, k), RAFT_KV_OK);
        }
        assert_int_equal(raft_kv_restore_finish(&r), RAFT_KV_OK);
        assert_int_equal(snapshot_bytes(kv_b, 64, again, sizeof again), n);
        assert_memory_equal(again, whole, n);
    }
    /* The restored machine behaves the same: sessions included. */
    struct raft_kv_result ra, rb;
    for (uint64_t c = 1; c <= 12; c++) {
        run(kv_a, RAFT_KV_PUT, c, 300, "k1", "retry", &ra);
        run(kv_b, RAFT_KV_PUT, c, 300, "k1", "retry", &rb);
        assert_int_equal(ra.status, rb.status);
        assert_int_equal(ra.duplicate, rb.duplicate);
    }
    /* An empty machine's snapshot round-trips too. */
    raft_kv_init(kv_a);
    n = snapshot_bytes(kv_a, 3, whole, sizeof whole);
    struct raft_kv_restore r;
    raft_kv_restore_begin(&r, kv_b);
    assert_int_equal(raft_kv_restore_feed(&r, whole, n), RAFT_KV_OK);
    assert_int_equal(raft_kv_restore_finish(&r), RAFT_KV_OK);
    assert_int_equal(raft_kv_count(kv_b), 0);
}

static void full_machine_snapshot_fits_the_bound(void **state)
{
    (void)state;
    uint8_t key[RAFT_KV_MAX_KEY_LEN], value[RAFT_KV_MAX_VALUE_LEN];
    memset(value, 0xEE, sizeof value);
    for (uint32_t i = 0; i < RAFT_KV_MAX_KEYS; i++) {
        memset(key, 'a', sizeof key);
        key[0] = (uint8_t)i;
        key[1] = (uint8_t)(i >> 8);
        struct raft_kv_command cmd = {RAFT_KV_PUT, UINT64_MAX - i, UINT64_MAX, key, sizeof key, value, sizeof value};
        uint8_t buf[RAFT_KV_COMMAND_MAX];
        int st;
        size_t n = raft_kv_command_encode(&cmd, buf, sizeof buf, &st);
        assert_int_equal(n, RAFT_KV_COMMAND_MAX - (5 - 1) * 2 - 0); /* 1-byte lengths here */
        struct raft_kv_result res;
        raft_kv_apply(kv_a, buf, n, &res);
        assert_int_equal(res.status, RAFT_KV_OK);
    }
    assert_int_equal(raft_kv_count(kv_a), RAFT_KV_MAX_KEYS);
    assert_true(raft_kv_snapshot_size(kv_a) <= RAFT_KV_SNAPSHOT_MAX_SIZE);
    print_message("full machine snapshot: %u of at most %u bytes\n", raft_kv_snapshot_size(kv_a),
                  (unsigned)RAFT_KV_SNAPSHOT_MAX_SIZE);
}

static void same_state_gives_same_snapshot_bytes(void **state)
{
    (void)state;
    /* Different histories (order, overwrites, deletes → different slots). */
    run(kv_a, RAFT_KV_PUT, 0, 0, "a", "1", NULL);
    run(kv_a, RAFT_KV_PUT, 0, 0, "b", "2", NULL);
    run(kv_a, RAFT_KV_PUT, 0, 0, "c", "3", NULL);
    run(kv_b, RAFT_KV_PUT, 0, 0, "tmp", "x", NULL);
    run(kv_b, RAFT_KV_PUT, 0, 0, "c", "0", NULL);
    run(kv_b, RAFT_KV_PUT, 0, 0, "b", "2", NULL);
    run(kv_b, RAFT_KV_DEL, 0, 0, "tmp", NULL, NULL);
    run(kv_b, RAFT_KV_PUT, 0, 0, "a", "1", NULL);
    run(kv_b, RAFT_KV_PUT, 0, 0, "c", "3", NULL);
    /* The applied counter is part of the state: bring them level. */
    kv_a->applied = kv_b->applied;
    uint8_t sa[512], sb[512];
    size_t na = snapshot_bytes(kv_a, 7, sa, sizeof sa);
    size_t nb = snapshot_bytes(kv_b, 5, sb, sizeof sb);
    assert_int_equal(na, nb);
    assert_memory_equal(sa, sb, na);
}

static void damaged_snapshots_are_refused(void **state)
{
    (void)state;
    fill_some(kv_a, 5, 120);
    static uint8_t whole[RAFT_KV_SNAPSHOT_MAX_SIZE + 1];
    size_t n = snapshot_bytes(kv_a, 512, whole, sizeof whole);
    struct raft_kv_restore r;
    /* Every single-byte change is caught (CRC, or structure first). */
    for (size_t i = 0; i < n; i++) {
        whole[i] ^= 0x41;
        raft_kv_restore_begin(&r, NULL);
        raft_kv_restore_feed(&r, whole, n);
        assert_int_equal(raft_kv_restore_finish(&r), RAFT_KV_ERR_MALFORMED);
        whole[i] ^= 0x41;
    }
    /* Truncated at every length, and with a trailing byte. */
    for (size_t cut = 0; cut < n; cut++) {
        raft_kv_restore_begin(&r, NULL);
        raft_kv_restore_feed(&r, whole, cut);
        assert_int_equal(raft_kv_restore_finish(&r), RAFT_KV_ERR_MALFORMED);
    }
    whole[n] = 0;
    raft_kv_restore_begin(&r, NULL);
    assert_int_equal(raft_kv_restore_feed(&r, whole, n + 1), RAFT_KV_ERR_MALFORMED);
    /* Validation alone changes nothing; a failed restore leaves kv empty. */
    raft_kv_restore_begin(&r, NULL);
    raft_kv_restore_feed(&r, whole, n);
    assert_int_equal(raft_kv_restore_finish(&r), RAFT_KV_OK);
    run(kv_b, RAFT_KV_PUT, 0, 0, "keep", "me", NULL);
    whole[n / 2] ^= 1;
    raft_kv_restore_begin(&r, kv_b);
    raft_kv_restore_feed(&r, whole, n);
    assert_int_equal(raft_kv_restore_finish(&r), RAFT_KV_ERR_MALFORMED);
    assert_int_equal(raft_kv_count(kv_b), 0);
    /* Random streams never crash the parser. */
    uint32_t seed = 3;
    for (int round = 0; round < 3000; round++) {
        size_t len = 1 + seed % 80u;
        uint8_t junk[80];
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1664525u + 1013904223u;
            junk[i] = (uint8_t)(seed >> 24);
        }
        junk[0] = 1;
        raft_kv_restore_begin(&r, kv_b);
        raft_kv_restore_feed(&r, junk, len);
        raft_kv_restore_finish(&r);
        seed = seed * 1664525u + 1013904223u;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(put_get_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(iteration_is_in_key_order, setup, teardown),
        cmocka_unit_test_setup_teardown(full_table_and_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_commands_never_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(retried_writes_apply_once, setup, teardown),
        cmocka_unit_test_setup_teardown(least_recently_used_session_is_evicted, setup, teardown),
        cmocka_unit_test_setup_teardown(snapshot_round_trip_in_any_chunk_size, setup, teardown),
        cmocka_unit_test_setup_teardown(full_machine_snapshot_fits_the_bound, setup, teardown),
        cmocka_unit_test_setup_teardown(same_state_gives_same_snapshot_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(damaged_snapshots_are_refused, setup, teardown),
    };
    return cmocka_run_group_tests_name("kv", tests, NULL, NULL);
}
