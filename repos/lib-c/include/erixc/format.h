/*
 * format.h - the printf engine of kernel and user space (freestanding, host-tested).
 *
 * Supports %% %c %s %d %i %u %x %X %p with the l, ll and z length modifiers,
 * the '0' and '-' flags, a field width and a %.*s / %.Ns precision.
 */
#ifndef ERIXC_FORMAT_H
#define ERIXC_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*format_sink)(void *ctx, char c);

/* Format into a sink; returns the number of characters produced. */
size_t format_v(format_sink sink, void *ctx, const char *fmt, va_list ap);

/* snprintf semantics: always NUL-terminates when cap > 0; returns the full length. */
size_t format_buf(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
