/*
 * suite_faults.c - fault and exception tests: every user exception the
 * children can raise (page faults of each kind, #UD, #DE, #GP from
 * privileged instructions, port I/O, DPL-0 gates and non-canonical
 * addresses, #NM and #UD with no FPU) arrives as an event with the exact
 * vector, address and rip; only the faulting process stops; RESOLVE_FAULT
 * kills or resumes; a pager gets the page faults; a process without a
 * manager is logged and killed while the system goes on.
 */
#include <string.h>

#include "suite.h"

#define NO_ADDRESS 0u
#define PF 14u
#define GP 13u
#define ANY_RIP 0u /* an unlabelled fault: the rip only has to be in the text */

static bool text_address(uint64_t a)
{
    return a >= ERIX_USER_IMAGE_BASE && a < ERIX_USER_IMAGE_BASE + (1u << 20);
}

/* The child's next event is this fault, and QUERY_PROCESS agrees. */
static bool expect_fault(const struct ktest_child *c, uint64_t vector, uint64_t address,
                         uint64_t rip)
{
    struct erix_event ev;
    struct erix_kctl_process_resp p;
    CHECK_OK(suite_child_event(c, &ev));
    CHECK(ev.kind == ERIX_EVENT_FAULT, "event 0x%x code 0x%llx, want a fault", ev.kind,
          (unsigned long long)ev.code);
    CHECK_EQ(ev.pid, c->r.pid);
    CHECK_EQ(ev.code, vector);
    CHECK_EQ(ev.address, address);
    if (rip == ANY_RIP)
        CHECK(text_address(ev.rip), "rip 0x%llx outside the text", (unsigned long long)ev.rip);
    else
        CHECK_EQ(ev.rip, rip);
    CHECK_OK(suite_child_query(c, &p));
    CHECK_EQ(p.state, ERIX_PROC_FAULTED);
    CHECK_EQ(p.code, vector);
    CHECK_EQ(p.address, address);
    return true;
}

static bool spawned_faults(uint32_t role, uint64_t param, uint64_t vector, uint64_t address,
                           uint64_t rip)
{
    struct ktest_child c;
    CHECK_OK(suite_child_spawn(&c, role, param));
    return expect_fault(&c, vector, address, rip);
}

/* ROLE_FAULT `kind`: the event names the labelled instruction. */
static bool labelled(uint32_t kind, uint64_t vector, uint64_t address)
{
    return spawned_faults(ROLE_FAULT, kind, vector, address, ktest_fault_ip(kind));
}

static bool ud(void) { return labelled(KTEST_FAULT_UD, 6, NO_ADDRESS); }
static bool divide(void) { return labelled(KTEST_FAULT_DIVIDE, 0, NO_ADDRESS); }
static bool gp_hlt(void) { return labelled(KTEST_FAULT_HLT, GP, NO_ADDRESS); }
static bool gp_out(void) { return labelled(KTEST_FAULT_OUT, GP, NO_ADDRESS); }
static bool gp_in(void) { return labelled(KTEST_FAULT_IN, GP, NO_ADDRESS); }
static bool gp_cli(void) { return labelled(KTEST_FAULT_CLI, GP, NO_ADDRESS); }
static bool gp_int3(void) { return labelled(KTEST_FAULT_INT3, GP, NO_ADDRESS); }
static bool gp_rdmsr(void) { return labelled(KTEST_FAULT_RDMSR, GP, NO_ADDRESS); }
static bool gp_cr3(void) { return labelled(KTEST_FAULT_CR3, GP, NO_ADDRESS); }
static bool gp_noncanonical(void) { return labelled(KTEST_FAULT_NONCANONICAL, GP, NO_ADDRESS); }
static bool gp_sgdt(void) { return labelled(KTEST_FAULT_SGDT, GP, NO_ADDRESS); }
static bool nm_x87(void) { return labelled(KTEST_FAULT_X87, 7, NO_ADDRESS); }
static bool ud_sse(void) { return labelled(KTEST_FAULT_SSE, 6, NO_ADDRESS); }

static bool pf_write_kernel(void)
{
    return labelled(KTEST_FAULT_WRITE_KERNEL, PF, 0xffffffff80000000ull);
}

static bool pf_write_own_text(void)
{
    return labelled(KTEST_FAULT_WRITE_TEXT, PF, ktest_fault_ip(KTEST_FAULT_WRITE_TEXT));
}

