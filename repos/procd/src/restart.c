/*
 * restart.c - the restart policy and its rate limiter (restart.h).
 */
#include <string.h>

#include "restart.h"

#define NS_PER_MS 1000000ull

uint32_t procd_backoff_ms(uint32_t fast)
{
    if (fast == 0)
        return 0;
    uint64_t ms = ERIX_PROCD_BACKOFF_BASE_MS;
    for (uint32_t i = 1; i < fast && ms < ERIX_PROCD_BACKOFF_MAX_MS; i++)
        ms *= 2;
    return ms < ERIX_PROCD_BACKOFF_MAX_MS ? (uint32_t)ms : ERIX_PROCD_BACKOFF_MAX_MS;
}

erix_status_t procd_restart_check(const struct erix_procd_policy_req *q)
{
    switch (q->policy) {
    case ERIX_PROCD_POLICY_HOLD:
        return q->min_runtime_ms == 0 && q->max_restarts == 0 ? ERIX_OK
                                                               : ERIX_ERR_INVALID_ARGUMENT;
    case ERIX_PROCD_POLICY_RESTART:
        return q->min_runtime_ms >= 1 && q->min_runtime_ms <= ERIX_PROCD_MAX_MIN_RUNTIME_MS &&
                       q->max_restarts >= 1 && q->max_restarts <= ERIX_PROCD_MAX_RESTARTS
                   ? ERIX_OK
                   : ERIX_ERR_INVALID_ARGUMENT;
    default: return ERIX_ERR_INVALID_ARGUMENT;
    }
}

void procd_restart_set(struct procd_restart *r, const struct erix_procd_policy_req *q)
{
    r->policy = q->policy;
    r->min_runtime_ms = q->min_runtime_ms;
    r->max_restarts = q->max_restarts;
}

void procd_restart_started(struct procd_restart *r, uint64_t now_ns)
{
    r->started_ns = now_ns;
}

static uint32_t runtime_ms(const struct procd_restart *r, uint64_t now_ns)
{
    uint64_t ms = now_ns > r->started_ns ? (now_ns - r->started_ns) / NS_PER_MS : 0;
    return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

enum procd_restart_verdict procd_restart_on_end(struct procd_restart *r, uint32_t kind,
                                                uint64_t now_ns)
{
    r->last_runtime_ms = runtime_ms(r, now_ns);
    if (r->policy != ERIX_PROCD_POLICY_RESTART || kind == ERIX_EVENT_STOPPED)
        return PROCD_RESTART_FINAL;
    if (r->restarts >= r->max_restarts) {
        r->flags |= ERIX_PROCD_POLICY_FLAG_GAVE_UP;
        return PROCD_RESTART_GIVE_UP;
    }
    if (r->last_runtime_ms >= r->min_runtime_ms)
        r->fast_failures = 0;
    else
        r->fast_failures++;
    r->last_delay_ms = procd_backoff_ms(r->fast_failures);
    r->due_ns = now_ns + (uint64_t)r->last_delay_ms * NS_PER_MS;
    r->flags |= ERIX_PROCD_POLICY_FLAG_PENDING;
    return PROCD_RESTART_SCHEDULE;
}

bool procd_restart_due(const struct procd_restart *r, uint64_t now_ns)
{
    return (r->flags & ERIX_PROCD_POLICY_FLAG_PENDING) != 0 && now_ns >= r->due_ns;
}

void procd_restart_done(struct procd_restart *r, uint64_t now_ns)
{
    r->flags &= ~ERIX_PROCD_POLICY_FLAG_PENDING;
    r->restarts++;
    r->started_ns = now_ns;
}

void procd_restart_cancel(struct procd_restart *r, bool failed)
{
    r->flags &= ~ERIX_PROCD_POLICY_FLAG_PENDING;
    if (failed)
        r->flags |= ERIX_PROCD_POLICY_FLAG_FAILED;
}
