/* test_server.c — the node server end to end in one process: real cores,
 * in-memory storage, the in-process channel transport, control lines in and
 * reply/event lines out, on a test clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fault_files.h"
#include "raft/raft_message_codec.h"
#include "raft/raft_server.h"

#define N 3
#define LINES 256

struct node {
    uint32_t id;
    struct fixture *fx;
    struct raft_server server;
    struct raft_mem_storage storage;
    struct raft_channel channel;
    char lines[LINES][RAFT_CONTROL_LINE_MAX + 1];
    unsigned count;
};

struct fixture {
    uint32_t now;
    struct raft_channel_hub hub;
    struct raft_cluster_config cluster;
    struct node nodes[N + 1]; /* 1..N, plus a spare (id N+1) */
    unsigned n;
    bool prefix;
};

static uint32_t clock_ms(void *ctx) { return ((struct node *)ctx)->fx->now; }
static uint64_t clock_us(void *ctx) { return (uint64_t)clock_ms(ctx) * 1000u; }
static uint32_t seed(void *ctx) { return 42u + ((struct node *)ctx)->id; }
static void write_line(void *ctx, const char *line, size_t len)
{
    struct node *n = ctx;
    if (n->count < LINES) {
        memcpy(n->lines[n->count], line, len);
        n->lines[n->count][len] = '\0';
        n->count++;
    }
}

static struct raft_platform platform_of(struct node *n)
{
    return (struct raft_platform){.ctx = n, .now_ms = clock_ms, .now_us = clock_us, .seed = seed,
                                  .write_line = write_line, .idle = NULL};
}

static int start(struct fixture *fx, struct node *nd)
{
    struct raft_server_options opt;
    assert_int_equal(raft_server_options_from_cluster(&fx->cluster, (raft_node_id_t)nd->id, fx->prefix, &opt),
                     RAFT_OK);
    return raft_server_init(&nd->server, &opt, raft_mem_storage_as_storage(&nd->storage),
                            raft_channel_as_transport(&nd->channel), platform_of(nd));
}

static struct fixture *current; /* freed by the teardown, also after a failed assertion */

static int teardown(void **state)
{
    (void)state;
    free(current);
    current = NULL;
    return 0;
}

static struct fixture *make_fixture(unsigned voters, unsigned total, bool prefix)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    current = fx;
    fx->now = 5000;
    fx->n = total;
    fx->prefix = prefix;
    raft_channel_hub_init(&fx->hub);
    struct raft_cluster_config *cc = &fx->cluster;
    cc->name = "test";
    cc->election_timeout_min_ms = 100;
    cc->election_timeout_max_ms = 200;
    cc->heartbeat_ms = 20;
    cc->lease_ms = 80;
    cc->pre_vote = true;
    cc->check_quorum = true;
    cc->snapshot_threshold = 16;
    cc->request_timeout_ms = 500;
    cc->log_level = 1;
    cc->node_count = (uint8_t)total;
    for (unsigned i = 0; i < total; i++) {
        cc->nodes[i].id = (raft_node_id_t)(i + 1);
        cc->nodes[i].initial_role = i < voters ? RAFT_INITIAL_VOTER : RAFT_INITIAL_SPARE;
    }
    for (unsigned i = 0; i < total; i++) {
        struct node *nd = &fx->nodes[i];
        nd->id = i + 1;
        nd->fx = fx;
        raft_mem_storage_init(&nd->storage);
        assert_int_equal(raft_channel_attach(&fx->hub, &nd->channel, nd->id), RAFT_TRANSPORT_OK);
        assert_int_equal(start(fx, nd), RAFT_OK);
    }
    return fx;
}

static void run(struct fixture *fx, uint32_t ms)
{
    for (uint32_t t = 0; t < ms; t++) {
        fx->now++;
        for (unsigned i = 0; i < fx->n; i++)
            if (!raft_server_stopped(&fx->nodes[i].server))
                raft_server_poll(&fx->nodes[i].server);
    }
}

