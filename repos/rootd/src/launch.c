/*
 * launch.c - the launcher rootd's graph drives: starting a service directly
 * (procd) or staged through procd, the readiness handshake, helpers run to
 * their exit, and the fail-closed sequence for a service that failed after it
 * started: managed stop, terminal event, destroy, retained slot dropped.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/kctl.h>
#include <erix/kctl_rt.h>
#include <erix/layout.h>
#include <erix/log.h>
#include <erix/procd.h>
#include <erix/rt.h>
#include <erix/service.h>

#include "config.h"
#include "deviced_calls.h"
#include "graph.h"
#include "rootd.h"

static _Alignas(8) uint8_t envelope[ERIX_ENVELOPE_MAX];

static void role_of(const struct rootd *r, uint16_t i, char *out)
{
    memcpy(out, r->cfg.services[i].role, ERIX_ROLE_MAX);
    out[ERIX_ROLE_MAX - 1] = 0;
}

/* ---- rootd-direct (procd) ------------------------------------------------------- */

static erix_status_t map_image(struct rootd *r, uint16_t i, const uint8_t **bytes, uint64_t *size)
{
    char name[ERIX_BOOTCFG_NAME_MAX + 1] = {0};
    uint32_t m;
    memcpy(name, r->cfg.services[i].module, ERIX_BOOTCFG_NAME_MAX);
    const struct erix_handoff_module *mod = rootd_module(r, name, &m);
    if (mod == NULL)
        return ERIX_ERR_NOT_FOUND;
    erix_status_t st = erix_spawn_map_image(&r->spawn, mod->frame_slot, ROOTD_IMAGE_VADDR(m));
    if (st != ERIX_OK && st != ERIX_ERR_STATE) /* STATE: already mapped */
        return st;
    *bytes = (const uint8_t *)(uintptr_t)(ROOTD_IMAGE_VADDR(m) + (mod->phys & 4095));
    *size = mod->size;
    return ERIX_OK;
}

static erix_status_t populate_direct(struct rootd *r, uint16_t i, struct erix_spawn_result *res)
{
    uint32_t grant = svc_slot(i, 1), len, primary;
    erix_status_t st = erix_kctl_derive_grant(ERIX_SLOT_KERNEL_PROCESS, res->tcb_slot, grant,
                                              ERIX_PROCD_GRANT_WINDOW_BASE,
                                              ERIX_CSPACE_SLOTS - ERIX_PROCD_GRANT_WINDOW_BASE,
                                              ERIX_RIGHTS_ALL);
    if (st == ERIX_OK)
        st = rootd_install_caps(r, i, grant);
    erix_status_t drop = erix_cap_drop(grant);
    if (st == ERIX_OK)
        st = drop;
    if (st == ERIX_OK)
        st = rootd_build_envelope(r, i, envelope, sizeof envelope, &len, &primary);
    if (st == ERIX_OK)
        st = erix_spawn_place_data(&r->spawn, r->svc[i].pool_slot, res,
                                   svc_slot(i, 3 + ERIX_SPAWN_SLOTS), ERIX_ENVELOPE_VADDR, envelope,
                                   len, ERIX_MAP_READ);
    const struct erix_envelope_header *h = (const void *)envelope;
    if (st == ERIX_OK && h->ready_slot == 0)
        st = ERIX_ERR_NOT_FOUND; /* rootd manages what it starts: it needs a READY slot */
    if (st == ERIX_OK) /* rootd is the manager of what it starts directly */
        st = erix_kctl_set_fault_endpoint(ERIX_SLOT_KERNEL_PROCESS, res->tcb_slot, h->ready_slot);
    if (st == ERIX_OK)
        st = erix_spawn_start(&r->spawn, res, ERIX_ENVELOPE_VADDR, len, primary);
    return st;
}

