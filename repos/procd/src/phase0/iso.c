/*
 * iso.c - phase0-iso-a and phase0-iso-b (this file built twice, PHASE0_ISO_SIDE
 * 1 or 2): two processes that try to reach each other and must be
 * refused every time, with a typed error.
 *
 * Started with an envelope, a helper checks its contract (its service
 * endpoint at 16, its fault endpoint at 17, a TIME endpoint at its own extra
 * slot, nothing else), tells the verifier where its secret lives (the two are
 * linked at different image bases, so that address is mapped in its own space
 * only: PHASE0_ISO_BASE_A / _B), takes a brief on its service endpoint (the
 * peer's pid, the slot the peer holds its extra capability in, the peer's
 * secret address, its own secret) and then tries, while the peer
 * is alive (neither exits before the verifier has both reports):
 *   capabilities  the peer's slot (query, call, drop), kernel control on it,
 *                 a transfer of its own endpoint, a receive on procd's endpoint
 *   procd         QUERY, STOP, WAIT, SET_RESTART_POLICY of the peer's pid, a
 *                 foundation binding, a forged exit event, through its fault
 *                 endpoint (the only way to procd it has)
 *   memory        WRITE_PROCESS_MEMORY and MAP_FRAME through its only kernel
 *                 endpoint, and a read of the peer's secret address
 * Each attempt must fail with exactly the typed error listed. It reports the
 * counts to the verifier (FINISH) and, told to (EXIT), exits with
 * PHASE0_ISO_EXIT(attempts, failures). Without an envelope (rootd's dry run)
 * it exits 0.
 */
#include <string.h>

#include <erix/kctl.h>
#include <erix/layout.h>
#include <erix/log.h>
#include <erix/procd.h>
#include <erix/rt.h>

#include "contract_check.h"
#include "phase0.h"

#if PHASE0_ISO_SIDE == 1
#define ROLE "phase0-iso-a"
#define TAG "PHASE0_ISO_A"
#define OWN_SLOT PHASE0_ISO_SLOT_A
#else
#define ROLE "phase0-iso-b"
#define TAG "PHASE0_ISO_B"
#define OWN_SLOT PHASE0_ISO_SLOT_B
#endif
#define SERVICE ERIX_PROCD_CHILD_SERVICE_SLOT
#define PROCD ERIX_PROCD_CHILD_EVENT_SLOT

/* The secret, in the data of an image only this helper maps. */
static volatile uint64_t secret[2] = {1, 1};

static struct phase0_iso_brief brief;
static struct phase0_iso_report report;

static void attempt(const char *what, erix_status_t got, erix_status_t want)
{
    bool refused = got == want && got != ERIX_OK;
    report.attempts++;
    report.refused += refused;
    report.failures += !refused;
    (void)erix_log("%s:%s %s status=%s want=%s", TAG, refused ? "REFUSED" : "BREACH", what,
                   erix_status_name(got), erix_status_name(want));
}

/* A procd request through the fault endpoint; the reply's status. */
static erix_status_t procd_op(uint32_t op, const void *body, uint16_t len)
{
    uint8_t resp[ERIX_IPC_MAX_BODY];
    uint32_t status = ERIX_OK;
    uint16_t got = 0;
    erix_status_t st = erix_call_ex(PROCD, 0, 0, op, body, len, resp, sizeof resp, &got, &status);
    return st != ERIX_OK ? st : (erix_status_t)status;
}

static void capabilities(void)
{
    struct erix_cap_info info;
    uint8_t resp[64];
    struct erix_kctl_process_resp proc;
    attempt("cap-query-peer-slot", erix_cap_info(brief.peer_slot, &info), ERIX_ERR_EMPTY_SLOT);
    attempt("call-peer-slot", erix_call(brief.peer_slot, 1, NULL, 0, resp, sizeof resp, NULL),
            ERIX_ERR_EMPTY_SLOT);
    attempt("drop-peer-slot", erix_cap_drop(brief.peer_slot), ERIX_ERR_EMPTY_SLOT);
    attempt("kctl-query-process-peer-slot",
            erix_kctl_query_process(OWN_SLOT, brief.peer_slot, &proc), ERIX_ERR_DENIED);
    const uint32_t own[1] = {SERVICE};
    erix_status_t st = erix_xfer_set(own, NULL, NULL, 1);
    if (st == ERIX_OK)
        st = erix_call(PROCD, ERIX_PROCD_OP_QUERY_PROCESS, NULL, 0, resp, sizeof resp, NULL);
    attempt("transfer-own-endpoint-to-procd", st, ERIX_ERR_NO_RIGHTS);
    const uint32_t peer[1] = {brief.peer_slot};
    st = erix_xfer_set(peer, NULL, NULL, 1);
    if (st == ERIX_OK)
        st = erix_call_ex(SERVICE, ERIX_IPC_POLL, 0, 1, NULL, 0, resp, sizeof resp, NULL, NULL);
    attempt("transfer-peer-slot", st, ERIX_ERR_NO_RIGHTS);
    struct erix_msg m;
    attempt("recv-on-procd-endpoint", erix_recv(PROCD, ERIX_IPC_POLL, 0, &m), ERIX_ERR_NO_RIGHTS);
}