static struct node *leader(struct fixture *fx)
{
    for (unsigned i = 0; i < fx->n; i++)
        if (fx->nodes[i].server.core.role == RAFT_LEADER && !raft_server_stopped(&fx->nodes[i].server))
            return &fx->nodes[i];
    return NULL;
}

static struct node *a_follower(struct fixture *fx)
{
    for (unsigned i = 0; i < fx->n; i++)
        if (fx->nodes[i].server.core.role == RAFT_FOLLOWER &&
            raft_membership_is_voter(&fx->nodes[i].server.core.membership, (raft_node_id_t)fx->nodes[i].id))
            return &fx->nodes[i];
    return NULL;
}

/* Send a line, run until a line starting with `tag ` appears; return it. */
static const char *ask(struct fixture *fx, struct node *nd, const char *line, uint32_t max_ms)
{
    char tag[32];
    sscanf(line, "%31s", tag);
    if (fx->prefix)
        sscanf(line, "%*s %31s", tag);
    size_t tl = strlen(tag);
    unsigned from = nd->count;
    raft_server_handle_line(&nd->server, line, strlen(line));
    for (uint32_t t = 0; t <= max_ms; t++) {
        for (unsigned i = from; i < nd->count; i++) {
            const char *l = nd->lines[i];
            if (fx->prefix && l[0] == '@')
                l = strchr(l, ' ') + 1;
            if (strncmp(l, tag, tl) == 0 && l[tl] == ' ')
                return l + tl + 1;
        }
        run(fx, 1);
    }
    return "(no reply)";
}

static bool saw(struct node *nd, const char *text)
{
    for (unsigned i = 0; i < nd->count; i++)
        if (strstr(nd->lines[i], text))
            return true;
    return false;
}

/* ---- tests ---- */

static void options_from_cluster_table(void **state)
{
    (void)state;
    struct raft_cluster_config cc = {.election_timeout_min_ms = 100, .election_timeout_max_ms = 200,
                                     .heartbeat_ms = 20, .node_count = 3};
    cc.nodes[0] = (struct raft_node_address){.id = 1, .initial_role = RAFT_INITIAL_VOTER};
    cc.nodes[1] = (struct raft_node_address){.id = 2, .initial_role = RAFT_INITIAL_VOTER};
    cc.nodes[2] = (struct raft_node_address){.id = 9, .initial_role = RAFT_INITIAL_SPARE};
    struct raft_server_options o;
    assert_int_equal(raft_server_options_from_cluster(&cc, 2, false, &o), RAFT_OK);
    assert_int_equal(o.bootstrap.count, 2);
    assert_int_equal(o.core.id, 2);
    assert_int_equal(raft_server_options_from_cluster(&cc, 9, false, &o), RAFT_OK); /* spare */
    assert_int_equal(raft_server_options_from_cluster(&cc, 4, false, &o), RAFT_ERR_INVALID);
    cc.nodes[0].initial_role = cc.nodes[1].initial_role = RAFT_INITIAL_SPARE;
    assert_int_equal(raft_server_options_from_cluster(&cc, 1, false, &o), RAFT_ERR_INVALID); /* no voter */
}

static void put_get_del_through_any_node(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    run(fx, 400);
    struct node *l = leader(fx), *f = a_follower(fx);
    assert_non_null(l);
    assert_non_null(f);
    assert_true(saw(l, "event role leader"));
    /* a follower forwards to the leader and answers after commit + apply */
    assert_string_equal(ask(fx, f, "t1 put 7 1 greeting hello%20world\n", 300), "ok");
    assert_string_equal(ask(fx, f, "t2 get 7 1 greeting\n", 300), "value hello%20world");
    assert_string_equal(ask(fx, l, "t3 get 7 1 greeting\n", 300), "value hello%20world");
    assert_string_equal(ask(fx, l, "t4 del 7 2 greeting\n", 300), "ok");
    assert_string_equal(ask(fx, f, "t5 del 7 3 greeting\n", 300), "not-found");
    assert_string_equal(ask(fx, f, "t6 get 7 3 greeting\n", 300), "not-found");
    assert_true(fx->nodes[0].server.stats.applied_commands >= 3);
}

