/*
 * kernel.c - the seam (kernel.h) on EriX: children built with lib-spawn and
 * wired, granted, started, stopped and destroyed through procd's PROCESS
 * family endpoint; replies through procd's own endpoint; log lines through
 * erix_log.
 *
 * Owns what procd holds of each live child: the spawn result (TCB and VSpace
 * slots, entry, stack) of child range i. Every slot of range i derives from
 * pool i, so a pool reset leaves the range empty again. Children built from a
 * boot image come from lib-spawn; children of a loader transfer are built
 * here from their plan, in the same slots (TCB, VSpace, one frame per
 * segment, the stack: erix/spawn.h's order), so everything after the build
 * (wiring, start, restage, reset) is the same for both.
 */
#include <stdarg.h>
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/kctl_rt.h>
#include <erix/layout.h>
#include <erix/log.h>
#include <erix/procd.h>
#include <erix/rt.h>
#include <erix/spawn.h>

#include "kernel.h"
#include "procd_config.h"

#ifndef PROCD_LOADER_FAULT_HOOKS
#define PROCD_LOADER_FAULT_HOOKS 0
#endif

static const struct erix_elf_limits spawn_limits = {
    ERIX_USER_BASE, ERIX_USER_TOP, 256ull << 20, ERIX_USER_STACK_MAX,
};

static struct pk_config cfg;
static struct erix_spawn_env spawn_env;
static struct erix_spawn_result children[PROCD_MAX_CHILDREN];

