/*
 * suite_platform.c - the rest of the platform surface: console writes that
 * may not forge the kernel's markers (LOG_STRING, WRITE_LEGACY_SERIAL,
 * DEBUG_LOG), the log request's checks, the monotonic clock, the reserved
 * fields of platform requests, the root task's report syscall and unknown
 * system calls.
 */
#include <string.h>

#include "suite.h"

#define COM1 ERIX_SLOT_KERNEL_COM1
#define PCI ERIX_SLOT_KERNEL_PCI_CONFIG
#define LOG ERIX_SLOT_KERNEL_LOG

/* ---- console writes ----------------------------------------------------------------- */

static erix_status_t log_text(uint32_t slot, const char *s)
{
    return erix_kctl_log(slot, s, (uint32_t)strlen(s));
}

/* Lines that would forge a kernel marker (or hide text from a log reader). */
static const char *const forged[] = {
    "ERIX_KERNEL:PANIC forged",
    "ERIX_ROOTD:READY",
    "ROOTD_STAGE:FORGED",
    "ktest: harmless\nERIX_KERNEL:PANIC forged on line two",
    "ktest: \rERIX_KERNEL:PANIC behind a carriage return",
    "ktest: \x1b[2K escape",
};

static bool log_refuses_markers(void)
{
    static const uint32_t slots[] = {LOG, ERIX_SLOT_KERNEL_CONSOLE, EP};
    for (unsigned k = 0; k < sizeof slots / sizeof slots[0]; k++)
        for (unsigned i = 0; i < sizeof forged / sizeof forged[0]; i++)
            CHECK(log_text(slots[k], forged[i]) == ERIX_ERR_DENIED,
                  "line %u through slot %u not DENIED", i, slots[k]);
    for (unsigned i = 0; i < sizeof forged / sizeof forged[0]; i++)
        CHECK(erix_kctl_serial_write(LOG, forged[i], (uint32_t)strlen(forged[i])) ==
                  ERIX_ERR_DENIED,
              "serial line %u not DENIED", i);
    CHECK_ST(erix_kctl_log(LOG, "ktest: a NUL \0 inside", 21), ERIX_ERR_DENIED);
    CHECK_OK(log_text(LOG, "ktest: ERIX_KERNEL: mid-line is no marker"));
    CHECK_OK(log_text(LOG, "erix_kernel: lower case is no marker"));
    return true;
}

