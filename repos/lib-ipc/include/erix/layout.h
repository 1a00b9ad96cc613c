/*
 * erix/layout.h - the user address-space layout every process shares.
 *
 * User space is [ERIX_USER_BASE, ERIX_USER_TOP). Programs are linked at
 * ERIX_USER_IMAGE_BASE; the kernel (or procd) maps the stack below
 * ERIX_USER_STACK_TOP, the IPC buffer at ERIX_IPC_BUFFER_VADDR and, for the root
 * task only, the handoff at ERIX_HANDOFF_VADDR. A service's envelope is mapped
 * (by whoever starts it, through MAP_FRAME, so below ERIX_USER_TOP) at
 * ERIX_ENVELOPE_VADDR, clear of the largest stack.
 */
#ifndef ERIX_LAYOUT_H
#define ERIX_LAYOUT_H

#define ERIX_PAGE_SIZE 4096ull
#define ERIX_USER_BASE 0x0000000000010000ull
#define ERIX_USER_IMAGE_BASE 0x0000000000400000ull
#define ERIX_USER_STACK_TOP 0x00007fff00000000ull
#define ERIX_IPC_BUFFER_VADDR 0x00007fff00010000ull
#define ERIX_HANDOFF_VADDR 0x00007fff00100000ull
#define ERIX_HANDOFF_MAX_PAGES 16ull
#define ERIX_ENVELOPE_VADDR 0x00007ffe00000000ull /* a service's startup envelope (read-only) */
#define ERIX_USER_TOP 0x00007fff00000000ull /* mappable user range ends here */
#define ERIX_USER_STACK_DEFAULT (64ull * 1024)
#define ERIX_USER_STACK_MAX (8ull * 1024 * 1024)

#endif
