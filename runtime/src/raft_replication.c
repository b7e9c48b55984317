/*
 * raft_replication.c — log replication: the leader's per-follower progress
 * (probe / pipelined replicate / snapshot), the follower's consistency check
 * with a fast conflict hint, quorum commit, and chunked InstallSnapshot.
 */
#include <string.h>

#include "raft_core_internal.h"

/* ---- progress ------------------------------------------------------------------ */

void raft_repl_reset_progress(struct raft_progress *p, raft_index_t last)
{
    memset(p, 0, sizeof *p);
    p->next = last + 1;
    p->state = RAFT_PROGRESS_PROBE;
}

static void inflight_clear(struct raft_progress *p) { p->inflight_head = p->inflight_count = 0; }

static void inflight_add(struct raft_progress *p, raft_index_t last)
{
    p->inflight[(p->inflight_head + p->inflight_count) % RAFT_MAX_INFLIGHT] = last;
    p->inflight_count++;
}

/* An acknowledgement up to `index` frees every append that ended there or before. */
static void inflight_free_to(struct raft_progress *p, raft_index_t index)
{
    while (p->inflight_count && p->inflight[p->inflight_head] <= index) {
        p->inflight_head = (uint8_t)((p->inflight_head + 1) % RAFT_MAX_INFLIGHT);
        p->inflight_count--;
    }
}

static void enter_probe(struct raft_progress *p, raft_index_t next)
{
    p->state = RAFT_PROGRESS_PROBE;
    p->next = next;
    p->probe_sent = false;
    inflight_clear(p);
}

/* ---- leader: sending ----------------------------------------------------------- */

static void send_snapshot_chunk(struct raft_core *c, int peer)
{
    struct raft_message *m = raft_core_send(c, RAFT_MSG_SNAPSHOT, c->membership.members[peer].id);
    if (!m)
        return;
    m->u.snapshot.last_index = c->log.snap_index;
    m->u.snapshot.last_term = c->log.snap_term;
    m->u.snapshot.membership = c->snap_membership;
    m->u.snapshot.offset = c->progress[peer].snapshot_offset;
}

void raft_repl_send_append(struct raft_core *c, int peer, bool heartbeat)
{
    struct raft_progress *p = &c->progress[peer];
    raft_node_id_t to = c->membership.members[peer].id;
    if (to == c->opt.id)
        return;
    if (p->state == RAFT_PROGRESS_SNAPSHOT) {
        if (heartbeat)
            send_snapshot_chunk(c, peer); /* resend: the chunk or its answer may be lost */
        return;
    }
    if (p->next <= c->log.snap_index) { /* the entries it needs are compacted */
        p->state = RAFT_PROGRESS_SNAPSHOT;
        p->snapshot_offset = 0;
        inflight_clear(p);
        send_snapshot_chunk(c, peer);
        return;
    }
    bool window_full = p->inflight_count == RAFT_MAX_INFLIGHT;
    if (!heartbeat && ((p->state == RAFT_PROGRESS_PROBE && p->probe_sent) ||
                       (p->state == RAFT_PROGRESS_REPLICATE && window_full)))
        return;
    raft_index_t prev = p->next - 1;
    raft_index_t last = raft_log_last_index(&c->log);
    raft_index_t avail = last > prev ? last - prev : 0;
    uint16_t n = (uint16_t)(avail < RAFT_MAX_BATCH ? avail : RAFT_MAX_BATCH);
    if (p->state == RAFT_PROGRESS_REPLICATE && window_full)
        n = 0; /* heartbeat only */
    if (n == 0 && !heartbeat && p->state == RAFT_PROGRESS_REPLICATE)
        return;
    struct raft_message *m = raft_core_send(c, RAFT_MSG_APPEND, to);
    if (!m)
        return;
    raft_log_term_at(&c->log, prev, &m->u.append.prev_term);
    m->u.append.prev_index = prev;
    m->u.append.commit = c->commit;
    m->u.append.read_seq = c->read_seq;
    m->u.append.sent_ms = c->now;
    m->u.append.n_entries = n;
    if (p->state == RAFT_PROGRESS_PROBE) {
        p->probe_sent = true;
    } else if (n) {
        p->next = prev + n + 1;
        inflight_add(p, prev + n);
    }
}

