/*
 * suite_lib.c - the suite's per-test resources: root slots and addresses
 * handed out by bumps, capabilities made from the scratch untyped, failure
 * reasons, and the cleanup after every test that takes all of it back (and
 * checks that the root task's own capabilities survived the test).
 */
#include <stdarg.h>
#include <string.h>

#include <erixc/format.h>

#include "suite.h"

#define SUITE_SLEEP_EP 906u /* an endpoint nobody ever sends to */

struct ktest_env suite_env;
uint32_t suite_self_pid;

static uint32_t next_slot = SUITE_SLOT_BASE;
static uint64_t next_va = SUITE_VA_BASE;
static char reason[240];

/* ---- failure reasons ------------------------------------------------------------ */

struct text {
    char *buf;
    size_t len, cap;
};

static void text_put(void *ctx, char c)
{
    struct text *t = ctx;
    if (t->len + 1 < t->cap)
        t->buf[t->len++] = c;
    t->buf[t->len] = 0;
}

bool suite_fail(int line, const char *fmt, ...)
{
    if (reason[0] != 0)
        return false; /* the first failure is the one reported */
    struct text t = {reason, 0, sizeof reason};
    t.len = format_buf(reason, sizeof reason, "line %d: ", line);
    va_list ap;
    va_start(ap, fmt);
    format_v(text_put, &t, fmt, ap);
    va_end(ap);
    return false;
}

const char *suite_reason(void)
{
    return reason[0] != 0 ? reason : "no reason given";
}

void suite_reason_clear(void)
{
    reason[0] = 0;
}

/* ---- slots, addresses, capabilities --------------------------------------------- */

uint32_t suite_slot(void)
{
    return next_slot < SUITE_SLOT_END ? next_slot++ : 0;
}

uint64_t suite_va(uint32_t pages)
{
    uint64_t va = next_va;
    next_va += ((uint64_t)pages + 1) * 4096; /* a guard page between ranges */
    return next_va <= SUITE_VA_END ? va : 0;
}

uint32_t suite_endpoint(void)
{
    uint32_t s = suite_slot();
    return erix_kctl_create_endpoint(EP, SUITE_SCRATCH_SLOT, s) == ERIX_OK ? s : 0;
}

uint32_t suite_frame(uint32_t pages)
{
    uint32_t s = suite_slot();
    return erix_kctl_retype_frame(EP, SUITE_SCRATCH_SLOT, s, pages) == ERIX_OK ? s : 0;
}

uint32_t suite_untyped(uint32_t pages)
{
    uint32_t s = suite_slot();
    return erix_kctl_retype_untyped(EP, SUITE_SCRATCH_SLOT, s, pages) == ERIX_OK ? s : 0;
}

uint32_t suite_copy(uint32_t src, uint32_t mask, uint64_t badge)
{
    uint32_t s = suite_slot();
    return erix_kctl_copy(EP, src, s, mask, badge) == ERIX_OK ? s : 0;
}

erix_status_t suite_map_new(uint32_t pages, uint32_t *slot, volatile uint64_t **mem)
{
    uint64_t va = suite_va(pages);
    *slot = suite_frame(pages);
    if (*slot == 0 || va == 0)
        return ERIX_ERR_NO_MEMORY;
    *mem = (volatile uint64_t *)(uintptr_t)va;
    return erix_kctl_map_frame(EP, ERIX_SLOT_SELF_VSPACE, *slot, va,
                               ERIX_MAP_READ | ERIX_MAP_WRITE);
}

uint32_t suite_rights(uint32_t slot)
{
    struct erix_cap_info ci;
    return erix_cap_info(slot, &ci) == ERIX_OK ? ci.rights : 0xffu;
}

uint64_t suite_watermark(uint32_t untyped_slot)
{
    struct erix_cap_info ci;
    return erix_cap_info(untyped_slot, &ci) == ERIX_OK ? ci.aux : ~0ull;
}

