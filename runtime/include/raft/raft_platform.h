/*
 * raft_platform.h — what a port supplies to a node: clocks, an entropy seed
 * and a line console. Passed as an ops table + context (no global functions)
 * so one process can host several nodes with different clocks (simulator).
 *
 * Ports: ports/posix (native node processes), ports/mps2 (QEMU Cortex-M4),
 * sim/ (simulated time).
 */
#ifndef RAFT_PLATFORM_H
#define RAFT_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

struct raft_platform {
    void *ctx;
    /* Monotonic milliseconds (wraps after 49 days; the runtime compares
     * times with wrap-safe differences). */
    uint32_t (*now_ms)(void *ctx);
    /* Monotonic microseconds (for latency figures only). */
    uint64_t (*now_us)(void *ctx);
    /* Entropy for the election-timeout PRNG; mixed with the node id, so equal
     * seeds on all nodes still give different timeouts. */
    uint32_t (*seed)(void *ctx);
    /* Write one output line (reply or event); `line` has no '\n', the port
     * adds the line ending. Must not call back into the server. */
    void (*write_line)(void *ctx, const char *line, size_t len);
    /* Optional (may be NULL): sleep until input may be ready or max_wait_ms
     * passed (WFI on the board, poll() natively). Used by main loops only. */
    void (*idle)(void *ctx, uint32_t max_wait_ms);
};

#endif
