/*
 * test_kernel.c - the kernel-facing seam (src/kernel.c) against a recording
 * runtime: which slots each step names, what the child gets in slots 16 and
 * 17 (rights, badge), the install grants (windows, dropped before START),
 * the CREATE reply's transfer table, and what a failing step leaves undone.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/kctl.h>
#include <erix/layout.h>
#include <erix/procd.h>
#include <erix_test.h>

#include "fake_rt.h"
#include "kernel.h"
#include "procd_config.h"

#define KCTL 2288u
#define SERVICE 2112u
#define POOL 700u
#define VSPACE 701u

static void setup(void)
{
    rt_reset();
    pk_init(&(struct pk_config){KCTL, SERVICE, POOL, VSPACE});
}

static void check_call(const struct rt_call *c, const char *op, uint64_t a0, uint64_t a1,
                       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    ERIX_CHECK(c != NULL);
    if (c == NULL)
        return;
    ERIX_CHECK(strcmp(c->op, op) == 0);
    ERIX_CHECK_EQ(c->a[0], a0);
    ERIX_CHECK_EQ(c->a[1], a1);
    ERIX_CHECK_EQ(c->a[2], a2);
    ERIX_CHECK_EQ(c->a[3], a3);
    ERIX_CHECK_EQ(c->a[4], a4);
    ERIX_CHECK_EQ(c->a[5], a5);
}

static uint32_t range(uint32_t pool, uint32_t off)
{
    return PROCD_CHILD_SLOT_BASE + pool * PROCD_CHILD_SLOT_STRIDE + off;
}

static void images_map_through_lib_spawn(void)
{
    setup();
    ERIX_CHECK_EQ(pk_map_image(300, PROCD_IMAGE_VADDR), ERIX_OK);
    check_call(&rt_calls[0], "map_image", 300, PROCD_IMAGE_VADDR, 0, 0, 0, 0);
    ERIX_CHECK(rt_env != NULL);
    ERIX_CHECK_EQ(rt_env->kctl, KCTL);
    ERIX_CHECK_EQ(rt_env->self_vspace, VSPACE);
    ERIX_CHECK_EQ(rt_env->scratch_vaddr, PROCD_SCRATCH_VADDR);
    ERIX_CHECK_EQ(rt_env->scratch_size, PROCD_SCRATCH_SIZE);
}

static void pools_retype_and_reset(void)
{
    setup();
    ERIX_CHECK_EQ(pk_pool_create(3, 256), ERIX_OK);
    check_call(&rt_calls[0], "retype_untyped", KCTL, POOL, PROCD_POOL_SLOT_BASE + 3, 256, 0, 0);
    ERIX_CHECK_EQ(pk_pool_reset(3), ERIX_OK);
    check_call(&rt_calls[1], "spawn_destroy", PROCD_POOL_SLOT_BASE + 3, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(pk_pool_create(PROCD_MAX_CHILDREN, 128), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(pk_pool_reset(PROCD_MAX_CHILDREN), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(rt_ncalls, 2);
    rt_fail("retype_untyped", 0, ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(pk_pool_create(4, 128), ERIX_ERR_NO_MEMORY);
}

static void child_create_uses_its_range(void)
{
    static const uint8_t elf[16];
    uint32_t pid = 0;
    setup();
    ERIX_CHECK_EQ(pk_child_create(2, elf, sizeof elf, 9, &pid), ERIX_OK);
    ERIX_CHECK_EQ(pid, 33);
    check_call(&rt_calls[0], "spawn_create", PROCD_POOL_SLOT_BASE + 2, (uintptr_t)elf, 16, 9,
               range(2, 0), 0);
    rt_fail("spawn_create", 0, ERIX_ERR_MALFORMED);
    pid = 0;
    ERIX_CHECK_EQ(pk_child_create(2, elf, sizeof elf, 9, &pid), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(pid, 0);
    ERIX_CHECK_EQ(pk_child_create(PROCD_MAX_CHILDREN, elf, sizeof elf, 9, &pid),
                  ERIX_ERR_INVALID_ARGUMENT);
}

static void created(uint32_t pool)
{
    static const uint8_t elf[16];
    uint32_t pid;
    setup();
    (void)pk_child_create(pool, elf, sizeof elf, 1, &pid);
    rt_ncalls = 0;
}

static void wire_staged_child(void)
{
    created(1);
    uint32_t tcb = range(1, 0);
    ERIX_CHECK_EQ(pk_child_wire(1, 33, 1), ERIX_OK);
    ERIX_CHECK_EQ(rt_ncalls, 6);
    check_call(&rt_calls[0], "create_endpoint", KCTL, PROCD_POOL_SLOT_BASE + 1,
               range(1, PROCD_CHILD_ENDPOINT), 0, 0, 0);
    check_call(&rt_calls[1], "derive_grant", KCTL, tcb, range(1, PROCD_CHILD_SETUP_GRANT),
               ERIX_PROCD_CHILD_SERVICE_SLOT, 2, ERIX_RIGHTS_ALL);
    check_call(&rt_calls[2], "install", KCTL, range(1, PROCD_CHILD_SETUP_GRANT),
               range(1, PROCD_CHILD_ENDPOINT), ERIX_PROCD_CHILD_SERVICE_SLOT,
               ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, 0);
    check_call(&rt_calls[3], "install", KCTL, range(1, PROCD_CHILD_SETUP_GRANT), SERVICE,
               ERIX_PROCD_CHILD_EVENT_SLOT, ERIX_RIGHT_SEND, ERIX_PROCD_BADGE_EVENT | 33u);
    check_call(&rt_calls[4], "cap_drop", range(1, PROCD_CHILD_SETUP_GRANT), 0, 0, 0, 0, 0);
    check_call(&rt_calls[5], "set_fault", KCTL, tcb, ERIX_PROCD_CHILD_EVENT_SLOT, 0, 0, 0);
}

static void wire_spawned_child_has_no_service_endpoint(void)
{
    created(0);
    ERIX_CHECK_EQ(pk_child_wire(0, 40, 0), ERIX_OK);
    ERIX_CHECK_EQ(rt_count("create_endpoint"), 0);
    ERIX_CHECK_EQ(rt_count("install"), 1);
    check_call(rt_find("install", 0), "install", KCTL, range(0, PROCD_CHILD_SETUP_GRANT), SERVICE,
               ERIX_PROCD_CHILD_EVENT_SLOT, ERIX_RIGHT_SEND, ERIX_PROCD_BADGE_EVENT | 40u);
    ERIX_CHECK_EQ(rt_count("cap_drop"), 1);
    ERIX_CHECK_EQ(rt_count("set_fault"), 1);
}

static void wire_refuses_bad_pids(void)
{
    created(0);
    ERIX_CHECK_EQ(pk_child_wire(0, 0, 1), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(pk_child_wire(0, 0x10000, 1), ERIX_ERR_INVALID_ARGUMENT); /* badge room */
    ERIX_CHECK_EQ(pk_child_wire(PROCD_MAX_CHILDREN, 5, 1), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(rt_ncalls, 0);
}

