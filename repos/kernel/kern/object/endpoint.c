/*
 * endpoint.c - endpoint objects and their wait queues.
 *
 * A generic endpoint is where a sender and a receiver meet; whichever comes
 * first waits in a FIFO queue. Kernel-control endpoints (kind != GENERIC) have
 * no queues: the kernel answers their calls at once (kctl.c).
 */
#include <kernel/endpoint.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>

void endpoint_init(struct endpoint *ep, uint32_t kind)
{
    ep->hdr.type = ERIX_CAP_ENDPOINT;
    ep->kind = kind;
}

static void append(struct tcb **head, struct tcb **tail, struct tcb *t)
{
    t->next = NULL;
    t->prev = *tail;
    if (*tail != NULL)
        (*tail)->next = t;
    else
        *head = t;
    *tail = t;
}

static void unlink(struct tcb **head, struct tcb **tail, struct tcb *t)
{
    if (t->prev != NULL)
        t->prev->next = t->next;
    else
        *head = t->next;
    if (t->next != NULL)
        t->next->prev = t->prev;
    else
        *tail = t->prev;
    t->next = t->prev = NULL;
}

void endpoint_enqueue_sender(struct endpoint *ep, struct tcb *t)
{
    t->wait_ep = ep;
    append(&ep->send_head, &ep->send_tail, t);
}

void endpoint_enqueue_receiver(struct endpoint *ep, struct tcb *t)
{
    t->wait_ep = ep;
    append(&ep->recv_head, &ep->recv_tail, t);
}

void endpoint_dequeue(struct tcb *t)
{
    struct endpoint *ep = t->wait_ep;
    if (ep == NULL)
        return;
    if (t->state == TCB_BLOCKED_RECV)
        unlink(&ep->recv_head, &ep->recv_tail, t);
    else
        unlink(&ep->send_head, &ep->send_tail, t);
    t->wait_ep = NULL;
}

void endpoint_finalize(struct endpoint *ep)
{
    while (ep->send_head != NULL) {
        struct tcb *t = ep->send_head;
        endpoint_dequeue(t);
        if (t->send_op == SEND_EVENT)
            tcb_event_undeliverable(t);
        else
            tcb_wake(t, ERIX_ERR_PEER_GONE);
    }
    while (ep->recv_head != NULL) {
        struct tcb *t = ep->recv_head;
        endpoint_dequeue(t);
        tcb_wake(t, ERIX_ERR_PEER_GONE);
    }
    tcb_cancel_calls_through(ep);
    ep->hdr.dead = 1;
}
