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

#include "elf_image.h"
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
    pk_init(&(struct pk_config){KCTL, SERVICE, POOL, VSPACE, PROCD_SCRATCH_VADDR,
                                PROCD_SCRATCH_SIZE});
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

/* ---- restart in place and loader builds: frames filled through a real window ---- */

static _Alignas(4096) uint8_t scratch[0x10000];
#define SCRATCH ((uint64_t)(uintptr_t)scratch)
#define RW (ERIX_MAP_READ | ERIX_MAP_WRITE)

static void setup_window(void)
{
    rt_reset();
    pk_init(&(struct pk_config){KCTL, SERVICE, POOL, VSPACE, SCRATCH, sizeof scratch});
}

/* The image lib-spawn built child 3 from: text at 0x401000, data at 0x402200
 * (0x40 file bytes, then bss), stack 0x10000 below the top (fake_rt). */
static uint8_t image[TEST_ELF_SIZE];

static void built_from_image(uint32_t pool)
{
    uint32_t pid;
    setup_window();
    test_elf(image, 0x100, 0);
    (void)pk_child_create(pool, image, sizeof image, 1, &pid);
    rt_ncalls = 0;
}

static void restage_refreshes_writable_segments_and_the_stack(void)
{
    built_from_image(3);
    uint32_t tcb = range(3, 0), vs = range(3, 1), data = range(3, 3), stack = range(3, 4);
    memset(scratch, 0xee, sizeof scratch);
    ERIX_CHECK_EQ(pk_child_restage(3, image, sizeof image), ERIX_OK);
    ERIX_CHECK_EQ(rt_ncalls, 9);
    check_call(&rt_calls[0], "restage", KCTL, tcb, 0, 0, 0, 0);
    /* the data segment: out of the child, through the window, back at its place */
    check_call(&rt_calls[1], "unmap_frame", KCTL, data, 0, 0, 0, 0);
    check_call(&rt_calls[2], "map_frame", KCTL, VSPACE, data, SCRATCH, RW, 0);
    check_call(&rt_calls[3], "unmap_frame", KCTL, data, 0, 0, 0, 0);
    check_call(&rt_calls[4], "map_frame", KCTL, vs, data, 0x402000, RW, 0);
    /* the stack, zeroed */
    check_call(&rt_calls[5], "unmap_frame", KCTL, stack, 0, 0, 0, 0);
    check_call(&rt_calls[6], "map_frame", KCTL, VSPACE, stack, SCRATCH, RW, 0);
    check_call(&rt_calls[8], "map_frame", KCTL, vs, stack, 0x7fff00000000ull - 0x10000, RW, 0);
    ERIX_CHECK_EQ(rt_count("retype_frame"), 0); /* no new memory */
    for (unsigned i = 0; i < sizeof scratch; i += 0x1000)
        ERIX_CHECK_EQ(scratch[i], 0);
    ERIX_CHECK_EQ(scratch[sizeof scratch - 1], 0);
}

static void restage_refills_data_from_the_image(void)
{
    built_from_image(3);
    memset(scratch, 0xee, sizeof scratch);
    rt_fail("unmap_frame", 2, ERIX_ERR_STATE); /* stop at the stack: the window holds the data */
    ERIX_CHECK_EQ(pk_child_restage(3, image, sizeof image), ERIX_ERR_STATE);
    ERIX_CHECK(memcmp(scratch + 0x200, image + 0x200, 0x40) == 0); /* the file bytes */
    for (unsigned i = 0; i < 0x1000; i++)
        if (i < 0x200 || i >= 0x240)
            ERIX_CHECK_EQ(scratch[i], 0); /* bss and padding zero */
    ERIX_CHECK_EQ(scratch[0x1000], 0xee); /* only the segment's span */
}

