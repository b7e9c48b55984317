/* mps2_startup.c — vector table, reset handler, fault reporting. */
#include "mps2/mps2_startup.h"

#include <stdbool.h>
#include <stddef.h>

#include "mps2/mps2_board.h"
#include "mps2/mps2_semihost.h"

int main(void);

extern uint32_t __data_load[];
extern uint32_t __data_start[];
extern uint32_t __data_end[];
extern uint32_t __bss_start[];
extern uint32_t __bss_end[];

#define CPACR_CP10_CP11_FULL (0xFu << 20)
#define STACK_FILL 0x5AC3A55Cu
#define STACK_GUARD_BYTES 32u

/* MPU: one no-access region over the lowest 32 bytes of the stack, so an
 * overflow faults instead of silently corrupting memory. */
#define MPU_CTRL 0xE000ED94u
#define MPU_RNR  0xE000ED98u
#define MPU_RBAR 0xE000ED9Cu
#define MPU_RASR 0xE000EDA0u
#define MPU_CTRL_ENABLE_PRIVDEFENA 5u
#define MPU_RASR_32_BYTES_NO_ACCESS_XN ((1u << 28) | (4u << 1) | 1u) /* XN, SIZE=2^(4+1), ENABLE */
#define SCB_SHCSR 0xE000ED24u
#define SHCSR_MEM_BUS_USAGE_FAULT_ENA (7u << 16)
#define SCB_CFSR  0xE000ED28u
#define SCB_HFSR  0xE000ED2Cu

void mps2_systick_isr(void) __attribute__((weak, alias("mps2_unexpected_irq")));
void mps2_uart0_rx_isr(void) __attribute__((weak, alias("mps2_unexpected_irq")));
void mps2_uart0_tx_isr(void) __attribute__((weak, alias("mps2_unexpected_irq")));
void mps2_lan9118_isr(void) __attribute__((weak, alias("mps2_unexpected_irq")));
void mps2_unexpected_irq(void);
void mps2_fault_entry(void);
_Noreturn void mps2_fault_report(const uint32_t *frame);

static void guard_stack(void)
{
    MPS2_REG(MPU_RNR) = 0;
    MPS2_REG(MPU_RBAR) = (uint32_t)(uintptr_t)__stack_bottom;
    MPS2_REG(MPU_RASR) = MPU_RASR_32_BYTES_NO_ACCESS_XN;
    MPS2_REG(MPU_CTRL) = MPU_CTRL_ENABLE_PRIVDEFENA;
    MPS2_REG(SCB_SHCSR) |= SHCSR_MEM_BUS_USAGE_FAULT_ENA;
    __asm volatile("dsb\n\tisb" : : : "memory");
}

/* Fills the unused stack below the current frame so mps2_stack_unused can
 * measure the high-water mark. */
static void fill_stack(void)
{
    uint32_t *sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    for (uint32_t *p = __stack_bottom + STACK_GUARD_BYTES / 4u; p < sp - 16; p++) {
        *p = STACK_FILL;
    }
}

uint32_t mps2_stack_unused(void)
{
    const uint32_t *p = __stack_bottom + STACK_GUARD_BYTES / 4u;
    while (p < __stack_top && *p == STACK_FILL) {
        p++;
    }
    return (uint32_t)((uintptr_t)p - (uintptr_t)(__stack_bottom + STACK_GUARD_BYTES / 4u));
}

void mps2_reset_handler(void)
{
    /* FPU first: the code is built for the hard-float ABI. */
    MPS2_REG(MPS2_SCB_CPACR) |= CPACR_CP10_CP11_FULL;
    __asm volatile("dsb\n\tisb" : : : "memory");
    for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = __bss_start; dst < __bss_end;) {
        *dst++ = 0;
    }
    fill_stack();
    guard_stack();
    int status = main();
    mps2_sh_exit((uint32_t)status);
}

/* --- reporting, without printf ---------------------------------------------- */
static char *put_text(char *out, const char *text)
{
    while (*text != '\0') {
        *out++ = *text++;
    }
    return out;
}

static char *put_hex(char *out, uint32_t value)
{
    static const char digits[] = "0123456789abcdef";
    *out++ = '0';
    *out++ = 'x';
    for (int shift = 28; shift >= 0; shift -= 4) {
        *out++ = digits[(value >> (unsigned)shift) & 0xFu];
    }
    return out;
}

static uint32_t active_exception(void)
{
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    return ipsr & 0x1FFu;
}

/* The fault handler's own stack: after a stack overflow the main stack is
 * unusable (its guard faults every push), so the handler switches to this. */
#define FAULT_STACK_WORDS 96u
__attribute__((used, aligned(8))) uint32_t mps2_fault_stack[FAULT_STACK_WORDS];

/* Called by mps2_fault_entry with the exception frame (r0-r3, r12, lr, pc, xpsr)
 * as pushed on the interrupted stack, already on the fault stack. */
