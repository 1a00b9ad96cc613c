/*
 * sched.c - the scheduler.
 *
 * 256 priorities (higher runs first), FIFO within a priority, a bitmap to find
 * the highest non-empty queue. The running thread is not in a queue. The timer
 * takes a slice away every SCHED_SLICE_TICKS ticks and rotates equal
 * priorities; a higher priority made runnable preempts on the way out of the
 * kernel. Timed blocks sit in a deadline-ordered list checked each tick.
 */
#include <kernel/arch.h>
#include <kernel/endpoint.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>

struct tcb *current;
static struct tcb *idle_thread;
static struct tcb *heads[256], *tails[256];
static uint64_t bitmap[4];
static struct tcb *sleepers;
static uint64_t ticks;
static bool need_resched;
static bool slice_expired;
static uint64_t dead_rsp;

void sched_init(struct tcb *idle)
{
    idle_thread = idle;
    idle->state = TCB_RUNNING;
}

static bool queued(const struct tcb *t)
{
    return t->prev != NULL || heads[t->priority] == t;
}

static void push_tail(struct tcb *t)
{
    unsigned p = t->priority;
    t->next = NULL;
    t->prev = tails[p];
    if (tails[p] != NULL)
        tails[p]->next = t;
    else
        heads[p] = t;
    tails[p] = t;
    bitmap[p / 64] |= 1ull << (p % 64);
}

void sched_enqueue(struct tcb *t)
{
    t->state = TCB_RUNNING;
    if (t == current || t == idle_thread || queued(t))
        return;
    push_tail(t);
    if (current == NULL || current == idle_thread || t->priority > current->priority)
        need_resched = true;
}

void sched_push_front(struct tcb *t)
{
    unsigned p = t->priority;
    t->state = TCB_RUNNING;
    t->prev = NULL;
    t->next = heads[p];
    if (heads[p] != NULL)
        heads[p]->prev = t;
    else
        tails[p] = t;
    heads[p] = t;
    bitmap[p / 64] |= 1ull << (p % 64);
}

void sched_dequeue(struct tcb *t)
{
    if (!queued(t))
        return;
    unsigned p = t->priority;
    if (t->prev != NULL)
        t->prev->next = t->next;
    else
        heads[p] = t->next;
    if (t->next != NULL)
        t->next->prev = t->prev;
    else
        tails[p] = t->prev;
    t->next = t->prev = NULL;
    if (heads[p] == NULL)
        bitmap[p / 64] &= ~(1ull << (p % 64));
}

static struct tcb *highest(void)
{
    for (int w = 3; w >= 0; w--)
        if (bitmap[w] != 0)
            return heads[w * 64 + 63 - __builtin_clzll(bitmap[w])];
    return NULL;
}

void sched_switch_to(struct tcb *next)
{
    struct tcb *prev = current;
    need_resched = false;
    if (next == prev)
        return;
    current = next;
    next->slice = SCHED_SLICE_TICKS;
    arch_switch_vspace(next->vspace != NULL ? next->vspace->root : arch_kernel_root());
    arch_set_kernel_stack(next->kstack_top);
    bool prev_gone = prev->state == TCB_DEAD || prev->hdr.dead;
    arch_context_switch(prev_gone ? &dead_rsp : &prev->kstack_rsp, next->kstack_rsp);
}

void schedule(void)
{
    struct tcb *cur = current;
    bool runnable = cur != idle_thread && cur->state == TCB_RUNNING && !cur->hdr.dead;
    bool rotate = slice_expired;
    struct tcb *best = highest();
    need_resched = false;
    slice_expired = false;
    if (runnable) {
        if (best == NULL || best->priority < cur->priority ||
            (best->priority == cur->priority && !rotate))
            return;
        if (rotate)
            push_tail(cur);        /* its slice is over, or it yielded */
        else
            sched_push_front(cur); /* preempted: first in line, as the fast path does */
    }
    best = highest();
    if (best == NULL) {
        sched_switch_to(idle_thread);
        return;
    }
    sched_dequeue(best);
    sched_switch_to(best);
}

void sched_resched(void)
{
    need_resched = true;
}

void sched_yield(void)
{
    slice_expired = true;
    schedule();
}

void sched_preempt_check(void)
{
    if (current == NULL)
        return;
    if (need_resched || current->state != TCB_RUNNING || current->hdr.dead)
        schedule();
}

void sched_set_deadline(struct tcb *t, uint64_t deadline)
{
    t->wake_at = deadline;
    struct tcb **p = &sleepers;
    while (*p != NULL && (*p)->wake_at <= deadline)
        p = &(*p)->sleep_next;
    t->sleep_next = *p;
    *p = t;
}

void sched_cancel_deadline(struct tcb *t)
{
    if (t->wake_at == 0)
        return;
    for (struct tcb **p = &sleepers; *p != NULL; p = &(*p)->sleep_next)
        if (*p == t) {
            *p = t->sleep_next;
            break;
        }
    t->wake_at = 0;
    t->sleep_next = NULL;
}

static void expire_deadlines(uint64_t now)
{
    while (sleepers != NULL && sleepers->wake_at <= now) {
        struct tcb *t = sleepers;
        sched_cancel_deadline(t);
        if (t->state == TCB_BLOCKED_IRQ) {
            irq_timeout(t);
            continue;
        }
        if (t->state == TCB_BLOCKED_SEND || t->state == TCB_BLOCKED_RECV)
            endpoint_dequeue(t);
        tcb_wake(t, ERIX_ERR_TIMEOUT);
    }
}

void sched_tick(void)
{
    ticks++;
    if (current == NULL)
        return; /* boot: no thread runs yet */
    expire_deadlines(arch_timestamp());
    if (current != idle_thread && current->slice > 0 && --current->slice == 0) {
        struct tcb *best = highest();
        if (best != NULL && best->priority >= current->priority)
            need_resched = slice_expired = true;
        current->slice = SCHED_SLICE_TICKS;
    }
}

uint64_t sched_ticks(void)
{
    return ticks;
}

_Noreturn void sched_start(struct tcb *first)
{
    static uint64_t boot_rsp;
    current = first;
    sched_dequeue(first);
    first->state = TCB_RUNNING;
    first->slice = SCHED_SLICE_TICKS;
    arch_switch_vspace(first->vspace != NULL ? first->vspace->root : arch_kernel_root());
    arch_set_kernel_stack(first->kstack_top);
    arch_context_switch(&boot_rsp, first->kstack_rsp);
    __builtin_unreachable();
}
