/* test_transport.c — in-process channel and POSIX UDP (loopback only). */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "../ports/posix/raft_udp_posix.h"
#include "raft/raft_transport.h"

/* ---- channel ---------------------------------------------------------- */

static struct raft_channel_hub *hub;
static struct raft_channel nodes[3];

static int setup_hub(void **state)
{
    (void)state;
    hub = malloc(sizeof *hub);
    raft_channel_hub_init(hub);
    for (uint32_t i = 0; i < 3; i++) {
        assert_int_equal(raft_channel_attach(hub, &nodes[i], 10 + i), RAFT_TRANSPORT_OK);
    }
    return 0;
}

static int teardown_hub(void **state)
{
    (void)state;
    free(hub);
    return 0;
}

static void channel_delivers_in_order_with_sender(void **state)
{
    (void)state;
    struct raft_transport a = raft_channel_as_transport(&nodes[0]);
    struct raft_transport b = raft_channel_as_transport(&nodes[1]);
    struct raft_transport c = raft_channel_as_transport(&nodes[2]);
    assert_int_equal(raft_transport_wait_fd(a), -1);
    assert_int_equal(raft_transport_send(a, 11, "one", 3), RAFT_TRANSPORT_OK);
    assert_int_equal(raft_transport_send(c, 11, "two!", 4), RAFT_TRANSPORT_OK);
    assert_int_equal(raft_transport_send(a, 11, "", 0), RAFT_TRANSPORT_OK);
    uint8_t buf[64];
    size_t len;
    uint32_t from;
    assert_int_equal(raft_transport_receive(a, &from, buf, sizeof buf, &len), 0); /* a's queue is empty */
    assert_int_equal(raft_transport_receive(b, &from, buf, sizeof buf, &len), 1);
    assert_int_equal(from, 10);
    assert_int_equal(len, 3);
    assert_memory_equal(buf, "one", 3);
    assert_int_equal(raft_transport_receive(b, &from, buf, sizeof buf, &len), 1);
    assert_int_equal(from, 12);
    assert_memory_equal(buf, "two!", 4);
    assert_int_equal(raft_transport_receive(b, &from, buf, sizeof buf, &len), 1);
    assert_int_equal(len, 0);
    assert_int_equal(raft_transport_receive(b, &from, buf, sizeof buf, &len), 0);
    assert_int_equal(raft_transport_stats(a)->sent, 2);
    assert_int_equal(raft_transport_stats(b)->received, 3);
}

/* The sizing macro a generated cluster_config.h uses: a ring of
 * RAFT_CHANNEL_RING_BYTES_FOR(k, m) queues exactly k messages of m bytes. */
_Static_assert(RAFT_CHANNEL_RING_BYTES_FOR(3u, 64u) == 3u * (64u + RAFT_CHANNEL_MSG_OVERHEAD) ||
                   RAFT_CHANNEL_RING_BYTES_FOR(3u, 64u) == RAFT_MAX_FRAME_SIZE + RAFT_CHANNEL_MSG_OVERHEAD,
               "an integer constant expression");

