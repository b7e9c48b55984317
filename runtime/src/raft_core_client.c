/*
 * raft_core_client.c — what the node's users ask of the core: proposals,
 * linearizable reads (lease and ReadIndex), leadership transfer, membership
 * changes, and log compaction after a snapshot.
 */
#include <string.h>

#include "raft_core_internal.h"

static void after_local_append(struct raft_core *c, raft_index_t *index, raft_term_t *term)
{
    raft_index_t last = raft_log_last_index(&c->log);
    if (index)
        *index = last;
    if (term)
        *term = c->term;
    c->append_pending = true; /* sent with the next ready batch, with every other new entry */
}

/* ---- proposals ---------------------------------------------------------------- */

int raft_core_propose(struct raft_core *c, const uint8_t *data, uint16_t len, raft_index_t *index,
                      raft_term_t *term)
{
    if (c->role != RAFT_LEADER)
        return RAFT_ERR_NOT_LEADER;
    if (c->transfer_target)
        return RAFT_ERR_BUSY;
    if (len > RAFT_MAX_ENTRY_SIZE)
        return RAFT_ERR_TOO_LARGE;
    if (raft_log_last_index(&c->log) - c->commit >= RAFT_MAX_UNCOMMITTED)
        return RAFT_ERR_BUSY;
    /* Commands may fill 3/4 of the log; the rest is kept for no-ops and
     * membership entries, which must always fit. */
    if ((unsigned)c->log.count + 1u > (3u * RAFT_LOG_CAPACITY) / 4u ||
        raft_log_bytes_used(&c->log) + len + 1u > (3u * RAFT_LOG_RING_BYTES) / 4u)
        return RAFT_ERR_LOG_FULL;
    if (!raft_core_append_local(c, c->term, RAFT_ENTRY_COMMAND, data, len))
        return RAFT_ERR_LOG_FULL;
    after_local_append(c, index, term);
    return RAFT_OK;
}

/* ---- reads ---------------------------------------------------------------------- */

static void push_read(struct raft_core *c, uint32_t tag, raft_index_t index, int status)
{
    struct raft_read_state *r = &c->ready_reads[c->ready_reads_count++];
    r->tag = tag;
    r->index = index;
    r->status = (int8_t)status;
}

static bool lease_valid(const struct raft_core *c)
{
    if (!c->opt.lease_ms || c->role != RAFT_LEADER || c->transfer_target || c->lease_revoked ||
        !c->committed_in_term)
        return false;
    /* Ages of the newest acknowledged send per voter; the quorum-th youngest
     * bounds when a quorum last confirmed us. */
    uint32_t ages[RAFT_MAX_NODES];
    unsigned n = 0;
    for (int i = 0; i < c->membership.count; i++) {
        const struct raft_progress *p = &c->progress[i];
        if (c->membership.members[i].role != RAFT_MEMBER_VOTER)
            continue;
        uint32_t age = c->membership.members[i].id == c->opt.id ? 0u
                       : p->has_acked                            ? (uint32_t)(c->now - p->acked_sent_ms)
                                                                 : UINT32_MAX;
        unsigned j = n++;
        for (; j > 0 && ages[j - 1] > age; j--)
            ages[j] = ages[j - 1];
        ages[j] = age;
    }
    return n && ages[raft_core_quorum(c) - 1] < c->opt.lease_ms;
}

int raft_core_read_index(struct raft_core *c, uint32_t tag)
{
    if (c->role != RAFT_LEADER)
        return RAFT_ERR_NOT_LEADER;
    if ((unsigned)c->pending_reads_count + c->ready_reads_count >= RAFT_MAX_PENDING)
        return RAFT_ERR_BUSY;
    if (lease_valid(c)) {
        push_read(c, tag, c->commit, RAFT_OK);
        return RAFT_OK;
    }
    struct raft_pending_read *r = &c->pending_reads[c->pending_reads_count++];
    r->tag = tag;
    r->seq = ++c->read_seq;
    r->index = c->commit;
    c->read_round_pending = true; /* a round that proves we are still leader, one for all reads of the batch */
    raft_reads_check(c);
    return RAFT_OK;
}

void raft_reads_check(struct raft_core *c)
{
    if (c->role != RAFT_LEADER || !c->committed_in_term)
        return;
    unsigned done = 0;
    unsigned quorum = raft_core_quorum(c);
    while (done < c->pending_reads_count) {
        const struct raft_pending_read *r = &c->pending_reads[done];
        unsigned acks = 0;
        for (int i = 0; i < c->membership.count; i++) {
            if (c->membership.members[i].role != RAFT_MEMBER_VOTER)
                continue;
            acks += c->membership.members[i].id == c->opt.id || c->progress[i].acked_seq >= r->seq;
        }
        if (acks < quorum)
            break; /* later reads need later rounds */
        push_read(c, r->tag, r->index, RAFT_OK);
        done++;
    }
    c->pending_reads_count = (uint8_t)(c->pending_reads_count - done);
    memmove(c->pending_reads, &c->pending_reads[done], sizeof(c->pending_reads[0]) * c->pending_reads_count);
}

void raft_reads_on_term_commit(struct raft_core *c)
{
    /* Until now our commit index could lag the true one. */
    for (unsigned i = 0; i < c->pending_reads_count; i++)
        if (c->pending_reads[i].index < c->commit)
            c->pending_reads[i].index = c->commit;
    raft_reads_check(c);
}

void raft_reads_fail_all(struct raft_core *c, int status)
{
    for (unsigned i = 0; i < c->pending_reads_count; i++)
        push_read(c, c->pending_reads[i].tag, 0, status);
    c->pending_reads_count = 0;
}

