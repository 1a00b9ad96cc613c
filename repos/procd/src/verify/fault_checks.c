/*
 * fault_checks.c - phase0-verify-fault: a faulting process is killed and its
 * fault event reported with vector and address (a write to address 0:
 * vector 14, address 0; ud2: vector 6), nothing of it stays behind, and procd
 * goes on serving (a process started after the faults exits normally).
 *
 * Images: 1 phase0-fault, 2 phase0-exit.
 */
#include <erix/layout.h>
#include <erix/rt.h>

#include "../phase0/phase0.h"
#include "verify.h"

#define IMAGE_FAULT (PHASE0_IMAGE_FIRST_HELPER + 0u)
#define IMAGE_EXIT (PHASE0_IMAGE_FIRST_HELPER + 1u)

static bool in_text(uint64_t rip)
{
    return rip >= ERIX_USER_IMAGE_BASE && rip < ERIX_USER_IMAGE_BASE + (16u << 20);
}

static void fault(const char *name, uint32_t mode, uint64_t vector, bool check_address)
{
    uint32_t pid = 0;
    struct erix_event ev = {0, 0, 0, 0, 0};
    struct erix_procd_query_resp q;
    erix_status_t st = v_spawn("phase0-fault", IMAGE_FAULT, mode, &pid);
    if (st == ERIX_OK)
        st = v_wait(pid, &ev);
    bool ok = st == ERIX_OK && ev.pid == pid && ev.kind == ERIX_EVENT_FAULT &&
              ev.code == vector && in_text(ev.rip) && (!check_address || ev.address == 0);
    v_check(name, ok, "pid=%u kind=0x%x vector=%llu address=0x%llx rip=0x%llx status=%s", pid,
            ev.kind, (unsigned long long)ev.code, (unsigned long long)ev.address,
            (unsigned long long)ev.rip, erix_status_name(st));
    st = v_query(pid, &q);
    v_check("fault-killed", st == ERIX_OK && q.state == ERIX_PROCD_STATE_FAULTED && q.code == vector,
            "pid=%u state=%u code=%llu status=%s", pid, q.state, (unsigned long long)q.code,
            erix_status_name(st));
    st = v_wait(pid, &ev);
    v_check("fault-event-once", st == ERIX_ERR_STATE, "pid=%u status=%s", pid,
            erix_status_name(st));
}

static void goes_on(void)
{
    uint32_t pid = 0;
    struct erix_event ev = {0, 0, 0, 0, 0};
    erix_status_t st = v_spawn("phase0-exit", IMAGE_EXIT, 0x2a, &pid);
    if (st == ERIX_OK)
        st = v_wait(pid, &ev);
    v_check("fault-system-goes-on", st == ERIX_OK && ev.kind == ERIX_EVENT_EXIT && ev.code == 0x2a,
            "pid=%u kind=0x%x code=0x%llx status=%s", pid, ev.kind, (unsigned long long)ev.code,
            erix_status_name(st));
}

void v_run_fault(void)
{
    struct v_baseline b;
    (void)v_take_baseline(&b);
    fault("fault-null-write", PHASE0_FAULT_NULL_WRITE, 14, true);
    fault("fault-invalid-opcode", PHASE0_FAULT_INVALID_OPCODE, 6, false);
    (void)v_check_nothing_left("fault-nothing-left", &b, 2);
    goes_on();
}
