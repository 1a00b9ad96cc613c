/*
 * sys_x86_64.c - the kernel side of the seam (rt_sys.h) for x86_64: each
 * function is one stub of erix/sys.h. Cross builds only; host tests link a
 * fake kernel in its place.
 */
#include "rt_sys.h"

struct erix_ipc_buffer *erix_rt_ipc_buffer(void)
{
    return erix_ipc_buffer();
}

erix_status_t erix_rt_sys_transport(uint64_t nr, uint64_t arg, struct erix_msg_regs *m)
{
    return erix_sys_transport(nr, arg, m);
}

erix_status_t erix_rt_sys_debug_log(const char *s, uint64_t len)
{
    return erix_sys_debug_log(s, len);
}

erix_status_t erix_rt_sys_rootd_report(uint64_t kind, uint64_t value, uint64_t len)
{
    return erix_sys_rootd_report(kind, value, len);
}

erix_status_t erix_rt_sys_query_local_cap(uint32_t slot, struct erix_cap_info *info)
{
    return erix_sys_query_local_cap(slot, info);
}

erix_status_t erix_rt_sys_drop_local_cap(uint32_t slot)
{
    return erix_sys_drop_local_cap(slot);
}

_Noreturn void erix_rt_sys_exit(uint64_t code)
{
    erix_sys_exit(code);
}
