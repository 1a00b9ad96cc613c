/*
 * tcb.c - thread objects: the thread table, binding, starting, waking,
 * stopping and the events (exit, fault, managed stop) a stopped thread sends
 * to its manager's endpoint.
 */
#include <string.h>

#include <erix/kctl.h>

#include <kernel/cap.h>
#include <kernel/console.h>
#include <kernel/endpoint.h>
#include <kernel/ipc.h>
#include <kernel/irq.h>
#include <kernel/root.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>

struct tcb *tcb_table[TCB_MAX];
#define table tcb_table
static uint32_t gens[TCB_MAX];
static uint32_t cursor = 1;

erix_status_t tcb_init(struct tcb *t, struct untyped *origin, uint8_t priority)
{
    for (uint32_t n = 0; n < TCB_MAX - 1; n++) {
        uint32_t i = 1 + (cursor + n) % (TCB_MAX - 1);
        if (table[i] != NULL)
            continue;
        cursor = i;
        table[i] = t;
        t->hdr.type = ERIX_CAP_TCB;
        t->hdr.origin = origin;
        t->hdr.id = i;
        t->pid = i;
        t->gen = ++gens[i];
        t->priority = priority;
        t->proc_state = ERIX_PROC_STAGED;
        t->kstack_top = (uint64_t)(uintptr_t)t + OBJ_TCB_SIZE;
        return ERIX_OK;
    }
    return ERIX_ERR_LIMIT;
}

bool tcb_table_has_room(void)
{
    for (uint32_t i = 1; i < TCB_MAX; i++)
        if (table[i] == NULL)
            return true;
    return false;
}


void tcb_bind(struct tcb *t, struct cnode *cs, struct vspace *vs, struct erix_ipc_buffer *buf)
{
    t->cspace = cs;
    t->vspace = vs;
    t->ipcbuf = buf;
}

void tcb_start(struct tcb *t, uint64_t entry, uint64_t sp, uint64_t a0, uint64_t a1, uint64_t a2)
{
    t->kstack_rsp = arch_thread_prepare(t->kstack_top, entry, sp, a0, a1, a2);
    t->proc_state = ERIX_PROC_RUNNING;
    sched_enqueue(t);
}

void tcb_wake(struct tcb *t, erix_status_t status)
{
    if (t->state == TCB_DEAD)
        return;
    sched_cancel_deadline(t);
    if (t->frame != NULL)
        t->frame->nr = (uint64_t)status;
    t->reply_server = NULL;
    t->call_ep = NULL;
    t->send_op = SEND_NONE;
    sched_enqueue(t);
}

/* Take t out of every queue and wait state; callers waiting on it give up. */
static void detach(struct tcb *t)
{
    sched_cancel_deadline(t);
    if (t->state == TCB_BLOCKED_SEND || t->state == TCB_BLOCKED_RECV ||
        t->state == TCB_BLOCKED_EVENT)
        endpoint_dequeue(t);
    sched_dequeue(t);
    irq_cancel_wait(t);
    for (uint32_t i = 1; i < TCB_MAX; i++) {
        struct tcb *c = table[i];
        if (c != NULL && c != t && c->state == TCB_BLOCKED_REPLY && c->reply_server == t)
            tcb_wake(c, ERIX_ERR_PEER_GONE);
    }
    t->reply_server = NULL;
    t->call_ep = NULL;
}

static const char *event_name(uint32_t kind)
{
    switch (kind) {
    case ERIX_EVENT_EXIT: return "exit";
    case ERIX_EVENT_FAULT: return "fault";
    default: return "stop";
    }
}

static void log_event(const struct tcb *t, const char *action)
{
    kprintf("ERIX_KERNEL:PROCESS_EVENT pid=%u event=%s code=0x%llx addr=0x%llx rip=0x%llx "
            "action=%s\n",
            t->pid, event_name(t->event.kind), (unsigned long long)t->event.code,
            (unsigned long long)t->event.address, (unsigned long long)t->event.rip, action);
}

static uint8_t proc_state_of(uint32_t kind)
{
    switch (kind) {
    case ERIX_EVENT_EXIT: return ERIX_PROC_EXITED;
    case ERIX_EVENT_FAULT: return ERIX_PROC_FAULTED;
    default: return ERIX_PROC_KILLED;
    }
}

static struct endpoint *manager_endpoint(struct tcb *t, uint32_t kind, uint64_t code)
{
    struct cte *c = &t->fault_cap;
    if (kind == ERIX_EVENT_FAULT && code == 14 && t->pager_cap.type == ERIX_CAP_ENDPOINT)
        c = &t->pager_cap;
    if (c->type != ERIX_CAP_ENDPOINT)
        return NULL; /* never registered, or revoked since */
    struct endpoint *ep = (struct endpoint *)c->obj;
    t->send_badge = c->badge; /* the event is sent with this capability's badge */
    return ep->kind == ERIX_EP_GENERIC && !ep->hdr.dead ? ep : NULL;
}

void tcb_raise_event(struct tcb *t, uint32_t kind, uint64_t code, uint64_t address, uint64_t rip)
{
    if (t->state == TCB_DEAD)
        return;
    detach(t);
    t->event = (struct erix_event){t->pid, kind, code, address, rip};
    t->proc_state = proc_state_of(kind);
    struct endpoint *ep = manager_endpoint(t, kind, code);
    if (ep == NULL) {
        log_event(t, "logged");
        if (kind == ERIX_EVENT_FAULT)
            t->proc_state = ERIX_PROC_KILLED;
        t->state = TCB_DEAD;
        root_task_died(t);
        return;
    }
    ipc_send_event(ep, t);
}

void tcb_event_undeliverable(struct tcb *t)
{
    log_event(t, "manager-gone");
    t->wait_ep = NULL;
    t->state = TCB_DEAD;
    t->proc_state = t->event.kind == ERIX_EVENT_EXIT ? ERIX_PROC_EXITED : ERIX_PROC_KILLED;
}

void tcb_cancel_calls_through(struct endpoint *ep)
{
    for (uint32_t i = 1; i < TCB_MAX; i++) {
        struct tcb *c = table[i];
        if (c != NULL && c->state == TCB_BLOCKED_REPLY && c->call_ep == ep)
            tcb_wake(c, ERIX_ERR_PEER_GONE);
    }
}

void tcb_finalize(struct tcb *t)
{
    if (t->state != TCB_DEAD)
        detach(t);
    cap_delete(&t->fault_cap);
    cap_delete(&t->pager_cap);
    t->state = TCB_DEAD;
    if (t->proc_state != ERIX_PROC_EXITED)
        t->proc_state = ERIX_PROC_KILLED;
    if (table[t->pid] == t)
        table[t->pid] = NULL;
    t->cspace = NULL;
    t->vspace = NULL;
    t->ipcbuf = NULL;
    t->hdr.dead = 1;
}

void tcb_kill_users_of(const void *space)
{
    for (uint32_t i = 1; i < TCB_MAX; i++) {
        struct tcb *t = table[i];
        if (t != NULL && t->state != TCB_DEAD &&
            ((const void *)t->cspace == space || (const void *)t->vspace == space)) {
            detach(t);
            t->state = TCB_DEAD;
            t->proc_state = ERIX_PROC_KILLED;
            t->cspace = NULL;
            t->vspace = NULL;
            t->ipcbuf = NULL;
        }
    }
}
