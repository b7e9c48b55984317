/* lwipopts.h — reference lwIP 2.1.3 configuration for a RaftForge node on
 * mps2-an386: NO_SYS (no OS, no threads), IPv4 + ARP + UDP only, static memory
 * sized from the model instead of lwIP's defaults (16 x 1536-byte pbufs and an
 * 8 KB heap would take half of a node's 48 KB).
 *
 * The generator emits these parameters (before including this file, or as -D):
 *   RAFTFORGE_NET_MAX_DATAGRAM  largest UDP payload a node sends or accepts, in
 *                               bytes: the model's RAFT_MAX_FRAME_SIZE. At most
 *                               1472 (Ethernet MTU 1500 - IPv4 20 - UDP 8): IP
 *                               fragmentation is off.                 default 1472
 *   RAFTFORGE_NET_RX_QUEUE      received datagrams held between two polls of the
 *                               main loop (pbuf pool): the model's receive queue
 *                               depth.                                 default 4
 *   RAFTFORGE_NET_TX_QUEUE      outgoing datagrams that can wait at once (for ARP,
 *                               or built while another is in flight).  default 2
 *   RAFTFORGE_NET_PEERS         ARP table entries: other nodes + launcher.
 *                                                                       default 8
 *   RAFTFORGE_NET_UDP_PCBS      UDP endpoints (one per transport).     default 1
 *   RAFTFORGE_NET_ASSERTS       1: keep lwIP's internal assertions (reported on the
 *                               semihosting console, then exit 134); 0: compile
 *                               them out to save flash (≈ 2.1 KB with their
 *                               texts).                                default 1
 *   RAFTFORGE_NET_ARP           1: ARP (static entries for the model's peers,
 *                               dynamic for anyone else); 0: no ARP at all, every
 *                               peer's MAC comes from the model (mps2_net_add_peer
 *                               fills a neighbour table, frames to anyone else are
 *                               refused): ≈ 2.9 KB less flash, no ARP timer.
 *                                                                       default 1
 *   RAFTFORGE_NET_RX_BUFFER_BYTES  optional: bytes of received frames held at once
 *                               (the model's receive-buffer). Set, the pbuf pool is
 *                               that many bytes in buffers of
 *                               RAFTFORGE_NET_POOL_BUFFER_BYTES (default 256) and a
 *                               longer frame is a chain: small Raft messages (acks,
 *                               heartbeats) take one small buffer instead of a
 *                               whole-frame one. Unset, every buffer holds a whole
 *                               frame (RX_QUEUE + 1 of them).
 */
#ifndef RAFTFORGE_LWIPOPTS_H
#define RAFTFORGE_LWIPOPTS_H

#ifndef RAFTFORGE_NET_MAX_DATAGRAM
#define RAFTFORGE_NET_MAX_DATAGRAM 1472
#endif
#ifndef RAFTFORGE_NET_RX_QUEUE
#define RAFTFORGE_NET_RX_QUEUE 4
#endif
#ifndef RAFTFORGE_NET_TX_QUEUE
#define RAFTFORGE_NET_TX_QUEUE 2
#endif
#ifndef RAFTFORGE_NET_PEERS
#define RAFTFORGE_NET_PEERS 8
#endif
#ifndef RAFTFORGE_NET_UDP_PCBS
#define RAFTFORGE_NET_UDP_PCBS 1
#endif
#ifndef RAFTFORGE_NET_ASSERTS
#define RAFTFORGE_NET_ASSERTS 1
#endif
#ifndef RAFTFORGE_NET_ARP
#define RAFTFORGE_NET_ARP 1
#endif

#if RAFTFORGE_NET_MAX_DATAGRAM > 1472
#error "RAFTFORGE_NET_MAX_DATAGRAM > 1472: a Raft frame must fit one Ethernet frame (IP fragmentation is off); lower the model's frame size"
#endif
#if RAFTFORGE_NET_MAX_DATAGRAM < 64
#error "RAFTFORGE_NET_MAX_DATAGRAM < 64: too small for any Raft message"
#endif
#if RAFTFORGE_NET_RX_QUEUE < 1 || RAFTFORGE_NET_TX_QUEUE < 1
#error "RAFTFORGE_NET_RX_QUEUE and RAFTFORGE_NET_TX_QUEUE must be at least 1"
#endif

/* --- system ------------------------------------------------------------------- */
#define NO_SYS                      1   /* bare metal, main loop calls lwIP */
#define SYS_LIGHTWEIGHT_PROT        0   /* lwIP is never entered from interrupts */
/* The only timer lwIP runs here is ARP ageing (no reassembly, no TCP). */
#define LWIP_TIMERS                 RAFTFORGE_NET_ARP
#define LWIP_RAND()                 mps2_net_rand()
#define LWIP_SINGLE_NETIF           1
#if !RAFTFORGE_NET_ASSERTS
#define LWIP_NOASSERT               1
#endif

