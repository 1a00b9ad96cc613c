/* console.h - kprintf() onto the kernel console (COM1). */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
void console_write(const char *s, size_t len);

/*
 * Write bytes on behalf of user space. A line that would start with a marker
 * the kernel owns (ERIX_KERNEL:, ERIX_ROOTD:, ROOTD_STAGE:) is refused with
 * ERIX_ERR_DENIED and nothing is written, and so is any write containing CR,
 * ESC or NUL (which the scenario judge erases). Each write ends its line, so no
 * line can be assembled from two writes.
 */
#include <erix/status.h>
#include <stdint.h>
erix_status_t console_user_write(const uint8_t *s, size_t len);

#endif