static void wire_failures(void)
{
    created(0);
    rt_fail("create_endpoint", 0, ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(pk_child_wire(0, 33, 1), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(rt_count("derive_grant"), 0);

    created(0);
    rt_fail("install", 1, ERIX_ERR_DENIED); /* the event endpoint */
    ERIX_CHECK_EQ(pk_child_wire(0, 33, 1), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(rt_count("cap_drop"), 1); /* the setup grant still goes */
    ERIX_CHECK_EQ(rt_count("set_fault"), 0);

    created(0);
    rt_fail("cap_drop", 0, ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(pk_child_wire(0, 33, 1), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(rt_count("set_fault"), 0);

    created(0);
    rt_fail("derive_grant", 0, ERIX_ERR_STATE);
    ERIX_CHECK_EQ(pk_child_wire(0, 33, 1), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(rt_count("install") + rt_count("cap_drop"), 0);

    created(0);
    rt_fail("set_fault", 0, ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(pk_child_wire(0, 33, 1), ERIX_ERR_WRONG_TYPE);
}

static void caller_grant_window(void)
{
    created(5);
    ERIX_CHECK_EQ(pk_child_grant(5), ERIX_OK);
    check_call(&rt_calls[0], "derive_grant", KCTL, range(5, 0), range(5, PROCD_CHILD_CALLER_GRANT),
               ERIX_PROCD_GRANT_WINDOW_BASE, ERIX_CSPACE_SLOTS - ERIX_PROCD_GRANT_WINDOW_BASE,
               ERIX_RIGHTS_ALL);
    ERIX_CHECK_EQ(ERIX_PROCD_GRANT_WINDOW_BASE + PROCD_CALLER_WINDOW_COUNT, 4096);
}

static void live_grants_come_from_query_process(void)
{
    uint32_t n = 99;
    created(2);
    rt_live_grants = 1;
    ERIX_CHECK_EQ(pk_child_live_grants(2, &n), ERIX_OK);
    ERIX_CHECK_EQ(n, 1);
    check_call(&rt_calls[0], "query_process", KCTL, range(2, 0), 0, 0, 0, 0);
    rt_fail("query_process", 0, ERIX_ERR_NO_RIGHTS);
    n = 99;
    ERIX_CHECK_EQ(pk_child_live_grants(2, &n), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(n, 99);
}

static void start_places_the_envelope_read_only(void)
{
    static const uint64_t env[16];
    created(3);
    ERIX_CHECK_EQ(pk_child_start(3, env, 100, ERIX_ENVELOPE_VADDR, 100, 2200), ERIX_OK);
    check_call(&rt_calls[0], "place_data", PROCD_POOL_SLOT_BASE + 3, range(3, 1),
               range(3, PROCD_CHILD_ENVELOPE), ERIX_ENVELOPE_VADDR, 100, ERIX_MAP_READ);
    check_call(&rt_calls[1], "spawn_start", range(3, 0), 0x401000, ERIX_ENVELOPE_VADDR, 100, 2200,
               0);

    created(3);
    rt_fail("place_data", 0, ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(pk_child_start(3, env, 100, ERIX_ENVELOPE_VADDR, 100, 2200), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(rt_count("spawn_start"), 0);
}

static void start_without_envelope(void)
{
    created(3);
    ERIX_CHECK_EQ(pk_child_start(3, NULL, 0, 0, 0, 0x1234), ERIX_OK);
    ERIX_CHECK_EQ(rt_count("place_data"), 0);
    check_call(&rt_calls[0], "spawn_start", range(3, 0), 0x401000, 0, 0, 0x1234, 0);
    rt_fail("spawn_start", 0, ERIX_ERR_STATE);
    ERIX_CHECK_EQ(pk_child_start(3, NULL, 0, 0, 0, 0), ERIX_ERR_STATE);
}

static void kill_and_abort_name_the_tcb(void)
{
    created(4);
    ERIX_CHECK_EQ(pk_child_kill(4, ERIX_KILL_REASON_MANAGED_STOP), ERIX_OK);
    check_call(&rt_calls[0], "kill", KCTL, range(4, 0), ERIX_KILL_REASON_MANAGED_STOP, 0, 0, 0);
    ERIX_CHECK_EQ(pk_child_abort(4), ERIX_OK);
    check_call(&rt_calls[1], "abort", KCTL, range(4, 0), 0, 0, 0, 0);
    ERIX_CHECK_EQ(pk_child_kill(PROCD_MAX_CHILDREN, 1), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(pk_child_abort(PROCD_MAX_CHILDREN), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(pk_child_grant(PROCD_MAX_CHILDREN), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(pk_child_start(PROCD_MAX_CHILDREN, NULL, 0, 0, 0, 0), ERIX_ERR_INVALID_ARGUMENT);
    uint32_t n;
    ERIX_CHECK_EQ(pk_child_live_grants(PROCD_MAX_CHILDREN, &n), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(rt_ncalls, 2);
}

static void replies_go_through_the_service_endpoint(void)
{
    setup();
    struct erix_procd_pid_resp resp = {7, 0};
    ERIX_CHECK_EQ(pk_reply(0x8000000000010001ull, ERIX_ERR_DENIED, NULL, 0), ERIX_OK);
    check_call(&rt_calls[0], "reply", SERVICE, 0x8000000000010001ull, ERIX_ERR_DENIED, 0, 0, 0);
    ERIX_CHECK_EQ(pk_reply(5, ERIX_OK, &resp, sizeof resp), ERIX_OK);
    check_call(&rt_calls[1], "reply", SERVICE, 5, ERIX_OK, 8, 0, 0);
}

static void create_reply_carries_endpoint_and_grant(void)
{
    setup();
    struct erix_procd_pid_resp resp = {7, 0};
    ERIX_CHECK_EQ(pk_reply_create(9, 6, &resp, sizeof resp), ERIX_OK);
    ERIX_CHECK_EQ(rt_xfer.prelude.count, 2);
    ERIX_CHECK_EQ(rt_xfer.entries[0].slot, range(6, PROCD_CHILD_ENDPOINT));
    ERIX_CHECK_EQ(rt_xfer.entries[0].rights_mask, ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT);
    ERIX_CHECK_EQ(rt_xfer.entries[0].mode, ERIX_XFER_MODE_COPY);
    ERIX_CHECK_EQ(rt_xfer.entries[1].slot, range(6, PROCD_CHILD_CALLER_GRANT));
    ERIX_CHECK_EQ(rt_xfer.entries[1].rights_mask, ERIX_RIGHTS_ALL);
    ERIX_CHECK_EQ(rt_xfer.entries[1].mode, ERIX_XFER_MODE_MOVE);
    check_call(rt_find("reply", 0), "reply", SERVICE, 9, ERIX_OK, 8, 2, 0); /* armed: 2 */

    setup();
    rt_fail("xfer_set", 0, ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(pk_reply_create(9, 6, &resp, sizeof resp), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(rt_count("reply"), 0);
    ERIX_CHECK_EQ(pk_reply_create(9, PROCD_MAX_CHILDREN, &resp, sizeof resp),
                  ERIX_ERR_INVALID_ARGUMENT);
}

static void log_formats_one_line(void)
{
    setup();
    pk_log("PROCD:SPAWNED role=%s pid=%u", "echo", 12u);
    ERIX_CHECK(strcmp(rt_log, "PROCD:SPAWNED role=echo pid=12") == 0);
}

int main(void)
{
    ERIX_RUN(images_map_through_lib_spawn);
    ERIX_RUN(pools_retype_and_reset);
    ERIX_RUN(child_create_uses_its_range);
    ERIX_RUN(wire_staged_child);
    ERIX_RUN(wire_spawned_child_has_no_service_endpoint);
    ERIX_RUN(wire_refuses_bad_pids);
    ERIX_RUN(wire_failures);
    ERIX_RUN(caller_grant_window);
    ERIX_RUN(live_grants_come_from_query_process);
    ERIX_RUN(start_places_the_envelope_read_only);
    ERIX_RUN(start_without_envelope);
    ERIX_RUN(kill_and_abort_name_the_tcb);
    ERIX_RUN(replies_go_through_the_service_endpoint);
    ERIX_RUN(create_reply_carries_endpoint_and_grant);
    ERIX_RUN(log_formats_one_line);
    return erix_test_finish();
}
