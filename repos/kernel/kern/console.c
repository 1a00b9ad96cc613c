/* console.c - kprintf() and raw writes onto the kernel console. */
#include <kernel/arch.h>
#include <kernel/console.h>
#include <erixc/format.h>

static void console_sink(void *ctx, char c)
{
    (void)ctx;
    if (c == '\n')
        arch_console_putc('\r');
    arch_console_putc(c);
}

void kvprintf(const char *fmt, va_list ap)
{
    format_v(console_sink, NULL, fmt, ap);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

void console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        console_sink(NULL, s[i]);
}
