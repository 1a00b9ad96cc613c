/*
 * fuzz.c - ktest-fuzz, the root task of kernel-fuzz: rounds of a child that
 * throws seeded random system calls and kernel-control requests at the
 * kernel (fuzz_child.c). Each round must end in the child's exit (or a fault
 * of its own making); the kernel must never panic. Every round runs in a fresh
 * pool, destroyed afterwards, so the rounds also exercise teardown.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/kctl.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rootd_report.h>
#include <erix/rt.h>

#include "ktest.h"

#define FUZZ_ROUNDS 12u
#define FUZZ_ITERATIONS 5000u
#define FUZZ_UNTYPED_PAGES 96u

static struct ktest_env env;

/* The fuzzer's authority: the PROCESS family and memory of its own. */
static erix_status_t arm(struct ktest_child *c, uint32_t scratch)
{
    uint32_t grant = scratch, mem = scratch + 1;
    erix_status_t st = erix_kctl_retype_untyped(env.kctl, c->pool, mem, FUZZ_UNTYPED_PAGES);
    if (st == ERIX_OK)
        st = erix_kctl_derive_grant(env.kctl, c->r.tcb_slot, grant, KTEST_FUZZ_KCTL_SLOT, 2,
                                    ERIX_RIGHTS_ALL);
    if (st == ERIX_OK)
        st = erix_kctl_install(env.kctl, grant, ERIX_SLOT_KERNEL_PROCESS, KTEST_FUZZ_KCTL_SLOT,
                               ERIX_RIGHT_SEND, 0);
    if (st == ERIX_OK)
        st = erix_kctl_install(env.kctl, grant, mem, KTEST_FUZZ_UNTYPED_SLOT,
                               ERIX_RIGHTS_ALL | ERIX_INSTALL_MOVE, 0);
    erix_status_t drop = erix_cap_drop(grant);
    return st != ERIX_OK ? st : drop;
}

/* The child's next kernel event; what it sends there itself is refused. */
static erix_status_t await_event(const struct ktest_child *c, struct erix_event *ev)
{
    for (unsigned junk = 0;; junk++) {
        struct erix_msg m;
        erix_status_t st = erix_recv(c->event_ep, ERIX_IPC_TIMED, 60000000, &m);
        if (st != ERIX_OK)
            return st;
        if ((m.flags & ERIX_MSG_FLAG_KERNEL_EVENT) != 0 && m.len == sizeof *ev) {
            memcpy(ev, m.body, sizeof *ev);
            return ERIX_OK;
        }
        if (m.token != 0)
            (void)erix_reply(c->event_ep, m.token, ERIX_ERR_DENIED, NULL, 0);
    }
}

static const char *outcome(const struct erix_event *ev)
{
    return ev->kind == ERIX_EVENT_EXIT ? "exit" : ev->kind == ERIX_EVENT_FAULT ? "fault" : "stop";
}

static erix_status_t round_run(uint32_t n, uint64_t *calls)
{
    struct ktest_child c;
    struct erix_event ev;
    erix_status_t st = ktest_child_create(&env, n % KTEST_POOLS, KTEST_DEFAULT_PRIORITY, false, &c);
    if (st == ERIX_OK)
        st = arm(&c, ktest_child_spare_slot(&c, 0));
    if (st == ERIX_OK)
        st = ktest_child_run(&env, &c, ROLE_FUZZ, (uint64_t)(n + 1) | ((uint64_t)FUZZ_ITERATIONS << 32));
    if (st != ERIX_OK)
        return st;
    st = await_event(&c, &ev);
    if (st == ERIX_ERR_TIMEOUT)
        (void)erix_kctl_kill(env.kctl, c.r.tcb_slot, ERIX_KILL_REASON_MANAGED_STOP);
    if (st == ERIX_OK) {
        erix_log("KTEST_FUZZ:ROUND n=%u outcome=%s code=0x%llx", n, outcome(&ev),
                 (unsigned long long)ev.code);
        *calls += ev.kind == ERIX_EVENT_EXIT ? ev.code : 0;
    }
    erix_status_t destroy = ktest_child_destroy(&env, &c);
    return st != ERIX_OK ? st : destroy;
}

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    ktest_child_main(a0, a1, a2);
    erix_status_t st = ktest_env_init(&env, a0, a1, ERIX_SLOT_KERNEL_PROCESS);
    uint64_t calls = 0;
    for (uint32_t n = 0; n < FUZZ_ROUNDS && st == ERIX_OK; n++)
        st = round_run(n, &calls);
    if (st != ERIX_OK) {
        erix_log("KTEST_FUZZ:FAILED status=%s", erix_status_name(st));
        erix_rootd_report_status(ERIX_ROOTD_STATUS_INTERNAL_ERROR);
        return 1;
    }
    erix_log("KTEST_FUZZ:DONE rounds=%u calls=%llu", FUZZ_ROUNDS, (unsigned long long)calls);
    erix_rootd_report_status(ERIX_ROOTD_STATUS_READY);
    return 0;
}
