/*
 * raft_udp_posix.h — struct raft_transport over one non-blocking IPv4 UDP
 * socket per node (native nodes). The node binds its own address from the
 * node table; a datagram's sender is identified by its source address and
 * port, and datagrams from addresses not in the table are dropped (counted).
 * wait_fd() returns the socket for poll().
 */
#ifndef RAFT_UDP_POSIX_H
#define RAFT_UDP_POSIX_H

#include <stdint.h>

#include "raft/raft_transport.h"

struct raft_udp_peer {
    uint32_t id;
    uint32_t ipv4; /* host byte order, e.g. 0x7F000001 for 127.0.0.1 */
    uint16_t port;
};

struct raft_udp_posix {
    int fd;
    uint32_t self_id;
    struct raft_udp_peer peers[RAFT_MAX_NODES];
    uint32_t peer_count;
    struct raft_transport_stats stats;
};

/* Bind the address of `self_id` from peers[0..count) (which must contain it).
 * Returns RAFT_TRANSPORT_OK, RAFT_TRANSPORT_ERR_UNKNOWN_PEER (self not in the
 * table, or more than RAFT_MAX_NODES entries), or RAFT_TRANSPORT_ERR_IO with
 * errno set (e.g. EADDRINUSE). */
int raft_udp_posix_open(struct raft_udp_posix *u, uint32_t self_id,
                        const struct raft_udp_peer *peers, uint32_t count);
void raft_udp_posix_close(struct raft_udp_posix *u);
struct raft_transport raft_udp_posix_as_transport(struct raft_udp_posix *u);
/* Parse "a.b.c.d" into host byte order; false on malformed input. */
bool raft_udp_parse_ipv4(const char *text, uint32_t *out);

#endif
