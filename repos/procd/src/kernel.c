/*
 * kernel.c - the seam (kernel.h) on EriX: children built with lib-spawn and
 * wired, granted, started, stopped and destroyed through procd's PROCESS
 * family endpoint; replies through procd's own endpoint; log lines through
 * erix_log.
 *
 * Owns what procd holds of each live child: the spawn result (TCB and VSpace
 * slots, entry, stack) of child range i. Every slot of range i derives from
 * pool i, so a pool reset leaves the range empty again.
 */
#include <stdarg.h>
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/procd.h>
#include <erix/rt.h>
#include <erix/spawn.h>

#include "kernel.h"
#include "procd_config.h"

static struct pk_config cfg;
static struct erix_spawn_env spawn_env;
static struct erix_spawn_result children[PROCD_MAX_CHILDREN];

void pk_init(const struct pk_config *c)
{
    cfg = *c;
    spawn_env = (struct erix_spawn_env){c->kctl, c->self_vspace, PROCD_SCRATCH_VADDR,
                                        PROCD_SCRATCH_SIZE};
    memset(children, 0, sizeof children);
}

erix_status_t pk_map_image(uint32_t frame_slot, uint64_t vaddr)
{
    return erix_spawn_map_image(&spawn_env, frame_slot, vaddr);
}

erix_status_t pk_pool_create(uint32_t pool, uint32_t pages)
{
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    return erix_kctl_retype_untyped(cfg.kctl, cfg.pool, procd_pool_slot(pool), pages);
}

erix_status_t pk_pool_reset(uint32_t pool)
{
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    memset(&children[pool], 0, sizeof children[pool]);
    return erix_spawn_destroy(&spawn_env, procd_pool_slot(pool));
}

erix_status_t pk_child_create(uint32_t pool, const void *elf, uint64_t size, uint32_t priority,
                              uint32_t *pid)
{
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = erix_spawn_create(&spawn_env, procd_pool_slot(pool), elf, size, priority,
                                         procd_child_slot(pool, PROCD_CHILD_SPAWN),
                                         &children[pool]);
    if (st == ERIX_OK)
        *pid = children[pool].pid;
    return st;
}

static erix_status_t install_own(uint32_t pool, uint32_t pid, int with_service)
{
    uint32_t tcb = children[pool].tcb_slot, grant = procd_child_slot(pool, PROCD_CHILD_SETUP_GRANT);
    erix_status_t st = erix_kctl_derive_grant(cfg.kctl, tcb, grant, ERIX_PROCD_CHILD_SERVICE_SLOT,
                                              2, ERIX_RIGHTS_ALL);
    if (st != ERIX_OK)
        return st;
    if (with_service)
        st = erix_kctl_install(cfg.kctl, grant, procd_child_slot(pool, PROCD_CHILD_ENDPOINT),
                               ERIX_PROCD_CHILD_SERVICE_SLOT, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV,
                               0);
    if (st == ERIX_OK)
        st = erix_kctl_install(cfg.kctl, grant, cfg.service, ERIX_PROCD_CHILD_EVENT_SLOT,
                               ERIX_RIGHT_SEND, ERIX_PROCD_BADGE_EVENT | pid);
    erix_status_t drop = erix_cap_drop(grant); /* START is refused while it lives */
    return st != ERIX_OK ? st : drop;
}

erix_status_t pk_child_wire(uint32_t pool, uint32_t pid, int with_service)
{
    if (pool >= PROCD_MAX_CHILDREN || pid == 0 || pid > 0xffffu)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = ERIX_OK;
    if (with_service)
        st = erix_kctl_create_endpoint(cfg.kctl, procd_pool_slot(pool),
                                       procd_child_slot(pool, PROCD_CHILD_ENDPOINT));
    if (st == ERIX_OK)
        st = install_own(pool, pid, with_service);
    if (st == ERIX_OK)
        st = erix_kctl_set_fault_endpoint(cfg.kctl, children[pool].tcb_slot,
                                          ERIX_PROCD_CHILD_EVENT_SLOT);
    return st;
}

erix_status_t pk_child_grant(uint32_t pool)
{
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    return erix_kctl_derive_grant(cfg.kctl, children[pool].tcb_slot,
                                  procd_child_slot(pool, PROCD_CHILD_CALLER_GRANT),
                                  PROCD_CALLER_WINDOW_BASE, PROCD_CALLER_WINDOW_COUNT,
                                  ERIX_RIGHTS_ALL);
}

erix_status_t pk_child_live_grants(uint32_t pool, uint32_t *grants)
{
    struct erix_kctl_process_resp p;
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = erix_kctl_query_process(cfg.kctl, children[pool].tcb_slot, &p);
    if (st == ERIX_OK)
        *grants = p.live_grants;
    return st;
}

erix_status_t pk_child_start(uint32_t pool, const void *envelope, uint32_t len, uint64_t a0,
                             uint64_t a1, uint64_t a2)
{
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = ERIX_OK;
    if (len != 0)
        st = erix_spawn_place_data(&spawn_env, procd_pool_slot(pool), &children[pool],
                                   procd_child_slot(pool, PROCD_CHILD_ENVELOPE),
                                   ERIX_ENVELOPE_VADDR, envelope, len, ERIX_MAP_READ);
    return st != ERIX_OK ? st : erix_spawn_start(&spawn_env, &children[pool], a0, a1, a2);
}

erix_status_t pk_child_kill(uint32_t pool, uint32_t reason)
{
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    return erix_kctl_kill(cfg.kctl, children[pool].tcb_slot, reason);
}

erix_status_t pk_child_abort(uint32_t pool)
{
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    return erix_kctl_abort(cfg.kctl, children[pool].tcb_slot);
}

erix_status_t pk_reply(uint64_t token, uint32_t status, const void *body, uint16_t len)
{
    return erix_reply(cfg.service, token, status, body, len);
}

erix_status_t pk_reply_create(uint64_t token, uint32_t pool, const void *body, uint16_t len)
{
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    const uint32_t slots[2] = {procd_child_slot(pool, PROCD_CHILD_ENDPOINT),
                               procd_child_slot(pool, PROCD_CHILD_CALLER_GRANT)};
    const uint8_t masks[2] = {ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, ERIX_RIGHTS_ALL};
    const uint8_t modes[2] = {ERIX_XFER_MODE_COPY, ERIX_XFER_MODE_MOVE};
    erix_status_t st = erix_xfer_set(slots, masks, modes, 2);
    return st != ERIX_OK ? st : erix_reply(cfg.service, token, ERIX_OK, body, len);
}

void pk_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)erix_vlog(fmt, ap);
    va_end(ap);
}
