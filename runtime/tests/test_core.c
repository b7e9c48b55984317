/* test_core.c — protocol tests of the pure Raft core, driven through the
 * core_cluster fixture (messages pass through the real wire codec). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "raft/raft_core.h"
#include "raft/raft_message_codec.h"
#include "raft_log.h"
#include "support/core_cluster.h"

static struct cc_cluster cluster;

static int teardown(void **state)
{
    (void)state;
    cc_free(&cluster);
    return 0;
}

static void assert_same_state_machines(struct cc_cluster *cl, unsigned n)
{
    for (unsigned i = 2; i <= n; i++) {
        assert_int_equal(cl->nodes[i - 1].sm_len, cl->nodes[0].sm_len);
        assert_memory_equal(cl->nodes[i - 1].sm, cl->nodes[0].sm, cl->nodes[0].sm_len);
    }
}

/* ---- options ---- */

static void init_rejects_bad_timing(void **state)
{
    (void)state;
    struct raft_core c;
    struct raft_membership m = {.count = 1, .members = {{1, RAFT_MEMBER_VOTER}}};
    struct raft_core_options o = {.id = 1, .election_timeout_min_ms = 100, .election_timeout_max_ms = 200,
                                  .heartbeat_ms = 20, .check_quorum = true};
    assert_int_equal(raft_core_init(&c, &o, &m, 0), RAFT_OK);
    o.heartbeat_ms = 100; /* not below the election timeout */
    assert_int_equal(raft_core_init(&c, &o, &m, 0), RAFT_ERR_INVALID);
    o.heartbeat_ms = 20;
    o.lease_ms = 95; /* above min - min/8 */
    assert_int_equal(raft_core_init(&c, &o, &m, 0), RAFT_ERR_INVALID);
    o.lease_ms = 80;
    o.check_quorum = false; /* a lease needs check-quorum */
    assert_int_equal(raft_core_init(&c, &o, &m, 0), RAFT_ERR_INVALID);
    o.check_quorum = true;
    assert_int_equal(raft_core_init(&c, &o, &m, 0), RAFT_OK);
    o.id = 0;
    assert_int_equal(raft_core_init(&c, &o, &m, 0), RAFT_ERR_INVALID);
}

/* ---- elections ---- */

static void single_node_elects_itself_and_commits(void **state)
{
    (void)state;
    cc_init(&cluster, 1, true, true, 0);
    cc_advance(&cluster, 250);
    struct raft_core *c = cc_core(&cluster, 1);
    assert_int_equal(c->role, RAFT_LEADER);
    assert_int_equal(c->term, 1);
    assert_int_equal(c->commit, 1); /* the no-op */
    assert_int_equal(cc_propose(&cluster, 1, "a"), RAFT_OK);
    cc_settle(&cluster);
    assert_int_equal(c->commit, 2);
    assert_int_equal(cluster.nodes[0].sm_len, 1);
}

/* The server may send a leader's new entries to the followers before its
 * own sync, so the leader counts itself toward a commit only up to what a
 * ready batch it acknowledged (raft_core_advance = persisted) wrote. With a
 * single voter its own vote is the quorum: the batch that writes the entry
 * must not commit or apply it; the acknowledgement commits it. */
static void leader_counts_its_own_entries_only_after_persist(void **state)
{
    (void)state;
    cc_init(&cluster, 1, true, true, 0);
    cc_advance(&cluster, 250);
    struct raft_core *c = cc_core(&cluster, 1);
    assert_int_equal(c->role, RAFT_LEADER);
    raft_index_t index;
    raft_term_t term;
    assert_int_equal(raft_core_propose(c, (const uint8_t *)"x", 1, &index, &term), RAFT_OK);
    assert_true(c->commit < index);
    struct raft_ready rd;
    raft_core_ready(c, &rd);
    assert_int_equal(rd.append_from, index); /* this batch persists it ... */
    assert_int_equal(rd.append_to, index);
    assert_true(rd.apply_to < index);        /* ... but does not apply it */
    assert_true(c->commit < index);
    raft_core_advance(c, &rd);               /* persisted */
    assert_int_equal(c->commit, index);
    assert_true(raft_core_has_ready(c));
    raft_core_ready(c, &rd);
    assert_int_equal(rd.apply_from, index);
    assert_int_equal(rd.apply_to, index);
    raft_core_advance(c, &rd);
    assert_int_equal(c->applied, index);
}

/* The recount an acknowledgement triggers must not count the leader's own
 * entry that is proposed but not yet persisted either: otherwise the batch
 * that persists it would carry, to a learner and before its sync, a commit
 * index covering an entry that is durable nowhere. A single voter and a
 * learner: the learner acknowledges entry w while entry x waits for its
 * batch; the append that batch sends says commit < x. */
