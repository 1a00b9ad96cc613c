/*
 * log.c - erix_log and erix_panic: format with lib-c's engine, cut into whole
 * lines (log_lines.c) and write each through the chosen sink, the kernel
 * debug log or a LOG-family endpoint. Owns the process's sink choice.
 */
#include <erixc/format.h>

#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "log_lines.h"
#include "rt_sys.h"

static uint32_t log_endpoint; /* 0: ERIX_SYS_DEBUG_LOG */

void erix_log_use_endpoint(uint32_t slot)
{
    log_endpoint = slot;
}

uint32_t erix_log_endpoint(void)
{
    return log_endpoint;
}

static erix_status_t write_debug(void *ctx, const char *line, size_t len)
{
    (void)ctx;
    return erix_rt_sys_debug_log(line, len);
}

static erix_status_t write_endpoint(void *ctx, const char *line, size_t len)
{
    return erix_kctl_log(*(const uint32_t *)ctx, line, (uint32_t)len);
}

/* Format one message (after an optional prefix) into lines for one sink. */
static erix_status_t emit(uint32_t ep, const char *prefix, const char *fmt, va_list ap)
{
    struct erix_rt_lines lines;
    if (ep == 0)
        erix_rt_lines_init(&lines, ERIX_LOG_DEBUG_LINE_MAX, write_debug, NULL);
    else
        erix_rt_lines_init(&lines, ERIX_KCTL_LOG_MAX, write_endpoint, &ep);
    if (prefix != NULL)
        erix_rt_lines_puts(&lines, prefix);
    format_v(erix_rt_lines_put, &lines, fmt, ap);
    return erix_rt_lines_finish(&lines);
}

erix_status_t erix_vlog(const char *fmt, va_list ap)
{
    return emit(log_endpoint, NULL, fmt, ap);
}

erix_status_t erix_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    erix_status_t st = erix_vlog(fmt, ap);
    va_end(ap);
    return st;
}

erix_status_t erix_log_write(const char *s, uint32_t len)
{
    if (log_endpoint != 0)
        return erix_kctl_log(log_endpoint, s, len);
    return erix_rt_sys_debug_log(s, len);
}

_Noreturn void erix_panic(const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    erix_status_t st = emit(log_endpoint, "PANIC: ", fmt, ap);
    if (st != ERIX_OK && log_endpoint != 0)
        (void)emit(0, "PANIC: ", fmt, again); /* the endpoint failed: try the debug log */
    va_end(again);
    va_end(ap);
    erix_exit(ERIX_PANIC_EXIT_CODE);
}
