/*
 * test_server.c - the server as a whole against the scripted seam: every op's
 * happy path with the exact kernel work it asks for, every refusal with
 * nothing changed, every failing step of the kernel work cleaned up, the
 * kept tokens of STOP and WAIT answered when the event comes, exactly once,
 * and the two surfaces kept apart.
 */
#include <stdbool.h>
#include <string.h>

#include <erix/kctl.h>
#include <erix/layout.h>
#include <erix/procd.h>
#include <erix_test.h>

#include "elf_image.h"
#include "fake_seam.h"
#include "msgs.h"
#include "server.h"

#define BOOT ERIX_PROCD_BADGE_BOOTSTRAP
#define DRV ERIX_PROCD_BADGE_DRIVER
#define TOK(n) (0x8000000000000000ull | (uint64_t)(n))

static struct procd_server s;
static uint8_t small_elf[TEST_ELF_SIZE], big_elf[TEST_ELF_SIZE], bad_elf[TEST_ELF_SIZE];
static uint64_t buf[ERIX_IPC_MAX_BODY / 8];
static uint8_t loader_buf[4096];

static void setup(void)
{
    test_elf(small_elf, 0, 0);          /* pool of 128 pages */
    test_elf(big_elf, 3u << 20, 0);     /* pool of 1024 pages */
    test_elf(bad_elf, 0, 0);
    bad_elf[1] = 'X';
    const struct procd_image images[] = {
        {0, 300, small_elf, sizeof small_elf},
        {4, 301, big_elf, sizeof big_elf},
        {9, 302, bad_elf, sizeof bad_elf},
    };
    seam_reset();
    procd_server_init(&s, images, 3, loader_buf, sizeof loader_buf);
}

static void handle(uint32_t op, uint64_t badge, uint64_t token, const void *body, uint16_t len)
{
    struct erix_msg m = test_msg(op, badge, token, body, len);
    procd_server_handle(&s, &m);
}

static void event(uint32_t pid, uint32_t kind, uint64_t code, uint64_t addr)
{
    struct erix_msg m = test_event(pid, kind, code, addr);
    procd_server_handle(&s, &m);
}

static uint32_t reply_pid(uint64_t token)
{
    const struct seam_reply *r = seam_reply_to(token);
    struct erix_procd_pid_resp resp = {0, 0};
    if (r != NULL && r->status == ERIX_OK && r->len == sizeof resp)
        memcpy(&resp, r->body, sizeof resp);
    return resp.pid;
}

/* An answer with ERIX_OK and no body (START, ABORT, STOP). */
static bool reply_ok_empty(uint64_t token)
{
    const struct seam_reply *r = seam_reply_to(token);
    return r != NULL && r->status == ERIX_OK && r->len == 0;
}

static erix_status_t reply_status(uint64_t token)
{
    const struct seam_reply *r = seam_reply_to(token);
    return r != NULL ? (erix_status_t)r->status : (erix_status_t)-1;
}

static uint32_t create(uint64_t badge, const char *role, uint32_t image, uint64_t token)
{
    struct erix_procd_create_req q = test_create_req(role, image, 5);
    handle(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, badge, token, &q, sizeof q);
    return reply_pid(token);
}

static uint32_t spawn(uint64_t badge, const char *role, uint32_t image, uint64_t token)
{
    struct erix_procd_spawn_req q = test_spawn_req(role, image, 5, 0x77);
    handle(ERIX_PROCD_OP_SPAWN_SERVICE, badge, token, &q, sizeof q);
    return reply_pid(token);
}

static void start(uint64_t badge, uint32_t pid, const char *role, uint64_t token)
{
    uint16_t len = test_start_body(buf, sizeof buf, pid, role, 2200);
    handle(ERIX_PROCD_OP_START_STAGED_PROCESS, badge, token, buf, len);
}

static void pid_op(uint32_t op, uint64_t badge, uint32_t pid, uint64_t token)
{
    struct erix_procd_pid_req q = {pid, 0};
    handle(op, badge, token, &q, sizeof q);
}

static struct erix_procd_query_resp query(uint64_t badge, uint32_t pid)
{
    struct erix_procd_query_resp resp;
    memset(&resp, 0, sizeof resp);
    pid_op(ERIX_PROCD_OP_QUERY_PROCESS, badge, pid, TOK(0xeeee));
    const struct seam_reply *r = seam_reply_to(TOK(0xeeee));
    if (r != NULL && r->status == ERIX_OK && r->len == sizeof resp)
        memcpy(&resp, r->body, sizeof resp);
    return resp;
}

static struct erix_event reply_event(uint64_t token)
{
    struct erix_event ev;
    memset(&ev, 0, sizeof ev);
    const struct seam_reply *r = seam_reply_to(token);
    if (r != NULL && r->status == ERIX_OK && r->len == sizeof ev)
        memcpy(&ev, r->body, sizeof ev);
    return ev;
}

/* A running child of the bootstrap surface (through CREATE and START). */
static uint32_t running(uint64_t token)
{
    uint32_t pid = create(BOOT, "echo", 0, token);
    start(BOOT, pid, "echo", token + 1);
    return pid;
}

