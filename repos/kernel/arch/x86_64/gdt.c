/*
 * gdt.c - segments and the task state segment.
 *
 * The layout is fixed by syscall/sysret: kernel code 0x08, kernel data 0x10,
 * user data 0x20 (0x23), user code 0x28 (0x2b); the TSS follows. The TSS
 * carries rsp0 (the current thread's kernel stack) and IST1 (the double-fault
 * stack).
 */
#include <stdint.h>

#include "arch_x86_64.h"

struct tss x86_tss;
#define tss x86_tss
static uint64_t gdt[8];
static uint8_t double_fault_stack[8192] __attribute__((aligned(16)));

struct descriptor_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static void set_tss_descriptor(void)
{
    uint64_t base = (uint64_t)&tss;
    uint64_t limit = sizeof tss - 1;
    gdt[6] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[7] = base >> 32;
}

void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = 0x00af9a000000ffffull; /* 0x08 kernel code, 64-bit */
    gdt[2] = 0x00cf92000000ffffull; /* 0x10 kernel data */
    gdt[3] = 0x00cffa000000ffffull; /* 0x18 user code 32-bit (unused; sysret layout) */
    gdt[4] = 0x00cff2000000ffffull; /* 0x20 user data */
    gdt[5] = 0x00affa000000ffffull; /* 0x28 user code, 64-bit */
    tss.iomap_base = sizeof tss;    /* no I/O bitmap: user port access faults */
    tss.ist[0] = (uint64_t)(double_fault_stack + sizeof double_fault_stack);
    set_tss_descriptor();
    struct descriptor_pointer p = {sizeof gdt - 1, (uint64_t)gdt};
    __asm__ volatile("lgdt %0\n\t"
                     "mov %1, %%ds\n\t"
                     "mov %1, %%es\n\t"
                     "mov %1, %%ss\n\t"
                     "pushq $0x08\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "ltr %w2"
                     :
                     : "m"(p), "r"(0x10), "r"(GDT_TSS)
                     : "rax", "memory");
}

void tss_set_kernel_stack(uint64_t top)
{
    tss.rsp[0] = top;
}
