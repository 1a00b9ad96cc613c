/*
 * test_supervise.c - supervision through the server, with the scripted seam
 * and a fake clock: the restart policy end to end (a crash loop restarted in
 * place with the same start arguments after each back-off, every event
 * delivered once, the counter, the give-up), hold, restarts that fail,
 * STOP and HOLD while a restart is pending, the policy's refusals; procd's
 * accounting; and the late binding of foundation endpoints, including that
 * no transferred capability stays behind when a request is refused.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/kctl.h>
#include <erix/layout.h>
#include <erix/procd.h>
#include <erix_test.h>

#include "fake_seam.h"
#include "harness.h"
#include "msgs.h"
#include "procd_config.h"

static void fault(uint32_t pid)
{
    h_event(pid, ERIX_EVENT_FAULT, 14, 0);
}

/* Advance the fake clock and let the server run what came due. */
static void at(uint64_t ns)
{
    seam_now_ns = ns;
    procd_server_tick(&hs);
}

static void a_crash_loop_is_restarted_with_back_off_then_given_up(void)
{
    h_setup();
    uint64_t t0 = seam_now_ns;
    uint32_t pid = h_spawn(BOOT, "svc", 0x77, TOK(1));
    ERIX_CHECK_EQ(h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_RESTART, 1000, 2, TOK(2)), ERIX_OK);
    h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(3)); /* kept */
    seam_now_ns = t0 + 5 * MS;
    fault(pid);
    /* the event reaches the waiter; the child stays (no reset), restarting */
    ERIX_CHECK_EQ(h_reply_event(TOK(3)).kind, ERIX_EVENT_FAULT);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 0);
    ERIX_CHECK_EQ(h_query(BOOT, pid).state, ERIX_PROCD_STATE_RESTARTING);
    ERIX_CHECK_EQ(h_query(BOOT, pid).code, 14);
    struct erix_procd_policy_resp p = h_policy(BOOT, pid);
    ERIX_CHECK(p.flags & ERIX_PROCD_POLICY_FLAG_PENDING);
    ERIX_CHECK_EQ(p.last_delay_ms, ERIX_PROCD_BACKOFF_BASE_MS);
    ERIX_CHECK_EQ(p.last_runtime_ms, 5);
    ERIX_CHECK_EQ(p.fast_failures, 1);
    uint64_t due;
    ERIX_CHECK(procd_server_next_due(&hs, &due));
    ERIX_CHECK_EQ(due, t0 + 5 * MS + ERIX_PROCD_BACKOFF_BASE_MS * MS);
    at(due - 1);
    ERIX_CHECK_EQ(seam_count("child_restage"), 0); /* not before its time */
    at(due);
    ERIX_CHECK_EQ(seam_count("child_restage"), 1);
    const struct seam_call *c = seam_find("child_restage", 0);
    ERIX_CHECK_EQ(c->a, (uintptr_t)h_elf); /* from its boot image */
    c = seam_find("child_start", 1);
    ERIX_CHECK(c != NULL && c->a == 0 && c->b == 0 && c->c == 0 && c->d == 0x77); /* same args */
    ERIX_CHECK_EQ(h_query(BOOT, pid).state, ERIX_PROCD_STATE_RUNNING);
    ERIX_CHECK_EQ(h_query(BOOT, pid).restarts, 1);
    ERIX_CHECK(!procd_server_next_due(&hs, &due));
    ERIX_CHECK(seam_logged("PROCD:RESTARTED pid=10 restarts=1"));
    /* the second crash, fast again: twice the wait */
    seam_now_ns = due + 2 * MS;
    fault(pid);
    ERIX_CHECK(procd_server_next_due(&hs, &due));
    ERIX_CHECK_EQ(h_policy(BOOT, pid).last_delay_ms, 2 * ERIX_PROCD_BACKOFF_BASE_MS);
    at(due);
    ERIX_CHECK_EQ(h_query(BOOT, pid).restarts, 2);
    /* the third: max_restarts reached, destroyed and reported */
    seam_now_ns = due + 1 * MS;
    h_event(pid, ERIX_EVENT_EXIT, 3, 0);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    ERIX_CHECK_EQ(h_query(BOOT, pid).state, ERIX_PROCD_STATE_EXITED);
    p = h_policy(BOOT, pid);
    ERIX_CHECK_EQ(p.flags, ERIX_PROCD_POLICY_FLAG_GAVE_UP);
    ERIX_CHECK_EQ(p.restarts, 2);
    ERIX_CHECK(seam_logged("PROCD:RESTART_GAVE_UP pid=10 restarts=2"));
    /* three runs, three events, each delivered once, in order */
    h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(4));
    h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(5));
    h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(6));
    ERIX_CHECK_EQ(h_reply_event(TOK(4)).kind, ERIX_EVENT_FAULT);
    ERIX_CHECK_EQ(h_reply_event(TOK(5)).kind, ERIX_EVENT_EXIT);
    ERIX_CHECK_EQ(h_status(TOK(6)), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(seam_slots_in_ranges(), 0);
}

