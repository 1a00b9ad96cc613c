/*
 * thread.c - kernel stacks of new threads. A user thread's first switch pops
 * zeroed callee-saved registers and "returns" into trap_return with a frame
 * that enters user mode; a kernel thread returns straight into its function.
 */
#include <string.h>

#include <kernel/arch.h>

#include "arch_x86_64.h"

extern char trap_return[];
uint64_t cpu_kstack_top;
uint64_t cpu_user_rsp;

#define SWITCH_REGS 6

uint64_t arch_thread_prepare(uint64_t kstack_top, uint64_t entry, uint64_t user_sp, uint64_t a0,
                             uint64_t a1, uint64_t a2)
{
    struct trap_frame *f = (struct trap_frame *)(kstack_top - sizeof *f);
    memset(f, 0, sizeof *f);
    f->rip = entry;
    f->cs = GDT_USER_CODE;
    f->rflags = 0x202; /* IF */
    f->rsp = user_sp;
    f->ss = GDT_USER_DATA;
    f->rdi = a0;
    f->rsi = a1;
    f->rdx = a2;
    uint64_t *sp = (uint64_t *)f;
    *--sp = (uint64_t)trap_return;
    for (int i = 0; i < SWITCH_REGS; i++)
        *--sp = 0;
    return (uint64_t)sp;
}

uint64_t arch_kthread_prepare(uint64_t kstack_top, void (*fn)(void))
{
    uint64_t *sp = (uint64_t *)kstack_top;
    *--sp = 0;              /* fn's (absent) return address keeps the ABI alignment */
    *--sp = (uint64_t)fn;
    for (int i = 0; i < SWITCH_REGS; i++)
        *--sp = 0;
    return (uint64_t)sp;
}

extern char syscall_resume[];

uint64_t arch_syscall_resume_rsp(uint64_t kstack_top)
{
    uint64_t *record = (uint64_t *)(kstack_top - sizeof(struct arch_syscall_frame)) - 7;
    record[6] = (uint64_t)syscall_resume;
    return (uint64_t)record;
}

void arch_set_kernel_stack(uint64_t top)
{
    tss_set_kernel_stack(top);
    cpu_kstack_top = top;
}
