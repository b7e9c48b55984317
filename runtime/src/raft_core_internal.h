/*
 * raft_core_internal.h (internal) — what the core's files share: roles and
 * elections (raft_core.c), replication and snapshots (raft_replication.c),
 * client-facing operations (raft_core_client.c).
 */
#ifndef RAFT_CORE_INTERNAL_H
#define RAFT_CORE_INTERNAL_H

#include "raft/raft_core.h"
#include "raft_log.h"

/* Wrap-safe: has `now` reached `deadline`? */
static inline bool raft_time_reached(uint32_t now, uint32_t deadline) { return (int32_t)(now - deadline) >= 0; }

/* ---- raft_core.c ---- */
struct raft_message *raft_core_send(struct raft_core *c, uint8_t type, raft_node_id_t to);
void raft_core_become_follower(struct raft_core *c, raft_term_t term, raft_node_id_t leader);
void raft_core_heard_from_leader(struct raft_core *c, raft_node_id_t leader);
unsigned raft_core_quorum(const struct raft_core *c);
/* Append locally (any role), record it for persistence, adopt a config entry. */
bool raft_core_append_local(struct raft_core *c, raft_term_t term, uint8_t type, const uint8_t *data, uint16_t len);
void raft_core_truncate_local(struct raft_core *c, raft_index_t from);
/* Recompute the membership from the log (after truncation, install, restore). */
void raft_core_refresh_membership(struct raft_core *c);
/* Drop queued APPEND messages whose entries are no longer in the log. */
void raft_core_purge_outbox(struct raft_core *c);

/* ---- raft_replication.c ---- */
void raft_repl_reset_progress(struct raft_progress *p, raft_index_t last);
void raft_repl_send_append(struct raft_core *c, int peer, bool heartbeat);
void raft_repl_send_pending(struct raft_core *c, int peer);
void raft_repl_broadcast(struct raft_core *c, bool heartbeat);
void raft_repl_maybe_commit(struct raft_core *c);
void raft_repl_on_append(struct raft_core *c, const struct raft_message *m);
void raft_repl_on_append_resp(struct raft_core *c, const struct raft_message *m);
int raft_repl_on_snapshot(struct raft_core *c, const struct raft_message *m);
void raft_repl_on_snapshot_resp(struct raft_core *c, const struct raft_message *m);

/* ---- raft_core_client.c ---- */
void raft_reads_check(struct raft_core *c);
void raft_reads_on_term_commit(struct raft_core *c);
void raft_reads_fail_all(struct raft_core *c, int status);
void raft_transfer_check(struct raft_core *c, int peer);

#endif
