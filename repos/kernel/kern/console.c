/* console.c - kprintf() and raw writes onto the kernel console. */
#include <string.h>

#include <erix/markers.h>

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

erix_status_t console_user_write(const uint8_t *s, size_t len)
{
    if (!erix_console_text_allowed(s, len))
        return ERIX_ERR_DENIED;
    console_write((const char *)s, len);
    if (len == 0 || s[len - 1] != '\n')
        console_write("\n", 1); /* no line is ever made of two writes */
    return ERIX_OK;
}
