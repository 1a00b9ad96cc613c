/*
 * main.c - phase0-verify's entry: check its own startup contract, run the
 * check set its role names, report every check, answer rootd's readiness
 * handshake with ERIX_OK only if all passed (ERIX_ERR_STATE otherwise, so
 * rootd fails closed), then exit.
 *
 * Roles: phase0-verify-exit, phase0-verify-fault, phase0-verify-isolation,
 * phase0-verify-restart, phase0-verify-loader.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/log.h>
#include <erix/rt.h>
#include <erix/service.h>

#include "../phase0/contract_check.h"
#include "../phase0/phase0.h"
#include "verify.h"

struct check_set {
    const char *role;
    void (*run)(void);
    uint32_t helpers; /* boot images it expects right after procd */
};

static const struct check_set sets[] = {
    {"phase0-verify-exit", v_run_exit, 2},
    {"phase0-verify-fault", v_run_fault, 2},
    {"phase0-verify-isolation", v_run_isolation, 2},
    {"phase0-verify-restart", v_run_restart, 1},
    {"phase0-verify-loader", v_run_loader, 0},
};

static const struct check_set *find_set(const char *role)
{
    for (unsigned i = 0; i < sizeof sets / sizeof sets[0]; i++)
        if (strncmp(role, sets[i].role, ERIX_ROLE_MAX) == 0)
            return &sets[i];
    return NULL;
}

/* The verifier's own slots must be where verify.h says. */
static erix_status_t check_slots(const struct erix_envelope_view *v)
{
    if (phase0_contract_slot(v, ERIX_PURPOSE_PROCD_SERVICE) != V_PROCD ||
        phase0_contract_slot(v, ERIX_PURPOSE_PRIMARY_CONTROL) != V_TIME ||
        phase0_contract_slot(v, ERIX_PURPOSE_CHILD_POPULATE) != V_POPULATE ||
        phase0_contract_slot(v, ERIX_PURPOSE_READY) != V_READY ||
        phase0_contract_slot(v, ERIX_PURPOSE_SERVICE_ENDPOINT) != V_SELF)
        return ERIX_ERR_INVALID_SLOT;
    return ERIX_OK;
}

static erix_status_t send_ready(const struct erix_envelope_view *v, erix_status_t status)
{
    return erix_service_ready(V_READY, v->header->role, v->header->service_index, status);
}

int64_t erix_main(uint64_t env, uint64_t size, uint64_t primary)
{
    struct erix_envelope_view v;
    const char *what = "role";
    memset(&v, 0, sizeof v);
    const struct erix_envelope_header *h = (const void *)(uintptr_t)env;
    const struct check_set *set = env == ERIX_ENVELOPE_VADDR ? find_set(h->role) : NULL;
    erix_status_t st = set != NULL ? phase0_contract_check(env, size, set->role, &v, &what)
                                   : ERIX_ERR_INVALID_ARGUMENT;
    if (st == ERIX_OK && (st = check_slots(&v)) == ERIX_OK && primary != V_TIME)
        st = ERIX_ERR_INVALID_ARGUMENT;
    if (st == ERIX_OK && v.header->service_index != PHASE0_IMAGE_FIRST_HELPER + set->helpers)
        st = ERIX_ERR_OUT_OF_RANGE; /* the helpers are not where the boot config must put them */
    if (st != ERIX_OK) {
        erix_log("PHASE0_VERIFY:CONTRACT_FAILED what=%s status=%s", what, erix_status_name(st));
        if (v.header != NULL && phase0_contract_slot(&v, ERIX_PURPOSE_READY) == V_READY)
            (void)send_ready(&v, st);
        return 0x21;
    }
    erix_log("PHASE0_VERIFY:START role=%s", set->role);
    set->run();
    unsigned failed = v_failures();
    if (failed == 0)
        erix_log("PHASE0_VERIFY:ALL_PASSED checks=%u", v_checks());
    else
        erix_log("PHASE0_VERIFY:FAILED failed=%u checks=%u", failed, v_checks());
    st = send_ready(&v, failed == 0 ? ERIX_OK : ERIX_ERR_STATE);
    erix_log("PHASE0_VERIFY:READY_SENT status=%s", erix_status_name(st));
    return failed == 0 ? 0 : 0x22;
}
