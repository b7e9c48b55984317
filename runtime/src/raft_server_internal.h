/*
 * raft_server_internal.h (internal) — shared by raft_server.c (restore, the
 * ready cycle, snapshots, network) and raft_server_clients.c (requests,
 * forwarding, replies).
 */
#ifndef RAFT_SERVER_INTERNAL_H
#define RAFT_SERVER_INTERNAL_H

#include "raft/raft_server.h"

/* Output one formatted line (as built by raft_control_*: ends in "\n"). */
void raft_server_emit(struct raft_server *s, size_t len);
uint32_t raft_server_prefix(const struct raft_server *s);
/* Send a server-level message (client forwarding) right away. */
void raft_server_send_now(struct raft_server *s, const struct raft_message *m);
/* Hand every ready batch of the core (persist, send, apply, answer). */
void raft_server_handle_ready(struct raft_server *s);

/* ---- raft_server_clients.c ---- */
void raft_clients_on_apply(struct raft_server *s, raft_index_t index, const struct raft_entry_view *e,
                           const struct raft_kv_result *res);
void raft_clients_on_read(struct raft_server *s, const struct raft_read_state *r);
void raft_clients_serve_reads(struct raft_server *s);
void raft_clients_expire(struct raft_server *s, uint32_t now);
/* After a snapshot install: writes at or below `index` have unknown fate. */
void raft_clients_on_snapshot_install(struct raft_server *s, raft_index_t index);
void raft_clients_on_message(struct raft_server *s, const struct raft_message *m);

#endif