/* ---- CREATE ---------------------------------------------------------------------- */

static void create_builds_wires_grants_and_replies(void)
{
    setup();
    uint32_t pid = create(BOOT, "echo", 0, TOK(1));
    ERIX_CHECK_EQ(pid, 10);
    ERIX_CHECK_EQ(seam_ncalls, 5);
    ERIX_CHECK(strcmp(seam_calls[0].op, "pool_create") == 0);
    ERIX_CHECK_EQ(seam_calls[0].pool, 0);
    ERIX_CHECK_EQ(seam_calls[0].a, 128);
    ERIX_CHECK(strcmp(seam_calls[1].op, "child_create") == 0);
    ERIX_CHECK_EQ(seam_calls[1].a, (uintptr_t)small_elf);
    ERIX_CHECK_EQ(seam_calls[1].b, sizeof small_elf);
    ERIX_CHECK_EQ(seam_calls[1].c, 5);
    ERIX_CHECK(strcmp(seam_calls[2].op, "child_wire") == 0);
    ERIX_CHECK_EQ(seam_calls[2].a, 10);
    ERIX_CHECK_EQ(seam_calls[2].b, 1); /* with its service endpoint */
    ERIX_CHECK(strcmp(seam_calls[3].op, "child_grant") == 0);
    ERIX_CHECK(strcmp(seam_calls[4].op, "reply_create") == 0);
    const struct seam_reply *r = seam_last_reply();
    ERIX_CHECK(r->caps);
    ERIX_CHECK_EQ(r->pool, 0);
    ERIX_CHECK_EQ(r->status, ERIX_OK);
    ERIX_CHECK(seam_logged("PROCD:STAGED role=echo pid=10"));
    struct erix_procd_query_resp q = query(BOOT, pid);
    ERIX_CHECK_EQ(q.state, ERIX_PROCD_STATE_STAGED);
    ERIX_CHECK(strcmp(q.role, "echo") == 0);
    ERIX_CHECK_EQ(s.pools.pool[0].state, PROCD_POOL_USED);
}

static void create_is_deterministic(void)
{
    setup();
    ERIX_CHECK_EQ(create(BOOT, "a", 0, TOK(1)), 10);
    ERIX_CHECK_EQ(create(DRV, "drv-b", 4, TOK(2)), 11);
    ERIX_CHECK_EQ(create(BOOT, "c", 0, TOK(3)), 12);
    ERIX_CHECK_EQ(seam_find("pool_create", 1)->pool, 1);
    ERIX_CHECK_EQ(seam_find("pool_create", 1)->a, 1024);
    ERIX_CHECK_EQ(seam_find("pool_create", 2)->pool, 2);
    ERIX_CHECK_EQ(seam_find("reply_create", 2)->pool, 2);
}

