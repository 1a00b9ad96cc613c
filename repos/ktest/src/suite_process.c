/*
 * suite_process.c - process tests: staged creation and its refusals, install
 * grants (window, rights, badge, what they refuse), START and its checks
 * (refused while a grant lives), ABORT of a staged child only, KILL and its
 * STOPPED event, QUERY_PROCESS through the states, exit codes, writes into a
 * staged child's anonymous pages only, fault-endpoint registration against
 * the target's own CSpace, and what a child can and cannot do.
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
    CHECK_ST(erix_kctl_create_process(EP, ut, dst, 201, NULL), ERIX_ERR_INVALID_ARGUMENT);
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

/* ---- abort, kill, query ----------------------------------------------------------- */

static bool abort_staged_only(void)
{
    struct ktest_child c, r;
    struct erix_kctl_process_resp p;
    struct erix_kctl_slot_req arg = {0, 1};
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    arg.slot = c.r.tcb_slot;
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_ABORT_STAGED_PROCESS, &arg, sizeof arg, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_OK(erix_kctl_abort(EP, c.r.tcb_slot));
    CHECK_OK(query(c.r.tcb_slot, &p));
    CHECK_EQ(p.state, ERIX_PROC_KILLED);
    CHECK_ST(erix_kctl_abort(EP, c.r.tcb_slot), ERIX_ERR_STATE);
    CHECK_ST(suite_child_start(&c, ROLE_EXIT, 1), ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_derive_grant(EP, c.r.tcb_slot, suite_slot(), 20, 1, ERIX_RIGHTS_ALL),
             ERIX_ERR_STATE);
    CHECK_OK(suite_child_spawn(&r, ROLE_TIMED_RECV, 10000000));
    CHECK_ST(erix_kctl_abort(EP, r.r.tcb_slot), ERIX_ERR_STATE);
    CHECK_OK(query(r.r.tcb_slot, &p));
    CHECK_EQ(p.state, ERIX_PROC_RUNNING);
    return true;
}

static bool kill_with(uint32_t role, uint64_t param, uint32_t reason)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    struct erix_kctl_pid_resp out = {0, 0};
    struct erix_event ev;
    uint16_t len = 0;
    CHECK_OK(suite_child_spawn(&c, role, param));
    suite_sleep_us(10000);
    struct erix_kctl_slot_req r = {c.r.tcb_slot, reason};
    CHECK_OK(erix_kctl_raw(EP, ERIX_KCTL_KILL_PROCESS, &r, sizeof r, &out, sizeof out, &len));
    CHECK_EQ(len, sizeof out);
    CHECK_EQ(out.pid, c.r.pid);
    CHECK_OK(suite_child_event(&c, &ev));
    CHECK_EQ(ev.kind, ERIX_EVENT_STOPPED);
    CHECK_EQ(ev.code, reason);
    CHECK_EQ(ev.pid, c.r.pid);
    CHECK_OK(query(c.r.tcb_slot, &p));
    CHECK_EQ(p.state, ERIX_PROC_KILLED);
    CHECK_EQ(p.code, reason);
    CHECK_ST(erix_kctl_kill(EP, c.r.tcb_slot, reason), ERIX_ERR_STATE);
    return true;
}

static bool kill_blocked_child(void)
{
    return kill_with(ROLE_TIMED_RECV, 10000000, ERIX_KILL_REASON_MANAGED_STOP);
}

static bool kill_runnable_child(void)
{
    return kill_with(ROLE_SPIN, 0, ERIX_KILL_REASON_ABORT);
}