static bool debug_log_refuses_markers(void)
{
    for (unsigned i = 0; i < sizeof forged / sizeof forged[0]; i++)
        CHECK(erix_sys_debug_log(forged[i], strlen(forged[i])) == ERIX_ERR_DENIED,
              "debug log line %u not DENIED", i);
    CHECK_OK(erix_sys_debug_log("ktest: debug log line", 21));
    CHECK_ST(erix_sys_debug_log("x", 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_sys_debug_log((const char *)ktest_rw_page, ERIX_DEBUG_LOG_MAX + 1),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_sys_debug_log((const char *)0xffffffff80000000ull, 8), ERIX_ERR_OUT_OF_RANGE);
    CHECK_ST(erix_sys_debug_log((const char *)(uintptr_t)SUITE_CHILD_VA, 8),
             ERIX_ERR_OUT_OF_RANGE);
    return true;
}

static bool log_request_checked(void)
{
    uint8_t req[sizeof(struct erix_kctl_log_req) + 8];
    struct erix_kctl_log_req h = {0, 0};
    memcpy(req, &h, sizeof h);
    memcpy(req + sizeof h, "ktest: x", 8);
    CHECK_ST(erix_kctl_raw(LOG, ERIX_KCTL_LOG_STRING, req, sizeof h, NULL, 0, NULL),
             ERIX_ERR_MALFORMED); /* length 0 */
    h.length = 8;
    memcpy(req, &h, sizeof h);
    CHECK_ST(erix_kctl_raw(LOG, ERIX_KCTL_LOG_STRING, req, sizeof h + 7, NULL, 0, NULL),
             ERIX_ERR_MALFORMED);
    CHECK_ST(erix_kctl_raw(LOG, ERIX_KCTL_LOG_STRING, req, 4, NULL, 0, NULL), ERIX_ERR_MALFORMED);
    h.length = ERIX_KCTL_LOG_MAX + 1;
    memcpy(req, &h, sizeof h);
    CHECK_ST(erix_kctl_raw(LOG, ERIX_KCTL_LOG_STRING, req, sizeof req, NULL, 0, NULL),
             ERIX_ERR_MALFORMED);
    static char longest[sizeof(struct erix_kctl_log_req) + ERIX_KCTL_LOG_MAX];
    h.length = ERIX_KCTL_LOG_MAX;
    memcpy(longest, &h, sizeof h);
    memset(longest + sizeof h, '-', ERIX_KCTL_LOG_MAX - 1);
    longest[sizeof longest - 1] = '\n';
    CHECK_OK(erix_kctl_raw(LOG, ERIX_KCTL_LOG_STRING, longest, sizeof longest, NULL, 0, NULL));
    h.length = 8;
    h.reserved = 1;
    memcpy(req, &h, sizeof h);
    CHECK_ST(erix_kctl_raw(LOG, ERIX_KCTL_LOG_STRING, req, sizeof req, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    return true;
}

/* ---- clock ---------------------------------------------------------------------------- */

static bool clock_monotonic(void)
{
    struct erix_kctl_clock_resp a, b;
    CHECK_OK(erix_kctl_clock(ERIX_SLOT_KERNEL_TIME, &a));
    for (int i = 0; i < 200; i++) {
        CHECK_OK(erix_kctl_clock(ERIX_SLOT_KERNEL_TIME, &b));
        CHECK(b.nanoseconds >= a.nanoseconds && b.ticks >= a.ticks, "the clock went back");
        a = b;
    }
    suite_sleep_us(30000);
    CHECK_OK(erix_kctl_clock(ERIX_SLOT_KERNEL_TIME, &b));
    CHECK(b.nanoseconds - a.nanoseconds >= 30000000ull, "30 ms asleep advanced %llu ns",
          (unsigned long long)(b.nanoseconds - a.nanoseconds));
    CHECK(b.ticks > a.ticks, "no timer tick in 30 ms");
    return true;
}

/* Reserved fields of the platform requests must be zero. */
static bool reserved_fields(void)
{
    struct erix_kctl_port_req port = {0x3fd, 0, 1, 0};
    CHECK_ST(erix_kctl_raw(COM1, ERIX_KCTL_IOPORT_READ8, &port, sizeof port, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    port = (struct erix_kctl_port_req){0x3fd, 0, 0, 1};
    CHECK_ST(erix_kctl_raw(COM1, ERIX_KCTL_IOPORT_READ8, &port, sizeof port, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    port = (struct erix_kctl_port_req){0x3fd, 7, 0, 0}; /* a read carries no value */
    CHECK_ST(erix_kctl_raw(COM1, ERIX_KCTL_IOPORT_READ8, &port, sizeof port, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    port = (struct erix_kctl_port_req){0x3ff, 0, 1, 0};
    CHECK_ST(erix_kctl_raw(COM1, ERIX_KCTL_IOPORT_WRITE8, &port, sizeof port, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    static const struct erix_kctl_pci_req pci[] = {
        {0, 0, 0, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 1, 0, 0},
        {0, 0, 0, 0, 0, 0, 5, 0}, {0, 0, 0, 0, 0, 0, 0, 1}};
    for (unsigned i = 0; i < sizeof pci / sizeof pci[0]; i++)
        CHECK(erix_kctl_raw(PCI, ERIX_KCTL_READ_PCI_CONFIG_DWORD, &pci[i], sizeof pci[i], NULL,
                            0, NULL) == ERIX_ERR_INVALID_ARGUMENT,
              "PCI read with reserved field %u set accepted", i);
    struct erix_kctl_slot_req fb = {suite_slot(), 1};
    CHECK_ST(erix_kctl_raw(ERIX_SLOT_KERNEL_CONSOLE, ERIX_KCTL_FB_MAP, &fb, sizeof fb, NULL, 0,
                           NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    return true;
}

/* ---- the root task's report, unknown system calls --------------------------------- */

static bool rootd_report_checked(void)
{
    static const char lower[] = "lower_case";
    static const char long_name[] = "A123456789B123456789C123456789D123456789E123456789F123456789"
                                    "G1234";
    CHECK_ST(erix_sys_rootd_report(ERIX_ROOTD_REPORT_STAGE, (uint64_t)(uintptr_t)lower, 0),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_sys_rootd_report(ERIX_ROOTD_REPORT_STAGE, (uint64_t)(uintptr_t)lower,
                                   sizeof lower - 1),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_sys_rootd_report(ERIX_ROOTD_REPORT_STAGE, (uint64_t)(uintptr_t)long_name,
                                   sizeof long_name - 1),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_sys_rootd_report(ERIX_ROOTD_REPORT_STAGE, 0xffffffff80000000ull, 4),
             ERIX_ERR_OUT_OF_RANGE);
    CHECK_ST(erix_sys_rootd_report(3, 0, 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_sys_rootd_report(ERIX_ROOTD_REPORT_STATUS, ERIX_ROOTD_STATUS_COUNT, 0),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_sys_rootd_report(ERIX_ROOTD_REPORT_STATUS, ERIX_ROOTD_STATUS_INTERNAL_ERROR, 1),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_OK(erix_rootd_report_stage("KTEST_SUITE_STAGE_CHECK"));
    return true;
}

static bool unknown_syscalls(void)
{
    static const uint64_t nrs[] = {0x05, 0x3f, 0x46, 0x48, 0xff, 0x1000, 0xffffffffffffffffull};
    for (unsigned i = 0; i < sizeof nrs / sizeof nrs[0]; i++)
        CHECK(erix_sys2(nrs[i], 0, 0) == ERIX_ERR_UNKNOWN_OP, "syscall 0x%llx not UNKNOWN_OP",
              (unsigned long long)nrs[i]);
    CHECK_OK(erix_sys_null());
    CHECK_OK(erix_sys_yield());
    return true;
}

static const struct suite_test tests[] = {
    {"platform.log_refuses_kernel_markers", log_refuses_markers},
    {"platform.debug_log_refuses_kernel_markers", debug_log_refuses_markers},
    {"platform.log_request_checked", log_request_checked},
    {"platform.clock_monotonic", clock_monotonic},
    {"platform.reserved_fields_invalid_argument", reserved_fields},
    {"platform.rootd_report_checked", rootd_report_checked},
    {"platform.unknown_syscalls", unknown_syscalls},
};

SUITE_GROUP(group_platform, tests);
