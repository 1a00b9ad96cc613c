/*
 * erix/rootd_report.h - rootd's report syscall (ERIX_SYS_ROOTD_REPORT).
 *
 * Only the root task may call it. STAGE prints "ROOTD_STAGE:<name>"; STATUS
 * prints "ERIX_ROOTD:READY" or "ERIX_ROOTD:STATUS:<name>" and, in debug-exit
 * builds, ends the run with the matching exit code (erix/exit.h).
 */
#ifndef ERIX_ROOTD_REPORT_H
#define ERIX_ROOTD_REPORT_H

#define ERIX_ROOTD_REPORT_STAGE 1u  /* rsi = name pointer, rdx = length (<= 64) */
#define ERIX_ROOTD_REPORT_STATUS 2u /* rsi = ERIX_ROOTD_STATUS_* */
#define ERIX_ROOTD_STAGE_NAME_MAX 64u /* characters A-Z 0-9 _ : */

enum erix_rootd_status {
    ERIX_ROOTD_STATUS_READY = 0,
    ERIX_ROOTD_STATUS_HANDOFF_INVALID = 1,
    ERIX_ROOTD_STATUS_CONTRACT_INVALID = 2,
    ERIX_ROOTD_STATUS_INTERNAL_ERROR = 3,
    ERIX_ROOTD_STATUS_SERVICE_BOOTSTRAP_FAILED = 4,
    ERIX_ROOTD_STATUS_COUNT = 5
};

#endif