void pk_init(const struct pk_config *c)
{
    cfg = *c;
    spawn_env = (struct erix_spawn_env){c->kctl, c->self_vspace, c->scratch_vaddr,
                                        c->scratch_size};
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

/* ---- frames filled through the scratch window ------------------------------------ */

/* An injected failure (fault hooks built in, and COMMIT named this step). */
static bool hook_fires(uint32_t step, uint32_t want)
{
#if PROCD_LOADER_FAULT_HOOKS
    if (step == want) {
        pk_log("PROCD:LOADER_HOOK step=%u", step);
        return true;
    }
#else
    (void)step;
    (void)want;
#endif
    return false;
}
#define HOOK(step, want) hook_fires(step, want)

/* Fill an unmapped frame of `bytes`: all zero, then `len` bytes of data at
 * `off`. The MID_COPY fault hook stops half way with the frame still in the
 * scratch window: the pool reset that follows must take it out. */
static erix_status_t fill(uint32_t frame, uint64_t bytes, const uint8_t *data, uint64_t off,
                          uint64_t len, uint32_t fault_step)
{
    if (bytes > cfg.scratch_size)
        return ERIX_ERR_LIMIT;
    erix_status_t st = erix_kctl_map_frame(cfg.kctl, cfg.self_vspace, frame, cfg.scratch_vaddr,
                                           ERIX_MAP_READ | ERIX_MAP_WRITE);
    if (st != ERIX_OK)
        return st;
    uint8_t *window = (uint8_t *)(uintptr_t)cfg.scratch_vaddr;
    memset(window, 0, bytes);
    if (HOOK(fault_step, ERIX_PROCD_LOADER_FAULT_MID_COPY)) {
        memcpy(window + off, data, len / 2);
        return ERIX_ERR_INTERNAL;
    }
    if (len > 0)
        memcpy(window + off, data, len);
    return erix_kctl_unmap_frame(cfg.kctl, frame);
}

static void segment_span(const struct erix_elf_segment *g, uint64_t *start, uint64_t *bytes)
{
    uint64_t end;
    erix_elf_segment_span(g, start, &end);
    *bytes = end - *start;
}

/* ---- restart in place -------------------------------------------------------------- */

/* Take a frame out of the child, refill it, put it back. */
static erix_status_t refresh(uint32_t pool, uint32_t frame, uint64_t vaddr, uint64_t bytes,
                             uint32_t perms, const uint8_t *data, uint64_t off, uint64_t len)
{
    erix_status_t st = erix_kctl_unmap_frame(cfg.kctl, frame);
    if (st == ERIX_OK)
        st = fill(frame, bytes, data, off, len, ERIX_PROCD_LOADER_FAULT_NONE);
    if (st == ERIX_OK)
        st = erix_kctl_map_frame(cfg.kctl, children[pool].vspace_slot, frame, vaddr, perms);
    return st;
}

static erix_status_t refresh_image(uint32_t pool, const uint8_t *file,
                                   const struct erix_elf_image *img)
{
    uint32_t base = procd_child_slot(pool, PROCD_CHILD_SPAWN);
    const struct erix_spawn_result *c = &children[pool];
    for (uint32_t i = 0; i < img->segment_count; i++) {
        const struct erix_elf_segment *g = &img->segments[i];
        uint64_t start, bytes;
        if ((g->perms & ERIX_ELF_PERM_W) == 0)
            continue; /* read-only: the child cannot have changed it */
        segment_span(g, &start, &bytes);
        erix_status_t st = refresh(pool, base + 2 + i, start, bytes, erix_spawn_map_perms(g->perms),
                                   file + g->file_offset, g->vaddr - start, g->filesz);
        if (st != ERIX_OK)
            return st;
    }
    return refresh(pool, base + 2 + img->segment_count, c->stack_top - c->stack_size,
                   c->stack_size, ERIX_MAP_READ | ERIX_MAP_WRITE, NULL, 0, 0);
}

erix_status_t pk_child_restage(uint32_t pool, const void *elf, uint64_t size)
{
    struct erix_elf_image img;
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = erix_elf_parse(elf, size, &spawn_limits, &img);
    if (st != ERIX_OK)
        return st;
    st = erix_kctl_restage(cfg.kctl, children[pool].tcb_slot);
    return st != ERIX_OK ? st : refresh_image(pool, elf, &img);
}

/* ---- loader transfers ----------------------------------------------------------------- */


static erix_status_t place_segment(uint32_t pool, uint32_t i, const struct erix_elf_segment *g,
                                   const uint8_t *bytes, uint32_t fault_step)
{
    uint32_t frame = procd_child_slot(pool, PROCD_CHILD_SPAWN) + 2 + i;
    uint64_t start, span;
    segment_span(g, &start, &span);
    if (span > cfg.scratch_size)
        return ERIX_ERR_LIMIT;
    erix_status_t st = erix_kctl_retype_frame(cfg.kctl, procd_pool_slot(pool), frame,
                                              (uint32_t)(span / 4096u));
    if (st == ERIX_OK && i == 0 && HOOK(fault_step, ERIX_PROCD_LOADER_FAULT_AFTER_FRAME_ALLOC))
        st = ERIX_ERR_INTERNAL;
    if (st == ERIX_OK)
        st = fill(frame, span, bytes + g->file_offset, g->vaddr - start, g->filesz,
                  i == 0 ? fault_step : ERIX_PROCD_LOADER_FAULT_NONE);
    if (st == ERIX_OK)
        st = erix_kctl_map_frame(cfg.kctl, children[pool].vspace_slot, frame, start,
                                 erix_spawn_map_perms(g->perms));
    if (st == ERIX_OK && i == 0 && HOOK(fault_step, ERIX_PROCD_LOADER_FAULT_MID_MAPPING))
        st = ERIX_ERR_INTERNAL; /* one segment mapped, the rest and the stack not */
    return st;
}

static erix_status_t place_stack(uint32_t pool, const struct erix_elf_image *plan)
{
    struct erix_spawn_result *c = &children[pool];
    uint32_t frame = procd_child_slot(pool, PROCD_CHILD_SPAWN) + 2 + plan->segment_count;
    erix_status_t st = erix_kctl_retype_frame(cfg.kctl, procd_pool_slot(pool), frame,
                                              (uint32_t)(c->stack_size / 4096u));
    if (st == ERIX_OK)
        st = fill(frame, c->stack_size, NULL, 0, 0, ERIX_PROCD_LOADER_FAULT_NONE);
    if (st == ERIX_OK)
        st = erix_kctl_map_frame(cfg.kctl, c->vspace_slot, frame, c->stack_top - c->stack_size,
                                 ERIX_MAP_READ | ERIX_MAP_WRITE);
    return st;
}

erix_status_t pk_loader_build(uint32_t pool, const struct erix_elf_image *plan,
                              const uint8_t *bytes, uint32_t priority, uint32_t fault_step,
                              uint32_t *pid)
{
    if (pool >= PROCD_MAX_CHILDREN || plan->segment_count == 0 ||
        plan->segment_count > ERIX_ELF_MAX_SEGMENTS)
        return ERIX_ERR_INVALID_ARGUMENT;
    uint32_t base = procd_child_slot(pool, PROCD_CHILD_SPAWN);
    uint64_t stack = plan->stack_size != 0 ? plan->stack_size : ERIX_USER_STACK_DEFAULT;
    struct erix_spawn_result *c = &children[pool];
    *c = (struct erix_spawn_result){base, base + 1, 0, 2 + plan->segment_count + 1, plan->entry,
                                    ERIX_USER_STACK_TOP, stack};
    erix_status_t st = erix_kctl_create_process(cfg.kctl, procd_pool_slot(pool), base, priority,
                                                &c->pid);
    if (st == ERIX_OK && HOOK(fault_step, ERIX_PROCD_LOADER_FAULT_AFTER_CHILD_CREATE))
        st = ERIX_ERR_INTERNAL;
    for (uint32_t i = 0; st == ERIX_OK && i < plan->segment_count; i++)
        st = place_segment(pool, i, &plan->segments[i], bytes, fault_step);
    if (st == ERIX_OK)
        st = place_stack(pool, plan);
    if (st == ERIX_OK)
        *pid = c->pid;
    return st;
}

/* ---- accounting, capabilities, time -------------------------------------------------- */

uint64_t pk_clock_ns(void)
{
    static uint64_t last;
    struct erix_kctl_clock_resp c;
    if (erix_kctl_clock(cfg.kctl, &c) == ERIX_OK && c.nanoseconds > last)
        last = c.nanoseconds;
    return last; /* monotonic even if a read fails */
}

erix_status_t pk_pool_usage(uint32_t pool, uint64_t *bytes)
{
    struct erix_cap_info info;
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = erix_cap_info(procd_pool_slot(pool), &info);
    if (st == ERIX_OK && info.type != ERIX_CAP_UNTYPED)
        st = ERIX_ERR_WRONG_TYPE;
    if (st == ERIX_OK)
        *bytes = info.aux;
    return st;
}

erix_status_t pk_cap_info(uint32_t slot, struct erix_cap_info *out)
{
    return erix_cap_info(slot, out);
}

erix_status_t pk_cap_copy(uint32_t from, uint32_t to, uint32_t rights)
{
    return erix_kctl_copy(cfg.kctl, from, to, rights, 0);
}

erix_status_t pk_cap_drop(uint32_t slot)
{
    return erix_cap_drop(slot);
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
