/*
 * test_uart.c - COM1 through a fake port space: the probe, line output with
 * "\r\n", waiting for the transmitter, giving up, port errors, and no port
 * outside base .. base + 7 ever touched.
 */
#include <string.h>

#include "erix_test.h"
#include "uart.h"

static struct {
    uint8_t scratch, lsr;
    unsigned busy;          /* LSR reads that say "busy" before each byte */
    unsigned busy_left;
    char out[256];
    unsigned n;
    erix_status_t fail;
    unsigned stray;         /* accesses outside the UART */
} port;

static erix_status_t rd(void *ctx, uint16_t p, uint8_t *v)
{
    (void)ctx;
    if (p < UART_COM1 || p > UART_COM1 + 7)
        port.stray++;
    if (port.fail != ERIX_OK)
        return port.fail;
    if (p == UART_COM1 + UART_SCR)
        *v = port.scratch;
    else if (p == UART_COM1 + UART_LSR) {
        if (port.busy_left > 0) {
            port.busy_left--;
            *v = 0;
        } else {
            *v = port.lsr;
        }
    } else
        *v = 0;
    return ERIX_OK;
}

static erix_status_t wr(void *ctx, uint16_t p, uint8_t v)
{
    (void)ctx;
    if (p < UART_COM1 || p > UART_COM1 + 7)
        port.stray++;
    if (port.fail != ERIX_OK)
        return port.fail;
    if (p == UART_COM1 + UART_SCR)
        port.scratch = v;
    if (p == UART_COM1 + UART_THR && port.n < sizeof port.out) {
        port.out[port.n++] = (char)v;
        port.busy_left = port.busy;
    }
    return ERIX_OK;
}

static const struct uart com1 = {UART_COM1, rd, wr, NULL};

static void reset(void)
{
    memset(&port, 0, sizeof port);
    port.lsr = UART_LSR_THRE | 0x40;
    port.scratch = 0x11;
}

static void probe(void)
{
    reset();
    ERIX_CHECK_EQ(uart_probe(&com1), ERIX_OK);
    ERIX_CHECK_EQ(port.scratch, 0x11); /* put back */
    reset();
    port.lsr = 0xff; /* floating bus: no UART */
    ERIX_CHECK_EQ(uart_probe(&com1), ERIX_ERR_NOT_FOUND);
    reset();
    port.fail = ERIX_ERR_DENIED;
    ERIX_CHECK_EQ(uart_probe(&com1), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(port.stray, 0);
}

static void output(void)
{
    reset();
    port.busy = 3;
    ERIX_CHECK_EQ(uart_write(&com1, "ab\nc", 4), ERIX_OK);
    ERIX_CHECK_EQ(port.n, 5);
    ERIX_CHECK(memcmp(port.out, "ab\r\nc", 5) == 0);
    reset();
    port.lsr = 0; /* never empties */
    ERIX_CHECK_EQ(uart_write(&com1, "x", 1), ERIX_ERR_TIMEOUT);
    ERIX_CHECK_EQ(port.n, 0);
    reset();
    port.fail = ERIX_ERR_DENIED;
    ERIX_CHECK_EQ(uart_write(&com1, "x", 1), ERIX_ERR_DENIED);
    reset();
    ERIX_CHECK_EQ(uart_write(&com1, "", 0), ERIX_OK);
    ERIX_CHECK_EQ(port.stray, 0);
}

int main(void)
{
    ERIX_RUN(probe);
    ERIX_RUN(output);
    return erix_test_finish();
}
