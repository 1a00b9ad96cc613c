/*
 * fake_rt.c - test-only: recording stand-ins for the lib-rt and lib-spawn
 * functions src/kernel.c calls (fake_rt.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <erix/ipc_rt.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "fake_rt.h"

struct rt_call rt_calls[RT_MAX_CALLS];
unsigned rt_ncalls;
uint32_t rt_next_pid;
uint32_t rt_live_grants;
struct erix_xfer_table rt_xfer;
unsigned rt_xfer_count;
const struct erix_spawn_env *rt_env;
char rt_log[256];
uint64_t rt_clock_ns;
uint64_t rt_cap_aux;

static char fail_op[24];
static unsigned fail_left;
static erix_status_t fail_status;

void rt_reset(void)
{
    memset(rt_calls, 0, sizeof rt_calls);
    rt_ncalls = 0;
    rt_next_pid = 33;
    rt_live_grants = 0;
    memset(&rt_xfer, 0, sizeof rt_xfer);
    rt_xfer_count = 0;
    rt_env = NULL;
    rt_log[0] = 0;
    rt_clock_ns = 5000000000ull;
    rt_cap_aux = 0;
    fail_op[0] = 0;
}

void rt_fail(const char *op, unsigned nth, erix_status_t st)
{
    snprintf(fail_op, sizeof fail_op, "%s", op);
    fail_left = nth;
    fail_status = st;
}

unsigned rt_count(const char *op)
{
    unsigned n = 0;
    for (unsigned i = 0; i < rt_ncalls; i++)
        n += strcmp(rt_calls[i].op, op) == 0;
    return n;
}

const struct rt_call *rt_find(const char *op, unsigned nth)
{
    for (unsigned i = 0; i < rt_ncalls; i++)
        if (strcmp(rt_calls[i].op, op) == 0 && nth-- == 0)
            return &rt_calls[i];
    return NULL;
}

static erix_status_t record(const char *op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                            uint64_t a4, uint64_t a5)
{
    if (rt_ncalls < RT_MAX_CALLS) {
        struct rt_call *c = &rt_calls[rt_ncalls++];
        snprintf(c->op, sizeof c->op, "%s", op);
        uint64_t a[7] = {a0, a1, a2, a3, a4, a5, 0};
        memcpy(c->a, a, sizeof a);
    }
    if (fail_op[0] != 0 && strcmp(fail_op, op) == 0) {
        if (fail_left == 0) {
            fail_op[0] = 0;
            return fail_status;
        }
        fail_left--;
    }
    return ERIX_OK;
}

/* ---- lib-spawn --------------------------------------------------------------- */

erix_status_t erix_spawn_create(const struct erix_spawn_env *env, uint32_t pool_slot,
                                const void *elf, uint64_t size, uint32_t priority,
                                uint32_t slot_base, struct erix_spawn_result *out)
{
    rt_env = env;
    erix_status_t st = record("spawn_create", pool_slot, (uint64_t)(uintptr_t)elf, size,
                              priority, slot_base, 0);
    if (st == ERIX_OK)
        *out = (struct erix_spawn_result){slot_base, slot_base + 1, rt_next_pid, 5, 0x401000,
                                          0x7fff00000000ull, 0x10000};
    return st;
}

erix_status_t erix_spawn_start(const struct erix_spawn_env *env,
                               const struct erix_spawn_result *child, uint64_t a0, uint64_t a1,
                               uint64_t a2)
{
    rt_env = env;
    return record("spawn_start", child->tcb_slot, child->entry, a0, a1, a2, 0);
}

erix_status_t erix_spawn_destroy(const struct erix_spawn_env *env, uint32_t pool_slot)
{
    rt_env = env;
    return record("spawn_destroy", pool_slot, 0, 0, 0, 0, 0);
}

erix_status_t erix_spawn_place_data(const struct erix_spawn_env *env, uint32_t pool_slot,
                                    const struct erix_spawn_result *child, uint32_t frame_slot,
                                    uint64_t vaddr, const void *data, uint64_t len,
                                    uint32_t perms)
{
    (void)data;
    rt_env = env;
    return record("place_data", pool_slot, child->vspace_slot, frame_slot, vaddr, len, perms);
}

erix_status_t erix_spawn_map_image(const struct erix_spawn_env *env, uint32_t frame_slot,
                                   uint64_t vaddr)
{
    rt_env = env;
    return record("map_image", frame_slot, vaddr, 0, 0, 0, 0);
}

/* ---- lib-rt: kernel control ------------------------------------------------------ */

erix_status_t erix_kctl_retype_untyped(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                       uint32_t pages)
{
    return record("retype_untyped", ep, untyped_slot, dest_slot, pages, 0, 0);
}

erix_status_t erix_kctl_create_endpoint(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot)
{
    return record("create_endpoint", ep, untyped_slot, dest_slot, 0, 0, 0);
}

erix_status_t erix_kctl_derive_grant(uint32_t ep, uint32_t tcb_slot, uint32_t dest_slot,
                                     uint32_t window_base, uint32_t window_count,
                                     uint32_t rights_mask)
{
    return record("derive_grant", ep, tcb_slot, dest_slot, window_base, window_count,
                  rights_mask);
}

