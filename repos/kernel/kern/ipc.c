/*
 * ipc.c - message passing between threads.
 *
 * Owns the transport system calls. A sender and a receiver meet on a generic
 * endpoint; whoever comes first waits in the endpoint's queue. A message is a
 * header, four register words and, past 32 bytes, words copied between IPC
 * buffers; an optional transfer table moves or copies capabilities, all or
 * nothing. A CALL leaves the caller waiting for the reply, which only the
 * thread that received the call can give (reply token = thread index and
 * call sequence). Kernel-control endpoints are answered by kctl.c instead.
 */
#include <string.h>

#include <kernel/cap.h>
#include <kernel/endpoint.h>
#include <kernel/ipc.h>
#include <kernel/kctl.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>

/* A message as it leaves its sender. */
struct msg {
    uint64_t header;
    uint64_t w[4];
    const uint64_t *ext;          /* body words 4.. (NULL when none) */
    struct tcb *from;             /* capability source (NULL: kernel event) */
    bool can_grant;
    uint64_t badge;
};

/* Where transferred capabilities will land. */
struct xfer_plan {
    uint32_t count;
    struct cte *src[ERIX_XFER_MAX_ENTRIES];
    struct cte *dst[ERIX_XFER_MAX_ENTRIES];
    uint8_t mask[ERIX_XFER_MAX_ENTRIES];
    uint8_t mode[ERIX_XFER_MAX_ENTRIES];
};

uint64_t ipc_deadline(uint64_t timeout_us)
{
    uint64_t hz = arch_timestamp_hz();
    return arch_timestamp() + (timeout_us / 1000000u) * hz + (timeout_us % 1000000u) * hz / 1000000u;
}

/* ---- building messages ------------------------------------------------- */

static void msg_from_frame(struct msg *m, struct tcb *t, const struct arch_syscall_frame *f)
{
    m->header = f->a1;
    m->w[0] = f->a2;
    m->w[1] = f->a3;
    m->w[2] = f->a4;
    m->w[3] = f->a5;
    m->ext = t->ipcbuf != NULL ? &t->ipcbuf->body[ERIX_IPC_REG_WORDS] : NULL;
    m->from = t;
}

static void msg_from_event(struct msg *m, struct tcb *t)
{
    m->header = ERIX_MSG_HEADER(t->event.kind, ERIX_MSG_FLAG_KERNEL_EVENT, sizeof t->event);
    memcpy(m->w, &t->event, sizeof t->event);
    m->ext = NULL;
    m->from = NULL;
    m->can_grant = false;
    m->badge = t->send_badge;
}

/* A sender's own message: header and length checked, extended words present. */
static erix_status_t msg_check(const struct msg *m)
{
    erix_status_t st = erix_msg_header_validate(m->header);
    if (st != ERIX_OK)
        return st;
    if (ERIX_MSG_LEN(m->header) > ERIX_IPC_REG_BODY && m->ext == NULL)
        return ERIX_ERR_MALFORMED;
    if ((ERIX_MSG_FLAGS(m->header) & ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1) && !m->can_grant)
        return ERIX_ERR_NO_RIGHTS;
    return ERIX_OK;
}

/* ---- capability transfer -------------------------------------------------- */

static bool has_table(const struct msg *m)
{
    return (ERIX_MSG_FLAGS(m->header) & ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1) != 0 && m->from != NULL;
}

/* Is dst among the first `found` destinations (the only ones set so far)? */
static bool planned(const struct xfer_plan *p, uint32_t found, const struct cte *dst)
{
    for (uint32_t i = 0; i < found; i++)
        if (p->dst[i] == dst)
            return true;
    return false;
}

static erix_status_t plan_sources(const struct msg *m, struct xfer_plan *p)
{
    struct erix_xfer_table table = m->from->ipcbuf->send_xfer;
    erix_status_t st = erix_xfer_table_validate(&table, ERIX_CSPACE_SLOTS);
    if (st != ERIX_OK)
        return st;
    p->count = table.prelude.count;
    for (uint32_t i = 0; i < p->count; i++) {
        const struct erix_xfer_entry *e = &table.entries[i];
        st = cap_lookup(m->from->cspace, e->slot, ERIX_CAP_NULL, 0, &p->src[i]);
        if (st == ERIX_OK && e->mode == ERIX_XFER_MODE_COPY)
            st = cap_copy_check(p->src[i], 0);
        if (st != ERIX_OK)
            return st;
        p->mask[i] = e->rights_mask;
        p->mode[i] = e->mode;
    }
    return ERIX_OK;
}

