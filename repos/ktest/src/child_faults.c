/*
 * child_faults.c - the faulting instructions of ROLE_FAULT, each behind a
 * global label so the test root task (which runs the same image at the same
 * addresses) knows the exact rip a fault event must report, and for the page
 * faults the exact address.
 */
#include <stdint.h>

#include "ktest.h"

/* One function per instruction; the label marks the instruction that faults. */
#define FAULT_FN(name, setup, insn)                                                   \
    __attribute__((noinline)) static void fault_##name(void)                          \
    {                                                                                 \
        __asm__ volatile(setup "\n.globl ktest_fip_" #name "\nktest_fip_" #name ":\n" \
                         insn "\n"                                                    \
                         :                                                            \
                         :                                                            \
                         : "rax", "rcx", "rdx", "memory");                           \
    }                                                                                 \
    extern const char ktest_fip_##name[]

FAULT_FN(ud, "", "ud2");
FAULT_FN(divide, "xorl %%ecx, %%ecx\n xorl %%edx, %%edx\n movl $1, %%eax", "divl %%ecx");
FAULT_FN(hlt, "", "hlt");
FAULT_FN(out, "xorl %%eax, %%eax", "outb %%al, $0x80");
FAULT_FN(in, "", "inb $0x60, %%al");
FAULT_FN(cli, "", "cli");
FAULT_FN(int3, "", "int3");
FAULT_FN(rdmsr, "movl $0x10, %%ecx", "rdmsr");
FAULT_FN(cr3, "xorl %%eax, %%eax", "movq %%rax, %%cr3");
FAULT_FN(noncanonical, "movabsq $0x0000800000000000, %%rax", "movq (%%rax), %%rax");
FAULT_FN(x87, "", "fninit");
FAULT_FN(sse, "", ".byte 0x0f, 0x57, 0xc0 /* xorps %%xmm0, %%xmm0 */");
FAULT_FN(write_kernel, "movabsq $0xffffffff80000000, %%rax", "movq $1, (%%rax)");
FAULT_FN(write_text, "", "movb $0x90, ktest_fip_write_text(%%rip)");
FAULT_FN(sgdt, "", "sgdt -16(%%rsp)");

static const struct {
    void (*run)(void);
    const char *ip;
} faults[KTEST_FAULT_COUNT] = {
    [KTEST_FAULT_UD] = {fault_ud, ktest_fip_ud},
    [KTEST_FAULT_DIVIDE] = {fault_divide, ktest_fip_divide},
    [KTEST_FAULT_HLT] = {fault_hlt, ktest_fip_hlt},
    [KTEST_FAULT_OUT] = {fault_out, ktest_fip_out},
    [KTEST_FAULT_IN] = {fault_in, ktest_fip_in},
    [KTEST_FAULT_CLI] = {fault_cli, ktest_fip_cli},
    [KTEST_FAULT_INT3] = {fault_int3, ktest_fip_int3},
    [KTEST_FAULT_RDMSR] = {fault_rdmsr, ktest_fip_rdmsr},
    [KTEST_FAULT_CR3] = {fault_cr3, ktest_fip_cr3},
    [KTEST_FAULT_NONCANONICAL] = {fault_noncanonical, ktest_fip_noncanonical},
    [KTEST_FAULT_X87] = {fault_x87, ktest_fip_x87},
    [KTEST_FAULT_SSE] = {fault_sse, ktest_fip_sse},
    [KTEST_FAULT_WRITE_KERNEL] = {fault_write_kernel, ktest_fip_write_kernel},
    [KTEST_FAULT_WRITE_TEXT] = {fault_write_text, ktest_fip_write_text},
    [KTEST_FAULT_SGDT] = {fault_sgdt, ktest_fip_sgdt},
};

uint64_t ktest_fault_ip(uint32_t kind)
{
    return kind < KTEST_FAULT_COUNT ? (uint64_t)(uintptr_t)faults[kind].ip : 0;
}

void ktest_fault_run(uint32_t kind)
{
    if (kind < KTEST_FAULT_COUNT)
        faults[kind].run();
}
