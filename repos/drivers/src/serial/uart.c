/*
 * uart.c - COM1 through a port callback (uart.h).
 */
#include "uart.h"

erix_status_t uart_probe(const struct uart *u)
{
    uint8_t old = 0, got = 0, lsr = 0;
    uint16_t scr = (uint16_t)(u->base + UART_SCR);
    erix_status_t st = u->read8(u->ctx, (uint16_t)(u->base + UART_LSR), &lsr);
    if (st == ERIX_OK)
        st = u->read8(u->ctx, scr, &old);
    if (st == ERIX_OK)
        st = u->write8(u->ctx, scr, 0x5a);
    if (st == ERIX_OK)
        st = u->read8(u->ctx, scr, &got);
    if (st == ERIX_OK)
        st = u->write8(u->ctx, scr, old);
    if (st != ERIX_OK)
        return st;
    return lsr != 0xff && got == 0x5a ? ERIX_OK : ERIX_ERR_NOT_FOUND;
}

static erix_status_t put(const struct uart *u, uint8_t c)
{
    for (uint32_t i = 0; i < UART_POLLS; i++) {
        uint8_t lsr = 0;
        erix_status_t st = u->read8(u->ctx, (uint16_t)(u->base + UART_LSR), &lsr);
        if (st != ERIX_OK)
            return st;
        if (lsr & UART_LSR_THRE)
            return u->write8(u->ctx, (uint16_t)(u->base + UART_THR), c);
    }
    return ERIX_ERR_TIMEOUT;
}

erix_status_t uart_write(const struct uart *u, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        erix_status_t st = s[i] == '\n' ? put(u, '\r') : ERIX_OK;
        if (st == ERIX_OK)
            st = put(u, (uint8_t)s[i]);
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}