static erix_status_t plan_destinations(struct tcb *to, struct xfer_plan *p)
{
    if (to->ipcbuf == NULL)
        return ERIX_ERR_LIMIT;
    uint32_t base = to->ipcbuf->recv_window_base, count = to->ipcbuf->recv_window_count;
    if (base == 0 || base >= ERIX_CSPACE_SLOTS || count > ERIX_CSPACE_SLOTS - base)
        return ERIX_ERR_LIMIT;
    uint32_t found = 0;
    for (uint32_t s = base; s < base + count && found < p->count; s++) {
        struct cte *c = cnode_slot(to->cspace, s);
        if (c->type == ERIX_CAP_NULL && !planned(p, found, c))
            p->dst[found++] = c;
    }
    return found == p->count ? ERIX_OK : ERIX_ERR_LIMIT;
}

static erix_status_t plan_transfer(const struct msg *m, struct tcb *to, struct xfer_plan *p)
{
    p->count = 0;
    if (!has_table(m))
        return ERIX_OK;
    erix_status_t st = plan_sources(m, p);
    return st != ERIX_OK ? st : plan_destinations(to, p);
}

static void apply_transfer(const struct xfer_plan *p, struct tcb *to)
{
    struct erix_xfer_table *out = &to->ipcbuf->recv_xfer;
    memset(out, 0, sizeof *out);
    if (p->count == 0)
        return;
    out->prelude = (struct erix_xfer_prelude){ERIX_XFER_VERSION_1, (uint16_t)p->count, 0};
    for (uint32_t i = 0; i < p->count; i++) {
        if (p->mode[i] == ERIX_XFER_MODE_COPY) {
            cap_copy(p->src[i], p->dst[i], p->mask[i], 0);
        } else {
            cap_move(p->src[i], p->dst[i]);
            p->dst[i]->rights &= p->mask[i];
        }
        out->entries[i].slot = (uint32_t)(p->dst[i] - to->cspace->slots);
        out->entries[i].rights_mask = p->dst[i]->rights;
        out->entries[i].mode = p->dst[i]->type;
    }
}

/* ---- delivery ----------------------------------------------------------- */

/* Write m into `to`'s pending system call results (cannot fail). */
static void write_message(const struct msg *m, struct tcb *to, uint64_t token,
                          const struct xfer_plan *plan)
{
    struct arch_syscall_frame *f = to->frame;
    uint16_t len = ERIX_MSG_LEN(m->header);
    f->nr = ERIX_OK;
    f->a0 = token;
    f->a1 = plan->count > 0 ? m->header : m->header & ~((uint64_t)ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1 << 32);
    f->a2 = m->w[0];
    f->a3 = m->w[1];
    f->a4 = m->w[2];
    f->a5 = m->w[3];
    if (to->ipcbuf == NULL)
        return;
    if (len > ERIX_IPC_REG_BODY)
        memcpy(&to->ipcbuf->body[ERIX_IPC_REG_WORDS], m->ext, len - ERIX_IPC_REG_BODY);
    to->ipcbuf->recv_badge = m->badge;
    to->ipcbuf->recv_sender_pid = m->from != NULL ? m->from->pid : 0;
    apply_transfer(plan, to);
}

static uint64_t begin_call(struct tcb *caller, struct tcb *server, struct endpoint *ep)
{
    caller->state = TCB_BLOCKED_REPLY;
    caller->reply_server = server;
    caller->call_ep = ep;
    caller->call_seq++;
    return ERIX_TOKEN(caller->pid, caller->call_seq);
}

