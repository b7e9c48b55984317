/*
 * raft_transport.h — moving framed messages between nodes.
 *
 * The interface is an ops table + context (struct raft_transport). Sending
 * never blocks and never fails because the peer is slow: a message that
 * cannot be queued is dropped and counted (Raft retries on its own).
 * Receiving is non-blocking: it returns 0 when nothing is waiting. A POSIX
 * event loop waits on raft_transport_wait_fd() (poll for POLLIN); a backend
 * without a descriptor returns -1 and the loop simply polls receive().
 *
 * Backends:
 *   raft_channel        in-process: one bounded byte ring per node inside a
 *                       shared raft_channel_hub (several nodes in one process
 *                       or one firmware image). Portable, in src/.
 *   raft_udp_posix      one UDP socket per node (ports/posix/raft_udp_posix.h).
 *   lwIP UDP            firmware port (ports/mps2).
 *
 * Messages are opaque bytes (the core wraps them in raft_codec frames).
 */
#ifndef RAFT_TRANSPORT_H
#define RAFT_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raft/raft_config.h"

enum raft_transport_error {
    RAFT_TRANSPORT_OK = 0,
    RAFT_TRANSPORT_ERR_UNKNOWN_PEER = -1, /* no such node id */
    RAFT_TRANSPORT_ERR_TOO_LARGE = -2,    /* message above RAFT_MAX_FRAME_SIZE */
    RAFT_TRANSPORT_ERR_IO = -3,           /* the OS refused (socket error) */
    RAFT_TRANSPORT_ERR_TRUNCATED = -4     /* receive buffer smaller than the message */
};

const char *raft_transport_error_name(int err);

/* Counters every backend keeps. */
struct raft_transport_stats {
    uint32_t sent;
    uint32_t received;
    uint32_t dropped_full;     /* send: receiver's queue / socket buffer full */
    uint32_t dropped_unknown;  /* receive: datagram from an address not in the node table */
    uint32_t dropped_oversize; /* receive: larger than the caller's buffer */
};

struct raft_transport_ops {
    /* Queue `len` bytes for node `to`. RAFT_TRANSPORT_OK also when the
     * message was dropped for lack of room (see stats.dropped_full). */
    int (*send)(void *self, uint32_t to, const void *data, size_t len);
    /* 1 = one message copied into buf (*len, *from set), 0 = none waiting,
     * < 0 = error. A message larger than cap is discarded, counted, and
     * reported as RAFT_TRANSPORT_ERR_TRUNCATED. */
    int (*receive)(void *self, uint32_t *from, void *buf, size_t cap, size_t *len);
    /* Descriptor that becomes readable when receive() has something, or -1. */
    int (*wait_fd)(void *self);
    const struct raft_transport_stats *(*stats)(void *self);
};

struct raft_transport {
    const struct raft_transport_ops *ops;
    void *self;
};

static inline int raft_transport_send(struct raft_transport t, uint32_t to, const void *data, size_t len)
{ return t.ops->send(t.self, to, data, len); }
static inline int raft_transport_receive(struct raft_transport t, uint32_t *from, void *buf, size_t cap, size_t *len)
{ return t.ops->receive(t.self, from, buf, cap, len); }
static inline int raft_transport_wait_fd(struct raft_transport t)
{ return t.ops->wait_fd(t.self); }
static inline const struct raft_transport_stats *raft_transport_stats(struct raft_transport t)
{ return t.ops->stats(t.self); }

/* ====================================================================== */
/* In-process channel backend                                              */
/* ====================================================================== */

#define RAFT_CHANNEL_MSG_OVERHEAD 8u /* from u32 LE + length u32 LE */

/* Ring bytes that queue `msgs` messages of `msg_bytes` each (as sent, frame
 * included), but never less than one largest frame, which every ring must
 * accept. An integer constant expression, for cluster_config.h. */
#define RAFT_CHANNEL_RING_BYTES_FOR(msgs, msg_bytes)                                   \
    ((msgs) * ((msg_bytes) + RAFT_CHANNEL_MSG_OVERHEAD) >                              \
             (RAFT_MAX_FRAME_SIZE) + RAFT_CHANNEL_MSG_OVERHEAD                          \
         ? (msgs) * ((msg_bytes) + RAFT_CHANNEL_MSG_OVERHEAD)                          \
         : (RAFT_MAX_FRAME_SIZE) + RAFT_CHANNEL_MSG_OVERHEAD)

/* Bytes of queue per receiving node; the hub holds RAFT_MAX_NODES rings.
 * Emitted by the generator in cluster_config.h from the model's channel
 * capacity, which counts messages for the whole channel:
 *   #define RAFT_CHANNEL_RING_BYTES \
 *       RAFT_CHANNEL_RING_BYTES_FOR((CAPACITY + NODES - 1) / NODES, MSG_BYTES)
 * MSG_BYTES = RAFT_MAX_FRAME_SIZE sizes for the worst case (every queued
 * message a full AppendEntries), as the DSL's ResourceEstimator counts RAM;
 * a smaller typical size (heartbeats and replies are tens of bytes) queues
 * more small messages in less RAM, at the price of drops under full
 * batches (counted in stats.dropped_full; Raft retries). When the
 * configuration does not set it: two largest frames per node (2 x frame +
 * 16, 17.8 KB of hub for 6 nodes of 1472-byte frames), enough for a
 * request and its reply in flight per node. */
#ifndef RAFT_CHANNEL_RING_BYTES
#define RAFT_CHANNEL_RING_BYTES RAFT_CHANNEL_RING_BYTES_FOR(2u, RAFT_MAX_FRAME_SIZE)
#endif

struct raft_channel_ring {
    uint32_t head;  /* offset of the oldest byte */
    uint32_t used;  /* bytes queued */
    uint8_t bytes[RAFT_CHANNEL_RING_BYTES];
};

struct raft_channel;

/* The shared medium: one ring per attached node. */
struct raft_channel_hub {
    uint32_t node_ids[RAFT_MAX_NODES];
    struct raft_channel *endpoints[RAFT_MAX_NODES];
    struct raft_channel_ring rings[RAFT_MAX_NODES];
    uint32_t attached;
};

/* One node's end of the hub. */
struct raft_channel {
    struct raft_channel_hub *hub;
    uint32_t node_id;
    uint32_t slot;
    struct raft_transport_stats stats;
};

void raft_channel_hub_init(struct raft_channel_hub *hub);
/* Attach node `node_id`. Fails with RAFT_TRANSPORT_ERR_UNKNOWN_PEER when the
 * hub is full (RAFT_MAX_NODES) or the id is 0 or already attached. */
int raft_channel_attach(struct raft_channel_hub *hub, struct raft_channel *ch, uint32_t node_id);
struct raft_transport raft_channel_as_transport(struct raft_channel *ch);

#endif