static void retried_write_applies_once(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    run(fx, 400);
    struct node *l = leader(fx);
    assert_string_equal(ask(fx, l, "a put 9 5 k first\n", 300), "ok");
    /* same client + sequence: answered from the session, not applied again */
    assert_string_equal(ask(fx, l, "b put 9 5 k second\n", 300), "ok");
    assert_string_equal(ask(fx, l, "c get 9 5 k\n", 300), "value first");
    /* an older sequence is stale */
    assert_string_equal(ask(fx, l, "d put 9 4 k third\n", 300), "err stale");
}

/* Group commit: the request lines handed in before one poll are persisted
 * with one sync and reach each follower in one AppendEntries, which the
 * follower persists with one sync too; every request is answered. */
static void lines_before_a_poll_share_one_sync(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    run(fx, 400);
    struct node *l = leader(fx);
    assert_non_null(l);
    struct raft_server_stats before = l->server.stats;
    unsigned first_line = l->count;
    char line[64];
    for (int i = 0; i < 8; i++) {
        snprintf(line, sizeof line, "g%d put 5 %d k%d v%d\n", i, i + 1, i, i);
        raft_server_handle_line(&l->server, line, strlen(line));
    }
    assert_int_equal(l->server.stats.syncs, before.syncs); /* nothing happens before the poll */
    assert_int_equal(l->server.stats.frames_out, before.frames_out);
    raft_server_poll(&l->server); /* same clock: no timer is due */
    assert_int_equal(l->server.stats.syncs, before.syncs + 1);
    assert_int_equal(l->server.stats.frames_out, before.frames_out + 2);
    for (unsigned i = 0; i < fx->n; i++) {
        struct node *f = &fx->nodes[i];
        if (f == l)
            continue;
        uint32_t syncs = f->server.stats.syncs;
        raft_server_poll(&f->server);
        assert_int_equal(f->server.stats.syncs, syncs + 1);
        assert_int_equal(raft_core_last_index(&f->server.core), raft_core_last_index(&l->server.core));
    }
    run(fx, 5);
    unsigned ok = 0;
    for (unsigned i = first_line; i < l->count; i++)
        ok += l->lines[i][0] == 'g' && strcmp(strchr(l->lines[i], ' '), " ok") == 0;
    assert_int_equal(ok, 8);
}

/* ---- the order of effects in a ready batch ---- */

/* Storage and transport that write what a node does, in order, into one
 * shared list: "2 append", "2 sync", "2 send append->3", ... */
struct recorder {
    struct raft_storage inner_storage;
    struct raft_transport inner_transport;
    uint32_t id;
};
static struct recorder recorders[N + 1];
static char effects[512][40];
static unsigned effect_count;

static void note(const struct recorder *r, const char *what, const char *detail)
{
    if (effect_count < 512)
        snprintf(effects[effect_count++], sizeof effects[0], "%u %s%s", r->id, what, detail);
}

