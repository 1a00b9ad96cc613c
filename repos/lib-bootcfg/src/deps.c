/*
 * deps.c - the dependency table, service by service: zero reserved fields,
 * a service index inside the table, never the owner itself, never twice for
 * one owner. Rules 35..38 of ARCHITECTURE.md; cycles are erix_bootcfg_order's
 * (order.c).
 */
#include "internal.h"

static erix_status_t check_dep(const struct bcfg_input *in, uint32_t owner, uint32_t first,
                               uint32_t i)
{
    struct erix_bootcfg_dep d, prev;

    bcfg_load_dep(in, i, &d);
    if (d.reserved != 0)
        return ERIX_ERR_MALFORMED;
    if (d.service >= in->h.service_count)
        return ERIX_ERR_OUT_OF_RANGE;
    if (d.service == owner)
        return ERIX_ERR_MALFORMED;
    for (uint32_t j = first; j < i; j++) {
        bcfg_load_dep(in, j, &prev);
        if (prev.service == d.service)
            return ERIX_ERR_EXISTS;
    }
    return ERIX_OK;
}

erix_status_t bcfg_check_deps(const struct bcfg_input *in)
{
    struct erix_bootcfg_service s;

    for (uint32_t owner = 0; owner < in->h.service_count; owner++) {
        bcfg_load_service(in, owner, &s);
        for (uint32_t i = s.dep_first; i < (uint32_t)s.dep_first + s.dep_count; i++) {
            erix_status_t st = check_dep(in, owner, s.dep_first, i);
            if (st != ERIX_OK)
                return st;
        }
    }
    return ERIX_OK;
}
