/*
 * sched.h - the scheduler: 256 priorities, round robin within one, an idle
 * thread, time slices from the timer, and deadlines of timed blocks.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <kernel/object.h>

#define SCHED_SLICE_TICKS 2u
#define SCHED_HZ 100u

extern struct tcb *current;

void sched_init(struct tcb *idle);
void sched_enqueue(struct tcb *t);        /* runnable, at the tail of its priority */
void sched_dequeue(struct tcb *t);        /* out of the run queue (if there) */
void sched_push_front(struct tcb *t);     /* runnable, at the head of its priority */
void sched_switch_to(struct tcb *next);   /* next must be runnable and not queued */
void schedule(void);                      /* run the best runnable thread */
void sched_preempt_check(void);           /* on the way out of the kernel */
void sched_request_resched(void);         /* make that check pick the best thread again */
void sched_yield(void);                   /* to the back of the current priority */
void sched_tick(void);
void sched_set_deadline(struct tcb *t, uint64_t deadline);
void sched_cancel_deadline(struct tcb *t);
uint64_t sched_ticks(void);
_Noreturn void sched_start(struct tcb *first);

#endif