static int rec_load(void *self, struct raft_storage_state *out)
{
    struct recorder *r = self;
    return raft_storage_load(r->inner_storage, out);
}
static int rec_next(void *self, struct raft_storage_entry *out)
{
    struct recorder *r = self;
    return raft_storage_next_entry(r->inner_storage, out);
}
static int rec_hard_state(void *self, uint64_t term, uint32_t vote)
{
    struct recorder *r = self;
    note(r, "hard-state", "");
    return raft_storage_set_hard_state(r->inner_storage, term, vote);
}
static int rec_append(void *self, const struct raft_storage_entry *e)
{
    struct recorder *r = self;
    note(r, "append", "");
    return raft_storage_append(r->inner_storage, e);
}
static int rec_truncate(void *self, uint64_t from)
{
    struct recorder *r = self;
    note(r, "truncate", "");
    return raft_storage_truncate(r->inner_storage, from);
}
static int rec_sync(void *self)
{
    struct recorder *r = self;
    note(r, "sync", "");
    return raft_storage_sync(r->inner_storage);
}
static int rec_snap_begin(void *self, const struct raft_snapshot_meta *m)
{
    struct recorder *r = self;
    return raft_storage_snapshot_begin(r->inner_storage, m);
}
static int rec_snap_write(void *self, uint32_t off, const void *d, size_t n)
{
    struct recorder *r = self;
    return raft_storage_snapshot_write(r->inner_storage, off, d, n);
}
static int rec_snap_commit(void *self)
{
    struct recorder *r = self;
    return raft_storage_snapshot_commit(r->inner_storage);
}
static void rec_snap_abort(void *self)
{
    struct recorder *r = self;
    raft_storage_snapshot_abort(r->inner_storage);
}
static int rec_snap_read(void *self, uint32_t off, void *buf, size_t cap, size_t *out)
{
    struct recorder *r = self;
    return raft_storage_snapshot_read(r->inner_storage, off, buf, cap, out);
}
static const struct raft_storage_ops recording_storage = {
    .load = rec_load, .next_entry = rec_next, .set_hard_state = rec_hard_state, .append = rec_append,
    .truncate = rec_truncate, .sync = rec_sync, .snapshot_begin = rec_snap_begin, .snapshot_write = rec_snap_write,
    .snapshot_commit = rec_snap_commit, .snapshot_abort = rec_snap_abort, .snapshot_read = rec_snap_read};

static int rec_send(void *self, uint32_t to, const void *data, size_t len)
{
    struct recorder *r = self;
    struct raft_message m;
    struct raft_entry_view entries[RAFT_MAX_BATCH];
    if (raft_message_decode(data, len, &m, entries) == 0) {
        char detail[32];
        snprintf(detail, sizeof detail, " %s->%u", raft_message_type_name(m.type), to);
        note(r, "send", detail);
    }
    return raft_transport_send(r->inner_transport, to, data, len);
}
static int rec_receive(void *self, uint32_t *from, void *buf, size_t cap, size_t *len)
{
    struct recorder *r = self;
    return r->inner_transport.ops->receive(r->inner_transport.self, from, buf, cap, len);
}
static int rec_wait_fd(void *self)
{
    (void)self;
    return -1;
}
static const struct raft_transport_stats *rec_stats(void *self)
{
    struct recorder *r = self;
    return r->inner_transport.ops->stats(r->inner_transport.self);
}
static const struct raft_transport_ops recording_transport = {
    .send = rec_send, .receive = rec_receive, .wait_fd = rec_wait_fd, .stats = rec_stats};

/* Effects of node `id` since `from`, joined by ", ". */
static const char *effects_of(uint32_t id, unsigned from)
{
    static char out[1024];
    size_t len = 0;
    out[0] = '\0';
    for (unsigned i = from; i < effect_count; i++) {
        char *sp = strchr(effects[i], ' ');
        if ((uint32_t)atoi(effects[i]) == id)
            len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", len ? ", " : "", sp + 1);
    }
    return out;
}

/* Restart the fixture's nodes (nothing stored yet) with recorders around
 * their storage and transport. */
static void record_effects(struct fixture *fx)
{
    effect_count = 0;
    for (unsigned i = 0; i < fx->n; i++) {
        struct node *nd = &fx->nodes[i];
        struct recorder *r = &recorders[i + 1];
        r->id = nd->id;
        r->inner_storage = raft_mem_storage_as_storage(&nd->storage);
        r->inner_transport = raft_channel_as_transport(&nd->channel);
        struct raft_server_options opt;
        raft_server_options_from_cluster(&fx->cluster, (raft_node_id_t)nd->id, false, &opt);
        struct raft_storage st = {&recording_storage, r};
        struct raft_transport tr = {&recording_transport, r};
        assert_int_equal(raft_server_init(&nd->server, &opt, st, tr, platform_of(nd)), RAFT_OK);
    }
}

