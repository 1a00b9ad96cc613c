/*
 * kctl_call.c - kernel-control calls as plain CALLs (never with a transfer
 * table), with the response length checked: exactly the op's struct, or at
 * most a value's bytes where erix/kctl.h fixes no struct.
 */
#include <string.h>

#include "kctl_call.h"
#include "rt_sys.h"

#define LOOSE_SCRATCH 16u /* what a void op may answer without being refused */

erix_status_t erix_kctl_raw(uint32_t ep, uint32_t op, const void *req, uint16_t len,
                            void *resp, uint16_t resp_cap, uint16_t *resp_len)
{
    return erix_rt_call_plain(ep, op, req, len, resp, resp_cap, resp_len);
}

erix_status_t erix_rt_kctl(uint32_t ep, uint32_t op, const void *req, uint16_t len, void *resp,
                           uint16_t want)
{
    uint8_t tmp[ERIX_IPC_MAX_BODY];
    uint16_t got = 0;
    if (want > 0 && resp == NULL)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = erix_rt_call_plain(ep, op, req, len, tmp, want, &got);
    if (st == ERIX_ERR_TRUNCATED || (st == ERIX_OK && got != want))
        return ERIX_ERR_MALFORMED;
    if (st == ERIX_OK && want > 0)
        memcpy(resp, tmp, want);
    return st;
}

erix_status_t erix_rt_kctl_loose(uint32_t ep, uint32_t op, const void *req, uint16_t len,
                                 void *resp, uint16_t cap)
{
    uint8_t scratch[LOOSE_SCRATCH];
    uint16_t got = 0;
    if (resp == NULL) {
        resp = scratch;
        cap = sizeof scratch;
    }
    memset(resp, 0, cap);
    erix_status_t st = erix_rt_call_plain(ep, op, req, len, resp, cap, &got);
    if (st == ERIX_ERR_TRUNCATED)
        return ERIX_ERR_MALFORMED;
    if (st != ERIX_OK)
        memset(resp, 0, cap);
    return st;
}

erix_status_t erix_rt_kctl_slot(uint32_t ep, uint32_t op, uint32_t slot, uint32_t arg)
{
    struct erix_kctl_slot_req r = {.slot = slot, .arg = arg};
    return erix_rt_kctl_loose(ep, op, &r, sizeof r, NULL, 0);
}
