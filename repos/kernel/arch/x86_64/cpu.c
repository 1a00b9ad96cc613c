/*
 * cpu.c - processor set-up: segments, traps, the syscall MSRs, and the
 * protections (SMEP, SMAP, UMIP, global pages, write-protect in ring 0, no
 * FPU/SSE for user space so no register state can leak between processes).
 */
#include <stddef.h>

#include <kernel/arch.h>

#include "arch_x86_64.h"
#include "cpu.h"

#define RFLAGS_TF 0x100u
#define RFLAGS_IF 0x200u
#define RFLAGS_DF 0x400u
#define RFLAGS_IOPL 0x3000u
#define RFLAGS_NT 0x4000u
#define RFLAGS_AC 0x40000u
#define CR0_MP (1ull << 1)
#define CR0_EM (1ull << 2)
#define CR4_UMIP (1ull << 11)
#define CR4_OSFXSR (1ull << 9)

extern char syscall_entry[];
static char features[64];

static void append(const char *s)
{
    size_t n = 0;
    while (features[n] != 0)
        n++;
    if (n != 0 && n + 1 < sizeof features)
        features[n++] = ',';
    for (; *s != 0 && n + 1 < sizeof features; s++)
        features[n++] = *s;
    features[n] = 0;
}

static void protections_init(void)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    uint32_t max_leaf = r[0];
    uint64_t cr4 = (read_cr4() | CR4_PGE) & ~CR4_OSFXSR;
    append("nx");
    if (max_leaf >= 7) {
        cpuid(7, 0, r);
        if (r[1] & (1u << 7)) {
            cr4 |= CR4_SMEP;
            append("smep");
        }
        if (r[1] & (1u << 20)) {
            cr4 |= CR4_SMAP;
            append("smap");
        }
        if (r[2] & (1u << 2)) {
            cr4 |= CR4_UMIP;
            append("umip");
        }
    }
    write_cr4(cr4);
    write_cr0(read_cr0() | CR0_WP | CR0_EM | CR0_MP);
}

static void syscall_msrs_init(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* syscall: CS 0x08, SS 0x10; sysret: CS 0x18 + 16 = 0x2b, SS 0x18 + 8 = 0x23 */
    wrmsr(MSR_STAR, ((uint64_t)0x18 << 48) | ((uint64_t)GDT_KERNEL_CODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_FMASK, RFLAGS_TF | RFLAGS_IF | RFLAGS_DF | RFLAGS_IOPL | RFLAGS_NT | RFLAGS_AC);
}

void arch_cpu_init(void)
{
    gdt_init();
    idt_init();
    syscall_msrs_init();
    protections_init();
    pic_disable();
}

const char *arch_cpu_features(void)
{
    return features;
}
