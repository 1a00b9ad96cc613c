/* idt.c - the interrupt descriptor table: 256 gates onto trap_entry.S's stubs. */
#include <stdint.h>

#include "arch_x86_64.h"

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
} __attribute__((packed));

static struct idt_gate idt[256];
extern char trap_stubs[];

struct idt_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static void set_gate(unsigned vector, uint8_t ist)
{
    uint64_t addr = (uint64_t)(trap_stubs + vector * 16);
    idt[vector] = (struct idt_gate){
        .offset_low = (uint16_t)addr,
        .selector = GDT_KERNEL_CODE,
        .ist = ist,
        .type = 0x8e, /* present, DPL 0, interrupt gate: interrupts stay off */
        .offset_mid = (uint16_t)(addr >> 16),
        .offset_high = (uint32_t)(addr >> 32),
    };
}

void idt_init(void)
{
    for (unsigned v = 0; v < 256; v++)
        set_gate(v, v == 8 ? 1 : 0); /* double fault on its own stack */
    struct idt_pointer p = {sizeof idt - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" : : "m"(p));
}
