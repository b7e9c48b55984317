/*
 * raft_transport_channel.c — in-process transport: one bounded byte ring per
 * receiving node. Messages are queued as from u32 LE | length u32 LE | bytes,
 * wrapping around the ring's end. Single-threaded by design (one event loop
 * or one firmware main loop drives every node of the hub).
 */
#include <string.h>

#include "raft/raft_transport.h"

_Static_assert(RAFT_CHANNEL_RING_BYTES >= RAFT_MAX_FRAME_SIZE + RAFT_CHANNEL_MSG_OVERHEAD,
               "RAFT_CHANNEL_RING_BYTES must hold at least one largest frame");

const char *raft_transport_error_name(int err)
{
    switch (err) {
    case RAFT_TRANSPORT_OK: return "ok";
    case RAFT_TRANSPORT_ERR_UNKNOWN_PEER: return "unknown-peer";
    case RAFT_TRANSPORT_ERR_TOO_LARGE: return "too-large";
    case RAFT_TRANSPORT_ERR_IO: return "io-error";
    case RAFT_TRANSPORT_ERR_TRUNCATED: return "truncated";
    default: return "unknown-error";
    }
}

void raft_channel_hub_init(struct raft_channel_hub *hub)
{
    memset(hub, 0, sizeof *hub);
}

static int slot_of(const struct raft_channel_hub *hub, uint32_t node_id)
{
    for (uint32_t i = 0; i < hub->attached; i++) {
        if (hub->node_ids[i] == node_id) {
            return (int)i;
        }
    }
    return -1;
}

int raft_channel_attach(struct raft_channel_hub *hub, struct raft_channel *ch, uint32_t node_id)
{
    if (node_id == 0 || hub->attached == RAFT_MAX_NODES || slot_of(hub, node_id) >= 0) {
        return RAFT_TRANSPORT_ERR_UNKNOWN_PEER;
    }
    memset(ch, 0, sizeof *ch);
    ch->hub = hub;
    ch->node_id = node_id;
    ch->slot = hub->attached;
    hub->node_ids[ch->slot] = node_id;
    hub->endpoints[ch->slot] = ch;
    memset(&hub->rings[ch->slot], 0, sizeof hub->rings[ch->slot]);
    hub->attached++;
    return RAFT_TRANSPORT_OK;
}

/* Copy in/out of the ring at logical position pos (from head), wrapping. */
static void ring_write(struct raft_channel_ring *r, uint32_t pos, const void *src, uint32_t n)
{
    if (n == 0) {
        return;
    }
    uint32_t at = (r->head + pos) % RAFT_CHANNEL_RING_BYTES;
    uint32_t first = RAFT_CHANNEL_RING_BYTES - at < n ? RAFT_CHANNEL_RING_BYTES - at : n;
    memcpy(r->bytes + at, src, first);
    memcpy(r->bytes, (const uint8_t *)src + first, n - first);
}

static void ring_read(const struct raft_channel_ring *r, uint32_t pos, void *dst, uint32_t n)
{
    if (n == 0) {
        return;
    }
    uint32_t at = (r->head + pos) % RAFT_CHANNEL_RING_BYTES;
    uint32_t first = RAFT_CHANNEL_RING_BYTES - at < n ? RAFT_CHANNEL_RING_BYTES - at : n;
    memcpy(dst, r->bytes + at, first);
    memcpy((uint8_t *)dst + first, r->bytes, n - first);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int channel_send(void *self, uint32_t to, const void *data, size_t len)
{
    struct raft_channel *ch = self;
    int slot = slot_of(ch->hub, to);
    if (slot < 0) {
        return RAFT_TRANSPORT_ERR_UNKNOWN_PEER;
    }
    if (len > RAFT_MAX_FRAME_SIZE) {
        return RAFT_TRANSPORT_ERR_TOO_LARGE;
    }
    struct raft_channel_ring *r = &ch->hub->rings[slot];
    uint32_t need = RAFT_CHANNEL_MSG_OVERHEAD + (uint32_t)len;
    if (need > RAFT_CHANNEL_RING_BYTES - r->used) {
        ch->stats.dropped_full++;
        return RAFT_TRANSPORT_OK;
    }
    uint8_t header[RAFT_CHANNEL_MSG_OVERHEAD];
    put_u32(header, ch->node_id);
    put_u32(header + 4, (uint32_t)len);
    ring_write(r, r->used, header, sizeof header);
    ring_write(r, r->used + (uint32_t)sizeof header, data, (uint32_t)len);
    r->used += need;
    ch->stats.sent++;
    return RAFT_TRANSPORT_OK;
}

static int channel_receive(void *self, uint32_t *from, void *buf, size_t cap, size_t *len)
{
    struct raft_channel *ch = self;
    struct raft_channel_ring *r = &ch->hub->rings[ch->slot];
    *len = 0;
    if (r->used == 0) {
        return 0;
    }
    uint8_t header[RAFT_CHANNEL_MSG_OVERHEAD];
    ring_read(r, 0, header, sizeof header);
    uint32_t n = get_u32(header + 4);
    int rc = 1;
    if (n > cap) {
        ch->stats.dropped_oversize++;
        rc = RAFT_TRANSPORT_ERR_TRUNCATED;
    } else {
        ring_read(r, (uint32_t)sizeof header, buf, n);
        *from = get_u32(header);
        *len = n;
        ch->stats.received++;
    }
    r->head = (r->head + (uint32_t)sizeof header + n) % RAFT_CHANNEL_RING_BYTES;
    r->used -= (uint32_t)sizeof header + n;
    return rc;
}

static int channel_wait_fd(void *self)
{
    (void)self;
    return -1;
}

static const struct raft_transport_stats *channel_stats(void *self)
{
    return &((struct raft_channel *)self)->stats;
}

static const struct raft_transport_ops channel_ops = {
    .send = channel_send,
    .receive = channel_receive,
    .wait_fd = channel_wait_fd,
    .stats = channel_stats,
};

struct raft_transport raft_channel_as_transport(struct raft_channel *ch)
{
    struct raft_transport t = {&channel_ops, ch};
    return t;
}