static void create_refusals_change_nothing(void)
{
    setup();
    struct erix_procd_create_req q = test_create_req("echo", 1, 5); /* no image 1 */
    handle(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, TOK(1), &q, sizeof q);
    ERIX_CHECK_EQ(reply_status(TOK(1)), ERIX_ERR_NOT_FOUND);
    q = test_create_req("echo", 9, 5); /* lib-elf refuses it */
    handle(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, TOK(2), &q, sizeof q);
    ERIX_CHECK(reply_status(TOK(2)) != ERIX_OK);
    q = test_create_req("drv-x", 0, 5);
    handle(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, TOK(3), &q, sizeof q);
    ERIX_CHECK_EQ(reply_status(TOK(3)), ERIX_ERR_DENIED);
    handle(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, TOK(4), &q, 31);
    ERIX_CHECK_EQ(reply_status(TOK(4)), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(seam_ncalls, seam_count("reply")); /* nothing but the answers */
    ERIX_CHECK_EQ(seam_logged_count("PROCD:REFUSED op=0x405"), 4);
    ERIX_CHECK(seam_logged("PROCD:REFUSED op=0x405 status=ERIX_ERR_NOT_FOUND"));
    ERIX_CHECK_EQ(s.pools.pool[0].state, PROCD_POOL_EMPTY);
}

static void create_step_failures_reset_the_pool(void)
{
    static const char *steps[] = {"child_create", "child_wire", "child_grant"};
    for (unsigned i = 0; i < 3; i++) {
        setup();
        seam_fail(steps[i], 0, ERIX_ERR_NO_MEMORY);
        ERIX_CHECK_EQ(create(BOOT, "echo", 0, TOK(1)), 0);
        ERIX_CHECK_EQ(reply_status(TOK(1)), ERIX_ERR_NO_MEMORY);
        ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
        ERIX_CHECK_EQ(seam_find("pool_reset", 0)->pool, 0);
        ERIX_CHECK_EQ(seam_count("reply_create"), 0);
        ERIX_CHECK_EQ(s.pools.pool[0].state, PROCD_POOL_FREE); /* reset, kept for reuse */
        ERIX_CHECK_EQ(query(BOOT, 10).pid, 0);
        ERIX_CHECK_EQ(reply_status(TOK(0xeeee)), ERIX_ERR_NOT_FOUND);
        /* the next child reuses the reset pool */
        ERIX_CHECK(create(BOOT, "echo", 0, TOK(2)) != 0);
        ERIX_CHECK_EQ(seam_count("pool_create"), 1);
    }
}

static void create_pool_retype_failure(void)
{
    setup();
    seam_fail("pool_create", 0, ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(create(BOOT, "echo", 0, TOK(1)), 0);
    ERIX_CHECK_EQ(reply_status(TOK(1)), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(seam_count("child_create") + seam_count("pool_reset"), 0);
    ERIX_CHECK_EQ(s.pools.pool[0].state, PROCD_POOL_EMPTY);
}

static void create_reply_refused_destroys_the_child(void)
{
    setup();
    seam_fail_token(TOK(1), ERIX_ERR_LIMIT); /* the caller's window had no room */
    ERIX_CHECK_EQ(create(BOOT, "echo", 0, TOK(1)), 0);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    ERIX_CHECK_EQ(reply_status(TOK(1)), ERIX_ERR_LIMIT); /* told without capabilities */
    ERIX_CHECK(!seam_reply_to(TOK(1))->caps);
    ERIX_CHECK(!seam_logged("PROCD:STAGED"));
    ERIX_CHECK_EQ(query(BOOT, 10).pid, 0);
}

static void pools_run_out_and_come_back(void)
{
    setup();
    for (uint32_t i = 0; i < PROCD_MAX_CHILDREN; i++)
        ERIX_CHECK(create(BOOT, "echo", 0, TOK(100 + i)) != 0);
    ERIX_CHECK_EQ(create(BOOT, "echo", 0, TOK(1)), 0);
    ERIX_CHECK_EQ(reply_status(TOK(1)), ERIX_ERR_NO_MEMORY);
    pid_op(ERIX_PROCD_OP_ABORT_STAGED_PROCESS, BOOT, 17, TOK(2)); /* pool 7 */
    ERIX_CHECK(reply_ok_empty(TOK(2)));
    unsigned creates = seam_count("pool_create");
    ERIX_CHECK(create(BOOT, "echo", 0, TOK(3)) != 0);
    ERIX_CHECK_EQ(seam_count("pool_create"), creates);
    ERIX_CHECK_EQ(seam_last_reply()->pool, 7);
    ERIX_CHECK_EQ(create(BOOT, "echo", 4, TOK(4)), 0); /* nothing of 1024 pages */
}

static void a_pool_that_will_not_reset_is_never_reused(void)
{
    setup();
    uint32_t pid = create(BOOT, "echo", 0, TOK(1));
    seam_fail("pool_reset", 0, ERIX_ERR_INTERNAL);
    pid_op(ERIX_PROCD_OP_ABORT_STAGED_PROCESS, BOOT, pid, TOK(2));
    ERIX_CHECK(seam_logged("PROCD:POOL_LOST pool=0"));
    ERIX_CHECK_EQ(s.pools.pool[0].state, PROCD_POOL_USED);
    create(BOOT, "echo", 0, TOK(3));
    ERIX_CHECK_EQ(seam_last_reply()->pool, 1);
}

static void reused_pid_replaces_the_ended_record(void)
{
    setup();
    uint32_t pid = spawn(BOOT, "probe", 0, TOK(1));
    event(pid, ERIX_EVENT_EXIT, 0x50, 0);
    seam_next_pid = pid; /* the kernel hands the index out again */
    ERIX_CHECK_EQ(create(DRV, "drv-x", 0, TOK(2)), pid);
    ERIX_CHECK_EQ(query(DRV, pid).state, ERIX_PROCD_STATE_STAGED);
    ERIX_CHECK_EQ(query(BOOT, pid).pid, 0); /* the old one is gone */
    /* a live record holding the pid: the tables disagree; the new child goes */
    seam_next_pid = pid;
    ERIX_CHECK_EQ(create(DRV, "drv-y", 0, TOK(3)), 0);
    ERIX_CHECK_EQ(reply_status(TOK(3)), ERIX_ERR_INTERNAL);
    ERIX_CHECK_EQ(seam_find("pool_reset", 1)->pool, 1);
}

/* ---- START ------------------------------------------------------------------------- */

static void start_places_envelope_and_runs(void)
{
    setup();
    uint32_t pid = create(BOOT, "echo", 0, TOK(1));
    start(BOOT, pid, "echo", TOK(2));
    ERIX_CHECK(reply_ok_empty(TOK(2)));
    const struct seam_call *c = seam_find("child_start", 0);
    ERIX_CHECK(c != NULL);
    uint16_t len = test_start_body(buf, sizeof buf, pid, "echo", 2200);
    ERIX_CHECK_EQ(c->a, len - 16u);
    ERIX_CHECK_EQ(c->b, ERIX_ENVELOPE_VADDR);
    ERIX_CHECK_EQ(c->c, len - 16u);
    ERIX_CHECK_EQ(c->d, 2200);
    ERIX_CHECK_EQ(seam_count("live_grants"), 1);
    ERIX_CHECK(seam_logged("PROCD:SPAWNED role=echo pid=10"));
    ERIX_CHECK_EQ(query(BOOT, pid).state, ERIX_PROCD_STATE_RUNNING);
}

static void start_refusals_change_nothing(void)
{
    setup();
    uint32_t pid = create(BOOT, "echo", 0, TOK(1));
    uint32_t drv = create(DRV, "drv-a", 0, TOK(2));
    seam_live_grants = 1;
    start(BOOT, pid, "echo", TOK(3));
    ERIX_CHECK_EQ(reply_status(TOK(3)), ERIX_ERR_STATE); /* the grant is still alive */
    seam_live_grants = 0;
    start(BOOT, pid, "other", TOK(4));
    ERIX_CHECK_EQ(reply_status(TOK(4)), ERIX_ERR_INVALID_ARGUMENT);
    start(BOOT, drv, "echo", TOK(5));
    ERIX_CHECK_EQ(reply_status(TOK(5)), ERIX_ERR_NOT_FOUND); /* the driver surface's */
    start(DRV, pid, "drv-a", TOK(6));
    ERIX_CHECK_EQ(reply_status(TOK(6)), ERIX_ERR_NOT_FOUND);
    start(BOOT, 99, "echo", TOK(7));
    ERIX_CHECK_EQ(reply_status(TOK(7)), ERIX_ERR_NOT_FOUND);
    seam_fail("live_grants", 0, ERIX_ERR_NO_RIGHTS);
    start(BOOT, pid, "echo", TOK(8));
    ERIX_CHECK_EQ(reply_status(TOK(8)), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(seam_count("child_start") + seam_count("pool_reset"), 0);
    ERIX_CHECK_EQ(query(BOOT, pid).state, ERIX_PROCD_STATE_STAGED);
    start(BOOT, pid, "echo", TOK(9));
    ERIX_CHECK(reply_ok_empty(TOK(9)));
    start(BOOT, pid, "echo", TOK(10));
    ERIX_CHECK_EQ(reply_status(TOK(10)), ERIX_ERR_STATE); /* running already */
}

static void start_failure_aborts_the_child(void)
{
    setup();
    uint32_t pid = create(BOOT, "echo", 0, TOK(1));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, TOK(2));
    seam_fail("child_start", 0, ERIX_ERR_NO_MEMORY);
    start(BOOT, pid, "echo", TOK(3));
    ERIX_CHECK_EQ(reply_status(TOK(3)), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    struct erix_event ev = reply_event(TOK(2));
    ERIX_CHECK_EQ(ev.kind, ERIX_EVENT_STOPPED);
    ERIX_CHECK_EQ(ev.code, ERIX_KILL_REASON_ABORT);
    ERIX_CHECK_EQ(query(BOOT, pid).state, ERIX_PROCD_STATE_STOPPED);
    ERIX_CHECK(seam_logged("PROCD:ABORTED pid=10"));
}

/* ---- SPAWN ------------------------------------------------------------------------- */

static void spawn_creates_and_starts_without_capabilities(void)
{
    setup();
    uint32_t pid = spawn(BOOT, "phase0-probe", 0, TOK(1));
    ERIX_CHECK_EQ(pid, 10);
    ERIX_CHECK_EQ(seam_find("child_wire", 0)->b, 0); /* no service endpoint */
    ERIX_CHECK_EQ(seam_count("child_grant") + seam_count("reply_create"), 0);
    const struct seam_call *c = seam_find("child_start", 0);
    ERIX_CHECK_EQ(c->a, 0);   /* no envelope */
    ERIX_CHECK_EQ(c->b, 0);   /* rdi */
    ERIX_CHECK_EQ(c->c, 0);   /* rsi */
    ERIX_CHECK_EQ(c->d, 0x77); /* rdx = arg */
    ERIX_CHECK(seam_logged("PROCD:SPAWNED role=phase0-probe pid=10"));
    ERIX_CHECK_EQ(query(BOOT, pid).state, ERIX_PROCD_STATE_RUNNING);
}

static void spawn_start_failure_leaves_nothing(void)
{
    setup();
    seam_fail("child_start", 0, ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(spawn(BOOT, "probe", 0, TOK(1)), 0);
    ERIX_CHECK_EQ(reply_status(TOK(1)), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    ERIX_CHECK_EQ(query(BOOT, 10).pid, 0);
    ERIX_CHECK_EQ(s.pools.pool[0].state, PROCD_POOL_FREE);
    ERIX_CHECK(!seam_logged("PROCD:SPAWNED"));
}

static void spawn_surface_policy(void)
{
    setup();
    ERIX_CHECK_EQ(spawn(DRV, "probe", 0, TOK(1)), 0);
    ERIX_CHECK_EQ(reply_status(TOK(1)), ERIX_ERR_DENIED);
    ERIX_CHECK(spawn(DRV, "drv-probe", 0, TOK(2)) != 0);
    ERIX_CHECK_EQ(spawn(BOOT, "drv-probe", 0, TOK(3)), 0);
    ERIX_CHECK_EQ(reply_status(TOK(3)), ERIX_ERR_DENIED);
}

/* ---- events, WAIT, QUERY ---------------------------------------------------------------- */

static void exit_event_destroys_and_is_kept_for_wait(void)
{
    setup();
    uint32_t pid = spawn(BOOT, "probe", 0, TOK(1));
    event(pid, ERIX_EVENT_EXIT, 0x50, 0);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    ERIX_CHECK(seam_logged("PROCD:EVENT pid=10 kind=exit code=0x50"));
    ERIX_CHECK_EQ(s.pools.pool[0].state, PROCD_POOL_FREE);
    struct erix_procd_query_resp q = query(BOOT, pid);
    ERIX_CHECK_EQ(q.state, ERIX_PROCD_STATE_EXITED);
    ERIX_CHECK_EQ(q.code, 0x50);
    ERIX_CHECK_EQ(q.restarts, 0);
    ERIX_CHECK_EQ(q.policy, ERIX_PROCD_POLICY_HOLD);
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, TOK(2));
    struct erix_event ev = reply_event(TOK(2));
    ERIX_CHECK_EQ(ev.pid, pid);
    ERIX_CHECK_EQ(ev.kind, ERIX_EVENT_EXIT);
    ERIX_CHECK_EQ(ev.code, 0x50);
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, TOK(3));
    ERIX_CHECK_EQ(reply_status(TOK(3)), ERIX_ERR_STATE); /* delivered once */
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(4));
    ERIX_CHECK_EQ(reply_status(TOK(4)), ERIX_ERR_STATE); /* nothing else to wait for */
}

static void fault_event(void)
{
    setup();
    uint32_t pid = running(TOK(1));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, TOK(3));
    ERIX_CHECK_EQ(seam_replies_to(TOK(3)), 0); /* kept */
    event(pid, ERIX_EVENT_FAULT, 14, 0xdead000);
    ERIX_CHECK(seam_logged("PROCD:EVENT pid=10 kind=fault code=0xe addr=0xdead000"));
    struct erix_event ev = reply_event(TOK(3));
    ERIX_CHECK_EQ(ev.kind, ERIX_EVENT_FAULT);
    ERIX_CHECK_EQ(ev.code, 14);
    ERIX_CHECK_EQ(ev.address, 0xdead000);
    ERIX_CHECK_EQ(query(BOOT, pid).state, ERIX_PROCD_STATE_FAULTED);
    ERIX_CHECK_EQ(query(BOOT, pid).code, 14);
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(4));
    ERIX_CHECK_EQ(reply_status(TOK(4)), ERIX_ERR_STATE);
}

static void wait_any_gets_the_oldest_pending(void)
{
    setup();
    uint32_t a = spawn(BOOT, "a", 0, TOK(1)), b = spawn(BOOT, "b", 0, TOK(2));
    event(b, ERIX_EVENT_EXIT, 2, 0);
    event(a, ERIX_EVENT_EXIT, 1, 0);
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(3));
    ERIX_CHECK_EQ(reply_event(TOK(3)).pid, b);
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(4));
    ERIX_CHECK_EQ(reply_event(TOK(4)).pid, a);
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(5));
    ERIX_CHECK_EQ(reply_status(TOK(5)), ERIX_ERR_STATE);
}

