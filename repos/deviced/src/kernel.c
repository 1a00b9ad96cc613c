/*
 * kernel.c - the seam (kernel.h) on EriX, through lib-rt: procd's driver
 * surface, the CHILD_POPULATE family, local capability queries, replies on
 * deviced's endpoint and log lines through its LOG endpoint.
 */
#include <stdarg.h>
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "config.h"
#include "kernel.h"

static struct dk_config cfg;

void dk_init(const struct dk_config *c)
{
    cfg = *c;
}

void dk_log(const char *fmt, ...)
{
#if DEVICED_RELEASE
    (void)fmt; /* release images keep the console to ERIX_ROOTD:READY */
#else
    va_list ap;
    va_start(ap, fmt);
    (void)erix_vlog(fmt, ap);
    va_end(ap);
#endif
}

erix_status_t dk_marker(const char *line)
{
    return erix_log("%s", line);
}

/* ---- procd ------------------------------------------------------------------------ */

static erix_status_t procd_call(uint32_t op, const void *req, uint16_t len, void *resp,
                                uint16_t cap)
{
    uint32_t status = ERIX_OK;
    uint16_t got = 0;
    erix_status_t st =
        erix_call_ex(cfg.procd, 0, 0, op, req, len, resp, cap, &got, &status);
    if (st != ERIX_OK)
        return st;
    if (status == ERIX_OK && got != cap)
        return ERIX_ERR_MALFORMED;
    return (erix_status_t)status;
}

erix_status_t dk_procd_create(const char role[ERIX_ROLE_MAX], uint32_t image_index,
                              uint32_t priority, uint32_t window, uint32_t *pid)
{
    struct erix_procd_create_req req;
    struct erix_procd_pid_resp resp = {0, 0};
    memset(&req, 0, sizeof req);
    memcpy(req.role, role, ERIX_ROLE_MAX);
    req.image_index = image_index;
    req.priority = priority;
    erix_recv_window(window, 2); /* [0] the child's endpoint, [1] the install grant */
    erix_status_t st = procd_call(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, &req, sizeof req, &resp,
                                  sizeof resp);
    erix_recv_window(0, 0);
    *pid = st == ERIX_OK ? resp.pid : 0;
    if (st != ERIX_OK)
        return st;
    struct erix_cap_info e, g;
    if (erix_cap_info(window, &e) != ERIX_OK || e.type != ERIX_CAP_ENDPOINT ||
        e.endpoint_kind != ERIX_EP_GENERIC || erix_cap_info(window + 1, &g) != ERIX_OK ||
        g.type != ERIX_CAP_INSTALL_GRANT)
        return ERIX_ERR_MALFORMED; /* the caller aborts the staged child */
    return ERIX_OK;
}

erix_status_t dk_procd_start(uint32_t pid, const void *envelope, uint32_t len, uint32_t primary)
{
    static _Alignas(8) uint8_t req[ERIX_IPC_MAX_BODY];
    struct erix_procd_start_req h = {pid, len, primary, 0};
    if (len > sizeof req - sizeof h)
        return ERIX_ERR_LIMIT;
    memcpy(req, &h, sizeof h);
    memcpy(req + sizeof h, envelope, len);
    return procd_call(ERIX_PROCD_OP_START_STAGED_PROCESS, req, (uint16_t)(sizeof h + len), NULL, 0);
}

erix_status_t dk_procd_abort(uint32_t pid)
{
    struct erix_procd_pid_req req = {pid, 0};
    return procd_call(ERIX_PROCD_OP_ABORT_STAGED_PROCESS, &req, sizeof req, NULL, 0);
}

erix_status_t dk_procd_stop(uint32_t pid)
{
    struct erix_procd_pid_req req = {pid, ERIX_KILL_REASON_MANAGED_STOP};
    return procd_call(ERIX_PROCD_OP_STOP_PROCESS, &req, sizeof req, NULL, 0);
}

erix_status_t dk_procd_query(uint32_t pid, struct erix_procd_query_resp *out)
{
    struct erix_procd_pid_req req = {pid, 0};
    return procd_call(ERIX_PROCD_OP_QUERY_PROCESS, &req, sizeof req, out, sizeof *out);
}

/* ---- CHILD_POPULATE, the CSpace ---------------------------------------------------------- */

erix_status_t dk_install(uint32_t grant, uint32_t src, uint32_t dest, uint32_t rights,
                         uint64_t badge)
{
    return erix_kctl_install(cfg.populate, grant, src, dest, rights, badge);
}

erix_status_t dk_derive_bar(uint8_t bus, uint8_t device, uint8_t function, uint8_t bar,
                            uint32_t dest, uint64_t *base, uint64_t *size)
{
    return erix_kctl_derive_bar(cfg.populate, bus, device, function, bar, dest, base, size);
}

erix_status_t dk_query(uint32_t slot, struct erix_cap_info *out)
{
    return erix_cap_info(slot, out);
}

erix_status_t dk_drop(uint32_t slot)
{
    return erix_cap_drop(slot);
}

/* ---- replies ------------------------------------------------------------------------------ */

erix_status_t dk_reply(uint64_t token, erix_status_t status, const void *body, uint16_t len)
{
    return erix_reply(cfg.endpoint, token, (uint32_t)status, body, len);
}

erix_status_t dk_reply_endpoint(uint64_t token, const void *body, uint16_t len, uint32_t slot)
{
    uint8_t rights = ERIX_RIGHT_SEND, mode = ERIX_XFER_MODE_COPY;
    erix_status_t st = erix_xfer_set(&slot, &rights, &mode, 1);
    if (st != ERIX_OK)
        return st;
    return erix_reply(cfg.endpoint, token, ERIX_OK, body, len);
}
