/* arch_fast_impl.h - x86_64 inline operations for the IPC fast path (see arch_fast.h). */
#ifndef ARCH_X86_64_FAST_IMPL_H
#define ARCH_X86_64_FAST_IMPL_H

#include <stdint.h>

#include "arch_x86_64.h"

extern char syscall_resume[];

static inline void arch_fast_enter(uint64_t from_root, uint64_t to_root, uint64_t kstack_top)
{
    if (from_root != to_root)
        __asm__ volatile("mov %0, %%cr3" : : "r"(to_root) : "memory");
    cpu_kstack_top = kstack_top;
    __builtin_memcpy((uint8_t *)&x86_tss + 4, &kstack_top, sizeof kstack_top); /* rsp0 */
}

static inline uint64_t arch_fast_park(uint64_t kstack_top)
{
    uint64_t *record = (uint64_t *)(kstack_top - sizeof(struct arch_syscall_frame)) - 7;
    record[6] = (uint64_t)(uintptr_t)syscall_resume;
    return (uint64_t)(uintptr_t)record;
}

#endif
