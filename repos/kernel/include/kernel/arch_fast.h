/*
 * arch_fast.h - the machine operations the IPC fast path needs, inlined:
 * entering another thread (address space and kernel stack for the next entry)
 * and parking the current one with a resume record. Each architecture supplies
 * arch_fast_impl.h on the kernel's include path (host tests supply a fake).
 *
 *   void arch_fast_enter(uint64_t from_root, uint64_t to_root, uint64_t kstack_top);
 *   uint64_t arch_fast_park(uint64_t kstack_top);   -- the saved rsp to use
 */
#ifndef KERNEL_ARCH_FAST_H
#define KERNEL_ARCH_FAST_H

#include <kernel/arch.h>

#include <arch_fast_impl.h>

#endif
