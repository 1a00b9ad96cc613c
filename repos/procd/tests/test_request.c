/*
 * test_request.c - decoding: badges and surfaces, calls only, the op
 * catalogue (served, denied, unknown), every body's exact length, role names
 * and the surface policy, reserved fields, START's envelope, kernel events.
 */
#include <string.h>

#include <erix/kctl.h>
#include <erix/procd.h>
#include <erix_test.h>

#include "elf_image.h"
#include "msgs.h"
#include "request.h"
#include "table.h"

#define BOOT ERIX_PROCD_BADGE_BOOTSTRAP
#define DRV ERIX_PROCD_BADGE_DRIVER
#define TOKEN 0x8000000000010005ull

static struct procd_request r;
static uint64_t buf[ERIX_IPC_MAX_BODY / 8];

static erix_status_t decode(uint32_t op, uint64_t badge, const void *body, uint16_t len)
{
    struct erix_msg m = test_msg(op, badge, TOKEN, body, len);
    return procd_request_decode(&m, &r);
}

static void badges_and_surfaces(void)
{
    uint32_t pid = 0;
    ERIX_CHECK_EQ(procd_surface_of_badge(BOOT), PROCD_SURFACE_BOOTSTRAP);
    ERIX_CHECK_EQ(procd_surface_of_badge(DRV), PROCD_SURFACE_DRIVER);
    ERIX_CHECK_EQ(procd_surface_of_badge(0), PROCD_SURFACE_NONE);
    ERIX_CHECK_EQ(procd_surface_of_badge(3), PROCD_SURFACE_NONE);
    ERIX_CHECK_EQ(procd_surface_of_badge(ERIX_PROCD_BADGE_EVENT | 1u), PROCD_SURFACE_NONE);
    ERIX_CHECK(procd_event_badge(ERIX_PROCD_BADGE_EVENT | 7u, &pid) && pid == 7);
    ERIX_CHECK(!procd_event_badge(ERIX_PROCD_BADGE_EVENT, &pid));
    ERIX_CHECK(!procd_event_badge(BOOT, &pid));
    ERIX_CHECK(!procd_event_badge(0x30007u, &pid));
    ERIX_CHECK(!procd_event_badge((1ull << 40) | ERIX_PROCD_BADGE_EVENT | 7u, &pid));
}

static void roles_by_surface(void)
{
    char role[ERIX_ROLE_MAX] = "drv-serial";
    ERIX_CHECK(procd_role_allowed(PROCD_SURFACE_DRIVER, role));
    ERIX_CHECK(!procd_role_allowed(PROCD_SURFACE_BOOTSTRAP, role));
    memcpy(role, "drvx", 5);
    ERIX_CHECK(procd_role_allowed(PROCD_SURFACE_BOOTSTRAP, role));
    ERIX_CHECK(!procd_role_allowed(PROCD_SURFACE_DRIVER, role));
}

static void only_calls_through_request_badges(void)
{
    struct erix_procd_pid_req q = {5, 0};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_QUERY_PROCESS, BOOT, &q, sizeof q), ERIX_OK);
    ERIX_CHECK_EQ(r.surface, PROCD_SURFACE_BOOTSTRAP);
    ERIX_CHECK_EQ(r.token, TOKEN);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_QUERY_PROCESS, DRV, &q, sizeof q), ERIX_OK);
    ERIX_CHECK_EQ(r.surface, PROCD_SURFACE_DRIVER);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_QUERY_PROCESS, 0, &q, sizeof q), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_QUERY_PROCESS, 3, &q, sizeof q), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_QUERY_PROCESS, ERIX_PROCD_BADGE_EVENT | 5u, &q, sizeof q),
                  ERIX_ERR_DENIED); /* a child calling through its fault endpoint */
    ERIX_CHECK_EQ(decode(0x999, 0, NULL, 0), ERIX_ERR_DENIED); /* the badge decides first */
    struct erix_msg m = test_msg(ERIX_PROCD_OP_QUERY_PROCESS, BOOT, 0, &q, sizeof q);
    ERIX_CHECK_EQ(procd_request_decode(&m, &r), ERIX_ERR_DENIED); /* a notification */
    m = test_msg(ERIX_PROCD_OP_QUERY_PROCESS, BOOT, TOKEN, &q, sizeof q);
    m.flags = ERIX_MSG_FLAG_KERNEL_EVENT;
    ERIX_CHECK_EQ(procd_request_decode(&m, &r), ERIX_ERR_DENIED);
}

