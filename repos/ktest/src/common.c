/*
 * common.c - the test root tasks' shared machinery: the handoff, the own
 * image, the pool untypeds, and children spawned from the own image with a
 * fault endpoint installed through an install grant.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/kctl.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "ktest.h"

static void own_name(const char *cmdline, char *out, size_t cap)
{
    const char *key = "erix.root=";
    const char *p = cmdline;
    for (; *p != 0; p++)
        if ((p == cmdline || p[-1] == ' ') && strncmp(p, key, strlen(key)) == 0)
            break;
    size_t n = 0;
    if (*p != 0)
        for (p += strlen(key); *p != 0 && *p != ' ' && n + 1 < cap; p++)
            out[n++] = *p;
    out[n] = 0;
}

static const struct erix_handoff_module *own_module(const struct erix_handoff_view *v)
{
    char name[ERIX_HANDOFF_NAME_MAX];
    own_name(v->header->cmdline, name, sizeof name);
    for (uint32_t i = 0; i < v->header->module_count; i++)
        if (strcmp(v->modules[i].name, name) == 0)
            return &v->modules[i];
    return NULL;
}

static uint32_t largest_ram_untyped(const struct erix_handoff_view *v)
{
    uint32_t best = 0;
    uint64_t size = 0;
    for (uint32_t i = 0; i < v->header->untyped_count; i++) {
        const struct erix_handoff_untyped *u = &v->untyped[i];
        if ((u->flags & ERIX_HANDOFF_UNTYPED_DEVICE) == 0 && u->size > size) {
            size = u->size;
            best = u->slot;
        }
    }
    return best;
}

erix_status_t ktest_env_init(struct ktest_env *e, uint64_t handoff, uint64_t size, uint32_t kctl)
{
    memset(e, 0, sizeof *e);
    erix_status_t st = erix_handoff_validate((const void *)(uintptr_t)handoff, size, &e->handoff);
    if (st != ERIX_OK)
        return st;
    const struct erix_handoff_module *m = own_module(&e->handoff);
    if (m == NULL)
        return ERIX_ERR_NOT_FOUND;
    e->kctl = kctl;
    e->spawn = (struct erix_spawn_env){kctl, ERIX_SLOT_SELF_VSPACE, KTEST_SCRATCH_VADDR,
                                       KTEST_SCRATCH_SIZE};
    if ((st = erix_spawn_map_image(&e->spawn, m->frame_slot, KTEST_IMAGE_VADDR)) != ERIX_OK)
        return st;
    e->image = (const uint8_t *)(uintptr_t)(KTEST_IMAGE_VADDR + (m->phys & 4095));
    e->image_size = m->size;
    e->bank_slot = largest_ram_untyped(&e->handoff);
    return e->bank_slot != 0 ? ERIX_OK : ERIX_ERR_NO_MEMORY;
}

static erix_status_t pools_init(struct ktest_env *e)
{
    for (uint32_t i = 0; i < KTEST_POOLS && !e->pools_ready; i++) {
        erix_status_t st =
            erix_kctl_retype_untyped(e->kctl, e->bank_slot, KTEST_POOL_SLOT + i, KTEST_POOL_PAGES);
        if (st != ERIX_OK)
            return st;
    }
    e->pools_ready = true;
    return ERIX_OK;
}

/* Install `src` (rights `rights`) at `child_slot` of a staged child through a grant. */
static erix_status_t install_one(struct ktest_env *e, const struct ktest_child *c, uint32_t src,
                                 uint32_t child_slot, uint32_t rights, uint32_t grant_slot)
{
    erix_status_t st = erix_kctl_derive_grant(e->kctl, c->r.tcb_slot, grant_slot, child_slot, 1,
                                              ERIX_RIGHTS_ALL);
    if (st != ERIX_OK)
        return st;
    st = erix_kctl_install(e->kctl, grant_slot, src, child_slot, rights, 0);
    erix_status_t drop = erix_cap_drop(grant_slot);
    return st != ERIX_OK ? st : drop;
}

static erix_status_t wire_child(struct ktest_env *e, struct ktest_child *c, bool with_peer)
{
    uint32_t base = c->r.tcb_slot + ERIX_SPAWN_SLOTS;
    c->event_ep = base;
    erix_status_t st = erix_kctl_create_endpoint(e->kctl, c->pool, c->event_ep);
    if (st == ERIX_OK)
        st = install_one(e, c, c->event_ep, KTEST_CHILD_EVENT_SLOT, ERIX_RIGHT_SEND, base + 2);
    if (st == ERIX_OK)
        st = erix_kctl_set_fault_endpoint(e->kctl, c->r.tcb_slot, KTEST_CHILD_EVENT_SLOT);
    if (st != ERIX_OK || !with_peer)
        return st;
    c->peer_ep = base + 1;
    st = erix_kctl_create_endpoint(e->kctl, c->pool, c->peer_ep);
    if (st == ERIX_OK)
        st = install_one(e, c, c->peer_ep, KTEST_CHILD_PEER_SLOT,
                         ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT, base + 2);
    return st;
}

erix_status_t ktest_child_create(struct ktest_env *e, uint32_t index, uint32_t priority,
                                 bool with_peer, struct ktest_child *c)
{
    memset(c, 0, sizeof *c);
    erix_status_t st = pools_init(e);
    if (st != ERIX_OK || index >= KTEST_POOLS)
        return st != ERIX_OK ? st : ERIX_ERR_INVALID_ARGUMENT;
    c->pool = KTEST_POOL_SLOT + index;
    st = erix_spawn_create(&e->spawn, c->pool, e->image, e->image_size, priority,
                           KTEST_CHILD_SLOTS + 64 * index, &c->r);
    if (st == ERIX_OK)
        st = wire_child(e, c, with_peer);
    if (st != ERIX_OK)
        (void)erix_spawn_destroy(&e->spawn, c->pool);
    return st;
}

erix_status_t ktest_child_run(struct ktest_env *e, struct ktest_child *c, uint32_t role,
                              uint64_t param)
{
    erix_status_t st = erix_spawn_start(&e->spawn, &c->r, KTEST_CHILD_MAGIC, role, param);
    if (st != ERIX_OK)
        (void)erix_spawn_destroy(&e->spawn, c->pool);
    return st;
}

erix_status_t ktest_child_start(struct ktest_env *e, uint32_t index, uint32_t role,
                                uint64_t param, bool with_peer, struct ktest_child *c)
{
    erix_status_t st = ktest_child_create(e, index, KTEST_DEFAULT_PRIORITY, with_peer, c);
    return st != ERIX_OK ? st : ktest_child_run(e, c, role, param);
}

uint32_t ktest_child_spare_slot(const struct ktest_child *c, uint32_t n)
{
    return c->r.tcb_slot + ERIX_SPAWN_SLOTS + 3 + n; /* past event, peer and grant slots */
}

erix_status_t ktest_child_event(const struct ktest_child *c, uint32_t timeout_us,
                                struct erix_event *ev)
{
    struct erix_msg m;
    erix_status_t st = erix_recv(c->event_ep, timeout_us != 0 ? ERIX_IPC_TIMED : 0, timeout_us, &m);
    if (st != ERIX_OK)
        return st;
    if ((m.flags & ERIX_MSG_FLAG_KERNEL_EVENT) == 0 || m.len != sizeof *ev)
        return ERIX_ERR_MALFORMED;
    memcpy(ev, m.body, sizeof *ev);
    return ERIX_OK;
}

erix_status_t ktest_child_destroy(struct ktest_env *e, struct ktest_child *c)
{
    return erix_spawn_destroy(&e->spawn, c->pool);
}
