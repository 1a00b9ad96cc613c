/*
 * verify.h - phase0-verify, the service that proves procd's phase0 guarantees
 * in QEMU. rootd stages it through procd (role phase0-verify-<check set>),
 * with procd's bootstrap endpoint, the child-populate family (to install
 * capabilities into the children it creates), the TIME family (its clock)
 * and rootd's READY endpoint. It drives procd through its ops, logs one line
 * per check (PHASE0_VERIFY:PASS <name> ... or PHASE0_VERIFY:FAIL <name> ...)
 * and answers the readiness handshake with ERIX_OK only if every check
 * passed, so rootd reports READY, or fails closed.
 */
#ifndef PHASE0_VERIFY_H
#define PHASE0_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/ipc.h>
#include <erix/procd.h>
#include <erix/status.h>

/* The verifier's slots (its envelope lists them; main.c checks). */
#define V_READY 33u
#define V_PROCD 48u                       /* procd, bootstrap badge, SEND|GRANT */
#define V_TIME 2128u                      /* TIME family: the clock (primary control) */
#define V_POPULATE 2304u                  /* CHILD_POPULATE: installs, copies */
#define V_SELF ERIX_PROCD_CHILD_SERVICE_SLOT /* its own service endpoint */
#define V_CHILD_BASE 256u                 /* CREATE replies land here, two slots each */

#define V_PRIORITY 90u                    /* children run below the verifier */

/* ---- checks and log lines ---------------------------------------------------------- */

/* One check: "PHASE0_VERIFY:PASS <name> <detail>" or "...:FAIL ...". */
bool v_check(const char *name, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
unsigned v_failures(void);
unsigned v_checks(void);

/* The monotonic clock (TIME family), in nanoseconds. */
uint64_t v_now_ns(void);

/* Block for `ms` milliseconds (a timed receive on the own endpoint). */
void v_sleep_ms(uint32_t ms);

/* ---- procd through the bootstrap surface --------------------------------------------
 * Each returns procd's status (or the transport's). */
erix_status_t v_call(uint32_t op, const void *req, uint16_t len, void *resp, uint16_t cap,
                     uint16_t *got);
erix_status_t v_spawn(const char *role, uint32_t image, uint64_t arg, uint32_t *pid);
erix_status_t v_wait(uint32_t pid, struct erix_event *ev);
erix_status_t v_query(uint32_t pid, struct erix_procd_query_resp *q);
erix_status_t v_stop(uint32_t pid);
erix_status_t v_set_policy(uint32_t pid, uint32_t policy, uint32_t min_ms, uint32_t max);
erix_status_t v_get_policy(uint32_t pid, struct erix_procd_policy_resp *p);
erix_status_t v_accounting(struct erix_procd_accounting_resp *a);

/* A staged child: its pid, and where the reply's endpoint and grant landed. */
struct v_child {
    uint32_t pid;
    uint32_t endpoint;          /* the child's service endpoint (SEND|GRANT) */
    uint32_t grant;             /* its install grant, until dropped */
};

/* CREATE_STAGED_PROCESS of `image` as `role`; k picks the landing slots. */
erix_status_t v_create(const char *role, uint32_t image, uint32_t k, struct v_child *c);

/* Install a copy of the verifier's `src` into the child's `slot` (rights). */
erix_status_t v_install(const struct v_child *c, uint32_t src, uint32_t slot, uint32_t rights);

/* Drop the grant and START with an envelope of `role` that lists the child's
 * slots 16, 17 and one TIME endpoint at `time_slot` (its primary control). */
erix_status_t v_start(struct v_child *c, const char *role, uint32_t time_slot);

/* Snapshot of the accounting every check set compares against. */
struct v_baseline {
    struct erix_procd_accounting_resp a;
};
bool v_take_baseline(struct v_baseline *b);
/* live processes, pool bytes in use and records as in the baseline (records:
 * plus `new_records`), nothing stray, no transfer open, no restart pending. */
bool v_check_nothing_left(const char *name, const struct v_baseline *b, uint32_t new_records);

/* ---- the check sets (one per verifier role) ------------------------------------------ */
void v_run_exit(void);
void v_run_fault(void);
void v_run_isolation(void);
void v_run_restart(void);
void v_run_loader(void);

#endif