/* Send before sync: a leader's AppendEntries leave before its own sync (the
 * followers' syncs overlap it); a follower's response, and every vote and
 * vote response, leave only after the sync that made them true. */
static void appends_go_out_before_the_sync_responses_and_votes_after(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    record_effects(fx);
    run(fx, 400);
    struct node *l = leader(fx);
    assert_non_null(l);
    uint32_t f1 = l->id % 3 + 1, f2 = f1 % 3 + 1;
    uint32_t fa = f1 < f2 ? f1 : f2, fb = f1 < f2 ? f2 : f1; /* messages go out in id order */
    uint32_t va = l->id < f2 ? l->id : f2, vb = l->id < f2 ? f2 : l->id;

    unsigned mark = effect_count;
    raft_server_handle_line(&l->server, "p put 1 1 k v\n", 14);
    raft_server_poll(&l->server);
    char want[160];
    snprintf(want, sizeof want, "send append->%u, send append->%u, append, sync", fa, fb);
    assert_string_equal(effects_of(l->id, mark), want);
    raft_server_poll(&fx->nodes[f1 - 1].server);
    snprintf(want, sizeof want, "append, sync, send append-resp->%u", l->id);
    assert_string_equal(effects_of(f1, mark), want);
    run(fx, 5);
    assert_true(saw(l, "p ok"));

    /* An election: the candidate's vote requests and the voters' answers
     * come after the sync of the term and vote they depend on. */
    mark = effect_count;
    char line[32];
    snprintf(line, sizeof line, "t transfer %u\n", f1);
    raft_server_handle_line(&l->server, line, strlen(line));
    raft_server_poll(&l->server);                    /* TimeoutNow */
    raft_server_poll(&fx->nodes[f1 - 1].server);     /* campaigns at once */
    snprintf(want, sizeof want, "hard-state, sync, send vote->%u, send vote->%u", va, vb);
    assert_string_equal(effects_of(f1, mark), want);
    raft_server_poll(&fx->nodes[f2 - 1].server);     /* grants */
    snprintf(want, sizeof want, "hard-state, sync, send vote-resp->%u", f1);
    assert_string_equal(effects_of(f2, mark), want);
    run(fx, 50);
    assert_ptr_equal(leader(fx), &fx->nodes[f1 - 1]);
}

/* ... except in a batch that makes a new term durable: a single voter with
 * a learner wins its election and appends its no-op in one batch; the
 * append to the learner carries the new term, so it waits for the sync. */
static void a_new_term_goes_out_only_after_its_sync(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(1, 2, false);
    fx->cluster.nodes[1].initial_role = RAFT_INITIAL_LEARNER;
    record_effects(fx);
    run(fx, 400);
    assert_ptr_equal(leader(fx), &fx->nodes[0]);
    const char *e = effects_of(1, 0);
    assert_true(strncmp(e, "hard-state, append, sync, send append->2", 40) == 0);
    assert_string_equal(ask(fx, &fx->nodes[0], "q put 1 1 k v\n", 50), "ok");
    /* later batches of the same term send first */
    unsigned mark = effect_count;
    raft_server_handle_line(&fx->nodes[0].server, "r put 1 2 k w\n", 14);
    raft_server_poll(&fx->nodes[0].server);
    assert_string_equal(effects_of(1, mark), "send append->2, append, sync");
}

