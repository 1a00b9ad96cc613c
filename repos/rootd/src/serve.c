/*
 * serve.c - rootd once its work is done. rootd runs at the highest service
 * priority, so it must block, never spin: it waits on its READY endpoint for
 * good and answers what still comes there. A service that procd restarted
 * repeats its readiness handshake and gets the same judgement as the first
 * time (restart.c, as while the graph came up); a rootd-direct service that
 * ends (procd) is logged. Everything else, and everything after a failed
 * boot, is DENIED. No capability is accepted. Without its endpoint (a failure
 * before it was made) rootd exits instead.
 */
#include <string.h>

#include <erix/ipc.h>
#include <erix/ipc_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "rootd.h"

/* Service i when the badge names one that was started, else -1. */
static int32_t sender_of(const struct rootd *r, uint64_t badge)
{
    if (badge < ROOTD_READY_BADGE(0) || badge >= ROOTD_READY_BADGE(r->cfg.header->service_count))
        return -1;
    uint16_t i = (uint16_t)(badge - ROOTD_READY_BADGE(0));
    return r->svc[i].started ? i : -1;
}

static void log_event(const struct rootd *r, uint16_t i, const struct erix_msg *m)
{
    struct erix_event ev = {0, 0, 0, 0, 0};
    if (m->len >= sizeof ev)
        memcpy(&ev, m->body, sizeof ev);
    erix_log("ROOTD:SERVICE_ENDED role=%.24s pid=%u kind=0x%x code=0x%llx", r->cfg.services[i].role,
             ev.pid, ev.kind, (unsigned long long)ev.code);
}

/* The answer to one message (the reply's status when it has a token). */
static erix_status_t serve_one(const struct rootd *r, bool up, const struct erix_msg *m)
{
    if (!up)
        return ERIX_ERR_DENIED;
    int32_t i = sender_of(r, m->badge);
    if (i >= 0 && (m->flags & ERIX_MSG_FLAG_KERNEL_EVENT)) {
        log_event(r, (uint16_t)i, m); /* the end of what rootd started directly */
        return ERIX_OK;
    }
    return rootd_ready_again(r, m);
}

_Noreturn void rootd_serve(const struct rootd *r, bool up)
{
    erix_recv_window(0, 0);
    for (;;) {
        struct erix_msg m;
        erix_status_t got = erix_recv(ROOTD_READY_EP, 0, 0, &m);
        if (got != ERIX_OK)
            erix_exit(got); /* no endpoint yet (an early failure): nothing to serve */
        erix_status_t st = serve_one(r, up, &m);
        if (m.token != 0)
            (void)erix_reply(ROOTD_READY_EP, m.token, (uint32_t)st, NULL, 0);
    }
}
