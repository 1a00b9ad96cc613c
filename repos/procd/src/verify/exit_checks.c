/*
 * exit_checks.c - phase0-verify-exit: exit codes arrive intact at the waiter,
 * each event exactly once and to the right waiter (by pid, in any order, and
 * to a waiter for any process), QUERY reports the state and code, and a
 * managed stop ends a running process with its own event.
 *
 * Images: 1 phase0-exit, 2 phase0-fault (its HANG mode is the process to stop).
 */
#include <erix/kctl.h>
#include <erix/rt.h>

#include "../phase0/phase0.h"
#include "verify.h"

#define IMAGE_EXIT (PHASE0_IMAGE_FIRST_HELPER + 0u)
#define IMAGE_FAULT (PHASE0_IMAGE_FIRST_HELPER + 1u)

static const uint64_t codes[] = {0, 1, 0x7f, 0xfffffffe};
#define NCODES (sizeof codes / sizeof codes[0])

static bool exit_event(const struct erix_event *ev, uint32_t pid, uint64_t code)
{
    return ev->pid == pid && ev->kind == ERIX_EVENT_EXIT && ev->code == code;
}

/* Every code, spawned at once, waited for by pid in reverse order. */
static void codes_by_pid(uint32_t *pids)
{
    for (unsigned i = 0; i < NCODES; i++) {
        erix_status_t st = v_spawn("phase0-exit", IMAGE_EXIT, codes[i], &pids[i]);
        v_check("exit-spawn", st == ERIX_OK && pids[i] != 0, "code=0x%llx pid=%u status=%s",
                (unsigned long long)codes[i], pids[i], erix_status_name(st));
    }
    for (unsigned k = NCODES; k-- > 0;) {
        struct erix_event ev;
        erix_status_t st = v_wait(pids[k], &ev);
        v_check("exit-code", st == ERIX_OK && exit_event(&ev, pids[k], codes[k]),
                "pid=%u want=0x%llx got kind=0x%x code=0x%llx status=%s", pids[k],
                (unsigned long long)codes[k], ev.kind, (unsigned long long)ev.code,
                erix_status_name(st));
    }
}

static void exactly_once(const uint32_t *pids)
{
    for (unsigned i = 0; i < NCODES; i++) {
        struct erix_event ev;
        erix_status_t st = v_wait(pids[i], &ev);
        v_check("exit-event-once", st == ERIX_ERR_STATE, "pid=%u second wait status=%s", pids[i],
                erix_status_name(st));
        struct erix_procd_query_resp q;
        st = v_query(pids[i], &q);
        v_check("exit-query", st == ERIX_OK && q.state == ERIX_PROCD_STATE_EXITED &&
                                  q.code == codes[i] && q.pid == pids[i],
                "pid=%u state=%u code=0x%llx status=%s", pids[i], q.state,
                (unsigned long long)q.code, erix_status_name(st));
    }
}

/* A waiter for any process gets the one event there is. */
static void any_waiter(void)
{
    uint32_t pid = 0;
    struct erix_event ev;
    erix_status_t st = v_spawn("phase0-exit", IMAGE_EXIT, 0x55, &pid);
    if (st == ERIX_OK)
        st = v_wait(0, &ev);
    v_check("exit-any-waiter", st == ERIX_OK && exit_event(&ev, pid, 0x55),
            "pid=%u got pid=%u kind=0x%x code=0x%llx status=%s", pid, ev.pid, ev.kind,
            (unsigned long long)ev.code, erix_status_name(st));
}

static void managed_stop(void)
{
    uint32_t pid = 0;
    struct erix_procd_query_resp q;
    struct erix_event ev;
    erix_status_t st = v_spawn("phase0-fault", IMAGE_FAULT, PHASE0_FAULT_HANG, &pid);
    v_sleep_ms(20); /* let it run */
    erix_status_t qs = st == ERIX_OK ? v_query(pid, &q) : st;
    v_check("stop-running", qs == ERIX_OK && q.state == ERIX_PROCD_STATE_RUNNING,
            "pid=%u state=%u status=%s", pid, q.state, erix_status_name(qs));
    st = v_stop(pid);
    v_check("stop-answered", st == ERIX_OK, "pid=%u status=%s", pid, erix_status_name(st));
    st = v_wait(pid, &ev);
    v_check("stop-event", st == ERIX_OK && ev.pid == pid && ev.kind == ERIX_EVENT_STOPPED &&
                              ev.code == ERIX_KILL_REASON_MANAGED_STOP,
            "pid=%u kind=0x%x code=0x%llx status=%s", pid, ev.kind, (unsigned long long)ev.code,
            erix_status_name(st));
    qs = v_query(pid, &q);
    v_check("stop-query", qs == ERIX_OK && q.state == ERIX_PROCD_STATE_STOPPED,
            "pid=%u state=%u status=%s", pid, q.state, erix_status_name(qs));
    st = v_stop(pid);
    v_check("stop-again-refused", st == ERIX_ERR_STATE, "status=%s", erix_status_name(st));
}

void v_run_exit(void)
{
    struct v_baseline b;
    uint32_t pids[NCODES];
    (void)v_take_baseline(&b);
    codes_by_pid(pids);
    exactly_once(pids);
    any_waiter();
    managed_stop();
    (void)v_check_nothing_left("exit-nothing-left", &b, NCODES + 2);
}
