/*
 * install_grant.c - install-grant objects. A grant names one staged child, a
 * window of its slots and the most rights it may install; the child's
 * live-grant count keeps START_PROCESS refused until every grant is gone.
 */
#include <erix/kctl.h>

#include <kernel/grant.h>
#include <kernel/tcb.h>

void grant_init(struct install_grant *g, struct tcb *child, uint32_t base, uint32_t count,
                uint32_t rights_mask)
{
    g->hdr.type = ERIX_CAP_INSTALL_GRANT;
    g->child = child;
    g->child_gen = child->gen;
    g->window_base = base;
    g->window_count = count;
    g->rights_mask = rights_mask;
    child->live_grants++;
}

struct tcb *grant_target(const struct install_grant *g)
{
    struct tcb *c = g->child;
    if (c == NULL || tcb_by_pid(c->pid) != c || c->gen != g->child_gen || c->hdr.dead)
        return NULL;
    return c->proc_state == ERIX_PROC_STAGED ? c : NULL;
}

void grant_revoke(struct install_grant *g)
{
    struct tcb *c = g->child;
    if (c != NULL && tcb_by_pid(c->pid) == c && c->gen == g->child_gen && c->live_grants > 0)
        c->live_grants--;
    g->child = NULL;
}
