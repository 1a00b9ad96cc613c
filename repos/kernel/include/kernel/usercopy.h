/*
 * usercopy.h - reading and writing a thread's user memory by walking its page
 * tables and going through the physmap; never by touching user addresses
 * from kernel mode (SMAP stays on without exceptions).
 */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include <kernel/object.h>

erix_status_t user_copy_in(struct vspace *vs, uint64_t uaddr, void *dst, uint64_t len);
erix_status_t user_copy_out(struct vspace *vs, uint64_t uaddr, const void *src, uint64_t len);
/* Copy into pages that are mapped anonymous RAM in vs (whatever their user permissions). */
erix_status_t user_fill_anon(struct vspace *vs, uint64_t uaddr, const void *src, uint64_t len);

#endif
