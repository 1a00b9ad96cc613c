/*
 * ready.c - phase0-ready: a service rootd stages through procd and that
 * answers rootd's readiness handshake, in one of two roles (phase0.h).
 *
 *   phase0-ready-crash  answers READY, logs the answer, then writes to
 *                       address 0. Under procd's restart policy (rootd sets it
 *                       for restart = "always") every run does it again, so
 *                       each restart repeats the handshake.
 *   phase0-ready-late   waits PHASE0_READY_LATE_WAIT_MS on a timed receive of
 *                       its own service endpoint (nobody sends there), logs
 *                       that, answers READY and exits 0: it becomes ready
 *                       only after the other's restarts are over.
 *
 * Every run first checks its contract (the envelope, each listed capability
 * exactly, nothing else in its CSpace, rdx the primary control slot); a
 * broken one sends READY with the failure and exits PHASE0_READY_EXIT_BROKEN.
 * One marker per run. Without an envelope (a dry run) it exits 0.
 */
#include <string.h>

#include <erix/ipc_rt.h>
#include <erix/layout.h>
#include <erix/log.h>
#include <erix/rt.h>
#include <erix/service.h>

#include "contract_check.h"
#include "phase0.h"

#define US_PER_MS 1000u

/* The role the envelope claims, if it is one of ours. */
static const char *role_of(uint64_t env, uint64_t size)
{
    const struct erix_envelope_header *h = (const void *)(uintptr_t)env;
    if (env != ERIX_ENVELOPE_VADDR || size < sizeof *h || h->role[ERIX_ROLE_MAX - 1] != 0)
        return NULL;
    if (strcmp(h->role, PHASE0_READY_ROLE_CRASH) == 0)
        return PHASE0_READY_ROLE_CRASH;
    return strcmp(h->role, PHASE0_READY_ROLE_LATE) == 0 ? PHASE0_READY_ROLE_LATE : NULL;
}

static erix_status_t check(uint64_t env, uint64_t size, uint64_t primary, const char *role,
                           struct erix_envelope_view *v, const char **what)
{
    *what = "role";
    if (role == NULL)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = phase0_contract_check(env, size, role, v, what);
    if (st != ERIX_OK)
        return st;
    *what = "rdx";
    if (primary != v->header->primary_control_slot)
        return ERIX_ERR_INVALID_ARGUMENT;
    *what = "ready-slot";
    if (v->header->ready_slot == 0 || v->header->service_endpoint_slot == 0)
        return ERIX_ERR_NOT_FOUND;
    return ERIX_OK;
}

/* CALL READY with `status`; rootd's answer. */
static erix_status_t send_ready(const struct erix_envelope_view *v, erix_status_t status)
{
    return erix_service_ready(v->header->ready_slot, v->header->role, v->header->service_index,
                              status);
}

static _Noreturn void crash_run(const struct erix_envelope_view *v)
{
    erix_status_t st = send_ready(v, ERIX_OK);
    (void)erix_log("PHASE0_READY_CRASH:RUN contract=ok ready=%s", erix_status_name(st));
    if (st != ERIX_OK)
        erix_exit(PHASE0_READY_EXIT_REFUSED);
    uint64_t address = 0;
    __asm__ volatile("" : "+r"(address));
    *(volatile uint64_t *)(uintptr_t)address = 0xc0ffee;
    erix_exit(0xdead); /* not reached */
}

/* Wait on the own endpoint until the receive times out; anything that comes is refused. */
static erix_status_t late_wait(const struct erix_envelope_view *v)
{
    uint32_t self = v->header->service_endpoint_slot;
    for (;;) {
        struct erix_msg m;
        erix_status_t st =
            erix_recv(self, ERIX_IPC_TIMED, PHASE0_READY_LATE_WAIT_MS * US_PER_MS, &m);
        if (st != ERIX_OK)
            return st; /* ERIX_ERR_TIMEOUT: the wait is over */
        if (m.token != 0)
            (void)erix_reply(self, m.token, ERIX_ERR_DENIED, NULL, 0);
    }
}

static _Noreturn void late_run(const struct erix_envelope_view *v)
{
    erix_status_t st = late_wait(v);
    (void)erix_log("PHASE0_READY_LATE:RUN contract=ok waited_ms=%u wait=%s",
                   PHASE0_READY_LATE_WAIT_MS, erix_status_name(st));
    st = st == ERIX_ERR_TIMEOUT ? send_ready(v, ERIX_OK) : send_ready(v, st);
    erix_exit(st == ERIX_OK ? 0 : PHASE0_READY_EXIT_REFUSED);
}

int64_t erix_main(uint64_t env, uint64_t size, uint64_t primary)
{
    struct erix_envelope_view v;
    const char *what = NULL;
    memset(&v, 0, sizeof v);
    if (env == 0) {
        (void)erix_log("PHASE0_READY:IDLE");
        return 0;
    }
    const char *role = role_of(env, size);
    erix_status_t st = check(env, size, primary, role, &v, &what);
    if (st != ERIX_OK) {
        (void)erix_log("PHASE0_READY:BROKEN what=%s status=%s", what, erix_status_name(st));
        if (role != NULL && v.header != NULL && v.header->ready_slot != 0)
            (void)send_ready(&v, st);
        erix_exit(PHASE0_READY_EXIT_BROKEN);
    }
    if (strcmp(role, PHASE0_READY_ROLE_CRASH) == 0)
        crash_run(&v);
    late_run(&v);
}
