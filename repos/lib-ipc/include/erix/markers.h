/*
 * erix/markers.h - serial markers that scenarios judge.
 *
 * A marker is always printed at the start of a line on COM1. Release images
 * keep only ERIX_MARKER_ROOTD_READY.
 */
#ifndef ERIX_MARKERS_H
#define ERIX_MARKERS_H

#define ERIX_MARKER_KERNEL "ERIX_KERNEL:"
#define ERIX_MARKER_KERNEL_BOOT "ERIX_KERNEL:BOOT"
#define ERIX_MARKER_KERNEL_PANIC "ERIX_KERNEL:PANIC"
#define ERIX_MARKER_ROOTD_STAGE "ROOTD_STAGE:"
#define ERIX_MARKER_ROOTD_READY "ERIX_ROOTD:READY"
#define ERIX_MARKER_ROOTD_STATUS "ERIX_ROOTD:STATUS:"
#define ERIX_MARKER_DEVICED_READY "ERIX_DEVICED:READY:"

#include <stdbool.h>
#include <stddef.h>

/*
 * May user space put these bytes on the console? No line may start with a
 * marker the kernel owns (ERIX_KERNEL:, ERIX_ROOTD:, ROOTD_STAGE:), and no CR,
 * ESC or NUL may appear (a log reader erases them, so a marker behind them
 * would start a line for the reader). The kernel enforces it for DEBUG_LOG,
 * LOG_STRING and WRITE_LEGACY_SERIAL.
 */
bool erix_console_text_allowed(const void *text, size_t len);

#endif
