/*
 * fake_arch.h - the host stand-in for arch/x86_64 (tests only).
 *
 * fake_arch.c implements every function of include/kernel/arch.h on the host:
 * physical memory is one aligned host buffer at FAKE_PHYS_BASE, page tables
 * are real 4-level tables inside it (so table pages are charged through the
 * caller's allocator exactly as on the machine), context switches are recorded
 * instead of performed, the console writes into a buffer, ports are an array,
 * the clock is a variable, and arch_machine_exit records its code and jumps
 * back to the test instead of ending the process.
 */
#ifndef KERNEL_TESTS_FAKE_ARCH_H
#define KERNEL_TESTS_FAKE_ARCH_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FAKE_PHYS_BASE 0x100000ull
#define FAKE_PHYS_SIZE (64ull << 20)
#define FAKE_PHYS_END (FAKE_PHYS_BASE + FAKE_PHYS_SIZE)
#define FAKE_CONSOLE_MAX (256u * 1024u)
#define FAKE_TIMESTAMP_HZ 1000000ull /* one timestamp unit per microsecond */

/* Set the buffer up (once) and clear every record; keeps memory contents. */
void fake_arch_init(void);

/* The console: everything arch_console_putc received since the last clear. */
extern char fake_console[FAKE_CONSOLE_MAX];
extern size_t fake_console_len;
void fake_console_clear(void);
bool fake_console_has(const char *needle);

/* Context switches: how many, and the stacks of the last one. */
extern unsigned fake_switch_count;
extern uint64_t fake_switch_next_rsp;
extern uint64_t fake_switch_kstack_top; /* arch_set_kernel_stack's last argument */
extern uint64_t fake_active_root;       /* arch_switch_vspace's last argument */

/* The clock read by arch_timestamp. */
extern uint64_t fake_now;

/* Port I/O: values read, last write. */
extern uint8_t fake_ports[65536];
extern unsigned fake_port_writes;
extern uint16_t fake_last_port_written;

/* IRQ masking as the kernel asked for it. */
extern bool fake_irq_masked[16];

/* arch_machine_exit: the code, and where to jump (NULL: abort the test run). */
extern uint32_t fake_exit_code;
extern unsigned fake_exit_count;
extern jmp_buf *fake_exit_jump;

/* Page tables allocated through arch_map_page's allocator, all spaces together. */
extern unsigned fake_tables_allocated;

/* Fill physical memory directly (test setup: a pattern, a device's contents). */
void *fake_phys(uint64_t phys);

#endif
