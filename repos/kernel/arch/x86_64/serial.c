/* serial.c - COM1 (16550 at 0x3F8) as the kernel console: 115200 8N1, polled. */
#include <kernel/arch.h>

#include "cpu.h"

#define COM1 0x3f8

void arch_console_init(void)
{
    outb(COM1 + 1, 0x00); /* no interrupts */
    outb(COM1 + 3, 0x80); /* DLAB on */
    outb(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03); /* 8N1, DLAB off */
    outb(COM1 + 2, 0xc7); /* FIFO on, cleared, 14-byte threshold */
    outb(COM1 + 4, 0x03); /* DTR, RTS */
}

void arch_console_putc(char c)
{
    for (int spin = 0; spin < 100000 && (inb(COM1 + 5) & 0x20) == 0; spin++)
        ;
    outb(COM1, (uint8_t)c);
}
