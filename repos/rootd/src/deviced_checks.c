/*
 * deviced_checks.c - the phase2-deviced validation profile: every denial of
 * deviced's contract tried through its admin surface, and the verification
 * of the drivers the graph started (READ_DRIVER, the provider endpoint it
 * hands over, the capability-check fixture's confirmation, STOP_DRIVER and
 * its denials). Each check logs
 *   ROOTD:DEVICED_CHECK <name> status=<status> ok
 * or, when deviced answered otherwise, "... expected=<status> MISMATCH" and
 * the profile fails. Nothing here names a particular driver: the checks run
 * over the boot configuration's driver rows.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/deviced.h>
#include <erix/ipc_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "deviced_calls.h"
#include "rootd.h"

#define PROVIDER_POLLS 200u

static int expect(const char *name, const char *detail, erix_status_t got, erix_status_t want)
{
    if (got == want) {
        erix_log("ROOTD:DEVICED_CHECK %s%s%s status=%s ok", name, detail[0] ? " " : "", detail,
                 erix_status_name(got));
        return 0;
    }
    erix_log("ROOTD:DEVICED_CHECK %s%s%s status=%s expected=%s MISMATCH", name, detail[0] ? " " : "",
             detail, erix_status_name(got), erix_status_name(want));
    return 1;
}

/* The first driver row deviced must start when asked (not on discovery). */
static int32_t explicit_row(const struct rootd *r)
{
    for (uint32_t d = 0; d < r->cfg.header->driver_count; d++)
        if (r->cfg.drivers[d].match != ERIX_DEVICED_MATCH_PCI)
            return (int32_t)d;
    return -1;
}

static const char *row_role(const struct rootd *r, uint32_t d)
{
    return r->cfg.services[r->cfg.drivers[d].service].role;
}

static erix_status_t raw_call(uint32_t op, const void *body, uint16_t len)
{
    return rootd_deviced_call(op, body, len, NULL, 0);
}

/* ---- before the seal -------------------------------------------------------------------- */

static int reseed_checks(const struct rootd *r, uint32_t d)
{
    struct erix_deviced_seed s, x;
    struct erix_deviced_seed_resp resp = {0, 0};
    int bad = 0;
    erix_status_t st = rootd_build_seed(r, d, &s);
    if (st != ERIX_OK)
        return 1;
    uint16_t len = (uint16_t)erix_deviced_seed_size(s.cap_count);
    st = rootd_send_seed(&s, len, &resp);
    bad |= expect("reseed-identical", s.role, st, ERIX_OK);
    bad |= expect("reseed-identical-unchanged", s.role, resp.created == 0 ? ERIX_OK : ERIX_ERR_EXISTS,
                  ERIX_OK);
    x = s;
    x.priority = (uint8_t)(s.priority == 199 ? 198 : s.priority + 1);
    bad |= expect("reseed-conflicting", s.role, rootd_send_seed(&x, len, &resp), ERIX_ERR_EXISTS);
    x = s;
    memset(x.role, 0, sizeof x.role);
    memcpy(x.role, "notdrv-fixture", sizeof "notdrv-fixture");
    bad |= expect("seed-non-drv", "notdrv-fixture", rootd_send_seed(&x, len, &resp), ERIX_ERR_DENIED);
    bad |= expect("seed-truncated", s.role, rootd_send_seed(&s, (uint16_t)(len - 1), &resp),
                  ERIX_ERR_MALFORMED);
    x = s;
    x.role[0] = 'D';
    bad |= expect("seed-bad-role", "", rootd_send_seed(&x, len, &resp), ERIX_ERR_MALFORMED);
    x = s;
    x.cap_count = ERIX_DEVICED_MAX_CAPS + 1;
    bad |= expect("seed-too-many-caps", s.role,
                  rootd_send_seed(&x, (uint16_t)sizeof x, &resp), ERIX_ERR_LIMIT);
    if (s.cap_count > 0) {
        x = s;
        x.caps[0].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_RECV; /* never RECV for a driver */
        bad |= expect("seed-recv-right", s.role, rootd_send_seed(&x, len, &resp),
                      ERIX_ERR_INVALID_ARGUMENT);
    }
    return bad;
}

erix_status_t rootd_deviced_checks_unsealed(struct rootd *r)
{
    int32_t d = explicit_row(r);
    if (d < 0) {
        erix_log("ROOTD:DEVICED_CHECK needs a driver row deviced starts when asked");
        return ERIX_ERR_NOT_FOUND;
    }
    struct erix_deviced_driver_info info;
    int bad = reseed_checks(r, (uint32_t)d);
    bad |= expect("start-unsealed", row_role(r, (uint32_t)d),
                  rootd_driver_op(ERIX_DEVICED_OP_START_DRIVER, row_role(r, (uint32_t)d), 0, &info),
                  ERIX_ERR_STATE);
    return bad != ERIX_OK ? ERIX_ERR_INTERNAL : ERIX_OK;
}

