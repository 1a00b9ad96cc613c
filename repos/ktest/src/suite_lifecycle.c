/*
 * suite_lifecycle.c - process lifecycle tests: ABORT of a staged child only,
 * KILL and its STOPPED event, QUERY_PROCESS through the states, exit codes,
 * WRITE_PROCESS_MEMORY into a staged child's anonymous pages only,
 * fault-endpoint registration against the target's own CSpace, the root's
 * own TCB, and what a child can and cannot reach.
 */
#include <string.h>

#include "suite.h"

static erix_status_t query(uint32_t tcb, struct erix_kctl_process_resp *p)
{
    return erix_kctl_query_process(EP, tcb, p);
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

SUITE_GROUP(group_lifecycle, tests);
