/*
 * fault.c - phase0-fault: rdx chooses what it does. 1 writes to address 0
 * (a page fault: vector 14, address 0), 2 executes ud2 (invalid opcode:
 * vector 6), 3 runs until it is stopped, anything else exits 0. procd kills
 * a faulting process and reports its fault event.
 */
#include <erix/log.h>
#include <erix/rt.h>

#include "phase0.h"

static _Noreturn void null_write(void)
{
    uint64_t address = 0;
    __asm__ volatile("" : "+r"(address)); /* the compiler must not see a constant null */
    *(volatile uint64_t *)(uintptr_t)address = 0xfa17;
    erix_exit(0xdead); /* not reached: the write faults */
}

static _Noreturn void invalid_opcode(void)
{
    __asm__ volatile("ud2");
    erix_exit(0xdead);
}

static _Noreturn void hang(void)
{
    for (;;)
        (void)erix_sys_yield();
}

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t mode)
{
    (void)a0;
    (void)a1;
    (void)erix_log("PHASE0_FAULT:RUN mode=%llu", (unsigned long long)mode);
    switch (mode) {
    case PHASE0_FAULT_NULL_WRITE: null_write();
    case PHASE0_FAULT_INVALID_OPCODE: invalid_opcode();
    case PHASE0_FAULT_HANG: hang();
    default: return 0;
    }
}
