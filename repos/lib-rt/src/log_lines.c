/*
 * log_lines.c - the line splitter under erix_log: characters in, whole lines
 * out. A '\n' ends a line; a line that reaches the sink's bound is cut there
 * and continues as a new line; every write ends in exactly one '\n'. Pure.
 */
#include "log_lines.h"

void erix_rt_lines_init(struct erix_rt_lines *l, size_t max, erix_rt_line_writer write,
                        void *ctx)
{
    if (max > ERIX_RT_LINE_CAP)
        max = ERIX_RT_LINE_CAP;
    l->len = 0;
    l->max = max < 2 ? 2 : max;
    l->write = write;
    l->ctx = ctx;
    l->status = ERIX_OK;
    l->wrote = false;
}

static void flush(struct erix_rt_lines *l)
{
    l->buf[l->len] = '\n';
    if (l->status == ERIX_OK)
        l->status = l->write(l->ctx, l->buf, l->len + 1);
    l->len = 0;
    l->wrote = true;
}

void erix_rt_lines_put(void *ctx, char c)
{
    struct erix_rt_lines *l = ctx;
    if (l->status != ERIX_OK)
        return;
    if (c == '\n') {
        flush(l);
        return;
    }
    if (l->len == l->max - 1)
        flush(l); /* full: cut here, c starts the continuation */
    l->buf[l->len++] = c;
}

void erix_rt_lines_puts(struct erix_rt_lines *l, const char *s)
{
    while (*s != 0)
        erix_rt_lines_put(l, *s++);
}

erix_status_t erix_rt_lines_finish(struct erix_rt_lines *l)
{
    if (l->status == ERIX_OK && (l->len > 0 || !l->wrote))
        flush(l);
    return l->status;
}