/* The sender's side after its message was taken by a receiver. */
static uint64_t retire_sender(struct tcb *s, struct tcb *receiver, struct endpoint *ep)
{
    switch (s->send_op) {
    case SEND_CALL:
        s->send_op = SEND_NONE;
        return begin_call(s, receiver, ep);
    case SEND_EVENT:
        s->send_op = SEND_NONE;
        s->state = s->event.kind == ERIX_EVENT_FAULT ? TCB_BLOCKED_FAULT : TCB_DEAD;
        return 0;
    default:
        tcb_wake(s, ERIX_OK);
        return 0;
    }
}

/* ---- the system calls --------------------------------------------------- */

static erix_status_t lookup_endpoint(const struct arch_syscall_frame *f, uint8_t right,
                                     struct cte **cap)
{
    erix_status_t st = erix_ipc_arg_validate(f->a0, ERIX_CSPACE_SLOTS);
    if (st != ERIX_OK)
        return st;
    return cap_lookup(current->cspace, (uint32_t)(f->a0 & ERIX_IPC_SLOT_MASK), ERIX_CAP_ENDPOINT,
                      right, cap);
}

/* Block current on ep (as sender or receiver) honouring poll and timeout. */
static void block_on(struct endpoint *ep, uint64_t arg, bool as_sender)
{
    struct tcb *t = current;
    if (arg & ERIX_IPC_POLL) {
        t->frame->nr = ERIX_ERR_WOULD_BLOCK;
        t->send_op = SEND_NONE;
        return;
    }
    if (as_sender) {
        t->state = TCB_BLOCKED_SEND;
        endpoint_enqueue_sender(ep, t);
    } else {
        t->state = TCB_BLOCKED_RECV;
        endpoint_enqueue_receiver(ep, t);
    }
    if (arg & ERIX_IPC_TIMED)
        sched_set_deadline(t, ipc_deadline(arg >> 32));
}

static void send(struct arch_syscall_frame *f, uint8_t op)
{
    struct cte *cap;
    erix_status_t st = lookup_endpoint(f, ERIX_RIGHT_SEND, &cap);
    if (st != ERIX_OK) {
        f->nr = st;
        return;
    }
    struct endpoint *ep = (struct endpoint *)cap->obj;
    if (ep->kind != ERIX_EP_GENERIC) {
        if (op == SEND_CALL)
            kctl_invoke(current, cap, f);
        else
            f->nr = ERIX_ERR_DENIED;
        return;
    }
    struct msg m;
    msg_from_frame(&m, current, f);
    m.can_grant = (cap->rights & ERIX_RIGHT_GRANT) != 0;
    m.badge = cap->badge;
    if ((st = msg_check(&m)) != ERIX_OK) {
        f->nr = st;
        return;
    }
    struct tcb *r = ep->recv_head;
    if (r == NULL) {
        current->send_op = op;
        current->send_badge = m.badge;
        block_on(ep, f->a0, true);
        return;
    }
    struct xfer_plan plan;
    if ((st = plan_transfer(&m, r, &plan)) != ERIX_OK) {
        f->nr = st;
        return;
    }
    endpoint_dequeue(r);
    sched_cancel_deadline(r);
    uint64_t token = 0;
    if (op == SEND_CALL)
        token = begin_call(current, r, ep);
    else
        f->nr = ERIX_OK;
    write_message(&m, r, token, &plan);
    r->state = TCB_RUNNING;
    if (op == SEND_CALL && r->priority >= current->priority) {
        sched_switch_to(r);
        return;
    }
    sched_enqueue(r);
}

void sys_call(struct arch_syscall_frame *f)
{
    send(f, SEND_CALL);
}

void sys_notify(struct arch_syscall_frame *f)
{
    send(f, SEND_NOTIFY);
}

/* Take the first deliverable message queued on ep into current's frame. */
static bool take_queued(struct endpoint *ep)
{
    while (ep->send_head != NULL) {
        struct tcb *s = ep->send_head;
        struct msg m;
        if (s->send_op == SEND_EVENT) {
            msg_from_event(&m, s);
        } else {
            msg_from_frame(&m, s, s->frame);
            m.can_grant = true; /* checked when it was sent */
            m.badge = s->send_badge;
        }
        struct xfer_plan plan;
        erix_status_t st = plan_transfer(&m, current, &plan);
        endpoint_dequeue(s);
        sched_cancel_deadline(s);
        if (st != ERIX_OK) {
            tcb_wake(s, st); /* refused as a whole; nothing moved */
            continue;
        }
        uint64_t token = retire_sender(s, current, ep);
        write_message(&m, current, token, &plan);
        return true;
    }
    return false;
}

