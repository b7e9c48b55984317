/* raft_udp_posix.c — struct raft_transport over one non-blocking UDP socket. */
#define _DEFAULT_SOURCE /* SOCK_NONBLOCK, SOCK_CLOEXEC, MSG_TRUNC */

#include "raft_udp_posix.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const struct raft_udp_peer *find_by_id(const struct raft_udp_posix *u, uint32_t id)
{
    for (uint32_t i = 0; i < u->peer_count; i++) {
        if (u->peers[i].id == id) {
            return &u->peers[i];
        }
    }
    return NULL;
}

static const struct raft_udp_peer *find_by_address(const struct raft_udp_posix *u, const struct sockaddr_in *a)
{
    uint32_t ip = ntohl(a->sin_addr.s_addr);
    uint16_t port = ntohs(a->sin_port);
    for (uint32_t i = 0; i < u->peer_count; i++) {
        if (u->peers[i].ipv4 == ip && u->peers[i].port == port) {
            return &u->peers[i];
        }
    }
    return NULL;
}

static struct sockaddr_in address_of(const struct raft_udp_peer *p)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(p->ipv4);
    a.sin_port = htons(p->port);
    return a;
}

int raft_udp_posix_open(struct raft_udp_posix *u, uint32_t self_id, const struct raft_udp_peer *peers, uint32_t count)
{
    memset(u, 0, sizeof *u);
    u->fd = -1;
    if (count > RAFT_MAX_NODES) {
        return RAFT_TRANSPORT_ERR_UNKNOWN_PEER;
    }
    memcpy(u->peers, peers, count * sizeof peers[0]);
    u->peer_count = count;
    u->self_id = self_id;
    const struct raft_udp_peer *self = find_by_id(u, self_id);
    if (self == NULL) {
        return RAFT_TRANSPORT_ERR_UNKNOWN_PEER;
    }
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return RAFT_TRANSPORT_ERR_IO;
    }
    struct sockaddr_in a = address_of(self);
    if (bind(fd, (const struct sockaddr *)&a, sizeof a) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return RAFT_TRANSPORT_ERR_IO;
    }
    u->fd = fd;
    return RAFT_TRANSPORT_OK;
}

void raft_udp_posix_close(struct raft_udp_posix *u)
{
    if (u->fd >= 0) {
        close(u->fd);
        u->fd = -1;
    }
}

static int udp_send(void *self, uint32_t to, const void *data, size_t len)
{
    struct raft_udp_posix *u = self;
    const struct raft_udp_peer *peer = find_by_id(u, to);
    if (peer == NULL) {
        return RAFT_TRANSPORT_ERR_UNKNOWN_PEER;
    }
    if (len > RAFT_MAX_FRAME_SIZE) {
        return RAFT_TRANSPORT_ERR_TOO_LARGE;
    }
    struct sockaddr_in a = address_of(peer);
    ssize_t n;
    do {
        n = sendto(u->fd, data, len, 0, (const struct sockaddr *)&a, sizeof a);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        /* Full socket buffer, or the peer's port is closed (an earlier
         * ICMP error): the message is lost like any datagram. */
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS || errno == ECONNREFUSED) {
            u->stats.dropped_full++;
            return RAFT_TRANSPORT_OK;
        }
        return RAFT_TRANSPORT_ERR_IO;
    }
    u->stats.sent++;
    return RAFT_TRANSPORT_OK;
}

static int udp_receive(void *self, uint32_t *from, void *buf, size_t cap, size_t *len)
{
    struct raft_udp_posix *u = self;
    *len = 0;
    for (;;) {
        struct sockaddr_in a;
        socklen_t alen = sizeof a;
        /* MSG_TRUNC: the real datagram length, so oversize is detected. */
        ssize_t n = recvfrom(u->fd, buf, cap, MSG_TRUNC, (struct sockaddr *)&a, &alen);
        if (n < 0) {
            if (errno == EINTR || errno == ECONNREFUSED) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return 0;
            }
            return RAFT_TRANSPORT_ERR_IO;
        }
        const struct raft_udp_peer *peer = alen == sizeof a && a.sin_family == AF_INET ? find_by_address(u, &a) : NULL;
        if (peer == NULL) {
            u->stats.dropped_unknown++;
            continue;
        }
        if ((size_t)n > cap) {
            u->stats.dropped_oversize++;
            return RAFT_TRANSPORT_ERR_TRUNCATED;
        }
        *from = peer->id;
        *len = (size_t)n;
        u->stats.received++;
        return 1;
    }
}

static int udp_wait_fd(void *self)
{
    return ((struct raft_udp_posix *)self)->fd;
}

static const struct raft_transport_stats *udp_stats(void *self)
{
    return &((struct raft_udp_posix *)self)->stats;
}

static const struct raft_transport_ops udp_ops = {
    .send = udp_send,
    .receive = udp_receive,
    .wait_fd = udp_wait_fd,
    .stats = udp_stats,
};

struct raft_transport raft_udp_posix_as_transport(struct raft_udp_posix *u)
{
    struct raft_transport t = {&udp_ops, u};
    return t;
}

bool raft_udp_parse_ipv4(const char *text, uint32_t *out)
{
    uint32_t ip = 0;
    const char *p = text;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (*p != '.') {
                return false;
            }
            p++;
        }
        uint32_t v = 0;
        int digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 4) {
            v = v * 10u + (uint32_t)(*p - '0');
            p++;
            digits++;
        }
        if (digits == 0 || digits > 3 || v > 255u || (digits > 1 && p[-digits] == '0')) {
            return false;
        }
        ip = ip << 8 | v;
    }
    if (*p != '\0') {
        return false;
    }
    *out = ip;
    return true;
}
