/*
 * restart.c - rootd's side of procd's restart policy. A procd-staged service
 * with restart = "always" is put under RESTART (ROOTD_RESTART_MIN_RUNTIME_MS,
 * ROOTD_RESTART_MAX) through procd's bootstrap surface once rootd has judged
 * its READY, before the answer reaches it: it waits in its CALL, so no run of
 * it can end unpoliced. A service procd restarted repeats its READY; from the
 * graph's first wait to the end of rootd that gets the judgement of the first
 * time (ROOTD:READY_AGAIN), and anything else from a service rootd is not
 * waiting for is DENIED. Before rootd reports its status it reads back what
 * procd did with each such service (GET_RESTART_POLICY).
 */
#include <string.h>

#include <erix/ipc_rt.h>
#include <erix/log.h>
#include <erix/procd.h>

#include "rootd.h"

erix_status_t rootd_restart_policy(struct rootd *r, uint16_t i)
{
    const struct erix_bootcfg_service *s = &r->cfg.services[i];
    if (s->restart != ERIX_RESTART_ALWAYS || s->launch != ERIX_LAUNCH_PROCD_STAGED)
        return ERIX_OK; /* hold: procd's default */
    struct erix_procd_policy_req req = {r->svc[i].pid, ERIX_PROCD_POLICY_RESTART,
                                        ROOTD_RESTART_MIN_RUNTIME_MS, ROOTD_RESTART_MAX};
    erix_status_t st =
        rootd_procd_call(ERIX_PROCD_OP_SET_RESTART_POLICY, &req, sizeof req, NULL, 0);
    erix_log("ROOTD:RESTART_POLICY role=%.24s pid=%u status=%s", s->role, r->svc[i].pid,
             erix_status_name(st));
    r->svc[i].restart = st == ERIX_OK;
    return st;
}

/* Service i when the badge names one that became ready under the restart policy, else -1. */
static int32_t restarted_sender(const struct rootd *r, uint64_t badge)
{
    if (badge < ROOTD_READY_BADGE(0) || badge >= ROOTD_READY_BADGE(r->cfg.header->service_count))
        return -1;
    uint16_t i = (uint16_t)(badge - ROOTD_READY_BADGE(0));
    const struct svc_state *s = &r->svc[i];
    return s->started && s->ready && s->restart ? i : -1;
}

erix_status_t rootd_ready_again(const struct rootd *r, const struct erix_msg *m)
{
    int32_t i = restarted_sender(r, m->badge);
    if (i < 0 || (m->flags & ERIX_MSG_FLAG_KERNEL_EVENT))
        return ERIX_ERR_DENIED;
    erix_status_t st = rootd_judge_ready(r, (uint16_t)i, m);
    erix_log("ROOTD:READY_AGAIN role=%.24s pid=%u status=%s", r->cfg.services[i].role,
             m->sender_pid, erix_status_name(st));
    return st;
}

static void report_one(const struct rootd *r, uint16_t i)
{
    struct erix_procd_pid_req req = {r->svc[i].pid, 0};
    struct erix_procd_policy_resp p;
    memset(&p, 0, sizeof p);
    erix_status_t st =
        rootd_procd_call(ERIX_PROCD_OP_GET_RESTART_POLICY, &req, sizeof req, &p, sizeof p);
    erix_log("ROOTD:RESTART_STATE role=%.24s status=%s restarts=%u flags=0x%x state=%u "
             "last_run_ms=%u pid=%u",
             r->cfg.services[i].role, erix_status_name(st), p.restarts, p.flags, p.state,
             p.last_runtime_ms, r->svc[i].pid);
}

void rootd_restart_report(const struct rootd *r)
{
    for (uint16_t i = 0; i < r->cfg.header->service_count; i++)
        if (r->svc[i].restart)
            report_one(r, i);
}
