/*
 * launch.c - ktest-launch, the root task of phase0-root-launch. It prints what
 * the kernel handed it, checks its CSpace against the handoff with
 * QUERY_LOCAL_CAP, shows that a write to a kernel address and a jump into a
 * data page are each caught as a user fault (the faulting child stops, this
 * task goes on), and reports READY. It uses only the PROCESS family endpoint
 * that every runtime root task receives.
 */
#include <erix/caps.h>
#include <erix/kctl.h>
#include <erix/log.h>
#include <erix/rootd_report.h>
#include <erix/rt.h>

#include "ktest.h"

static struct ktest_env env;

static void print_handoff(const struct erix_handoff_view *v)
{
    uint64_t ram = 0, dev = 0;
    uint32_t dev_count = 0;
    for (uint32_t i = 0; i < v->header->untyped_count; i++) {
        if (v->untyped[i].flags & ERIX_HANDOFF_UNTYPED_DEVICE) {
            dev += v->untyped[i].size;
            dev_count++;
        } else {
            ram += v->untyped[i].size;
        }
    }
    erix_log("KTEST_LAUNCH:HANDOFF untyped=%u ram_kib=%llu device_untyped=%u device_mib=%llu "
             "modules=%u slots=%u",
             v->header->untyped_count, (unsigned long long)(ram >> 10), dev_count,
             (unsigned long long)(dev >> 20), v->header->module_count, v->header->slot_count);
    for (uint32_t i = 0; i < v->header->module_count; i++)
        erix_log("KTEST_LAUNCH:MODULE name=%s size=%llu frame_slot=%u", v->modules[i].name,
                 (unsigned long long)v->modules[i].size, v->modules[i].frame_slot);
}

/* Every inventory entry matches what QUERY_LOCAL_CAP says; returns mismatches. */
static uint32_t check_inventory(const struct erix_handoff_view *v)
{
    uint32_t bad = 0;
    for (uint32_t i = 0; i < v->header->slot_count; i++) {
        const struct erix_handoff_slot *s = &v->slots[i];
        struct erix_cap_info ci;
        if (erix_cap_info(s->slot, &ci) != ERIX_OK || ci.type != s->cap_type ||
            ci.rights != s->rights || ci.endpoint_kind != s->endpoint_kind)
            bad++;
    }
    for (uint32_t i = 0; i < v->header->untyped_count; i++) {
        struct erix_cap_info ci;
        if (erix_cap_info(v->untyped[i].slot, &ci) != ERIX_OK || ci.size != v->untyped[i].size)
            bad++;
    }
    return bad;
}

static uint32_t check_cspace(const struct erix_handoff_view *v)
{
    struct erix_cap_info ci;
    uint32_t bad = check_inventory(v);
    bad += erix_cap_info(ERIX_SLOT_LEGACY_ROOT, &ci) != ERIX_ERR_EMPTY_SLOT;
    bad += erix_cap_info(ERIX_SLOT_NULL, &ci) != ERIX_ERR_INVALID_SLOT;
    bad += erix_cap_info(ERIX_CSPACE_SLOTS, &ci) != ERIX_ERR_INVALID_SLOT;
    bad += erix_cap_info(4095, &ci) != ERIX_ERR_EMPTY_SLOT;
    bad += erix_cap_expect(ERIX_SLOT_KERNEL_LOG, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND,
                           ERIX_EP_LOG) != ERIX_OK;
    bad += erix_cap_expect(ERIX_SLOT_KERNEL_PROCESS, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND,
                           ERIX_EP_PROCESS) != ERIX_OK;
    bad += erix_cap_expect(ERIX_SLOT_SELF_TCB, ERIX_CAP_TCB, ERIX_RIGHTS_ALL,
                           ERIX_CAP_ANY_KIND) != ERIX_OK;
    erix_log("KTEST_LAUNCH:CSPACE entries=%u mismatches=%u", v->header->slot_count, bad);
    return bad;
}

static const char *role_name(uint32_t role)
{
    return role == ROLE_WRITE_KERNEL ? "kernel-write" : "data-exec";
}

static bool fault_caught(uint32_t role, uint32_t pool)
{
    struct ktest_child c;
    struct erix_event ev;
    erix_status_t st = ktest_child_start(&env, pool, role, 0, false, &c);
    if (st == ERIX_OK)
        st = ktest_child_event(&c, 2000000, &ev);
    bool ok = st == ERIX_OK && ev.kind == ERIX_EVENT_FAULT && ev.code == 14 &&
              ev.pid == c.r.pid;
    if (ok)
        erix_log("KTEST_LAUNCH:FAULT_CAUGHT kind=%s pid=%u vector=%llu addr=0x%llx rip=0x%llx",
                 role_name(role), ev.pid, (unsigned long long)ev.code,
                 (unsigned long long)ev.address, (unsigned long long)ev.rip);
    else
        erix_log("KTEST_LAUNCH:FAULT_MISSED kind=%s status=%s", role_name(role),
                 erix_status_name(st));
    (void)ktest_child_destroy(&env, &c);
    return ok;
}

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    ktest_child_main(a0, a1, a2);
    erix_status_t st = ktest_env_init(&env, a0, a1, ERIX_SLOT_KERNEL_PROCESS);
    if (st != ERIX_OK) {
        erix_log("KTEST_LAUNCH:ENV_FAILED status=%s", erix_status_name(st));
        erix_rootd_report_status(ERIX_ROOTD_STATUS_HANDOFF_INVALID);
        return 1;
    }
    erix_log("KTEST_LAUNCH:ENTRY rdi=0x%llx rsi=%llu rdx=%llu", (unsigned long long)a0,
             (unsigned long long)a1, (unsigned long long)a2);
    print_handoff(&env.handoff);
    bool ok = check_cspace(&env.handoff) == 0;
    ok = fault_caught(ROLE_WRITE_KERNEL, 0) && ok;
    ok = fault_caught(ROLE_EXEC_DATA, 1) && ok;
    erix_log("KTEST_LAUNCH:ALIVE after child faults");
    erix_rootd_report_stage("ROOT_LAUNCH_CHECKED");
    erix_rootd_report_status(ok ? ERIX_ROOTD_STATUS_READY : ERIX_ROOTD_STATUS_INTERNAL_ERROR);
    return 0;
}