static void a_recount_does_not_commit_unpersisted_entries(void **state)
{
    (void)state;
    cc_init_members(&cluster, 2, 1, true, true, 0);
    cc_advance(&cluster, 250);
    struct raft_core *c = cc_core(&cluster, 1);
    assert_int_equal(c->role, RAFT_LEADER);
    raft_index_t w, x;
    raft_term_t term;
    assert_int_equal(raft_core_change_membership(c, RAFT_CHANGE_ADD_LEARNER, 2, &w, &term), RAFT_OK);
    cc_advance(&cluster, 50);
    assert_int_equal(raft_core_last_index(cc_core(&cluster, 2)), raft_core_last_index(c));
    assert_int_equal(raft_core_propose(c, (const uint8_t *)"w", 1, &w, &term), RAFT_OK);
    cc_flush(&cluster);                      /* w persisted, its append to the learner queued */
    assert_int_equal(cluster.q_count, 1);
    assert_true(cc_deliver_one(&cluster));   /* the learner stores w and acknowledges it */
    assert_int_equal(raft_core_propose(c, (const uint8_t *)"x", 1, &x, &term), RAFT_OK);
    assert_true(cc_deliver_one(&cluster));   /* the leader recounts, then makes x's batch */
    bool seen = false;
    for (unsigned k = 0; k < cluster.q_count; k++) {
        struct cc_frame *f = &cluster.queue[(cluster.q_head + k) % CC_QUEUE];
        struct raft_message m;
        struct raft_entry_view entries[RAFT_MAX_BATCH];
        assert_int_equal(raft_message_decode(f->bytes, f->len, &m, entries), 0);
        if (m.type == RAFT_MSG_APPEND && m.u.append.n_entries && m.u.append.prev_index + m.u.append.n_entries == x) {
            assert_true(m.u.append.commit < x);
            seen = true;
        }
    }
    assert_true(seen);
    assert_int_equal(c->commit, x); /* once that batch was persisted, x commits */
}

static void election_with_pre_vote(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 2);
    assert_int_equal(cc_leader(&cluster), 2);
    cc_advance(&cluster, 25); /* followers learn the commit index from a heartbeat */
    for (raft_node_id_t i = 1; i <= 3; i++) {
        assert_int_equal(cc_core(&cluster, i)->term, 1);
        assert_int_equal(cc_core(&cluster, i)->leader, 2);
        assert_int_equal(cc_core(&cluster, i)->commit, 1);
    }
    assert_true(cluster.sent_by_type[RAFT_MSG_PREVOTE] >= 2);
    assert_int_equal(cluster.nodes[0].vote, 2); /* persisted */
}

static void randomized_timeouts_differ_per_node(void **state)
{
    (void)state;
    cc_init(&cluster, 5, true, true, 0);
    uint32_t seen[5];
    for (int i = 0; i < 5; i++)
        seen[i] = cc_core(&cluster, (raft_node_id_t)(i + 1))->election_deadline;
    int distinct = 0;
    for (int i = 0; i < 5; i++) {
        bool dup = false;
        for (int j = 0; j < i; j++)
            dup |= seen[j] == seen[i];
        distinct += !dup;
        assert_true(seen[i] >= cluster.now + 100 && seen[i] < cluster.now + 200);
    }
    assert_true(distinct >= 4);
}

static void isolated_node_with_pre_vote_does_not_disrupt(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_isolate(&cluster, 3, true);
    cc_advance(&cluster, 1000); /* node 3 pre-votes in vain, its term stays */
    assert_int_equal(cc_core(&cluster, 3)->term, 1);
    assert_int_equal(cc_leader(&cluster), 1);
    cc_isolate(&cluster, 3, false);
    cc_advance(&cluster, 300);
    assert_int_equal(cc_leader(&cluster), 1);
    assert_int_equal(cc_core(&cluster, 1)->term, 1);
    assert_int_equal(cc_core(&cluster, 3)->leader, 1);
}

static void without_pre_vote_isolated_node_bumps_term(void **state)
{
    (void)state;
    cc_init(&cluster, 3, false, false, 0);
    cc_elect(&cluster, 1);
    cc_isolate(&cluster, 3, true);
    cc_advance(&cluster, 1000);
    assert_true(cc_core(&cluster, 3)->term > 2); /* the contrast to the test above */
}

static void check_quorum_leader_steps_down(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_isolate(&cluster, 1, true);
    cc_advance(&cluster, 250);
    assert_int_not_equal(cc_core(&cluster, 1)->role, RAFT_LEADER);
    /* the majority elected someone else */
    raft_node_id_t l = cc_leader(&cluster);
    assert_true(l == 2 || l == 3);
}

