/* mps2_udp_transport.h — the runtime's transport interface (struct
 * raft_transport, raft_transport.h) over lwIP UDP on the LAN9118.
 *
 * One UDP port per node, bound on the node's own address from the node table.
 * A datagram's sender is identified by source address and port; datagrams from
 * addresses outside the table are dropped and counted. Each peer's MAC from
 * the model becomes a permanent ARP entry, so the first message to a peer
 * leaves at once (no ARP round) and the hub can learn every node from its
 * first frame.
 *
 * Receive: lwIP's callback (run by mps2_net_poll in the main loop) keeps the
 * pool pbuf in a queue of MPS2_UDP_RX_QUEUE datagrams (no copy); receive()
 * copies the oldest into the caller's buffer and frees the pbuf. When the
 * queue is full the datagram is dropped and counted (dropped_full): Raft
 * retries. Send copies into a PBUF_RAM and hands it to lwIP, which writes it
 * straight into the controller; a send that lwIP refuses is counted as
 * dropped_full too (never blocks). wait_fd() is -1: the main loop sleeps in
 * WFI and calls mps2_net_poll on wake-up. */
#ifndef MPS2_UDP_TRANSPORT_H
#define MPS2_UDP_TRANSPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include "mps2/mps2_net.h"
#include "raft/raft_transport.h"

/* Received datagrams held for the node. The pbuf pool (lwipopts.h,
 * RAFTFORGE_NET_RX_QUEUE) must be at least this deep. */
#ifndef MPS2_UDP_RX_QUEUE
#define MPS2_UDP_RX_QUEUE RAFTFORGE_NET_RX_QUEUE
#endif

_Static_assert(RAFT_MAX_FRAME_SIZE <= RAFTFORGE_NET_MAX_DATAGRAM,
               "RAFT_MAX_FRAME_SIZE exceeds RAFTFORGE_NET_MAX_DATAGRAM: raise the lwipopts parameter or lower the frame size");
_Static_assert(MPS2_UDP_RX_QUEUE <= PBUF_POOL_SIZE, "MPS2_UDP_RX_QUEUE deeper than the pbuf pool");

struct mps2_udp_peer {
    uint32_t id;      /* node id, >= 1 */
    uint8_t ip[4];
    uint16_t port;
    uint8_t mac[6];
};

struct mps2_udp_queued {
    struct pbuf *p;
    uint32_t from;
};

struct mps2_udp_transport {
    struct mps2_net *net;
    struct udp_pcb *pcb;
    uint32_t self_id;
    struct mps2_udp_peer peers[RAFT_MAX_NODES];
    uint32_t peer_count;
    struct mps2_udp_queued queue[MPS2_UDP_RX_QUEUE];
    uint32_t queue_head;
    uint32_t queue_count;
    struct raft_transport_stats stats;
};

/* Binds the UDP port of `self_id` from peers[0..count) (which must contain
 * it) and installs the other peers' ARP entries. `net` must be initialised
 * with the same address. Returns RAFT_TRANSPORT_OK,
 * RAFT_TRANSPORT_ERR_UNKNOWN_PEER (self missing, ids repeated or 0, or more
 * than RAFT_MAX_NODES entries), or RAFT_TRANSPORT_ERR_IO (no UDP PCB left, port
 * taken, ARP table full). */
int mps2_udp_transport_open(struct mps2_udp_transport *t, struct mps2_net *net, uint32_t self_id,
                            const struct mps2_udp_peer *peers, uint32_t count);
struct raft_transport mps2_udp_transport_as_transport(struct mps2_udp_transport *t);

/* True when receive() has something (for the idle check). */
bool mps2_udp_transport_pending(const struct mps2_udp_transport *t);

#endif /* MPS2_UDP_TRANSPORT_H */
