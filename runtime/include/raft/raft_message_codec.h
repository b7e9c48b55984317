/*
 * raft_message_codec.h — Raft messages on the wire, over raft_codec.h.
 *
 * One message per frame (raft_frame_wrap: version, length, payload, CRC-32C).
 * Payload, all integers as varints unless noted:
 *   type u8 | from | to | term | body
 *   PREVOTE, VOTE           last_index | last_term | transfer bool
 *   PREVOTE_RESP, VOTE_RESP granted bool
 *   APPEND                  prev_index | prev_term | commit | read_seq | sent_ms |
 *                           n (<= RAFT_MAX_BATCH) | n x (term | type u8 | bytes)
 *   APPEND_RESP             success bool | index | hint_index | hint_term | read_seq | sent_ms
 *   SNAPSHOT                last_index | last_term | membership | offset | done bool | bytes
 *                           (membership: count | count x (id | role u8))
 *   SNAPSHOT_RESP           last_index | next_offset | done bool
 *   TIMEOUT_NOW             (empty)
 *   CLIENT_REQUEST, _REPLY  ref | bytes
 * ("bytes" = varint length + raw bytes.) The decoder checks every length and
 * range against the configured capacities and rejects trailing bytes; it
 * never reads outside the frame. Decoded byte fields point into the frame.
 */
#ifndef RAFT_MESSAGE_CODEC_H
#define RAFT_MESSAGE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "raft/raft_codec.h"
#include "raft/raft_types.h"

/* Errors beyond enum raft_codec_error (which decode also returns). */
enum raft_message_codec_error {
    RAFT_MSG_ERR_TYPE = -20,       /* unknown message type */
    RAFT_MSG_ERR_FIELD = -21,      /* a field out of range (id, term, role, flag...) */
    RAFT_MSG_ERR_ENTRIES = -22,    /* entry count above RAFT_MAX_BATCH or an entry malformed */
    RAFT_MSG_ERR_MISSING = -23     /* encode: an APPEND entry is not in the log any more */
};

/* Largest payload inside a frame of RAFT_MAX_FRAME_SIZE bytes. */
#define RAFT_MESSAGE_PAYLOAD_MAX (RAFT_MAX_FRAME_SIZE - RAFT_FRAME_OVERHEAD_MAX)

/* Where the encoder finds APPEND entries when m->u.append.entries is NULL
 * (messages emitted by the core): raft_core_entry fits. */
typedef bool (*raft_entry_source)(const void *ctx, raft_index_t index, struct raft_entry_view *out);

/* Encode m as one frame into buf (cap >= RAFT_MAX_FRAME_SIZE is always
 * enough). Returns the frame length, or a negative error: RAFT_CODEC_ERR_NO_SPACE,
 * RAFT_MSG_ERR_MISSING, RAFT_MSG_ERR_TYPE, RAFT_MSG_ERR_ENTRIES. */
int32_t raft_message_encode(const struct raft_message *m, raft_entry_source source, const void *source_ctx,
                            uint8_t *buf, size_t cap);

/* Decode one frame. On success (RAFT_CODEC_OK) *m is filled; APPEND entries
 * are written to `entries` (RAFT_MAX_BATCH of them) and m->u.append.entries
 * points there; byte fields point into `frame`. Otherwise a negative
 * raft_codec_error or raft_message_codec_error; *m is then unspecified. */
int raft_message_decode(const uint8_t *frame, size_t len, struct raft_message *m,
                        struct raft_entry_view entries[RAFT_MAX_BATCH]);

/* Short stable name of any error above or of raft_codec.h. */
const char *raft_message_error_name(int err);

#endif
