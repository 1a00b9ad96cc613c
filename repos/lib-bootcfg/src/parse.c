/*
 * parse.c - erix_bootcfg_parse: the rule groups in order (header, services,
 * capabilities, dependencies, drivers: rules 2..47 of ARCHITECTURE.md), then
 * the alignment the view needs (rule 48), then the view, written once.
 * Decode, check, publish: nothing before the last rule writes anything the
 * caller sees.
 */
#include "internal.h"

static erix_status_t check_all(const uint8_t *base, size_t size, struct bcfg_input *in)
{
    erix_status_t st;

    if ((st = bcfg_check_header(base, size, in)) != ERIX_OK ||
        (st = bcfg_check_services(in)) != ERIX_OK || (st = bcfg_check_caps(in)) != ERIX_OK ||
        (st = bcfg_check_deps(in)) != ERIX_OK || (st = bcfg_check_drivers(in)) != ERIX_OK)
        return st;
    /* The content is valid at any alignment; the view's typed pointers need 8. */
    return ((uintptr_t)base & 7u) == 0 ? ERIX_OK : ERIX_ERR_ALIGNMENT;
}

erix_status_t erix_bootcfg_parse(const void *buf, size_t size, struct erix_bootcfg_view *view)
{
    struct bcfg_input in;
    const uint8_t *base = buf;

    if (buf == NULL || view == NULL)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = check_all(base, size, &in);
    if (st != ERIX_OK)
        return st;
    view->header = buf;
    view->services = (const void *)(base + in.h.service_offset);
    view->caps = (const void *)(base + in.h.cap_offset);
    view->deps = (const void *)(base + in.h.dep_offset);
    view->drivers = (const void *)(base + in.h.driver_offset);
    return ERIX_OK;
}
