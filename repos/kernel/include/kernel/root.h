/* root.h - launching the root task, and what happens when it is gone. */
#ifndef KERNEL_ROOT_H
#define KERNEL_ROOT_H

#include <kernel/bootinfo.h>
#include <kernel/object.h>

/* Build the root task from its boot module and return its (runnable) thread. */
struct tcb *root_launch(const struct boot_info *info);

/* The root task stopped without reporting: say so, and end scenario runs. */
void root_task_died(struct tcb *t);

bool root_is(const struct tcb *t);

#endif