static bool pf_null_write(void)
{
    return spawned_faults(ROLE_NULL_WRITE, 0, PF, 0, ANY_RIP);
}

static bool pf_read_unmapped(void)
{
    return spawned_faults(ROLE_READ, ERIX_USER_BASE + 8, PF, ERIX_USER_BASE + 8, ANY_RIP);
}

static bool pf_read_kernel(void)
{
    return spawned_faults(ROLE_READ, 0xffff800000001000ull, PF, 0xffff800000001000ull, ANY_RIP);
}

static bool pf_exec_data(void)
{
    uint64_t page = (uint64_t)(uintptr_t)ktest_rw_page;
    return spawned_faults(ROLE_JUMP, page, PF, page, page);
}

static bool pf_exec_kernel(void)
{
    return spawned_faults(ROLE_JUMP, 0xffffffff80001000ull, PF, 0xffffffff80001000ull,
                          0xffffffff80001000ull);
}

static bool pf_exec_unmapped(void)
{
    return spawned_faults(ROLE_JUMP, SUITE_CHILD_VA, PF, SUITE_CHILD_VA, SUITE_CHILD_VA);
}

static bool pf_exec_stack(void)
{
    uint64_t a = ERIX_USER_STACK_TOP - 64;
    return spawned_faults(ROLE_JUMP, a, PF, a, a);
}

static bool pf_exec_ipc_buffer(void)
{
    return spawned_faults(ROLE_JUMP, ERIX_IPC_BUFFER_VADDR, PF, ERIX_IPC_BUFFER_VADDR,
                          ERIX_IPC_BUFFER_VADDR);
}

/* Below the stack nothing is mapped: an overflow faults just under its bottom. */
static bool pf_stack_overflow(void)
{
    struct ktest_child c;
    struct erix_event ev;
    CHECK_OK(suite_child_spawn(&c, ROLE_STACK_OVERFLOW, 1u << 20)); /* 1 GiB of frames */
    CHECK_OK(suite_child_event(&c, &ev));
    uint64_t bottom = c.r.stack_top - c.r.stack_size;
    CHECK(ev.kind == ERIX_EVENT_FAULT && ev.code == PF, "event 0x%x code %llu", ev.kind,
          (unsigned long long)ev.code);
    CHECK(ev.address < bottom && ev.address >= bottom - 8192,
          "fault at 0x%llx, the stack's bottom is 0x%llx", (unsigned long long)ev.address,
          (unsigned long long)bottom);
    CHECK(text_address(ev.rip), "rip 0x%llx", (unsigned long long)ev.rip);
    return true;
}

/* The kernel's event message: kernel flag, no token, no sender, 32 bytes. */
static bool event_message_form(void)
{
    struct ktest_child c;
    struct erix_msg m;
    struct erix_event ev;
    CHECK_OK(suite_child_spawn(&c, ROLE_EXIT, 0x1234));
    CHECK_OK(erix_recv(c.event_ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, &m));
    CHECK_EQ(m.op, ERIX_EVENT_EXIT);
    CHECK_EQ(m.flags, ERIX_MSG_FLAG_KERNEL_EVENT);
    CHECK_EQ(m.len, sizeof ev);
    CHECK_EQ(m.token, 0);
    CHECK_EQ(m.sender_pid, 0);
    memcpy(&ev, m.body, sizeof ev);
    CHECK(ev.kind == ERIX_EVENT_EXIT && ev.code == 0x1234 && ev.pid == c.r.pid,
          "exit event kind 0x%x code 0x%llx pid %u", ev.kind, (unsigned long long)ev.code,
          ev.pid);
    return true;
}

/* The event carries the badge of the fault endpoint capability in the child. */
static bool event_badge(void)
{
    struct ktest_child c;
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, 0));
    CHECK_OK(suite_child_give(&c, ep, 12, ERIX_RIGHT_SEND, 0x99));
    CHECK_OK(erix_kctl_set_fault_endpoint(EP, c.r.tcb_slot, 12));
    CHECK_OK(suite_child_start(&c, ROLE_FAULT, KTEST_FAULT_UD));
    CHECK_OK(erix_recv(ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, &m));
    CHECK_EQ(m.op, ERIX_EVENT_FAULT);
    CHECK_EQ(m.badge, 0x99);
    return true;
}