static void channel_ring_size_formula(void **state)
{
    (void)state;
    /* The default is unchanged: two largest frames + 16 bytes per node. */
    assert_int_equal(RAFT_CHANNEL_RING_BYTES, 2u * RAFT_MAX_FRAME_SIZE + 16u);
    /* Never below one largest frame (the ring must always accept one). */
    assert_int_equal(RAFT_CHANNEL_RING_BYTES_FOR(0u, 10u), RAFT_MAX_FRAME_SIZE + RAFT_CHANNEL_MSG_OVERHEAD);
    assert_int_equal(RAFT_CHANNEL_RING_BYTES_FOR(1u, 10u), RAFT_MAX_FRAME_SIZE + RAFT_CHANNEL_MSG_OVERHEAD);
    assert_int_equal(RAFT_CHANNEL_RING_BYTES_FOR(100u, 40u), 100u * 48u);
    /* This build's ring is FOR(k, m) for k = 8: eight m-byte messages fit,
     * the ninth is dropped. */
    const uint32_t k = 8, m = RAFT_CHANNEL_RING_BYTES / k - RAFT_CHANNEL_MSG_OVERHEAD;
    assert_int_equal(RAFT_CHANNEL_RING_BYTES_FOR(k, m), RAFT_CHANNEL_RING_BYTES);
    struct raft_transport a = raft_channel_as_transport(&nodes[0]);
    static uint8_t msg[RAFT_MAX_FRAME_SIZE];
    for (uint32_t i = 0; i < k; i++) {
        assert_int_equal(raft_transport_send(a, 11, msg, m), RAFT_TRANSPORT_OK);
    }
    assert_int_equal(raft_transport_stats(a)->dropped_full, 0);
    assert_int_equal(raft_transport_send(a, 11, msg, m), RAFT_TRANSPORT_OK);
    assert_int_equal(raft_transport_stats(a)->dropped_full, 1);
}

static void channel_refuses_and_drops_with_counts(void **state)
{
    (void)state;
    struct raft_transport a = raft_channel_as_transport(&nodes[0]);
    struct raft_transport b = raft_channel_as_transport(&nodes[1]);
    static uint8_t big[RAFT_MAX_FRAME_SIZE + 1];
    assert_int_equal(raft_transport_send(a, 99, "x", 1), RAFT_TRANSPORT_ERR_UNKNOWN_PEER);
    assert_int_equal(raft_transport_send(a, 11, big, sizeof big), RAFT_TRANSPORT_ERR_TOO_LARGE);
    /* Fill b's ring with full-size frames until one is dropped. */
    uint32_t queued = 0;
    while (raft_transport_stats(a)->dropped_full == 0) {
        assert_int_equal(raft_transport_send(a, 11, big, RAFT_MAX_FRAME_SIZE), RAFT_TRANSPORT_OK);
        queued++;
        assert_true(queued < 100);
    }
    queued--;
    assert_int_equal(queued, RAFT_CHANNEL_RING_BYTES / (RAFT_MAX_FRAME_SIZE + RAFT_CHANNEL_MSG_OVERHEAD));
    /* A receive buffer too small: the message is discarded and counted. */
    uint8_t small[8];
    size_t len;
    uint32_t from;
    assert_int_equal(raft_transport_receive(b, &from, small, sizeof small, &len), RAFT_TRANSPORT_ERR_TRUNCATED);
    assert_int_equal(raft_transport_stats(b)->dropped_oversize, 1);
    /* Attach errors. */
    struct raft_channel extra;
    assert_int_equal(raft_channel_attach(hub, &extra, 0), RAFT_TRANSPORT_ERR_UNKNOWN_PEER);
    assert_int_equal(raft_channel_attach(hub, &extra, 10), RAFT_TRANSPORT_ERR_UNKNOWN_PEER);
    struct raft_channel more[RAFT_MAX_NODES];
    uint32_t ok = 0;
    for (uint32_t i = 0; i < RAFT_MAX_NODES; i++) {
        ok += raft_channel_attach(hub, &more[i], 100 + i) == RAFT_TRANSPORT_OK;
    }
    assert_int_equal(ok, RAFT_MAX_NODES - 3);
}