/* ---- leadership transfer --------------------------------------------------------- */

void raft_transfer_check(struct raft_core *c, int peer)
{
    if (!c->transfer_target || c->transfer_sent || c->membership.members[peer].id != c->transfer_target ||
        c->progress[peer].match != raft_log_last_index(&c->log))
        return;
    if (raft_core_send(c, RAFT_MSG_TIMEOUT_NOW, c->transfer_target)) {
        c->transfer_sent = true;
        c->lease_revoked = true; /* voters may now elect the target at once */
    }
}

int raft_core_transfer_leadership(struct raft_core *c, raft_node_id_t to)
{
    if (c->role != RAFT_LEADER)
        return RAFT_ERR_NOT_LEADER;
    if (to == c->opt.id)
        return RAFT_OK;
    int peer = raft_membership_find(&c->membership, to);
    if (peer < 0 || c->membership.members[peer].role != RAFT_MEMBER_VOTER)
        return RAFT_ERR_UNKNOWN_NODE;
    if (c->transfer_target)
        return RAFT_ERR_BUSY;
    c->transfer_target = to;
    c->transfer_sent = false;
    c->transfer_deadline = c->now + c->opt.election_timeout_max_ms;
    raft_transfer_check(c, peer);
    if (!c->transfer_sent)
        raft_repl_send_append(c, peer, true);
    return RAFT_OK;
}

/* ---- membership --------------------------------------------------------------------- */

int raft_core_change_membership(struct raft_core *c, enum raft_membership_change change, raft_node_id_t id,
                                raft_index_t *index, raft_term_t *term)
{
    if (c->role != RAFT_LEADER)
        return RAFT_ERR_NOT_LEADER;
    /* One change at a time, and only once this leader has committed in its
     * term (the single-server change rule with its known fix). */
    if (c->transfer_target || c->membership_index > c->commit || !c->committed_in_term)
        return RAFT_ERR_BUSY;
    if (id == RAFT_NODE_NONE)
        return RAFT_ERR_INVALID;
    struct raft_membership next = c->membership;
    int at = raft_membership_find(&next, id);
    switch (change) {
    case RAFT_CHANGE_ADD_LEARNER:
        if (at >= 0)
            return RAFT_ERR_UNKNOWN_NODE;
        if (next.count == RAFT_MAX_NODES)
            return RAFT_ERR_BUSY;
        next.members[next.count].id = id;
        next.members[next.count].role = RAFT_MEMBER_LEARNER;
        next.count++;
        break;
    case RAFT_CHANGE_PROMOTE:
        if (at < 0 || next.members[at].role != RAFT_MEMBER_LEARNER)
            return RAFT_ERR_UNKNOWN_NODE;
        if (c->progress[at].match < c->commit || c->progress[at].state != RAFT_PROGRESS_REPLICATE)
            return RAFT_ERR_NOT_CAUGHT_UP;
        next.members[at].role = RAFT_MEMBER_VOTER;
        break;
    case RAFT_CHANGE_REMOVE:
        if (at < 0)
            return RAFT_ERR_UNKNOWN_NODE;
        if (next.members[at].role == RAFT_MEMBER_VOTER && raft_membership_voters(&next) == 1)
            return RAFT_ERR_INVALID; /* the last voter */
        next.count--;
        memmove(&next.members[at], &next.members[at + 1], sizeof(next.members[0]) * (size_t)(next.count - at));
        break;
    default:
        return RAFT_ERR_INVALID;
    }
    uint8_t buf[RAFT_MEMBERSHIP_ENCODED_MAX];
    uint16_t len = raft_membership_encode(&next, buf);
    if (!raft_core_append_local(c, c->term, RAFT_ENTRY_CONFIG, buf, len))
        return RAFT_ERR_LOG_FULL;
    after_local_append(c, index, term);
    return RAFT_OK;
}

/* ---- compaction ------------------------------------------------------------------------ */

int raft_core_snapshot_taken(struct raft_core *c, raft_index_t index)
{
    if (index > c->applied || index > raft_log_last_index(&c->log))
        return RAFT_ERR_INVALID;
    if (index <= c->log.snap_index)
        return RAFT_OK;
    struct raft_membership m;
    raft_core_membership_at(c, index, &m);
    raft_log_compact(&c->log, index);
    c->snap_membership = m;
    /* Storing our snapshot replaced any partly received one: the leader's
     * next chunk will be refused and the transfer restarts at offset 0. */
    c->recv_snap_index = 0;
    c->recv_snap_offset = 0;
    for (int i = 0; i < c->membership.count; i++)
        if (c->progress[i].state == RAFT_PROGRESS_SNAPSHOT)
            c->progress[i].snapshot_offset = 0; /* the stored snapshot changed */
    raft_core_purge_outbox(c);
    return RAFT_OK;
}

bool raft_core_wants_snapshot(const struct raft_core *c, raft_index_t threshold)
{
    raft_index_t compactable = c->applied - c->log.snap_index;
    if (c->applied <= c->log.snap_index)
        return false;
    if (compactable >= threshold)
        return true;
    /* Filling up: snapshot early, but only when it frees a quarter of the
     * log, so a lagging commit index does not cause a snapshot per batch. */
    bool pressure = 2u * c->log.count >= RAFT_LOG_CAPACITY ||
                    2u * raft_log_bytes_used(&c->log) >= RAFT_LOG_RING_BYTES;
    return pressure && 4u * compactable >= c->log.count;
}
