/*
 * raft_core.h — the Raft consensus state machine of one node, pure and
 * event-driven (after etcd-io/raft): no I/O, no clock reads, no allocation.
 *
 * Inputs:  raft_core_tick(now), raft_core_step(message), raft_core_propose(bytes),
 *          raft_core_read_index(tag), raft_core_transfer_leadership(id),
 *          raft_core_change_membership(change, id), raft_core_snapshot_taken(index).
 * Proposals, membership changes and ReadIndex requests made between two
 * ready batches go out together when the next batch is made: one
 * AppendEntries (or heartbeat round) per follower for all of them.
 * Output:  a ready batch (raft_core_ready) that the caller handles IN THIS ORDER:
 *   0. optionally, when !hard_state_changed: send the APPEND messages now,
 *      before persisting (the leader's own entries count toward a commit only
 *      after raft_core_advance says they are persisted, so followers may
 *      store them first; their term is already durable);
 *   1. persist: hard state; snapshot chunk (+ install); truncate the log from
 *      truncate_from; append entries append_from..append_to; then ONE sync;
 *   2. send the (other) messages (encode APPEND entries with raft_core_entry):
 *      votes and responses only after the sync;
 *   3. if snapshot_installed: restore the state machine from the stored snapshot;
 *      apply entries apply_from..apply_to in order (raft_core_entry);
 *   4. serve read states once applied >= their index;
 * then acknowledge it with raft_core_advance() (= "persisted"), with no other
 * core call in between. A ready batch borrows the
 * payload of the last stepped message (snapshot chunk): handle it before the
 * next raft_core_step.
 *
 * Protocol: randomized election timeouts, pre-vote, check-quorum, leader
 * stickiness; log replication with fast conflict back-off, batching and a
 * per-follower in-flight window; commit of current-term entries by quorum
 * (no-op at term start); snapshots in chunks; single-server membership
 * changes (learner, promote, remove); leadership transfer (TimeoutNow);
 * linearizable reads by ReadIndex and by leader lease.
 *
 * Leader lease and clock drift: a follower that acknowledged the leader at
 * its local time t refuses votes until t + election_timeout_min (stickiness;
 * only with check_quorum), so no other leader exists before the leader's send
 * time of that acknowledged message + election_timeout_min measured on the
 * slowest clock. The leader serves reads locally while
 *   now - (quorum-th newest acknowledged send time) < lease_ms,
 * which is safe when lease_ms <= election_timeout_min * (1 - rho) - d, for a
 * relative clock-rate drift rho and a scheduling delay d. raft_core_init
 * demands lease_ms <= election_timeout_min - lease margin (1/8 of it), i.e.
 * it tolerates 12.5 % combined drift; lower lease_ms for worse clocks. During
 * a leadership transfer the lease is not used.
 */
#ifndef RAFT_CORE_H
#define RAFT_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "raft/raft_config.h"
#include "raft/raft_types.h"

/* ---- options ------------------------------------------------------------- */

struct raft_core_options {
    raft_node_id_t id;
    uint32_t election_timeout_min_ms; /* randomized in [min, max) */
    uint32_t election_timeout_max_ms;
    uint32_t heartbeat_ms;            /* < election_timeout_min_ms */
    uint32_t lease_ms;                /* 0 = no lease reads (ReadIndex only) */
    bool pre_vote;
    bool check_quorum;                /* required for lease reads */
    uint32_t seed;                    /* PRNG seed (mixed with id) */
};

/* ---- the in-memory log window --------------------------------------------- */

/* Entry metadata (8 bytes). The payload starts at ring position `pos` of the
 * arena; its length is the distance to where the next entry starts (or to
 * the log's end), so no length field is needed. */
struct raft_log_slot {
    raft_term_t term;
    uint32_t pos_type; /* pos << 2 | type; pos < RAFT_LOG_RING_BYTES */
};

/* Entries snap_index+1 .. snap_index+count in a ring of RAFT_LOG_CAPACITY
 * slots; payloads back to back in a byte ring of RAFT_LOG_RING_BYTES. An
 * entry that crosses the ring's end continues into the arena's last
 * RAFT_MAX_ENTRY_SIZE bytes, so every payload is contiguous in memory. */
struct raft_log {
    raft_index_t snap_index; /* last index covered by the snapshot (0: none) */
    raft_term_t snap_term;
    uint16_t head;           /* slot of snap_index + 1 */
    uint16_t count;
    uint32_t end;            /* ring position after the newest entry */
    struct raft_log_slot slots[RAFT_LOG_CAPACITY];
    uint8_t arena[RAFT_LOG_ARENA_SIZE];
};