static void stickiness_ignores_vote_while_leader_alive(void **state)
{
    (void)state;
    cc_init(&cluster, 3, false, true, 0);
    cc_elect(&cluster, 1);
    cc_advance(&cluster, 30); /* followers heard the leader recently */
    struct raft_message m = {.type = RAFT_MSG_VOTE, .from = 3, .to = 2, .term = 5};
    m.u.vote.last_index = 100;
    m.u.vote.last_term = 4;
    assert_int_equal(raft_core_step(cc_core(&cluster, 2), &m), RAFT_OK);
    assert_int_equal(cc_core(&cluster, 2)->term, 1); /* ignored */
    m.u.vote.transfer = true; /* a transfer bypasses stickiness */
    assert_int_equal(raft_core_step(cc_core(&cluster, 2), &m), RAFT_OK);
    assert_int_equal(cc_core(&cluster, 2)->term, 5);
    assert_int_equal(cc_core(&cluster, 2)->vote, 3);
}

static void vote_denied_to_stale_log(void **state)
{
    (void)state;
    cc_init(&cluster, 3, false, false, 0);
    cc_elect(&cluster, 1);
    cc_propose(&cluster, 1, "x");
    cc_settle(&cluster);
    struct raft_message m = {.type = RAFT_MSG_VOTE, .from = 3, .to = 2, .term = 2};
    m.u.vote.last_index = 1;
    m.u.vote.last_term = 1; /* node 2 has index 2 */
    raft_core_step(cc_core(&cluster, 2), &m);
    assert_int_equal(cc_core(&cluster, 2)->term, 2);
    assert_int_equal(cc_core(&cluster, 2)->vote, RAFT_NODE_NONE);
}

/* ---- replication ---- */

static void replicates_and_applies_in_order(void **state)
{
    (void)state;
    cc_init(&cluster, 5, true, true, 0);
    cc_elect(&cluster, 3);
    char cmd[16];
    for (int i = 0; i < 12; i++) {
        snprintf(cmd, sizeof cmd, "c%02d", i);
        assert_int_equal(cc_propose(&cluster, 3, cmd), RAFT_OK);
        if (i % 4 == 3)
            cc_settle(&cluster);
    }
    cc_advance(&cluster, 50); /* followers learn the commit index */
    for (raft_node_id_t i = 1; i <= 5; i++)
        assert_int_equal(cc_core(&cluster, i)->commit, 13);
    assert_int_equal(cluster.nodes[0].sm_len, 36);
    assert_memory_equal(cluster.nodes[0].sm, "c00c01c02c03", 12);
    assert_same_state_machines(&cluster, 5);
}

static void follower_rejects_non_leader_propose(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    assert_int_equal(cc_propose(&cluster, 2, "x"), RAFT_ERR_NOT_LEADER);
    uint8_t big[RAFT_MAX_ENTRY_SIZE + 1] = {0};
    raft_index_t i;
    raft_term_t t;
    assert_int_equal(raft_core_propose(cc_core(&cluster, 1), big, sizeof big, &i, &t), RAFT_ERR_TOO_LARGE);
}

static void pipelining_sends_window_without_waiting(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_advance(&cluster, 25); /* followers in replicate state */
    cc_drop_queue(&cluster);
    unsigned before = cluster.sent_by_type[RAFT_MSG_APPEND];
    for (int i = 0; i < 10; i++)
        assert_int_equal(cc_propose(&cluster, 1, "p"), RAFT_OK);
    /* No answer delivered yet: the window allows RAFT_MAX_INFLIGHT appends per follower. */
    assert_int_equal(cluster.sent_by_type[RAFT_MSG_APPEND] - before, 2 * RAFT_MAX_INFLIGHT);
    cc_settle(&cluster); /* acknowledgements release the rest, batched */
    assert_int_equal(cc_core(&cluster, 1)->commit, 11); /* no-op + 10 */
    assert_true(cluster.sent_by_type[RAFT_MSG_APPEND] - before < 2 * 10);
}

