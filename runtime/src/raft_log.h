/*
 * raft_log.h (internal) — the core's in-memory log window: entries
 * snap_index+1 .. snap_index+count in a slot ring, payloads back to back
 * in a byte ring of RAFT_LOG_RING_BYTES (32-bit positions).
 */
#ifndef RAFT_LOG_INTERNAL_H
#define RAFT_LOG_INTERNAL_H

#include "raft/raft_core.h"

void raft_log_init(struct raft_log *l);
/* Empty the log; it now starts after (index, term). */
void raft_log_reset(struct raft_log *l, raft_index_t index, raft_term_t term);

static inline raft_index_t raft_log_last_index(const struct raft_log *l) { return l->snap_index + l->count; }
raft_term_t raft_log_last_term(const struct raft_log *l);
bool raft_log_term_at(const struct raft_log *l, raft_index_t index, raft_term_t *term);
bool raft_log_entry(const struct raft_log *l, raft_index_t index, struct raft_entry_view *out);

/* Can an entry of `len` bytes be appended (hard limit)? */
bool raft_log_fits(const struct raft_log *l, uint16_t len);
/* Payload bytes held (of RAFT_LOG_RING_BYTES; always below it). */
uint32_t raft_log_bytes_used(const struct raft_log *l);
/* Append at last+1; false (log unchanged) when it does not fit. */
bool raft_log_append(struct raft_log *l, raft_term_t term, uint8_t type, const uint8_t *data, uint16_t len);
/* Drop entries >= from (from > snap_index). */
void raft_log_truncate(struct raft_log *l, raft_index_t from);
/* Drop entries <= upto (snap_index < upto <= last); the log then starts after upto. */
void raft_log_compact(struct raft_log *l, raft_index_t upto);

#endif