/* ---- leader's view of one follower --------------------------------------- */

enum raft_progress_state {
    RAFT_PROGRESS_PROBE = 0,     /* one append at a time until the match is found */
    RAFT_PROGRESS_REPLICATE = 1, /* pipelined appends, up to RAFT_MAX_INFLIGHT */
    RAFT_PROGRESS_SNAPSHOT = 2   /* sending the snapshot chunk by chunk */
};

struct raft_progress {
    raft_index_t match;
    raft_index_t next;
    raft_index_t inflight[RAFT_MAX_INFLIGHT]; /* last index of each append in flight */
    uint32_t snapshot_offset;
    uint32_t acked_seq;     /* highest read_seq echoed this term */
    uint32_t acked_sent_ms; /* newest leader send time echoed this term */
    uint8_t state;          /* enum raft_progress_state */
    uint8_t inflight_head;
    uint8_t inflight_count;
    bool probe_sent;        /* PROBE: an append is out, wait for an answer or a heartbeat */
    bool recent_active;     /* answered since the last check-quorum round */
    bool has_acked;         /* acked_sent_ms valid */
    int8_t vote;            /* election: 1 granted, -1 rejected, 0 unknown */
};

/* ---- reads ----------------------------------------------------------------- */

struct raft_read_state {
    uint32_t tag;        /* the caller's */
    raft_index_t index;  /* serve once applied >= index */
    int8_t status;       /* RAFT_OK, or RAFT_ERR_NOT_LEADER / RAFT_ERR_DROPPED */
};

struct raft_pending_read {
    uint32_t tag;
    uint32_t seq;       /* heartbeat round that must be acknowledged by a quorum */
    raft_index_t index; /* commit index when registered (fixed at first own-term commit) */
};

/* ---- the ready batch -------------------------------------------------------- */

/* A received InstallSnapshot chunk to store (borrowed from the message). */
struct raft_snapshot_chunk {
    raft_index_t last_index;
    raft_term_t last_term;
    const struct raft_membership *membership;
    uint32_t offset; /* 0: a new snapshot starts, discard any partial one */
    const uint8_t *data;
    uint16_t len;
    bool done;       /* complete: make it the node's snapshot, drop the whole log */
};

struct raft_ready {
    bool hard_state_changed;
    raft_term_t term;
    raft_node_id_t vote;

    const struct raft_snapshot_chunk *snapshot; /* NULL: none */
    bool snapshot_installed; /* the chunk completed a snapshot: restore state machine from it */

    raft_index_t truncate_from; /* 0: none; else drop persisted entries >= this */
    raft_index_t append_from;   /* persist entries append_from..append_to (none if from > to) */
    raft_index_t append_to;

    const struct raft_message *messages;
    uint16_t n_messages;

    raft_index_t apply_from; /* apply entries apply_from..apply_to (none if from > to) */
    raft_index_t apply_to;

    const struct raft_read_state *reads;
    uint16_t n_reads;

    bool soft_state_changed; /* role or leader changed (for events) */
    uint8_t role;
    raft_node_id_t leader;
};

/* ---- the node ---------------------------------------------------------------- */

struct raft_core {
    struct raft_core_options opt;

    /* persistent state */
    raft_term_t term;
    raft_node_id_t vote;

    /* volatile state */
    uint8_t role;
    raft_node_id_t leader;
    raft_index_t commit;
    raft_index_t applied;
    raft_index_t stable;    /* log persisted up to here (acknowledged by advance):
                               the leader counts itself in a quorum only up to it */
    bool committed_in_term; /* leader: an entry of its term is committed */
    uint32_t now;
    uint32_t rng;
    uint32_t election_deadline;
    uint32_t heartbeat_deadline;
    uint32_t quorum_deadline;
    uint32_t last_leader_contact;
    bool heard_leader;             /* last_leader_contact is valid */

    struct raft_log log;

    /* membership: the newest configuration in the log, else the snapshot's */
    struct raft_membership membership;
    raft_index_t membership_index; /* index of the entry that set it (0: snapshot/bootstrap) */
    struct raft_membership snap_membership;

    struct raft_progress progress[RAFT_MAX_NODES]; /* parallel to membership.members */

    /* leadership transfer */
    raft_node_id_t transfer_target;
    uint32_t transfer_deadline;
    bool transfer_sent;  /* TimeoutNow went out */
    bool lease_revoked;  /* a TimeoutNow was sent this term: voters may elect
                            the target at once, so the lease is void */

