/*
 * trap.c - where interrupts and exceptions land. An exception in user mode
 * becomes a fault event for the thread's manager; one in kernel mode is a
 * kernel bug and panics with a diagnostic. Timer and device interrupts go to
 * the scheduler and the IRQ family.
 */
#include <erix/exit.h>
#include <erix/ipc.h>

#include <kernel/console.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>

#include "arch_x86_64.h"
#include "cpu.h"

static _Noreturn void kernel_exception(const struct trap_frame *f)
{
    kprintf("\nERIX_KERNEL:PANIC vector=%llu rip=0x%llx cr2=0x%llx error=0x%llx rsp=0x%llx\n",
            (unsigned long long)f->vector, (unsigned long long)f->rip,
            (unsigned long long)read_cr2(), (unsigned long long)f->error,
            (unsigned long long)f->rsp);
    arch_machine_exit(ERIX_EXIT_KERNEL_FAILURE);
}

static void user_exception(const struct trap_frame *f)
{
    uint64_t address = f->vector == 14 ? read_cr2() : 0;
    tcb_raise_event(current, ERIX_EVENT_FAULT, f->vector, address, f->rip);
}

void trap_handler(struct trap_frame *f)
{
    bool from_user = (f->cs & 3) == 3;
    if (from_user)
        current->frame = NULL; /* its registers are in the trap frame, not a syscall frame */
    if (f->vector < 32) {
        if (f->vector == 2)
            return; /* NMI: nothing uses it */
        if (!from_user)
            kernel_exception(f);
        user_exception(f);
    } else if (f->vector == VECTOR_TIMER) {
        lapic_eoi();
        sched_tick();
    } else if (f->vector >= VECTOR_IRQ_BASE && f->vector < VECTOR_IRQ_BASE + 16) {
        irq_raise((unsigned)(f->vector - VECTOR_IRQ_BASE));
        lapic_eoi();
    } else if (f->vector != VECTOR_SPURIOUS) {
        lapic_eoi();
    }
    sched_preempt_check();
}
