/* test_abi_values.c - the ABI numbers of BRIEF.md, asserted one by one. */
#include <string.h>

#include <erix/exit.h>
#include <erix/markers.h>
#include <erix/status.h>
#include <erix/syscall.h>

#include "erix_test.h"

static void syscall_numbers_match_the_brief(void)
{
    ERIX_CHECK_EQ(ERIX_SYS_CALL, 0x40);
    ERIX_CHECK_EQ(ERIX_SYS_RECV, 0x41);
    ERIX_CHECK_EQ(ERIX_SYS_REPLY, 0x42);
    ERIX_CHECK_EQ(ERIX_SYS_QUERY_LOCAL_CAP, 0x45);
    ERIX_CHECK_EQ(ERIX_SYS_DROP_LOCAL_CAP, 0x47);
}

static void exit_codes_match_the_brief(void)
{
    ERIX_CHECK_EQ(ERIX_EXIT_ROOTD_READY, 0x10);
    ERIX_CHECK_EQ(ERIX_EXIT_KERNEL_FAILURE, 0x12);
    ERIX_CHECK_EQ(ERIX_EXIT_ROOTD_FAILURE, 0x13);
    ERIX_CHECK_EQ(ERIX_EXIT_SERVICE_BOOTSTRAP, 0x14);
    ERIX_CHECK_EQ(ERIX_DEBUG_EXIT_PORT, 0xf4);
}

static void markers_are_spelled_as_scenarios_expect(void)
{
    ERIX_CHECK(strcmp(ERIX_MARKER_ROOTD_READY, "ERIX_ROOTD:READY") == 0);
    ERIX_CHECK(strcmp(ERIX_MARKER_KERNEL_PANIC, "ERIX_KERNEL:PANIC") == 0);
    ERIX_CHECK(strcmp(ERIX_MARKER_ROOTD_STAGE, "ROOTD_STAGE:") == 0);
    ERIX_CHECK(strcmp(ERIX_MARKER_DEVICED_READY, "ERIX_DEVICED:READY:") == 0);
}

static void console_text_policy(void)
{
    ERIX_CHECK(erix_console_text_allowed("hello\n", 6));
    ERIX_CHECK(erix_console_text_allowed("ERIX_DEVICED:READY:drv-serial", 29));
    ERIX_CHECK(erix_console_text_allowed("say ERIX_ROOTD:READY", 20)); /* not at a line start */
    ERIX_CHECK(!erix_console_text_allowed("ERIX_ROOTD:READY", 16));
    ERIX_CHECK(!erix_console_text_allowed("ok\nERIX_KERNEL:PANIC", 20));
    ERIX_CHECK(!erix_console_text_allowed("ROOTD_STAGE:X", 13));
    ERIX_CHECK(!erix_console_text_allowed("\rERIX_ROOTD:READY", 17));
    ERIX_CHECK(!erix_console_text_allowed("a\x1b[2Kb", 7));
    ERIX_CHECK(!erix_console_text_allowed("a\0b", 3));
    ERIX_CHECK(erix_console_text_allowed("ERIX_ROO", 8)); /* a prefix of a marker is not one */
    ERIX_CHECK(erix_console_text_allowed("", 0));
}

static void every_status_has_a_distinct_name(void)
{
    for (long i = 0; i < ERIX_STATUS_COUNT; i++) {
        const char *name = erix_status_name(i);
        ERIX_CHECK(name != NULL && strncmp(name, "ERIX_", 5) == 0);
        ERIX_CHECK(strcmp(name, "ERIX_ERR_?") != 0);
        for (long j = 0; j < i; j++)
            ERIX_CHECK(strcmp(name, erix_status_name(j)) != 0);
    }
    ERIX_CHECK(strcmp(erix_status_name(ERIX_STATUS_COUNT), "ERIX_ERR_?") == 0);
    ERIX_CHECK(strcmp(erix_status_name(-1), "ERIX_ERR_?") == 0);
    ERIX_CHECK(strcmp(erix_status_name(ERIX_ERR_DENIED), "ERIX_ERR_DENIED") == 0);
}

int main(void)
{
    ERIX_RUN(syscall_numbers_match_the_brief);
    ERIX_RUN(exit_codes_match_the_brief);
    ERIX_RUN(markers_are_spelled_as_scenarios_expect);
    ERIX_RUN(every_status_has_a_distinct_name);
    ERIX_RUN(console_text_policy);
    return erix_test_finish();
}