static erix_status_t start_direct(struct rootd *r, uint16_t i)
{
    struct svc_state *s = &r->svc[i];
    const uint8_t *bytes;
    uint64_t size;
    struct erix_spawn_result res;
    s->direct = true;
    s->pool_slot = svc_slot(i, 2);
    erix_status_t st = map_image(r, i, &bytes, &size);
    if (st == ERIX_OK)
        st = erix_kctl_retype_untyped(ERIX_SLOT_KERNEL_PROCESS, r->bank, s->pool_slot,
                                      ROOTD_DIRECT_POOL_PAGES);
    if (st == ERIX_OK)
        st = erix_spawn_create(&r->spawn, s->pool_slot, bytes, size, r->cfg.services[i].priority,
                               svc_slot(i, 3), &res);
    if (st == ERIX_OK) {
        s->tcb_slot = res.tcb_slot;
        s->vspace_slot = res.vspace_slot;
        s->pid = res.pid;
        st = populate_direct(r, i, &res);
    }
    if (st != ERIX_OK) { /* never started: take everything back */
        (void)erix_spawn_destroy(&r->spawn, s->pool_slot);
        return st;
    }
    s->started = true;
    if ((int32_t)i == r->procd)
        s->endpoint_slot = ROOTD_PROCD_BOOTSTRAP;
    return ERIX_OK;
}

/* ---- procd-staged --------------------------------------------------------------- */

erix_status_t rootd_procd_call(uint32_t op, const void *req, uint16_t len, void *resp,
                               uint16_t cap)
{
    uint32_t status = ERIX_OK;
    uint16_t got = 0;
    erix_status_t st = erix_call_ex(ROOTD_PROCD_BOOTSTRAP, 0, 0, op, req, len, resp, cap, &got,
                                    &status);
    return st != ERIX_OK ? st : (erix_status_t)status;
}

static erix_status_t create_staged(struct rootd *r, uint16_t i, uint32_t *pid)
{
    struct erix_procd_create_req req = {{0}, i, r->cfg.services[i].priority};
    role_of(r, i, req.role);
#if ROOTD_FORCE_SPAWN_FAIL
    req.image_index = 0xffffu; /* integration hook: a spawn procd must refuse */
#endif
    struct erix_procd_pid_resp resp;
    erix_recv_window(svc_slot(i, 0), 2); /* [0] the service's endpoint, [1] the grant */
    erix_status_t st = rootd_procd_call(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, &req, sizeof req,
                                        &resp, sizeof resp);
    erix_recv_window(0, 0);
    if (st != ERIX_OK)
        return st;
    *pid = resp.pid;
    struct erix_cap_info e, g;
    if (erix_cap_info(svc_slot(i, 0), &e) != ERIX_OK || e.type != ERIX_CAP_ENDPOINT ||
        erix_cap_info(svc_slot(i, 1), &g) != ERIX_OK || g.type != ERIX_CAP_INSTALL_GRANT)
        return ERIX_ERR_MALFORMED;
    return ERIX_OK;
}

static erix_status_t start_staged_child(struct rootd *r, uint16_t i)
{
    static _Alignas(8) uint8_t req[ERIX_IPC_MAX_BODY];
    uint32_t len, primary;
    erix_status_t st = rootd_build_envelope(r, i, envelope, sizeof envelope, &len, &primary);
    if (st != ERIX_OK)
        return st;
    struct erix_procd_start_req h = {r->svc[i].pid, len, primary, 0};
    memcpy(req, &h, sizeof h);
    memcpy(req + sizeof h, envelope, len);
    return rootd_procd_call(ERIX_PROCD_OP_START_STAGED_PROCESS, req, (uint16_t)(sizeof h + len),
                            NULL, 0);
}

static erix_status_t start_staged(struct rootd *r, uint16_t i)
{
    struct svc_state *s = &r->svc[i];
    erix_status_t st = create_staged(r, i, &s->pid);
    if (st != ERIX_OK)
        return st;
    s->endpoint_slot = svc_slot(i, 0);
    st = rootd_install_caps(r, i, svc_slot(i, 1));
    erix_status_t drop = erix_cap_drop(svc_slot(i, 1));
    if (st == ERIX_OK)
        st = drop;
    if (st == ERIX_OK)
        st = start_staged_child(r, i);
    if (st != ERIX_OK) {
        struct erix_procd_pid_req abort = {s->pid, 0};
        (void)rootd_procd_call(ERIX_PROCD_OP_ABORT_STAGED_PROCESS, &abort, sizeof abort, NULL, 0);
        (void)erix_cap_drop(s->endpoint_slot);
        s->endpoint_slot = 0;
        return st;
    }
    s->started = true;
    return ERIX_OK;
}