static void wait_kept_until_the_event(void)
{
    setup();
    uint32_t a = spawn(BOOT, "a", 0, TOK(1)), b = spawn(BOOT, "b", 0, TOK(2));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(3));   /* any */
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, b, TOK(4));   /* b */
    ERIX_CHECK_EQ(seam_replies_to(TOK(3)) + seam_replies_to(TOK(4)), 0);
    event(b, ERIX_EVENT_EXIT, 7, 0);
    ERIX_CHECK_EQ(reply_event(TOK(4)).code, 7); /* b's own waiter first */
    ERIX_CHECK_EQ(seam_replies_to(TOK(3)), 0);   /* a still lives: keep waiting */
    event(a, ERIX_EVENT_EXIT, 8, 0);
    ERIX_CHECK_EQ(reply_event(TOK(3)).pid, a);
    ERIX_CHECK_EQ(seam_replies_to(TOK(3)), 1);
    ERIX_CHECK_EQ(seam_replies_to(TOK(4)), 1);
}

static void stale_waiters_are_answered(void)
{
    setup();
    uint32_t a = spawn(BOOT, "a", 0, TOK(1));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, a, TOK(2));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, a, TOK(3));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(4));
    event(a, ERIX_EVENT_EXIT, 0, 0);
    ERIX_CHECK_EQ(reply_event(TOK(2)).pid, a);            /* exactly one gets it */
    ERIX_CHECK_EQ(reply_status(TOK(3)), ERIX_ERR_STATE);  /* the others learn it is over */
    ERIX_CHECK_EQ(reply_status(TOK(4)), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(procd_waiters_count(&s.waiters), 0);
}