static void old_term_entry_commits_with_new_noop(void **state)
{
    (void)state;
    cc_init(&cluster, 3, false, false, 0);
    cc_elect(&cluster, 1);
    /* Replicate an entry to everyone but lose the acknowledgements: it is
     * never committed in term 1. */
    cluster.cut[2][1] = true;
    cluster.cut[3][1] = true;
    cc_propose(&cluster, 1, "e");
    cc_settle(&cluster);
    assert_int_equal(cc_core(&cluster, 1)->commit, 1);
    assert_int_equal(raft_core_last_index(cc_core(&cluster, 2)), 2);
    assert_int_equal(raft_core_last_index(cc_core(&cluster, 3)), 2);
    /* Node 1 fails; node 2 wins term 2. Its no-op commits and with it the
     * term-1 entry. Before the no-op is acknowledged, an acknowledgement of
     * the old entry alone must not commit it. */
    cc_crash(&cluster, 1);
    cluster.cut[2][1] = false;
    cluster.cut[3][1] = false;
    struct raft_core *c2 = cc_core(&cluster, 2);
    while (c2->role != RAFT_LEADER) {
        cluster.now++;
        raft_core_tick(c2, cluster.now);
        cc_flush(&cluster);
        while (cluster.q_count && c2->role != RAFT_LEADER)
            cc_deliver_one(&cluster);
    }
    cc_drop_queue(&cluster); /* the no-op has not reached node 3 */
    struct raft_message ack = {.type = RAFT_MSG_APPEND_RESP, .from = 3, .to = 2, .term = c2->term};
    ack.u.append_resp.success = true;
    ack.u.append_resp.index = 2; /* node 3 now holds the term-1 entry */
    raft_core_step(c2, &ack);
    assert_int_equal(c2->commit, 1); /* counted on a majority, but of an old term */
    cc_settle(&cluster);
    cc_advance(&cluster, 30);
    assert_int_equal(c2->commit, 3);
    assert_int_equal(cluster.nodes[1].sm_len, 1);
}

static void fast_backoff_skips_conflicting_terms(void **state)
{
    (void)state;
    cc_init(&cluster, 3, false, false, 0);
    cc_elect(&cluster, 1);
    /* Node 1 (cut off) appends 10 entries nobody else gets. */
    cc_isolate(&cluster, 1, true);
    for (int i = 0; i < 10; i++)
        cc_propose(&cluster, 1, "lost");
    cc_settle(&cluster);
    /* Node 2 leads term 2 and commits 10 entries of its own. */
    cc_elect(&cluster, 2);
    for (int i = 0; i < 10; i++)
        cc_propose(&cluster, 2, "kept");
    cc_settle(&cluster);
    cc_advance(&cluster, 30);
    /* Reconnect node 1: its conflicting suffix goes in one or two rounds, not ten. */
    unsigned rejects_before = cluster.sent_by_type[RAFT_MSG_APPEND_RESP];
    cc_isolate(&cluster, 1, false);
    cc_advance(&cluster, 50);
    assert_true(cluster.sent_by_type[RAFT_MSG_APPEND_RESP] - rejects_before < 10);
    assert_int_equal(raft_core_last_index(cc_core(&cluster, 1)), raft_core_last_index(cc_core(&cluster, 2)));
    raft_term_t t;
    raft_core_term_at(cc_core(&cluster, 1), 5, &t);
    assert_int_equal(t, 2);
    assert_same_state_machines(&cluster, 3);
}

static void lost_appends_are_recovered_by_heartbeats(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_advance(&cluster, 25);
    for (int i = 0; i < 6; i++)
        cc_propose(&cluster, 1, "z");
    cc_drop_queue(&cluster); /* every append lost */
    cc_advance(&cluster, 100);
    for (raft_node_id_t i = 1; i <= 3; i++)
        assert_int_equal(cc_core(&cluster, i)->commit, 7);
    assert_same_state_machines(&cluster, 3);
}

static void restart_restores_persisted_state(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    for (int i = 0; i < 5; i++)
        cc_propose(&cluster, 1, "r");
    cc_settle(&cluster);
    cc_advance(&cluster, 30);
    cc_crash(&cluster, 2);
    cc_restart(&cluster, 2);
    struct raft_core *c2 = cc_core(&cluster, 2);
    assert_int_equal(c2->term, 1);
    assert_int_equal(c2->vote, 1);
    assert_int_equal(raft_core_last_index(c2), 6);
    assert_int_equal(c2->commit, 0); /* relearned from the leader */
    cc_advance(&cluster, 30);
    assert_int_equal(c2->commit, 6);
    assert_same_state_machines(&cluster, 3);
}

/* ---- log capacity ---- */

static void full_log_refuses_then_snapshot_frees(void **state)
{
    (void)state;
    cc_init(&cluster, 1, false, false, 0);
    cc_advance(&cluster, 250);
    int rc = RAFT_OK, n = 0;
    while (rc == RAFT_OK && n < 1000) {
        rc = cc_propose(&cluster, 1, "0123456789");
        cc_settle(&cluster);
        n++;
    }
    assert_int_equal(rc, RAFT_ERR_LOG_FULL);
    assert_true(raft_core_wants_snapshot(cc_core(&cluster, 1), 1000));
    cc_snapshot(&cluster, 1);
    assert_int_equal(raft_core_snapshot_index(cc_core(&cluster, 1)), cc_core(&cluster, 1)->commit);
    assert_int_equal(cc_propose(&cluster, 1, "more"), RAFT_OK);
}

static void uncommitted_limit_keeps_room_for_new_leader(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_isolate(&cluster, 1, true);
    int rc = RAFT_OK, n = 0;
    while (rc == RAFT_OK && n < 1000) {
        rc = cc_propose(&cluster, 1, "u");
        n++;
    }
    assert_int_equal(rc, RAFT_ERR_BUSY);
    assert_int_equal(n - 1, RAFT_MAX_UNCOMMITTED);
}

