/* mps2_clock.c — SysTick wake-up tick and the FREE_RUN microsecond clock. */
#include "mps2/mps2_clock.h"

#include "mps2/mps2_board.h"

#define LAN9118_FREE_RUN (MPS2_LAN9118_BASE + 0x9Cu)
#define FREE_RUN_HZ 25000000u
#define SYST_CSR_ENABLE_TICKINT_CLKSOURCE 7u /* counter on, interrupt on, processor clock */

_Static_assert(MPS2_SYSCLK_HZ % MPS2_TICK_HZ == 0, "MPS2_TICK_HZ must divide the 25 MHz SYSCLK");
_Static_assert(MPS2_SYSCLK_HZ / MPS2_TICK_HZ - 1u <= 0x00FFFFFFu, "MPS2_TICK_HZ too low for the 24-bit SysTick");

/* The board has one SysTick and one FREE_RUN counter, so their extension state
 * is a single instance; it is only touched with interrupts masked. Time is
 * accumulated with 32-bit divisions only (the M4 has UDIV; a 64-bit division
 * would pull ~700 bytes of libgcc into every image). */
static struct {
    uint32_t last_raw;   /* FREE_RUN at the previous update */
    uint32_t counts_rem; /* counts not yet worth a microsecond (< 25) */
    uint32_t us_rem;     /* microseconds not yet worth a millisecond (< 1000) */
    uint64_t us;
    uint64_t ms;
    volatile uint32_t ticks;
} clock_state;

#define COUNTS_PER_US (FREE_RUN_HZ / 1000000u)

/* Caller masks interrupts. Must run at least once per FREE_RUN wrap (171 s):
 * the SysTick handler sees to that. */
static void update(void)
{
    uint32_t raw = MPS2_REG(LAN9118_FREE_RUN);
    uint32_t delta = raw - clock_state.last_raw; /* modulo 2^32: wraps are fine */
    clock_state.last_raw = raw;
    uint32_t us = delta / COUNTS_PER_US;
    clock_state.counts_rem += delta % COUNTS_PER_US;
    if (clock_state.counts_rem >= COUNTS_PER_US) {
        clock_state.counts_rem -= COUNTS_PER_US;
        us++;
    }
    clock_state.us += us;
    uint32_t ms_part = clock_state.us_rem + us;
    clock_state.ms += ms_part / 1000u;
    clock_state.us_rem = ms_part % 1000u;
}

void mps2_clock_init(void)
{
    /* Start from FREE_RUN's own zero (LAN9118 reset = machine reset), so the
     * clock also counts the time before main. */
    clock_state.last_raw = 0;
    clock_state.counts_rem = 0;
    clock_state.us_rem = 0;
    clock_state.us = 0;
    clock_state.ms = 0;
    clock_state.ticks = 0;
    update();
    MPS2_REG(MPS2_SYST_RVR) = MPS2_SYSCLK_HZ / MPS2_TICK_HZ - 1u;
    MPS2_REG(MPS2_SYST_CVR) = 0;
    MPS2_REG(MPS2_SYST_CSR) = SYST_CSR_ENABLE_TICKINT_CLKSOURCE;
}

void mps2_clock_set_tick_ms(uint32_t ms)
{
    if (ms == 0u) {
        ms = 1u;
    }
    if (ms > MPS2_TICK_MAX_MS) {
        ms = MPS2_TICK_MAX_MS;
    }
    MPS2_REG(MPS2_SYST_RVR) = ms * (MPS2_SYSCLK_HZ / 1000u) - 1u;
    MPS2_REG(MPS2_SYST_CVR) = 0; /* restart the period now */
}

uint64_t mps2_clock_us(void)
{
    bool were_enabled = mps2_irq_save();
    update();
    uint64_t us = clock_state.us;
    mps2_irq_restore(were_enabled);
    return us;
}

uint64_t mps2_clock_ms(void)
{
    bool were_enabled = mps2_irq_save();
    update();
    uint64_t ms = clock_state.ms;
    mps2_irq_restore(were_enabled);
    return ms;
}

uint32_t mps2_clock_raw(void)
{
    return MPS2_REG(LAN9118_FREE_RUN);
}

uint32_t mps2_clock_ticks(void)
{
    return clock_state.ticks;
}

void mps2_systick_isr(void)
{
    bool were_enabled = mps2_irq_save(); /* a higher-priority handler may read the clock */
    clock_state.ticks++;
    update();
    mps2_irq_restore(were_enabled);
}
