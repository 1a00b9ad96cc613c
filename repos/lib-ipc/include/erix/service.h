/*
 * erix/service.h - what every service speaks: the readiness handshake.
 *
 * After validating its envelope and its startup capabilities, a service CALLs
 * its READY endpoint with ERIX_SERVICE_OP_READY; the reply's status (header op,
 * erix/ipc.h) says whether rootd accepted it. A service that cannot validate
 * its authority sends READY with a failure status and exits.
 */
#ifndef ERIX_SERVICE_H
#define ERIX_SERVICE_H

#include <stdint.h>

#include <erix/envelope.h>

#define ERIX_SERVICE_OP_READY 0x301u

struct erix_service_ready {
    uint32_t status;                /* erix_status_t: ERIX_OK when ready to serve */
    uint32_t service_index;         /* from the envelope */
    char role[ERIX_ROLE_MAX];
};
_Static_assert(sizeof(struct erix_service_ready) == 32, "ready body travels in registers");

#endif