/* Send everything the window allows. */
void raft_repl_send_pending(struct raft_core *c, int peer)
{
    struct raft_progress *p = &c->progress[peer];
    for (unsigned guard = 0; guard <= RAFT_MAX_INFLIGHT; guard++) {
        raft_index_t next = p->next;
        uint16_t before = c->outbox_count;
        raft_repl_send_append(c, peer, false);
        if (p->state != RAFT_PROGRESS_REPLICATE || p->next == next || c->outbox_count == before)
            return;
    }
}

void raft_repl_broadcast(struct raft_core *c, bool heartbeat)
{
    for (int i = 0; i < c->membership.count; i++) {
        if (heartbeat)
            raft_repl_send_append(c, i, true);
        else
            raft_repl_send_pending(c, i);
    }
}

/* ---- leader: commit ------------------------------------------------------------ */

void raft_repl_maybe_commit(struct raft_core *c)
{
    raft_index_t matches[RAFT_MAX_NODES];
    unsigned n = 0;
    raft_index_t last = raft_log_last_index(&c->log);
    for (int i = 0; i < c->membership.count; i++) {
        if (c->membership.members[i].role != RAFT_MEMBER_VOTER)
            continue;
        /* ourselves: only what is persisted (the batch that writes our new
         * entries may have sent them to the followers before its sync) */
        raft_index_t m = c->membership.members[i].id == c->opt.id ? (c->stable < last ? c->stable : last)
                                                                   : c->progress[i].match;
        unsigned j = n++;
        for (; j > 0 && matches[j - 1] < m; j--) /* insertion sort, descending */
            matches[j] = matches[j - 1];
        matches[j] = m;
    }
    if (n == 0)
        return;
    raft_index_t candidate = matches[raft_core_quorum(c) - 1];
    raft_term_t term;
    /* Only an entry of the current term commits by counting replicas. */
    if (candidate <= c->commit || !raft_log_term_at(&c->log, candidate, &term) || term != c->term)
        return;
    c->commit = candidate;
    if (!c->committed_in_term) {
        c->committed_in_term = true;
        raft_reads_on_term_commit(c);
    }
    if (c->membership_index <= c->commit && !raft_membership_is_voter(&c->membership, c->opt.id)) {
        /* Our own removal is committed: hand over by stepping down. */
        raft_core_become_follower(c, c->term, RAFT_NODE_NONE);
    }
}

/* ---- follower: AppendEntries ----------------------------------------------------- */

/* First index of the run of `term` that contains `index`, not below floor. */
static raft_index_t first_index_of_term(const struct raft_core *c, raft_index_t index, raft_term_t term,
                                        raft_index_t floor)
{
    raft_term_t t;
    while (index > floor + 1 && raft_log_term_at(&c->log, index - 1, &t) && t == term)
        index--;
    return index;
}

