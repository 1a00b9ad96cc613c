/*
 * fastpath.h - the IPC fast paths, called from syscall_entry before the general
 * handler. Each returns the frame of the thread to resume, or NULL to fall back.
 */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

#include <kernel/object.h>

struct arch_syscall_frame *fastpath_call(struct arch_syscall_frame *f);
struct arch_syscall_frame *fastpath_reply_recv(struct arch_syscall_frame *f);
struct arch_syscall_frame *fastpath_notify(struct arch_syscall_frame *f);

#endif
