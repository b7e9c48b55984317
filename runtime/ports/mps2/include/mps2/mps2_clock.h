/* mps2_clock.h — time on the board.
 *
 * Time comes from the LAN9118 FREE_RUN counter (25 MHz), extended to 64 bits:
 * QEMU computes it from its virtual clock on every read, so it is exact and
 * monotonic. A SysTick count is not used as the clock because it falls behind
 * when the host is too slow to run the handler every period, and combining it
 * with SysTick's current value went backwards while the interrupt was pending.
 *
 * SysTick still runs (MPS2_TICK_HZ, default 1000): it wakes the CPU out of WFI
 * so deadlines are met within one tick, and it extends FREE_RUN often enough
 * that its 171-second wrap is never missed. */
#ifndef MPS2_CLOCK_H
#define MPS2_CLOCK_H

#include <stdint.h>

#ifndef MPS2_TICK_HZ
#define MPS2_TICK_HZ 1000u
#endif

/* Starts SysTick at MPS2_TICK_HZ. Call once, before interrupts are enabled.
 * Must not be followed by a LAN9118 soft reset (that restarts FREE_RUN). */
void mps2_clock_init(void);

/* Longest SysTick period: 2^24 counts at 25 MHz is 671 ms. */
#define MPS2_TICK_MAX_MS 600u

/* Makes SysTick fire every `ms` (1..MPS2_TICK_MAX_MS; clamped), starting a new
 * period now. Time itself does not depend on it (FREE_RUN is the clock): a
 * longer period only means fewer wake-ups while idle. mps2_clock_init sets
 * 1000 / MPS2_TICK_HZ ms; whoever lengthens it restores it after waking. */
void mps2_clock_set_tick_ms(uint32_t ms);

/* Microseconds since the machine reset (FREE_RUN starts with the LAN9118). */
uint64_t mps2_clock_us(void);

/* Milliseconds, derived from the same counter (never disagrees with _us). */
uint64_t mps2_clock_ms(void);

/* Raw 25 MHz FREE_RUN value: cheap jitter for the entropy seed. */
uint32_t mps2_clock_raw(void);

/* Number of SysTick interrupts handled (diagnostics: compare with ms). */
uint32_t mps2_clock_ticks(void);

/* The SysTick exception handler (placed in the vector table by the startup). */
void mps2_systick_isr(void);

#endif /* MPS2_CLOCK_H */
