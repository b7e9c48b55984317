/*
 * sim.h — deterministic simulator of a RaftForge cluster (host only).
 *
 * N real raft_server nodes (core + in-memory storage that tells synced from
 * unsynced writes + the KV state machine + client handling) in one process,
 * driven in 1 ms steps of simulated time by one seeded PRNG. The network
 * (a transport backend of the simulator) drops, duplicates, delays (hence
 * reorders) and partitions frames; nodes crash (keeping only what they
 * synced, sometimes a torn prefix of an unsynced batch — also leaders whose
 * batch sent its AppendEntries before the sync that failed) and restart; clocks
 * drift a little. Clients send control-protocol lines with retries; an admin
 * adds, promotes and removes members, transfers leadership and asks for
 * snapshots. After every step the checker verifies Raft's safety
 * properties; at the end the client history must be linearizable.
 */
#ifndef SIM_H
#define SIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "raft/raft_server.h"
#include "raft/raft_storage.h"
#include "raft/raft_transport.h"
#include "lincheck.h"

#define SIM_MAX_NODES RAFT_MAX_NODES
#define SIM_INBOX 64
#define SIM_MAX_CLIENTS 6
#define SIM_KEYS 5

struct sim;

struct sim_frame {
    uint64_t deliver_at;
    uint32_t from, to;
    uint32_t len;
    uint8_t *bytes;
};

struct sim_endpoint {
    struct sim *sim;
    uint32_t id;
    struct sim_frame inbox[SIM_INBOX];
    unsigned head, count;
    struct raft_transport_stats stats;
};

#include "../tests/fault_files.h" /* in-memory files that crash, tear and lose power */

/* Storage seen by the server. Either the memory backend with a switch that
 * makes every call fail from a chosen operation on (a power cut mid-batch),
 * or the real record-file backend over in-memory files that can crash at any
 * file operation, tear a write and lose what was not synced. */
struct sim_storage {
    bool file_backed;
    struct raft_mem_storage mem;
    struct fault_files files;
    struct raft_file_storage file;
    struct raft_storage inner;
    int32_t fail_after; /* memory backend: operations left before the cut; < 0: never */
    bool cut;
    uint32_t compact_bytes, journal_bytes; /* file backend: when it rewrites (random per node) */
    uint32_t preallocate_bytes;            /* file backend: 0 appends, else preallocates this much (random) */
    uint32_t appends_since_sync; /* AppendEntries with entries sent since the last good sync */
};

struct sim_node {
    uint32_t id;
    bool exists;  /* part of the simulated machine room */
    bool up;
    uint64_t restart_at;
    int64_t clock_offset;
    int32_t drift_ppm;
    struct sim *sim;
    struct raft_server *server;
    struct sim_storage *storage;
    struct sim_endpoint endpoint;
    /* checker bookkeeping */
    raft_index_t checked_applied;
    bool was_leader;
    raft_term_t leader_term;
    raft_index_t leader_window_from;
    raft_term_t *leader_window; /* terms of the log when last seen leading */
    raft_index_t leader_window_len;
};

enum sim_op_state { OP_IDLE = 0, OP_WAITING, OP_BACKOFF };

struct sim_client {
    uint32_t id;
    uint64_t seq;        /* last write sequence number used */
    uint32_t op_count;
    uint8_t state;
    uint8_t kind;        /* lincheck kind */
    char key[8];
    char value[24];
    uint64_t write_seq;
    uint64_t invoke;     /* first attempt */
    uint64_t deadline;   /* current attempt */
    uint64_t give_up_at;
    uint64_t next_at;
    uint32_t attempt;
    uint32_t target;
    char tag[RAFT_CONTROL_TAG_MAX + 1];
};

struct sim_stats {
    uint64_t steps, frames_sent, frames_dropped, frames_duplicated, crashes, torn, restarts;
    uint64_t partitions, transfers, membership_ok, snapshots, ops_ok, ops_unknown, ops_failed_retried;
    uint64_t installs, elections, max_term, file_nodes;
    uint64_t early_append_crashes; /* a leader died in a batch whose appends left before its sync */
};

struct sim_config {
    uint64_t seed;
    unsigned nodes;      /* initial voters: 3, 5 or 7 */
    uint64_t duration_ms;
    uint64_t quiet_ms;   /* fault-free tail */
    bool trace;
    bool trace_messages; /* also every frame delivered, decoded */
    bool bench;          /* no faults: measure throughput */
    bool crashes;
};

struct sim {
    struct sim_config cfg;
    uint64_t rng;
    uint64_t now;
    unsigned total_nodes; /* voters + one spare */
    struct sim_node nodes[SIM_MAX_NODES];
    bool link_cut[SIM_MAX_NODES + 1][SIM_MAX_NODES + 1];
    uint32_t drop_permille, dup_permille, max_delay_ms;
    struct sim_frame *flight;
    size_t flight_count, flight_cap;
    struct sim_client clients[SIM_MAX_CLIENTS];
    unsigned client_count;
    uint64_t event_seq; /* orders invocations and responses as they happen */
    struct lincheck_history history;
    /* admin */
    bool admin_waiting;
    char admin_tag[RAFT_CONTROL_TAG_MAX + 1];
    uint64_t admin_deadline;
    uint32_t admin_ops;
    /* oracles */
    raft_node_id_t *leader_of_term;
    size_t leader_of_term_cap;
    struct sim_committed { raft_term_t term; uint64_t hash; raft_term_t seen_in_term; bool set; } *committed;
    size_t committed_cap;
    raft_index_t max_commit;
    /* result */
    unsigned violations;
    char first_violation[512];
    struct sim_stats stats;
    struct raft_cluster_config cluster;
};

uint64_t sim_rand(struct sim *s);
uint32_t sim_rand_below(struct sim *s, uint32_t n);
bool sim_chance(struct sim *s, uint32_t permille);
void sim_trace(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sim_violation(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* sim_world.c */
int sim_run(const struct sim_config *cfg, struct sim_stats *stats, char *why, size_t why_cap);
void sim_send_line(struct sim *s, uint32_t node, const char *line);
struct sim_node *sim_node(struct sim *s, uint32_t id);
uint32_t sim_random_live_node(struct sim *s);

/* sim_client.c */
void sim_clients_init(struct sim *s);
void sim_clients_step(struct sim *s, bool issue_new);
bool sim_clients_idle(const struct sim *s);
/* A reply line for `tag` arrived from node `node`; false if nobody waits for it. */
bool sim_clients_on_reply(struct sim *s, uint32_t node, const char *tag, const char *rest);
void sim_admin_step(struct sim *s);

/* sim_check.c */
void sim_check_step(struct sim *s);
/* Leader with an own-term commit, every member applied up to it, clients idle. */
bool sim_converged(struct sim *s, char *why, size_t cap);
void sim_check_final(struct sim *s);
void sim_check_free(struct sim *s);

#endif
