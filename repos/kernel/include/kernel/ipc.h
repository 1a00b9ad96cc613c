/*
 * ipc.h - the transport system calls (CALL, RECV, REPLY, NOTIFY, REPLY_RECV)
 * and kernel events sent on a thread's behalf.
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <kernel/object.h>

void sys_call(struct arch_syscall_frame *f);
void sys_notify(struct arch_syscall_frame *f);
void sys_recv(struct arch_syscall_frame *f);
void sys_reply(struct arch_syscall_frame *f);
void sys_reply_recv(struct arch_syscall_frame *f);

/* t holds a prepared event (t->event); deliver it on ep or queue t there. */
void ipc_send_event(struct endpoint *ep, struct tcb *t);

/* Convert a timeout in microseconds into an absolute deadline. */
uint64_t ipc_deadline(uint64_t timeout_us);

#endif