/* Many messages of varying size wrap around the ring's end many times. */
static void channel_wraps_around(void **state)
{
    (void)state;
    struct raft_transport a = raft_channel_as_transport(&nodes[0]);
    struct raft_transport c = raft_channel_as_transport(&nodes[2]);
    uint32_t seed = 1;
    uint32_t sent_seq = 0, recv_seq = 0;
    static uint8_t msg[RAFT_MAX_FRAME_SIZE], got[RAFT_MAX_FRAME_SIZE];
    for (int round = 0; round < 5000; round++) {
        seed = seed * 1103515245u + 12345u;
        int burst = 1 + (int)(seed >> 28);
        for (int k = 0; k < burst; k++) {
            size_t len = 4 + (seed >> 8) % (RAFT_MAX_FRAME_SIZE - 4);
            seed = seed * 1103515245u + 12345u;
            memcpy(msg, &sent_seq, 4);
            for (size_t i = 4; i < len; i++) {
                msg[i] = (uint8_t)(sent_seq + i);
            }
            uint32_t drops = raft_transport_stats(a)->dropped_full;
            raft_transport_send(a, 12, msg, len);
            if (raft_transport_stats(a)->dropped_full == drops) {
                sent_seq++;
            }
        }
        size_t len;
        uint32_t from;
        while (raft_transport_receive(c, &from, got, sizeof got, &len) == 1) {
            uint32_t seq;
            memcpy(&seq, got, 4);
            assert_int_equal(seq, recv_seq);
            for (size_t i = 4; i < len; i++) {
                assert_int_equal(got[i], (uint8_t)(recv_seq + i));
            }
            recv_seq++;
            if ((seed & 3u) == 0) {
                break; /* leave some queued */
            }
        }
    }
    assert_true(recv_seq > 1000);
    assert_true(raft_transport_stats(a)->dropped_full > 0);
}

/* ---- UDP on loopback --------------------------------------------------- */

/* Free loopback UDP ports, found by binding port 0 (closed again). */
static void free_ports(uint16_t *ports, int n)
{
    int fds[8];
    for (int i = 0; i < n; i++) {
        fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        assert_int_equal(bind(fds[i], (struct sockaddr *)&a, sizeof a), 0);
        socklen_t len = sizeof a;
        getsockname(fds[i], (struct sockaddr *)&a, &len);
        ports[i] = ntohs(a.sin_port);
    }
    for (int i = 0; i < n; i++) {
        close(fds[i]);
    }
}

static bool wait_readable(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, 2000) == 1;
}

