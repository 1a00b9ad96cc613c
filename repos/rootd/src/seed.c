/*
 * seed.c - deviced's seeds and badges from the boot configuration (seed.h).
 */
#include <string.h>

#include "seed.h"

int32_t seed_driver_row(const struct erix_bootcfg_view *cfg, uint16_t service)
{
    for (uint32_t d = 0; d < cfg->header->driver_count; d++)
        if (cfg->drivers[d].service == service)
            return (int32_t)d;
    return -1;
}

static bool role_is(const struct erix_bootcfg_view *cfg, uint32_t i, const char *role)
{
    return strncmp(cfg->services[i].role, role, ERIX_BOOTCFG_NAME_MAX) == 0;
}

uint64_t seed_peer_badge(const struct erix_bootcfg_view *cfg, int32_t deviced, uint16_t consumer,
                         uint32_t target)
{
    if (deviced < 0 || target != (uint32_t)deviced)
        return 0;
    bool discovery = role_is(cfg, consumer, "probed") || role_is(cfg, consumer, "hotplugd");
    return ERIX_DEVICED_BADGE(discovery ? ERIX_DEVICED_SURFACE_DISCOVERY
                                        : ERIX_DEVICED_SURFACE_CONSUMER,
                              consumer);
}

static erix_status_t cap_spec(int32_t deviced, const struct erix_bootcfg_cap *c,
                              struct erix_deviced_cap_spec *out)
{
    *out = (struct erix_deviced_cap_spec){0, c->rights, c->purpose, 0, 0, c->dest_slot, 0};
    if (c->source == ERIX_SRC_KERNEL_FAMILY) {
        out->source = ERIX_DEVICED_SRC_FAMILY;
        out->arg = c->arg;
        return ERIX_OK;
    }
    if (c->source == ERIX_SRC_SERVICE_ENDPOINT && deviced >= 0 && c->arg == (uint32_t)deviced) {
        out->source = ERIX_DEVICED_SRC_DEVICED;
        return ERIX_OK;
    }
    return ERIX_ERR_INVALID_ARGUMENT; /* nothing deviced could hand a driver */
}

static void identity(const struct erix_bootcfg_view *cfg, const struct erix_bootcfg_driver *row,
                     struct erix_deviced_seed *s)
{
    const struct erix_bootcfg_service *svc = &cfg->services[row->service];
    memcpy(s->role, svc->role, ERIX_ROLE_MAX);
    memcpy(s->consumer_role, row->consumer_role, ERIX_ROLE_MAX);
    int consumer = row->consumer_role[0] != 0 ? erix_bootcfg_find_role(cfg, row->consumer_role) : -1;
    s->consumer_index = consumer >= 0 ? (uint16_t)consumer : ERIX_DEVICED_NO_INDEX;
    s->image_index = row->service;
    s->match = row->match;
    s->priority = svc->priority;
    bool pci = row->match == ERIX_DEVICED_MATCH_PCI;
    s->activation = pci ? ERIX_DEVICED_ACTIVATE_ON_DISCOVERY : ERIX_DEVICED_ACTIVATE_EXPLICIT;
    s->vendor = pci ? row->vendor : ERIX_DEVICED_ANY_ID;
    s->device = pci ? row->device : ERIX_DEVICED_ANY_ID;
    s->class_code = pci ? row->class_code : ERIX_DEVICED_ANY_CLASS;
}

erix_status_t seed_build(const struct erix_bootcfg_view *cfg, int32_t deviced, uint32_t row,
                         struct erix_deviced_seed *out, uint32_t *bad_cap)
{
    const struct erix_bootcfg_driver *r = &cfg->drivers[row];
    const struct erix_bootcfg_service *svc = &cfg->services[r->service];
    memset(out, 0, sizeof *out);
    identity(cfg, r, out);
    if (svc->cap_count > ERIX_DEVICED_MAX_CAPS)
        return ERIX_ERR_LIMIT;
    out->cap_count = svc->cap_count;
    for (uint32_t k = 0; k < svc->cap_count; k++) {
        erix_status_t st = cap_spec(deviced, &cfg->caps[svc->cap_first + k], &out->caps[k]);
        if (st != ERIX_OK) {
            *bad_cap = k;
            return st;
        }
    }
    return ERIX_OK;
}
