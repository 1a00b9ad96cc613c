/*
 * view_check.c - the oracle of view_check.h.
 */
#include <stdint.h>
#include <string.h>

#include <erix/caps.h>

#include "view_check.h"

static int inside(const void *buf, size_t size, const void *p, size_t bytes)
{
    const uint8_t *b = buf, *q = p;
    return q >= b + sizeof(struct erix_bootcfg_header) && q <= b + size &&
           bytes <= (size_t)(b + size - q) && ((uintptr_t)q & 7u) == 0;
}

static int name_ok(const char *n)
{
    return n[0] != 0 && memchr(n, 0, ERIX_BOOTCFG_NAME_MAX) != NULL &&
           strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(n);
}

static const char *check_service(const struct erix_bootcfg_view *v, uint32_t i)
{
    const struct erix_bootcfg_header *h = v->header;
    const struct erix_bootcfg_service *s = &v->services[i];

    if (!name_ok(s->role) || !name_ok(s->module))
        return "bad name accepted";
    if (s->launch < 1 || s->launch > 4 || s->priority < 1 || s->priority > 199 || s->restart > 1)
        return "bad service field accepted";
    if (s->restart == ERIX_RESTART_ALWAYS &&
        (s->launch != ERIX_LAUNCH_PROCD_STAGED || strcmp(s->role, "deviced") == 0))
        return "restart for a service procd did not stage, or for deviced";
    if ((uint32_t)s->cap_first + s->cap_count > h->cap_count ||
        (uint32_t)s->dep_first + s->dep_count > h->dep_count)
        return "range outside its table";
    for (uint32_t c = s->cap_first; c < (uint32_t)s->cap_first + s->cap_count; c++)
        if (v->caps[c].dest_slot < 32 || v->caps[c].dest_slot >= ERIX_CSPACE_SLOTS ||
            (v->caps[c].rights & ~ERIX_RIGHTS_ALL) != 0)
            return "bad capability accepted";
    for (uint32_t d = s->dep_first; d < (uint32_t)s->dep_first + s->dep_count; d++)
        if (v->deps[d].service >= h->service_count || v->deps[d].service == i)
            return "bad dependency accepted";
    if (erix_bootcfg_find_role(v, s->role) != (int)i)
        return "find_role does not find a unique role";
    return NULL;
}

static const char *check_order(const struct erix_bootcfg_view *v)
{
    uint16_t order[ERIX_BOOTCFG_MAX_SERVICES];
    uint32_t pos[ERIX_BOOTCFG_MAX_SERVICES], n = v->header->service_count;

    memset(order, 0xee, sizeof order);
    erix_status_t st = erix_bootcfg_order(v, order);
    if (st == ERIX_ERR_MALFORMED) {
        for (uint32_t k = 0; k < ERIX_BOOTCFG_MAX_SERVICES; k++)
            if (order[k] != 0xeeee)
                return "order written on failure";
        return NULL;
    }
    if (st != ERIX_OK)
        return "order: unexpected status";
    memset(pos, 0xff, sizeof pos);
    for (uint32_t k = 0; k < n; k++) {
        if (order[k] >= n || pos[order[k]] != 0xffffffffu)
            return "order is not a permutation";
        pos[order[k]] = k;
    }
    for (uint32_t i = 0; i < n; i++) {
        const struct erix_bootcfg_service *s = &v->services[i];
        for (uint32_t d = s->dep_first; d < (uint32_t)s->dep_first + s->dep_count; d++)
            if (pos[v->deps[d].service] > pos[i])
                return "order puts a service before its dependency";
    }
    return NULL;
}

const char *view_check(const struct erix_bootcfg_view *v, const void *buf, size_t size)
{
    const struct erix_bootcfg_header *h = v->header;
    const char *why;

    if ((const void *)h != buf || h->total_size != size || h->header_size != sizeof *h ||
        erix_bootcfg_checksum(buf, size) != h->checksum)
        return "header does not describe the input";
    if (h->service_count > ERIX_BOOTCFG_MAX_SERVICES || h->cap_count > ERIX_BOOTCFG_MAX_CAPS ||
        h->dep_count > ERIX_BOOTCFG_MAX_DEPS || h->driver_count > ERIX_BOOTCFG_MAX_DRIVERS)
        return "counts over the limits";
    if (!inside(buf, size, v->services, h->service_count * sizeof *v->services) ||
        !inside(buf, size, v->caps, h->cap_count * sizeof *v->caps) ||
        !inside(buf, size, v->deps, h->dep_count * sizeof *v->deps) ||
        !inside(buf, size, v->drivers, h->driver_count * sizeof *v->drivers))
        return "a table outside the image";
    if (!name_ok(h->validation_profile))
        return "bad profile accepted";
    for (uint32_t i = 0; i < h->service_count; i++)
        if ((why = check_service(v, i)) != NULL)
            return why;
    for (uint32_t i = 0; i < h->driver_count; i++)
        if (v->drivers[i].service >= h->service_count ||
            v->services[v->drivers[i].service].launch != ERIX_LAUNCH_DEVICED_DRIVER)
            return "bad driver row accepted";
    return check_order(v);
}
