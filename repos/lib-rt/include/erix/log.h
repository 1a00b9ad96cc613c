/*
 * erix/log.h - line logging for user programs.
 *
 * erix_log formats printf-style (lib-c's engine: %% %c %s %d %i %u %x %X %p,
 * l/ll/z, '0' '-', width, precision) and writes whole lines: every write the
 * kernel sees is one line that ends in '\n'. A missing final '\n' is added,
 * an embedded '\n' ends a line, and a line too long for one write is split
 * into several lines (at most ERIX_LOG_DEBUG_LINE_MAX bytes each through the
 * debug log, ERIX_KCTL_LOG_MAX through a LOG endpoint, '\n' included).
 *
 * The sink is ERIX_SYS_DEBUG_LOG until erix_log_use_endpoint names a
 * LOG-family endpoint (ERIX_KCTL_LOG_STRING calls). Release kernels refuse the
 * debug log (ERIX_ERR_DENIED): release programs log through an endpoint.
 *
 * The kernel refuses, with ERIX_ERR_DENIED, any line that starts with a marker
 * it owns: "ERIX_KERNEL:", "ERIX_ROOTD:" (so ERIX_ROOTD:READY) and
 * "ROOTD_STAGE:". rootd reports those through erix_rootd_report_* (erix/rt.h).
 * A refused line is not retried and ends the call: the first failing status
 * is returned, later lines of the same call are dropped.
 */
#ifndef ERIX_LOG_H
#define ERIX_LOG_H

#include <stdarg.h>
#include <stdint.h>

#include <erix/status.h>

/* Bytes one ERIX_SYS_DEBUG_LOG write may carry (the kernel's bound). */
#define ERIX_LOG_DEBUG_LINE_MAX 256u

/* Exit code of erix_panic. */
#define ERIX_PANIC_EXIT_CODE 0xffu

erix_status_t erix_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
erix_status_t erix_vlog(const char *fmt, va_list ap);

/* Log "PANIC: <message>" (falling back to the debug log if the endpoint
 * refuses), then exit with ERIX_PANIC_EXIT_CODE. */
_Noreturn void erix_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Log through LOG-family endpoint `slot` from now on; 0 returns to the debug
 * log. Not checked here: a wrong slot shows as the status of the next line. */
void erix_log_use_endpoint(uint32_t slot);

/* The endpoint in use, 0 for the debug log. */
uint32_t erix_log_endpoint(void);

/* Write exactly `len` bytes as they are (no formatting, no splitting). */
erix_status_t erix_log_write(const char *s, uint32_t len);

#endif
