/* mps2_udp_transport.c — raft_transport over lwIP UDP. */
#include "mps2/mps2_udp_transport.h"

#include <string.h>

static const struct mps2_udp_peer *peer_by_id(const struct mps2_udp_transport *t, uint32_t id)
{
    for (uint32_t i = 0; i < t->peer_count; i++) {
        if (t->peers[i].id == id) {
            return &t->peers[i];
        }
    }
    return NULL;
}

static void ip_of(const struct mps2_udp_peer *peer, ip_addr_t *out)
{
    IP_ADDR4(out, peer->ip[0], peer->ip[1], peer->ip[2], peer->ip[3]);
}

static uint32_t sender_id(const struct mps2_udp_transport *t, const ip_addr_t *addr, u16_t port)
{
    for (uint32_t i = 0; i < t->peer_count; i++) {
        ip_addr_t peer_ip;
        ip_of(&t->peers[i], &peer_ip);
        if (t->peers[i].port == port && ip_addr_cmp(&peer_ip, addr) && t->peers[i].id != t->self_id) {
            return t->peers[i].id;
        }
    }
    return 0;
}

/* lwIP receive callback: runs inside mps2_net_poll, in the main loop. */
static void on_datagram(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
    (void)pcb;
    struct mps2_udp_transport *t = arg;
    uint32_t from = sender_id(t, addr, port);
    if (from == 0u) {
        t->stats.dropped_unknown++;
        pbuf_free(p);
        return;
    }
    if (t->queue_count == MPS2_UDP_RX_QUEUE) {
        t->stats.dropped_full++;
        pbuf_free(p);
        return;
    }
    uint32_t slot = (t->queue_head + t->queue_count) % MPS2_UDP_RX_QUEUE;
    t->queue[slot] = (struct mps2_udp_queued){ .p = p, .from = from };
    t->queue_count++;
}

int mps2_udp_transport_open(struct mps2_udp_transport *t, struct mps2_net *net, uint32_t self_id,
                            const struct mps2_udp_peer *peers, uint32_t count)
{
    memset(t, 0, sizeof *t);
    t->net = net;
    t->self_id = self_id;
    if (count > RAFT_MAX_NODES) {
        return RAFT_TRANSPORT_ERR_UNKNOWN_PEER;
    }
    for (uint32_t i = 0; i < count; i++) {
        if (peers[i].id == 0u || peer_by_id(t, peers[i].id) != NULL) {
            return RAFT_TRANSPORT_ERR_UNKNOWN_PEER;
        }
        t->peers[t->peer_count++] = peers[i];
    }
    const struct mps2_udp_peer *self = peer_by_id(t, self_id);
    if (self == NULL) {
        return RAFT_TRANSPORT_ERR_UNKNOWN_PEER;
    }
    for (uint32_t i = 0; i < t->peer_count; i++) {
        if (t->peers[i].id != self_id && !mps2_net_add_peer(net, t->peers[i].ip, t->peers[i].mac)) {
            return RAFT_TRANSPORT_ERR_IO;
        }
    }
    t->pcb = udp_new();
    if (t->pcb == NULL) {
        return RAFT_TRANSPORT_ERR_IO;
    }
    ip_addr_t own;
    ip_of(self, &own);
    if (udp_bind(t->pcb, &own, self->port) != ERR_OK) {
        udp_remove(t->pcb);
        t->pcb = NULL;
        return RAFT_TRANSPORT_ERR_IO;
    }
    udp_recv(t->pcb, on_datagram, t);
    return RAFT_TRANSPORT_OK;
}

static int op_send(void *self, uint32_t to, const void *data, size_t len)
{
    struct mps2_udp_transport *t = self;
    const struct mps2_udp_peer *peer = peer_by_id(t, to);
    if (peer == NULL || to == t->self_id) {
        return RAFT_TRANSPORT_ERR_UNKNOWN_PEER;
    }
    if (len > RAFT_MAX_FRAME_SIZE) {
        return RAFT_TRANSPORT_ERR_TOO_LARGE;
    }
    struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
    if (p == NULL) {
        t->stats.dropped_full++; /* lwIP's heap is busy: drop, Raft retries */
        return RAFT_TRANSPORT_OK;
    }
    memcpy(p->payload, data, len);
    ip_addr_t dst;
    ip_of(peer, &dst);
    err_t err = udp_sendto(t->pcb, p, &dst, peer->port);
    pbuf_free(p);
    if (err == ERR_OK) {
        t->stats.sent++;
    } else {
        t->stats.dropped_full++;
    }
    return RAFT_TRANSPORT_OK;
}

static int op_receive(void *self, uint32_t *from, void *buf, size_t cap, size_t *len)
{
    struct mps2_udp_transport *t = self;
    if (t->queue_count == 0u) {
        return 0;
    }
    struct mps2_udp_queued q = t->queue[t->queue_head];
    t->queue_head = (t->queue_head + 1u) % MPS2_UDP_RX_QUEUE;
    t->queue_count--;
    uint16_t size = q.p->tot_len;
    if (size > cap) {
        pbuf_free(q.p);
        t->stats.dropped_oversize++;
        return RAFT_TRANSPORT_ERR_TRUNCATED;
    }
    (void)pbuf_copy_partial(q.p, buf, size, 0);
    pbuf_free(q.p);
    *from = q.from;
    *len = size;
    t->stats.received++;
    return 1;
}

static int op_wait_fd(void *self)
{
    (void)self;
    return -1;
}

static const struct raft_transport_stats *op_stats(void *self)
{
    return &((const struct mps2_udp_transport *)self)->stats;
}

static const struct raft_transport_ops udp_ops = {
    .send = op_send,
    .receive = op_receive,
    .wait_fd = op_wait_fd,
    .stats = op_stats,
};

struct raft_transport mps2_udp_transport_as_transport(struct mps2_udp_transport *t)
{
    return (struct raft_transport){ .ops = &udp_ops, .self = t };
}

bool mps2_udp_transport_pending(const struct mps2_udp_transport *t)
{
    return t->queue_count > 0u;
}
