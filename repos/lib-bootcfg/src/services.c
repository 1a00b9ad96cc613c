/*
 * services.c - the service table: names, unique roles, launch kinds and
 * restart policies (ALWAYS only for procd-staged services but deviced), priorities, zero
 * flags, which roles are drivers, and the dependency and capability ranges,
 * which tile their tables in service order (service i's entries follow
 * service i-1's; every entry belongs to exactly one service). Rules 15..27 of
 * ARCHITECTURE.md.
 */
#include <erix/procd.h>

#include "internal.h"

#define PRIORITY_MIN 1u
#define PRIORITY_MAX 199u /* rootd runs at 200 */

static int is_deviced(const char role[ERIX_ROLE_MAX])
{
    static const char deviced[] = "deviced";
    for (size_t i = 0; i < sizeof deviced; i++)
        if (role[i] != deviced[i])
            return 0;
    return 1;
}

struct running {
    uint32_t caps; /* entries owned by the services checked so far */
    uint32_t deps;
};

static erix_status_t check_names(const struct bcfg_input *in, uint32_t i,
                                 const struct erix_bootcfg_service *s)
{
    struct erix_bootcfg_service prev;

    if (!bcfg_name_ok(s->role) || !bcfg_name_ok(s->module))
        return ERIX_ERR_MALFORMED;
    for (uint32_t j = 0; j < i; j++) {
        bcfg_load_service(in, j, &prev);
        if (bcfg_name_eq(prev.role, s->role))
            return ERIX_ERR_EXISTS;
    }
    return ERIX_OK;
}

static erix_status_t check_fields(const struct erix_bootcfg_service *s)
{
    if (s->launch < ERIX_LAUNCH_ROOTD_DIRECT || s->launch > ERIX_LAUNCH_PROCD_SPAWN ||
        s->restart > ERIX_RESTART_ALWAYS)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (s->priority < PRIORITY_MIN || s->priority > PRIORITY_MAX)
        return ERIX_ERR_INVALID_ARGUMENT;
    return s->flags == 0 && s->reserved == 0 ? ERIX_OK : ERIX_ERR_MALFORMED;
}

/* procd's driver surface takes only drv-* roles, its bootstrap surface none;
 * SPAWN takes no capabilities; only STAGED services restart. */
static erix_status_t check_launch_policy(const struct erix_bootcfg_service *s)
{
    int driver = s->launch == ERIX_LAUNCH_DEVICED_DRIVER;

    if (erix_procd_is_driver_role(s->role) != driver)
        return ERIX_ERR_DENIED;
    if (s->launch == ERIX_LAUNCH_PROCD_SPAWN && s->cap_count != 0)
        return ERIX_ERR_DENIED;
    /* Only a procd-staged service can be restarted: rootd cannot restart procd
     * itself, a procd-spawn helper runs to its exit, drivers are deviced's, and
     * a restarted deviced would hand rootd a new endpoint it cannot take. */
    if (s->restart != ERIX_RESTART_ALWAYS)
        return ERIX_OK;
    return s->launch == ERIX_LAUNCH_PROCD_STAGED && !is_deviced(s->role) ? ERIX_OK
                                                                          : ERIX_ERR_DENIED;
}

static erix_status_t check_range(uint32_t first, uint32_t count, uint32_t *running,
                                 uint32_t table)
{
    if (first != *running)
        return ERIX_ERR_MALFORMED;
    if (count > table - first) /* first <= table: earlier ranges fit */
        return ERIX_ERR_OUT_OF_RANGE;
    *running = first + count;
    return ERIX_OK;
}

static erix_status_t check_one(const struct bcfg_input *in, uint32_t i, struct running *r)
{
    struct erix_bootcfg_service s;
    erix_status_t st;

    bcfg_load_service(in, i, &s);
    if ((st = check_names(in, i, &s)) != ERIX_OK || (st = check_fields(&s)) != ERIX_OK ||
        (st = check_launch_policy(&s)) != ERIX_OK)
        return st;
    if ((st = check_range(s.cap_first, s.cap_count, &r->caps, in->h.cap_count)) != ERIX_OK)
        return st;
    return check_range(s.dep_first, s.dep_count, &r->deps, in->h.dep_count);
}

erix_status_t bcfg_check_services(const struct bcfg_input *in)
{
    struct running r = {0, 0};

    for (uint32_t i = 0; i < in->h.service_count; i++) {
        erix_status_t st = check_one(in, i, &r);
        if (st != ERIX_OK)
            return st;
    }
    return r.caps == in->h.cap_count && r.deps == in->h.dep_count ? ERIX_OK : ERIX_ERR_MALFORMED;
}
