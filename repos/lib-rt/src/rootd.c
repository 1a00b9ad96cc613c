/*
 * rootd.c - rootd's report syscall: a stage name ("ROOTD_STAGE:<name>" on
 * the console) or a final status (READY or a failure; in debug-exit builds the
 * kernel then ends the run). Only the root task may use it.
 */
#include <string.h>

#include <erix/rt.h>

#include "rt_sys.h"

erix_status_t erix_rootd_report_stage(const char *name)
{
    size_t len = name != NULL ? strnlen(name, ERIX_ROOTD_STAGE_NAME_MAX + 1) : 0;
    if (len == 0 || len > ERIX_ROOTD_STAGE_NAME_MAX)
        return ERIX_ERR_INVALID_ARGUMENT;
    return erix_rt_sys_rootd_report(ERIX_ROOTD_REPORT_STAGE, (uint64_t)(uintptr_t)name, len);
}

erix_status_t erix_rootd_report_status(uint32_t status)
{
    return erix_rt_sys_rootd_report(ERIX_ROOTD_REPORT_STATUS, status, 0);
}
