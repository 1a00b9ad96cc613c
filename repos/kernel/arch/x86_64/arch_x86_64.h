/* arch_x86_64.h - declarations shared inside arch/x86_64 (never by portable code). */
#ifndef ARCH_X86_64_H
#define ARCH_X86_64_H

#include <stdint.h>

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_USER_DATA 0x23
#define GDT_USER_CODE 0x2b
#define GDT_TSS 0x30

#define VECTOR_TIMER 0x20
#define VECTOR_IRQ_BASE 0x30 /* ISA IRQ n arrives at 0x30 + n (IOAPIC) */
#define VECTOR_SPURIOUS 0xff

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

extern struct tss x86_tss;

/* Registers saved by trap_entry.S, in push order reversed (lowest address first). */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

void gdt_init(void);
void tss_set_kernel_stack(uint64_t top);
void idt_init(void);
void syscall_init(void);
void trap_handler(struct trap_frame *f);
void cpu_features_init(void);
void paging_init(void);
void lapic_init(void);
void lapic_eoi(void);
void pic_disable(void);
uint64_t pit_calibrate_tsc(void);

extern uint64_t cpu_kstack_top; /* syscall entry loads it */
extern uint64_t cpu_user_rsp;

#endif
