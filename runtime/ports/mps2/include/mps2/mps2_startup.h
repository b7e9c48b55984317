/* mps2_startup.h — what the reset handler does before main, and what happens
 * after: FPU on, .data copied, .bss zeroed, a stack guard set, main() called,
 * and main's return value reported as QEMU's exit status (semihosting).
 * Faults and unexpected interrupts are reported on the semihosting console and
 * end QEMU with a distinct status (MPS2_EXIT_FAULT). */
#ifndef MPS2_STARTUP_H
#define MPS2_STARTUP_H

#include <stdint.h>

#define MPS2_EXIT_FAULT 134u /* like a host process killed by SIGABRT */

/* Symbols the linker script defines (see ld/mps2_an386.ld.in). */
extern uint32_t __stack_bottom[]; /* lowest stack address (guarded) */
extern uint32_t __stack_top[];

/* Bytes of stack never touched since reset, found by scanning the fill
 * pattern the reset handler writes (for the footprint report). */
uint32_t mps2_stack_unused(void);

void mps2_reset_handler(void);

#endif /* MPS2_STARTUP_H */
