/*
 * serial/main.c - drv-serial: COM1 through its narrow endpoint only.
 *
 * Contract: primary control the COM1 family (IOPORT_READ8/WRITE8 on
 * 0x3f8..0x3ff and nothing else), READY and a peer to deviced, procd's
 * slots. It checks the UART is there, writes a line through the port
 * (DRV_SERIAL:HELLO ...), answers READY, registers its provider (interface
 * SERIAL, scoped to the consumer role "seriald") and serves SERIAL_WRITE:
 * bytes from a consumer go out through COM1.
 */
#include <string.h>

#include <erix/deviced.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "drv.h"
#include "uart.h"

static const struct drv_program program = {
    "DRV_SERIAL", {"drv-serial", ERIX_EP_COM1, 0, "deviced"}};

static struct drv_startup startup;
static struct uart com1;

static erix_status_t port_read(void *ctx, uint16_t port, uint8_t *v)
{
    return erix_kctl_port_read8(*(const uint32_t *)ctx, port, v);
}

static erix_status_t port_write(void *ctx, uint16_t port, uint8_t v)
{
    return erix_kctl_port_write8(*(const uint32_t *)ctx, port, v);
}

static void serve_write(void *ctx, uint32_t slot, const struct erix_msg *m)
{
    (void)ctx;
    erix_status_t st = ERIX_ERR_UNKNOWN_OP;
    if (m->op == ERIX_SERIAL_OP_WRITE)
        st = m->len == 0 || m->len > ERIX_SERIAL_WRITE_MAX
                 ? ERIX_ERR_MALFORMED
                 : uart_write(&com1, (const char *)m->body, m->len);
    (void)erix_reply(slot, m->token, (uint32_t)st, NULL, 0);
}

int64_t erix_main(uint64_t env, uint64_t size, uint64_t rdx)
{
    static const char hello[] = "DRV_SERIAL:HELLO through the COM1 endpoint only (ports 0x3f8-0x3ff)\n";
    drv_startup(&program, env, size, rdx, &startup);
    com1 = (struct uart){UART_COM1, port_read, port_write, &startup.primary};
    erix_status_t st = uart_probe(&com1);
    if (st == ERIX_OK)
        st = uart_write(&com1, hello, sizeof hello - 1);
    /* the COM1 endpoint reaches no other port */
    uint8_t v = 0;
    erix_status_t other = erix_kctl_port_read8(startup.primary, 0x64, &v);
    erix_log("DRV_SERIAL:PORT_CONFINED port=0x64 status=%s", erix_status_name(other));
    if (st == ERIX_OK && other == ERIX_OK)
        st = ERIX_ERR_INTERNAL; /* wider than its contract: refuse to serve */
    if (st != ERIX_OK)
        drv_fail(&program, &startup, st);
    drv_ready(&program, &startup);
    st = drv_register_provider(&startup, "seriald", ERIX_PROVIDER_SERIAL);
    erix_log("DRV_SERIAL:PROVIDER consumer=seriald status=%s", erix_status_name(st));
    drv_serve(&program, &startup, serve_write, NULL);
}
