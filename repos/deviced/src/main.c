/*
 * main.c - deviced's entry: check the startup contract (rdi = the envelope,
 * rsi = its size, rdx = the primary control slot), make deviced's endpoint,
 * hand it to rootd with the readiness handshake, then run the service loop:
 * take every waiting call off the endpoint into the loop's queues and serve
 * them by its fairness policy (loop.h), with activation housekeeping between
 * calls and the readiness markers flushed at one point of the loop.
 */
#include <string.h>

#include <erix/deviced.h>
#include <erix/ipc_rt.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rt.h>
#include <erix/service.h>

#include "config.h"
#include "contract.h"
#include "kernel.h"
#include "loop.h"
#include "server.h"

#define RECV_FAILURES_MAX 16u

static struct deviced_server server;
static struct deviced_loop loop;
static struct deviced_msg current;

static erix_status_t query(void *ctx, uint32_t slot, struct erix_cap_info *out)
{
    (void)ctx;
    return erix_cap_info(slot, out);
}

/* CALL READY with `status`, handing rootd a SEND copy of `endpoint` (0: none). */
static erix_status_t send_ready(uint32_t ready, uint32_t index, erix_status_t status,
                                uint32_t endpoint)
{
    if (endpoint != 0) {
        uint8_t rights = ERIX_RIGHT_SEND, mode = ERIX_XFER_MODE_COPY;
        erix_status_t st = erix_xfer_set(&endpoint, &rights, &mode, 1);
        if (st != ERIX_OK)
            return st;
    }
    return erix_service_ready(ready, DEVICED_ROLE, index, status);
}

static _Noreturn void contract_failed(const struct deviced_contract *c, uint64_t rdx,
                                      erix_status_t st)
{
    if (erix_cap_expect((uint32_t)rdx, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_LOG) == ERIX_OK)
        erix_log_use_endpoint((uint32_t)rdx);
    erix_log("DEVICED:CONTRACT_FAILED status=%s", erix_status_name(st));
    if (c->ready_slot != 0)
        (void)send_ready(c->ready_slot, c->service_index, st, 0);
    erix_exit(DEVICED_EXIT_CONTRACT);
}

/* Take one received message into the loop, or refuse it on the spot. */
static void intake(const struct erix_msg *m)
{
    uint32_t surface = erix_deviced_surface_of(m->badge);
    bool servable = surface != 0 && m->token != 0 && (m->flags & ERIX_MSG_FLAG_KERNEL_EVENT) == 0;
    if (servable && loop_push(&loop, surface, m->op, m->flags, m->len, m->token, m->badge,
                              m->sender_pid, m->body))
        return;
    current = (struct deviced_msg){m->op, m->flags, 0, m->token, m->badge, m->sender_pid,
                                   surface, 0, {0}};
    server_refuse(&current, ERIX_ERR_DENIED);
}

/* Block for one call, then take whatever else waits, while the queues have room. */
static erix_status_t receive(bool block)
{
    struct erix_msg m;
    erix_status_t st = ERIX_OK;
    if (block) {
        if ((st = erix_recv(server.endpoint, 0, 0, &m)) != ERIX_OK)
            return st;
        intake(&m);
    }
    while (loop_has_room(&loop)) {
        st = erix_recv(server.endpoint, ERIX_IPC_POLL, 0, &m);
        if (st == ERIX_ERR_WOULD_BLOCK)
            return ERIX_OK;
        if (st != ERIX_OK)
            return st;
        intake(&m);
    }
    return ERIX_OK;
}

static void turn(void)
{
    bool housekeeping = server_housekeeping(&server);
    enum deviced_turn t = loop_next(&loop, housekeeping);
    bool ahead = false;
    if (t == DEVICED_TURN_HOUSEKEEP) {
        (void)loop_take(&loop, t, &current, NULL);
        server_housekeep(&server);
    } else if (t != DEVICED_TURN_WAIT && loop_take(&loop, t, &current, &ahead)) {
        if (ahead)
            dk_log("DEVICED:FAIRNESS admin op=0x%x served ahead of %u queued public call(s)",
                   current.op, loop.pub_q.count);
        server_handle(&server, &current);
    }
    server_flush(&server);
}

static _Noreturn void serve(void)
{
    uint32_t failures = 0;
    for (;;) {
        bool idle = loop_queued(&loop) == 0 && !server_housekeeping(&server);
        erix_status_t st = receive(idle);
        failures = st == ERIX_OK ? 0 : failures + 1;
        if (st != ERIX_OK)
            dk_log("DEVICED:RECV_FAILED status=%s", erix_status_name(st));
        if (failures >= RECV_FAILURES_MAX)
            erix_exit(DEVICED_EXIT_RECV);
        turn();
    }
}

int64_t erix_main(uint64_t env, uint64_t size, uint64_t rdx)
{
    struct deviced_contract c;
    erix_status_t st = deviced_contract_check((const void *)(uintptr_t)env, size, rdx, query,
                                              NULL, &c);
    if (st != ERIX_OK)
        contract_failed(&c, rdx, st);
    erix_log_use_endpoint(c.primary);
    st = erix_kctl_create_endpoint(c.populate, c.pool, DEVICED_SLOT_ENDPOINT);
    if (st == ERIX_OK)
        st = send_ready(c.ready_slot, c.service_index, ERIX_OK, DEVICED_SLOT_ENDPOINT);
    if (st != ERIX_OK) {
        erix_log("DEVICED:READY_REFUSED status=%s", erix_status_name(st));
        erix_exit(DEVICED_EXIT_READY);
    }
    /* Every caller reaches deviced through the endpoint it made: procd's
     * endpoint of deviced is not needed any more. */
    (void)erix_cap_drop(c.service);
    server_init(&server, &c, DEVICED_SLOT_ENDPOINT, !DEVICED_RELEASE);
    loop_init(&loop);
    dk_init(&(struct dk_config){c.procd, c.populate, DEVICED_SLOT_ENDPOINT});
    dk_log("DEVICED:SERVING endpoint=%u", DEVICED_SLOT_ENDPOINT);
    serve();
}