/* ---- after the seal ------------------------------------------------------------------------- */

static int malformed_checks(const struct rootd *r, const char *role)
{
    struct erix_deviced_role_req q;
    memset(&q, 0, sizeof q);
    memcpy(q.role, role, strnlen(role, ERIX_ROLE_MAX - 1));
    int bad = 0;
    (void)r;
    bad |= expect("start-short-body", role, raw_call(ERIX_DEVICED_OP_START_DRIVER, &q, 16),
                  ERIX_ERR_MALFORMED);
    q.flags = ERIX_DEVICED_READ_ENDPOINT;
    bad |= expect("start-bad-flags", role, raw_call(ERIX_DEVICED_OP_START_DRIVER, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q.flags = 0;
    q.reserved = 1;
    bad |= expect("stop-reserved-field", role, raw_call(ERIX_DEVICED_OP_STOP_DRIVER, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q.reserved = 0;
    q.role[3] = '_';
    bad |= expect("read-bad-role", "", raw_call(ERIX_DEVICED_OP_READ_DRIVER, &q, sizeof q),
                  ERIX_ERR_MALFORMED);
    bad |= expect("seal-with-body", "", raw_call(ERIX_DEVICED_OP_SEAL_REGISTRY, &q, 8),
                  ERIX_ERR_MALFORMED);
    bad |= expect("read-device-short", "", raw_call(ERIX_DEVICED_OP_READ_DEVICE, &q, 4),
                  ERIX_ERR_MALFORMED);
    bad |= expect("unknown-op", "0x5ff", raw_call(0x5ffu, NULL, 0), ERIX_ERR_UNKNOWN_OP);
    /* ops of other surfaces, through the admin badge */
    struct erix_deviced_provider_req p;
    memset(&p, 0, sizeof p);
    p.interface = ERIX_PROVIDER_FIXTURE;
    bad |= expect("admin-register-provider", "",
                  raw_call(ERIX_DEVICED_OP_REGISTER_PROVIDER, &p, sizeof p), ERIX_ERR_DENIED);
    struct erix_deviced_pci_report rep = {0, 0, 0, 0, 0x8086, 0x1234, 0, 0};
    bad |= expect("admin-report-device", "", raw_call(ERIX_DEVICED_OP_REPORT_DEVICE, &rep, sizeof rep),
                  ERIX_ERR_DENIED);
    return bad;
}

erix_status_t rootd_deviced_checks_sealed(struct rootd *r)
{
    int32_t d = explicit_row(r);
    const char *role = row_role(r, (uint32_t)d);
    struct erix_deviced_driver_info info;
    struct erix_deviced_seed s;
    struct erix_deviced_seed_resp resp;
    int bad = 0;
    bad |= expect("seal-again", "", raw_call(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0), ERIX_ERR_STATE);
    if (rootd_build_seed(r, (uint32_t)d, &s) == ERIX_OK) {
        uint16_t len = (uint16_t)erix_deviced_seed_size(s.cap_count);
        memset(s.role, 0, sizeof s.role);
        memcpy(s.role, "drv-late", sizeof "drv-late");
        bad |= expect("seed-after-seal", "drv-late", rootd_send_seed(&s, len, &resp), ERIX_ERR_STATE);
    }
    bad |= expect("start-unknown", "drv-nosuch",
                  rootd_driver_op(ERIX_DEVICED_OP_START_DRIVER, "drv-nosuch", 0, &info),
                  ERIX_ERR_NOT_FOUND);
    bad |= expect("stop-unknown", "drv-nosuch",
                  rootd_driver_op(ERIX_DEVICED_OP_STOP_DRIVER, "drv-nosuch", 0, &info),
                  ERIX_ERR_NOT_FOUND);
    bad |= expect("read-unknown", "drv-nosuch",
                  rootd_driver_op(ERIX_DEVICED_OP_READ_DRIVER, "drv-nosuch", 0, &info),
                  ERIX_ERR_NOT_FOUND);
    bad |= expect("stop-never-started", role,
                  rootd_driver_op(ERIX_DEVICED_OP_STOP_DRIVER, role, 0, &info), ERIX_ERR_STATE);
    bad |= malformed_checks(r, role);
    return bad != ERIX_OK ? ERIX_ERR_INTERNAL : ERIX_OK;
}

/* ---- after the graph: the drivers it started -------------------------------------------------- */

/* Wait for the provider, take its endpoint from READ_DRIVER, PING it, drop it. */
static int provider_check(const struct rootd *r, const char *role)
{
    struct erix_deviced_driver_info info;
    erix_status_t st = ERIX_OK;
    for (uint32_t n = 0; n < PROVIDER_POLLS; n++) {
        st = rootd_driver_op(ERIX_DEVICED_OP_READ_DRIVER, role, 0, &info);
        if (st != ERIX_OK || (info.flags & ERIX_DEVICED_INFO_PROVIDER) != 0)
            break;
        rootd_sleep_us(r, 10000);
    }
    if (st != ERIX_OK || (info.flags & ERIX_DEVICED_INFO_PROVIDER) == 0)
        return expect("provider-visible", role, st != ERIX_OK ? st : ERIX_ERR_TIMEOUT, ERIX_OK);
    erix_recv_window(ROOTD_DEVICED_RECV, 1);
    st = rootd_driver_op(ERIX_DEVICED_OP_READ_DRIVER, role, ERIX_DEVICED_READ_ENDPOINT, &info);
    erix_recv_window(0, 0);
    struct erix_cap_info ci;
    erix_status_t have = erix_cap_info(ROOTD_DEVICED_RECV, &ci);
    if (st == ERIX_OK && (have != ERIX_OK || ci.type != ERIX_CAP_ENDPOINT ||
                          ci.rights != ERIX_RIGHT_SEND || !(info.flags & ERIX_DEVICED_INFO_ENDPOINT)))
        st = ERIX_ERR_NOT_FOUND;
    int bad = expect("read-driver-endpoint", role, st, ERIX_OK);
    if (st == ERIX_OK) {
        uint32_t reply = ERIX_OK;
        st = erix_call_ex(ROOTD_DEVICED_RECV, 0, 0, ERIX_PROVIDER_OP_PING, NULL, 0, NULL, 0, NULL,
                          &reply);
        bad |= expect("provider-ping", role, st != ERIX_OK ? st : (erix_status_t)reply, ERIX_OK);
    }
    if (have == ERIX_OK)
        (void)erix_cap_drop(ROOTD_DEVICED_RECV);
    return bad;
}

static int running_checks(const struct rootd *r, const char *role)
{
    struct erix_deviced_driver_info info;
    int bad = 0;
    bad |= expect("start-running", role, rootd_driver_op(ERIX_DEVICED_OP_START_DRIVER, role, 0, &info),
                  ERIX_ERR_STATE);
    bad |= provider_check(r, role);
    bad |= expect("stop-running", role, rootd_driver_op(ERIX_DEVICED_OP_STOP_DRIVER, role, 0, &info),
                  ERIX_OK);
    bad |= expect("stopped-state", role,
                  info.state == ERIX_DEVICED_DRV_STOPPED ? ERIX_OK : ERIX_ERR_STATE, ERIX_OK);
    bad |= expect("stop-stopped", role, rootd_driver_op(ERIX_DEVICED_OP_STOP_DRIVER, role, 0, &info),
                  ERIX_ERR_STATE);
    bad |= expect("read-driver-endpoint-stopped", role,
                  rootd_driver_op(ERIX_DEVICED_OP_READ_DRIVER, role, ERIX_DEVICED_READ_ENDPOINT, &info),
                  ERIX_OK);
    bad |= expect("no-endpoint-when-stopped", role,
                  info.flags & ERIX_DEVICED_INFO_ENDPOINT ? ERIX_ERR_EXISTS : ERIX_OK, ERIX_OK);
    return bad;
}

/* A driver that checked its capabilities, reported READY and exited 0. */
static int exited_checks(const char *role, const struct erix_deviced_driver_info *info)
{
    int bad = 0;
    bool confirmed = info->ready_status == ERIX_OK && info->exit_code == 0 &&
                     (info->flags & ERIX_DEVICED_INFO_FAULTED) == 0;
    bad |= expect("capabilities-confirmed", role, confirmed ? ERIX_OK : ERIX_ERR_STATE, ERIX_OK);
    struct erix_deviced_driver_info x;
    bad |= expect("stop-exited", role, rootd_driver_op(ERIX_DEVICED_OP_STOP_DRIVER, role, 0, &x),
                  ERIX_ERR_STATE);
    return bad;
}

erix_status_t rootd_deviced_checks_final(struct rootd *r)
{
    int bad = 0;
    for (uint32_t d = 0; d < r->cfg.header->driver_count; d++) {
        const char *role = row_role(r, d);
        struct erix_deviced_driver_info info;
        erix_status_t st = rootd_driver_op(ERIX_DEVICED_OP_READ_DRIVER, role, 0, &info);
        if (st != ERIX_OK) {
            bad |= expect("read-driver", role, st, ERIX_OK);
            continue;
        }
        if (info.state == ERIX_DEVICED_DRV_RUNNING)
            bad |= running_checks(r, role);
        else if (info.state == ERIX_DEVICED_DRV_EXITED)
            bad |= exited_checks(role, &info);
        else
            bad |= expect("driver-settled", role, ERIX_ERR_STATE, ERIX_OK);
    }
    return bad != ERIX_OK ? ERIX_ERR_INTERNAL : ERIX_OK;
}