static void waiter_gone_passes_the_event_on(void)
{
    setup();
    uint32_t a = spawn(BOOT, "a", 0, TOK(1));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, a, TOK(2));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(3));
    seam_fail_token(TOK(2), ERIX_ERR_NOT_FOUND); /* that caller died */
    event(a, ERIX_EVENT_EXIT, 0, 0);
    ERIX_CHECK_EQ(reply_event(TOK(3)).pid, a);
    uint32_t b = spawn(BOOT, "b", 0, TOK(4));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, b, TOK(5));
    seam_fail_token(TOK(5), ERIX_ERR_NOT_FOUND);
    event(b, ERIX_EVENT_EXIT, 0, 0);
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(6));
    ERIX_CHECK_EQ(reply_event(TOK(6)).pid, b); /* still pending: nobody got it */
}

static void wait_refusals(void)
{
    setup();
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(1));
    ERIX_CHECK_EQ(reply_status(TOK(1)), ERIX_ERR_STATE);
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 42, TOK(2));
    ERIX_CHECK_EQ(reply_status(TOK(2)), ERIX_ERR_NOT_FOUND);
    spawn(BOOT, "a", 0, TOK(3));
    for (uint32_t i = 0; i < PROCD_MAX_WAITERS; i++)
        pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(100 + i));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(4));
    ERIX_CHECK_EQ(reply_status(TOK(4)), ERIX_ERR_LIMIT);
}