static void receive(struct arch_syscall_frame *f)
{
    struct cte *cap;
    erix_status_t st = lookup_endpoint(f, ERIX_RIGHT_RECV, &cap);
    if (st != ERIX_OK) {
        f->nr = st;
        return;
    }
    struct endpoint *ep = (struct endpoint *)cap->obj;
    if (ep->kind != ERIX_EP_GENERIC) {
        f->nr = ERIX_ERR_DENIED;
        return;
    }
    if (!take_queued(ep))
        block_on(ep, f->a0, false);
}

void sys_recv(struct arch_syscall_frame *f)
{
    receive(f);
}

/* Answer the call named by current's reply token; f->nr gets the outcome. */
static erix_status_t reply(struct arch_syscall_frame *f, struct tcb **caller_out)
{
    struct cte *cap;
    erix_status_t st = cap_lookup(current->cspace, (uint32_t)(f->a0 & ERIX_IPC_SLOT_MASK),
                                  ERIX_CAP_ENDPOINT, ERIX_RIGHT_RECV, &cap);
    if (st != ERIX_OK)
        return st;
    uint64_t token = current->ipcbuf != NULL ? current->ipcbuf->reply_token : 0;
    struct tcb *c = tcb_by_token(token);
    if (c == NULL || c->state != TCB_BLOCKED_REPLY || c->reply_server != current ||
        c->call_seq != ERIX_TOKEN_SEQ(token) || c->call_ep != (struct endpoint *)cap->obj)
        return ERIX_ERR_NOT_FOUND;
    struct msg m;
    msg_from_frame(&m, current, f);
    m.can_grant = (cap->rights & ERIX_RIGHT_GRANT) != 0;
    m.badge = 0;
    struct xfer_plan plan;
    if ((st = msg_check(&m)) != ERIX_OK || (st = plan_transfer(&m, c, &plan)) != ERIX_OK)
        return st;
    current->ipcbuf->reply_token = 0;
    write_message(&m, c, 0, &plan);
    c->reply_server = NULL;
    c->call_ep = NULL;
    c->state = TCB_RUNNING;
    *caller_out = c;
    return ERIX_OK;
}

void sys_reply(struct arch_syscall_frame *f)
{
    struct tcb *c = NULL;
    erix_status_t st = ERIX_OK;
    if ((f->a0 & ~ERIX_IPC_SLOT_MASK) != 0)
        st = ERIX_ERR_INVALID_ARGUMENT;
    if (st == ERIX_OK)
        st = reply(f, &c);
    f->nr = st;
    if (c != NULL)
        sched_enqueue(c);
}

void sys_reply_recv(struct arch_syscall_frame *f)
{
    struct tcb *c = NULL;
    erix_status_t st = erix_ipc_arg_validate(f->a0, ERIX_CSPACE_SLOTS);
    if (st != ERIX_OK) {
        f->nr = st;
        return;
    }
    if (current->ipcbuf != NULL && current->ipcbuf->reply_token != 0)
        (void)reply(f, &c); /* a stale token is dropped, as a receive follows */
    receive(f);
    if (c == NULL)
        return;
    if (current->state == TCB_BLOCKED_RECV && c->priority >= current->priority)
        sched_switch_to(c);
    else
        sched_enqueue(c);
}

void ipc_send_event(struct endpoint *ep, struct tcb *t)
{
    struct tcb *r = ep->recv_head;
    t->send_op = SEND_EVENT;
    if (r == NULL) {
        t->state = TCB_BLOCKED_EVENT;
        endpoint_enqueue_sender(ep, t);
        return;
    }
    struct msg m;
    msg_from_event(&m, t);
    struct xfer_plan plan = {0};
    endpoint_dequeue(r);
    sched_cancel_deadline(r);
    (void)retire_sender(t, r, ep);
    write_message(&m, r, 0, &plan);
    sched_enqueue(r);
}