bool suite_empty(uint32_t slot)
{
    struct erix_cap_info ci;
    return erix_cap_info(slot, &ci) == ERIX_ERR_EMPTY_SLOT;
}

uint32_t suite_device_untyped(void)
{
    const struct erix_handoff_view *v = &suite_env.handoff;
    for (uint32_t i = 0; i < v->header->untyped_count; i++)
        if ((v->untyped[i].flags & ERIX_HANDOFF_UNTYPED_DEVICE) != 0 &&
            v->untyped[i].size >= (1u << 20))
            return v->untyped[i].slot;
    return 0;
}

uint64_t suite_now_ns(void)
{
    struct erix_kctl_clock_resp c = {0, 0};
    (void)erix_kctl_clock(EP, &c);
    return c.nanoseconds;
}

void suite_sleep_us(uint32_t us)
{
    struct erix_msg m;
    (void)erix_recv(SUITE_SLEEP_EP, ERIX_IPC_TIMED, us, &m);
}

erix_status_t suite_raw_transport(uint64_t nr, uint64_t arg, uint64_t header,
                                  struct erix_msg_regs *out)
{
    struct erix_msg_regs m = {header, {0, 0, 0, 0}, 0};
    erix_status_t st = erix_sys_transport(nr, arg, &m);
    if (out != NULL)
        *out = m;
    return st;
}

/* ---- set-up and cleanup ------------------------------------------------------------ */

erix_status_t suite_lib_setup(uint64_t handoff, uint64_t size)
{
    struct erix_kctl_process_resp self = {0, 0, 0, 0, 0, 0};
    erix_status_t st = ktest_env_init(&suite_env, handoff, size, EP);
    uint32_t bank = suite_env.bank_slot;
    if (st == ERIX_OK)
        st = erix_kctl_retype_untyped(EP, bank, SUITE_SCRATCH_SLOT, SUITE_SCRATCH_PAGES);
    for (uint32_t i = 0; i < SUITE_POOLS && st == ERIX_OK; i++)
        st = erix_kctl_retype_untyped(EP, bank, SUITE_POOL_SLOT + i, SUITE_POOL_PAGES);
    if (st == ERIX_OK)
        st = erix_kctl_create_endpoint(EP, bank, SUITE_SLEEP_EP);
    if (st == ERIX_OK)
        st = erix_kctl_query_process(EP, ERIX_SLOT_SELF_TCB, &self);
    suite_self_pid = self.pid;
    return st;
}

static bool root_intact(void)
{
    if (erix_cap_expect(EP, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_ROOT) != ERIX_OK)
        return suite_fail(0, "cleanup: the ROOT endpoint at slot 5 is gone");
    for (uint32_t kind = ERIX_EP_TIME; kind < ERIX_EP_KIND_COUNT; kind++)
        if (erix_cap_expect(erix_family_slot(kind), ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, kind) !=
            ERIX_OK)
            return suite_fail(0, "cleanup: family slot %u lost its endpoint",
                              erix_family_slot(kind));
    if (suite_watermark(SUITE_SCRATCH_SLOT) != 0)
        return suite_fail(0, "cleanup: the scratch untyped did not reset");
    for (uint32_t i = 0; i < SUITE_POOLS; i++)
        if (suite_watermark(SUITE_POOL_SLOT + i) != 0)
            return suite_fail(0, "cleanup: pool %u did not reset", i);
    return true;
}

bool suite_lib_cleanup(void)
{
    erix_xfer_clear();
    erix_recv_window(0, 0);
    erix_ipc_buffer()->reply_token = 0;
    suite_children_reset();
    (void)erix_kctl_untyped_reset(EP, SUITE_SCRATCH_SLOT);
    if (suite_device_untyped() != 0)
        (void)erix_kctl_untyped_reset(EP, suite_device_untyped());
    for (uint32_t s = SUITE_SLOT_BASE; s < next_slot; s++)
        (void)erix_cap_drop(s);
    next_slot = SUITE_SLOT_BASE;
    next_va = SUITE_VA_BASE;
    return root_intact();
}
