/*
 * core_cluster.h — test fixture: N raft_core nodes wired by hand. Messages
 * travel as encoded frames (the real codec), so what a test delivers is what
 * a network would carry. The "state machine" of each node is the
 * concatenation of the command payloads it applied; its snapshot is that
 * byte string. Persistence is modelled: a restart keeps exactly what the
 * ready batches told the node to persist.
 */
#ifndef CORE_CLUSTER_H
#define CORE_CLUSTER_H

#include <stdbool.h>
#include <stdint.h>

#include "raft/raft_core.h"

#define CC_MAX_NODES 8
#define CC_QUEUE 4096
#define CC_SM_BYTES 8192
#define CC_LOG_MAX 4096

struct cc_frame {
    raft_node_id_t from, to;
    uint16_t len;
    uint8_t bytes[RAFT_MAX_FRAME_SIZE];
};

struct cc_persisted_entry {
    raft_term_t term;
    uint8_t type;
    uint16_t len;
    uint8_t data[RAFT_MAX_ENTRY_SIZE];
};

struct cc_node {
    struct raft_core core;
    bool up;
    /* "disk" */
    raft_term_t term;
    raft_node_id_t vote;
    raft_index_t snap_index;
    raft_term_t snap_term;
    struct raft_membership snap_membership;
    uint8_t snap_data[CC_SM_BYTES];
    uint32_t snap_len;
    uint8_t recv_data[CC_SM_BYTES]; /* snapshot being received */
    raft_index_t log_last;
    struct cc_persisted_entry *log; /* index i at log[i] */
    /* state machine */
    uint8_t sm[CC_SM_BYTES];
    uint32_t sm_len;
    raft_index_t applied_count;
    /* observations */
    uint32_t read_tags[64];
    raft_index_t read_index[64];
    int read_status[64];
    unsigned reads_done;
    unsigned hard_state_writes;
};

struct cc_cluster {
    unsigned n;
    struct raft_core_options opt;
    struct raft_membership bootstrap;
    uint32_t now;
    struct cc_node nodes[CC_MAX_NODES];
    struct cc_frame *queue; /* FIFO */
    unsigned q_head, q_count;
    bool cut[CC_MAX_NODES + 1][CC_MAX_NODES + 1]; /* cut[a][b]: a -> b dropped */
    unsigned delivered;
    uint32_t sent_by_type[16];
    /* Optional: told about every frame taken off the queue (dropped = cut link or down node). */
    void (*on_frame)(void *ctx, const struct raft_message *m, bool dropped);
    void *on_frame_ctx;
};

/* Nodes 1..n, all voters unless learners_from > 0 (ids >= it start as
 * non-members). Timing: election 100..200 ms, heartbeat 20 ms. */
void cc_init(struct cc_cluster *cl, unsigned n, bool pre_vote, bool check_quorum, uint32_t lease_ms);
void cc_init_members(struct cc_cluster *cl, unsigned n, unsigned voters, bool pre_vote, bool check_quorum,
                     uint32_t lease_ms);
void cc_free(struct cc_cluster *cl);
struct raft_core *cc_core(struct cc_cluster *cl, raft_node_id_t id);

/* Handle every node's ready batch (persist, queue messages, apply, reads). */
void cc_flush(struct cc_cluster *cl);
/* Deliver one queued frame (false when the queue is empty). */
bool cc_deliver_one(struct cc_cluster *cl);
/* Flush and deliver until nothing moves (bounded). Returns frames delivered. */
unsigned cc_settle(struct cc_cluster *cl);
/* Advance time by ms in 1 ms ticks, settling after each tick. */
void cc_advance(struct cc_cluster *cl, uint32_t ms);
/* Drop every queued frame. */
void cc_drop_queue(struct cc_cluster *cl);

void cc_isolate(struct cc_cluster *cl, raft_node_id_t id, bool isolated);
void cc_cut(struct cc_cluster *cl, raft_node_id_t a, raft_node_id_t b, bool cut); /* both ways */

/* Elect `id`: make its timer fire first, then settle. */
void cc_elect(struct cc_cluster *cl, raft_node_id_t id);
/* The unique leader with the highest term among live nodes, or 0. */
raft_node_id_t cc_leader(struct cc_cluster *cl);
int cc_propose(struct cc_cluster *cl, raft_node_id_t id, const char *text);

/* Crash `id` (memory lost) and restart it from its "disk". */
void cc_crash(struct cc_cluster *cl, raft_node_id_t id);
void cc_restart(struct cc_cluster *cl, raft_node_id_t id);

/* Take a snapshot of `id`'s state machine at its applied index. */
void cc_snapshot(struct cc_cluster *cl, raft_node_id_t id);

#endif
