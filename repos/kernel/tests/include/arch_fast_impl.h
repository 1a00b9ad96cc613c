/* arch_fast_impl.h - host tests: the fast path's machine operations go to the fake arch. */
#ifndef TESTS_FAST_IMPL_H
#define TESTS_FAST_IMPL_H

#include <kernel/arch.h>

static inline void arch_fast_enter(uint64_t from_root, uint64_t to_root, uint64_t kstack_top)
{
    if (from_root != to_root)
        arch_switch_vspace(to_root);
    arch_set_kernel_stack(kstack_top);
}

static inline uint64_t arch_fast_park(uint64_t kstack_top)
{
    return arch_syscall_resume_rsp(kstack_top);
}

#endif
