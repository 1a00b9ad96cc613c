/*
 * service.c - the readiness handshake every service ends its startup with
 * (erix/service.h): one CALL on the READY endpoint, the answer's status.
 */
#include <string.h>

#include <erix/ipc_rt.h>
#include <erix/service.h>

erix_status_t erix_service_ready(uint32_t ready_slot, const char *role, uint32_t service_index,
                                 erix_status_t status)
{
    struct erix_service_ready body;
    memset(&body, 0, sizeof body);
    body.status = (uint32_t)status;
    body.service_index = service_index;
    memcpy(body.role, role, strnlen(role, ERIX_ROLE_MAX - 1));
    uint32_t reply = ERIX_ERR_INTERNAL;
    erix_status_t st = erix_call_ex(ready_slot, 0, 0, ERIX_SERVICE_OP_READY, &body, sizeof body,
                                    NULL, 0, NULL, &reply);
    return st != ERIX_OK ? st : (erix_status_t)reply;
}
