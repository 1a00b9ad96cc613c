/* irq.h - interrupts delivered to user space through the IRQ family. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <kernel/object.h>

void irq_init(void);
void irq_cancel_wait(struct tcb *t);
/* A waiter's deadline passed: answer its IRQ_WAIT with ERIX_ERR_TIMEOUT. */
void irq_timeout(struct tcb *t);
/* A device interrupt arrived (ISA numbering). */
void irq_raise(unsigned irq);
erix_status_t irq_control(unsigned irq, uint32_t action);
/* Block current until irq fires (or the deadline passes); returns OK if pending. */
erix_status_t irq_wait(struct tcb *t, unsigned irq, uint64_t timeout_us);

#endif