static void op_catalogue(void)
{
    static const uint32_t denied[] = {ERIX_PROCD_OP_ADOPT_PROCESS,
                                      ERIX_PROCD_OP_LAUNCH_LOADED_IMAGE};
    /* served on the bootstrap surface only */
    static const uint32_t bootstrap_only[] = {
        ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER,
        ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK, ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER};
    static const uint32_t unknown[] = {0, 0x401, 0x411, 0x301, ERIX_EVENT_EXIT, 0xffffffffu};
    struct erix_procd_policy_req p = {5, ERIX_PROCD_POLICY_RESTART, 10, 3};
    for (unsigned i = 0; i < sizeof denied / sizeof denied[0]; i++) {
        ERIX_CHECK_EQ(decode(denied[i], BOOT, &p, sizeof p), ERIX_ERR_DENIED);
        ERIX_CHECK_EQ(decode(denied[i], DRV, NULL, 0), ERIX_ERR_DENIED);
    }
    for (unsigned i = 0; i < sizeof bootstrap_only / sizeof bootstrap_only[0]; i++) {
        ERIX_CHECK_EQ(decode(bootstrap_only[i], DRV, &p, sizeof p), ERIX_ERR_DENIED);
        ERIX_CHECK_EQ(decode(bootstrap_only[i], BOOT, NULL, 0), ERIX_ERR_MALFORMED);
    }
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SET_RESTART_POLICY, BOOT, &p, sizeof p), ERIX_OK);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SET_RESTART_POLICY, DRV, &p, sizeof p), ERIX_OK);
    for (unsigned i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        ERIX_CHECK_EQ(decode(unknown[i], BOOT, NULL, 0), ERIX_ERR_UNKNOWN_OP);
}

static void create_bodies(void)
{
    struct erix_procd_create_req q = test_create_req("echo", 3, 7);
    uint8_t big[sizeof q + 1] = {0};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, &q, sizeof q), ERIX_OK);
    ERIX_CHECK(strcmp(r.role, "echo") == 0);
    ERIX_CHECK_EQ(r.image_index, 3);
    ERIX_CHECK_EQ(r.priority, 7);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, &q, sizeof q - 1),
                  ERIX_ERR_MALFORMED);
    memcpy(big, &q, sizeof q);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, big, sizeof big),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, DRV, &q, sizeof q),
                  ERIX_ERR_DENIED);
    q = test_create_req("drv-serial", 3, 7);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, &q, sizeof q),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, DRV, &q, sizeof q), ERIX_OK);
    q = test_create_req("echo", 3, 256);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
}

static void role_names(void)
{
    static const char *bad[] = {"", "Echo", "echo_1", "ec ho", "../x"};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct erix_procd_create_req q = test_create_req(bad[i], 0, 0);
        ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, &q, sizeof q),
                      ERIX_ERR_MALFORMED);
    }
    struct erix_procd_create_req q = test_create_req("echo", 0, 0);
    q.role[10] = 'x'; /* something hides after the terminator */
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, &q, sizeof q),
                  ERIX_ERR_MALFORMED);
    memset(q.role, 'a', sizeof q.role); /* no terminator */
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, &q, sizeof q),
                  ERIX_ERR_MALFORMED);
    memset(q.role, 'a', sizeof q.role - 1);
    q.role[sizeof q.role - 1] = 0; /* 23 characters: the longest */
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, &q, sizeof q), ERIX_OK);
}

static void spawn_bodies(void)
{
    struct erix_procd_spawn_req q = test_spawn_req("phase0-probe", 1, 4, 0xabcdef);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SPAWN_SERVICE, BOOT, &q, sizeof q), ERIX_OK);
    ERIX_CHECK(strcmp(r.role, "phase0-probe") == 0);
    ERIX_CHECK_EQ(r.arg, 0xabcdef);
    ERIX_CHECK_EQ(r.image_index, 1);
    ERIX_CHECK_EQ(r.priority, 4);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SPAWN_SERVICE, BOOT, &q, 32), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SPAWN_SERVICE, DRV, &q, sizeof q), ERIX_ERR_DENIED);
    q = test_spawn_req("Bad", 1, 4, 0);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SPAWN_SERVICE, BOOT, &q, sizeof q), ERIX_ERR_MALFORMED);
    q = test_spawn_req("probe", 1, 300, 0);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SPAWN_SERVICE, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
}