/* --- memory: fixed pools, no malloc ----------------------------------------------- */
#define MEM_LIBC_MALLOC             0
#define MEMP_MEM_MALLOC             0
#define MEM_ALIGNMENT               4
/* Frame bytes one datagram needs: pad + Ethernet + IPv4 + UDP headers + payload. */
#define RAFTFORGE_NET_FRAME_BYTES   (2 + 14 + 20 + 8 + RAFTFORGE_NET_MAX_DATAGRAM)
/* Outgoing PBUF_RAM datagrams come from a pool of RAFTFORGE_NET_TX_QUEUE blocks
 * (lwippools.h) instead of lwIP's general heap: every allocation has the same
 * largest size, and the pool allocator is 1.4 KB smaller than mem.c's heap.
 * A block: the pbuf header (16), the header room pbuf_alloc(PBUF_TRANSPORT)
 * reserves (lwIP reserves TCP's 20 bytes for any transport, + IPv4 20 + Ethernet
 * 14 + pad 2) and the payload, aligned; mps2_net.c checks it against lwIP's own
 * constants. */
#define MEM_USE_POOLS               1
#define MEMP_USE_CUSTOM_POOLS       1
#define RAFTFORGE_NET_TX_BLOCK_BYTES (16 + 20 + 20 + 14 + 2 + ((RAFTFORGE_NET_MAX_DATAGRAM + 3) & ~3))
#ifdef RAFTFORGE_NET_RX_BUFFER_BYTES
/* The receive buffer in small pool buffers; a frame longer than one is a chain
 * (its headers always fit the first buffer). */
#ifndef RAFTFORGE_NET_POOL_BUFFER_BYTES
#define RAFTFORGE_NET_POOL_BUFFER_BYTES 256
#endif
#if RAFTFORGE_NET_POOL_BUFFER_BYTES < 64
#error "RAFTFORGE_NET_POOL_BUFFER_BYTES < 64: a frame's headers must fit its first pool buffer"
#endif
#define PBUF_POOL_BUFSIZE           LWIP_MEM_ALIGN_SIZE(RAFTFORGE_NET_POOL_BUFFER_BYTES)
#define PBUF_POOL_SIZE              ((RAFTFORGE_NET_RX_BUFFER_BYTES + PBUF_POOL_BUFSIZE - 1) / PBUF_POOL_BUFSIZE)
#if RAFTFORGE_NET_RX_BUFFER_BYTES < RAFTFORGE_NET_FRAME_BYTES
#error "RAFTFORGE_NET_RX_BUFFER_BYTES cannot hold one largest frame (RAFTFORGE_NET_FRAME_BYTES)"
#endif
#else
/* One pool buffer holds a whole received frame, so a frame is never a chain. */
#define PBUF_POOL_SIZE              (RAFTFORGE_NET_RX_QUEUE + 1) /* + 1: the frame being received */
#define PBUF_POOL_BUFSIZE           LWIP_MEM_ALIGN_SIZE(RAFTFORGE_NET_FRAME_BYTES)
#endif
#define MEMP_NUM_PBUF               2   /* PBUF_REF/ROM headers */
#define MEMP_NUM_UDP_PCB            RAFTFORGE_NET_UDP_PCBS
#define MEMP_NUM_TCP_PCB            0
#define MEMP_NUM_TCP_PCB_LISTEN     0
#define MEMP_NUM_TCP_SEG            0
#define MEMP_NUM_REASSDATA          0
#define MEMP_NUM_FRAG_PBUF          0
#define MEMP_NUM_ARP_QUEUE          RAFTFORGE_NET_TX_QUEUE
#define MEMP_NUM_NETBUF             0
#define MEMP_NUM_NETCONN            0
#define MEMP_NUM_SYS_TIMEOUT        LWIP_NUM_SYS_TIMEOUT_INTERNAL

/* --- protocols ------------------------------------------------------------------------ */
#define LWIP_IPV4                   1
#define LWIP_IPV6                   0
#if RAFTFORGE_NET_ARP
#define LWIP_ARP                    1
#define ARP_TABLE_SIZE              RAFTFORGE_NET_PEERS
#define ARP_QUEUEING                1   /* keep datagrams sent before a peer answers ARP */
#define ETHARP_SUPPORT_STATIC_ENTRIES 1 /* peers' MACs come from the model: no ARP wait */
#else
/* Ethernet framing without ARP: mps2_net.c resolves peers from the model's table
 * and hands IPv4 frames to ip4_input itself. */
#define LWIP_ARP                    0
#define LWIP_ETHERNET               1
#endif
#define ETH_PAD_SIZE                2   /* matches the LAN9118's RXDOFF=2; aligns IP headers */
#define IP_FORWARD                  0
#define IP_REASSEMBLY               0
#define IP_FRAG                     0
#define LWIP_ICMP                   0
#define LWIP_RAW                    0
#define LWIP_UDP                    1
#define LWIP_UDPLITE                0
#define LWIP_TCP                    0
#define LWIP_DHCP                   0
#define LWIP_AUTOIP                 0
#define LWIP_IGMP                   0
#define LWIP_DNS                    0
#define LWIP_NETCONN                0
#define LWIP_SOCKET                 0
#define LWIP_STATS                  0
#define LWIP_NETIF_STATUS_CALLBACK  0
#define LWIP_NETIF_LINK_CALLBACK    0
#define LWIP_NETIF_HOSTNAME         0
#define LWIP_NETIF_LOOPBACK         0
#define LWIP_HAVE_LOOPIF            0

#ifndef __ASSEMBLER__
#include <stdint.h>
uint32_t mps2_net_rand(void);
#endif

#endif /* RAFTFORGE_LWIPOPTS_H */