static void a_started_service_restarts_with_its_envelope_arguments(void)
{
    h_setup();
    uint32_t pid = h_create_start(BOOT, "svc", TOK(1));
    const struct seam_call *first = seam_find("child_start", 0);
    ERIX_CHECK(first != NULL && first->b == ERIX_ENVELOPE_VADDR && first->d == 2200);
    uint64_t len = first->a;
    ERIX_CHECK_EQ(h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_RESTART, 10, 1, TOK(3)), ERIX_OK);
    seam_now_ns += 100 * MS; /* a healthy run: at once */
    fault(pid);
    procd_server_tick(&hs);
    const struct seam_call *again = seam_find("child_start", 1);
    ERIX_CHECK(again != NULL);
    if (again != NULL) {
        ERIX_CHECK_EQ(again->a, 0); /* the envelope is still in place: not placed again */
        ERIX_CHECK_EQ(again->b, ERIX_ENVELOPE_VADDR);
        ERIX_CHECK_EQ(again->c, len);
        ERIX_CHECK_EQ(again->d, 2200);
    }
    ERIX_CHECK_EQ(seam_count("child_grant"), 1); /* no new authority on a restart */
    ERIX_CHECK_EQ(seam_count("child_wire"), 1);
}

static void hold_stays_down(void)
{
    h_setup();
    uint32_t pid = h_spawn(BOOT, "svc", 0, TOK(1));
    ERIX_CHECK_EQ(h_policy(BOOT, pid).policy, ERIX_PROCD_POLICY_HOLD);
    fault(pid);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    ERIX_CHECK_EQ(h_query(BOOT, pid).state, ERIX_PROCD_STATE_FAULTED);
    uint64_t due;
    ERIX_CHECK(!procd_server_next_due(&hs, &due));
    at(seam_now_ns + 10000 * MS);
    ERIX_CHECK_EQ(seam_count("child_restage"), 0);
    ERIX_CHECK_EQ(h_query(BOOT, pid).restarts, 0);
}

static void a_managed_stop_is_never_restarted(void)
{
    h_setup();
    uint32_t pid = h_spawn(BOOT, "svc", 0, TOK(1));
    (void)h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_RESTART, 10, 5, TOK(2));
    h_pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, pid, 0, TOK(3));
    h_event(pid, ERIX_EVENT_STOPPED, ERIX_KILL_REASON_MANAGED_STOP, 0);
    ERIX_CHECK_EQ(h_status(TOK(3)), ERIX_OK);
    ERIX_CHECK_EQ(h_query(BOOT, pid).state, ERIX_PROCD_STATE_STOPPED);
    /* a fault that races a STOP is not restarted either: the caller wants it gone */
    pid = h_spawn(BOOT, "svc2", 0, TOK(4));
    (void)h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_RESTART, 10, 5, TOK(5));
    h_pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, pid, 0, TOK(6));
    fault(pid);
    ERIX_CHECK_EQ(h_status(TOK(6)), ERIX_OK);
    ERIX_CHECK_EQ(h_query(BOOT, pid).state, ERIX_PROCD_STATE_FAULTED);
    ERIX_CHECK_EQ(seam_count("child_restage"), 0);
}

