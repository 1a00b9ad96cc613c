/*
 * kctl_call.h - private: the two shapes of a kernel-control call that the
 * typed wrappers (kctl_*.c) are made of.
 */
#ifndef ERIX_RT_KCTL_CALL_H
#define ERIX_RT_KCTL_CALL_H

#include <stdint.h>

#include <erix/kctl_rt.h>

/* A response of exactly `want` bytes (0: none) into resp; else MALFORMED. */
erix_status_t erix_rt_kctl(uint32_t ep, uint32_t op, const void *req, uint16_t len, void *resp,
                           uint16_t want);

/* A response of at most `cap` bytes into resp, zero-filled first: for ops
 * whose reply erix/kctl.h does not fix (a value, or nothing). resp may be
 * NULL: the reply is then read into a scratch buffer and ignored. */
erix_status_t erix_rt_kctl_loose(uint32_t ep, uint32_t op, const void *req, uint16_t len,
                                 void *resp, uint16_t cap);

/* The ops whose request is struct erix_kctl_slot_req and whose reply is
 * ignored (UNTYPED_RESET, UNMAP_FRAME, FB_MAP, KILL, ABORT). */
erix_status_t erix_rt_kctl_slot(uint32_t ep, uint32_t op, uint32_t slot, uint32_t arg);

#endif