static void pid_bodies(void)
{
    static const uint32_t ops[] = {ERIX_PROCD_OP_STOP_PROCESS, ERIX_PROCD_OP_ABORT_STAGED_PROCESS,
                                   ERIX_PROCD_OP_QUERY_PROCESS, ERIX_PROCD_OP_WAIT_PROCESS_EVENT};
    for (unsigned i = 0; i < 4; i++) {
        struct erix_procd_pid_req q = {9, 0};
        uint8_t big[9] = {9};
        ERIX_CHECK_EQ(decode(ops[i], DRV, &q, sizeof q), ERIX_OK);
        ERIX_CHECK_EQ(r.pid, 9);
        ERIX_CHECK_EQ(decode(ops[i], DRV, &q, 7), ERIX_ERR_MALFORMED);
        ERIX_CHECK_EQ(decode(ops[i], DRV, big, sizeof big), ERIX_ERR_MALFORMED);
        ERIX_CHECK_EQ(decode(ops[i], DRV, NULL, 0), ERIX_ERR_MALFORMED);
        q.arg = ERIX_KILL_REASON_MANAGED_STOP; /* only STOP may name its reason */
        ERIX_CHECK_EQ(decode(ops[i], DRV, &q, sizeof q),
                      ops[i] == ERIX_PROCD_OP_STOP_PROCESS ? ERIX_OK : ERIX_ERR_INVALID_ARGUMENT);
        q.arg = ERIX_KILL_REASON_ABORT;
        ERIX_CHECK_EQ(decode(ops[i], DRV, &q, sizeof q), ERIX_ERR_INVALID_ARGUMENT);
        q = (struct erix_procd_pid_req){0, 0};
        ERIX_CHECK_EQ(decode(ops[i], DRV, &q, sizeof q),
                      ops[i] == ERIX_PROCD_OP_WAIT_PROCESS_EVENT ? ERIX_OK
                                                                 : ERIX_ERR_INVALID_ARGUMENT);
    }
}

static void start_bodies(void)
{
    uint16_t len = test_start_body(buf, sizeof buf, 12, "echo", 2200);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, BOOT, buf, len), ERIX_OK);
    ERIX_CHECK_EQ(r.pid, 12);
    ERIX_CHECK_EQ(r.primary_control_slot, 2200);
    ERIX_CHECK_EQ(r.envelope_len, len - 16u);
    ERIX_CHECK(strcmp(r.role, "echo") == 0);
    ERIX_CHECK(r.envelope_view.header != NULL);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, DRV, buf, len), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, BOOT, buf, 15), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, BOOT, buf, (uint16_t)(len - 8)),
                  ERIX_ERR_MALFORMED); /* envelope_len says more */
    len = test_start_body(buf, sizeof buf, 12, "echo", 0);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, BOOT, buf, len), ERIX_OK);
    ERIX_CHECK_EQ(r.primary_control_slot, 0);
}

static void start_refusals(void)
{
    struct erix_procd_start_req *q = (struct erix_procd_start_req *)buf;
    uint16_t len = test_start_body(buf, sizeof buf, 12, "echo", 2200);
    q->reserved = 1;
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, BOOT, buf, len),
                  ERIX_ERR_INVALID_ARGUMENT);
    len = test_start_body(buf, sizeof buf, 0, "echo", 2200);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, BOOT, buf, len),
                  ERIX_ERR_INVALID_ARGUMENT);
    len = test_start_body(buf, sizeof buf, 12, "echo", 2200);
    q->primary_control_slot = 2201; /* the envelope names 2200 */
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, BOOT, buf, len),
                  ERIX_ERR_INVALID_ARGUMENT);
    len = test_start_body(buf, sizeof buf, 12, "echo", 2200);
    ((uint8_t *)buf)[16] = 'X'; /* magic */
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, BOOT, buf, len), ERIX_ERR_MALFORMED);
    struct erix_procd_start_req empty = {12, 0, 0, 0};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, BOOT, &empty, sizeof empty),
                  ERIX_ERR_MALFORMED);
    len = test_start_body(buf, sizeof buf, 12, "drv-fixture", 2200);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, BOOT, buf, len), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_START_STAGED_PROCESS, DRV, buf, len), ERIX_OK);
}