static void full_follower_is_offered_entries_once_per_heartbeat(void **state)
{
    (void)state;
    /* Node 2 never compacts, so its log fills up; node 3 is away, so the
     * leader keeps offering node 2 what it cannot take. That must not turn
     * into a message storm: the leader waits for the next heartbeat. */
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_isolate(&cluster, 3, true);
    char cmd[64];
    unsigned worst = 0;
    for (int i = 0; i < 120; i++) {
        snprintf(cmd, sizeof cmd, "command-number-%03d-with-some-padding", i);
        cc_propose(&cluster, 1, cmd);
        unsigned n = cc_settle(&cluster);
        worst = n > worst ? n : worst;
        if (raft_core_wants_snapshot(cc_core(&cluster, 1), 20))
            cc_snapshot(&cluster, 1);
    }
    assert_true(worst < 20);
    assert_false(raft_log_fits(&cc_core(&cluster, 2)->log, 40)); /* it did fill up */
    unsigned before = cluster.delivered;
    cc_advance(&cluster, 200); /* ten heartbeats */
    assert_true(cluster.delivered - before <= 10 * 2 + 4);
}

/* ---- snapshots ---- */

static void lagging_follower_gets_chunked_snapshot(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_isolate(&cluster, 3, true);
    char cmd[64];
    for (int i = 0; i < 120; i++) {
        snprintf(cmd, sizeof cmd, "command-number-%03d-with-some-padding", i);
        assert_int_equal(cc_propose(&cluster, 1, cmd), RAFT_OK);
        cc_settle(&cluster);
        if (raft_core_wants_snapshot(cc_core(&cluster, 1), 20)) {
            cc_snapshot(&cluster, 1);
            cc_snapshot(&cluster, 2);
        }
    }
    cc_advance(&cluster, 30);
    assert_true(cluster.nodes[0].snap_len > 2 * RAFT_SNAPSHOT_CHUNK); /* several chunks */
    unsigned snaps = cluster.sent_by_type[RAFT_MSG_SNAPSHOT];
    cc_isolate(&cluster, 3, false);
    cc_advance(&cluster, 200);
    assert_true(cluster.sent_by_type[RAFT_MSG_SNAPSHOT] - snaps >= 3);
    assert_int_equal(cc_core(&cluster, 3)->commit, cc_core(&cluster, 1)->commit);
    assert_true(raft_core_snapshot_index(cc_core(&cluster, 3)) > 0);
    assert_same_state_machines(&cluster, 3);
    /* and it survives a restart from the installed snapshot */
    cc_crash(&cluster, 3);
    cc_restart(&cluster, 3);
    cc_advance(&cluster, 60);
    assert_same_state_machines(&cluster, 3);
}

static void snapshot_chunks_survive_loss(void **state)
{
    (void)state;
    char cmd[64];
    cc_init_members(&cluster, 2, 1, false, true, 0); /* node 2 joins later as a learner */
    cc_advance(&cluster, 250);
    for (int i = 0; i < 100; i++) {
        snprintf(cmd, sizeof cmd, "lossy-snapshot-payload-%03d", i);
        assert_int_equal(cc_propose(&cluster, 1, cmd), RAFT_OK);
        cc_settle(&cluster);
        if (raft_core_wants_snapshot(cc_core(&cluster, 1), 16))
            cc_snapshot(&cluster, 1);
    }
    cc_snapshot(&cluster, 1);
    raft_index_t at;
    raft_term_t t;
    assert_int_equal(raft_core_change_membership(cc_core(&cluster, 1), RAFT_CHANGE_ADD_LEARNER, 2, &at, &t),
                     RAFT_OK);
    /* deliver with every third frame lost */
    for (int round = 0; round < 3000 && cc_core(&cluster, 2)->commit < cc_core(&cluster, 1)->commit; round++) {
        cluster.now++;
        raft_core_tick(cc_core(&cluster, 1), cluster.now);
        raft_core_tick(cc_core(&cluster, 2), cluster.now);
        cc_flush(&cluster);
        unsigned k = 0;
        while (cluster.q_count) {
            if (++k % 3 == 0) {
                cluster.q_head = (cluster.q_head + 1) % CC_QUEUE;
                cluster.q_count--;
                continue;
            }
            cc_deliver_one(&cluster);
        }
    }
    assert_int_equal(cc_core(&cluster, 2)->commit, cc_core(&cluster, 1)->commit);
    assert_same_state_machines(&cluster, 2);
}

