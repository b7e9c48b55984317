/*
 * raft_server.h — one Raft node: the core + a storage backend + a transport
 * backend + the key-value state machine + the client requests in flight.
 *
 * The server drives the core's ready cycle: persist (one sync per batch),
 * send, apply, answer. Clients talk to it with control-protocol lines
 * (raft_control.h); a write is answered only after it is committed AND
 * applied here (commit-based acknowledgement). A follower forwards requests
 * to the leader and routes the answer back. Reads are linearizable (lease or
 * ReadIndex, by the core). Client sessions (client id + sequence) make a
 * retried write apply once. On start the server restores what the storage
 * holds. Unsolicited `event` lines report role, leader, snapshot and
 * membership changes, malformed frames and fatal errors.
 *
 * Nothing here is global: several servers can share one process (the
 * channel transport), each with its own backends and platform context.
 *
 * A generated main.c does:
 *     struct raft_server_options opt;
 *     raft_server_options_from_cluster(&raft_cluster, node_id, prefix_lines, &opt);
 *     raft_server_init(&server, &opt, storage, transport, platform);   // loads storage
 *     while (!raft_server_stopped(&server)) {
 *         for each complete input line: raft_server_handle_line(&server, line, len);
 *         raft_server_poll(&server);                     // clock, network, timers
 *         platform.idle(platform.ctx, raft_server_idle_ms(&server));
 *     }
 */
#ifndef RAFT_SERVER_H
#define RAFT_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "raft/raft_config.h"
#include "raft/raft_control.h"
#include "raft/raft_core.h"
#include "raft/raft_kv.h"
#include "raft/raft_platform.h"
#include "raft/raft_storage.h"
#include "raft/raft_transport.h"
#include "raft/raft_types.h"

/* ---- what cluster_config.c defines (generated from the model) ---- */

enum raft_initial_role {
    RAFT_INITIAL_SPARE = 0,   /* not a member at start; joins with `add` */
    RAFT_INITIAL_VOTER = RAFT_MEMBER_VOTER,
    RAFT_INITIAL_LEARNER = RAFT_MEMBER_LEARNER
};

struct raft_node_address {
    raft_node_id_t id;
    uint32_t ipv4;      /* host byte order */
    uint16_t port;      /* UDP */
    uint8_t mac[6];     /* firmware Ethernet */
    uint8_t initial_role; /* enum raft_initial_role */
};

struct raft_cluster_config {
    const char *name;
    uint32_t election_timeout_min_ms;
    uint32_t election_timeout_max_ms;
    uint32_t heartbeat_ms;
    uint32_t lease_ms;            /* 0: ReadIndex only */
    bool pre_vote;
    bool check_quorum;
    uint32_t snapshot_threshold;  /* applied entries between two snapshots */
    uint32_t request_timeout_ms;  /* a client request not answered by then gets `err timeout` */
    uint8_t log_level;            /* 0: replies only, 1: + events (default) */
    uint8_t node_count;
    struct raft_node_address nodes[RAFT_MAX_NODES];
};

/* ---- per-node options ---- */

struct raft_server_options {
    struct raft_core_options core;    /* seed: filled from the platform by init */
    struct raft_membership bootstrap; /* the initial voters (and learners) */
    uint32_t snapshot_threshold;
    uint32_t request_timeout_ms;
    bool prefix_lines;                /* "@<id> " before every output line (multi-node images) */
    uint8_t log_level;
};

/* Options of node `id` from the cluster table. RAFT_ERR_INVALID (with no
 * output) when id is not in the table or a timing value is inconsistent. */
int raft_server_options_from_cluster(const struct raft_cluster_config *cc, raft_node_id_t id, bool prefix_lines,
                                     struct raft_server_options *out);

/* ---- the server ---- */

