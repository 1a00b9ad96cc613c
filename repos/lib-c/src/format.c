/*
 * format.c - printf-style formatting without a C library.
 *
 * Owns number and string rendering for kprintf() and format_buf(). Nothing here
 * allocates or touches hardware, so the host tests run it under sanitizers.
 */
#include <stdbool.h>
#include <stdint.h>

#include <erixc/format.h>

struct spec {
    bool left;
    bool zero;
    int width;
    int precision; /* -1: none */
    int length;    /* 0: int, 1: long, 2: long long, 3: size_t */
};

struct out {
    format_sink sink;
    void *ctx;
    size_t count;
};

static void emit(struct out *o, char c)
{
    o->sink(o->ctx, c);
    o->count++;
}

static void pad(struct out *o, char c, int n)
{
    for (; n > 0; n--)
        emit(o, c);
}

static void emit_str(struct out *o, const struct spec *s, const char *str)
{
    if (str == NULL)
        str = "(null)";
    int len = 0;
    while (str[len] != 0 && (s->precision < 0 || len < s->precision))
        len++;
    if (!s->left)
        pad(o, ' ', s->width - len);
    for (int i = 0; i < len; i++)
        emit(o, str[i]);
    if (s->left)
        pad(o, ' ', s->width - len);
}

static void emit_num(struct out *o, const struct spec *s, uint64_t v, unsigned base,
                     bool negative, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    int len = n + (negative ? 1 : 0);
    if (!s->left && !s->zero)
        pad(o, ' ', s->width - len);
    if (negative)
        emit(o, '-');
    if (!s->left && s->zero)
        pad(o, '0', s->width - len);
    while (n > 0)
        emit(o, tmp[--n]);
    if (s->left)
        pad(o, ' ', s->width - len);
}

static const char *parse_spec(const char *f, struct spec *s, va_list *ap)
{
    *s = (struct spec){.precision = -1};
    for (;; f++) {
        if (*f == '-')
            s->left = true;
        else if (*f == '0')
            s->zero = true;
        else
            break;
    }
    for (; *f >= '0' && *f <= '9'; f++)
        s->width = s->width * 10 + (*f - '0');
    if (*f == '.') {
        f++;
        s->precision = 0;
        if (*f == '*') {
            s->precision = va_arg(*ap, int);
            f++;
        }
        for (; *f >= '0' && *f <= '9'; f++)
            s->precision = s->precision * 10 + (*f - '0');
    }
    for (; *f == 'l'; f++)
        s->length = s->length < 2 ? s->length + 1 : 2;
    if (*f == 'z') {
        s->length = 3;
        f++;
    }
    return f;
}

static uint64_t arg_unsigned(const struct spec *s, va_list *ap)
{
    switch (s->length) {
    case 1: return va_arg(*ap, unsigned long);
    case 2: return va_arg(*ap, unsigned long long);
    case 3: return va_arg(*ap, size_t);
    default: return va_arg(*ap, unsigned int);
    }
}

static int64_t arg_signed(const struct spec *s, va_list *ap)
{
    switch (s->length) {
    case 1: return va_arg(*ap, long);
    case 2: return va_arg(*ap, long long);
    case 3: return (int64_t)va_arg(*ap, size_t);
    default: return va_arg(*ap, int);
    }
}

static void emit_signed(struct out *o, const struct spec *s, int64_t v)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    emit_num(o, s, mag, 10, v < 0, false);
}

static void convert(struct out *o, char conv, struct spec *s, va_list *ap)
{
    switch (conv) {
    case 'c': {
        char c[2] = {(char)va_arg(*ap, int), 0};
        emit_str(o, s, c);
        break;
    }
    case 's': emit_str(o, s, va_arg(*ap, const char *)); break;
    case 'd':
    case 'i': emit_signed(o, s, arg_signed(s, ap)); break;
    case 'u': emit_num(o, s, arg_unsigned(s, ap), 10, false, false); break;
    case 'x': emit_num(o, s, arg_unsigned(s, ap), 16, false, false); break;
    case 'X': emit_num(o, s, arg_unsigned(s, ap), 16, false, true); break;
    case 'p':
        emit(o, '0');
        emit(o, 'x');
        s->zero = true;
        s->width = 16;
        emit_num(o, s, (uintptr_t)va_arg(*ap, void *), 16, false, false);
        break;
    case '%': emit(o, '%'); break;
    default: /* unknown conversion: show it rather than guess */
        emit(o, '%');
        if (conv != 0)
            emit(o, conv);
        break;
    }
}

size_t format_v(format_sink sink, void *ctx, const char *fmt, va_list ap)
{
    struct out o = {sink, ctx, 0};
    va_list args;
    va_copy(args, ap);
    while (*fmt != 0) {
        if (*fmt != '%') {
            emit(&o, *fmt++);
            continue;
        }
        struct spec s;
        fmt = parse_spec(fmt + 1, &s, &args);
        convert(&o, *fmt, &s, &args);
        if (*fmt != 0)
            fmt++;
    }
    va_end(args);
    return o.count;
}

struct buf_ctx {
    char *buf;
    size_t cap;
    size_t pos;
};

static void buf_sink(void *ctx, char c)
{
    struct buf_ctx *b = ctx;
    if (b->pos + 1 < b->cap)
        b->buf[b->pos] = c;
    b->pos++;
}

size_t format_buf(char *buf, size_t cap, const char *fmt, ...)
{
    struct buf_ctx b = {buf, cap, 0};
    va_list ap;
    va_start(ap, fmt);
    size_t n = format_v(buf_sink, &b, fmt, ap);
    va_end(ap);
    if (cap > 0)
        buf[b.pos < cap ? b.pos : cap - 1] = 0;
    return n;
}
