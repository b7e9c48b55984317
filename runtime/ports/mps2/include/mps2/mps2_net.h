/* mps2_net.h — lwIP (NO_SYS) on the LAN9118: the network interface, the main
 * loop's receive/timer poll, lwIP's clock (sys_now) and random numbers.
 *
 * Received frames wait in the LAN9118 FIFO until mps2_net_poll moves them into
 * pbufs and through lwIP (so UDP receive callbacks run in the main loop, never
 * in an interrupt). */
#ifndef MPS2_NET_H
#define MPS2_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "lwip/netif.h"
#include "mps2/mps2_lan9118.h"

#define MPS2_NET_POLL_BUDGET 16u /* frames per poll, so a burst cannot starve the rest */

struct mps2_net_address {
    uint8_t mac[6];
    uint8_t ip[4];
    uint8_t netmask[4];
};

#if !LWIP_ARP
/* Without ARP (RAFTFORGE_NET_ARP 0) the peers' MACs from the model are all the
 * node knows: an IPv4 address and the MAC frames to it carry. */
struct mps2_net_neighbour {
    uint32_t ip;     /* lwIP's ip4_addr_t.addr (network order) */
    uint8_t mac[6];
};
#endif

struct mps2_net {
    struct netif netif;
    struct mps2_lan9118 eth;
    uint32_t rx_no_buffer;  /* frames dropped because the pbuf pool was empty */
    uint32_t tx_refused;    /* frames the controller refused */
#if !LWIP_ARP
    struct mps2_net_neighbour neighbours[RAFTFORGE_NET_PEERS];
    uint32_t neighbour_count;
    uint32_t tx_no_neighbour; /* datagrams to an address not in the table */
    uint32_t rx_not_ipv4;     /* frames of another type (ARP, IPv6...) dropped */
#endif
};

enum mps2_net_status {
    MPS2_NET_OK = 0,
    MPS2_NET_NO_CONTROLLER = -1, /* the LAN9118 did not answer (see mps2_lan9118_init) */
    MPS2_NET_NETIF_FAILED = -2
};

/* Initialises lwIP (once per program), the LAN9118 and the interface, and makes
 * it the default, up and linked. `net` must outlive the program. */
enum mps2_net_status mps2_net_init(struct mps2_net *net, const struct mps2_net_address *address);

/* Adds a peer's address from the model: a permanent ARP entry, so the first
 * datagram to it leaves without waiting for ARP (or, without ARP, an entry of
 * the neighbour table, the only addresses the node can send to). Returns false
 * when the table (RAFTFORGE_NET_PEERS) is full. */
bool mps2_net_add_peer(struct mps2_net *net, const uint8_t ip[4], const uint8_t mac[6]);

/* Moves up to MPS2_NET_POLL_BUDGET received frames through lwIP and runs its
 * due timers. Call from the main loop after every wake-up. */
void mps2_net_poll(struct mps2_net *net);

/* True when frames wait (for the idle check). */
bool mps2_net_work_pending(const struct mps2_net *net);

/* Seeds LWIP_RAND (xorshift32; 0 is replaced by a fixed non-zero value). */
void mps2_net_seed_random(uint32_t seed);

#endif /* MPS2_NET_H */