static void procd_surfaces(void)
{
    struct erix_procd_pid_req pid = {brief.peer_pid, 0};
    struct erix_procd_pid_req stop = {brief.peer_pid, ERIX_KILL_REASON_MANAGED_STOP};
    struct erix_procd_policy_req policy = {brief.peer_pid, ERIX_PROCD_POLICY_HOLD, 0, 0};
    struct erix_procd_foundation_req foundation;
    struct erix_event forged = {brief.peer_pid, ERIX_EVENT_EXIT, 0, 0, 0};
    memset(&foundation, 0, sizeof foundation);
    foundation.version = ERIX_PROCD_FOUNDATION_VERSION;
    attempt("procd-query-peer", procd_op(ERIX_PROCD_OP_QUERY_PROCESS, &pid, sizeof pid),
            ERIX_ERR_DENIED);
    attempt("procd-stop-peer", procd_op(ERIX_PROCD_OP_STOP_PROCESS, &stop, sizeof stop),
            ERIX_ERR_DENIED);
    attempt("procd-wait-peer", procd_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, &pid, sizeof pid),
            ERIX_ERR_DENIED);
    attempt("procd-policy-peer", procd_op(ERIX_PROCD_OP_SET_RESTART_POLICY, &policy, sizeof policy),
            ERIX_ERR_DENIED);
    attempt("procd-foundation",
            procd_op(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, &foundation, sizeof foundation),
            ERIX_ERR_DENIED);
    attempt("procd-forged-exit-event", procd_op(ERIX_EVENT_EXIT, &forged, sizeof forged),
            ERIX_ERR_DENIED);
}

static void memory(void)
{
    uint64_t value = 0x11;
    attempt("kctl-write-peer-memory",
            erix_kctl_write_memory(OWN_SLOT, brief.peer_slot, brief.peer_secret_addr, &value,
                                   sizeof value),
            ERIX_ERR_DENIED);
    attempt("kctl-map-into-peer",
            erix_kctl_map_frame(OWN_SLOT, brief.peer_slot, OWN_SLOT, brief.peer_secret_addr,
                                ERIX_MAP_READ),
            ERIX_ERR_DENIED);
    attempt("read-peer-secret-address",
            erix_sys_debug_log((const char *)(uintptr_t)brief.peer_secret_addr, sizeof(uint64_t)),
            ERIX_ERR_OUT_OF_RANGE);
}

/* Wait on the own endpoint for `op` from the verifier; its token. */
static uint64_t await(uint32_t op, void *body, uint16_t len)
{
    for (;;) {
        struct erix_msg m;
        if (erix_recv(SERVICE, 0, 0, &m) != ERIX_OK)
            continue;
        if (m.op == op && m.len == len && m.token != 0) {
            memcpy(body, m.body, len);
            return m.token;
        }
        if (m.token != 0)
            (void)erix_reply(SERVICE, m.token, ERIX_ERR_INVALID_ARGUMENT, NULL, 0);
    }
}

int64_t erix_main(uint64_t env, uint64_t size, uint64_t primary)
{
    struct erix_envelope_view v;
    const char *what;
    if (env == 0) {
        (void)erix_log("%s:IDLE", TAG);
        return 0;
    }
    erix_status_t st = phase0_contract_check(env, size, ROLE, &v, &what);
    if (st == ERIX_OK && (primary != OWN_SLOT ||
                          phase0_contract_slot(&v, ERIX_PURPOSE_PRIMARY_CONTROL) != OWN_SLOT))
        st = ERIX_ERR_INVALID_SLOT;
    if (st != ERIX_OK) {
        (void)erix_log("%s:BROKEN what=%s status=%s", TAG, what, erix_status_name(st));
        return PHASE0_ISO_EXIT_BROKEN;
    }
    struct phase0_iso_hello hello = {(uint64_t)(uintptr_t)&secret[0], 0};
    uint64_t token = await(PHASE0_ISO_OP_HELLO, &hello, sizeof hello);
    hello.secret_addr = (uint64_t)(uintptr_t)&secret[0];
    (void)erix_reply(SERVICE, token, ERIX_OK, &hello, sizeof hello);
    token = await(PHASE0_ISO_OP_BRIEF, &brief, sizeof brief);
    secret[0] = brief.own_secret;
    (void)erix_reply(SERVICE, token, ERIX_OK, NULL, 0);
    (void)erix_log("%s:START peer_pid=%u peer_slot=%u peer_secret=0x%llx", TAG, brief.peer_pid,
                   brief.peer_slot, (unsigned long long)brief.peer_secret_addr);
    capabilities();
    procd_surfaces();
    memory();
    report.secret_intact = secret[0] == brief.own_secret;
    (void)erix_log("%s:DONE attempts=%u refused=%u failures=%u secret_intact=%u", TAG,
                   report.attempts, report.refused, report.failures, report.secret_intact);
    struct phase0_iso_report unused;
    token = await(PHASE0_ISO_OP_FINISH, &unused, sizeof unused);
    (void)erix_reply(SERVICE, token, ERIX_OK, &report, sizeof report);
    token = await(PHASE0_ISO_OP_EXIT, &unused, sizeof unused);
    (void)erix_reply(SERVICE, token, ERIX_OK, NULL, 0);
    return PHASE0_ISO_EXIT(report.attempts, report.failures);
}
