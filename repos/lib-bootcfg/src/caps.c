/*
 * caps.c - the capability table, service by service: known sources and
 * purposes, rights, zero reserved fields, each source's argument, and the
 * destination slot (inside the install grant's window 32..4095, once per
 * service). Rules 28..34 of ARCHITECTURE.md; the ranges were checked by
 * services.c.
 */
#include <erix/caps.h>
#include <erix/procd.h>

#include "internal.h"

#define SLOT_MIN ERIX_PROCD_GRANT_WINDOW_BASE
#define SLOT_END ERIX_CSPACE_SLOTS

static erix_status_t check_fields(const struct erix_bootcfg_cap *c)
{
    if (c->source < ERIX_SRC_KERNEL_FAMILY || c->source >= ERIX_SRC_COUNT)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (c->purpose < ERIX_PURPOSE_PRIMARY_CONTROL || c->purpose >= ERIX_PURPOSE_COUNT)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (c->rights == 0 || (c->rights & ~ERIX_RIGHTS_ALL) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    return c->reserved0 == 0 && c->reserved == 0 ? ERIX_OK : ERIX_ERR_MALFORMED;
}

static erix_status_t check_arg(const struct erix_bootcfg_cap *c, uint32_t services)
{
    switch (c->source) {
    case ERIX_SRC_KERNEL_FAMILY: /* a kernel family: a kind with a dedicated slot */
        return erix_family_slot(c->arg) != 0 ? ERIX_OK : ERIX_ERR_INVALID_ARGUMENT;
    case ERIX_SRC_PROCD_ENDPOINT:
        return c->arg == 0 || c->arg == ERIX_PROCD_BADGE_BOOTSTRAP ||
                       c->arg == ERIX_PROCD_BADGE_DRIVER
                   ? ERIX_OK
                   : ERIX_ERR_INVALID_ARGUMENT;
    case ERIX_SRC_SERVICE_ENDPOINT:
    case ERIX_SRC_IMAGE:
        return c->arg < services ? ERIX_OK : ERIX_ERR_OUT_OF_RANGE;
    case ERIX_SRC_UNTYPED:
        return c->arg != 0 ? ERIX_OK : ERIX_ERR_INVALID_ARGUMENT;
    default: /* SELF_VSPACE, ROOTD_READY: no argument */
        return c->arg == 0 ? ERIX_OK : ERIX_ERR_INVALID_ARGUMENT;
    }
}

static erix_status_t check_slot(const struct bcfg_input *in, uint32_t first, uint32_t i,
                                const struct erix_bootcfg_cap *c)
{
    struct erix_bootcfg_cap prev;

    if (c->dest_slot < SLOT_MIN || c->dest_slot >= SLOT_END)
        return ERIX_ERR_INVALID_SLOT;
    for (uint32_t j = first; j < i; j++) {
        bcfg_load_cap(in, j, &prev);
        if (prev.dest_slot == c->dest_slot)
            return ERIX_ERR_EXISTS;
    }
    return ERIX_OK;
}

static erix_status_t check_service_caps(const struct bcfg_input *in,
                                        const struct erix_bootcfg_service *s)
{
    struct erix_bootcfg_cap c;
    erix_status_t st;

    for (uint32_t i = s->cap_first; i < (uint32_t)s->cap_first + s->cap_count; i++) {
        bcfg_load_cap(in, i, &c);
        if ((st = check_fields(&c)) != ERIX_OK ||
            (st = check_arg(&c, in->h.service_count)) != ERIX_OK ||
            (st = check_slot(in, s->cap_first, i, &c)) != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

erix_status_t bcfg_check_caps(const struct bcfg_input *in)
{
    struct erix_bootcfg_service s;

    for (uint32_t i = 0; i < in->h.service_count; i++) {
        bcfg_load_service(in, i, &s);
        erix_status_t st = check_service_caps(in, &s);
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}