static void wait_on_a_staged_child(void)
{
    setup();
    uint32_t pid = create(BOOT, "echo", 0, TOK(1));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, TOK(2));
    ERIX_CHECK_EQ(seam_replies_to(TOK(2)), 0);
    start(BOOT, pid, "echo", TOK(3));
    ERIX_CHECK_EQ(seam_replies_to(TOK(2)), 0);
    event(pid, ERIX_EVENT_EXIT, 3, 0);
    ERIX_CHECK_EQ(reply_event(TOK(2)).code, 3);
}

static void stale_events_are_refused(void)
{
    setup();
    uint32_t staged = create(BOOT, "echo", 0, TOK(1));
    uint32_t pid = spawn(BOOT, "a", 0, TOK(2));
    unsigned calls = seam_ncalls;
    event(99, ERIX_EVENT_EXIT, 0, 0);        /* nobody procd knows */
    event(staged, ERIX_EVENT_EXIT, 0, 0);    /* never started */
    struct erix_msg m = test_event(pid, ERIX_EVENT_EXIT, 0, 0);
    m.badge = ERIX_PROCD_BADGE_EVENT | staged; /* through another child's badge */
    procd_server_handle(&s, &m);
    m = test_event(pid, ERIX_EVENT_EXIT, 0, 0);
    m.badge = BOOT;
    procd_server_handle(&s, &m);
    ERIX_CHECK_EQ(seam_ncalls, calls); /* no kernel work, no reply */
    ERIX_CHECK_EQ(seam_logged_count("PROCD:REFUSED op=0xe001"), 4);
    event(pid, ERIX_EVENT_EXIT, 0, 0);
    event(pid, ERIX_EVENT_EXIT, 0, 0); /* once only */
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    ERIX_CHECK_EQ(query(BOOT, staged).state, ERIX_PROCD_STATE_STAGED);
}

/* ---- STOP, ABORT ---------------------------------------------------------------------- */

static void stop_answers_when_the_event_is_retired(void)
{
    setup();
    uint32_t pid = running(TOK(1));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, TOK(3));
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, pid, TOK(4));
    const struct seam_call *k = seam_find("child_kill", 0);
    ERIX_CHECK(k != NULL && k->a == ERIX_KILL_REASON_MANAGED_STOP);
    ERIX_CHECK_EQ(seam_replies_to(TOK(4)), 0); /* not yet */
    ERIX_CHECK_EQ(seam_count("pool_reset"), 0);
    ERIX_CHECK_EQ(query(BOOT, pid).state, ERIX_PROCD_STATE_RUNNING);
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, pid, TOK(5));
    ERIX_CHECK_EQ(reply_status(TOK(5)), ERIX_ERR_STATE); /* stopping already */
    event(pid, ERIX_EVENT_STOPPED, ERIX_KILL_REASON_MANAGED_STOP, 0);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    ERIX_CHECK(reply_ok_empty(TOK(4)));
    ERIX_CHECK(seam_logged("PROCD:STOPPED pid=10"));
    ERIX_CHECK(seam_logged("PROCD:EVENT pid=10 kind=stop code=0x1"));
    ERIX_CHECK_EQ(reply_event(TOK(3)).kind, ERIX_EVENT_STOPPED);
    struct erix_procd_query_resp q = query(BOOT, pid);
    ERIX_CHECK_EQ(q.state, ERIX_PROCD_STATE_STOPPED);
    ERIX_CHECK_EQ(q.code, ERIX_KILL_REASON_MANAGED_STOP);
    /* the reset happened before the STOP caller was answered */
    unsigned reset_at = 0, reply_at = 0;
    for (unsigned i = 0; i < seam_ncalls; i++) {
        if (strcmp(seam_calls[i].op, "pool_reset") == 0)
            reset_at = i;
        if (strcmp(seam_calls[i].op, "reply") == 0 && seam_calls[i].a == TOK(4))
            reply_at = i;
    }
    ERIX_CHECK(reset_at < reply_at);
}

