/* mps2_clock.c — SysTick wake-up tick and the FREE_RUN microsecond clock. */
#include "mps2/mps2_clock.h"

#include "mps2/mps2_board.h"

#define LAN9118_FREE_RUN (MPS2_LAN9118_BASE + 0x9Cu)
#define FREE_RUN_HZ 25000000u
#define SYST_CSR_ENABLE_TICKINT_CLKSOURCE 7u /* counter on, interrupt on, processor clock */

_Static_assert(MPS2_SYSCLK_HZ % MPS2_TICK_HZ == 0, "MPS2_TICK_HZ must divide the 25 MHz SYSCLK");
_Static_assert(MPS2_SYSCLK_HZ / MPS2_TICK_HZ - 1u <= 0x00FFFFFFu, "MPS2_TICK_HZ too low for the 24-bit SysTick");

/* The board has one SysTick and one FREE_RUN counter, so their extension state
 * is a single instance; it is only touched with interrupts masked. */
static struct {
    uint32_t last_raw;  /* FREE_RUN at the previous read */
    uint32_t wraps;     /* times FREE_RUN went past 2^32 */
    volatile uint32_t ticks;
} clock_state;

/* Caller masks interrupts. */
static uint64_t extend_free_run(void)
{
    uint32_t raw = MPS2_REG(LAN9118_FREE_RUN);
    if (raw < clock_state.last_raw) {
        clock_state.wraps++;
    }
    clock_state.last_raw = raw;
    return ((uint64_t)clock_state.wraps << 32) | raw;
}

void mps2_clock_init(void)
{
    clock_state.last_raw = MPS2_REG(LAN9118_FREE_RUN);
    clock_state.wraps = 0;
    clock_state.ticks = 0;
    MPS2_REG(MPS2_SYST_RVR) = MPS2_SYSCLK_HZ / MPS2_TICK_HZ - 1u;
    MPS2_REG(MPS2_SYST_CVR) = 0;
    MPS2_REG(MPS2_SYST_CSR) = SYST_CSR_ENABLE_TICKINT_CLKSOURCE;
}

uint64_t mps2_clock_us(void)
{
    bool were_enabled = mps2_irq_save();
    uint64_t counts = extend_free_run();
    mps2_irq_restore(were_enabled);
    return counts / (FREE_RUN_HZ / 1000000u);
}

uint64_t mps2_clock_ms(void)
{
    return mps2_clock_us() / 1000u;
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
    (void)extend_free_run();
    mps2_irq_restore(were_enabled);
}
