/*
 * sim_check.c — Raft's safety properties, checked after every simulated
 * step, and the end-of-run checks (convergence, identical state machines,
 * linearizable history).
 *
 *   election safety       at most one leader per term (ever)
 *   leader append-only    a leader never rewrites or drops its own entries
 *   log matching          same index and term => same entries up to there
 *   leader completeness   an entry committed in term T is in every later leader's log
 *   state machine safety  no two nodes commit different entries at one index
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static uint64_t entry_hash(const struct raft_entry_view *e)
{
    uint64_t h = 1469598103934665603ull ^ e->type;
    for (uint16_t i = 0; i < e->len; i++)
        h = (h ^ e->data[i]) * 1099511628211ull;
    return h;
}

static void grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need < *cap)
        return;
    size_t n = *cap ? *cap : 256;
    while (n <= need)
        n *= 2;
    *arr = realloc(*arr, n * elem);
    memset((char *)*arr + *cap * elem, 0, (n - *cap) * elem);
    *cap = n;
}

static void check_election_safety(struct sim *s, struct sim_node *n)
{
    const struct raft_core *c = &n->server->core;
    grow((void **)&s->leader_of_term, &s->leader_of_term_cap, c->term, sizeof *s->leader_of_term);
    raft_node_id_t *l = &s->leader_of_term[c->term];
    if (*l == 0) {
        *l = (raft_node_id_t)n->id;
        s->stats.elections++;
    } else if (*l != n->id) {
        sim_violation(s, "election safety: nodes %u and %u both leaders of term %u", *l, n->id, c->term);
    }
}

static void check_leader_append_only(struct sim *s, struct sim_node *n)
{
    const struct raft_core *c = &n->server->core;
    raft_index_t last = raft_core_last_index(c), snap = raft_core_snapshot_index(c);
    if (n->was_leader && n->leader_term == c->term) {
        for (raft_index_t k = 0; k < n->leader_window_len; k++) {
            raft_index_t idx = n->leader_window_from + k;
            raft_term_t t;
            if (idx <= snap)
                continue;
            if (idx > last || !raft_core_term_at(c, idx, &t) || t != n->leader_window[k]) {
                sim_violation(s, "leader append-only: leader %u (term %u) changed or lost index %llu", n->id,
                              c->term, (unsigned long long)idx);
                return;
            }
        }
    }
    n->leader_window_from = snap + 1;
    n->leader_window_len = last - snap;
    n->leader_window = realloc(n->leader_window, (n->leader_window_len + 1) * sizeof *n->leader_window);
    for (raft_index_t k = 0; k < n->leader_window_len; k++)
        raft_core_term_at(c, snap + 1 + k, &n->leader_window[k]);
}

static void check_committed(struct sim *s, struct sim_node *n)
{
    const struct raft_core *c = &n->server->core;
    for (raft_index_t i = n->checked_applied + 1; i <= c->commit; i++) {
        struct raft_entry_view e;
        if (!raft_core_entry(c, i, &e))
            continue; /* covered by a snapshot it installed */
        grow((void **)&s->committed, &s->committed_cap, i, sizeof *s->committed);
        struct sim_committed *o = &s->committed[i];
        uint64_t h = entry_hash(&e);
        if (!o->set) {
            o->set = true;
            o->term = e.term;
            o->hash = h;
            o->seen_in_term = c->term;
        } else if (o->term != e.term || o->hash != h) {
            sim_violation(s, "state machine safety: node %u committed index %llu as term %u, others as term %u",
                          n->id, (unsigned long long)i, e.term, o->term);
        }
    }
    if (c->commit > n->checked_applied)
        n->checked_applied = c->commit;
    if (c->commit > s->max_commit)
        s->max_commit = c->commit;
}

static void check_leader_completeness(struct sim *s, struct sim_node *n)
{
    const struct raft_core *c = &n->server->core;
    raft_index_t snap = raft_core_snapshot_index(c), last = raft_core_last_index(c);
    for (raft_index_t i = snap + 1; i <= s->max_commit && i < s->committed_cap; i++) {
        const struct sim_committed *o = &s->committed[i];
        if (!o->set || o->seen_in_term >= c->term)
            continue;
        struct raft_entry_view e;
        if (i > last || !raft_core_entry(c, i, &e) || e.term != o->term || entry_hash(&e) != o->hash) {
            sim_violation(s, "leader completeness: leader %u of term %u lacks index %llu committed in term <= %u",
                          n->id, c->term, (unsigned long long)i, o->seen_in_term);
            return;
        }
    }
}