static erix_status_t op_start(void *ctx, uint16_t i)
{
    struct rootd *r = ctx;
    char role[ERIX_ROLE_MAX];
    role_of(r, i, role);
    if (r->cfg.services[i].launch == ERIX_LAUNCH_DEVICED_DRIVER)
        return rootd_driver_start(r, i); /* through deviced */
    rootd_hook_note(r, i);
    erix_status_t st = r->cfg.services[i].launch == ERIX_LAUNCH_ROOTD_DIRECT ? start_direct(r, i)
                                                                               : start_staged(r, i);
    erix_log("ROOTD:START role=%s pid=%u status=%s", role, r->svc[i].pid, erix_status_name(st));
    return st;
}

/* ---- readiness ---------------------------------------------------------------------- */

erix_status_t rootd_judge_ready(const struct rootd *r, uint16_t i, const struct erix_msg *m)
{
    struct erix_service_ready ready;
    if (m->op != ERIX_SERVICE_OP_READY || m->len != sizeof ready || m->token == 0)
        return ERIX_ERR_MALFORMED;
    memcpy(&ready, m->body, sizeof ready);
    if (ready.service_index != i || strncmp(ready.role, r->cfg.services[i].role, ERIX_ROLE_MAX) != 0)
        return ERIX_ERR_MALFORMED;
#if ROOTD_FORCE_SERVICE_FAIL
    erix_log("ROOTD:HOOK force-service-fail: refusing the readiness of service %u", i);
    return ERIX_ERR_DENIED;
#else
    return (erix_status_t)ready.status;
#endif
}

/* Only deviced hands rootd a capability with READY (its endpoint): the
 * receive window is open for that one service. A READY from a service procd
 * restarted is judged as the first time (restart.c); anyone else is DENIED. */
static erix_status_t await_ready_msg(struct rootd *r, uint16_t i, struct erix_msg *m)
{
    bool deviced = rootd_is_deviced(r, i);
    for (;;) {
        erix_recv_window(deviced ? ROOTD_DEVICED_EP : 0, deviced ? 1 : 0);
        erix_status_t st = erix_recv(ROOTD_READY_EP, ERIX_IPC_TIMED, ROOTD_READY_TIMEOUT_US, m);
        erix_recv_window(0, 0);
        if (st != ERIX_OK)
            return st; /* TIMEOUT: it never answered */
        if (m->badge == ROOTD_READY_BADGE(i))
            return ERIX_OK;
        rootd_drop_stray(); /* nothing another sender moved in stays */
        erix_status_t again = rootd_ready_again(r, m);
        if (m->token != 0)
            (void)erix_reply(ROOTD_READY_EP, m->token, (uint32_t)again, NULL, 0);
    }
}

static erix_status_t op_await_ready(void *ctx, uint16_t i)
{
    struct rootd *r = ctx;
    if (r->cfg.services[i].launch == ERIX_LAUNCH_DEVICED_DRIVER)
        return rootd_driver_await(r, i); /* deviced reads it ready */
    struct erix_msg m;
    erix_status_t st = await_ready_msg(r, i, &m);
    if (st != ERIX_OK)
        return st;
    if (m.flags & ERIX_MSG_FLAG_KERNEL_EVENT)
        return ERIX_ERR_PEER_GONE; /* it faulted or exited before becoming ready */
    st = rootd_judge_ready(r, i, &m);
    if (st == ERIX_OK && rootd_is_deviced(r, i))
        st = rootd_deviced_accept(r, i); /* its endpoint came with READY */
    else if (rootd_is_deviced(r, i))
        rootd_drop_stray();
    if (st == ERIX_OK) /* restart = "always": before the answer, while it waits in its CALL */
        st = rootd_restart_policy(r, i);
    (void)erix_reply(ROOTD_READY_EP, m.token, (uint32_t)st, NULL, 0);
    r->svc[i].ready = st == ERIX_OK;
    if (st == ERIX_OK && rootd_is_deviced(r, i))
        st = rootd_deviced_handoff(r); /* seed and seal the registry */
    return st;
}

/* ---- helpers run to their exit -------------------------------------------------------- */