static uint32_t restarting(uint64_t token)
{
    uint32_t pid = h_spawn(BOOT, "svc", 0, token);
    (void)h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_RESTART, 1000, 5, token + 1);
    fault(pid);
    return pid;
}

static void stop_while_restarting_cancels_the_restart(void)
{
    h_setup();
    uint32_t pid = restarting(TOK(1));
    h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(3)); /* the fault */
    h_pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, pid, ERIX_KILL_REASON_MANAGED_STOP, TOK(4));
    ERIX_CHECK_EQ(h_status(TOK(4)), ERIX_OK);
    ERIX_CHECK_EQ(seam_count("child_kill"), 0); /* nothing runs: nothing to kill */
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    ERIX_CHECK_EQ(h_query(BOOT, pid).state, ERIX_PROCD_STATE_FAULTED);
    ERIX_CHECK_EQ(h_policy(BOOT, pid).flags, 0);
    at(seam_now_ns + 100000 * MS);
    ERIX_CHECK_EQ(seam_count("child_restage"), 0);
    h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(5));
    ERIX_CHECK_EQ(h_status(TOK(5)), ERIX_ERR_STATE); /* the fault was the last event */
    ERIX_CHECK_EQ(seam_slots_in_ranges(), 0);
}

static void hold_while_restarting_cancels(void)
{
    h_setup();
    uint32_t pid = restarting(TOK(1));
    h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(3)); /* takes the fault */
    h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(4)); /* kept */
    ERIX_CHECK_EQ(h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_HOLD, 0, 0, TOK(5)), ERIX_OK);
    ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
    ERIX_CHECK_EQ(h_query(BOOT, pid).state, ERIX_PROCD_STATE_FAULTED);
    ERIX_CHECK_EQ(h_status(TOK(4)), ERIX_ERR_STATE); /* nothing can come any more */
    ERIX_CHECK(seam_logged("PROCD:RESTART_CANCELLED"));
}

static void a_restart_that_fails_leaves_nothing(void)
{
    static const char *const steps[] = {"child_restage", "child_start"};
    for (unsigned i = 0; i < 2; i++) {
        h_setup();
        uint32_t pid = restarting(TOK(1));
        h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(3));
        h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(4)); /* kept */
        seam_fail(steps[i], 0, ERIX_ERR_NO_MEMORY);
        at(seam_now_ns + 1000 * MS);
        ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
        ERIX_CHECK_EQ(h_query(BOOT, pid).state, ERIX_PROCD_STATE_FAULTED);
        ERIX_CHECK_EQ(h_policy(BOOT, pid).flags, ERIX_PROCD_POLICY_FLAG_FAILED);
        ERIX_CHECK_EQ(h_query(BOOT, pid).restarts, 0);
        ERIX_CHECK_EQ(h_status(TOK(4)), ERIX_ERR_STATE);
        ERIX_CHECK(seam_logged("PROCD:RESTART_FAILED pid=10 status=ERIX_ERR_NO_MEMORY"));
        ERIX_CHECK_EQ(seam_slots_in_ranges(), 0);
        ERIX_CHECK_EQ(hs.pools.pool[0].state, PROCD_POOL_FREE);
    }
}