void raft_repl_on_append(struct raft_core *c, const struct raft_message *m)
{
    const struct raft_append_request *a = &m->u.append;
    raft_core_heard_from_leader(c, m->from);
    struct raft_message *r = raft_core_send(c, RAFT_MSG_APPEND_RESP, m->from);
    struct raft_append_response resp;
    memset(&resp, 0, sizeof resp);
    resp.read_seq = a->read_seq;
    resp.sent_ms = a->sent_ms;

    raft_term_t prev_term;
    if (a->prev_index < c->commit) {
        /* Everything up to our commit index matches any leader's log. */
        resp.success = true;
        resp.index = c->commit;
    } else if (!raft_log_term_at(&c->log, a->prev_index, &prev_term)) {
        resp.index = a->prev_index;
        resp.hint_index = raft_log_last_index(&c->log) + 1;
    } else if (prev_term != a->prev_term) {
        resp.index = a->prev_index;
        resp.hint_term = prev_term;
        resp.hint_index = first_index_of_term(c, a->prev_index, prev_term, c->commit);
    } else {
        raft_index_t matched = a->prev_index;
        for (uint16_t k = 0; k < a->n_entries; k++) {
            const struct raft_entry_view *e = &a->entries[k];
            raft_index_t index = a->prev_index + 1 + k;
            raft_term_t have;
            if (raft_log_term_at(&c->log, index, &have)) {
                if (have == e->term) {
                    matched = index;
                    continue;
                }
                if (index <= c->commit)
                    break; /* never rewrite a committed entry */
                raft_core_truncate_local(c, index);
            }
            if (e->term > c->term || !raft_core_append_local(c, e->term, e->type, e->data, e->len))
                break; /* log full (or bad entry): acknowledge what we took */
            matched = index;
        }
        resp.success = true;
        resp.index = matched;
        if (matched < a->prev_index + a->n_entries)
            resp.hint_index = matched + 1; /* took only part: full until we compact */
        raft_index_t commit = a->commit < matched ? a->commit : matched;
        if (commit > c->commit)
            c->commit = commit;
    }
    if (r)
        r->u.append_resp = resp;
}

/* ---- leader: AppendEntries responses ------------------------------------------------ */

static raft_index_t next_after_reject(const struct raft_core *c, const struct raft_append_response *r)
{
    if (r->hint_term == 0)
        return r->hint_index;
    /* Skip the follower's whole conflicting term: if we have that term, retry
     * after our last entry of it, else before the follower's first entry of it. */
    raft_index_t last = raft_log_last_index(&c->log);
    for (raft_index_t i = r->index < last ? r->index : last; i > c->log.snap_index; i--) {
        raft_term_t t;
        raft_log_term_at(&c->log, i, &t);
        if (t == r->hint_term)
            return i + 1;
        if (t < r->hint_term)
            break;
    }
    return r->hint_index;
}

void raft_repl_on_append_resp(struct raft_core *c, const struct raft_message *m)
{
    int peer = raft_membership_find(&c->membership, m->from);
    if (peer < 0)
        return;
    const struct raft_append_response *r = &m->u.append_resp;
    struct raft_progress *p = &c->progress[peer];
    p->recent_active = true;
    if (r->read_seq > p->acked_seq)
        p->acked_seq = r->read_seq;
    if (!p->has_acked || (int32_t)(r->sent_ms - p->acked_sent_ms) > 0) {
        p->acked_sent_ms = r->sent_ms;
        p->has_acked = true;
    }
    if (r->success) {
        bool advanced = r->index > p->match;
        if (advanced) {
            p->match = r->index;
            inflight_free_to(p, r->index);
        }
        if (r->hint_index) {
            /* The follower's log is full: wait for the next heartbeat
             * before offering more, instead of resending at once. */
            enter_probe(p, p->match + 1);
            p->probe_sent = true;
        } else if (p->state == RAFT_PROGRESS_PROBE && r->index >= p->match) {
            /* The probe found the match (even one we knew, e.g. right after
             * a snapshot): pipeline from here instead of probing again. */
            p->state = RAFT_PROGRESS_REPLICATE;
            p->next = p->match + 1;
            inflight_clear(p);
        }
        if (p->next <= p->match)
            p->next = p->match + 1;
        if (advanced) {
            raft_repl_maybe_commit(c);
            if (c->role != RAFT_LEADER)
                return;
            raft_transfer_check(c, peer);
        }
    } else if (r->index > p->match && p->state != RAFT_PROGRESS_SNAPSHOT &&
               (p->state == RAFT_PROGRESS_REPLICATE || r->index == p->next - 1)) {
        raft_index_t next = next_after_reject(c, r);
        if (next > r->index)
            next = r->index; /* the rejected prev_index itself did not match */
        if (next <= p->match)
            next = p->match + 1;
        enter_probe(p, next);
    }
    raft_reads_check(c);
    raft_repl_send_pending(c, peer);
}