/* A sibling keeps serving while another child faults. */
static bool only_faulting_process_stops(void)
{
    struct ktest_child server, bad;
    struct erix_kctl_process_resp p;
    uint64_t v = 7, back = 0;
    uint16_t len = 0;
    CHECK_OK(suite_child_spawn(&server, ROLE_SERVER, 0));
    CHECK_OK(suite_child_spawn(&bad, ROLE_FAULT, KTEST_FAULT_WRITE_KERNEL));
    if (!expect_fault(&bad, PF, 0xffffffff80000000ull, ktest_fault_ip(KTEST_FAULT_WRITE_KERNEL)))
        return false;
    CHECK_OK(erix_call_ex(server.peer_ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, 3, &v, sizeof v,
                          &back, sizeof back, &len, NULL));
    CHECK_EQ(back, 7);
    CHECK_OK(suite_child_query(&server, &p));
    CHECK_EQ(p.state, ERIX_PROC_RUNNING);
    return true;
}

static bool resolve_kill(void)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    CHECK_OK(suite_child_spawn(&c, ROLE_FAULT, KTEST_FAULT_UD));
    if (!expect_fault(&c, 6, NO_ADDRESS, ktest_fault_ip(KTEST_FAULT_UD)))
        return false;
    CHECK_OK(erix_kctl_resolve_fault(EP, c.r.tcb_slot, ERIX_RESOLVE_KILL));
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.state, ERIX_PROC_KILLED);
    CHECK_EQ(p.code, 6);
    CHECK_ST(erix_kctl_resolve_fault(EP, c.r.tcb_slot, ERIX_RESOLVE_KILL), ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_resolve_fault(EP, c.r.tcb_slot, ERIX_RESOLVE_RESUME), ERIX_ERR_STATE);
    return true;
}

static bool resolve_checks(void)
{
    struct ktest_child run, staged;
    uint32_t ep = suite_endpoint();
    CHECK_OK(suite_child_spawn(&run, ROLE_TIMED_RECV, 10000000));
    CHECK_OK(suite_child_new(&staged, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_ST(erix_kctl_resolve_fault(EP, run.r.tcb_slot, ERIX_RESOLVE_KILL), ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_resolve_fault(EP, staged.r.tcb_slot, ERIX_RESOLVE_RESUME),
             ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_resolve_fault(EP, run.r.tcb_slot, 2), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_resolve_fault(EP, ep, ERIX_RESOLVE_KILL), ERIX_ERR_WRONG_TYPE);
    return true;
}

/* A fault that is not yet received cannot be resolved: it waits in the queue. */
static bool resolve_before_event_received(void)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    CHECK_OK(suite_child_spawn(&c, ROLE_FAULT, KTEST_FAULT_HLT));
    suite_sleep_us(10000);
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.state, ERIX_PROC_FAULTED);
    CHECK_ST(erix_kctl_resolve_fault(EP, c.r.tcb_slot, ERIX_RESOLVE_KILL), ERIX_ERR_STATE);
    return expect_fault(&c, GP, NO_ADDRESS, ktest_fault_ip(KTEST_FAULT_HLT));
}

/* Resume without a fix runs the instruction again: the same fault again. */
static bool resume_refaults(void)
{
    struct ktest_child c;
    CHECK_OK(suite_child_spawn(&c, ROLE_READ, SUITE_CHILD_VA));
    struct erix_event first;
    CHECK_OK(suite_child_event(&c, &first));
    CHECK_EQ(first.code, PF);
    CHECK_OK(erix_kctl_resolve_fault(EP, c.r.tcb_slot, ERIX_RESOLVE_RESUME));
    return expect_fault(&c, PF, SUITE_CHILD_VA, first.rip);
}