static void own_snapshot_during_a_transfer_restarts_it(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_advance(&cluster, 25); /* node 3 applies the no-op: it has something to snapshot */
    cc_isolate(&cluster, 3, true);
    char cmd[64];
    for (int i = 0; i < 120; i++) {
        snprintf(cmd, sizeof cmd, "command-number-%03d-with-some-padding", i);
        cc_propose(&cluster, 1, cmd);
        cc_settle(&cluster);
        for (raft_node_id_t id = 1; id <= 2; id++)
            if (raft_core_wants_snapshot(cc_core(&cluster, id), 20))
                cc_snapshot(&cluster, id);
    }
    cc_advance(&cluster, 25); /* node 2 learns the commit index */
    cc_isolate(&cluster, 3, false);
    struct raft_core *c3 = cc_core(&cluster, 3);
    /* deliver until node 3 holds the first chunk of the leader's snapshot */
    for (int guard = 0; guard < 200 && c3->recv_snap_offset == 0; guard++) {
        cluster.now++;
        raft_core_tick(cc_core(&cluster, 1), cluster.now);
        cc_flush(&cluster);
        while (cluster.q_count && c3->recv_snap_offset == 0)
            cc_deliver_one(&cluster);
    }
    assert_true(c3->recv_snap_offset > 0);
    /* node 3 stores a snapshot of its own (what it applied so far) */
    cc_snapshot(&cluster, 3);
    assert_int_equal(c3->recv_snap_offset, 0);
    cc_advance(&cluster, 200); /* the transfer starts over and completes */
    assert_int_equal(c3->commit, cc_core(&cluster, 1)->commit);
    assert_same_state_machines(&cluster, 3);
}

/* ---- membership ---- */

static void add_learner_promote_remove(void **state)
{
    (void)state;
    cc_init_members(&cluster, 4, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_propose(&cluster, 1, "before");
    cc_settle(&cluster);
    struct raft_core *c1 = cc_core(&cluster, 1);
    raft_index_t at;
    raft_term_t t;
    /* promote before add: unknown */
    assert_int_equal(raft_core_change_membership(c1, RAFT_CHANGE_PROMOTE, 4, &at, &t), RAFT_ERR_UNKNOWN_NODE);
    assert_int_equal(raft_core_change_membership(c1, RAFT_CHANGE_ADD_LEARNER, 4, &at, &t), RAFT_OK);
    /* one change at a time */
    assert_int_equal(raft_core_change_membership(c1, RAFT_CHANGE_REMOVE, 3, &at, &t), RAFT_ERR_BUSY);
    cc_advance(&cluster, 40);
    struct raft_core *c4 = cc_core(&cluster, 4);
    assert_int_equal(raft_membership_find(&c4->membership, 4) >= 0, true);
    assert_false(raft_membership_is_voter(&c4->membership, 4));
    assert_int_equal(c4->commit, c1->commit);
    assert_same_state_machines(&cluster, 4);
    /* a learner never campaigns */
    cc_isolate(&cluster, 4, true);
    cc_advance(&cluster, 500);
    assert_int_equal(c4->role, RAFT_FOLLOWER);
    assert_int_equal(c4->term, 1);
    cc_isolate(&cluster, 4, false);
    cc_advance(&cluster, 40);
    assert_int_equal(raft_core_change_membership(c1, RAFT_CHANGE_PROMOTE, 4, &at, &t), RAFT_OK);
    cc_advance(&cluster, 40);
    assert_true(raft_membership_is_voter(&c4->membership, 4));
    assert_int_equal(raft_membership_voters(&c1->membership), 4);
    /* remove the leader itself: it steps down once the change commits */
    assert_int_equal(raft_core_change_membership(c1, RAFT_CHANGE_REMOVE, 1, &at, &t), RAFT_OK);
    cc_settle(&cluster);
    assert_int_not_equal(c1->role, RAFT_LEADER);
    cc_advance(&cluster, 400);
    raft_node_id_t l = cc_leader(&cluster);
    assert_true(l >= 2 && l <= 4);
    assert_int_equal(raft_membership_voters(&cc_core(&cluster, l)->membership), 3);
    assert_int_equal(raft_membership_find(&cc_core(&cluster, l)->membership, 1), -1);
    /* the configuration survives restart */
    cc_crash(&cluster, 4);
    cc_restart(&cluster, 4);
    assert_int_equal(raft_membership_find(&c4->membership, 1), -1);
    assert_true(raft_membership_is_voter(&c4->membership, 4));
    /* and a snapshot */
    cc_advance(&cluster, 40);
    cc_snapshot(&cluster, l);
    assert_int_equal(raft_membership_voters(raft_core_membership_at_snapshot(cc_core(&cluster, l))), 3);
}

static void cannot_remove_last_voter(void **state)
{
    (void)state;
    cc_init(&cluster, 1, true, true, 0);
    cc_advance(&cluster, 250);
    raft_index_t at;
    raft_term_t t;
    assert_int_equal(raft_core_change_membership(cc_core(&cluster, 1), RAFT_CHANGE_REMOVE, 1, &at, &t),
                     RAFT_ERR_INVALID);
}

static void promote_requires_catch_up(void **state)
{
    (void)state;
    cc_init_members(&cluster, 3, 2, true, true, 0);
    cc_elect(&cluster, 1);
    cc_isolate(&cluster, 3, true);
    raft_index_t at;
    raft_term_t t;
    struct raft_core *c1 = cc_core(&cluster, 1);
    assert_int_equal(raft_core_change_membership(c1, RAFT_CHANGE_ADD_LEARNER, 3, &at, &t), RAFT_OK);
    cc_advance(&cluster, 30);
    assert_int_equal(raft_core_change_membership(c1, RAFT_CHANGE_PROMOTE, 3, &at, &t), RAFT_ERR_NOT_CAUGHT_UP);
}

/* ---- leadership transfer ---- */

static void transfer_leadership_with_timeout_now(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_propose(&cluster, 1, "t");
    cc_settle(&cluster);
    assert_int_equal(raft_core_transfer_leadership(cc_core(&cluster, 1), 3), RAFT_OK);
    assert_int_equal(cc_propose(&cluster, 1, "blocked"), RAFT_ERR_BUSY);
    cc_settle(&cluster);
    assert_int_equal(cc_leader(&cluster), 3);
    assert_int_equal(cc_core(&cluster, 3)->term, 2);
    assert_int_equal(cc_core(&cluster, 1)->leader, 3);
    assert_true(cluster.sent_by_type[RAFT_MSG_TIMEOUT_NOW] == 1);
    assert_int_equal(raft_core_transfer_leadership(cc_core(&cluster, 1), 2), RAFT_ERR_NOT_LEADER);
}

static void transfer_waits_for_catch_up(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_isolate(&cluster, 3, true);
    cc_propose(&cluster, 1, "behind");
    cc_settle(&cluster);
    assert_int_equal(raft_core_transfer_leadership(cc_core(&cluster, 1), 3), RAFT_OK);
    cc_settle(&cluster);
    assert_int_equal(cluster.sent_by_type[RAFT_MSG_TIMEOUT_NOW], 0);
    cc_isolate(&cluster, 3, false);
    cc_advance(&cluster, 30);
    assert_int_equal(cc_leader(&cluster), 3);
    assert_same_state_machines(&cluster, 3);
}

static void transfer_gives_up_after_timeout(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, false, 0);
    cc_elect(&cluster, 1);
    cc_isolate(&cluster, 3, true);
    cc_propose(&cluster, 1, "x");
    assert_int_equal(raft_core_transfer_leadership(cc_core(&cluster, 1), 3), RAFT_OK);
    cc_advance(&cluster, 250);
    assert_int_equal(cc_leader(&cluster), 1);
    assert_int_equal(cc_propose(&cluster, 1, "accepted again"), RAFT_OK);
}

