/*
 * endpoint.h - endpoint objects: the send and receive queues of threads waiting
 * to meet, and the kind that makes an endpoint a kernel-control family.
 */
#ifndef KERNEL_ENDPOINT_H
#define KERNEL_ENDPOINT_H

#include <kernel/object.h>

void endpoint_init(struct endpoint *ep, uint32_t kind);

void endpoint_enqueue_sender(struct endpoint *ep, struct tcb *t);
void endpoint_enqueue_receiver(struct endpoint *ep, struct tcb *t);
/* Remove t from whichever queue of its wait_ep it is on. */
void endpoint_dequeue(struct tcb *t);

/* Wake everything waiting on ep with ERIX_ERR_PEER_GONE. */
void endpoint_finalize(struct endpoint *ep);

#endif