/* A page fault resolved by mapping the page: the child goes on and exits. */
static bool resume_after_mapping(void)
{
    struct ktest_child c;
    uint32_t f;
    volatile uint64_t *p;
    CHECK_OK(suite_map_new(1, &f, &p));
    CHECK_OK(suite_child_spawn(&c, ROLE_NULL_WRITE, SUITE_CHILD_VA + 16));
    if (!expect_fault(&c, PF, SUITE_CHILD_VA + 16, ANY_RIP))
        return false;
    uint32_t copy = suite_copy(f, ERIX_RIGHTS_ALL, 0);
    CHECK_OK(erix_kctl_map_frame(EP, c.r.vspace_slot, copy, SUITE_CHILD_VA,
                                 ERIX_MAP_READ | ERIX_MAP_WRITE));
    CHECK_OK(erix_kctl_resolve_fault(EP, c.r.tcb_slot, ERIX_RESOLVE_RESUME));
    CHECK_EXIT(&c, KTEST_EXIT_NO_FAULT);
    CHECK_EQ(p[2], 1); /* the write landed in the page we mapped */
    return true;
}

/* With a pager registered, page faults go to it; other faults still to the fault endpoint. */
static bool pager_gets_page_faults(void)
{
    struct ktest_child c, d;
    struct erix_msg m;
    struct erix_event ev;
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_DEFAULT));
    CHECK_OK(erix_kctl_register_pager(EP, c.r.tcb_slot, KTEST_CHILD_PEER_SLOT));
    CHECK_OK(suite_child_start(&c, ROLE_READ, SUITE_CHILD_VA));
    CHECK_OK(erix_recv(c.peer_ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, &m));
    CHECK_EQ(m.flags, ERIX_MSG_FLAG_KERNEL_EVENT);
    memcpy(&ev, m.body, sizeof ev);
    CHECK(ev.kind == ERIX_EVENT_FAULT && ev.code == PF && ev.address == SUITE_CHILD_VA,
          "pager event kind 0x%x code %llu addr 0x%llx", ev.kind, (unsigned long long)ev.code,
          (unsigned long long)ev.address);
    CHECK_ST(erix_recv(c.event_ep, ERIX_IPC_POLL, 0, &m), ERIX_ERR_WOULD_BLOCK);
    CHECK_OK(suite_child_new(&d, KTEST_DEFAULT_PRIORITY, CHILD_DEFAULT));
    CHECK_OK(erix_kctl_register_pager(EP, d.r.tcb_slot, KTEST_CHILD_PEER_SLOT));
    CHECK_OK(suite_child_start(&d, ROLE_FAULT, KTEST_FAULT_UD));
    if (!expect_fault(&d, 6, NO_ADDRESS, ktest_fault_ip(KTEST_FAULT_UD)))
        return false;
    CHECK_ST(erix_recv(d.peer_ep, ERIX_IPC_POLL, 0, &m), ERIX_ERR_WOULD_BLOCK);
    return true;
}

/* No fault endpoint: the kernel logs the fault and kills the process; we go on. */
static bool no_manager_logged_and_killed(void)
{
    struct ktest_child c, d;
    struct erix_kctl_process_resp p;
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, 0));
    CHECK_OK(suite_child_start(&c, ROLE_FAULT, KTEST_FAULT_WRITE_KERNEL));
    CHECK_OK(suite_child_new(&d, KTEST_DEFAULT_PRIORITY, 0));
    CHECK_OK(suite_child_start(&d, ROLE_EXIT, 0x66));
    suite_sleep_us(20000);
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.state, ERIX_PROC_KILLED);
    CHECK_EQ(p.code, PF);
    CHECK_EQ(p.address, 0xffffffff80000000ull);
    CHECK_ST(erix_kctl_resolve_fault(EP, c.r.tcb_slot, ERIX_RESOLVE_KILL), ERIX_ERR_STATE);
    CHECK_OK(suite_child_query(&d, &p));
    CHECK_EQ(p.state, ERIX_PROC_EXITED);
    CHECK_EQ(p.code, 0x66);
    return true;
}

/* The fault slot is looked up when the fault happens: a child that dropped its
 * fault endpoint is logged and killed. */
/*
 * The registered manager is a hidden copy in the TCB: a child that drops the
 * slot it was registered through and then faults still reports to it.
 */
static bool dropping_the_fault_slot_keeps_the_manager(void)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    struct erix_event ev;
    CHECK_OK(suite_child_spawn(&c, ROLE_DROP_FAULT, KTEST_CHILD_EVENT_SLOT));
    CHECK_OK(ktest_child_event(&c, 2000000, &ev));
    CHECK_EQ(ev.kind, ERIX_EVENT_FAULT);
    CHECK_EQ(ev.code, 6);
    CHECK_EQ(ev.pid, c.r.pid);
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.state, ERIX_PROC_FAULTED);
    return true;
}