/* ---- InstallSnapshot ---------------------------------------------------------------- */

int raft_repl_on_snapshot(struct raft_core *c, const struct raft_message *m)
{
    const struct raft_snapshot_request *s = &m->u.snapshot;
    raft_core_heard_from_leader(c, m->from);
    struct raft_message *r = raft_core_send(c, RAFT_MSG_SNAPSHOT_RESP, m->from);
    struct raft_snapshot_response resp = {.last_index = s->last_index};
    raft_term_t have;
    if (s->last_index <= c->commit ||
        (raft_log_term_at(&c->log, s->last_index, &have) && have == s->last_term)) {
        /* We already hold everything it covers: no need to install. Never
         * drop a matching suffix we may have acknowledged. */
        if (s->last_index > c->commit && s->last_index <= raft_log_last_index(&c->log))
            c->commit = s->last_index;
        resp.done = true;
    } else if (s->offset != 0 && (s->last_index != c->recv_snap_index || s->last_term != c->recv_snap_term)) {
        resp.next_offset = 0; /* a chunk of another snapshot: start over */
    } else if (s->offset != 0 && s->offset != c->recv_snap_offset) {
        resp.next_offset = c->recv_snap_offset; /* out of order: resend from here */
    } else {
        if (s->offset == 0) {
            c->recv_snap_index = s->last_index;
            c->recv_snap_term = s->last_term;
            c->recv_snap_offset = 0;
        }
        c->chunk.last_index = s->last_index;
        c->chunk.last_term = s->last_term;
        c->chunk_membership = s->membership;
        c->chunk.membership = &c->chunk_membership;
        c->chunk.offset = s->offset;
        c->chunk.data = s->data;
        c->chunk.len = s->len;
        c->chunk.done = s->done;
        c->chunk_pending = true;
        c->recv_snap_offset += s->len;
        resp.next_offset = c->recv_snap_offset;
        if (s->done) {
            raft_log_reset(&c->log, s->last_index, s->last_term);
            c->snap_membership = s->membership;
            raft_core_refresh_membership(c);
            c->commit = c->applied = s->last_index;
            c->snapshot_installed = true;
            c->truncate_from = 0;
            c->persist_from = s->last_index + 1;
            c->recv_snap_index = 0;
            c->recv_snap_offset = 0;
            raft_core_purge_outbox(c);
            resp.done = true;
        }
    }
    if (r)
        r->u.snapshot_resp = resp;
    return RAFT_OK;
}

void raft_repl_on_snapshot_resp(struct raft_core *c, const struct raft_message *m)
{
    int peer = raft_membership_find(&c->membership, m->from);
    if (peer < 0)
        return;
    const struct raft_snapshot_response *r = &m->u.snapshot_resp;
    struct raft_progress *p = &c->progress[peer];
    p->recent_active = true;
    if (r->done) {
        if (r->last_index > p->match)
            p->match = r->last_index;
        if (p->next <= p->match)
            p->next = p->match + 1;
        if (p->state == RAFT_PROGRESS_SNAPSHOT) {
            enter_probe(p, p->match + 1);
            raft_repl_maybe_commit(c);
            if (c->role != RAFT_LEADER)
                return;
            raft_transfer_check(c, peer);
            raft_repl_send_append(c, peer, false);
        }
        return;
    }
    if (p->state != RAFT_PROGRESS_SNAPSHOT)
        return;
    p->snapshot_offset = r->last_index == c->log.snap_index ? r->next_offset : 0;
    send_snapshot_chunk(c, peer);
}
