/*
 * main.c - procd's entry: check the startup contract (rdi = the envelope at
 * ERIX_ENVELOPE_VADDR, rsi = its size, rdx = the primary control slot), map
 * the boot images, answer rootd's readiness handshake, then serve its one
 * endpoint for good. A broken contract is reported through READY (when READY
 * itself is sound) and ends procd with a non-zero exit code.
 *
 * The receive blocks until the next restart is due (a timed receive), so a
 * process waiting out its back-off never holds up a request, and a restart
 * never waits for one. Capabilities a request transfers land in procd's
 * inbox; the server keeps what UPDATE_FOUNDATION_ENDPOINTS binds and drops
 * the rest before the next receive.
 */
#include <string.h>

#include <erix/ipc_rt.h>
#include <erix/layout.h>
#include <erix/log.h>
#include <erix/rt.h>
#include <erix/service.h>

#include "contract.h"
#include "kernel.h"
#include "server.h"

#define RECV_FAILURES_MAX 16u
#define RECV_TIMEOUT_MAX_US 1000000u /* wake at least once a second while a restart waits */

static struct procd_server server;
static _Alignas(4096) uint8_t loader_buf[PROCD_LOADER_MAX_BYTES];

static erix_status_t query(void *ctx, uint32_t slot, struct erix_cap_info *out)
{
    (void)ctx;
    return erix_cap_info(slot, out);
}

/* CALL READY with `status`; ERIX_OK only when rootd answers ERIX_OK. */
static erix_status_t send_ready(uint32_t ready_slot, uint32_t service_index, erix_status_t status)
{
    return erix_service_ready(ready_slot, PROCD_ROLE, service_index, status);
}

/* Map image k of the contract at its window and describe it for the server. */
static erix_status_t map_images(const struct procd_contract *c, struct procd_image *out)
{
    for (uint32_t k = 0; k < c->image_count; k++) {
        uint64_t vaddr = PROCD_IMAGE_VADDR + k * PROCD_IMAGE_STRIDE;
        erix_status_t st = pk_map_image(c->images[k].slot, vaddr);
        if (st != ERIX_OK)
            return st;
        out[k] = (struct procd_image){c->images[k].index, c->images[k].slot,
                                      (const uint8_t *)(uintptr_t)vaddr, c->images[k].size};
    }
    return ERIX_OK;
}

static erix_status_t start_up(uint64_t env, uint64_t size, uint64_t rdx, struct procd_contract *c)
{
    static struct procd_image images[PROCD_MAX_IMAGES];
    memset(c, 0, sizeof *c);
    if (env != ERIX_ENVELOPE_VADDR || size == 0 || size > ERIX_ENVELOPE_MAX)
        return ERIX_ERR_INVALID_ARGUMENT; /* nothing is read from a stray pointer */
    erix_status_t st = procd_contract_check((const void *)(uintptr_t)env, (size_t)size, rdx, query,
                                            NULL, c);
    if (st != ERIX_OK)
        return st;
    pk_init(&(struct pk_config){c->primary, c->service, c->pool, c->self_vspace,
                                PROCD_SCRATCH_VADDR, PROCD_SCRATCH_SIZE});
    if ((st = map_images(c, images)) != ERIX_OK)
        return st;
    procd_server_init(&server, images, c->image_count, loader_buf, sizeof loader_buf);
    return ERIX_OK;
}

/* How long the next receive may block: until the next restart is due (0:
 * block without a timeout). */
static uint32_t receive_timeout_us(void)
{
    uint64_t due;
    if (!procd_server_next_due(&server, &due))
        return 0;
    uint64_t now = pk_clock_ns();
    uint64_t us = due > now ? (due - now + 999u) / 1000u : 1u;
    return us > RECV_TIMEOUT_MAX_US ? RECV_TIMEOUT_MAX_US : (uint32_t)us;
}

static _Noreturn void serve(uint32_t endpoint)
{
    struct erix_msg m;
    struct erix_xfer_entry caps[ERIX_XFER_MAX_ENTRIES];
    uint32_t failures = 0;
    /* Capabilities may land only in the inbox; nothing stays there. */
    erix_recv_window(PROCD_INBOX_SLOT_BASE, PROCD_INBOX_SLOTS);
    while (failures < RECV_FAILURES_MAX) {
        uint32_t timeout = receive_timeout_us();
        erix_status_t st = erix_recv(endpoint, timeout != 0 ? ERIX_IPC_TIMED : 0, timeout, &m);
        if (st == ERIX_ERR_TIMEOUT) {
            procd_server_tick(&server);
            continue;
        }
        if (st != ERIX_OK) {
            erix_log("PROCD:RECV_FAILED status=%s", erix_status_name(st));
            failures++;
            continue;
        }
        failures = 0;
        unsigned n = erix_xfer_received(caps);
        procd_server_handle_caps(&server, &m, caps, n);
        procd_server_tick(&server);
    }
    erix_exit(PROCD_EXIT_SERVE);
}

int64_t erix_main(uint64_t env, uint64_t size, uint64_t rdx)
{
    struct procd_contract c;
    erix_status_t st = start_up(env, size, rdx, &c);
    if (st != ERIX_OK) {
        erix_log("PROCD:CONTRACT_FAILED status=%s", erix_status_name(st));
        if (c.ready_slot != 0)
            (void)send_ready(c.ready_slot, c.service_index, st);
        return PROCD_EXIT_CONTRACT;
    }
    if ((st = send_ready(c.ready_slot, c.service_index, ERIX_OK)) != ERIX_OK) {
        erix_log("PROCD:READY_REFUSED status=%s", erix_status_name(st));
        return PROCD_EXIT_READY_REFUSED;
    }
    erix_log("PROCD:READY images=%u", c.image_count);
    serve(c.service);
}
