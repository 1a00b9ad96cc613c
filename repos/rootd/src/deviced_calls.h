/*
 * deviced_calls.h - rootd's calls to deviced's admin surface and the helpers
 * deviced.c and deviced_checks.c share.
 */
#ifndef ROOTD_DEVICED_CALLS_H
#define ROOTD_DEVICED_CALLS_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/deviced.h>

#include "rootd.h"

/* One call through ROOTD_DEVICED_ADMIN: the transport's status, else deviced's. */
erix_status_t rootd_deviced_call(uint32_t op, const void *req, uint16_t len, void *resp,
                                 uint16_t cap);

/* START_DRIVER, STOP_DRIVER or READ_DRIVER of `role` (flags for READ_DRIVER). */
erix_status_t rootd_driver_op(uint32_t op, const char *role, uint32_t flags,
                              struct erix_deviced_driver_info *info);

bool rootd_profile_is(const struct rootd *r, const char *name);
int32_t rootd_driver_row(const struct rootd *r, uint16_t service);
erix_status_t rootd_build_seed(const struct rootd *r, uint32_t row, struct erix_deviced_seed *s);
erix_status_t rootd_send_seed(const struct erix_deviced_seed *s, uint16_t len,
                              struct erix_deviced_seed_resp *resp);
/* Wait `us` on the READY endpoint, answering what comes (rootd_ready_again). */
void rootd_sleep_us(const struct rootd *r, uint32_t us);
void rootd_drop_stray(void);

/* A log line for an integration hook that changes service i's startup. */
void rootd_hook_note(const struct rootd *r, uint16_t i);

#endif
