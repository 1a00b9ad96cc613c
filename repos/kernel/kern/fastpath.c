/*
 * fastpath.c - the common IPC cases, short and straight: a CALL or NOTIFY that
 * finds its receiver waiting, and a REPLY_RECV that answers a waiting caller
 * and finds no queued sender. Messages without flags (so without transfers),
 * timeouts or polling qualify; anything else returns 0 and takes the general
 * path in ipc.c, which gives the same results. The thread that blocks here is parked
 * with a resume record (it will come back through its frame), and the thread
 * that runs next is entered straight from its frame.
 */
#include <kernel/arch_fast.h>
#include <kernel/fastpath.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>

static inline struct cte *fast_slot(struct tcb *t, uint64_t arg)
{
    if (arg >= ERIX_CSPACE_SLOTS) /* flags, timeouts and bad slots all land here */
        return NULL;
    return &t->cspace->slots[arg];
}

static inline bool plain_header(uint64_t header)
{
    return ERIX_MSG_FLAGS(header) == 0 && ERIX_MSG_LEN(header) <= ERIX_IPC_MAX_BODY;
}

static inline void deliver(struct arch_syscall_frame *to, const struct arch_syscall_frame *f,
                           uint64_t token)
{
    to->nr = ERIX_OK;
    to->a0 = token;
    to->a1 = f->a1;
    to->a2 = f->a2;
    to->a3 = f->a3;
    to->a4 = f->a4;
    to->a5 = f->a5;
}

/* Body words past the four in registers go buffer to buffer. */
static inline void copy_extra(struct erix_ipc_buffer *to, const struct erix_ipc_buffer *from,
                              uint64_t header)
{
    uint32_t len = ERIX_MSG_LEN(header);
    if (__builtin_expect(len <= ERIX_IPC_REG_BODY, 1))
        return;
    for (uint32_t i = ERIX_IPC_REG_WORDS; i < len / 8u; i++)
        to->body[i] = from->body[i];
    /* a partial last word: its bytes only, as ipc.c copies (nothing past len) */
    for (uint32_t b = len & ~7u; b < len; b++)
        ((uint8_t *)to->body)[b] = ((const uint8_t *)from->body)[b];
}

/* A waiting receiver on the endpoint in slot f->a0 that a send may go to, or NULL. */
static inline struct tcb *waiting_receiver(struct tcb *cur, struct arch_syscall_frame *f,
                                           struct cte **cap)
{
    struct cte *c = fast_slot(cur, f->a0);
    if (c == NULL || c->type != ERIX_CAP_ENDPOINT || (c->rights & ERIX_RIGHT_SEND) == 0 ||
        !plain_header(f->a1))
        return NULL;
    struct endpoint *ep = (struct endpoint *)c->obj;
    struct tcb *r = ep->recv_head;
    if (ep->kind != ERIX_EP_GENERIC || r == NULL || r->wake_at != 0)
        return NULL;
    *cap = c;
    return r;
}

static inline void take_receiver(struct endpoint *ep, struct tcb *r)
{
    ep->recv_head = r->next;
    if (r->next == NULL)
        ep->recv_tail = NULL;
    else
        r->next->prev = NULL;
    r->next = NULL;
    r->wait_ep = NULL;
}

static inline void fill_receiver(struct tcb *r, struct tcb *from, struct arch_syscall_frame *f,
                                 uint64_t badge, uint64_t token)
{
    deliver(r->frame, f, token);
    copy_extra(r->ipcbuf, from->ipcbuf, f->a1);
    r->ipcbuf->recv_badge = badge;
    r->ipcbuf->recv_sender_pid = from->pid;
    r->ipcbuf->recv_xfer.prelude.count = 0; /* no capabilities arrived */
}

static inline void park(struct tcb *t, struct arch_syscall_frame *f)
{
    t->frame = f;
    t->kstack_rsp = arch_fast_park(t->kstack_top);
}

static inline struct arch_syscall_frame *enter(struct tcb *from, struct tcb *to)
{
    current = to;
    to->state = TCB_RUNNING;
    arch_fast_enter(from->vspace->root, to->vspace->root, to->kstack_top);
    return to->frame;
}


struct arch_syscall_frame *fastpath_call(struct arch_syscall_frame *f)
{
    struct tcb *cur = current;
    struct cte *c;
    struct tcb *r = waiting_receiver(cur, f, &c);
    if (r == NULL || r->priority < cur->priority)
        return NULL;
    struct endpoint *ep = (struct endpoint *)c->obj;
    take_receiver(ep, r);
    cur->state = TCB_BLOCKED_REPLY;
    cur->reply_server = r;
    cur->call_ep = ep;
    uint32_t seq = ++cur->call_seq;
    park(cur, f);
    fill_receiver(r, cur, f, c->badge, ERIX_TOKEN(cur->pid, seq));
    return enter(cur, r);
}

struct arch_syscall_frame *fastpath_notify(struct arch_syscall_frame *f)
{
    struct tcb *cur = current;
    struct cte *c;
    struct tcb *r = waiting_receiver(cur, f, &c);
    if (r == NULL)
        return NULL;
    take_receiver((struct endpoint *)c->obj, r);
    fill_receiver(r, cur, f, c->badge, 0);
    f->nr = ERIX_OK;
    if (r->priority <= cur->priority) {
        sched_enqueue(r); /* the sender keeps the processor */
        return f;
    }
    park(cur, f);
    sched_push_front(cur); /* preempted: first in line at its priority */
    return enter(cur, r);
}

struct arch_syscall_frame *fastpath_reply_recv(struct arch_syscall_frame *f)
{
    struct tcb *cur = current;
    struct cte *c = fast_slot(cur, f->a0);
    if (c == NULL || c->type != ERIX_CAP_ENDPOINT || (c->rights & ERIX_RIGHT_RECV) == 0 ||
        !plain_header(f->a1))
        return NULL;
    struct endpoint *ep = (struct endpoint *)c->obj;
    uint64_t token = cur->ipcbuf->reply_token;
    struct tcb *caller = tcb_by_token(token);
    if (ep->send_head != NULL || caller == NULL || caller->state != TCB_BLOCKED_REPLY ||
        caller->reply_server != cur || caller->call_ep != ep ||
        caller->call_seq != ERIX_TOKEN_SEQ(token) || caller->priority < cur->priority)
        return NULL;
    cur->ipcbuf->reply_token = 0;
    caller->reply_server = NULL;
    caller->call_ep = NULL;
    deliver(caller->frame, f, 0);
    copy_extra(caller->ipcbuf, cur->ipcbuf, f->a1);
    caller->ipcbuf->recv_badge = 0; /* what ipc.c's reply writes, too */
    caller->ipcbuf->recv_sender_pid = cur->pid;
    caller->ipcbuf->recv_xfer.prelude.count = 0;
    cur->state = TCB_BLOCKED_RECV;
    cur->wait_ep = ep;
    cur->next = NULL;
    cur->prev = ep->recv_tail;
    if (ep->recv_tail != NULL)
        ep->recv_tail->next = cur;
    else
        ep->recv_head = cur;
    ep->recv_tail = cur;
    park(cur, f);
    return enter(cur, caller);
}
