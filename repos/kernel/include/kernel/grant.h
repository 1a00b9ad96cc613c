/*
 * grant.h - install grants: the authority to install capabilities into a
 * window of a staged child's CSpace. While one lives, the child cannot start.
 */
#ifndef KERNEL_GRANT_H
#define KERNEL_GRANT_H

#include <kernel/object.h>

void grant_init(struct install_grant *g, struct tcb *child, uint32_t base, uint32_t count,
                uint32_t rights_mask);
/* The child the grant still targets (alive, same generation, staged), or NULL. */
struct tcb *grant_target(const struct install_grant *g);
/* End the grant's hold on its child (idempotent). */
void grant_revoke(struct install_grant *g);

#endif