static void restage_failures(void)
{
    built_from_image(3);
    rt_fail("restage", 0, ERIX_ERR_STATE); /* still running, say */
    ERIX_CHECK_EQ(pk_child_restage(3, image, sizeof image), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(rt_ncalls, 1);
    rt_ncalls = 0;
    uint8_t bad[TEST_ELF_SIZE];
    memcpy(bad, image, sizeof bad);
    bad[0] = 0;
    ERIX_CHECK(pk_child_restage(3, bad, sizeof bad) != ERIX_OK);
    ERIX_CHECK_EQ(rt_ncalls, 0); /* refused before the kernel is asked */
    ERIX_CHECK_EQ(pk_child_restage(PROCD_MAX_CHILDREN, image, sizeof image),
                  ERIX_ERR_INVALID_ARGUMENT);
}

static struct erix_elf_image plan;
static uint8_t source[0x1800];

/* text RX 0x401000 (file 0..0x800), data RW 0x403000 (file 0x800..0x900, memsz 0x2000). */
static void loader_plan(void)
{
    memset(&plan, 0, sizeof plan);
    for (unsigned i = 0; i < sizeof source; i++)
        source[i] = (uint8_t)(i % 251u + 1u);
    plan.entry = 0x401000;
    plan.segment_count = 2;
    plan.segments[0] = (struct erix_elf_segment){0x401000, 0x800, 0, 0x800,
                                                 ERIX_ELF_PERM_R | ERIX_ELF_PERM_X, 0};
    plan.segments[1] = (struct erix_elf_segment){0x403100, 0x2000, 0x800, 0x100,
                                                 ERIX_ELF_PERM_R | ERIX_ELF_PERM_W, 0};
    plan.stack_size = 0x4000;
    setup_window();
}

static void loader_build_owns_every_step(void)
{
    uint32_t pid = 0;
    loader_plan();
    memset(scratch, 0xee, sizeof scratch);
    uint32_t base = range(5, 0), pool = PROCD_POOL_SLOT_BASE + 5;
    ERIX_CHECK_EQ(pk_loader_build(5, &plan, source, 7, 0, &pid), ERIX_OK);
    ERIX_CHECK_EQ(pid, 33);
    ERIX_CHECK_EQ(rt_ncalls, 13);
    check_call(&rt_calls[0], "create_process", KCTL, pool, base, 7, 0, 0);
    check_call(&rt_calls[1], "retype_frame", KCTL, pool, base + 2, 1, 0, 0);
    check_call(&rt_calls[2], "map_frame", KCTL, VSPACE, base + 2, SCRATCH, RW, 0);
    check_call(&rt_calls[3], "unmap_frame", KCTL, base + 2, 0, 0, 0, 0);
    check_call(&rt_calls[4], "map_frame", KCTL, base + 1, base + 2, 0x401000,
               ERIX_MAP_READ | ERIX_MAP_EXEC, 0);
    check_call(&rt_calls[5], "retype_frame", KCTL, pool, base + 3, 3, 0, 0); /* 0x403000..0x406000 */
    check_call(&rt_calls[8], "map_frame", KCTL, base + 1, base + 3, 0x403000, RW, 0);
    check_call(&rt_calls[9], "retype_frame", KCTL, pool, base + 4, 4, 0, 0); /* the stack */
    check_call(&rt_calls[12], "map_frame", KCTL, base + 1, base + 4, 0x7fff00000000ull - 0x4000,
               RW, 0);
    /* the window's last fill was the stack: zero */
    ERIX_CHECK_EQ(scratch[0], 0);
    ERIX_CHECK_EQ(scratch[0x3fff], 0);
    /* the child is now like one lib-spawn built: wiring and start find it */
    rt_ncalls = 0;
    ERIX_CHECK_EQ(pk_child_start(5, NULL, 0, 0, 0, 0x4c), ERIX_OK);
    check_call(&rt_calls[0], "spawn_start", base, 0x401000, 0, 0, 0x4c, 0);
}

static void loader_build_fills_file_bytes_and_zeroes_the_rest(void)
{
    uint32_t pid = 0;
    loader_plan();
    memset(scratch, 0xee, sizeof scratch);
    rt_fail("retype_frame", 2, ERIX_ERR_NO_MEMORY); /* the stack: the window holds the data */
    ERIX_CHECK_EQ(pk_loader_build(5, &plan, source, 7, 0, &pid), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK(memcmp(scratch + 0x100, source + 0x800, 0x100) == 0);
    for (unsigned i = 0; i < 0x3000; i++)
        if (i < 0x100 || i >= 0x200)
            ERIX_CHECK_EQ(scratch[i], 0);
    ERIX_CHECK_EQ(scratch[0x3000], 0xee);
}

/* With the hooks built in, each step fails where it says, before the next. */
static void loader_build_fault_steps(void)
{
    static const struct {
        uint32_t step;
        unsigned calls;    /* kctl calls made before the failure */
        const char *last;  /* the last one */
    } cases[] = {
        {ERIX_PROCD_LOADER_FAULT_AFTER_CHILD_CREATE, 1, "create_process"},
        {ERIX_PROCD_LOADER_FAULT_AFTER_FRAME_ALLOC, 2, "retype_frame"},
        {ERIX_PROCD_LOADER_FAULT_MID_COPY, 3, "map_frame"},
        {ERIX_PROCD_LOADER_FAULT_MID_MAPPING, 5, "map_frame"},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t pid = 0;
        loader_plan();
        memset(scratch, 0xee, sizeof scratch);
        ERIX_CHECK_EQ(pk_loader_build(5, &plan, source, 7, cases[i].step, &pid),
                      ERIX_ERR_INTERNAL);
        ERIX_CHECK_EQ(pid, 0);
        ERIX_CHECK_EQ(rt_count("log"), 1); /* PROCD:LOADER_HOOK */
        ERIX_CHECK_EQ(rt_ncalls - 1, cases[i].calls);
        ERIX_CHECK(strcmp(rt_calls[cases[i].calls - 1].op, cases[i].last) == 0);
        if (cases[i].step == ERIX_PROCD_LOADER_FAULT_MID_COPY) {
            /* half the bytes copied, the frame still in the window: the pool
             * reset that follows takes it out */
            ERIX_CHECK(memcmp(scratch, source, 0x400) == 0);
            ERIX_CHECK_EQ(scratch[0x400], 0);
            ERIX_CHECK_EQ(rt_count("unmap_frame"), 0);
        }
    }
    /* the steps procd's server injects mean nothing here */
    uint32_t pid = 0;
    loader_plan();
    ERIX_CHECK_EQ(pk_loader_build(5, &plan, source, 7, ERIX_PROCD_LOADER_FAULT_AFTER_TRANSFER,
                                  &pid), ERIX_OK);
    loader_plan();
    ERIX_CHECK_EQ(pk_loader_build(5, &plan, source, 7,
                                  ERIX_PROCD_LOADER_FAULT_AFTER_EVENT_REGISTRATION, &pid),
                  ERIX_OK);
}

static void loader_build_refusals(void)
{
    uint32_t pid = 0;
    loader_plan();
    ERIX_CHECK_EQ(pk_loader_build(PROCD_MAX_CHILDREN, &plan, source, 7, 0, &pid),
                  ERIX_ERR_INVALID_ARGUMENT);
    plan.segment_count = 0;
    ERIX_CHECK_EQ(pk_loader_build(5, &plan, source, 7, 0, &pid), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(rt_ncalls, 0);
    loader_plan();
    plan.segments[1].memsz = sizeof scratch + 0x1000; /* bigger than the window */
    ERIX_CHECK_EQ(pk_loader_build(5, &plan, source, 7, 0, &pid), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(rt_count("retype_frame"), 1); /* the text only */
}

static void clock_pool_usage_and_capabilities(void)
{
    setup();
    rt_clock_ns = 5000;
    ERIX_CHECK_EQ(pk_clock_ns(), 5000);
    rt_clock_ns = 4000; /* never backwards */
    ERIX_CHECK_EQ(pk_clock_ns(), 5000);
    rt_fail("clock", 0, ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(pk_clock_ns(), 5000);
    rt_clock_ns = 9000;
    ERIX_CHECK_EQ(pk_clock_ns(), 9000);
    uint64_t bytes = 1;
    rt_cap_aux = 0x3000;
    ERIX_CHECK_EQ(pk_pool_usage(4, &bytes), ERIX_OK);
    ERIX_CHECK_EQ(bytes, 0x3000);
    check_call(rt_find("cap_info", 0), "cap_info", PROCD_POOL_SLOT_BASE + 4, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(pk_pool_usage(PROCD_MAX_CHILDREN, &bytes), ERIX_ERR_INVALID_ARGUMENT);
    rt_ncalls = 0;
    ERIX_CHECK_EQ(pk_cap_copy(1076, 1072, ERIX_RIGHT_SEND), ERIX_OK);
    check_call(&rt_calls[0], "copy", KCTL, 1076, 1072, ERIX_RIGHT_SEND, 0, 0);
    ERIX_CHECK_EQ(pk_cap_drop(1076), ERIX_OK);
    check_call(&rt_calls[1], "cap_drop", 1076, 0, 0, 0, 0, 0);
}

int main(void)
{
    ERIX_RUN(restage_refreshes_writable_segments_and_the_stack);
    ERIX_RUN(restage_refills_data_from_the_image);
    ERIX_RUN(restage_failures);
    ERIX_RUN(loader_build_owns_every_step);
    ERIX_RUN(loader_build_fills_file_bytes_and_zeroes_the_rest);
    ERIX_RUN(loader_build_fault_steps);
    ERIX_RUN(loader_build_refusals);
    ERIX_RUN(clock_pool_usage_and_capabilities);
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