static void status_and_bad_lines(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    run(fx, 400);
    struct node *l = leader(fx);
    const char *st = ask(fx, l, "s status\n", 0);
    char expect[64];
    snprintf(expect, sizeof expect, "status id=%u role=leader", l->id);
    assert_non_null(strstr(st, expect));
    assert_non_null(strstr(st, "voters=1,2,3"));
    assert_string_equal(ask(fx, l, "x frobnicate\n", 0), "err bad-request unknown-verb col=3");
    assert_string_equal(ask(fx, l, "y put 1 1 k\n", 0), "err bad-request missing-argument col=12");
    /* the line end is optional for callers that already split lines */
    assert_string_equal(ask(fx, l, "z put 1 1 k v", 300), "ok");
}

static void follower_without_leader_says_so(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    /* no time has passed: nobody leads yet */
    assert_string_equal(ask(fx, &fx->nodes[0], "q put 1 1 k v\n", 0), "err not-leader 0");
}

static void restart_restores_state_machine(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    run(fx, 400);
    struct node *l = leader(fx);
    char line[64];
    for (int i = 0; i < 40; i++) { /* enough for snapshots at the threshold of 16 */
        snprintf(line, sizeof line, "w%d put 3 %d key%d v%d\n", i, i + 1, i % 5, i);
        assert_string_equal(ask(fx, l, line, 300), "ok");
    }
    run(fx, 50);
    struct node *f = a_follower(fx);
    assert_true(f->server.stats.snapshots_taken >= 1);
    raft_index_t applied = f->server.core.applied;
    /* power cut: what was synced survives */
    raft_mem_storage_crash(&f->storage, 0);
    f->count = 0;
    assert_int_equal(start(fx, f), RAFT_OK);
    assert_true(raft_core_snapshot_index(&f->server.core) >= 16);
    assert_int_equal(raft_core_last_index(&f->server.core), applied);
    run(fx, 100);
    assert_int_equal(f->server.core.applied, l->server.core.commit);
    const uint8_t *v;
    uint32_t vlen;
    assert_int_equal(raft_kv_get(&f->server.kv, (const uint8_t *)"key4", 4, &v, &vlen), RAFT_KV_OK);
    assert_int_equal(vlen, 3);
    assert_memory_equal(v, "v39", 3);
}

/* A snapshot that comes due while a poll applies entries is taken by the
 * next poll, not before the main loop flushed that poll's replies: the poll
 * that applies the entry writes its reply and says "poll again now". */
static void a_due_snapshot_waits_for_the_next_poll(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    run(fx, 400);
    struct node *l = leader(fx);
    bool checked = false;
    char line[64];
    for (int i = 0; i < 40 && !checked; i++) {
        snprintf(line, sizeof line, "s%d put 4 %d key v%d\n", i, i + 1, i);
        raft_server_handle_line(&l->server, line, strlen(line));
        for (int t = 0; t < 50 && !checked; t++) {
            uint32_t taken = l->server.stats.snapshots_taken;
            run(fx, 1);
            if (!l->server.snapshot_due)
                continue;
            assert_int_equal(l->server.stats.snapshots_taken, taken);
            assert_int_equal(raft_server_idle_ms(&l->server), 0);
            raft_server_poll(&l->server);
            assert_int_equal(l->server.stats.snapshots_taken, taken + 1);
            assert_false(l->server.snapshot_due);
            assert_true(raft_server_idle_ms(&l->server) > 0);
            checked = true;
        }
    }
    assert_true(checked);
}

static void snapshot_command_and_event(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    run(fx, 400);
    struct node *l = leader(fx);
    assert_string_equal(ask(fx, l, "p put 1 1 a b\n", 300), "ok");
    assert_string_equal(ask(fx, l, "snap snapshot\n", 0), "ok");
    assert_true(saw(l, "event snapshot index="));
    assert_int_equal(raft_core_snapshot_index(&l->server.core), l->server.core.applied);
}