__attribute__((used)) _Noreturn void mps2_fault_report(const uint32_t *frame)
{
    char text[160];
    char *p = put_text(text, "mps2: fault exception=");
    p = put_hex(p, active_exception());
    uintptr_t at = (uintptr_t)frame;
    if (at < (uintptr_t)__stack_bottom + STACK_GUARD_BYTES + 32u && at >= (uintptr_t)__stack_bottom - 64u) {
        /* The frame could not be pushed: it lies in (or below) the guard. */
        p = put_text(p, " stack overflow (raise MPS2_STACK_SIZE) sp=");
        p = put_hex(p, (uint32_t)at);
    } else {
        p = put_text(p, " pc=");
        p = put_hex(p, frame[6]);
        p = put_text(p, " lr=");
        p = put_hex(p, frame[5]);
    }
    p = put_text(p, " cfsr=");
    p = put_hex(p, MPS2_REG(SCB_CFSR));
    p = put_text(p, " hfsr=");
    p = put_hex(p, MPS2_REG(SCB_HFSR));
    p = put_text(p, "\n");
    *p = '\0';
    mps2_sh_write0(text);
    mps2_sh_exit(MPS2_EXIT_FAULT);
}

/* Picks the stack the frame was pushed on, moves to the fault stack (nothing
 * is pushed before that) and hands the frame to mps2_fault_report. */
__attribute__((naked)) void mps2_fault_entry(void)
{
    __asm volatile("tst lr, #4\n\t"
                   "ite eq\n\t"
                   "mrseq r0, msp\n\t"
                   "mrsne r0, psp\n\t"
                   "ldr r1, =mps2_fault_stack + %c0\n\t"
                   "mov sp, r1\n\t"
                   "b mps2_fault_report\n\t"
                   ".ltorg\n\t"
                   :
                   : "i"(FAULT_STACK_WORDS * 4u));
}

void mps2_unexpected_irq(void)
{
    char text[64];
    char *p = put_text(text, "mps2: unexpected interrupt exception=");
    p = put_hex(p, active_exception());
    p = put_text(p, "\n");
    *p = '\0';
    mps2_sh_write0(text);
    mps2_sh_exit(MPS2_EXIT_FAULT);
}

/* --- vector table ---------------------------------------------------------------- */
typedef void (*mps2_vector)(void);

#define FAULT mps2_fault_entry
#define UNEXPECTED mps2_unexpected_irq

__attribute__((section(".vectors"), used)) static const mps2_vector vector_table[16u + MPS2_IRQ_COUNT] = {
    [0] = (mps2_vector)(uintptr_t)__stack_top, /* initial stack pointer */
    [1] = mps2_reset_handler,
    [2] = FAULT,      /* NMI */
    [3] = FAULT,      /* HardFault */
    [4] = FAULT,      /* MemManage (stack guard) */
    [5] = FAULT,      /* BusFault */
    [6] = FAULT,      /* UsageFault */
    [7] = UNEXPECTED, [8] = UNEXPECTED, [9] = UNEXPECTED, [10] = UNEXPECTED,
    [11] = UNEXPECTED, /* SVCall */
    [12] = UNEXPECTED, /* DebugMonitor */
    [13] = UNEXPECTED,
    [14] = UNEXPECTED, /* PendSV */
    [15] = mps2_systick_isr,
    [16 + MPS2_IRQ_UART0_RX] = mps2_uart0_rx_isr,
    [16 + MPS2_IRQ_UART0_TX] = mps2_uart0_tx_isr,
    [16 + 2] = UNEXPECTED, [16 + 3] = UNEXPECTED, [16 + 4] = UNEXPECTED, [16 + 5] = UNEXPECTED,
    [16 + 6] = UNEXPECTED, [16 + 7] = UNEXPECTED, [16 + 8] = UNEXPECTED, [16 + 9] = UNEXPECTED,
    [16 + 10] = UNEXPECTED, [16 + 11] = UNEXPECTED, [16 + 12] = UNEXPECTED,
    [16 + MPS2_IRQ_LAN9118] = mps2_lan9118_isr,
    [16 + 14] = UNEXPECTED, [16 + 15] = UNEXPECTED, [16 + 16] = UNEXPECTED, [16 + 17] = UNEXPECTED,
    [16 + 18] = UNEXPECTED, [16 + 19] = UNEXPECTED, [16 + 20] = UNEXPECTED, [16 + 21] = UNEXPECTED,
    [16 + 22] = UNEXPECTED, [16 + 23] = UNEXPECTED, [16 + 24] = UNEXPECTED, [16 + 25] = UNEXPECTED,
    [16 + 26] = UNEXPECTED, [16 + 27] = UNEXPECTED, [16 + 28] = UNEXPECTED, [16 + 29] = UNEXPECTED,
    [16 + 30] = UNEXPECTED, [16 + 31] = UNEXPECTED,
};