static void check_log_matching(struct sim *s, struct sim_node *a, struct sim_node *b)
{
    const struct raft_core *x = &a->server->core, *y = &b->server->core;
    raft_index_t lo = raft_core_snapshot_index(x) > raft_core_snapshot_index(y) ? raft_core_snapshot_index(x)
                                                                                  : raft_core_snapshot_index(y);
    raft_index_t hi = raft_core_last_index(x) < raft_core_last_index(y) ? raft_core_last_index(x)
                                                                         : raft_core_last_index(y);
    lo++;
    raft_index_t top = 0;
    for (raft_index_t i = hi; i >= lo && i > 0; i--) {
        raft_term_t tx, ty;
        raft_core_term_at(x, i, &tx);
        raft_core_term_at(y, i, &ty);
        if (tx == ty) {
            top = i;
            break;
        }
    }
    for (raft_index_t i = lo; top && i <= top; i++) {
        struct raft_entry_view ex, ey;
        raft_core_entry(x, i, &ex);
        raft_core_entry(y, i, &ey);
        if (ex.term != ey.term || ex.type != ey.type || ex.len != ey.len || memcmp(ex.data, ey.data, ex.len)) {
            sim_violation(s, "log matching: nodes %u and %u agree at index %llu but differ at %llu", a->id, b->id,
                          (unsigned long long)top, (unsigned long long)i);
            return;
        }
    }
}

void sim_check_step(struct sim *s)
{
    for (unsigned i = 0; i < s->total_nodes; i++) {
        struct sim_node *n = &s->nodes[i];
        if (!n->up)
            continue;
        const struct raft_core *c = &n->server->core;
        if (c->term > s->stats.max_term)
            s->stats.max_term = c->term;
        check_committed(s, n);
        bool leader = c->role == RAFT_LEADER;
        if (leader) {
            check_election_safety(s, n);
            check_leader_append_only(s, n);
            check_leader_completeness(s, n);
        }
        n->was_leader = leader;
        n->leader_term = c->term;
    }
    for (unsigned i = 0; i < s->total_nodes; i++)
        for (unsigned j = i + 1; j < s->total_nodes; j++)
            if (s->nodes[i].up && s->nodes[j].up)
                check_log_matching(s, &s->nodes[i], &s->nodes[j]);
}

/* ---- end of run ------------------------------------------------------------------------------ */

static size_t kv_bytes(const struct raft_kv *kv, uint8_t *buf, size_t cap)
{
    struct raft_kv_snapshot_cursor cur;
    raft_kv_snapshot_start(kv, &cur);
    size_t len = 0, n;
    while (len < cap && (n = raft_kv_snapshot_next(kv, &cur, buf + len, cap - len)) > 0)
        len += n;
    return len;
}

static struct sim_node *current_leader(struct sim *s)
{
    struct sim_node *leader = NULL;
    for (unsigned i = 0; i < s->total_nodes; i++)
        if (s->nodes[i].up && s->nodes[i].server->core.role == RAFT_LEADER &&
            (!leader || s->nodes[i].server->core.term > leader->server->core.term))
            leader = &s->nodes[i];
    return leader;
}

bool sim_converged(struct sim *s, char *why, size_t cap)
{
    struct sim_node *leader = current_leader(s);
    if (!leader) {
        snprintf(why, cap, "no leader");
        return false;
    }
    const struct raft_core *lc = &leader->server->core;
    if (!lc->committed_in_term) {
        snprintf(why, cap, "leader %u has not committed in its term %u", leader->id, lc->term);
        return false;
    }
    for (unsigned i = 0; i < lc->membership.count; i++) {
        struct sim_node *n = sim_node(s, lc->membership.members[i].id);
        if (!n->up || n->server->core.applied != lc->commit) {
            snprintf(why, cap, "member %u applied %llu, leader %u committed %llu", n->id,
                     (unsigned long long)n->server->core.applied, leader->id, (unsigned long long)lc->commit);
            return false;
        }
    }
    for (unsigned i = 0; i < s->client_count; i++) {
        if (s->clients[i].state != OP_IDLE) {
            snprintf(why, cap, "client %u still waiting", s->clients[i].id);
            return false;
        }
    }
    return true;
}

void sim_check_final(struct sim *s)
{
    struct sim_node *leader = current_leader(s);
    const struct raft_core *lc = &leader->server->core;
    static uint8_t ref[RAFT_KV_SNAPSHOT_MAX_SIZE], other[RAFT_KV_SNAPSHOT_MAX_SIZE];
    size_t ref_len = kv_bytes(&leader->server->kv, ref, sizeof ref);
    for (unsigned i = 0; i < lc->membership.count; i++) {
        struct sim_node *n = sim_node(s, lc->membership.members[i].id);
        size_t len = kv_bytes(&n->server->kv, other, sizeof other);
        if (len != ref_len || memcmp(ref, other, len)) {
            sim_violation(s, "state machines differ: node %u and leader %u at applied index %llu", n->id,
                          leader->id, (unsigned long long)n->server->core.applied);
            return;
        }
    }
    struct lincheck_result res;
    if (!lincheck_check(&s->history, 5000000, &res))
        sim_violation(s, "linearizability: %s", res.explanation);
    sim_trace(s, "final: leader %u term %u commit %llu, %zu ops on %zu keys, %llu search states", leader->id,
              lc->term, (unsigned long long)lc->commit, res.ops, res.keys, (unsigned long long)res.states);
}

void sim_check_free(struct sim *s)
{
    free(s->leader_of_term);
    free(s->committed);
}