static void udp_loopback_exchange(void **state)
{
    (void)state;
    uint16_t ports[3];
    free_ports(ports, 3);
    uint32_t lo;
    assert_true(raft_udp_parse_ipv4("127.0.0.1", &lo));
    struct raft_udp_peer table[3] = {{1, lo, ports[0]}, {2, lo, ports[1]}, {3, lo, ports[2]}};
    struct raft_udp_posix u1, u2;
    assert_int_equal(raft_udp_posix_open(&u1, 1, table, 3), RAFT_TRANSPORT_OK);
    assert_int_equal(raft_udp_posix_open(&u2, 2, table, 3), RAFT_TRANSPORT_OK);
    struct raft_transport t1 = raft_udp_posix_as_transport(&u1);
    struct raft_transport t2 = raft_udp_posix_as_transport(&u2);
    assert_true(raft_transport_wait_fd(t2) >= 0);

    uint8_t buf[RAFT_MAX_FRAME_SIZE];
    size_t len;
    uint32_t from;
    assert_int_equal(raft_transport_receive(t2, &from, buf, sizeof buf, &len), 0); /* non-blocking */
    assert_int_equal(raft_transport_send(t1, 2, "hello raft", 10), RAFT_TRANSPORT_OK);
    assert_true(wait_readable(raft_transport_wait_fd(t2)));
    assert_int_equal(raft_transport_receive(t2, &from, buf, sizeof buf, &len), 1);
    assert_int_equal(from, 1);
    assert_int_equal(len, 10);
    assert_memory_equal(buf, "hello raft", 10);
    /* Node 3 is not running: its datagrams are simply lost. */
    assert_int_equal(raft_transport_send(t1, 3, "x", 1), RAFT_TRANSPORT_OK);
    assert_int_equal(raft_transport_send(t1, 4, "x", 1), RAFT_TRANSPORT_ERR_UNKNOWN_PEER);
    static uint8_t big[RAFT_MAX_FRAME_SIZE + 1];
    assert_int_equal(raft_transport_send(t1, 2, big, sizeof big), RAFT_TRANSPORT_ERR_TOO_LARGE);

    /* A full-size frame, then one into a too-small buffer. */
    memset(big, 0xA5, RAFT_MAX_FRAME_SIZE);
    assert_int_equal(raft_transport_send(t2, 1, big, RAFT_MAX_FRAME_SIZE), RAFT_TRANSPORT_OK);
    assert_true(wait_readable(u1.fd));
    assert_int_equal(raft_transport_receive(t1, &from, buf, sizeof buf, &len), 1);
    assert_int_equal(len, RAFT_MAX_FRAME_SIZE);
    assert_int_equal(from, 2);
    assert_int_equal(raft_transport_send(t2, 1, big, 100), RAFT_TRANSPORT_OK);
    assert_true(wait_readable(u1.fd));
    assert_int_equal(raft_transport_receive(t1, &from, buf, 50, &len), RAFT_TRANSPORT_ERR_TRUNCATED);
    assert_int_equal(u1.stats.dropped_oversize, 1);

    /* A stranger's datagram is dropped and counted; the next good one
     * is still delivered. */
    int stranger = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in dst;
    memset(&dst, 0, sizeof dst);
    dst.sin_family = AF_INET;
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    dst.sin_port = htons(ports[0]);
    assert_int_equal(sendto(stranger, "evil", 4, 0, (struct sockaddr *)&dst, sizeof dst), 4);
    close(stranger);
    assert_int_equal(raft_transport_send(t2, 1, "good", 4), RAFT_TRANSPORT_OK);
    int got = 0;
    for (int tries = 0; tries < 50 && got == 0; tries++) {
        wait_readable(u1.fd);
        got = raft_transport_receive(t1, &from, buf, sizeof buf, &len);
    }
    assert_int_equal(got, 1);
    assert_memory_equal(buf, "good", 4);
    assert_int_equal(u1.stats.dropped_unknown, 1);
    assert_int_equal(u2.stats.sent, 3);

    /* Binding an address in use fails with EADDRINUSE; a node must be in
     * the table. */
    struct raft_udp_posix dup;
    assert_int_equal(raft_udp_posix_open(&dup, 1, table, 3), RAFT_TRANSPORT_ERR_IO);
    assert_int_equal(errno, EADDRINUSE);
    assert_int_equal(raft_udp_posix_open(&dup, 9, table, 3), RAFT_TRANSPORT_ERR_UNKNOWN_PEER);
    raft_udp_posix_close(&u1);
    raft_udp_posix_close(&u2);
}

static void ipv4_parsing_is_strict(void **state)
{
    (void)state;
    uint32_t ip;
    assert_true(raft_udp_parse_ipv4("10.0.0.254", &ip));
    assert_int_equal(ip, 0x0A0000FEu);
    assert_true(raft_udp_parse_ipv4("255.255.255.255", &ip));
    assert_true(raft_udp_parse_ipv4("0.0.0.0", &ip));
    const char *bad[] = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", "01.2.3.4", "1..3.4", "a.b.c.d", "1.2.3.1000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(raft_udp_parse_ipv4(bad[i], &ip));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(channel_delivers_in_order_with_sender, setup_hub, teardown_hub),
        cmocka_unit_test_setup_teardown(channel_refuses_and_drops_with_counts, setup_hub, teardown_hub),
        cmocka_unit_test_setup_teardown(channel_ring_size_formula, setup_hub, teardown_hub),
        cmocka_unit_test_setup_teardown(channel_wraps_around, setup_hub, teardown_hub),
        cmocka_unit_test(udp_loopback_exchange),
        cmocka_unit_test(ipv4_parsing_is_strict),
    };
    return cmocka_run_group_tests_name("transport", tests, NULL, NULL);
}
