/*
 * suite_process.c - process creation tests: staged creation and its
 * refusals, what a child's pool pays for, install grants (window, rights,
 * badge, what they refuse, when they stop working) and START with its
 * checks, refused while a grant lives.
 */
#include <string.h>

#include "suite.h"

#define PROCESS_PAGES 128u /* enough for one staged process */

static erix_status_t query(uint32_t tcb, struct erix_kctl_process_resp *p)
{
    return erix_kctl_query_process(EP, tcb, p);
}

/* ---- creation ------------------------------------------------------------------- */

static bool create_staged(void)
{
    struct erix_kctl_process_resp p;
    struct erix_cap_info ci;
    uint32_t ut = suite_untyped(PROCESS_PAGES), dst = suite_slot(), pid = 0;
    (void)suite_slot();
    CHECK_OK(erix_kctl_create_process(EP, ut, dst, 77, &pid));
    CHECK(pid != 0 && pid != suite_self_pid, "pid %u", pid);
    CHECK_OK(erix_cap_expect(dst, ERIX_CAP_TCB, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(erix_cap_expect(dst + 1, ERIX_CAP_VSPACE, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(erix_cap_info(dst, &ci));
    CHECK_EQ(ci.rights, ERIX_RIGHTS_ALL);
    CHECK_OK(query(dst, &p));
    CHECK_EQ(p.pid, pid);
    CHECK_EQ(p.state, ERIX_PROC_STAGED);
    CHECK_EQ(p.priority, 77);
    CHECK_EQ(p.live_grants, 0);
    CHECK(suite_watermark(ut) > 260 * 1024, "a process cost only 0x%llx bytes",
          (unsigned long long)suite_watermark(ut));
    return true;
}

static bool create_priority_above_caller(void)
{
    uint32_t ut = suite_untyped(PROCESS_PAGES), dst = suite_slot();
    (void)suite_slot();
    CHECK_ST(erix_kctl_create_process(EP, ut, dst, 201, NULL), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_create_process(EP, ut, dst, 256, NULL), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_EQ(suite_watermark(ut), 0);
    CHECK(suite_empty(dst), "a refused create filled its slot");
    CHECK_OK(erix_kctl_create_process(EP, ut, dst, 200, NULL)); /* equal is allowed */
    return true;
}

static bool create_slot_checks(void)
{
    uint32_t ut = suite_untyped(PROCESS_PAGES), a = suite_slot(), b = suite_endpoint();
    uint32_t c = suite_slot();
    struct erix_kctl_create_process_req flagged = {ut, c, 1, 1};
    CHECK_ST(erix_kctl_create_process(EP, ut, b, 1, NULL), ERIX_ERR_SLOT_OCCUPIED);
    CHECK_ST(erix_kctl_create_process(EP, ut, a, 1, NULL), ERIX_ERR_SLOT_OCCUPIED); /* a + 1 */
    CHECK_ST(erix_kctl_create_process(EP, ut, ERIX_SLOT_NULL, 1, NULL), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_kctl_create_process(EP, ut, ERIX_CSPACE_SLOTS - 1, 1, NULL),
             ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_kctl_create_process(EP, ut, ERIX_CSPACE_SLOTS, 1, NULL), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_kctl_create_process(EP, b, c, 1, NULL), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_CREATE_STAGED_PROCESS, &flagged, sizeof flagged, NULL,
                           0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_EQ(suite_watermark(ut), 0);
    CHECK(suite_empty(a) && suite_empty(c), "a refused create filled a slot");
    return true;
}

/* A child's grants and page tables are charged to the child's own pool. */
static bool child_pool_charged(void)
{
    uint32_t ut = suite_untyped(75), dst = suite_slot();
    (void)suite_slot(); /* dst + 1 */
    uint32_t f = suite_frame(1);
    uint64_t scratch = suite_watermark(SUITE_SCRATCH_SLOT);
    CHECK_OK(erix_kctl_create_process(EP, ut, dst, 1, NULL));
    uint32_t grants = 0;
    for (erix_status_t st = ERIX_OK; st == ERIX_OK && grants < 70; grants++) {
        uint64_t before = suite_watermark(ut);
        st = erix_kctl_derive_grant(EP, dst, suite_slot(), 20, 1, ERIX_RIGHTS_ALL);
        if (st == ERIX_OK)
            CHECK_EQ(suite_watermark(ut) - before, 64);
        else
            CHECK_ST(st, ERIX_ERR_NO_MEMORY);
    }
    CHECK(grants < 70, "the pool never ran out");
    CHECK_ST(erix_kctl_map_frame(EP, dst + 1, f, SUITE_CHILD_VA, ERIX_MAP_READ),
             ERIX_ERR_NO_MEMORY); /* its page tables would come from the full pool */
    CHECK_EQ(suite_watermark(SUITE_SCRATCH_SLOT), scratch);
    return true;
}

/* ---- install grants and START --------------------------------------------------- */

static bool start_refused_while_grant_lives(void)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    uint32_t g1 = suite_slot(), g2 = suite_slot();
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(erix_kctl_derive_grant(EP, c.r.tcb_slot, g1, 20, 4, ERIX_RIGHTS_ALL));
    CHECK_OK(erix_kctl_derive_grant(EP, c.r.tcb_slot, g2, 30, 1, ERIX_RIGHT_SEND));
    CHECK_OK(query(c.r.tcb_slot, &p));
    CHECK_EQ(p.live_grants, 2);
    CHECK_ST(suite_child_start(&c, ROLE_EXIT, 7), ERIX_ERR_STATE);
    CHECK_OK(erix_cap_drop(g1));
    CHECK_ST(suite_child_start(&c, ROLE_EXIT, 7), ERIX_ERR_STATE);
    CHECK_OK(erix_cap_drop(g2));
    CHECK_OK(query(c.r.tcb_slot, &p));
    CHECK_EQ(p.live_grants, 0);
    CHECK_EQ(p.state, ERIX_PROC_STAGED);
    CHECK_OK(suite_child_start(&c, ROLE_EXIT, 7));
    CHECK_EXIT(&c, 7);
    return true;
}

static erix_status_t start_at(const struct ktest_child *c, uint64_t entry, uint64_t stack)
{
    return erix_kctl_start(EP, c->r.tcb_slot, entry, stack, KTEST_CHILD_MAGIC, ROLE_EXIT, 9);
}

static bool start_checks(void)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    uint64_t entry = c.r.entry, stack = c.r.stack_top;
    CHECK_ST(start_at(&c, (uint64_t)(uintptr_t)ktest_rw_page, stack), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(start_at(&c, SUITE_CHILD_VA, stack), ERIX_ERR_INVALID_ARGUMENT); /* unmapped */
    CHECK_ST(start_at(&c, 0, stack), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(start_at(&c, 0xffffffff80000000ull, stack), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(start_at(&c, entry, stack - 8), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(start_at(&c, entry, 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(start_at(&c, entry, ERIX_USER_TOP + 16), ERIX_ERR_INVALID_ARGUMENT);
    struct erix_kctl_start_req r = {c.r.tcb_slot, 1, entry, stack, 0, 0, 0};
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_START_PROCESS, &r, sizeof r, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_OK(query(c.r.tcb_slot, &p));
    CHECK_EQ(p.state, ERIX_PROC_STAGED);
    CHECK_OK(start_at(&c, entry, stack));
    CHECK_EXIT(&c, 9);
    return true;
}

static bool start_twice_state(void)
{
    struct ktest_child c;
    CHECK_OK(suite_child_spawn(&c, ROLE_TIMED_RECV, 10000000));
    CHECK_ST(suite_child_start(&c, ROLE_EXIT, 1), ERIX_ERR_STATE);
    return true;
}

/* A TCB capability without WRITE may only be queried. */
static bool tcb_rights(void)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    uint8_t byte = 1;
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    uint32_t ro = suite_copy(c.r.tcb_slot, ERIX_RIGHT_READ, 0);
    uint32_t wo = suite_copy(c.r.tcb_slot, ERIX_RIGHT_WRITE, 0);
    CHECK_OK(query(ro, &p));
    CHECK_EQ(p.pid, c.r.pid);
    CHECK_ST(query(wo, &p), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_start(EP, ro, c.r.entry, c.r.stack_top, 0, 0, 0), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_kill(EP, ro, ERIX_KILL_REASON_MANAGED_STOP), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_abort(EP, ro), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_set_priority(EP, ro, 1), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_derive_grant(EP, ro, suite_slot(), 20, 1, ERIX_RIGHTS_ALL),
             ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_write_memory(EP, ro, (uint64_t)(uintptr_t)&ktest_cell, &byte, 1),
             ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_set_fault_endpoint(EP, ro, KTEST_CHILD_EVENT_SLOT), ERIX_ERR_NO_RIGHTS);
    CHECK_OK(query(c.r.tcb_slot, &p));
    CHECK_EQ(p.state, ERIX_PROC_STAGED);
    return true;
}

static bool grant_window_denied(void)
{
    struct ktest_child c;
    uint32_t g = suite_slot(), ep = suite_endpoint();
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, 0));
    CHECK_OK(erix_kctl_derive_grant(EP, c.r.tcb_slot, g, 20, 4, ERIX_RIGHTS_ALL));
    static const uint32_t outside[] = {19, 24, 0, 1, 4095};
    for (unsigned i = 0; i < sizeof outside / sizeof outside[0]; i++)
        CHECK(erix_kctl_install(EP, g, ep, outside[i], ERIX_RIGHTS_ALL, 0) == ERIX_ERR_DENIED,
              "install at child slot %u outside the window not DENIED", outside[i]);
    CHECK_OK(erix_kctl_install(EP, g, ep, 20, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(erix_kctl_install(EP, g, ep, 23, ERIX_RIGHTS_ALL, 0));
    CHECK_ST(erix_kctl_install(EP, g, ep, 23, ERIX_RIGHTS_ALL, 0), ERIX_ERR_SLOT_OCCUPIED);
    return true;
}

/* What a child finds in `slot` after an install with grant rights `grant_rights`. */
static bool installed_as(uint32_t grant_rights, uint32_t rights, uint64_t badge,
                         uint64_t want)
{
    struct ktest_child c;
    uint32_t g = suite_slot(), ep = suite_endpoint();
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(erix_kctl_derive_grant(EP, c.r.tcb_slot, g, 12, 1, grant_rights));
    CHECK_OK(erix_kctl_install(EP, g, ep, 12, rights, badge));
    CHECK_OK(erix_cap_drop(g));
    CHECK_OK(suite_child_start(&c, ROLE_CAPINFO, 12));
    CHECK_EXIT(&c, want);
    return true;
}

static bool grant_rights_limited(void)
{
    return installed_as(ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_RIGHTS_ALL, 0,
                        ktest_capinfo_code(ERIX_OK, ERIX_CAP_ENDPOINT,
                                           ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_EP_GENERIC, 0));
}

static bool grant_install_badge(void)
{
    return installed_as(ERIX_RIGHTS_ALL, ERIX_RIGHT_SEND, 0xbeef,
                        ktest_capinfo_code(ERIX_OK, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND,
                                           ERIX_EP_GENERIC, 0xbeef));
}

static bool grant_args(void)
{
    struct ktest_child c;
    uint32_t dst = suite_slot(), ep = suite_endpoint();
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    uint32_t t = c.r.tcb_slot;
    CHECK_ST(erix_kctl_derive_grant(EP, t, dst, 0, 4, ERIX_RIGHTS_ALL), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_derive_grant(EP, t, dst, 20, 0, ERIX_RIGHTS_ALL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_derive_grant(EP, t, dst, 4096, 1, ERIX_RIGHTS_ALL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_derive_grant(EP, t, dst, 4000, 97, ERIX_RIGHTS_ALL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_derive_grant(EP, t, dst, 20, 1, 0x20), ERIX_ERR_INVALID_ARGUMENT);
    struct erix_kctl_grant_req r = {t, dst, 20, 1, ERIX_RIGHTS_ALL, 1};
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_DERIVE_INSTALL_GRANT, &r, sizeof r, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_derive_grant(EP, t, ep, 20, 1, ERIX_RIGHTS_ALL), ERIX_ERR_SLOT_OCCUPIED);
    CHECK_ST(erix_kctl_derive_grant(EP, ep, dst, 20, 1, ERIX_RIGHTS_ALL), ERIX_ERR_WRONG_TYPE);
    CHECK(suite_empty(dst), "a refused grant filled its slot");
    CHECK_OK(erix_kctl_derive_grant(EP, t, dst, 4000, 96, ERIX_RIGHTS_ALL)); /* to the end */
    CHECK_OK(erix_cap_drop(dst));
    CHECK_OK(suite_child_start(&c, ROLE_TIMED_RECV, 10000000));
    CHECK_ST(erix_kctl_derive_grant(EP, t, dst, 20, 1, ERIX_RIGHTS_ALL), ERIX_ERR_STATE);
    return true;
}

static bool install_refusals(void)
{
    struct ktest_child c;
    uint32_t g = suite_slot(), ep = suite_endpoint(), ut = suite_untyped(1);
    uint32_t badged = suite_copy(ep, ERIX_RIGHTS_ALL, 5);
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(erix_kctl_derive_grant(EP, c.r.tcb_slot, g, 10, 8, ERIX_RIGHTS_ALL));
    CHECK_ST(erix_kctl_install(EP, g, ep, KTEST_CHILD_EVENT_SLOT, ERIX_RIGHTS_ALL, 0),
             ERIX_ERR_SLOT_OCCUPIED);
    CHECK_ST(erix_kctl_install(EP, g, ut, 12, ERIX_RIGHTS_ALL, 0), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_install(EP, g, g, 12, ERIX_RIGHTS_ALL, 0), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_install(EP, g, badged, 12, ERIX_RIGHTS_ALL, 6), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_install(EP, g, ep, 12, 0x40, 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_install(EP, ep, ep, 12, ERIX_RIGHTS_ALL, 0), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_install(EP, g, suite_slot(), 12, ERIX_RIGHTS_ALL, 0), ERIX_ERR_EMPTY_SLOT);
    CHECK_EQ(suite_watermark(ut), 0); /* the untyped stayed where it was */
    return true;
}

/* A grant to a child that is no longer staged installs nothing. */
static bool install_after_abort_state(void)
{
    struct ktest_child c;
    uint32_t g = suite_slot(), ep = suite_endpoint();
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(erix_kctl_derive_grant(EP, c.r.tcb_slot, g, 12, 1, ERIX_RIGHTS_ALL));
    CHECK_OK(erix_kctl_abort(EP, c.r.tcb_slot));
    CHECK_ST(erix_kctl_install(EP, g, ep, 12, ERIX_RIGHTS_ALL, 0), ERIX_ERR_STATE);
    return true;
}

static const struct suite_test tests[] = {
    {"process.create_staged", create_staged},
    {"process.create_priority_above_caller", create_priority_above_caller},
    {"process.create_slot_checks", create_slot_checks},
    {"process.child_pool_charged", child_pool_charged},
    {"process.start_refused_while_grant_lives", start_refused_while_grant_lives},
    {"process.start_checks_entry_and_stack", start_checks},
    {"process.start_twice_state", start_twice_state},
    {"process.tcb_without_write_only_queries", tcb_rights},
    {"process.grant_window_denied", grant_window_denied},
    {"process.grant_rights_limit_install", grant_rights_limited},
    {"process.grant_install_badge", grant_install_badge},
    {"process.grant_args", grant_args},
    {"process.install_refusals", install_refusals},
    {"process.install_after_abort_state", install_after_abort_state},
};

SUITE_GROUP(group_process, tests);