static erix_status_t op_run_to_exit(void *ctx, uint16_t i, uint64_t *exit_code)
{
    struct rootd *r = ctx;
    struct erix_procd_spawn_req req = {{0}, i, r->cfg.services[i].priority, 0};
    role_of(r, i, req.role);
#if ROOTD_FORCE_SPAWN_FAIL
    req.image_index = 0xffffu;
#endif
    struct erix_procd_pid_resp pid = {0, 0};
    erix_status_t st =
        rootd_procd_call(ERIX_PROCD_OP_SPAWN_SERVICE, &req, sizeof req, &pid, sizeof pid);
    erix_log("ROOTD:SPAWN role=%s pid=%u status=%s", req.role, pid.pid, erix_status_name(st));
    if (st != ERIX_OK)
        return st;
    struct erix_procd_pid_req wait = {pid.pid, 0};
    struct erix_event ev;
    if ((st = rootd_procd_call(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, &wait, sizeof wait, &ev,
                               sizeof ev)) != ERIX_OK)
        return st;
    erix_log("ROOTD:EVENT role=%s pid=%u kind=0x%x code=0x%llx", req.role, ev.pid, ev.kind,
             (unsigned long long)ev.code);
    *exit_code = ev.code;
    return ev.kind == ERIX_EVENT_EXIT && ev.pid == pid.pid ? ERIX_OK : ERIX_ERR_STATE;
}

/* ---- fail closed ------------------------------------------------------------------------ */

static erix_status_t await_terminal_event(uint16_t i)
{
    for (;;) {
        struct erix_msg m;
        erix_status_t st = erix_recv(ROOTD_READY_EP, ERIX_IPC_TIMED, ROOTD_READY_TIMEOUT_US, &m);
        if (st != ERIX_OK)
            return st;
        if (m.badge == ROOTD_READY_BADGE(i) && (m.flags & ERIX_MSG_FLAG_KERNEL_EVENT))
            return ERIX_OK;
        if (m.token != 0)
            (void)erix_reply(ROOTD_READY_EP, m.token, ERIX_ERR_DENIED, NULL, 0);
    }
}

static void close_direct(struct rootd *r, uint16_t i, const char *role)
{
    struct svc_state *s = &r->svc[i];
    erix_status_t st = erix_kctl_kill(ERIX_SLOT_KERNEL_PROCESS, s->tcb_slot,
                                      ERIX_KILL_REASON_MANAGED_STOP);
    erix_log("ROOTD:FAIL_CLOSED step=kill role=%s pid=%u status=%s", role, s->pid, erix_status_name(st));
    st = await_terminal_event(i);
    erix_log("ROOTD:FAIL_CLOSED step=terminal-event role=%s status=%s", role, erix_status_name(st));
    st = erix_spawn_destroy(&r->spawn, s->pool_slot);
    erix_log("ROOTD:FAIL_CLOSED step=destroy role=%s status=%s", role, erix_status_name(st));
}

static void close_staged(struct rootd *r, uint16_t i, const char *role)
{
    struct svc_state *s = &r->svc[i];
    struct erix_procd_pid_req stop = {s->pid, ERIX_KILL_REASON_MANAGED_STOP};
    erix_log("ROOTD:FAIL_CLOSED step=kill role=%s pid=%u (managed stop through procd)", role, s->pid);
    erix_status_t st =
        rootd_procd_call(ERIX_PROCD_OP_STOP_PROCESS, &stop, sizeof stop, NULL, 0);
    /* procd answers only once the terminal event is retired and the process destroyed */
    erix_log("ROOTD:FAIL_CLOSED step=terminal-event role=%s status=%s", role, erix_status_name(st));
    erix_log("ROOTD:FAIL_CLOSED step=destroy role=%s status=%s", role, erix_status_name(st));
}

static void op_fail_closed(void *ctx, uint16_t i)
{
    struct rootd *r = ctx;
    struct svc_state *s = &r->svc[i];
    char role[ERIX_ROLE_MAX];
    role_of(r, i, role);
    if (r->cfg.services[i].launch == ERIX_LAUNCH_DEVICED_DRIVER) {
        rootd_driver_fail_closed(r, i); /* deviced stops it through procd */
        return;
    }
    if (s->direct)
        close_direct(r, i, role);
    else
        close_staged(r, i, role);
    erix_status_t st = s->endpoint_slot != 0 ? erix_cap_drop(s->endpoint_slot) : ERIX_OK;
    erix_log("ROOTD:FAIL_CLOSED step=slot-dropped role=%s slot=%u status=%s", role,
             s->endpoint_slot, erix_status_name(st));
    s->endpoint_slot = 0;
    s->started = false;
}

static void op_stage(void *ctx, const char *name)
{
    rootd_stage(ctx, name);
}

void rootd_launcher(struct rootd *r, struct launcher *l)
{
    *l = (struct launcher){r, op_start, op_await_ready, op_run_to_exit, op_fail_closed, op_stage};
}