static void stop_naming_its_reason(void)
{
    setup();
    uint32_t pid = running(TOK(1));
    struct erix_procd_pid_req q = {pid, ERIX_KILL_REASON_MANAGED_STOP};
    handle(ERIX_PROCD_OP_STOP_PROCESS, BOOT, TOK(3), &q, sizeof q);
    ERIX_CHECK_EQ(seam_count("child_kill"), 1);
    event(pid, ERIX_EVENT_STOPPED, ERIX_KILL_REASON_MANAGED_STOP, 0);
    ERIX_CHECK(reply_ok_empty(TOK(3)));
}

static void stop_with_exit_racing(void)
{
    setup();
    uint32_t pid = running(TOK(1));
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, pid, TOK(3));
    event(pid, ERIX_EVENT_EXIT, 4, 0); /* it exited before the kill landed */
    ERIX_CHECK(reply_ok_empty(TOK(3)));
    ERIX_CHECK_EQ(query(BOOT, pid).state, ERIX_PROCD_STATE_EXITED);
}

static void stop_refusals(void)
{
    setup();
    uint32_t staged = create(BOOT, "echo", 0, TOK(1));
    uint32_t pid = spawn(BOOT, "a", 0, TOK(2));
    uint32_t drv = spawn(DRV, "drv-a", 0, TOK(3));
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, staged, TOK(4));
    ERIX_CHECK_EQ(reply_status(TOK(4)), ERIX_ERR_STATE);
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, drv, TOK(5));
    ERIX_CHECK_EQ(reply_status(TOK(5)), ERIX_ERR_NOT_FOUND);
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, DRV, pid, TOK(6));
    ERIX_CHECK_EQ(reply_status(TOK(6)), ERIX_ERR_NOT_FOUND);
    seam_fail("child_kill", 0, ERIX_ERR_STATE);
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, pid, TOK(7));
    ERIX_CHECK_EQ(reply_status(TOK(7)), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(query(BOOT, pid).state, ERIX_PROCD_STATE_RUNNING);
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, DRV, drv, TOK(8));
    ERIX_CHECK_EQ(seam_replies_to(TOK(8)), 0);
    event(drv, ERIX_EVENT_STOPPED, 1, 0);
    ERIX_CHECK(reply_ok_empty(TOK(8)));
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, DRV, drv, TOK(9));
    ERIX_CHECK_EQ(reply_status(TOK(9)), ERIX_ERR_STATE); /* ended */
}

static void abort_staged(void)
{
    setup();
    uint32_t pid = create(BOOT, "echo", 0, TOK(1));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(2));
    pid_op(ERIX_PROCD_OP_ABORT_STAGED_PROCESS, BOOT, pid, TOK(3));
    ERIX_CHECK_EQ(seam_count("child_abort"), 1);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    ERIX_CHECK(reply_ok_empty(TOK(3)));
    struct erix_event ev = reply_event(TOK(2));
    ERIX_CHECK_EQ(ev.pid, pid);
    ERIX_CHECK_EQ(ev.kind, ERIX_EVENT_STOPPED);
    ERIX_CHECK_EQ(ev.code, ERIX_KILL_REASON_ABORT);
    ERIX_CHECK_EQ(query(BOOT, pid).state, ERIX_PROCD_STATE_STOPPED);
    ERIX_CHECK_EQ(s.pools.pool[0].state, PROCD_POOL_FREE);
    pid_op(ERIX_PROCD_OP_ABORT_STAGED_PROCESS, BOOT, pid, TOK(4));
    ERIX_CHECK_EQ(reply_status(TOK(4)), ERIX_ERR_STATE);
}

static void abort_refusals(void)
{
    setup();
    uint32_t pid = spawn(BOOT, "a", 0, TOK(1));
    uint32_t staged = create(BOOT, "b", 0, TOK(2));
    pid_op(ERIX_PROCD_OP_ABORT_STAGED_PROCESS, BOOT, pid, TOK(3));
    ERIX_CHECK_EQ(reply_status(TOK(3)), ERIX_ERR_STATE); /* running: STOP it */
    pid_op(ERIX_PROCD_OP_ABORT_STAGED_PROCESS, DRV, staged, TOK(4));
    ERIX_CHECK_EQ(reply_status(TOK(4)), ERIX_ERR_NOT_FOUND);
    seam_fail("child_abort", 0, ERIX_ERR_STATE);
    pid_op(ERIX_PROCD_OP_ABORT_STAGED_PROCESS, BOOT, staged, TOK(5));
    ERIX_CHECK_EQ(reply_status(TOK(5)), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 0);
    ERIX_CHECK_EQ(query(BOOT, staged).state, ERIX_PROCD_STATE_STAGED);
}

/* ---- the surfaces and the rest of the catalogue ----------------------------------------- */

