/*
 * tcb.h - threads. Every process has exactly one thread, so a TCB is also the
 * process: its id (pid) indexes the thread table, which is how reply tokens and
 * address-space handles name threads without trusting user-supplied pointers.
 */
#ifndef KERNEL_TCB_H
#define KERNEL_TCB_H

#include <kernel/object.h>

#define TCB_MAX 1024u

/* Register a TCB object placed at `mem` (OBJ_TCB_SIZE, zeroed); ERIX_ERR_LIMIT if full. */
erix_status_t tcb_init(struct tcb *t, struct untyped *origin, uint8_t priority);

bool tcb_table_has_room(void);

extern struct tcb *tcb_table[TCB_MAX];

/* The live thread with this index, or NULL. */
static inline struct tcb *tcb_by_pid(uint32_t pid)
{
    return pid < TCB_MAX ? tcb_table[pid] : NULL;
}

/* The thread a reply token names (its call sequence is checked by the caller). */
static inline struct tcb *tcb_by_token(uint64_t token)
{
    return ERIX_TOKEN_VALID(token) ? tcb_by_pid(ERIX_TOKEN_INDEX(token)) : NULL;
}

/* Bind the thread to its CSpace, address space and IPC buffer (kernel pointer). */
void tcb_bind(struct tcb *t, struct cnode *cs, struct vspace *vs, struct erix_ipc_buffer *buf);

/* Set up user entry and make it runnable. */
void tcb_start(struct tcb *t, uint64_t entry, uint64_t sp, uint64_t a0, uint64_t a1,
               uint64_t a2);

/* Unblock a thread that waits inside a system call, with `status` as its result. */
void tcb_wake(struct tcb *t, erix_status_t status);

/* Stop t and report `kind` to its manager (or log it): exit, fault, managed stop. */
void tcb_raise_event(struct tcb *t, uint32_t kind, uint64_t code, uint64_t address,
                     uint64_t rip);

/* A queued event's endpoint died: log the event, the thread is dead. */
void tcb_event_undeliverable(struct tcb *t);

/* Callers waiting for a reply through ep get ERIX_ERR_PEER_GONE. */
void tcb_cancel_calls_through(struct endpoint *ep);

/* Stop t for good without any event (object destroyed). */
void tcb_finalize(struct tcb *t);

/* Kill every live thread that runs on this CSpace or address space. */
void tcb_kill_users_of(const void *space);

#endif