static bool kill_reason_checked(void)
{
    struct ktest_child c;
    CHECK_OK(suite_child_spawn(&c, ROLE_TIMED_RECV, 10000000));
    CHECK_ST(erix_kctl_kill(EP, c.r.tcb_slot, 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_kill(EP, c.r.tcb_slot, 3), ERIX_ERR_INVALID_ARGUMENT);
    return true;
}

static bool kill_staged_and_exited(void)
{
    struct ktest_child c, d;
    struct erix_event ev;
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(erix_kctl_kill(EP, c.r.tcb_slot, ERIX_KILL_REASON_ABORT));
    CHECK_OK(suite_child_event(&c, &ev));
    CHECK_EQ(ev.kind, ERIX_EVENT_STOPPED);
    CHECK_ST(suite_child_start(&c, ROLE_EXIT, 1), ERIX_ERR_STATE);
    CHECK_OK(suite_child_spawn(&d, ROLE_EXIT, 3));
    CHECK_EXIT(&d, 3);
    CHECK_ST(erix_kctl_kill(EP, d.r.tcb_slot, ERIX_KILL_REASON_MANAGED_STOP), ERIX_ERR_STATE);
    return true;
}

static bool query_states(void)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    struct erix_kctl_slot_req r = {0, 1};
    CHECK_OK(suite_child_new(&c, 42, CHILD_DEFAULT));
    CHECK_OK(query(c.r.tcb_slot, &p));
    CHECK(p.state == ERIX_PROC_STAGED && p.priority == 42 && p.pid == c.r.pid, "staged: %u",
          p.state);
    r.slot = c.r.tcb_slot;
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_QUERY_PROCESS, &r, sizeof r, &p, sizeof p, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(query(c.peer_ep, &p), ERIX_ERR_WRONG_TYPE);
    CHECK_OK(suite_child_start(&c, ROLE_TIMED_RECV, 10000000));
    suite_sleep_us(10000);
    CHECK_OK(query(c.r.tcb_slot, &p));
    CHECK_EQ(p.state, ERIX_PROC_RUNNING); /* blocked in the kernel */
    CHECK_OK(erix_notify(c.peer_ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, 1, NULL, 0));
    CHECK_EXIT(&c, ERIX_OK);
    CHECK_OK(query(c.r.tcb_slot, &p));
    CHECK_EQ(p.state, ERIX_PROC_EXITED);
    CHECK_EQ(p.code, ERIX_OK);
    return true;
}

static bool exit_codes_intact(void)
{
    static const uint64_t codes[] = {0, 1, 0x0123456789abcdefull, 0xffffffffffffffffull};
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        struct ktest_child c;
        struct erix_kctl_process_resp p;
        CHECK_OK(suite_child_spawn(&c, ROLE_EXIT, codes[i]));
        CHECK_EXIT(&c, codes[i]);
        CHECK_OK(query(c.r.tcb_slot, &p));
        CHECK_EQ(p.code, codes[i]);
        suite_children_reset();
    }
    return true;
}

static bool pids_distinct(void)
{
    struct ktest_child a, b;
    CHECK_OK(suite_child_spawn(&a, ROLE_EXIT, 1));
    CHECK_OK(suite_child_spawn(&b, ROLE_EXIT, 2));
    CHECK(a.r.pid != b.r.pid && a.r.pid != suite_self_pid, "pids %u %u", a.r.pid, b.r.pid);
    CHECK_EXIT(&a, 1);
    CHECK_EXIT(&b, 2);
    return true;
}

/* ---- WRITE_PROCESS_MEMORY ----------------------------------------------------------- */

static bool write_memory_staged(void)
{
    struct ktest_child c;
    uint64_t v = 0x0a0b0c0d0e0f1011ull;
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_DEFAULT));
    CHECK_OK(erix_kctl_write_memory(EP, c.r.tcb_slot, (uint64_t)(uintptr_t)&ktest_cell, &v,
                                    sizeof v));
    CHECK_OK(suite_child_start(&c, ROLE_READ, (uint64_t)(uintptr_t)&ktest_cell));
    CHECK_EXIT(&c, v);
    CHECK_EQ(ktest_cell, KTEST_CELL_INIT); /* our own copy is untouched */
    return true;
}

/* Shared anonymous pages: the write lands where the root sees it, across a page edge too. */
static bool write_memory_shared_page(void)
{
    struct ktest_child c;
    uint32_t f;
    volatile uint64_t *p;
    uint64_t v = 0x77, edge[2] = {0xaaaa, 0xbbbb};
    CHECK_OK(suite_map_new(2, &f, &p));
    uint32_t copy = suite_copy(f, ERIX_RIGHTS_ALL, 0);
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(erix_kctl_map_frame(EP, c.r.vspace_slot, copy, SUITE_CHILD_VA, ERIX_MAP_READ));
    CHECK_OK(erix_kctl_write_memory(EP, c.r.tcb_slot, SUITE_CHILD_VA + 64, &v, sizeof v));
    CHECK_EQ(p[8], 0x77); /* even a read-only mapping of the child's is filled */
    CHECK_OK(erix_kctl_write_memory(EP, c.r.tcb_slot, SUITE_CHILD_VA + 4088, edge, sizeof edge));
    CHECK(p[511] == 0xaaaa && p[512] == 0xbbbb, "the write across the page edge went astray");
    CHECK_ST(erix_kctl_write_memory(EP, c.r.tcb_slot, SUITE_CHILD_VA + 8184, edge, sizeof edge),
             ERIX_ERR_OUT_OF_RANGE); /* runs past the frame: nothing written */
    CHECK_EQ(p[1023], 0);
    return true;
}

