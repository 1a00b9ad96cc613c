/*
 * kctl_process.c - typed kernel-control calls on processes: staged creation,
 * install grants, start, kill, abort, query, fault and pager endpoints, fault
 * resolution and priority.
 */
#include "kctl_call.h"

#define REQ(r) (&(r)), (uint16_t)sizeof(r)

erix_status_t erix_kctl_create_process(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                       uint32_t priority, uint32_t *pid)
{
    struct erix_kctl_create_process_req r = {
        .untyped_slot = untyped_slot, .dest_slot = dest_slot, .priority = priority};
    struct erix_kctl_create_process_resp out;
    erix_status_t st = erix_rt_kctl(ep, ERIX_KCTL_CREATE_STAGED_PROCESS, REQ(r), &out,
                                    sizeof out);
    if (st == ERIX_OK && pid != NULL)
        *pid = out.pid;
    return st;
}

erix_status_t erix_kctl_derive_grant(uint32_t ep, uint32_t tcb_slot, uint32_t dest_slot,
                                     uint32_t window_base, uint32_t window_count,
                                     uint32_t rights_mask)
{
    struct erix_kctl_grant_req r = {.tcb_slot = tcb_slot,
                                    .dest_slot = dest_slot,
                                    .window_base = window_base,
                                    .window_count = window_count,
                                    .rights_mask = rights_mask};
    return erix_rt_kctl_loose(ep, ERIX_KCTL_DERIVE_INSTALL_GRANT, REQ(r), NULL, 0);
}

erix_status_t erix_kctl_install(uint32_t ep, uint32_t grant_slot, uint32_t src_slot,
                                uint32_t child_slot, uint32_t rights_mask, uint64_t badge)
{
    struct erix_kctl_install_req r = {.grant_slot = grant_slot,
                                      .src_slot = src_slot,
                                      .child_slot = child_slot,
                                      .rights_mask = rights_mask,
                                      .badge = badge};
    return erix_rt_kctl_loose(ep, ERIX_KCTL_INSTALL_WITH_GRANT, REQ(r), NULL, 0);
}

erix_status_t erix_kctl_start(uint32_t ep, uint32_t tcb_slot, uint64_t entry, uint64_t stack_top,
                              uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct erix_kctl_start_req r = {.tcb_slot = tcb_slot,
                                    .entry = entry,
                                    .stack_top = stack_top,
                                    .arg0 = a0,
                                    .arg1 = a1,
                                    .arg2 = a2};
    return erix_rt_kctl_loose(ep, ERIX_KCTL_START_PROCESS, REQ(r), NULL, 0);
}

erix_status_t erix_kctl_kill(uint32_t ep, uint32_t tcb_slot, uint32_t reason)
{
    return erix_rt_kctl_slot(ep, ERIX_KCTL_KILL_PROCESS, tcb_slot, reason);
}

erix_status_t erix_kctl_abort(uint32_t ep, uint32_t tcb_slot)
{
    return erix_rt_kctl_slot(ep, ERIX_KCTL_ABORT_STAGED_PROCESS, tcb_slot, 0);
}

erix_status_t erix_kctl_restage(uint32_t ep, uint32_t tcb_slot)
{
    return erix_rt_kctl_slot(ep, ERIX_KCTL_RESTAGE_PROCESS, tcb_slot, 0);
}

erix_status_t erix_kctl_query_process(uint32_t ep, uint32_t tcb_slot,
                                      struct erix_kctl_process_resp *out)
{
    struct erix_kctl_slot_req r = {.slot = tcb_slot, .arg = 0};
    return erix_rt_kctl(ep, ERIX_KCTL_QUERY_PROCESS, REQ(r), out, sizeof *out);
}

static erix_status_t register_endpoint(uint32_t ep, uint32_t op, uint32_t tcb_slot,
                                       uint32_t endpoint_slot)
{
    struct erix_kctl_endpoint_reg_req r = {.tcb_slot = tcb_slot, .endpoint_slot = endpoint_slot};
    return erix_rt_kctl_loose(ep, op, REQ(r), NULL, 0);
}

erix_status_t erix_kctl_set_fault_endpoint(uint32_t ep, uint32_t tcb_slot,
                                           uint32_t endpoint_slot)
{
    return register_endpoint(ep, ERIX_KCTL_SET_FAULT_ENDPOINT, tcb_slot, endpoint_slot);
}

erix_status_t erix_kctl_register_pager(uint32_t ep, uint32_t tcb_slot, uint32_t endpoint_slot)
{
    return register_endpoint(ep, ERIX_KCTL_REGISTER_PAGER, tcb_slot, endpoint_slot);
}

erix_status_t erix_kctl_resolve_fault(uint32_t ep, uint32_t tcb_slot, uint32_t action)
{
    struct erix_kctl_resolve_req r = {.tcb_slot = tcb_slot, .action = action};
    return erix_rt_kctl_loose(ep, ERIX_KCTL_RESOLVE_FAULT, REQ(r), NULL, 0);
}

erix_status_t erix_kctl_set_priority(uint32_t ep, uint32_t tcb_slot, uint32_t priority)
{
    struct erix_kctl_priority_req r = {.tcb_slot = tcb_slot, .priority = priority};
    return erix_rt_kctl_loose(ep, ERIX_KCTL_SET_PRIORITY, REQ(r), NULL, 0);
}
