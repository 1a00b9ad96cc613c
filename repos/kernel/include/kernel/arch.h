/*
 * arch.h - the small interface portable kernel code uses to reach the machine.
 *
 * Implemented under arch/x86_64/. Portable files include this header and never
 * an arch header directly.
 */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/status.h>

/* ---- console and machine -------------------------------------------- */
void arch_console_init(void);
void arch_console_putc(char c);

/* Stop the machine: through isa-debug-exit in debug-exit builds, else halt. */
_Noreturn void arch_machine_exit(uint32_t code);

/* Bring up segments, traps, syscalls, CPU protections (before paging_init). */
void arch_cpu_init(void);
/* What arch_cpu_init enabled, for the boot log. */
const char *arch_cpu_features(void);

/* Timer and interrupt controller; needs the physmap. */
void arch_timer_init(uint32_t hz);
bool arch_timer_uses_pit(void);     /* no local APIC: the PIT ticks */
uint64_t arch_timestamp(void);        /* a monotonic counter (TSC) */
uint64_t arch_timestamp_hz(void);     /* its rate, calibrated at boot */
void arch_idle(void);                 /* wait for an interrupt with interrupts on */

/* ---- physical memory ------------------------------------------------ */
void *arch_phys_to_virt(uint64_t phys);
uint64_t arch_virt_to_phys(const void *virt); /* physmap and kernel image only */
uint64_t arch_physmap_readable(uint64_t phys);

/* ---- page tables ------------------------------------------------------ */
#define ARCH_MAP_READ 0x1u
#define ARCH_MAP_WRITE 0x2u
#define ARCH_MAP_EXEC 0x4u
#define ARCH_MAP_DEVICE 0x8u /* uncached */
#define ARCH_MAP_ANON 0x10u   /* zeroed RAM a manager may fill (WRITE_PROCESS_MEMORY) */

typedef uint64_t (*arch_page_alloc)(void *ctx); /* a page's physical address, 0: none */

void arch_paging_init(uint64_t phys_limit, bool (*is_ram)(uint64_t base, uint64_t len),
                      arch_page_alloc alloc, void *ctx);
uint64_t arch_kernel_root(void);
void arch_vspace_init(uint64_t root);                  /* empty user half, shared kernel half */
unsigned arch_tables_needed(uint64_t root, uint64_t va); /* tables a map at va would add */
erix_status_t arch_map_page(uint64_t root, uint64_t va, uint64_t pa, uint32_t perms,
                            arch_page_alloc alloc, void *ctx);
void arch_unmap_page(uint64_t root, uint64_t va);
bool arch_lookup_page(uint64_t root, uint64_t va, uint64_t *pa, uint32_t *perms);
void arch_switch_vspace(uint64_t root);

/* ---- threads ------------------------------------------------------------ */
/*
 * The registers of a system call, as syscall_entry saved them: arguments and
 * results, and the user's callee-saved registers, so a thread blocked in a
 * system call can be resumed straight from its frame (arch_resume_syscall).
 */
struct arch_syscall_frame {
    uint64_t nr;      /* in: number; out: status */
    uint64_t a0, a1, a2, a3, a4, a5; /* in: arguments; out: results */
    uint64_t callee[6];
    uint64_t pc;
    uint64_t flags;
    uint64_t sp;
};

/* Where a thread's syscall frame sits on its kernel stack (always the same place). */
#define ARCH_SYSCALL_FRAME(kstack_top)                                          \
    ((struct arch_syscall_frame *)((kstack_top) - sizeof(struct arch_syscall_frame)))

/*
 * Make `saved_rsp` resume a thread that is blocked in a system call through its
 * frame, without its kernel call chain (used when a fast path parks a thread).
 */
uint64_t arch_syscall_resume_rsp(uint64_t kstack_top);

/* Prepare a fresh kernel stack so that switching to it enters user mode. */
uint64_t arch_thread_prepare(uint64_t kstack_top, uint64_t entry, uint64_t user_sp,
                             uint64_t a0, uint64_t a1, uint64_t a2);
/* Prepare a kernel thread (the idle thread) that runs fn(). */
uint64_t arch_kthread_prepare(uint64_t kstack_top, void (*fn)(void));
void arch_context_switch(uint64_t *save_rsp, uint64_t next_rsp);
void arch_set_kernel_stack(uint64_t top);

/* ---- platform access for kernel-control families ------------------------ */
uint8_t arch_port_in8(uint16_t port);
void arch_port_out8(uint16_t port, uint8_t value);
uint32_t arch_pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset);
void arch_pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset, uint32_t value);
/* Route ISA irq (through its GSI and polarity/trigger flags) to the kernel, masked. */
void arch_irq_route(unsigned irq, uint32_t gsi, uint16_t flags);
void arch_irq_unmask(unsigned irq);
void arch_irq_mask(unsigned irq);
/* Use the I/O APIC at this physical address for device interrupts. */
void arch_ioapic_init(uint64_t phys, uint32_t gsi_base);

#endif
