/*
 * suite.c - ktest-suite, the root task of the kernel-selftest scenario: it
 * runs every test of every area (suite_*.c) in order, one line per test
 * (KTEST:PASS <name> or KTEST:FAIL <name> <reason>), gives back what each
 * test took before the next one runs, and ends with
 * "KTEST_SUITE: N passed, M failed", reporting READY only when M is 0.
 */
#include "suite.h"

static const struct suite_group *const groups[] = {
    &group_caps,     &group_untyped, &group_vspace,   &group_process,  &group_lifecycle,
    &group_ipc,      &group_reply,   &group_xfer,     &group_faults,   &group_families,
    &group_devices,  &group_platform, &group_sched, /* last: it lowers our priority */
};

static uint32_t passed, failed;

static void run_one(const struct suite_test *t)
{
    suite_reason_clear();
    bool ok = t->fn();
    bool clean = suite_lib_cleanup();
    if (ok && clean) {
        passed++;
        erix_log("KTEST:PASS %s", t->name);
    } else {
        failed++;
        erix_log("KTEST:FAIL %s %s", t->name, suite_reason());
    }
}

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    ktest_child_main(a0, a1, a2);
    erix_status_t st = suite_lib_setup(a0, a1);
    if (st != ERIX_OK) {
        erix_log("KTEST_SUITE:SETUP_FAILED status=%s", erix_status_name(st));
        erix_rootd_report_status(ERIX_ROOTD_STATUS_INTERNAL_ERROR);
        return 1;
    }
    for (unsigned g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (unsigned i = 0; i < groups[g]->count; i++)
            run_one(&groups[g]->tests[i]);
    erix_log("KTEST_SUITE: %u passed, %u failed", passed, failed);
    erix_rootd_report_status(failed == 0 ? ERIX_ROOTD_STATUS_READY
                                         : ERIX_ROOTD_STATUS_INTERNAL_ERROR);
    return 0;
}
