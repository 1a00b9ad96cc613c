/*
 * drv.c - startup, readiness, provider registration and the service loop of
 * a driver program (drv.h), on lib-rt.
 */
#include <string.h>

#include <erix/deviced.h>
#include <erix/log.h>
#include <erix/rt.h>
#include <erix/service.h>

#include "drv.h"

static erix_status_t query(void *ctx, uint32_t slot, struct erix_cap_info *out)
{
    (void)ctx;
    return erix_cap_info(slot, out);
}

static erix_status_t send_ready(const struct drv_startup *s, erix_status_t status)
{
    return erix_service_ready(s->ready, s->role, s->service_index, status);
}

void drv_fail(const struct drv_program *p, const struct drv_startup *s, erix_status_t status)
{
    erix_log("%s:CONTRACT_FAILED role=%.24s status=%s", p->tag, s->role[0] ? s->role : "?",
             erix_status_name(status));
    if (s->ready != 0)
        (void)send_ready(s, status); /* the manager stops us; if not, we exit */
    erix_exit(DRV_EXIT_CONTRACT);
}

void drv_startup(const struct drv_program *p, uint64_t env, uint64_t size, uint64_t rdx,
                 struct drv_startup *out)
{
    erix_status_t st = drv_contract_check((const void *)(uintptr_t)env, size, rdx, &p->spec, query,
                                          NULL, out);
    if (st != ERIX_OK)
        drv_fail(p, out, st);
}

void drv_ready(const struct drv_program *p, const struct drv_startup *s)
{
    erix_status_t st = send_ready(s, ERIX_OK);
    if (st != ERIX_OK) {
        erix_log("%s:READY_REFUSED status=%s", p->tag, erix_status_name(st));
        erix_exit(DRV_EXIT_READY);
    }
}

erix_status_t drv_register_provider(const struct drv_startup *s, const char *consumer_role,
                                    uint32_t interface)
{
    struct erix_deviced_provider_req r;
    memset(&r, 0, sizeof r);
    if (consumer_role != NULL)
        memcpy(r.consumer_role, consumer_role, strnlen(consumer_role, sizeof r.consumer_role - 1));
    r.interface = interface;
    uint32_t reply = ERIX_OK;
    erix_status_t st = erix_call_ex(s->peer, 0, 0, ERIX_DEVICED_OP_REGISTER_PROVIDER, &r, sizeof r,
                                    NULL, 0, NULL, &reply);
    return st != ERIX_OK ? st : (erix_status_t)reply;
}

void drv_serve(const struct drv_program *p, const struct drv_startup *s, drv_handler handler,
               void *ctx)
{
    unsigned failures = 0;
    for (;;) {
        struct erix_msg m;
        erix_status_t st = erix_recv(s->service, 0, 0, &m);
        if (st != ERIX_OK) {
            erix_log("%s:RECV_FAILED status=%s", p->tag, erix_status_name(st));
            if (++failures >= 16)
                erix_exit(DRV_EXIT_SERVE);
            continue;
        }
        failures = 0;
        if (m.token == 0)
            continue; /* a notification: nothing to answer */
        if (m.op == ERIX_PROVIDER_OP_PING) {
            (void)erix_reply(s->service, m.token, m.len == 0 ? ERIX_OK : ERIX_ERR_MALFORMED, NULL, 0);
            erix_log("%s:PING answered from pid=%u", p->tag, m.sender_pid);
        } else if (handler != NULL)
            handler(ctx, s->service, &m);
        else
            (void)erix_reply(s->service, m.token, ERIX_ERR_UNKNOWN_OP, NULL, 0);
    }
}
