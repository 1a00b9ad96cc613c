/*
 * restart_checks.c - phase0-verify-restart: a service under the restart
 * policy crashes on every run; procd restarts it in place with its contract
 * intact (the helper checks its envelope, its capabilities and that its
 * memory is as new on every run, and faults at address 0 only if all hold),
 * the restart counter matches, the back-off holds (the gaps between crashes
 * grow at least as the rate limiter says, measured on the clock) and procd
 * answers requests while a restart is pending; after max_restarts it gives
 * up and reports. A service under the hold policy stays down and is reported.
 *
 * Image: 1 phase0-crash.
 */
#include <erix/caps.h>
#include <erix/rt.h>

#include "../phase0/phase0.h"
#include "verify.h"

#define IMAGE_CRASH (PHASE0_IMAGE_FIRST_HELPER + 0u)
#define MIN_RUNTIME_MS 1000u   /* every run is shorter: each is a fast failure */
#define MAX_RESTARTS 3u
#define NS_PER_MS 1000000ull

static bool launch(const char *role, uint32_t k, struct v_child *c, bool restart)
{
    erix_status_t st = v_create(role, IMAGE_CRASH, k, c);
    if (st == ERIX_OK)
        st = v_install(c, V_TIME, PHASE0_CRASH_TIME_SLOT, ERIX_RIGHT_SEND);
    if (st == ERIX_OK && restart) /* before START: no crash can come first */
        st = v_set_policy(c->pid, ERIX_PROCD_POLICY_RESTART, MIN_RUNTIME_MS, MAX_RESTARTS);
    if (st == ERIX_OK)
        st = v_start(c, role, PHASE0_CRASH_TIME_SLOT);
    return v_check("restart-launch", st == ERIX_OK, "role=%s pid=%u status=%s", role, c->pid,
                   erix_status_name(st));
}

/* A crash of an intact run: a write to address 0 (a broken one exits). */
static bool intact_crash(const struct erix_event *ev, uint32_t pid)
{
    return ev->pid == pid && ev->kind == ERIX_EVENT_FAULT && ev->code == 14 && ev->address == 0;
}

/* While restart `n` (1-based) waits out its back-off: procd answers, and says so. */
static void pending(uint32_t pid, uint32_t n)
{
    struct erix_procd_query_resp q;
    struct erix_procd_policy_resp p;
    uint32_t delay = ERIX_PROCD_BACKOFF_BASE_MS << (n - 1);
    uint64_t t0 = v_now_ns();
    erix_status_t st = v_query(pid, &q);
    uint64_t answered_ms = (v_now_ns() - t0) / NS_PER_MS;
    v_check("restart-served-while-pending",
            st == ERIX_OK && q.state == ERIX_PROCD_STATE_RESTARTING && q.restarts == n - 1 &&
                answered_ms < delay,
            "n=%u state=%u restarts=%u answered_ms=%llu delay_ms=%u status=%s", n, q.state,
            q.restarts, (unsigned long long)answered_ms, delay, erix_status_name(st));
    st = v_get_policy(pid, &p);
    v_check("restart-backoff-planned",
            st == ERIX_OK && p.policy == ERIX_PROCD_POLICY_RESTART &&
                (p.flags & ERIX_PROCD_POLICY_FLAG_PENDING) != 0 && p.last_delay_ms == delay &&
                p.fast_failures == n && p.restarts == n - 1 && p.last_runtime_ms < MIN_RUNTIME_MS,
            "n=%u flags=0x%x delay_ms=%u fast=%u restarts=%u run_ms=%u status=%s", n, p.flags,
            p.last_delay_ms, p.fast_failures, p.restarts, p.last_runtime_ms,
            erix_status_name(st));
}