/* ---- reads ---- */

static void read_index_needs_quorum_round(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_propose(&cluster, 1, "v");
    cc_settle(&cluster);
    struct raft_core *c1 = cc_core(&cluster, 1);
    assert_int_equal(raft_core_read_index(c1, 77), RAFT_OK);
    cc_flush(&cluster);
    assert_int_equal(cluster.nodes[0].reads_done, 0); /* not before the round */
    cc_settle(&cluster);
    assert_int_equal(cluster.nodes[0].reads_done, 1);
    assert_int_equal(cluster.nodes[0].read_tags[0], 77);
    assert_int_equal(cluster.nodes[0].read_index[0], 2);
    assert_int_equal(cluster.nodes[0].read_status[0], RAFT_OK);
    assert_int_equal(raft_core_read_index(cc_core(&cluster, 2), 1), RAFT_ERR_NOT_LEADER);
}

static void read_index_fails_when_leadership_lost(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 0);
    cc_elect(&cluster, 1);
    cc_isolate(&cluster, 1, true);
    assert_int_equal(raft_core_read_index(cc_core(&cluster, 1), 5), RAFT_OK);
    cc_advance(&cluster, 250); /* check-quorum: steps down */
    assert_int_equal(cluster.nodes[0].reads_done, 1);
    assert_int_equal(cluster.nodes[0].read_status[0], RAFT_ERR_NOT_LEADER);
}

