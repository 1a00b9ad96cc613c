/*
 * restart.h - the restart policy of one process and its rate limiter: what
 * happens when a run ends (hold, restart after a back-off, or give up), when
 * a pending restart is due, and what GET_RESTART_POLICY reports.
 *
 *   policy HOLD:     every end is final.
 *   policy RESTART:  an exit or a fault restarts the process from the same
 *                    image with the same startup contract, after
 *                    procd_backoff_ms(fast failures in a row) when the run was
 *                    shorter than min_runtime_ms, at once otherwise; the end of
 *                    the run after max_restarts restarts is final (GAVE_UP).
 *   managed stop:    always final.
 *
 * Times are nanoseconds of the kernel's monotonic clock, handed in by the
 * caller (the server reads the clock through the seam; tests use a fake
 * one). Pure: no system calls.
 */
#ifndef PROCD_RESTART_H
#define PROCD_RESTART_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/procd.h>
#include <erix/status.h>

struct procd_restart {
    uint32_t policy;          /* ERIX_PROCD_POLICY_* */
    uint32_t min_runtime_ms;
    uint32_t max_restarts;
    uint32_t restarts;        /* restarts carried out */
    uint32_t fast_failures;   /* runs in a row shorter than min_runtime_ms */
    uint32_t flags;           /* ERIX_PROCD_POLICY_FLAG_* */
    uint32_t last_delay_ms;
    uint32_t last_runtime_ms;
    uint64_t started_ns;      /* when the current run started */
    uint64_t due_ns;          /* PENDING: when the restart is due */
};

enum procd_restart_verdict {
    PROCD_RESTART_FINAL = 0,   /* hold, or a managed stop: the process is destroyed */
    PROCD_RESTART_GIVE_UP = 1, /* max_restarts reached: destroyed and reported */
    PROCD_RESTART_SCHEDULE = 2 /* restart at due_ns */
};

/* The back-off after `fast` fast failures in a row (0 for none). */
uint32_t procd_backoff_ms(uint32_t fast);

/* Is the policy request's body acceptable (ERIX_OK or ERIX_ERR_INVALID_ARGUMENT)? */
erix_status_t procd_restart_check(const struct erix_procd_policy_req *q);

/* Take a new policy (counters stay; a pending restart is the caller's to cancel). */
void procd_restart_set(struct procd_restart *r, const struct erix_procd_policy_req *q);

/* A run starts now. */
void procd_restart_started(struct procd_restart *r, uint64_t now_ns);

/* A run ended with an event of `kind` now: what happens next. SCHEDULE sets
 * PENDING and due_ns; GIVE_UP sets GAVE_UP. */
enum procd_restart_verdict procd_restart_on_end(struct procd_restart *r, uint32_t kind,
                                                uint64_t now_ns);

/* Is a pending restart due? */
bool procd_restart_due(const struct procd_restart *r, uint64_t now_ns);

/* The restart was carried out now: counted, and the new run started. */
void procd_restart_done(struct procd_restart *r, uint64_t now_ns);

/* The pending restart will not happen: cancelled (FAILED adds the flag). */
void procd_restart_cancel(struct procd_restart *r, bool failed);

#endif
