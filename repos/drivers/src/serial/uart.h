/*
 * uart.h - the 16550 UART at COM1, driven through a port callback (the COM1
 * family's IOPORT_READ8 / IOPORT_WRITE8 on EriX, a fake in host tests).
 *
 * Only the ports of one UART (base .. base + 7) are touched. Writing waits
 * for the transmitter holding register (LSR bit 5) with a bounded number of
 * polls per byte and turns '\n' into "\r\n".
 *
 * Pure.
 */
#ifndef DRIVERS_UART_H
#define DRIVERS_UART_H

#include <stddef.h>
#include <stdint.h>

#include <erix/status.h>

#define UART_COM1 0x3f8u
#define UART_THR 0u     /* transmit holding register */
#define UART_LSR 5u     /* line status register */
#define UART_SCR 7u     /* scratch register */
#define UART_LSR_THRE 0x20u
#define UART_POLLS 100000u

struct uart {
    uint16_t base;
    erix_status_t (*read8)(void *ctx, uint16_t port, uint8_t *value);
    erix_status_t (*write8)(void *ctx, uint16_t port, uint8_t value);
    void *ctx;
};

/* Is a UART there? The scratch register keeps what is written to it (the
 * old value is put back) and LSR does not read 0xff. ERIX_ERR_NOT_FOUND if
 * not; a port call's error as it is. */
erix_status_t uart_probe(const struct uart *u);

/* Write n bytes. ERIX_ERR_TIMEOUT when the transmitter never empties. */
erix_status_t uart_write(const struct uart *u, const char *s, size_t n);

#endif