/* Destroying a faulted child takes its undelivered event off the endpoint. */
static bool destroyed_child_event_withdrawn(void)
{
    struct ktest_child c;
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, 0));
    CHECK_OK(suite_child_give(&c, ep, 12, ERIX_RIGHT_SEND, 0));
    CHECK_OK(erix_kctl_set_fault_endpoint(EP, c.r.tcb_slot, 12));
    CHECK_OK(suite_child_start(&c, ROLE_FAULT, KTEST_FAULT_UD));
    suite_sleep_us(10000); /* its event waits in the endpoint's queue */
    suite_children_reset();
    CHECK_ST(erix_recv(ep, ERIX_IPC_POLL, 0, &m), ERIX_ERR_WOULD_BLOCK);
    return true;
}

/* A faulted process can still be killed: the manager gets a STOPPED event. */
static bool kill_faulted(void)
{
    struct ktest_child c;
    struct erix_event ev;
    struct erix_kctl_process_resp p;
    CHECK_OK(suite_child_spawn(&c, ROLE_FAULT, KTEST_FAULT_DIVIDE));
    if (!expect_fault(&c, 0, NO_ADDRESS, ktest_fault_ip(KTEST_FAULT_DIVIDE)))
        return false;
    CHECK_OK(erix_kctl_kill(EP, c.r.tcb_slot, ERIX_KILL_REASON_ABORT));
    CHECK_OK(suite_child_event(&c, &ev));
    CHECK_EQ(ev.kind, ERIX_EVENT_STOPPED);
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.state, ERIX_PROC_KILLED);
    CHECK_ST(erix_kctl_resolve_fault(EP, c.r.tcb_slot, ERIX_RESOLVE_RESUME), ERIX_ERR_STATE);
    return true;
}

static const struct suite_test tests[] = {
    {"fault.ud_invalid_opcode", ud},
    {"fault.de_divide_error", divide},
    {"fault.gp_hlt_privileged", gp_hlt},
    {"fault.gp_port_out", gp_out},
    {"fault.gp_port_in", gp_in},
    {"fault.gp_cli", gp_cli},
    {"fault.gp_int3_through_dpl0_gate", gp_int3},
    {"fault.gp_rdmsr", gp_rdmsr},
    {"fault.gp_mov_cr3", gp_cr3},
    {"fault.gp_noncanonical_address", gp_noncanonical},
    {"fault.gp_sgdt_under_umip", gp_sgdt},
    {"fault.nm_x87_without_fpu", nm_x87},
    {"fault.ud_sse_without_fpu", ud_sse},
    {"fault.pf_write_kernel", pf_write_kernel},
    {"fault.pf_write_own_text", pf_write_own_text},
    {"fault.pf_null_write", pf_null_write},
    {"fault.pf_read_unmapped", pf_read_unmapped},
    {"fault.pf_read_kernel_physmap", pf_read_kernel},
    {"fault.pf_exec_data_page", pf_exec_data},
    {"fault.pf_exec_kernel_text", pf_exec_kernel},
    {"fault.pf_exec_unmapped", pf_exec_unmapped},
    {"fault.pf_exec_stack", pf_exec_stack},
    {"fault.pf_exec_ipc_buffer", pf_exec_ipc_buffer},
    {"fault.pf_stack_overflow_below_the_stack", pf_stack_overflow},
    {"fault.event_message_form", event_message_form},
    {"fault.event_carries_endpoint_badge", event_badge},
    {"fault.only_faulting_process_stops", only_faulting_process_stops},
    {"fault.resolve_kill", resolve_kill},
    {"fault.resolve_checks", resolve_checks},
    {"fault.resolve_before_event_received_state", resolve_before_event_received},
    {"fault.resume_refaults", resume_refaults},
    {"fault.resume_after_mapping_the_page", resume_after_mapping},
    {"fault.pager_gets_page_faults_only", pager_gets_page_faults},
    {"fault.no_manager_logged_and_killed", no_manager_logged_and_killed},
    {"fault.kill_faulted_process", kill_faulted},
    {"fault.dropping_the_fault_slot_keeps_the_manager", dropping_the_fault_slot_keeps_the_manager},
    {"fault.destroyed_child_event_withdrawn", destroyed_child_event_withdrawn},
};

SUITE_GROUP(group_faults, tests);
