/*
 * request.h - which surface may call which op (the first decode stage).
 *
 * The badge of the capability a call came through names its surface
 * (erix/deviced.h); each op belongs to exactly one surface. A call with an
 * unknown badge, a notification (no reply token) or a kernel event is
 * ERIX_ERR_DENIED; a known op from another surface ERIX_ERR_DENIED; an op
 * deviced does not define ERIX_ERR_UNKNOWN_OP. Bodies are decoded by the
 * handlers with lib-ipc's validators (erix/deviced.h) before anything changes.
 */
#ifndef DEVICED_REQUEST_H
#define DEVICED_REQUEST_H

#include <stdint.h>

#include <erix/status.h>

/* The surface that owns `op`, 0 if deviced does not define it. */
uint32_t deviced_op_surface(uint32_t op);

/* May this call be served at all? */
erix_status_t deviced_request_check(uint32_t surface, uint32_t op, uint16_t flags, uint64_t token);

/* "SEED_DRIVER" etc. for logs, "?" for an unknown op. */
const char *deviced_op_name(uint32_t op);

#endif
