/*
 * arch.h - the small interface portable kernel code uses to reach the machine.
 *
 * Implemented under arch/x86_64/. Portable files include this header and never
 * an arch header directly.
 */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stdint.h>

void arch_console_init(void);
void arch_console_putc(char c);

/* Stop the machine: through isa-debug-exit in debug-exit builds, else halt. */
_Noreturn void arch_machine_exit(uint32_t code);

/* Translate a physical address into the kernel's physmap. */
void *arch_phys_to_virt(uint64_t phys);

/* Bytes readable through arch_phys_to_virt() starting at `phys` (0 if none). */
uint64_t arch_physmap_readable(uint64_t phys);

#endif
