/*
 * order.c - over a parsed view: a launch order (every service after its
 * dependencies; among the ready, the lowest index first, so independent
 * services keep their table order) and role lookup. The view is aligned and
 * validated, so fields are read in place.
 */
#include "internal.h"

_Static_assert(ERIX_BOOTCFG_MAX_SERVICES <= 32u, "placed services fit one 32-bit mask");

/* A dependency outside the table (only in a view parse did not make) never
 * becomes ready, so it ends as ERIX_ERR_MALFORMED rather than a bad shift. */
static int ready(const struct erix_bootcfg_view *v, uint32_t n, uint32_t i, uint32_t placed)
{
    const struct erix_bootcfg_service *s = &v->services[i];

    for (uint32_t d = s->dep_first; d < (uint32_t)s->dep_first + s->dep_count; d++) {
        uint32_t dep = v->deps[d].service;
        if (dep >= n || (placed & (1u << dep)) == 0)
            return 0;
    }
    return 1;
}

/* The lowest unplaced service whose dependencies are all placed, or n. */
static uint32_t next_ready(const struct erix_bootcfg_view *v, uint32_t n, uint32_t placed)
{
    for (uint32_t i = 0; i < n; i++)
        if ((placed & (1u << i)) == 0 && ready(v, n, i, placed))
            return i;
    return n;
}

erix_status_t erix_bootcfg_order(const struct erix_bootcfg_view *view, uint16_t *order)
{
    uint16_t out[ERIX_BOOTCFG_MAX_SERVICES];
    uint32_t placed = 0;

    if (view == NULL || view->header == NULL || order == NULL ||
        view->header->service_count > ERIX_BOOTCFG_MAX_SERVICES)
        return ERIX_ERR_INVALID_ARGUMENT;
    uint32_t n = view->header->service_count;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = next_ready(view, n, placed);
        if (i == n)
            return ERIX_ERR_MALFORMED; /* the rest wait on each other: a cycle */
        out[k] = (uint16_t)i;
        placed |= 1u << i;
    }
    for (uint32_t k = 0; k < n; k++)
        order[k] = out[k];
    return ERIX_OK;
}

int erix_bootcfg_find_role(const struct erix_bootcfg_view *view, const char *role)
{
    if (view == NULL || view->header == NULL || role == NULL)
        return -1;
    for (uint32_t i = 0; i < view->header->service_count; i++) {
        const char *r = view->services[i].role;
        for (uint32_t j = 0; j < ERIX_BOOTCFG_NAME_MAX && r[j] == role[j]; j++)
            if (role[j] == 0)
                return (int)i;
    }
    return -1;
}