static void events(void)
{
    struct erix_event ev;
    struct erix_msg m = test_event(7, ERIX_EVENT_FAULT, 14, 0xdead);
    ERIX_CHECK_EQ(procd_event_decode(&m, &ev), ERIX_OK);
    ERIX_CHECK_EQ(ev.pid, 7);
    ERIX_CHECK_EQ(ev.code, 14);
    ERIX_CHECK_EQ(ev.address, 0xdead);
    m = test_event(7, ERIX_EVENT_EXIT, 0, 0);
    m.flags = 0;
    ERIX_CHECK_EQ(procd_event_decode(&m, &ev), ERIX_ERR_DENIED);
    m = test_event(7, ERIX_EVENT_EXIT, 0, 0);
    m.badge = BOOT;
    ERIX_CHECK_EQ(procd_event_decode(&m, &ev), ERIX_ERR_DENIED);
    m = test_event(7, ERIX_EVENT_EXIT, 0, 0);
    m.badge = ERIX_PROCD_BADGE_EVENT | 8u; /* another child's badge */
    ERIX_CHECK_EQ(procd_event_decode(&m, &ev), ERIX_ERR_MALFORMED);
    m = test_event(7, ERIX_EVENT_EXIT, 0, 0);
    m.len = 24;
    ERIX_CHECK_EQ(procd_event_decode(&m, &ev), ERIX_ERR_MALFORMED);
    m = test_event(7, ERIX_EVENT_EXIT, 0, 0);
    m.op = ERIX_EVENT_FAULT; /* body says exit */
    ERIX_CHECK_EQ(procd_event_decode(&m, &ev), ERIX_ERR_MALFORMED);
    m = test_event(7, 0xe004, 0, 0);
    ERIX_CHECK_EQ(procd_event_decode(&m, &ev), ERIX_ERR_MALFORMED);
}

static void policy_bodies(void)
{
    struct erix_procd_policy_req p = {5, ERIX_PROCD_POLICY_RESTART, 100, 3};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SET_RESTART_POLICY, BOOT, &p, sizeof p), ERIX_OK);
    ERIX_CHECK_EQ(r.pid, 5);
    ERIX_CHECK_EQ(r.policy.max_restarts, 3);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SET_RESTART_POLICY, BOOT, &p, sizeof p - 1),
                  ERIX_ERR_MALFORMED);
    p.pid = 0;
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SET_RESTART_POLICY, BOOT, &p, sizeof p),
                  ERIX_ERR_INVALID_ARGUMENT);
    p = (struct erix_procd_policy_req){5, ERIX_PROCD_POLICY_RESTART, 100, 0};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SET_RESTART_POLICY, BOOT, &p, sizeof p),
                  ERIX_ERR_INVALID_ARGUMENT);
    p = (struct erix_procd_policy_req){5, 7, 0, 0};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SET_RESTART_POLICY, DRV, &p, sizeof p),
                  ERIX_ERR_INVALID_ARGUMENT);
    struct erix_procd_pid_req q = {5, 0};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_GET_RESTART_POLICY, DRV, &q, sizeof q), ERIX_OK);
    q.pid = 0;
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_GET_RESTART_POLICY, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q = (struct erix_procd_pid_req){0, ERIX_PROCD_QUERY_ACCOUNTING};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_GET_RESTART_POLICY, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT); /* accounting is QUERY's */
}

static void accounting_query(void)
{
    struct erix_procd_pid_req q = {0, ERIX_PROCD_QUERY_ACCOUNTING};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_QUERY_PROCESS, BOOT, &q, sizeof q), ERIX_OK);
    ERIX_CHECK_EQ(r.query_arg, ERIX_PROCD_QUERY_ACCOUNTING);
    ERIX_CHECK_EQ(r.pid, 0);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_QUERY_PROCESS, DRV, &q, sizeof q), ERIX_OK);
    q = (struct erix_procd_pid_req){5, ERIX_PROCD_QUERY_ACCOUNTING};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_QUERY_PROCESS, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q = (struct erix_procd_pid_req){0, 2};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_QUERY_PROCESS, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q = (struct erix_procd_pid_req){0, 0};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_QUERY_PROCESS, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
}

static struct erix_procd_foundation_req foundation_req(uint32_t count)
{
    static const char *roles[] = {"", "named", "logd", "crashd", "pagerd"};
    struct erix_procd_foundation_req q;
    memset(&q, 0, sizeof q);
    q.version = ERIX_PROCD_FOUNDATION_VERSION;
    q.count = count;
    for (uint32_t i = 0; i < count; i++) {
        q.entries[i].kind = i + 1;
        memcpy(q.entries[i].role, roles[i + 1], strlen(roles[i + 1]));
    }
    return q;
}