enum raft_pending_state {
    RAFT_PENDING_FREE = 0,
    RAFT_PENDING_PROPOSED,   /* write in the log at (index, term): wait for apply */
    RAFT_PENDING_CHANGE,     /* membership change at (index, term) */
    RAFT_PENDING_READ_WAIT,  /* ReadIndex asked: wait for the core's read state */
    RAFT_PENDING_READ_READY, /* read index known: serve once applied >= index */
    RAFT_PENDING_FORWARDED   /* sent to the leader: wait for its reply */
};

struct raft_pending {
    uint8_t state;
    uint8_t verb;             /* enum raft_control_verb */
    raft_node_id_t origin;    /* 0: a local control line; else the node that forwarded it */
    uint32_t origin_ref;      /* the forwarding node's reference */
    uint32_t generation;      /* 24 bits: makes references of reused slots distinct */
    raft_index_t index;
    raft_term_t term;
    uint32_t deadline;
    char tag[RAFT_CONTROL_TAG_MAX + 1];
    uint8_t key_len;
    uint8_t key[RAFT_KV_MAX_KEY_LEN];
};

struct raft_server_stats {
    uint32_t frames_in, frames_out, bad_frames, dropped_frames;
    uint32_t syncs, applied_commands, snapshots_taken, snapshots_installed;
    uint32_t requests, forwarded, timeouts;
};

struct raft_server {
    struct raft_server_options opt;
    struct raft_core core;
    struct raft_kv kv;
    struct raft_storage storage;
    struct raft_transport transport;
    struct raft_platform platform;
    raft_index_t stored_snapshot_index; /* the snapshot the storage holds */
    struct raft_pending pending[RAFT_MAX_PENDING];
    uint32_t generation;                /* starts at a random value: references of a
                                           restarted node differ from its earlier ones */
    uint8_t role_reported;
    raft_node_id_t leader_reported;
    bool stopped;
    bool snapshot_due;                  /* taken at the next poll, after the loop
                                           flushed this poll's replies */
    int fatal;                          /* 0, or the raft_status that stopped the node */
    struct raft_server_stats stats;
    struct raft_entry_view rx_entries[RAFT_MAX_BATCH];
    uint8_t rx[RAFT_MAX_FRAME_SIZE];
    uint8_t tx[RAFT_MAX_FRAME_SIZE];
    uint8_t chunk[RAFT_SNAPSHOT_CHUNK];
    char line[RAFT_CONTROL_LINE_MAX + 1];
};

/* Restore from storage and start. On failure writes an `event fatal` line
 * naming the problem and returns RAFT_ERR_STORAGE / RAFT_ERR_CORRUPT /
 * RAFT_ERR_INVALID; the server is then stopped. */
int raft_server_init(struct raft_server *s, const struct raft_server_options *opt, struct raft_storage storage,
                     struct raft_transport transport, struct raft_platform platform);

/* Read the clock, tick, receive and step every waiting frame, expire
 * requests; handles every ready batch. */
void raft_server_poll(struct raft_server *s);

/* One control-protocol request line (with or without its "\n"). Writes and
 * reads are persisted and sent by the next raft_server_poll, together with
 * every other line handed in before it (group commit: one sync, one
 * AppendEntries per follower); hand in all lines at hand, then poll. */
void raft_server_handle_line(struct raft_server *s, const char *line, size_t len);

/* Route a line to the server named by its "@<id>" prefix (multi-node
 * images); a line without a valid prefix gets an error reply. */
void raft_servers_dispatch_line(struct raft_server *const *servers, unsigned count, const char *line, size_t len);

bool raft_server_stopped(const struct raft_server *s);
/* How long the main loop may sleep before the next poll (0 while a
 * snapshot is due: the loop flushes its output, then polls again). */
uint32_t raft_server_idle_ms(const struct raft_server *s);
void raft_server_status(const struct raft_server *s, struct raft_control_status *out);
/* Take a snapshot now (also done automatically at the threshold). */
int raft_server_take_snapshot(struct raft_server *s);

#endif