static bool write_memory_refusals(void)
{
    struct ktest_child c;
    const struct erix_handoff_module *m = &suite_env.handoff.modules[0];
    uint32_t image = suite_copy(m->frame_slot, ERIX_RIGHTS_ALL, 0);
    uint32_t dev = suite_slot();
    uint64_t v = 1;
    CHECK_OK(erix_kctl_retype_frame(EP, suite_device_untyped(), dev, 1));
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    uint32_t t = c.r.tcb_slot;
    CHECK_OK(erix_kctl_map_frame(EP, c.r.vspace_slot, image, SUITE_CHILD_VA, ERIX_MAP_READ));
    CHECK_OK(erix_kctl_map_frame(EP, c.r.vspace_slot, dev, SUITE_CHILD_VA - 4096,
                                 ERIX_MAP_READ | ERIX_MAP_WRITE));
    CHECK_ST(erix_kctl_write_memory(EP, t, SUITE_CHILD_VA, &v, 8), ERIX_ERR_OUT_OF_RANGE);
    CHECK_ST(erix_kctl_write_memory(EP, t, SUITE_CHILD_VA - 4096, &v, 8), ERIX_ERR_OUT_OF_RANGE);
    CHECK_ST(erix_kctl_write_memory(EP, t, SUITE_CHILD_VA - 8192, &v, 8), ERIX_ERR_OUT_OF_RANGE);
    CHECK_ST(erix_kctl_write_memory(EP, t, ERIX_IPC_BUFFER_VADDR, &v, 8), ERIX_ERR_OUT_OF_RANGE);
    CHECK_ST(erix_kctl_write_memory(EP, t, 0xffffffff80000000ull, &v, 8), ERIX_ERR_OUT_OF_RANGE);
    CHECK_ST(erix_kctl_write_memory(EP, t, 0, &v, 8), ERIX_ERR_OUT_OF_RANGE);
    return true;
}

static bool write_memory_started_state(void)
{
    struct ktest_child c;
    uint64_t v = 1;
    CHECK_OK(suite_child_spawn(&c, ROLE_TIMED_RECV, 10000000));
    CHECK_ST(erix_kctl_write_memory(EP, c.r.tcb_slot, (uint64_t)(uintptr_t)&ktest_cell, &v, 8),
             ERIX_ERR_STATE);
    return true;
}

static bool write_memory_malformed(void)
{
    struct ktest_child c;
    uint8_t req[sizeof(struct erix_kctl_write_mem_req) + ERIX_KCTL_WRITE_MEM_MAX + 8];
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    struct erix_kctl_write_mem_req h = {c.r.tcb_slot, 0, (uint64_t)(uintptr_t)&ktest_cell};
    memset(req, 0, sizeof req);
    memcpy(req, &h, sizeof h);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, sizeof h, NULL, 0, NULL),
             ERIX_ERR_MALFORMED); /* length 0 */
    h.length = 8;
    memcpy(req, &h, sizeof h);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, sizeof h + 7, NULL, 0, NULL),
             ERIX_ERR_MALFORMED);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, sizeof h + 9, NULL, 0, NULL),
             ERIX_ERR_MALFORMED);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, 8, NULL, 0, NULL),
             ERIX_ERR_MALFORMED);
    h.length = ERIX_KCTL_WRITE_MEM_MAX + 1; /* more than a message can carry */
    memcpy(req, &h, sizeof h);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, sizeof h + 8, NULL, 0, NULL),
             ERIX_ERR_MALFORMED);
    h.length = 8;
    memcpy(req, &h, sizeof h);
    CHECK_OK(erix_kctl_raw(EP, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, sizeof h + 8, NULL, 0, NULL));
    return true;
}

/* ---- fault endpoints, what a child may do ----------------------------------------- */

