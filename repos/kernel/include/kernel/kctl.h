/*
 * kctl.h - kernel-control operations: a CALL on a kernel-family endpoint.
 *
 * kctl_invoke checks the family table, copies the request into the kernel,
 * runs the op's handler and writes the response as the CALL's reply. Each
 * handler decodes (checks everything, changes nothing) and then invokes (acts
 * in a part that cannot fail).
 */
#ifndef KERNEL_KCTL_H
#define KERNEL_KCTL_H

#include <erix/kctl.h>

#include <kernel/object.h>

struct kctl_call {
    struct tcb *caller;
    uint32_t kind;           /* the family of the endpoint called */
    uint32_t op;
    const uint8_t *req;
    uint32_t req_len;
    uint8_t *resp;
    uint32_t resp_len;       /* set by the handler */
    bool blocked;            /* the handler parked the caller; it answers later */
};

typedef erix_status_t (*kctl_handler)(struct kctl_call *c);

void kctl_invoke(struct tcb *caller, struct cte *cap, struct arch_syscall_frame *f);

/* Answer a parked kernel call later (IRQ_WAIT). */
void kctl_complete_parked(struct tcb *t, erix_status_t status);

/* Handlers, grouped by what they act on. */
kctl_handler kctl_cap_handler(uint32_t op);
kctl_handler kctl_memory_handler(uint32_t op);
kctl_handler kctl_process_handler(uint32_t op);
kctl_handler kctl_platform_handler(uint32_t op);

/* Request decoding helpers. */
#define KCTL_REQ(c, type) ((const type *)(const void *)(c)->req)
erix_status_t kctl_expect_len(const struct kctl_call *c, uint32_t len);
void kctl_respond(struct kctl_call *c, const void *data, uint32_t len);

#endif