    /* reads */
    uint32_t read_seq;
    uint8_t pending_reads_count;
    struct raft_pending_read pending_reads[RAFT_MAX_PENDING];
    uint8_t ready_reads_count;
    struct raft_read_state ready_reads[RAFT_MAX_PENDING];

    /* incoming snapshot */
    raft_index_t recv_snap_index;
    raft_term_t recv_snap_term;
    uint32_t recv_snap_offset;
    bool chunk_pending;
    bool snapshot_installed;
    struct raft_snapshot_chunk chunk;
    struct raft_membership chunk_membership; /* the chunk's copy (messages are transient) */

    /* what the next ready batch reports */
    bool append_pending;     /* leader: new entries, broadcast when the batch is made */
    bool read_round_pending; /* leader: a ReadIndex heartbeat round, likewise */
    bool hard_state_dirty;
    bool soft_state_dirty;
    raft_index_t truncate_from;
    raft_index_t persist_from;
    uint16_t outbox_count;
    struct raft_message outbox[RAFT_OUTBOX_CAPACITY];

    /* counters (diagnostics) */
    uint32_t dropped_messages;
};

/* Start a node with an empty log whose configuration (until the log or a
 * snapshot says otherwise) is `bootstrap` — every node of a cluster gets the
 * same one. Then restore persisted state, then tick. */
int raft_core_init(struct raft_core *c, const struct raft_core_options *opt,
                   const struct raft_membership *bootstrap, uint32_t now_ms);

/* Restart: feed what the storage loaded, before the first tick. */
void raft_core_restore_hard_state(struct raft_core *c, raft_term_t term, raft_node_id_t vote);
int raft_core_restore_snapshot(struct raft_core *c, raft_index_t index, raft_term_t term,
                               const struct raft_membership *membership);
/* Entries in index order from snapshot index + 1 (older ones are skipped). */
int raft_core_restore_entry(struct raft_core *c, raft_index_t index, const struct raft_entry_view *e);

void raft_core_tick(struct raft_core *c, uint32_t now_ms);
int raft_core_step(struct raft_core *c, const struct raft_message *m);

/* Leader only. On success *index and *term say where the command was appended:
 * it is committed when applied with the same term at that index. */
int raft_core_propose(struct raft_core *c, const uint8_t *data, uint16_t len, raft_index_t *index,
                      raft_term_t *term);

/* Linearizable read: a read state (tag, index) comes out in a ready batch —
 * at once under a valid lease, else after a quorum confirms leadership. */
int raft_core_read_index(struct raft_core *c, uint32_t tag);

int raft_core_transfer_leadership(struct raft_core *c, raft_node_id_t to);

enum raft_membership_change {
    RAFT_CHANGE_ADD_LEARNER = 1,
    RAFT_CHANGE_PROMOTE = 2,
    RAFT_CHANGE_REMOVE = 3
};
/* One change at a time; takes effect when appended, done when applied. */
int raft_core_change_membership(struct raft_core *c, enum raft_membership_change change, raft_node_id_t id,
                                raft_index_t *index, raft_term_t *term);

bool raft_core_has_ready(const struct raft_core *c);
void raft_core_ready(struct raft_core *c, struct raft_ready *rd);
void raft_core_advance(struct raft_core *c, const struct raft_ready *rd);

/* The caller stored a snapshot of the state machine at `index` (<= applied):
 * drop log entries up to it. */
int raft_core_snapshot_taken(struct raft_core *c, raft_index_t index);
/* True when the log is filling up and a snapshot should be taken now. */
bool raft_core_wants_snapshot(const struct raft_core *c, raft_index_t threshold);

/* Entry `index` if it is in the in-memory log. */
bool raft_core_entry(const struct raft_core *c, raft_index_t index, struct raft_entry_view *out);
/* Term of `index` (snapshot index included); false if unknown. */
bool raft_core_term_at(const struct raft_core *c, raft_index_t index, raft_term_t *term);

raft_index_t raft_core_last_index(const struct raft_core *c);
raft_term_t raft_core_snapshot_term(const struct raft_core *c);
raft_index_t raft_core_snapshot_index(const struct raft_core *c);
/* Membership at the snapshot index (what a new snapshot must record). */
const struct raft_membership *raft_core_membership_at_snapshot(const struct raft_core *c);
/* Membership in force at `index` (>= snapshot index, <= last index). */
bool raft_core_membership_at(const struct raft_core *c, raft_index_t index, struct raft_membership *out);

#endif
