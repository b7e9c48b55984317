/* mps2_net.c — lwIP netif over the LAN9118, sys_now, LWIP_RAND, assertions. */
#include "mps2/mps2_net.h"

#include <string.h>

#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/ip4.h"
#include "lwip/mem.h"
#include "lwip/memp.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "mps2/mps2_clock.h"
#include "mps2/mps2_semihost.h"
#include "mps2/mps2_startup.h"
#include "netif/ethernet.h"

_Static_assert(ETH_PAD_SIZE == MPS2_LAN9118_PAD, "lwIP's ETH_PAD_SIZE must match the LAN9118 RX data offset");
/* What pbuf_alloc(PBUF_TRANSPORT, RAFTFORGE_NET_MAX_DATAGRAM, PBUF_RAM) takes from
 * the transmit pool (lwippools.h), and what an ARP-queued copy of it takes. */
_Static_assert(RAFTFORGE_NET_TX_BLOCK_BYTES >= LWIP_MEM_ALIGN_SIZE(sizeof(struct pbuf) + PBUF_TRANSPORT_HLEN
                                                                   + PBUF_IP_HLEN + PBUF_LINK_HLEN)
                                                  + LWIP_MEM_ALIGN_SIZE(RAFTFORGE_NET_MAX_DATAGRAM),
               "lwipopts.h: RAFTFORGE_NET_TX_BLOCK_BYTES cannot hold one largest outgoing datagram");

/* lwIP's random numbers (NO_SYS: only the main loop calls it). */
static uint32_t random_state = 0x9E3779B9u;

void mps2_net_seed_random(uint32_t seed)
{
    random_state = seed != 0u ? seed : 0x9E3779B9u;
}

uint32_t mps2_net_rand(void)
{
    uint32_t x = random_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    random_state = x;
    return x;
}

u32_t sys_now(void)
{
    return (u32_t)mps2_clock_ms();
}

void mps2_net_assert_failed(const char *message, const char *file, int line)
{
    (void)line;
    mps2_sh_write0("mps2: lwIP assertion failed: ");
    mps2_sh_write0(message);
    mps2_sh_write0(" at ");
    mps2_sh_write0(file);
    mps2_sh_write0("\n");
    mps2_sh_exit(MPS2_EXIT_FAULT);
}

static struct mps2_net *net_of(struct netif *netif)
{
    return netif->state;
}

/* lwIP hands a frame with ETH_PAD_SIZE bytes in front; the LAN9118 skips them. */
static err_t link_output(struct netif *netif, struct pbuf *p)
{
    struct mps2_net *net = net_of(netif);
    if (p->tot_len <= ETH_PAD_SIZE
        || !mps2_lan9118_tx_begin(&net->eth, (uint32_t)p->tot_len - ETH_PAD_SIZE)) {
        net->tx_refused++;
        return ERR_IF;
    }
    for (const struct pbuf *q = p; q != NULL; q = q->next) {
        mps2_lan9118_tx_write(&net->eth, q->payload, q->len);
    }
    mps2_lan9118_tx_end(&net->eth);
    return ERR_OK;
}

#if !LWIP_ARP
/* IPv4 output without ARP: the destination's MAC from the neighbour table. */
static err_t neighbour_output(struct netif *netif, struct pbuf *p, const ip4_addr_t *ipaddr)
{
    struct mps2_net *net = net_of(netif);
    for (uint32_t i = 0; i < net->neighbour_count; i++) {
        if (net->neighbours[i].ip == ip4_addr_get_u32(ipaddr)) {
            struct eth_addr dst;
            memcpy(dst.addr, net->neighbours[i].mac, ETH_HWADDR_LEN);
            return ethernet_output(netif, p, (const struct eth_addr *)netif->hwaddr, &dst, ETHTYPE_IP);
        }
    }
    net->tx_no_neighbour++;
    return ERR_RTE;
}

/* Ethernet input without ARP: IPv4 frames to ip4_input, anything else dropped
 * (lwIP's ethernet_input passes IPv4 on only when ARP is compiled in). */
static err_t ipv4_frame_input(struct pbuf *p, struct netif *netif)
{
    const struct eth_hdr *header = p->payload;
    if (p->len > SIZEOF_ETH_HDR && header->type == PP_HTONS(ETHTYPE_IP)
        && pbuf_remove_header(p, SIZEOF_ETH_HDR) == 0) {
        ip4_input(p, netif); /* takes the pbuf, whatever it returns */
        return ERR_OK;
    }
    net_of(netif)->rx_not_ipv4++;
    pbuf_free(p);
    return ERR_OK;
}
#endif

