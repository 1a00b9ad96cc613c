/*
 * test_restart.c - the restart policy state machine and its rate limiter,
 * driven by a fake clock: the policy check, hold and managed stop are final,
 * fast failures back off exponentially up to the cap, a run of at least the
 * minimum runtime clears the streak, the end after max_restarts gives up, a
 * restart is due exactly at its time, and done/cancel bookkeeping.
 */
#include <string.h>

#include <erix/procd.h>
#include <erix_test.h>

#include "restart.h"

#define MS 1000000ull

static struct procd_restart r;

static void policy(uint32_t p, uint32_t min_ms, uint32_t max)
{
    struct erix_procd_policy_req q = {1, p, min_ms, max};
    memset(&r, 0, sizeof r);
    procd_restart_set(&r, &q);
}

static void backoff_doubles_up_to_the_cap(void)
{
    ERIX_CHECK_EQ(procd_backoff_ms(0), 0);
    ERIX_CHECK_EQ(procd_backoff_ms(1), ERIX_PROCD_BACKOFF_BASE_MS);
    ERIX_CHECK_EQ(procd_backoff_ms(2), 2 * ERIX_PROCD_BACKOFF_BASE_MS);
    ERIX_CHECK_EQ(procd_backoff_ms(3), 4 * ERIX_PROCD_BACKOFF_BASE_MS);
    ERIX_CHECK_EQ(procd_backoff_ms(7), 64 * ERIX_PROCD_BACKOFF_BASE_MS);  /* 3200 */
    ERIX_CHECK_EQ(procd_backoff_ms(8), ERIX_PROCD_BACKOFF_MAX_MS);        /* 6400 capped */
    ERIX_CHECK_EQ(procd_backoff_ms(1000), ERIX_PROCD_BACKOFF_MAX_MS);
    ERIX_CHECK_EQ(procd_backoff_ms(0xffffffffu), ERIX_PROCD_BACKOFF_MAX_MS);
}

