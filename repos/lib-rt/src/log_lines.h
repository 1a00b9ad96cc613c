/*
 * log_lines.h - private: turn a stream of characters into whole lines of at
 * most `max` bytes, '\n' included, each handed to one write. The pure core of
 * erix_log (log_lines.c); host-tested with a recording writer.
 */
#ifndef ERIX_RT_LOG_LINES_H
#define ERIX_RT_LOG_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include <erix/kctl.h>
#include <erix/status.h>

#define ERIX_RT_LINE_CAP ERIX_KCTL_LOG_MAX /* the longest write any sink takes */

typedef erix_status_t (*erix_rt_line_writer)(void *ctx, const char *line, size_t len);

struct erix_rt_lines {
    char buf[ERIX_RT_LINE_CAP];
    size_t len;            /* characters of the current line, '\n' not counted */
    size_t max;            /* bytes per write, '\n' included: 2..ERIX_RT_LINE_CAP */
    erix_rt_line_writer write;
    void *ctx;
    erix_status_t status;  /* first failure; output after it is dropped */
    bool wrote;            /* at least one line went out */
};

void erix_rt_lines_init(struct erix_rt_lines *l, size_t max, erix_rt_line_writer write,
                        void *ctx);

/* A format_sink: ctx is the struct erix_rt_lines. */
void erix_rt_lines_put(void *ctx, char c);

/* Emit the characters of s (as erix_rt_lines_put, one by one). */
void erix_rt_lines_puts(struct erix_rt_lines *l, const char *s);

/* Flush the last line (or an empty one if nothing was written); the status. */
erix_status_t erix_rt_lines_finish(struct erix_rt_lines *l);

#endif