static bool set_fault_endpoint_checks(void)
{
    struct ktest_child c;
    uint32_t ep = suite_endpoint();
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, 0));
    CHECK_OK(suite_child_give(&c, ERIX_SLOT_KERNEL_LOG, 12, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(suite_child_give(&c, ep, 13, ERIX_RIGHT_RECV, 0));
    CHECK_OK(suite_child_give(&c, ep, 15, ERIX_RIGHT_SEND, 0));
    uint32_t t = c.r.tcb_slot;
    CHECK_ST(erix_kctl_set_fault_endpoint(EP, t, 14), ERIX_ERR_EMPTY_SLOT);
    CHECK_ST(erix_kctl_set_fault_endpoint(EP, t, EP), ERIX_ERR_EMPTY_SLOT); /* ours, not its */
    CHECK_ST(erix_kctl_set_fault_endpoint(EP, t, 12), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_set_fault_endpoint(EP, t, 13), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_set_fault_endpoint(EP, t, ERIX_CSPACE_SLOTS), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_kctl_set_fault_endpoint(EP, t, 0), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_kctl_register_pager(EP, t, 12), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_register_pager(EP, t, 13), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_set_fault_endpoint(EP, ep, 15), ERIX_ERR_WRONG_TYPE);
    CHECK_OK(erix_kctl_set_fault_endpoint(EP, t, 15));
    CHECK_OK(erix_kctl_register_pager(EP, t, 15));
    return true;
}

/* The root task is no staged child of its own. */
static bool self_tcb_refusals(void)
{
    uint64_t v = 0;
    struct erix_kctl_process_resp p;
    CHECK_OK(erix_kctl_query_process(EP, ERIX_SLOT_SELF_TCB, &p));
    CHECK_EQ(p.state, ERIX_PROC_RUNNING);
    CHECK_EQ(p.pid, suite_self_pid);
    CHECK_ST(erix_kctl_derive_grant(EP, ERIX_SLOT_SELF_TCB, suite_slot(), 20, 1, ERIX_RIGHTS_ALL),
             ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_write_memory(EP, ERIX_SLOT_SELF_TCB, (uint64_t)(uintptr_t)&ktest_cell, &v,
                                    sizeof v),
             ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_start(EP, ERIX_SLOT_SELF_TCB, 0x400000, ERIX_USER_STACK_TOP, 0, 0, 0),
             ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_abort(EP, ERIX_SLOT_SELF_TCB), ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_resolve_fault(EP, ERIX_SLOT_SELF_TCB, ERIX_RESOLVE_RESUME), ERIX_ERR_STATE);
    return true;
}

static bool isolation_memory(void)
{
    uint64_t code = 0;
    ktest_cell = 0x9999;
    erix_status_t st = suite_child_run(ROLE_READ, (uint64_t)(uintptr_t)&ktest_cell, &code);
    ktest_cell = KTEST_CELL_INIT;
    CHECK_OK(st);
    CHECK_EQ(code, KTEST_CELL_INIT);
    return true;
}

static bool child_debug_log(void)
{
    uint64_t code = 1;
    CHECK_OK(suite_child_run(ROLE_DEBUG_LOG, 0, &code));
    CHECK_EQ(code, ERIX_OK);
    return true;
}

static bool child_report_denied(void)
{
    uint64_t code = 0;
    CHECK_OK(suite_child_run(ROLE_REPORT, 0, &code));
    CHECK_EQ(code, ERIX_ERR_DENIED);
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
    {"process.abort_staged_only", abort_staged_only},
    {"process.kill_blocked_child_stopped_event", kill_blocked_child},
    {"process.kill_runnable_child_stopped_event", kill_runnable_child},
    {"process.kill_reason_checked", kill_reason_checked},
    {"process.kill_staged_and_exited", kill_staged_and_exited},
    {"process.query_states", query_states},
    {"process.exit_codes_intact", exit_codes_intact},
    {"process.pids_distinct", pids_distinct},
    {"process.write_memory_staged", write_memory_staged},
    {"process.write_memory_shared_anon_page", write_memory_shared_page},
    {"process.write_memory_refusals", write_memory_refusals},
    {"process.write_memory_started_state", write_memory_started_state},
    {"process.write_memory_malformed", write_memory_malformed},
    {"process.set_fault_endpoint_checks", set_fault_endpoint_checks},
    {"process.self_tcb_refusals", self_tcb_refusals},
    {"process.isolation_memory", isolation_memory},
    {"process.child_debug_log", child_debug_log},
    {"process.child_rootd_report_denied", child_report_denied},
};

SUITE_GROUP(group_process, tests);