static void membership_and_transfer_by_lines(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 4, false);
    run(fx, 400);
    struct node *l = leader(fx), *f = a_follower(fx);
    assert_string_equal(ask(fx, f, "m1 add 4\n", 300), "ok"); /* forwarded */
    run(fx, 100);
    assert_string_equal(ask(fx, l, "m2 promote 4\n", 300), "ok");
    assert_true(saw(l, "event membership voters=1,2,3,4 learners=-"));
    assert_true(raft_membership_is_voter(&fx->nodes[3].server.core.membership, 4));
    assert_string_equal(ask(fx, l, "m3 add 4\n", 300), "err unknown-node");
    assert_string_equal(ask(fx, l, "t transfer 4\n", 300), "ok");
    run(fx, 200);
    assert_ptr_equal(leader(fx), &fx->nodes[3]);
    assert_true(saw(&fx->nodes[0], "event leader 4"));
}

static void multi_node_image_prefixes_lines(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, true);
    run(fx, 400);
    struct raft_server *all[3] = {&fx->nodes[0].server, &fx->nodes[1].server, &fx->nodes[2].server};
    raft_servers_dispatch_line(all, 3, "@2 s2 status\n", 13);
    assert_true(saw(&fx->nodes[1], "@2 s2 status id=2"));
    raft_servers_dispatch_line(all, 3, "s0 status\n", 10);
    assert_true(saw(&fx->nodes[0], "- err bad-request missing-node-prefix"));
    raft_servers_dispatch_line(all, 3, "@9 s9 status\n", 13);
    assert_true(saw(&fx->nodes[0], "- err bad-request unknown-node"));
}

static void malformed_frames_are_reported_and_ignored(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    run(fx, 400);
    struct node *l = leader(fx), *f = a_follower(fx);
    uint8_t junk[40];
    memset(junk, 0xEE, sizeof junk);
    struct raft_transport tr = raft_channel_as_transport(&l->channel);
    raft_transport_send(tr, f->id, junk, sizeof junk);
    /* a well-formed frame that lies about its sender */
    struct raft_message m = {.type = RAFT_MSG_TIMEOUT_NOW, .from = 3 - (l->id == 3), .to = f->id, .term = 99};
    if (m.from == f->id)
        m.from = l->id == 1 ? 2 : 1;
    uint8_t frame[64];
    int32_t len = raft_message_encode(&m, NULL, NULL, frame, sizeof frame);
    raft_transport_send(tr, f->id, frame, (size_t)len);
    run(fx, 5);
    assert_int_equal(f->server.stats.bad_frames, m.from == l->id ? 1 : 2);
    assert_true(saw(f, "event bad-frame from="));
    assert_ptr_equal(leader(fx), l); /* nothing disturbed */
}

/* Storage that fails every write: the node must stop with a clear line. */
static int fail_write(void *self, uint64_t a, uint32_t b)
{
    (void)self, (void)a, (void)b;
    return RAFT_STORAGE_ERR_IO;
}

static void storage_failure_stops_the_node(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(1, 1, false);
    struct node *nd = &fx->nodes[0];
    static struct raft_storage_ops broken;
    broken = *raft_mem_storage_as_storage(&nd->storage).ops;
    broken.set_hard_state = fail_write;
    struct raft_server_options opt;
    raft_server_options_from_cluster(&fx->cluster, 1, false, &opt);
    struct raft_storage st = {&broken, &nd->storage};
    assert_int_equal(raft_server_init(&nd->server, &opt, st, raft_channel_as_transport(&nd->channel),
                                      platform_of(nd)),
                     RAFT_OK);
    run(fx, 400); /* the election writes the hard state */
    assert_true(raft_server_stopped(&nd->server));
    assert_true(saw(nd, "event fatal storage io-error"));
}

