/* test_abi_values.c - the ABI numbers of BRIEF.md, asserted one by one. */
#include <string.h>

#include <erix/exit.h>
#include <erix/markers.h>
#include <erix/procd.h>
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

static void procd_ops_match_the_brief(void)
{
    ERIX_CHECK_EQ(ERIX_PROCD_OP_SPAWN_SERVICE, 0x402);
    ERIX_CHECK_EQ(ERIX_PROCD_OP_ADOPT_PROCESS, 0x403);
    ERIX_CHECK_EQ(ERIX_PROCD_OP_SET_RESTART_POLICY, 0x40a);
    ERIX_CHECK_EQ(ERIX_PROCD_OP_GET_RESTART_POLICY, 0x40b);
    ERIX_CHECK_EQ(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, 0x40c);
    ERIX_CHECK_EQ(ERIX_PROCD_OP_LAUNCH_LOADED_IMAGE, 0x40d);
    ERIX_CHECK_EQ(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, 0x40e);
    ERIX_CHECK_EQ(ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK, 0x40f);
    ERIX_CHECK_EQ(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER, 0x410);
    ERIX_CHECK_EQ(ERIX_PROCD_LOADER_CHUNK_MAX + sizeof(struct erix_procd_loader_chunk_req),
                  ERIX_IPC_MAX_BODY);
}

/* FNV-1a 64 reference values, and a plan hash that covers what it says. */
static void procd_loader_hashes(void)
{
    ERIX_CHECK(erix_procd_fnv1a64(ERIX_PROCD_FNV64_INIT, "", 0) == 0xcbf29ce484222325ull);
    ERIX_CHECK(erix_procd_fnv1a64(ERIX_PROCD_FNV64_INIT, "a", 1) == 0xaf63dc4c8601ec8cull);
    ERIX_CHECK(erix_procd_fnv1a64(ERIX_PROCD_FNV64_INIT, "foobar", 6) == 0x85944171f73967e8ull);
    struct erix_procd_loader_begin_req q;
    memset(&q, 0, sizeof q);
    q.segment_count = 1;
    q.segments[0].vaddr = 0x400000;
    uint64_t h = erix_procd_loader_plan_hash(&q);
    q.transfer_id = 5;
    q.arg = 9;
    q.segments[1].vaddr = 1; /* not a used segment */
    ERIX_CHECK(erix_procd_loader_plan_hash(&q) == h);
    q.segments[0].perms = 1;
    ERIX_CHECK(erix_procd_loader_plan_hash(&q) != h);
    q.segments[0].perms = 0;
    q.entry = 1;
    ERIX_CHECK(erix_procd_loader_plan_hash(&q) != h);
}

int main(void)
{
    ERIX_RUN(procd_ops_match_the_brief);
    ERIX_RUN(procd_loader_hashes);
    ERIX_RUN(syscall_numbers_match_the_brief);
    ERIX_RUN(exit_codes_match_the_brief);
    ERIX_RUN(markers_are_spelled_as_scenarios_expect);
    ERIX_RUN(every_status_has_a_distinct_name);
    ERIX_RUN(console_text_policy);
    return erix_test_finish();
}
