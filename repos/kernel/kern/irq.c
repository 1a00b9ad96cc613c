/*
 * irq.c - device interrupts for user space (IRQ family). An enabled ISA
 * interrupt is masked when it fires and stays pending until one waiter takes
 * it; the waiter acknowledges (unmasks) when its device is serviced.
 */
#include <erix/kctl.h>

#include <kernel/arch.h>
#include <kernel/ipc.h>
#include <kernel/irq.h>
#include <kernel/kctl.h>
#include <kernel/sched.h>

#define ISA_IRQS 16u

static struct tcb *waiter[ISA_IRQS];
static bool pending[ISA_IRQS];
static bool enabled[ISA_IRQS];

static bool usable(unsigned irq)
{
    return irq > 0 && irq < ISA_IRQS && irq != 2; /* 0: timer, 2: cascade */
}

erix_status_t irq_control(unsigned irq, uint32_t action)
{
    if (!usable(irq) || action < ERIX_IRQ_ENABLE || action > ERIX_IRQ_ACK)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (action == ERIX_IRQ_DISABLE) {
        enabled[irq] = false;
        arch_irq_mask(irq);
        return ERIX_OK;
    }
    if (action == ERIX_IRQ_ACK && !enabled[irq])
        return ERIX_ERR_STATE;
    enabled[irq] = true;
    arch_irq_unmask(irq);
    return ERIX_OK;
}

erix_status_t irq_wait(struct tcb *t, unsigned irq, uint64_t timeout_us)
{
    if (!usable(irq))
        return ERIX_ERR_INVALID_ARGUMENT;
    if (!enabled[irq])
        return ERIX_ERR_STATE;
    if (waiter[irq] != NULL)
        return ERIX_ERR_STATE;
    if (pending[irq]) {
        pending[irq] = false;
        return ERIX_OK;
    }
    waiter[irq] = t;
    t->irq = irq;
    t->state = TCB_BLOCKED_IRQ;
    if (timeout_us != 0)
        sched_set_deadline(t, ipc_deadline(timeout_us));
    return ERIX_ERR_WOULD_BLOCK;
}

void irq_raise(unsigned irq)
{
    if (irq >= ISA_IRQS)
        return;
    arch_irq_mask(irq);
    struct tcb *w = waiter[irq];
    if (w == NULL) {
        pending[irq] = true;
        return;
    }
    waiter[irq] = NULL;
    sched_cancel_deadline(w);
    kctl_complete_parked(w, ERIX_OK);
    sched_enqueue(w);
}

void irq_cancel_wait(struct tcb *t)
{
    if (t->state == TCB_BLOCKED_IRQ && t->irq < ISA_IRQS && waiter[t->irq] == t)
        waiter[t->irq] = NULL;
}

void irq_timeout(struct tcb *t)
{
    irq_cancel_wait(t);
    kctl_complete_parked(t, ERIX_ERR_TIMEOUT);
    sched_enqueue(t);
}