static void the_policy_is_refused_where_it_cannot_apply(void)
{
    h_setup();
    uint32_t pid = h_spawn(BOOT, "svc", 0, TOK(1));
    ERIX_CHECK_EQ(h_set_policy(DRV, pid, ERIX_PROCD_POLICY_RESTART, 1, 1, TOK(2)),
                  ERIX_ERR_NOT_FOUND); /* the other surface */
    ERIX_CHECK_EQ(h_set_policy(BOOT, 99, ERIX_PROCD_POLICY_RESTART, 1, 1, TOK(3)),
                  ERIX_ERR_NOT_FOUND);
    h_pid_op(ERIX_PROCD_OP_GET_RESTART_POLICY, DRV, pid, 0, TOK(4));
    ERIX_CHECK_EQ(h_status(TOK(4)), ERIX_ERR_NOT_FOUND);
    h_pid_op(ERIX_PROCD_OP_STOP_PROCESS, BOOT, pid, 0, TOK(5)); /* STOPPING */
    ERIX_CHECK_EQ(h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_RESTART, 1, 1, TOK(6)),
                  ERIX_ERR_STATE);
    h_event(pid, ERIX_EVENT_STOPPED, ERIX_KILL_REASON_MANAGED_STOP, 0);
    ERIX_CHECK_EQ(h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_RESTART, 1, 1, TOK(7)),
                  ERIX_ERR_STATE); /* ended */
    ERIX_CHECK_EQ(h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_RESTART, 0, 1, TOK(8)),
                  ERIX_ERR_INVALID_ARGUMENT);
    /* a staged child may take it before START */
    struct erix_procd_create_req q = test_create_req("staged", 0, 5);
    h_handle(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, BOOT, TOK(9), &q, sizeof q);
    uint32_t staged = h_pid(TOK(9));
    ERIX_CHECK_EQ(h_set_policy(BOOT, staged, ERIX_PROCD_POLICY_RESTART, 5, 3, TOK(10)), ERIX_OK);
    ERIX_CHECK_EQ(h_query(BOOT, staged).policy, ERIX_PROCD_POLICY_RESTART);
    ERIX_CHECK(seam_logged("PROCD:POLICY pid="));
}

/* ---- accounting --------------------------------------------------------------------- */

static void accounting_counts_and_finds_strays(void)
{
    h_setup();
    struct erix_procd_accounting_resp a = h_accounting(BOOT);
    ERIX_CHECK_EQ(a.live_processes, 0);
    ERIX_CHECK_EQ(a.pools_retyped, 0);
    ERIX_CHECK_EQ(a.pool_bytes_in_use, 0);
    uint32_t p1 = h_spawn(BOOT, "a", 0, TOK(1));
    (void)h_spawn(DRV, "drv-b", 0, TOK(2));
    a = h_accounting(DRV); /* procd-wide: the same on either surface */
    ERIX_CHECK_EQ(a.live_processes, 2);
    ERIX_CHECK_EQ(a.records, 2);
    ERIX_CHECK_EQ(a.pools_in_use, 2);
    ERIX_CHECK_EQ(a.pools_retyped, 2);
    ERIX_CHECK_EQ(a.pool_bytes_total, 2u * 128u * 4096u);
    ERIX_CHECK_EQ(a.pool_bytes_in_use, seam_pool_bytes[0] + seam_pool_bytes[1]);
    ERIX_CHECK(a.pool_bytes_in_use > 0);
    ERIX_CHECK_EQ(a.stray_slots, 0);
    h_event(p1, ERIX_EVENT_EXIT, 0, 0);
    a = h_accounting(BOOT);
    ERIX_CHECK_EQ(a.live_processes, 1);
    ERIX_CHECK_EQ(a.records, 2);
    ERIX_CHECK_EQ(a.pools_in_use, 1);
    ERIX_CHECK_EQ(a.pool_bytes_in_use, seam_pool_bytes[1]);
    ERIX_CHECK_EQ(seam_pool_bytes[0], 0);
    /* something left in a free pool's range, or in the inbox, is reported */
    seam_slot_set(procd_child_slot(0, 7), ERIX_CAP_FRAME, ERIX_RIGHT_READ, 0);
    seam_slot_set(PROCD_INBOX_SLOT_BASE + 2, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, 0);
    ERIX_CHECK_EQ(h_accounting(BOOT).stray_slots, 2);
    uint32_t p3 = restarting(TOK(3));
    a = h_accounting(BOOT);
    ERIX_CHECK_EQ(a.restarts_pending, 1);
    ERIX_CHECK_EQ(h_query(BOOT, p3).state, ERIX_PROCD_STATE_RESTARTING);
    h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, DRV, 0, 0, TOK(5));
    ERIX_CHECK_EQ(h_accounting(BOOT).waiters, 1);
}

/* ---- foundation endpoints --------------------------------------------------------------- */