static err_t netif_setup(struct netif *netif)
{
    struct mps2_net *net = net_of(netif);
    netif->name[0] = 'e';
    netif->name[1] = 'n';
#if LWIP_ARP
    netif->output = etharp_output;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
#else
    netif->output = neighbour_output;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHERNET;
#endif
    netif->linkoutput = link_output;
    netif->mtu = 1500;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(netif->hwaddr, net->eth.mac, ETH_HWADDR_LEN);
    return ERR_OK;
}

static void to_ip4(ip4_addr_t *out, const uint8_t bytes[4])
{
    IP4_ADDR(out, bytes[0], bytes[1], bytes[2], bytes[3]);
}

enum mps2_net_status mps2_net_init(struct mps2_net *net, const struct mps2_net_address *address)
{
    memset(net, 0, sizeof *net);
    if (mps2_lan9118_init(&net->eth, address->mac) != MPS2_LAN9118_OK) {
        return MPS2_NET_NO_CONTROLLER;
    }
    lwip_init();
    ip4_addr_t ip, netmask, gateway;
    to_ip4(&ip, address->ip);
    to_ip4(&netmask, address->netmask);
    ip4_addr_set_zero(&gateway); /* one segment: nothing is routed */
#if LWIP_ARP
    netif_input_fn input = ethernet_input;
#else
    netif_input_fn input = ipv4_frame_input;
#endif
    if (netif_add(&net->netif, &ip, &netmask, &gateway, net, netif_setup, input) == NULL) {
        return MPS2_NET_NETIF_FAILED;
    }
    netif_set_default(&net->netif);
    netif_set_up(&net->netif);
    netif_set_link_up(&net->netif);
    return MPS2_NET_OK;
}

bool mps2_net_add_peer(struct mps2_net *net, const uint8_t ip[4], const uint8_t mac[6])
{
    ip4_addr_t peer;
    to_ip4(&peer, ip);
#if LWIP_ARP
    (void)net;
    struct eth_addr ethaddr;
    memcpy(ethaddr.addr, mac, ETH_HWADDR_LEN);
    return etharp_add_static_entry(&peer, &ethaddr) == ERR_OK;
#else
    if (net->neighbour_count >= RAFTFORGE_NET_PEERS) {
        return false;
    }
    struct mps2_net_neighbour *n = &net->neighbours[net->neighbour_count++];
    n->ip = ip4_addr_get_u32(&peer);
    memcpy(n->mac, mac, sizeof n->mac);
    return true;
#endif
}

/* Reads one frame into pool pbufs (one buffer, or a chain when lwipopts.h
 * sizes the pool in small buffers) and hands it to lwIP. Returns false when no
 * frame was waiting. */
static bool receive_one(struct mps2_net *net)
{
    int32_t length = mps2_lan9118_rx_begin(&net->eth);
    if (length == 0) {
        return false;
    }
    if (length < 0) {
        return true; /* bad frame, already discarded and counted */
    }
    uint16_t with_pad = (uint16_t)((uint32_t)length + ETH_PAD_SIZE);
    struct pbuf *p = (uint32_t)length + ETH_PAD_SIZE <= RAFTFORGE_NET_FRAME_BYTES
                         ? pbuf_alloc(PBUF_RAW, with_pad, PBUF_POOL)
                         : NULL;
    if (p == NULL) {
        /* Pool empty (lwIP still holds earlier frames) or a frame larger than
         * the model allows: drop it, as a full switch port would. */
        mps2_lan9118_rx_end(&net->eth, true);
        net->rx_no_buffer++;
        return true;
    }
    for (struct pbuf *q = p; q != NULL; q = q->next) {
        mps2_lan9118_rx_read(&net->eth, q->payload, q->len);
    }
    mps2_lan9118_rx_end(&net->eth, false);
    if (net->netif.input(p, &net->netif) != ERR_OK) {
        pbuf_free(p);
    }
    return true;
}

void mps2_net_poll(struct mps2_net *net)
{
    net->eth.rx_pending = false; /* cleared first: a frame arriving now sets it again */
    for (uint32_t n = 0; n < MPS2_NET_POLL_BUDGET; n++) {
        if (!receive_one(net)) {
            break;
        }
    }
    if (mps2_lan9118_rx_waiting() > 0u) {
        net->eth.rx_pending = true; /* budget used up: come back before sleeping */
    }
#if LWIP_TIMERS
    sys_check_timeouts();
#endif
}

bool mps2_net_work_pending(const struct mps2_net *net)
{
    return net->eth.rx_pending;
}