static void surfaces_are_apart(void)
{
    setup();
    uint32_t b = spawn(BOOT, "a", 0, TOK(1));
    uint32_t d = spawn(DRV, "drv-a", 0, TOK(2));
    ERIX_CHECK_EQ(query(DRV, b).pid, 0);
    ERIX_CHECK_EQ(query(BOOT, d).pid, 0);
    ERIX_CHECK_EQ(query(DRV, d).pid, d);
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, DRV, 0, TOK(3));
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, DRV, b, TOK(4));
    ERIX_CHECK_EQ(reply_status(TOK(4)), ERIX_ERR_NOT_FOUND);
    event(b, ERIX_EVENT_EXIT, 0, 0);
    ERIX_CHECK_EQ(seam_replies_to(TOK(3)), 0); /* not the driver surface's event */
    event(d, ERIX_EVENT_EXIT, 9, 0);
    ERIX_CHECK_EQ(reply_event(TOK(3)).pid, d);
    pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, 0, TOK(5));
    ERIX_CHECK_EQ(reply_event(TOK(5)).pid, b);
}

static void denied_and_unknown_ops(void)
{
    static const uint32_t denied[] = {ERIX_PROCD_OP_ADOPT_PROCESS,
                                      ERIX_PROCD_OP_LAUNCH_LOADED_IMAGE};
    setup();
    uint32_t pid = spawn(BOOT, "a", 0, TOK(1));
    unsigned calls = seam_ncalls;
    for (unsigned i = 0; i < sizeof denied / sizeof denied[0]; i++) {
        struct erix_procd_pid_req q = {pid, 0};
        handle(denied[i], BOOT, TOK(10 + i), &q, sizeof q);
        ERIX_CHECK_EQ(reply_status(TOK(10 + i)), ERIX_ERR_DENIED);
    }
    handle(0x411, BOOT, TOK(2), NULL, 0);
    ERIX_CHECK_EQ(reply_status(TOK(2)), ERIX_ERR_UNKNOWN_OP);
    ERIX_CHECK(seam_logged("PROCD:REFUSED op=0x403 status=ERIX_ERR_DENIED"));
    ERIX_CHECK(seam_logged("PROCD:REFUSED op=0x411 status=ERIX_ERR_UNKNOWN_OP"));
    ERIX_CHECK_EQ(seam_ncalls - calls, 3u); /* the three answers, nothing else */
    ERIX_CHECK_EQ(query(BOOT, pid).state, ERIX_PROCD_STATE_RUNNING);
}

static void strangers_and_children(void)
{
    setup();
    uint32_t pid = spawn(BOOT, "a", 0, TOK(1));
    pid_op(ERIX_PROCD_OP_QUERY_PROCESS, 0, pid, TOK(2));
    ERIX_CHECK_EQ(reply_status(TOK(2)), ERIX_ERR_DENIED);
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, ERIX_PROCD_BADGE_EVENT | pid, pid, TOK(3));
    ERIX_CHECK_EQ(reply_status(TOK(3)), ERIX_ERR_DENIED); /* a child through its fault cap */
    unsigned replies = seam_nreplies;
    pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, pid, 0); /* a notification: nobody to answer */
    ERIX_CHECK_EQ(seam_nreplies, replies);
    ERIX_CHECK_EQ(seam_count("child_kill"), 0);
    ERIX_CHECK(seam_logged("PROCD:REFUSED op=0x404 status=ERIX_ERR_DENIED"));
}

int main(void)
{
    ERIX_RUN(create_builds_wires_grants_and_replies);
    ERIX_RUN(create_is_deterministic);
    ERIX_RUN(create_refusals_change_nothing);
    ERIX_RUN(create_step_failures_reset_the_pool);
    ERIX_RUN(create_pool_retype_failure);
    ERIX_RUN(create_reply_refused_destroys_the_child);
    ERIX_RUN(pools_run_out_and_come_back);
    ERIX_RUN(a_pool_that_will_not_reset_is_never_reused);
    ERIX_RUN(reused_pid_replaces_the_ended_record);
    ERIX_RUN(start_places_envelope_and_runs);
    ERIX_RUN(start_refusals_change_nothing);
    ERIX_RUN(start_failure_aborts_the_child);
    ERIX_RUN(spawn_creates_and_starts_without_capabilities);
    ERIX_RUN(spawn_start_failure_leaves_nothing);
    ERIX_RUN(spawn_surface_policy);
    ERIX_RUN(exit_event_destroys_and_is_kept_for_wait);
    ERIX_RUN(fault_event);
    ERIX_RUN(wait_any_gets_the_oldest_pending);
    ERIX_RUN(wait_kept_until_the_event);
    ERIX_RUN(stale_waiters_are_answered);
    ERIX_RUN(waiter_gone_passes_the_event_on);
    ERIX_RUN(wait_refusals);
    ERIX_RUN(wait_on_a_staged_child);
    ERIX_RUN(stale_events_are_refused);
    ERIX_RUN(stop_answers_when_the_event_is_retired);
    ERIX_RUN(stop_naming_its_reason);
    ERIX_RUN(stop_with_exit_racing);
    ERIX_RUN(stop_refusals);
    ERIX_RUN(abort_staged);
    ERIX_RUN(abort_refusals);
    ERIX_RUN(surfaces_are_apart);
    ERIX_RUN(denied_and_unknown_ops);
    ERIX_RUN(strangers_and_children);
    return erix_test_finish();
}