static void lease_read_is_local_while_valid(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 80);
    cc_elect(&cluster, 1);
    cc_advance(&cluster, 25); /* acknowledged heartbeats */
    struct raft_core *c1 = cc_core(&cluster, 1);
    unsigned appends = cluster.sent_by_type[RAFT_MSG_APPEND];
    assert_int_equal(raft_core_read_index(c1, 9), RAFT_OK);
    cc_flush(&cluster);
    assert_int_equal(cluster.nodes[0].reads_done, 1); /* at once */
    assert_int_equal(cluster.sent_by_type[RAFT_MSG_APPEND], appends); /* no round */
    /* isolated: the lease runs out before anyone else can be elected */
    cc_isolate(&cluster, 1, true);
    cc_advance(&cluster, 85);
    assert_int_equal(raft_core_read_index(c1, 10), RAFT_OK);
    cc_flush(&cluster);
    assert_int_equal(cluster.nodes[0].reads_done, 1); /* waits for a round now */
}

static void lease_void_after_timeout_now(void **state)
{
    (void)state;
    cc_init(&cluster, 3, true, true, 80);
    cc_elect(&cluster, 1);
    cc_advance(&cluster, 25);
    cc_isolate(&cluster, 3, true);
    cc_cut(&cluster, 1, 3, false); /* 1 -> 3 and back only */
    assert_int_equal(raft_core_transfer_leadership(cc_core(&cluster, 1), 3), RAFT_OK);
    cc_flush(&cluster);
    cc_drop_queue(&cluster); /* TimeoutNow sent (then lost) */
    assert_true(cc_core(&cluster, 1)->lease_revoked);
    cc_advance(&cluster, 250); /* transfer abandoned, still leader */
    assert_int_equal(cc_leader(&cluster), 1);
    unsigned before = cluster.nodes[0].reads_done;
    assert_int_equal(raft_core_read_index(cc_core(&cluster, 1), 3), RAFT_OK);
    cc_flush(&cluster);
    assert_int_equal(cluster.nodes[0].reads_done, before); /* no lease in this term */
    cc_settle(&cluster);
    assert_int_equal(cluster.nodes[0].reads_done, before + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_rejects_bad_timing),
        cmocka_unit_test_teardown(single_node_elects_itself_and_commits, teardown),
        cmocka_unit_test_teardown(leader_counts_its_own_entries_only_after_persist, teardown),
        cmocka_unit_test_teardown(a_recount_does_not_commit_unpersisted_entries, teardown),
        cmocka_unit_test_teardown(election_with_pre_vote, teardown),
        cmocka_unit_test_teardown(randomized_timeouts_differ_per_node, teardown),
        cmocka_unit_test_teardown(isolated_node_with_pre_vote_does_not_disrupt, teardown),
        cmocka_unit_test_teardown(without_pre_vote_isolated_node_bumps_term, teardown),
        cmocka_unit_test_teardown(check_quorum_leader_steps_down, teardown),
        cmocka_unit_test_teardown(stickiness_ignores_vote_while_leader_alive, teardown),
        cmocka_unit_test_teardown(vote_denied_to_stale_log, teardown),
        cmocka_unit_test_teardown(replicates_and_applies_in_order, teardown),
        cmocka_unit_test_teardown(follower_rejects_non_leader_propose, teardown),
        cmocka_unit_test_teardown(pipelining_sends_window_without_waiting, teardown),
        cmocka_unit_test_teardown(old_term_entry_commits_with_new_noop, teardown),
        cmocka_unit_test_teardown(fast_backoff_skips_conflicting_terms, teardown),
        cmocka_unit_test_teardown(lost_appends_are_recovered_by_heartbeats, teardown),
        cmocka_unit_test_teardown(restart_restores_persisted_state, teardown),
        cmocka_unit_test_teardown(full_log_refuses_then_snapshot_frees, teardown),
        cmocka_unit_test_teardown(uncommitted_limit_keeps_room_for_new_leader, teardown),
        cmocka_unit_test_teardown(full_follower_is_offered_entries_once_per_heartbeat, teardown),
        cmocka_unit_test_teardown(lagging_follower_gets_chunked_snapshot, teardown),
        cmocka_unit_test_teardown(snapshot_chunks_survive_loss, teardown),
        cmocka_unit_test_teardown(own_snapshot_during_a_transfer_restarts_it, teardown),
        cmocka_unit_test_teardown(add_learner_promote_remove, teardown),
        cmocka_unit_test_teardown(cannot_remove_last_voter, teardown),
        cmocka_unit_test_teardown(promote_requires_catch_up, teardown),
        cmocka_unit_test_teardown(transfer_leadership_with_timeout_now, teardown),
        cmocka_unit_test_teardown(transfer_waits_for_catch_up, teardown),
        cmocka_unit_test_teardown(transfer_gives_up_after_timeout, teardown),
        cmocka_unit_test_teardown(read_index_needs_quorum_round, teardown),
        cmocka_unit_test_teardown(read_index_fails_when_leadership_lost, teardown),
        cmocka_unit_test_teardown(lease_read_is_local_while_valid, teardown),
        cmocka_unit_test_teardown(lease_void_after_timeout_now, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