static void crash_loop(void)
{
    struct v_child c;
    struct erix_event ev;
    uint64_t at[MAX_RESTARTS + 1];
    if (!launch("phase0-crash", 0, &c, true))
        return;
    for (uint32_t run = 0; run <= MAX_RESTARTS; run++) {
        erix_status_t st = v_wait(c.pid, &ev);
        at[run] = v_now_ns();
        v_check("restart-run-intact", st == ERIX_OK && intact_crash(&ev, c.pid),
                "run=%u pid=%u kind=0x%x code=0x%llx address=0x%llx status=%s", run + 1, c.pid,
                ev.kind, (unsigned long long)ev.code, (unsigned long long)ev.address,
                erix_status_name(st));
        if (run < MAX_RESTARTS)
            pending(c.pid, run + 1);
    }
    /* The gap between two crashes the verifier sees is the back-off plus a
     * whole run (start, the contract scan of 4095 slots) give or take the
     * time an event takes to reach the verifier, which is far shorter. */
    uint64_t gap_ms[MAX_RESTARTS + 1] = {0};
    for (uint32_t n = 1; n <= MAX_RESTARTS; n++) {
        gap_ms[n] = (at[n] - at[n - 1]) / NS_PER_MS;
        uint32_t delay = ERIX_PROCD_BACKOFF_BASE_MS << (n - 1);
        v_check("restart-backoff-measured", gap_ms[n] >= delay,
                "restart=%u gap_ms=%llu min_ms=%u", n, (unsigned long long)gap_ms[n], delay);
    }
    v_check("restart-backoff-grows", gap_ms[2] > gap_ms[1] && gap_ms[3] > gap_ms[2],
            "gaps_ms=%llu,%llu,%llu", (unsigned long long)gap_ms[1],
            (unsigned long long)gap_ms[2], (unsigned long long)gap_ms[3]);
    struct erix_procd_query_resp q;
    struct erix_procd_policy_resp p;
    erix_status_t st = v_query(c.pid, &q);
    v_check("restart-counter", st == ERIX_OK && q.restarts == MAX_RESTARTS &&
                                   q.state == ERIX_PROCD_STATE_FAULTED &&
                                   q.policy == ERIX_PROCD_POLICY_RESTART,
            "restarts=%u state=%u status=%s", q.restarts, q.state, erix_status_name(st));
    st = v_get_policy(c.pid, &p);
    v_check("restart-gave-up", st == ERIX_OK && (p.flags & ERIX_PROCD_POLICY_FLAG_GAVE_UP) != 0 &&
                                   (p.flags & ERIX_PROCD_POLICY_FLAG_PENDING) == 0 &&
                                   p.restarts == MAX_RESTARTS,
            "flags=0x%x restarts=%u status=%s", p.flags, p.restarts, erix_status_name(st));
    st = v_wait(c.pid, &ev);
    v_check("restart-no-more-events", st == ERIX_ERR_STATE, "status=%s", erix_status_name(st));
    st = v_set_policy(c.pid, ERIX_PROCD_POLICY_RESTART, MIN_RUNTIME_MS, MAX_RESTARTS);
    v_check("restart-policy-refused-when-down", st == ERIX_ERR_STATE, "status=%s",
            erix_status_name(st));
    (void)erix_cap_drop(c.endpoint);
}

static void hold(void)
{
    struct v_child c;
    struct erix_event ev;
    struct erix_procd_query_resp q;
    struct erix_procd_policy_resp p;
    if (!launch("phase0-crash-hold", 1, &c, false))
        return;
    erix_status_t st = v_get_policy(c.pid, &p);
    v_check("hold-is-default", st == ERIX_OK && p.policy == ERIX_PROCD_POLICY_HOLD,
            "policy=%u status=%s", p.policy, erix_status_name(st));
    st = v_wait(c.pid, &ev);
    v_check("hold-crash-reported", st == ERIX_OK && intact_crash(&ev, c.pid),
            "kind=0x%x code=0x%llx address=0x%llx status=%s", ev.kind,
            (unsigned long long)ev.code, (unsigned long long)ev.address, erix_status_name(st));
    v_sleep_ms(4 * ERIX_PROCD_BACKOFF_BASE_MS); /* longer than any restart would wait */
    st = v_query(c.pid, &q);
    v_check("hold-stays-down", st == ERIX_OK && q.state == ERIX_PROCD_STATE_FAULTED &&
                                   q.restarts == 0 && q.code == 14,
            "state=%u restarts=%u code=%llu status=%s", q.state, q.restarts,
            (unsigned long long)q.code, erix_status_name(st));
    st = v_wait(c.pid, &ev);
    v_check("hold-no-more-events", st == ERIX_ERR_STATE, "status=%s", erix_status_name(st));
    (void)erix_cap_drop(c.endpoint);
}

static void refusals(void)
{
    erix_status_t st = v_set_policy(0x7fff, ERIX_PROCD_POLICY_RESTART, MIN_RUNTIME_MS, 1);
    v_check("policy-unknown-pid", st == ERIX_ERR_NOT_FOUND, "status=%s", erix_status_name(st));
    st = v_set_policy(1, ERIX_PROCD_POLICY_RESTART, MIN_RUNTIME_MS, ERIX_PROCD_MAX_RESTARTS + 1);
    v_check("policy-bound", st == ERIX_ERR_INVALID_ARGUMENT, "status=%s", erix_status_name(st));
    st = v_set_policy(1, ERIX_PROCD_POLICY_HOLD, 5, 0);
    v_check("policy-hold-takes-no-limits", st == ERIX_ERR_INVALID_ARGUMENT, "status=%s",
            erix_status_name(st));
}

void v_run_restart(void)
{
    struct v_baseline b;
    (void)v_take_baseline(&b);
    crash_loop();
    hold();
    refusals();
    (void)v_check_nothing_left("restart-nothing-left", &b, 2);
}
