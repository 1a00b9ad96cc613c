/*
 * suite_child.c - the suite's child processes: each test's children come
 * from the suite's own pools (one pool per child, reset by the runner after
 * the test), spawned from the suite's own image, wired with a fault endpoint
 * and a peer endpoint through install grants when the test asks for them;
 * and the call that asks a ROLE_PROBE child what it received.
 */
#include <string.h>

#include "suite.h"

static uint32_t pools_used;

static uint32_t child_base(const struct ktest_child *c)
{
    return c->r.tcb_slot + ERIX_SPAWN_SLOTS; /* event, peer, grant, then spares */
}

uint32_t suite_child_slot(const struct ktest_child *c, uint32_t n)
{
    return child_base(c) + 3 + n;
}

erix_status_t suite_child_give(const struct ktest_child *c, uint32_t src, uint32_t child_slot,
                               uint32_t rights, uint64_t badge)
{
    uint32_t grant = child_base(c) + 2;
    erix_status_t st = erix_kctl_derive_grant(EP, c->r.tcb_slot, grant, child_slot, 1,
                                              ERIX_RIGHTS_ALL);
    if (st != ERIX_OK)
        return st;
    st = erix_kctl_install(EP, grant, src, child_slot, rights, badge);
    erix_status_t drop = erix_cap_drop(grant);
    return st != ERIX_OK ? st : drop;
}

static erix_status_t wire(struct ktest_child *c, unsigned flags)
{
    uint32_t base = child_base(c);
    erix_status_t st = ERIX_OK;
    if (flags & CHILD_FAULT_EP) {
        c->event_ep = base;
        st = erix_kctl_create_endpoint(EP, c->pool, base);
        if (st == ERIX_OK)
            st = suite_child_give(c, base, KTEST_CHILD_EVENT_SLOT, ERIX_RIGHT_SEND, 0);
        if (st == ERIX_OK)
            st = erix_kctl_set_fault_endpoint(EP, c->r.tcb_slot, KTEST_CHILD_EVENT_SLOT);
    }
    if ((flags & CHILD_PEER) && st == ERIX_OK) {
        c->peer_ep = base + 1;
        st = erix_kctl_create_endpoint(EP, c->pool, base + 1);
        if (st == ERIX_OK)
            st = suite_child_give(c, base + 1, KTEST_CHILD_PEER_SLOT, ERIX_RIGHTS_ALL, 0);
    }
    return st;
}

erix_status_t suite_child_new(struct ktest_child *c, uint32_t priority, unsigned flags)
{
    memset(c, 0, sizeof *c);
    if (pools_used >= SUITE_POOLS)
        return ERIX_ERR_LIMIT;
    uint32_t i = pools_used++;
    c->pool = SUITE_POOL_SLOT + i;
    erix_status_t st = erix_spawn_create(&suite_env.spawn, c->pool, suite_env.image,
                                         suite_env.image_size, priority,
                                         SUITE_CHILD_SLOTS + 64 * i, &c->r);
    return st != ERIX_OK ? st : wire(c, flags);
}

erix_status_t suite_child_start(struct ktest_child *c, uint32_t role, uint64_t param)
{
    return erix_spawn_start(&suite_env.spawn, &c->r, KTEST_CHILD_MAGIC, role, param);
}

erix_status_t suite_child_spawn(struct ktest_child *c, uint32_t role, uint64_t param)
{
    erix_status_t st = suite_child_new(c, KTEST_DEFAULT_PRIORITY, CHILD_DEFAULT);
    return st != ERIX_OK ? st : suite_child_start(c, role, param);
}

erix_status_t suite_child_event(const struct ktest_child *c, struct erix_event *ev)
{
    if (c->event_ep == 0)
        return ERIX_ERR_STATE;
    return ktest_child_event(c, SUITE_TIMEOUT_US, ev);
}

erix_status_t suite_child_exit(const struct ktest_child *c, uint64_t *code)
{
    struct erix_event ev;
    erix_status_t st = suite_child_event(c, &ev);
    if (st != ERIX_OK)
        return st;
    *code = ev.code;
    return ev.kind == ERIX_EVENT_EXIT && ev.pid == c->r.pid ? ERIX_OK : ERIX_ERR_STATE;
}

erix_status_t suite_child_run(uint32_t role, uint64_t param, uint64_t *code)
{
    struct ktest_child c;
    erix_status_t st = suite_child_spawn(&c, role, param);
    return st != ERIX_OK ? st : suite_child_exit(&c, code);
}

erix_status_t suite_child_query(const struct ktest_child *c, struct erix_kctl_process_resp *p)
{
    return erix_kctl_query_process(EP, c->r.tcb_slot, p);
}

erix_status_t suite_child_on(struct ktest_child *c, uint32_t ep, uint32_t rights,
                             uint64_t badge, uint32_t role, uint64_t param)
{
    erix_status_t st = suite_child_new(c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP);
    if (st == ERIX_OK)
        st = suite_child_give(c, ep, KTEST_CHILD_PEER_SLOT, rights, badge);
    return st != ERIX_OK ? st : suite_child_start(c, role, param);
}

erix_status_t suite_probe_call(uint32_t slot, uint32_t op, const void *body, uint16_t len,
                               struct ktest_probe_report *r)
{
    uint16_t got = 0;
    uint32_t reply_op = 1;
    memset(r, 0, sizeof *r);
    erix_status_t st = erix_call_ex(slot, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, op, body, len, r,
                                    sizeof *r, &got, &reply_op);
    if (st == ERIX_OK && (got != sizeof *r || reply_op != ERIX_OK))
        return ERIX_ERR_MALFORMED;
    return st;
}

void suite_children_reset(void)
{
    for (uint32_t i = 0; i < pools_used; i++)
        (void)erix_kctl_untyped_reset(EP, SUITE_POOL_SLOT + i);
    pools_used = 0;
}
