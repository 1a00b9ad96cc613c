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

#endif
