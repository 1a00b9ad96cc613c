/*
 * cap.c - the caller's own capabilities: introspection (QUERY_LOCAL_CAP), the
 * startup check every service makes before it serves, and dropping a slot.
 */
#include <erix/rt.h>

#include "rt_sys.h"

erix_status_t erix_cap_info(uint32_t slot, struct erix_cap_info *out)
{
    return erix_rt_sys_query_local_cap(slot, out);
}

erix_status_t erix_cap_expect(uint32_t slot, uint32_t type, uint32_t rights,
                              uint32_t endpoint_kind)
{
    struct erix_cap_info info;
    erix_status_t st = erix_rt_sys_query_local_cap(slot, &info);
    if (st != ERIX_OK)
        return st;
    if (info.type != type)
        return ERIX_ERR_WRONG_TYPE;
    if (type == ERIX_CAP_ENDPOINT && endpoint_kind != ERIX_CAP_ANY_KIND &&
        info.endpoint_kind != endpoint_kind)
        return ERIX_ERR_WRONG_TYPE;
    if ((info.rights & rights) != rights)
        return ERIX_ERR_NO_RIGHTS;
    return ERIX_OK;
}

erix_status_t erix_cap_drop(uint32_t slot)
{
    return erix_rt_sys_drop_local_cap(slot);
}
