/*
 * drivers.c - the driver table: one row per DEVICED_DRIVER service and none
 * for any other, a known match kind with the ids it uses (PCI only), and a
 * consumer role that is empty or names a configured service. Rules 39..47 of
 * ARCHITECTURE.md.
 */
#include "internal.h"

#define PCI_CLASS_MAX 0xffffffu
#define PCI_CLASS_ANY 0xffffffffu

static int has_role(const struct bcfg_input *in, const char role[ERIX_BOOTCFG_NAME_MAX])
{
    struct erix_bootcfg_service s;

    for (uint32_t i = 0; i < in->h.service_count; i++) {
        bcfg_load_service(in, i, &s);
        if (bcfg_name_eq(s.role, role))
            return 1;
    }
    return 0;
}

static erix_status_t check_owner(const struct bcfg_input *in, uint32_t i,
                                 const struct erix_bootcfg_driver *d)
{
    struct erix_bootcfg_service s;
    struct erix_bootcfg_driver prev;

    if (d->service >= in->h.service_count)
        return ERIX_ERR_OUT_OF_RANGE;
    bcfg_load_service(in, d->service, &s);
    if (s.launch != ERIX_LAUNCH_DEVICED_DRIVER)
        return ERIX_ERR_DENIED;
    for (uint32_t j = 0; j < i; j++) {
        bcfg_load_driver(in, j, &prev);
        if (prev.service == d->service)
            return ERIX_ERR_EXISTS;
    }
    return ERIX_OK;
}

static erix_status_t check_match(const struct erix_bootcfg_driver *d)
{
    if (d->match < ERIX_MATCH_PLATFORM || d->match > ERIX_MATCH_FIXTURE)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (d->match == ERIX_MATCH_PCI)
        return d->class_code <= PCI_CLASS_MAX || d->class_code == PCI_CLASS_ANY
                   ? ERIX_OK
                   : ERIX_ERR_INVALID_ARGUMENT;
    return d->vendor == 0 && d->device == 0 && d->class_code == 0 ? ERIX_OK
                                                                  : ERIX_ERR_INVALID_ARGUMENT;
}

static erix_status_t check_consumer(const struct bcfg_input *in,
                                    const struct erix_bootcfg_driver *d)
{
    if (bcfg_name_empty(d->consumer_role))
        return ERIX_OK;
    if (!bcfg_name_ok(d->consumer_role))
        return ERIX_ERR_MALFORMED;
    return has_role(in, d->consumer_role) ? ERIX_OK : ERIX_ERR_NOT_FOUND;
}

static uint32_t driver_services(const struct bcfg_input *in)
{
    struct erix_bootcfg_service s;
    uint32_t n = 0;

    for (uint32_t i = 0; i < in->h.service_count; i++) {
        bcfg_load_service(in, i, &s);
        n += s.launch == ERIX_LAUNCH_DEVICED_DRIVER;
    }
    return n;
}

erix_status_t bcfg_check_drivers(const struct bcfg_input *in)
{
    struct erix_bootcfg_driver d;
    erix_status_t st;

    for (uint32_t i = 0; i < in->h.driver_count; i++) {
        bcfg_load_driver(in, i, &d);
        if (d.flags != 0 || d.reserved != 0)
            return ERIX_ERR_MALFORMED;
        if ((st = check_owner(in, i, &d)) != ERIX_OK || (st = check_match(&d)) != ERIX_OK ||
            (st = check_consumer(in, &d)) != ERIX_OK)
            return st;
    }
    /* Rows are distinct and each names a driver service: equal counts = one each. */
    return in->h.driver_count == driver_services(in) ? ERIX_OK : ERIX_ERR_NOT_FOUND;
}
