/*
 * raft_core.c — roles, elections (pre-vote, check-quorum, stickiness), the
 * step dispatcher and the ready/advance cycle. Replication lives in
 * raft_replication.c, client-facing operations in raft_core_client.c.
 */
#include <string.h>

#include "raft_core_internal.h"

/* ---- small helpers ---------------------------------------------------------- */

static uint32_t rng_next(uint32_t *state)
{
    uint32_t x = *state; /* xorshift32: tiny, good enough for timeouts */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

static void reset_election_timer(struct raft_core *c)
{
    uint32_t span = c->opt.election_timeout_max_ms - c->opt.election_timeout_min_ms;
    uint32_t jitter = span ? rng_next(&c->rng) % span : 0;
    c->election_deadline = c->now + c->opt.election_timeout_min_ms + jitter;
}

static void set_role(struct raft_core *c, uint8_t role, raft_node_id_t leader)
{
    if (c->role != role || c->leader != leader)
        c->soft_state_dirty = true;
    c->role = role;
    c->leader = leader;
}

static int self_index(const struct raft_core *c) { return raft_membership_find(&c->membership, c->opt.id); }
static bool self_is_voter(const struct raft_core *c) { return raft_membership_is_voter(&c->membership, c->opt.id); }

unsigned raft_core_quorum(const struct raft_core *c) { return raft_membership_voters(&c->membership) / 2u + 1u; }

struct raft_message *raft_core_send(struct raft_core *c, uint8_t type, raft_node_id_t to)
{
    if (c->outbox_count == RAFT_OUTBOX_CAPACITY) {
        c->dropped_messages++; /* Raft tolerates loss; the peer retries */
        return NULL;
    }
    struct raft_message *m = &c->outbox[c->outbox_count++];
    memset(m, 0, sizeof *m);
    m->type = type;
    m->from = c->opt.id;
    m->to = to;
    m->term = c->term;
    return m;
}

/* ---- membership ------------------------------------------------------------ */

bool raft_core_membership_at(const struct raft_core *c, raft_index_t index, struct raft_membership *out)
{
    if (index < c->log.snap_index)
        return false;
    raft_index_t last = raft_log_last_index(&c->log);
    for (raft_index_t i = index < last ? index : last; i > c->log.snap_index; i--) {
        struct raft_entry_view e;
        raft_log_entry(&c->log, i, &e);
        if (e.type == RAFT_ENTRY_CONFIG && raft_membership_decode(out, e.data, e.len))
            return true;
    }
    *out = c->snap_membership;
    return true;
}

/* Adopt `next` (set at log index `index`, 0 = snapshot), keeping the
 * progress of members that stay. */
static void adopt_membership(struct raft_core *c, const struct raft_membership *next, raft_index_t index)
{
    struct raft_progress progress[RAFT_MAX_NODES];
    raft_index_t last = raft_log_last_index(&c->log);
    for (int i = 0; i < next->count; i++) {
        int old = raft_membership_find(&c->membership, next->members[i].id);
        if (old >= 0) {
            progress[i] = c->progress[old];
        } else {
            raft_repl_reset_progress(&progress[i], last);
            progress[i].recent_active = true; /* a new member gets one check-quorum round */
        }
    }
    c->membership = *next;
    c->membership_index = index;
    memcpy(c->progress, progress, sizeof(progress[0]) * next->count);
}

void raft_core_refresh_membership(struct raft_core *c)
{
    struct raft_membership m;
    raft_index_t index = 0;
    raft_index_t last = raft_log_last_index(&c->log);
    m = c->snap_membership;
    for (raft_index_t i = last; i > c->log.snap_index; i--) {
        struct raft_entry_view e;
        raft_log_entry(&c->log, i, &e);
        if (e.type == RAFT_ENTRY_CONFIG && raft_membership_decode(&m, e.data, e.len)) {
            index = i;
            break;
        }
    }
    adopt_membership(c, &m, index);
}

/* ---- log changes that must be persisted ---------------------------------------- */

bool raft_core_append_local(struct raft_core *c, raft_term_t term, uint8_t type, const uint8_t *data, uint16_t len)
{
    struct raft_membership m;
    if (type == RAFT_ENTRY_CONFIG && !raft_membership_decode(&m, data, len))
        return false; /* never let a malformed configuration into the log */
    if (!raft_log_append(&c->log, term, type, data, len))
        return false;
    raft_index_t index = raft_log_last_index(&c->log);
    if (index < c->persist_from)
        c->persist_from = index;
    if (type == RAFT_ENTRY_CONFIG)
        adopt_membership(c, &m, index);
    return true;
}

void raft_core_purge_outbox(struct raft_core *c)
{
    uint16_t kept = 0;
    raft_index_t last = raft_log_last_index(&c->log);
    for (uint16_t i = 0; i < c->outbox_count; i++) {
        const struct raft_message *m = &c->outbox[i];
        bool stale = false;
        if (m->type == RAFT_MSG_APPEND && m->u.append.n_entries) {
            raft_index_t first = m->u.append.prev_index + 1;
            stale = first <= c->log.snap_index || m->u.append.prev_index + m->u.append.n_entries > last;
        } else if (m->type == RAFT_MSG_SNAPSHOT) {
            stale = m->u.snapshot.last_index != c->log.snap_index;
        }
        if (!stale)
            c->outbox[kept++] = *m;
    }
    c->outbox_count = kept;
}

void raft_core_truncate_local(struct raft_core *c, raft_index_t from)
{
    raft_log_truncate(&c->log, from);
    if (c->stable >= from)
        c->stable = from - 1;
    if (c->truncate_from == 0 || from < c->truncate_from)
        c->truncate_from = from;
    if (from < c->persist_from)
        c->persist_from = from;
    raft_core_purge_outbox(c);
    if (c->membership_index >= from)
        raft_core_refresh_membership(c);
}

/* ---- roles ----------------------------------------------------------------- */

static void stop_leading(struct raft_core *c)
{
    if (c->role == RAFT_LEADER)
        raft_reads_fail_all(c, RAFT_ERR_NOT_LEADER);
    c->transfer_target = RAFT_NODE_NONE;
    c->committed_in_term = false;
}

void raft_core_become_follower(struct raft_core *c, raft_term_t term, raft_node_id_t leader)
{
    stop_leading(c);
    if (term != c->term) {
        c->term = term;
        c->vote = RAFT_NODE_NONE;
        c->hard_state_dirty = true;
        c->lease_revoked = false;
    }
    set_role(c, RAFT_FOLLOWER, leader);
    reset_election_timer(c);
}

void raft_core_heard_from_leader(struct raft_core *c, raft_node_id_t leader)
{
    if (c->role != RAFT_FOLLOWER)
        raft_core_become_follower(c, c->term, leader);
    set_role(c, RAFT_FOLLOWER, leader);
    c->last_leader_contact = c->now;
    c->heard_leader = true;
    reset_election_timer(c);
}

static void become_leader(struct raft_core *c)
{
    set_role(c, RAFT_LEADER, c->opt.id);
    c->transfer_target = RAFT_NODE_NONE;
    c->committed_in_term = false;
    raft_index_t last = raft_log_last_index(&c->log);
    for (int i = 0; i < c->membership.count; i++) {
        raft_repl_reset_progress(&c->progress[i], last);
        c->progress[i].recent_active = true;
    }
    c->heartbeat_deadline = c->now + c->opt.heartbeat_ms;
    c->quorum_deadline = c->now + c->opt.election_timeout_min_ms;
    /* A new leader commits an entry of its own term before anything else
     * (earlier terms' entries only commit with it). The log always keeps
     * room for it: proposals stop at RAFT_MAX_UNCOMMITTED. */
    if (!raft_core_append_local(c, c->term, RAFT_ENTRY_NOOP, NULL, 0)) {
        raft_core_become_follower(c, c->term, RAFT_NODE_NONE);
        return;
    }
    raft_repl_broadcast(c, false);
    raft_repl_maybe_commit(c);
}

static void count_votes(const struct raft_core *c, unsigned *granted, unsigned *rejected)
{
    *granted = *rejected = 0;
    for (int i = 0; i < c->membership.count; i++) {
        if (c->membership.members[i].role != RAFT_MEMBER_VOTER)
            continue;
        *granted += c->progress[i].vote > 0;
        *rejected += c->progress[i].vote < 0;
    }
}

static void campaign(struct raft_core *c, bool pre, bool transfer);

static void tally(struct raft_core *c)
{
    unsigned granted, rejected;
    count_votes(c, &granted, &rejected);
    unsigned q = raft_core_quorum(c);
    if (granted >= q) {
        if (c->role == RAFT_PRE_CANDIDATE)
            campaign(c, false, false);
        else
            become_leader(c);
    } else if (rejected >= q) {
        raft_core_become_follower(c, c->term, RAFT_NODE_NONE);
    }
}

static void campaign(struct raft_core *c, bool pre, bool transfer)
{
    int self = self_index(c);
    if (self < 0 || !self_is_voter(c))
        return;
    stop_leading(c);
    raft_term_t vote_term = c->term + 1;
    if (pre) {
        set_role(c, RAFT_PRE_CANDIDATE, RAFT_NODE_NONE);
    } else {
        c->term = vote_term;
        c->vote = c->opt.id;
        c->hard_state_dirty = true;
        c->lease_revoked = false;
        set_role(c, RAFT_CANDIDATE, RAFT_NODE_NONE);
    }
    reset_election_timer(c);
    for (int i = 0; i < c->membership.count; i++)
        c->progress[i].vote = 0;
    c->progress[self].vote = 1;
    for (int i = 0; i < c->membership.count; i++) {
        const struct raft_member *mb = &c->membership.members[i];
        if (i == self || mb->role != RAFT_MEMBER_VOTER)
            continue;
        struct raft_message *m = raft_core_send(c, pre ? RAFT_MSG_PREVOTE : RAFT_MSG_VOTE, mb->id);
        if (!m)
            continue;
        m->term = vote_term;
        m->u.vote.last_index = raft_log_last_index(&c->log);
        m->u.vote.last_term = raft_log_last_term(&c->log);
        m->u.vote.transfer = transfer;
    }
    tally(c); /* a single voter wins at once */
}

/* ---- init and restore -------------------------------------------------------- */

int raft_core_init(struct raft_core *c, const struct raft_core_options *opt,
                   const struct raft_membership *bootstrap, uint32_t now_ms)
{
    if (opt->id == RAFT_NODE_NONE || opt->heartbeat_ms == 0 ||
        opt->election_timeout_min_ms <= opt->heartbeat_ms ||
        opt->election_timeout_max_ms < opt->election_timeout_min_ms ||
        (opt->lease_ms && (!opt->check_quorum ||
                           opt->lease_ms > opt->election_timeout_min_ms - opt->election_timeout_min_ms / 8)))
        return RAFT_ERR_INVALID;
    memset(c, 0, sizeof *c);
    c->opt = *opt;
    c->now = now_ms;
    c->rng = (opt->seed ^ (0x9E3779B9u * opt->id)) | 1u;
    raft_log_init(&c->log);
    c->snap_membership = *bootstrap;
    c->persist_from = 1;
    adopt_membership(c, bootstrap, 0);
    c->role = RAFT_FOLLOWER;
    reset_election_timer(c);
    return RAFT_OK;
}

void raft_core_restore_hard_state(struct raft_core *c, raft_term_t term, raft_node_id_t vote)
{
    c->term = term;
    c->vote = vote;
}

int raft_core_restore_snapshot(struct raft_core *c, raft_index_t index, raft_term_t term,
                               const struct raft_membership *membership)
{
    if (raft_log_last_index(&c->log) != c->log.snap_index)
        return RAFT_ERR_INVALID; /* restore the snapshot before the entries */
    raft_log_reset(&c->log, index, term);
    c->snap_membership = *membership;
    c->commit = c->applied = c->stable = index;
    c->persist_from = index + 1;
    raft_core_refresh_membership(c);
    return RAFT_OK;
}

int raft_core_restore_entry(struct raft_core *c, raft_index_t index, const struct raft_entry_view *e)
{
    if (index <= c->log.snap_index)
        return RAFT_OK; /* compacted after it was written */
    if (index != raft_log_last_index(&c->log) + 1 || e->len > RAFT_MAX_ENTRY_SIZE)
        return RAFT_ERR_CORRUPT;
    if (e->term > c->term) {
        /* A crash kept the entry but not the hard state written with it.
         * Nothing of that batch was sent (a batch that changes the hard
         * state sends everything after its sync; appends go out before the
         * sync only in batches of an already durable term), so adopting the
         * entry's term without a vote breaks no promise. */
        c->term = e->term;
        c->vote = RAFT_NODE_NONE;
        c->hard_state_dirty = true;
    }
    if (!raft_core_append_local(c, e->term, e->type, e->data, e->len))
        return RAFT_ERR_CORRUPT;
    c->persist_from = index + 1; /* it came from storage */
    c->stable = index;
    return RAFT_OK;
}

/* ---- tick -------------------------------------------------------------------- */

static void leader_tick(struct raft_core *c)
{
    if (c->transfer_target && raft_time_reached(c->now, c->transfer_deadline))
        c->transfer_target = RAFT_NODE_NONE; /* gave up: accept proposals again */
    if (c->opt.check_quorum && raft_time_reached(c->now, c->quorum_deadline)) {
        c->quorum_deadline = c->now + c->opt.election_timeout_min_ms;
        unsigned active = 0;
        for (int i = 0; i < c->membership.count; i++) {
            struct raft_progress *p = &c->progress[i];
            bool self = c->membership.members[i].id == c->opt.id;
            if (c->membership.members[i].role == RAFT_MEMBER_VOTER && (self || p->recent_active))
                active++;
            p->recent_active = false;
        }
        if (active < raft_core_quorum(c)) {
            raft_core_become_follower(c, c->term, RAFT_NODE_NONE);
            return;
        }
    }
    if (raft_time_reached(c->now, c->heartbeat_deadline)) {
        c->heartbeat_deadline = c->now + c->opt.heartbeat_ms;
        raft_repl_broadcast(c, true);
    }
}

void raft_core_tick(struct raft_core *c, uint32_t now_ms)
{
    c->now = now_ms;
    if (c->role == RAFT_LEADER) {
        leader_tick(c);
        return;
    }
    if (!raft_time_reached(c->now, c->election_deadline))
        return;
    if (self_is_voter(c)) {
        campaign(c, c->opt.pre_vote, false);
    } else {
        set_role(c, RAFT_FOLLOWER, RAFT_NODE_NONE); /* learner: the leader went quiet */
        reset_election_timer(c);
    }
}

/* ---- step -------------------------------------------------------------------- */

static void on_vote_request(struct raft_core *c, const struct raft_message *m)
{
    bool pre = m->type == RAFT_MSG_PREVOTE;
    raft_term_t last_term = raft_log_last_term(&c->log);
    bool up_to_date = m->u.vote.last_term > last_term ||
                      (m->u.vote.last_term == last_term && m->u.vote.last_index >= raft_log_last_index(&c->log));
    bool can_vote = c->vote == m->from || (c->vote == RAFT_NODE_NONE && c->leader == RAFT_NODE_NONE) ||
                    (pre && m->term > c->term);
    bool grant = can_vote && up_to_date;
    struct raft_message *r = raft_core_send(c, pre ? RAFT_MSG_PREVOTE_RESP : RAFT_MSG_VOTE_RESP, m->from);
    if (r) {
        r->term = grant ? m->term : c->term;
        r->u.vote_resp.granted = grant;
    }
    if (grant && !pre) {
        c->vote = m->from;
        c->hard_state_dirty = true;
        reset_election_timer(c);
    }
}

static void on_vote_response(struct raft_core *c, const struct raft_message *m)
{
    bool pre = m->type == RAFT_MSG_PREVOTE_RESP;
    if ((pre && c->role != RAFT_PRE_CANDIDATE) || (!pre && c->role != RAFT_CANDIDATE))
        return;
    if (pre && m->u.vote_resp.granted && m->term != c->term + 1)
        return; /* from an older pre-vote round */
    int i = raft_membership_find(&c->membership, m->from);
    if (i < 0 || c->progress[i].vote != 0)
        return;
    c->progress[i].vote = m->u.vote_resp.granted ? 1 : -1;
    tally(c);
}

/* Leader stickiness: with check-quorum, a node that heard from a live leader
 * within the minimum election timeout ignores other candidates. */
static bool in_leader_lease(const struct raft_core *c)
{
    if (!c->opt.check_quorum)
        return false;
    if (c->role == RAFT_LEADER)
        return true;
    return c->leader != RAFT_NODE_NONE && c->heard_leader &&
           (uint32_t)(c->now - c->last_leader_contact) < c->opt.election_timeout_min_ms;
}

/* Returns false when the message is to be ignored after term handling. */
static bool handle_term(struct raft_core *c, const struct raft_message *m)
{
    bool vote_req = m->type == RAFT_MSG_PREVOTE || m->type == RAFT_MSG_VOTE;
    if (m->term > c->term) {
        if (vote_req && in_leader_lease(c) && !m->u.vote.transfer)
            return false;
        if (m->type == RAFT_MSG_PREVOTE || (m->type == RAFT_MSG_PREVOTE_RESP && m->u.vote_resp.granted))
            return true; /* pre-vote never changes our term */
        bool from_leader = m->type == RAFT_MSG_APPEND || m->type == RAFT_MSG_SNAPSHOT ||
                           m->type == RAFT_MSG_TIMEOUT_NOW;
        raft_core_become_follower(c, m->term, from_leader ? m->from : RAFT_NODE_NONE);
        return true;
    }
    if (m->term < c->term) {
        if ((m->type == RAFT_MSG_APPEND || m->type == RAFT_MSG_SNAPSHOT) &&
            (c->opt.check_quorum || c->opt.pre_vote)) {
            /* A stale leader (e.g. back from a partition) learns our term
             * from this answer and steps down. */
            struct raft_message *r = raft_core_send(c, RAFT_MSG_APPEND_RESP, m->from);
            (void)r;
        } else if (m->type == RAFT_MSG_PREVOTE) {
            struct raft_message *r = raft_core_send(c, RAFT_MSG_PREVOTE_RESP, m->from);
            if (r)
                r->u.vote_resp.granted = false;
        }
        return false;
    }
    return true;
}

int raft_core_step(struct raft_core *c, const struct raft_message *m)
{
    if (m->type < RAFT_MSG_PREVOTE || m->type > RAFT_MSG_TIMEOUT_NOW || m->from == c->opt.id ||
        m->from == RAFT_NODE_NONE || (m->to != c->opt.id && m->to != RAFT_NODE_NONE))
        return RAFT_ERR_INVALID;
    if (m->type == RAFT_MSG_SNAPSHOT && c->chunk_pending)
        return RAFT_ERR_BUSY; /* the previous chunk is not stored yet */
    if (!handle_term(c, m))
        return RAFT_OK;
    switch (m->type) {
    case RAFT_MSG_PREVOTE:
    case RAFT_MSG_VOTE:
        on_vote_request(c, m);
        break;
    case RAFT_MSG_PREVOTE_RESP:
    case RAFT_MSG_VOTE_RESP:
        on_vote_response(c, m);
        break;
    case RAFT_MSG_APPEND:
        raft_repl_on_append(c, m);
        break;
    case RAFT_MSG_APPEND_RESP:
        if (c->role == RAFT_LEADER)
            raft_repl_on_append_resp(c, m);
        break;
    case RAFT_MSG_SNAPSHOT:
        return raft_repl_on_snapshot(c, m);
    case RAFT_MSG_SNAPSHOT_RESP:
        if (c->role == RAFT_LEADER)
            raft_repl_on_snapshot_resp(c, m);
        break;
    case RAFT_MSG_TIMEOUT_NOW:
        if (c->role != RAFT_LEADER)
            campaign(c, false, true);
        break;
    default:
        break;
    }
    return RAFT_OK;
}

/* ---- ready / advance ------------------------------------------------------------ */

bool raft_core_has_ready(const struct raft_core *c)
{
    return c->append_pending || c->read_round_pending || c->hard_state_dirty || c->soft_state_dirty ||
           c->chunk_pending || c->truncate_from ||
           c->persist_from <= raft_log_last_index(&c->log) || c->outbox_count || c->commit > c->applied ||
           c->ready_reads_count;
}

/* Send what proposals and reads since the last batch asked for: one
 * AppendEntries per follower for all new entries, one heartbeat round for
 * all new reads. */
static void flush_pending_sends(struct raft_core *c)
{
    if (c->role == RAFT_LEADER) {
        if (c->append_pending)
            raft_repl_broadcast(c, false);
        if (c->read_round_pending)
            raft_repl_broadcast(c, true);
    }
    c->append_pending = false;
    c->read_round_pending = false;
}

void raft_core_ready(struct raft_core *c, struct raft_ready *rd)
{
    flush_pending_sends(c);
    memset(rd, 0, sizeof *rd);
    rd->hard_state_changed = c->hard_state_dirty;
    rd->term = c->term;
    rd->vote = c->vote;
    rd->snapshot = c->chunk_pending ? &c->chunk : NULL;
    rd->snapshot_installed = c->snapshot_installed;
    rd->truncate_from = c->truncate_from;
    rd->append_from = c->persist_from;
    rd->append_to = raft_log_last_index(&c->log);
    rd->messages = c->outbox;
    rd->n_messages = c->outbox_count;
    rd->apply_from = c->applied + 1;
    rd->apply_to = c->commit > c->applied ? c->commit : c->applied;
    rd->reads = c->ready_reads;
    rd->n_reads = c->ready_reads_count;
    rd->soft_state_changed = c->soft_state_dirty;
    rd->role = c->role;
    rd->leader = c->leader;
}

void raft_core_advance(struct raft_core *c, const struct raft_ready *rd)
{
    c->hard_state_dirty = false;
    c->soft_state_dirty = false;
    c->chunk_pending = false;
    c->snapshot_installed = false;
    c->truncate_from = 0;
    c->persist_from = raft_log_last_index(&c->log) + 1;
    c->outbox_count = 0;
    c->ready_reads_count = 0;
    if (rd->apply_to >= rd->apply_from && rd->apply_to > c->applied)
        c->applied = rd->apply_to;
    /* The batch is persisted: the leader's own log now counts toward a
     * quorum (its followers may have acknowledged these entries already). */
    c->stable = raft_log_last_index(&c->log);
    if (c->role == RAFT_LEADER)
        raft_repl_maybe_commit(c);
}

/* ---- queries ----------------------------------------------------------------------- */

bool raft_core_entry(const struct raft_core *c, raft_index_t index, struct raft_entry_view *out)
{
    return raft_log_entry(&c->log, index, out);
}

bool raft_core_term_at(const struct raft_core *c, raft_index_t index, raft_term_t *term)
{
    return raft_log_term_at(&c->log, index, term);
}

raft_index_t raft_core_last_index(const struct raft_core *c) { return raft_log_last_index(&c->log); }
raft_index_t raft_core_snapshot_index(const struct raft_core *c) { return c->log.snap_index; }
raft_term_t raft_core_snapshot_term(const struct raft_core *c) { return c->log.snap_term; }
const struct raft_membership *raft_core_membership_at_snapshot(const struct raft_core *c)
{
    return &c->snap_membership;
}