static void corrupt_file_is_a_fatal_event_naming_the_file(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(1, 1, false);
    struct node *nd = &fx->nodes[0];
    static struct fault_files files;
    static struct raft_file_storage fs;
    ff_init(&files);
    struct raft_file_ops ops = ff_ops(&files);
    raft_file_storage_init(&fs, &ops, 1);
    struct raft_server_options opt;
    raft_server_options_from_cluster(&fx->cluster, 1, false, &opt);
    struct raft_storage st = raft_file_storage_as_storage(&fs);
    assert_int_equal(raft_server_init(&nd->server, &opt, st, raft_channel_as_transport(&nd->channel),
                                      platform_of(nd)),
                     RAFT_OK);
    run(fx, 300);
    char line[64];
    for (int i = 0; i < 6; i++) {
        snprintf(line, sizeof line, "w%d put 1 %d k%d v%d\n", i, i + 1, i, i);
        assert_string_equal(ask(fx, nd, line, 100), "ok");
    }
    /* damage a byte in the middle of the log file, then restart */
    raft_file_storage_close(&fs);
    struct ff_inode *log = ff_file(&files, "raft_node_1_log.bin");
    assert_non_null(log);
    assert_true(log->len > 40);
    log->data[log->len / 3] ^= 0x5A;
    memcpy(log->durable, log->data, log->len);
    raft_file_storage_init(&fs, &ops, 1);
    nd->count = 0;
    assert_int_equal(raft_server_init(&nd->server, &opt, st, raft_channel_as_transport(&nd->channel),
                                      platform_of(nd)),
                     RAFT_ERR_CORRUPT);
    assert_true(raft_server_stopped(&nd->server));
    assert_true(saw(nd, "event fatal storage-load corrupt why=raft_node_1_log.bin%20at%20byte%20"));
    raft_file_storage_close(&fs);
    ff_free(&files);
}

static void shutdown_stops(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(1, 1, false);
    run(fx, 300);
    assert_string_equal(ask(fx, &fx->nodes[0], "bye shutdown\n", 0), "ok");
    assert_true(raft_server_stopped(&fx->nodes[0].server));
}

static void timeout_when_quorum_is_gone(void **state)
{
    (void)state;
    struct fixture *fx = make_fixture(3, 3, false);
    run(fx, 400);
    struct node *l = leader(fx);
    for (unsigned i = 0; i < 3; i++) /* the others stop */
        if (&fx->nodes[i] != l)
            fx->nodes[i].server.stopped = true;
    const char *r = ask(fx, l, "late put 1 1 k v\n", 1000);
    assert_true(strcmp(r, "err timeout") == 0 || strcmp(r, "err dropped") == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(options_from_cluster_table),
        cmocka_unit_test_teardown(put_get_del_through_any_node, teardown),
        cmocka_unit_test_teardown(retried_write_applies_once, teardown),
        cmocka_unit_test_teardown(lines_before_a_poll_share_one_sync, teardown),
        cmocka_unit_test_teardown(appends_go_out_before_the_sync_responses_and_votes_after, teardown),
        cmocka_unit_test_teardown(a_new_term_goes_out_only_after_its_sync, teardown),
        cmocka_unit_test_teardown(status_and_bad_lines, teardown),
        cmocka_unit_test_teardown(follower_without_leader_says_so, teardown),
        cmocka_unit_test_teardown(restart_restores_state_machine, teardown),
        cmocka_unit_test_teardown(a_due_snapshot_waits_for_the_next_poll, teardown),
        cmocka_unit_test_teardown(snapshot_command_and_event, teardown),
        cmocka_unit_test_teardown(membership_and_transfer_by_lines, teardown),
        cmocka_unit_test_teardown(multi_node_image_prefixes_lines, teardown),
        cmocka_unit_test_teardown(malformed_frames_are_reported_and_ignored, teardown),
        cmocka_unit_test_teardown(storage_failure_stops_the_node, teardown),
        cmocka_unit_test_teardown(corrupt_file_is_a_fatal_event_naming_the_file, teardown),
        cmocka_unit_test_teardown(shutdown_stops, teardown),
        cmocka_unit_test_teardown(timeout_when_quorum_is_gone, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