erix_status_t erix_kctl_install(uint32_t ep, uint32_t grant_slot, uint32_t src_slot,
                                uint32_t child_slot, uint32_t rights_mask, uint64_t badge)
{
    return record("install", ep, grant_slot, src_slot, child_slot, rights_mask, badge);
}

erix_status_t erix_kctl_set_fault_endpoint(uint32_t ep, uint32_t tcb_slot,
                                           uint32_t endpoint_slot)
{
    return record("set_fault", ep, tcb_slot, endpoint_slot, 0, 0, 0);
}

erix_status_t erix_kctl_query_process(uint32_t ep, uint32_t tcb_slot,
                                      struct erix_kctl_process_resp *out)
{
    erix_status_t st = record("query_process", ep, tcb_slot, 0, 0, 0, 0);
    if (st == ERIX_OK)
        *out = (struct erix_kctl_process_resp){rt_next_pid, ERIX_PROC_STAGED, 0, 0,
                                               rt_live_grants, 5};
    return st;
}

erix_status_t erix_kctl_kill(uint32_t ep, uint32_t tcb_slot, uint32_t reason)
{
    return record("kill", ep, tcb_slot, reason, 0, 0, 0);
}

erix_status_t erix_kctl_abort(uint32_t ep, uint32_t tcb_slot)
{
    return record("abort", ep, tcb_slot, 0, 0, 0, 0);
}

erix_status_t erix_kctl_restage(uint32_t ep, uint32_t tcb_slot)
{
    return record("restage", ep, tcb_slot, 0, 0, 0, 0);
}

erix_status_t erix_kctl_create_process(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                       uint32_t priority, uint32_t *pid)
{
    erix_status_t st = record("create_process", ep, untyped_slot, dest_slot, priority, 0, 0);
    if (st == ERIX_OK && pid != NULL)
        *pid = rt_next_pid;
    return st;
}

erix_status_t erix_kctl_retype_frame(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                     uint32_t pages)
{
    return record("retype_frame", ep, untyped_slot, dest_slot, pages, 0, 0);
}

erix_status_t erix_kctl_map_frame(uint32_t ep, uint32_t vspace_slot, uint32_t frame_slot,
                                  uint64_t vaddr, uint32_t perms)
{
    return record("map_frame", ep, vspace_slot, frame_slot, vaddr, perms, 0);
}

erix_status_t erix_kctl_unmap_frame(uint32_t ep, uint32_t frame_slot)
{
    return record("unmap_frame", ep, frame_slot, 0, 0, 0, 0);
}

erix_status_t erix_kctl_clock(uint32_t ep, struct erix_kctl_clock_resp *out)
{
    erix_status_t st = record("clock", ep, 0, 0, 0, 0, 0);
    if (st == ERIX_OK)
        *out = (struct erix_kctl_clock_resp){rt_clock_ns, rt_clock_ns / 1000u};
    return st;
}

erix_status_t erix_kctl_copy(uint32_t ep, uint32_t src, uint32_t dest, uint32_t rights_mask,
                             uint64_t badge)
{
    return record("copy", ep, src, dest, rights_mask, badge, 0);
}

/* ---- lib-rt: capabilities, IPC, log ------------------------------------------------ */

erix_status_t erix_cap_info(uint32_t slot, struct erix_cap_info *out)
{
    erix_status_t st = record("cap_info", slot, 0, 0, 0, 0, 0);
    if (st == ERIX_OK)
        *out = (struct erix_cap_info){ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, 0, 0, 1u << 20,
                                      rt_cap_aux};
    return st;
}

erix_status_t erix_cap_drop(uint32_t slot)
{
    return record("cap_drop", slot, 0, 0, 0, 0, 0);
}

erix_status_t erix_reply(uint32_t slot, uint64_t token, uint32_t op, const void *body,
                         uint16_t len)
{
    (void)body;
    unsigned armed = rt_xfer_count;
    rt_xfer_count = 0; /* the send consumes the table, whatever the outcome */
    return record("reply", slot, token, op, len, armed, 0);
}

erix_status_t erix_xfer_set(const uint32_t *slots, const uint8_t *rights_masks,
                            const uint8_t *modes, unsigned count)
{
    erix_status_t st = record("xfer_set", count, 0, 0, 0, 0, 0);
    if (st != ERIX_OK || count > ERIX_XFER_MAX_ENTRIES)
        return st;
    memset(&rt_xfer, 0, sizeof rt_xfer);
    rt_xfer.prelude = (struct erix_xfer_prelude){ERIX_XFER_VERSION_1, (uint16_t)count, 0};
    for (unsigned i = 0; i < count; i++)
        rt_xfer.entries[i] = (struct erix_xfer_entry){slots[i], rights_masks[i], modes[i], 0};
    rt_xfer_count = count;
    return ERIX_OK;
}

erix_status_t erix_vlog(const char *fmt, va_list ap)
{
    vsnprintf(rt_log, sizeof rt_log, fmt, ap);
    return record("log", 0, 0, 0, 0, 0, 0);
}
