/* mps2_platform.h — the runtime's platform interface (struct raft_platform,
 * raft_platform.h) on mps2-an386: clocks from FREE_RUN, the line console on
 * UART0, an entropy seed, and idle in WFI until input may be ready. */
#ifndef MPS2_PLATFORM_H
#define MPS2_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include "mps2/mps2_uart.h"
#include "raft/raft_platform.h"

struct mps2_platform {
    struct mps2_uart *console;  /* initialised UART0 (mps2_uart_init) */
    uint32_t node_id;
    /* Other wake-up sources the node's main loop serves (network frames,
     * queued datagrams); may be NULL. A whole UART line (or a full receive
     * ring) is always one. */
    bool (*has_work)(void *ctx);
    void *has_work_ctx;
};

/* The ops table bound to `p` (which must outlive it). Call mps2_clock_init
 * first. */
struct raft_platform mps2_platform_ops(struct mps2_platform *p);

/* Entropy for seeding PRNGs: host wall-clock seconds (semihosting), the boot
 * time's sub-microsecond jitter (FREE_RUN, SysTick) and the node id, mixed.
 * Differs between runs and between nodes of one run. */
uint32_t mps2_entropy_seed(uint32_t node_id);

#endif /* MPS2_PLATFORM_H */
