/*
 * reconcile.c - the activation decisions (reconcile.h).
 */
#include "reconcile.h"

int reconcile_next(struct deviced_registry *r)
{
    for (uint32_t b = 0; b < r->binding_count; b++) {
        struct deviced_binding *x = &r->bindings[b];
        if (!x->activation_due)
            continue;
        if (registry_activatable(r, b))
            return (int)b;
        x->activation_due = false; /* stale: nothing to start any more */
    }
    return -1;
}

bool reconcile_pending(const struct deviced_registry *r)
{
    for (uint32_t b = 0; b < r->binding_count; b++)
        if (r->bindings[b].activation_due && registry_activatable(r, b))
            return true;
    return false;
}

bool reconcile_on_read(const struct deviced_registry *r, uint32_t b)
{
    return b < r->binding_count && registry_activatable(r, b);
}