static struct erix_procd_foundation_req freq(uint32_t count, uint32_t kind, const char *role)
{
    struct erix_procd_foundation_req q;
    memset(&q, 0, sizeof q);
    q.version = ERIX_PROCD_FOUNDATION_VERSION;
    q.count = count;
    for (uint32_t i = 0; i < count; i++) {
        q.entries[i].kind = kind + i;
        memcpy(q.entries[i].role, role, strlen(role));
    }
    return q;
}

static const uint32_t inbox0 = PROCD_INBOX_SLOT_BASE;

static void landed(uint32_t slot, uint32_t rights, uint32_t kind)
{
    seam_slot_set(slot, ERIX_CAP_ENDPOINT, rights, kind);
}

static struct erix_procd_foundation_resp fresp(uint64_t token)
{
    struct erix_procd_foundation_resp r;
    memset(&r, 0, sizeof r);
    const struct seam_reply *s = seam_reply_to(token);
    if (s != NULL && s->status == ERIX_OK && s->len == sizeof r)
        memcpy(&r, s->body, sizeof r);
    return r;
}

static void foundation_binds_and_replaces(void)
{
    h_setup();
    struct erix_procd_foundation_req q = freq(1, ERIX_PROCD_FOUNDATION_NAMED, "named");
    landed(inbox0, ERIX_RIGHT_SEND, ERIX_EP_GENERIC);
    h_handle_caps(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, TOK(1), &q, sizeof q, &inbox0, 1);
    ERIX_CHECK_EQ(h_status(TOK(1)), ERIX_OK);
    ERIX_CHECK_EQ(fresp(TOK(1)).bound, 1u);
    ERIX_CHECK_EQ(fresp(TOK(1)).generation, 1u);
    uint32_t named = PROCD_FOUNDATION_SLOT_BASE + ERIX_PROCD_FOUNDATION_NAMED - 1;
    ERIX_CHECK(seam_slot_used(named));
    ERIX_CHECK(!seam_slot_used(inbox0)); /* moved out of the inbox */
    const struct seam_call *c = seam_find("cap_copy", 0);
    ERIX_CHECK(c != NULL && c->a == inbox0 && c->b == named && c->c == ERIX_RIGHT_SEND);
    /* a second binding replaces the first */
    landed(inbox0, ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, ERIX_EP_GENERIC);
    h_handle_caps(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, TOK(2), &q, sizeof q, &inbox0, 1);
    ERIX_CHECK_EQ(fresp(TOK(2)).generation, 2u);
    ERIX_CHECK_EQ(seam_count("cap_copy"), 2);
    ERIX_CHECK(seam_find("cap_drop", 1) != NULL && seam_find("cap_drop", 1)->a == named);
    /* two kinds at once */
    const uint32_t two[2] = {inbox0, inbox0 + 1};
    q = freq(2, ERIX_PROCD_FOUNDATION_LOGD, "logd");
    memcpy(q.entries[1].role, "crashd", 7);
    landed(two[0], ERIX_RIGHT_SEND, ERIX_EP_GENERIC);
    landed(two[1], ERIX_RIGHT_SEND, ERIX_EP_GENERIC);
    h_handle_caps(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, TOK(3), &q, sizeof q, two, 2);
    ERIX_CHECK_EQ(fresp(TOK(3)).bound, 0x7u);
    /* the report alone */
    q = freq(0, 0, "");
    h_handle(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, TOK(4), &q, sizeof q);
    ERIX_CHECK_EQ(fresp(TOK(4)).bound, 0x7u);
    ERIX_CHECK_EQ(fresp(TOK(4)).generation, 3u);
    ERIX_CHECK_EQ(h_accounting(BOOT).foundation_bound, 0x7u);
    ERIX_CHECK_EQ(h_accounting(BOOT).stray_slots, 0);
}