static void the_policy_request_is_checked(void)
{
    struct erix_procd_policy_req ok_hold = {1, ERIX_PROCD_POLICY_HOLD, 0, 0};
    struct erix_procd_policy_req ok_restart = {1, ERIX_PROCD_POLICY_RESTART, 1, 1};
    struct erix_procd_policy_req ok_max = {1, ERIX_PROCD_POLICY_RESTART,
                                           ERIX_PROCD_MAX_MIN_RUNTIME_MS, ERIX_PROCD_MAX_RESTARTS};
    ERIX_CHECK_EQ(procd_restart_check(&ok_hold), ERIX_OK);
    ERIX_CHECK_EQ(procd_restart_check(&ok_restart), ERIX_OK);
    ERIX_CHECK_EQ(procd_restart_check(&ok_max), ERIX_OK);
    const struct erix_procd_policy_req bad[] = {
        {1, ERIX_PROCD_POLICY_HOLD, 1, 0},
        {1, ERIX_PROCD_POLICY_HOLD, 0, 1},
        {1, ERIX_PROCD_POLICY_RESTART, 0, 1},
        {1, ERIX_PROCD_POLICY_RESTART, 1, 0},
        {1, ERIX_PROCD_POLICY_RESTART, ERIX_PROCD_MAX_MIN_RUNTIME_MS + 1, 1},
        {1, ERIX_PROCD_POLICY_RESTART, 1, ERIX_PROCD_MAX_RESTARTS + 1},
        {1, 2, 0, 0},
        {1, 0xffffffffu, 10, 1},
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ERIX_CHECK_EQ(procd_restart_check(&bad[i]), ERIX_ERR_INVALID_ARGUMENT);
}

static void hold_is_final(void)
{
    policy(ERIX_PROCD_POLICY_HOLD, 0, 0);
    procd_restart_started(&r, 10 * MS);
    ERIX_CHECK_EQ(procd_restart_on_end(&r, ERIX_EVENT_FAULT, 15 * MS), PROCD_RESTART_FINAL);
    ERIX_CHECK_EQ(r.flags, 0);
    ERIX_CHECK_EQ(r.last_runtime_ms, 5);
    ERIX_CHECK(!procd_restart_due(&r, 1000 * MS));
}

static void a_managed_stop_is_final(void)
{
    policy(ERIX_PROCD_POLICY_RESTART, 100, 5);
    ERIX_CHECK_EQ(procd_restart_on_end(&r, ERIX_EVENT_STOPPED, 0), PROCD_RESTART_FINAL);
    ERIX_CHECK_EQ(r.flags, 0);
    ERIX_CHECK_EQ(r.restarts, 0);
}

/* A crash loop: every run shorter than the minimum. */
static void fast_failures_back_off_exponentially(void)
{
    uint64_t now = 1000 * MS;
    policy(ERIX_PROCD_POLICY_RESTART, 500, 4);
    procd_restart_started(&r, now);
    for (uint32_t n = 1; n <= 4; n++) {
        now += 3 * MS; /* a 3 ms run */
        ERIX_CHECK_EQ(procd_restart_on_end(&r, ERIX_EVENT_FAULT, now), PROCD_RESTART_SCHEDULE);
        uint32_t delay = ERIX_PROCD_BACKOFF_BASE_MS << (n - 1);
        ERIX_CHECK_EQ(r.fast_failures, n);
        ERIX_CHECK_EQ(r.last_delay_ms, delay);
        ERIX_CHECK_EQ(r.last_runtime_ms, 3);
        ERIX_CHECK_EQ(r.due_ns, now + delay * MS);
        ERIX_CHECK(r.flags & ERIX_PROCD_POLICY_FLAG_PENDING);
        ERIX_CHECK(!procd_restart_due(&r, now));
        ERIX_CHECK(!procd_restart_due(&r, now + delay * MS - 1));
        ERIX_CHECK(procd_restart_due(&r, now + delay * MS));
        now += delay * MS;
        procd_restart_done(&r, now);
        ERIX_CHECK_EQ(r.restarts, n);
        ERIX_CHECK_EQ(r.started_ns, now);
        ERIX_CHECK(!(r.flags & ERIX_PROCD_POLICY_FLAG_PENDING));
        ERIX_CHECK(!procd_restart_due(&r, now + 100000 * MS));
    }
    now += 3 * MS;
    ERIX_CHECK_EQ(procd_restart_on_end(&r, ERIX_EVENT_EXIT, now), PROCD_RESTART_GIVE_UP);
    ERIX_CHECK(r.flags & ERIX_PROCD_POLICY_FLAG_GAVE_UP);
    ERIX_CHECK(!(r.flags & ERIX_PROCD_POLICY_FLAG_PENDING));
    ERIX_CHECK_EQ(r.restarts, 4);
}

static void a_long_enough_run_clears_the_streak(void)
{
    uint64_t now = 0;
    policy(ERIX_PROCD_POLICY_RESTART, 500, 10);
    procd_restart_started(&r, now);
    now += 10 * MS;
    (void)procd_restart_on_end(&r, ERIX_EVENT_FAULT, now);
    procd_restart_done(&r, now += 50 * MS);
    now += 20 * MS;
    (void)procd_restart_on_end(&r, ERIX_EVENT_FAULT, now);
    ERIX_CHECK_EQ(r.fast_failures, 2);
    ERIX_CHECK_EQ(r.last_delay_ms, 100);
    procd_restart_done(&r, now += 100 * MS);
    now += 500 * MS; /* exactly the minimum: healthy */
    ERIX_CHECK_EQ(procd_restart_on_end(&r, ERIX_EVENT_EXIT, now), PROCD_RESTART_SCHEDULE);
    ERIX_CHECK_EQ(r.fast_failures, 0);
    ERIX_CHECK_EQ(r.last_delay_ms, 0);
    ERIX_CHECK_EQ(r.last_runtime_ms, 500);
    ERIX_CHECK(procd_restart_due(&r, now)); /* at once */
    procd_restart_done(&r, now);
    now += 499 * MS; /* one short: fast again, from the start of the ladder */
    (void)procd_restart_on_end(&r, ERIX_EVENT_FAULT, now);
    ERIX_CHECK_EQ(r.fast_failures, 1);
    ERIX_CHECK_EQ(r.last_delay_ms, ERIX_PROCD_BACKOFF_BASE_MS);
}

static void exits_restart_too(void)
{
    policy(ERIX_PROCD_POLICY_RESTART, 1, 1);
    procd_restart_started(&r, 0);
    ERIX_CHECK_EQ(procd_restart_on_end(&r, ERIX_EVENT_EXIT, 5 * MS), PROCD_RESTART_SCHEDULE);
    procd_restart_done(&r, 5 * MS);
    ERIX_CHECK_EQ(procd_restart_on_end(&r, ERIX_EVENT_EXIT, 9 * MS), PROCD_RESTART_GIVE_UP);
}

static void a_clock_that_did_not_move_counts_as_zero(void)
{
    policy(ERIX_PROCD_POLICY_RESTART, 1, 2);
    procd_restart_started(&r, 50 * MS);
    ERIX_CHECK_EQ(procd_restart_on_end(&r, ERIX_EVENT_FAULT, 40 * MS), PROCD_RESTART_SCHEDULE);
    ERIX_CHECK_EQ(r.last_runtime_ms, 0);
    ERIX_CHECK_EQ(r.fast_failures, 1);
}

static void cancel_clears_pending(void)
{
    policy(ERIX_PROCD_POLICY_RESTART, 100, 3);
    (void)procd_restart_on_end(&r, ERIX_EVENT_FAULT, 0);
    procd_restart_cancel(&r, false);
    ERIX_CHECK_EQ(r.flags, 0);
    ERIX_CHECK(!procd_restart_due(&r, 1000000 * MS));
    (void)procd_restart_on_end(&r, ERIX_EVENT_FAULT, 0);
    procd_restart_cancel(&r, true);
    ERIX_CHECK_EQ(r.flags, ERIX_PROCD_POLICY_FLAG_FAILED);
    ERIX_CHECK_EQ(r.restarts, 0);
}

static void a_new_policy_keeps_the_counters(void)
{
    policy(ERIX_PROCD_POLICY_RESTART, 10, 2);
    (void)procd_restart_on_end(&r, ERIX_EVENT_FAULT, 0);
    procd_restart_done(&r, 0);
    struct erix_procd_policy_req q = {1, ERIX_PROCD_POLICY_RESTART, 20, 5};
    procd_restart_set(&r, &q);
    ERIX_CHECK_EQ(r.restarts, 1);
    ERIX_CHECK_EQ(r.max_restarts, 5);
    ERIX_CHECK_EQ(r.min_runtime_ms, 20);
    struct erix_procd_policy_req h = {1, ERIX_PROCD_POLICY_HOLD, 0, 0};
    procd_restart_set(&r, &h);
    ERIX_CHECK_EQ(procd_restart_on_end(&r, ERIX_EVENT_FAULT, 0), PROCD_RESTART_FINAL);
}

int main(void)
{
    ERIX_RUN(backoff_doubles_up_to_the_cap);
    ERIX_RUN(the_policy_request_is_checked);
    ERIX_RUN(hold_is_final);
    ERIX_RUN(a_managed_stop_is_final);
    ERIX_RUN(fast_failures_back_off_exponentially);
    ERIX_RUN(a_long_enough_run_clears_the_streak);
    ERIX_RUN(exits_restart_too);
    ERIX_RUN(a_clock_that_did_not_move_counts_as_zero);
    ERIX_RUN(cancel_clears_pending);
    ERIX_RUN(a_new_policy_keeps_the_counters);
    return erix_test_finish();
}
