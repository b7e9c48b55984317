/* mps2_platform.c — struct raft_platform for the board. */
#include "mps2/mps2_platform.h"

#include "mps2/mps2_board.h"
#include "mps2/mps2_clock.h"
#include "mps2/mps2_semihost.h"

/* A 32-bit finaliser (murmur3 fmix): spreads every input bit over the result. */
static uint32_t mix(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h;
}

uint32_t mps2_entropy_seed(uint32_t node_id)
{
    uint32_t h = mix(mps2_sh_time() ^ 0x52414654u /* "RAFT" */);
    h = mix(h ^ mps2_clock_raw());
    h = mix(h ^ MPS2_REG(MPS2_SYST_CVR));
    h = mix(h ^ node_id);
    return h != 0u ? h : 1u;
}

static uint32_t now_ms(void *ctx)
{
    (void)ctx;
    return (uint32_t)mps2_clock_ms();
}

static uint64_t now_us(void *ctx)
{
    (void)ctx;
    return mps2_clock_us();
}

static uint32_t seed(void *ctx)
{
    const struct mps2_platform *p = ctx;
    return mps2_entropy_seed(p->node_id);
}

static void write_line(void *ctx, const char *line, size_t len)
{
    struct mps2_platform *p = ctx;
    mps2_uart_write(p->console, line, len);
    mps2_uart_write(p->console, "\n", 1u);
}

static bool has_work(void *ctx)
{
    const struct mps2_platform *p = ctx;
    return mps2_uart_line_pending(p->console) || (p->has_work != NULL && p->has_work(p->has_work_ctx));
}

/* Sleeps in WFI until there is work or max_wait_ms passed. SysTick is
 * stretched to the deadline meanwhile, so an idle node wakes once instead of
 * every millisecond (5 % of a host core per QEMU at 1 kHz), then restored. */
static void idle(void *ctx, uint32_t max_wait_ms)
{
    uint64_t deadline = mps2_clock_ms() + max_wait_ms;
    bool stretched = false;
    for (;;) {
        uint64_t now = mps2_clock_ms();
        if (has_work(ctx) || now >= deadline) {
            break;
        }
        uint64_t left = deadline - now;
        mps2_clock_set_tick_ms(left < MPS2_TICK_MAX_MS ? (uint32_t)left : MPS2_TICK_MAX_MS);
        stretched = true;
        mps2_idle(has_work, ctx);
    }
    if (stretched) {
        mps2_clock_set_tick_ms(1000u / MPS2_TICK_HZ);
    }
}

struct raft_platform mps2_platform_ops(struct mps2_platform *p)
{
    return (struct raft_platform){
        .ctx = p,
        .now_ms = now_ms,
        .now_us = now_us,
        .seed = seed,
        .write_line = write_line,
        .idle = idle,
    };
}
