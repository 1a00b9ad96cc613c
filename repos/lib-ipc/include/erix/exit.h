/*
 * erix/exit.h - scenario exit codes written to QEMU's isa-debug-exit device.
 *
 * Only the kernel touches the device; user space reports through syscalls.
 * QEMU turns a written value v into the host exit status (v << 1) | 1.
 */
#ifndef ERIX_EXIT_H
#define ERIX_EXIT_H

#define ERIX_DEBUG_EXIT_PORT 0xf4u

#define ERIX_EXIT_ROOTD_READY 0x10u          /* rootd reached READY */
#define ERIX_EXIT_KERNEL_SMOKE_DONE 0x11u    /* kernel-only smoke build finished */
#define ERIX_EXIT_KERNEL_FAILURE 0x12u       /* kernel-origin failure (panic) */
#define ERIX_EXIT_ROOTD_FAILURE 0x13u        /* rootd failed (any non-READY status) */
#define ERIX_EXIT_SERVICE_BOOTSTRAP 0x14u    /* a downstream service failed to start */

#endif