static void foundation_bodies(void)
{
    struct erix_procd_foundation_req q = foundation_req(4);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q), ERIX_OK);
    ERIX_CHECK_EQ(r.foundation.count, 4);
    q = foundation_req(0);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q), ERIX_OK);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, DRV, &q, sizeof q),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q - 1),
                  ERIX_ERR_MALFORMED);
    q.version = 2;
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q),
                  ERIX_ERR_VERSION);
    q = foundation_req(1);
    q.count = 5;
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q = foundation_req(1);
    q.entries[2].kind = 3; /* past count: must be zero */
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q = foundation_req(2);
    q.entries[1] = q.entries[0]; /* the same kind twice */
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q = foundation_req(1);
    q.entries[0].kind = 5;
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q = foundation_req(1);
    q.entries[0].reserved = 1;
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q = foundation_req(1);
    memcpy(q.entries[0].role, "logd\0", 6); /* the kind's role is named */
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q),
                  ERIX_ERR_INVALID_ARGUMENT);
    q = foundation_req(1);
    q.entries[0].role[0] = 'N';
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, &q, sizeof q),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK(strcmp(procd_foundation_role(ERIX_PROCD_FOUNDATION_PAGERD), "pagerd") == 0);
    ERIX_CHECK(procd_foundation_role(0) == NULL);
}

static void loader_bodies(void)
{
    static uint8_t elf[TEST_ELF_SIZE];
    struct erix_procd_loader_begin_req q;
    test_elf(elf, 0x100, 0);
    ERIX_CHECK(test_begin_req(&q, elf, sizeof elf, 3, 0x42));
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, BOOT, &q, sizeof q), ERIX_OK);
    ERIX_CHECK(strcmp(r.role, "loaded") == 0);
    ERIX_CHECK_EQ(r.arg, 0x42);
    ERIX_CHECK_EQ(r.plan.segment_count, 2);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, DRV, &q, sizeof q),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, BOOT, &q, sizeof q - 8),
                  ERIX_ERR_MALFORMED);
    memcpy(q.role, "drv-x", 6);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, BOOT, &q, sizeof q),
                  ERIX_ERR_DENIED);
    memcpy(q.role, "Bad", 4);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, BOOT, &q, sizeof q),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK(test_begin_req(&q, elf, sizeof elf, 3, 0x42));
    q.segments[1].perms |= ERIX_PROCD_SEG_X;
    q.plan_hash = erix_procd_loader_plan_hash(&q);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, BOOT, &q, sizeof q),
                  ERIX_ERR_DENIED);

    uint16_t len = test_chunk_body(buf, 3, 0, elf, 0, 100);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK, BOOT, buf, len), ERIX_OK);
    ERIX_CHECK_EQ(r.chunk.length, 100);
    ERIX_CHECK(memcmp(r.chunk_bytes, elf, 100) == 0);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK, DRV, buf, len), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK, BOOT, buf, len - 1),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK, BOOT, buf, 23),
                  ERIX_ERR_MALFORMED);
    len = test_chunk_body(buf, 3, 0, elf, 0, 0);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK, BOOT, buf, len),
                  ERIX_ERR_MALFORMED); /* empty */
    len = test_chunk_body(buf, 3, 0, elf, 0, 100);
    ((struct erix_procd_loader_chunk_req *)buf)->reserved = 1;
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK, BOOT, buf, len),
                  ERIX_ERR_INVALID_ARGUMENT);

    struct erix_procd_loader_commit_req c = {3, 1, 0, 0, 0};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER, BOOT, &c, sizeof c), ERIX_OK);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER, DRV, &c, sizeof c),
                  ERIX_ERR_DENIED);
    memset(buf, 0, sizeof c + 1);
    memcpy(buf, &c, sizeof c);
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER, BOOT, buf, sizeof c + 1),
                  ERIX_ERR_MALFORMED);
    c.fault_step = ERIX_PROCD_LOADER_FAULT_MID_COPY; /* built with the hooks */
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER, BOOT, &c, sizeof c), ERIX_OK);
    c.fault_step = ERIX_PROCD_LOADER_FAULT_COUNT;
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER, BOOT, &c, sizeof c),
                  ERIX_ERR_INVALID_ARGUMENT);
    c = (struct erix_procd_loader_commit_req){3, 1, 0, 0, 1};
    ERIX_CHECK_EQ(decode(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER, BOOT, &c, sizeof c),
                  ERIX_ERR_INVALID_ARGUMENT);
}

int main(void)
{
    ERIX_RUN(policy_bodies);
    ERIX_RUN(accounting_query);
    ERIX_RUN(foundation_bodies);
    ERIX_RUN(loader_bodies);
    ERIX_RUN(badges_and_surfaces);
    ERIX_RUN(roles_by_surface);
    ERIX_RUN(only_calls_through_request_badges);
    ERIX_RUN(op_catalogue);
    ERIX_RUN(create_bodies);
    ERIX_RUN(role_names);
    ERIX_RUN(spawn_bodies);
    ERIX_RUN(pid_bodies);
    ERIX_RUN(start_bodies);
    ERIX_RUN(start_refusals);
    ERIX_RUN(events);
    return erix_test_finish();
}