/* A refused update changes nothing and keeps nothing. */
static void refused(const struct erix_procd_foundation_req *q, uint64_t badge, uint32_t rights,
                    uint32_t kind, unsigned ncaps, erix_status_t want)
{
    static uint64_t token = 100;
    uint32_t before = hs.foundation.generation;
    token++;
    if (ncaps > 0)
        landed(inbox0, rights, kind);
    h_handle_caps(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, badge, TOK(token), q, sizeof *q,
                  &inbox0, ncaps);
    ERIX_CHECK_EQ(h_status(TOK(token)), want);
    ERIX_CHECK(!seam_slot_used(inbox0));
    ERIX_CHECK_EQ(hs.foundation.generation, before);
    ERIX_CHECK(!seam_slot_used(PROCD_FOUNDATION_SLOT_BASE + 1));
}

static void foundation_refusals_keep_nothing(void)
{
    h_setup();
    struct erix_procd_foundation_req q = freq(1, ERIX_PROCD_FOUNDATION_LOGD, "logd");
    refused(&q, BOOT, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_EP_GENERIC, 1, ERIX_ERR_DENIED);
    refused(&q, BOOT, ERIX_RIGHT_GRANT, ERIX_EP_GENERIC, 1, ERIX_ERR_NO_RIGHTS);
    refused(&q, BOOT, ERIX_RIGHT_SEND, ERIX_EP_LOG, 1, ERIX_ERR_WRONG_TYPE);
    refused(&q, BOOT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, 0, ERIX_ERR_MALFORMED);
    refused(&q, DRV, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, 1, ERIX_ERR_DENIED);
    refused(&q, ERIX_PROCD_BADGE_EVENT | 5u, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, 1, ERIX_ERR_DENIED);
    struct erix_procd_foundation_req wrong = freq(1, ERIX_PROCD_FOUNDATION_LOGD, "named");
    refused(&wrong, BOOT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, 1, ERIX_ERR_INVALID_ARGUMENT);
    struct erix_procd_foundation_req none = freq(0, 0, "");
    refused(&none, BOOT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, 1, ERIX_ERR_MALFORMED);
    /* a non-endpoint */
    seam_slot_set(inbox0, ERIX_CAP_FRAME, ERIX_RIGHT_SEND, 0);
    h_handle_caps(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, BOOT, TOK(9), &q, sizeof q, &inbox0, 1);
    ERIX_CHECK_EQ(h_status(TOK(9)), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK(!seam_slot_used(inbox0));
    ERIX_CHECK_EQ(hs.foundation.bound, 0);
}

static void capabilities_on_other_requests_are_dropped(void)
{
    h_setup();
    landed(inbox0, ERIX_RIGHT_SEND, ERIX_EP_GENERIC);
    struct erix_procd_spawn_req q = test_spawn_req("a", 0, 5, 0);
    h_handle_caps(ERIX_PROCD_OP_SPAWN_SERVICE, BOOT, TOK(1), &q, sizeof q, &inbox0, 1);
    ERIX_CHECK(h_pid(TOK(1)) != 0);
    ERIX_CHECK(!seam_slot_used(inbox0));
    landed(inbox0, ERIX_RIGHT_SEND, ERIX_EP_GENERIC);
    h_handle_caps(0x999, BOOT, TOK(2), NULL, 0, &inbox0, 1); /* refused, still dropped */
    ERIX_CHECK(!seam_slot_used(inbox0));
}

int main(void)
{
    ERIX_RUN(a_crash_loop_is_restarted_with_back_off_then_given_up);
    ERIX_RUN(a_started_service_restarts_with_its_envelope_arguments);
    ERIX_RUN(hold_stays_down);
    ERIX_RUN(a_managed_stop_is_never_restarted);
    ERIX_RUN(stop_while_restarting_cancels_the_restart);
    ERIX_RUN(hold_while_restarting_cancels);
    ERIX_RUN(a_restart_that_fails_leaves_nothing);
    ERIX_RUN(the_policy_is_refused_where_it_cannot_apply);
    ERIX_RUN(accounting_counts_and_finds_strays);
    ERIX_RUN(foundation_binds_and_replaces);
    ERIX_RUN(foundation_refusals_keep_nothing);
    ERIX_RUN(capabilities_on_other_requests_are_dropped);
    return erix_test_finish();
}
