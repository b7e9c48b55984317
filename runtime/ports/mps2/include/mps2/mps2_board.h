/* mps2_board.h — the mps2-an386 (Cortex-M4F) board as QEMU 7.2 models it:
 * memory map, interrupt numbers, clock, and the few CPU/NVIC operations the
 * drivers need. Addresses are from QEMU's `info mtree -f` and the facts file
 * (shared/docs/firmware-qemu-facts.md). */
#ifndef MPS2_BOARD_H
#define MPS2_BOARD_H

#include <stdbool.h>
#include <stdint.h>

/* --- clock --------------------------------------------------------------- */
#define MPS2_SYSCLK_HZ 25000000u /* SYSCLK drives SysTick, UART and FREE_RUN */

/* --- peripherals ---------------------------------------------------------- */
#define MPS2_UART0_BASE   0x40004000u /* CMSDK APB UART0: the first -serial */
#define MPS2_LAN9118_BASE 0x40200000u /* SMSC LAN9118 Ethernet, 32-bit mode */

/* --- external interrupt numbers (NVIC lines) --------------------------------- */
#define MPS2_IRQ_UART0_RX 0u
#define MPS2_IRQ_UART0_TX 1u
#define MPS2_IRQ_LAN9118  13u
#define MPS2_IRQ_COUNT    32u /* lines QEMU wires on mps2-an385/an386 */

/* --- system control space ---------------------------------------------------- */
#define MPS2_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

#define MPS2_SYST_CSR   0xE000E010u /* SysTick control and status */
#define MPS2_SYST_RVR   0xE000E014u /* reload value */
#define MPS2_SYST_CVR   0xE000E018u /* current value */
#define MPS2_NVIC_ISER  0xE000E100u /* interrupt set-enable, one bit per line */
#define MPS2_NVIC_ICER  0xE000E180u /* interrupt clear-enable */
#define MPS2_NVIC_ICPR  0xE000E280u /* interrupt clear-pending */
#define MPS2_SCB_CPACR  0xE000ED88u /* coprocessor access (FPU = CP10, CP11) */

static inline void mps2_nvic_enable(uint32_t irq)
{
    MPS2_REG(MPS2_NVIC_ISER + 4u * (irq / 32u)) = 1u << (irq % 32u);
}

static inline void mps2_nvic_disable(uint32_t irq)
{
    MPS2_REG(MPS2_NVIC_ICER + 4u * (irq / 32u)) = 1u << (irq % 32u);
}

static inline void mps2_nvic_clear_pending(uint32_t irq)
{
    MPS2_REG(MPS2_NVIC_ICPR + 4u * (irq / 32u)) = 1u << (irq % 32u);
}

/* Masks interrupts and returns whether they were enabled before (for nesting). */
static inline bool mps2_irq_save(void)
{
    uint32_t primask;
    __asm volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask) : : "memory");
    return (primask & 1u) == 0u;
}

static inline void mps2_irq_restore(bool were_enabled)
{
    if (were_enabled) {
        __asm volatile("cpsie i" : : : "memory");
    }
}

/* Sleeps until the next interrupt unless `work_pending(ctx)` says there is
 * something to do. The check and the WFI run with interrupts masked, so an
 * interrupt that arrives between them still wakes the WFI (it stays pending)
 * and no wake-up is lost. Never busy-polls: a polling QEMU burns a host core. */
static inline void mps2_idle(bool (*work_pending)(void *ctx), void *ctx)
{
    __asm volatile("cpsid i" : : : "memory");
    if (work_pending == 0 || !work_pending(ctx)) {
        __asm volatile("dsb\n\twfi" : : : "memory");
    }
    __asm volatile("cpsie i\n\tisb" : : : "memory");
}

#endif /* MPS2_BOARD_H */
