/*
 * suite_reply.c - reply tokens and the queues behind them: forged, stale and
 * other threads' tokens, a server answering out of order, FIFO senders,
 * badges and sender ids, NOTIFY without a token, and what happens to
 * callers and receivers when their partner, their endpoint or they
 * themselves are destroyed.
 */
#include <string.h>

#include "suite.h"

#define TIMED ERIX_IPC_TIMED, SUITE_TIMEOUT_US
#define SRG (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)

/* ---- reply tokens ----------------------------------------------------------------- */

static erix_status_t raw_reply(uint32_t slot, uint64_t token, uint64_t header)
{
    erix_ipc_buffer()->reply_token = token;
    return suite_raw_transport(ERIX_SYS_REPLY, slot, header, NULL);
}

static bool reply_token_forged_or_stale(void)
{
    struct ktest_child c;
    struct erix_msg m;
    uint32_t ep = suite_endpoint(), other = suite_endpoint();
    uint64_t answer = 50;
    CHECK_OK(suite_child_on(&c, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 5));
    CHECK_OK(erix_recv(ep, TIMED, &m));
    uint64_t t = m.token;
    CHECK(ERIX_TOKEN_VALID(t) && ERIX_TOKEN_INDEX(t) == c.r.pid, "token 0x%llx",
          (unsigned long long)t);
    CHECK_ST(erix_reply(ep, t + (1ull << 16), 0, NULL, 0), ERIX_ERR_NOT_FOUND);
    CHECK_ST(erix_reply(ep, t - (1ull << 16), 0, NULL, 0), ERIX_ERR_NOT_FOUND);
    CHECK_ST(erix_reply(ep, ERIX_TOKEN(suite_self_pid, ERIX_TOKEN_SEQ(t)), 0, NULL, 0),
             ERIX_ERR_NOT_FOUND);
    CHECK_ST(erix_reply(ep, t & ~(1ull << 63), 0, NULL, 0), ERIX_ERR_NOT_FOUND);
    CHECK_ST(erix_reply(ep, 0, 0, NULL, 0), ERIX_ERR_NOT_FOUND);
    CHECK_ST(erix_reply(other, t, 0, NULL, 0), ERIX_ERR_NOT_FOUND); /* another endpoint */
    CHECK_ST(raw_reply(ep, t, ERIX_MSG_HEADER(0, ERIX_MSG_FLAG_KERNEL_EVENT, 0)),
             ERIX_ERR_MALFORMED);
    CHECK_OK(erix_reply(ep, t, 0, &answer, sizeof answer));
    CHECK_ST(erix_reply(ep, t, 0, &answer, sizeof answer), ERIX_ERR_NOT_FOUND); /* stale */
    CHECK_EXIT(&c, 50);
    return true;
}

/* Only the thread that received a call can answer it. */
static bool reply_only_by_receiver(void)
{
    struct ktest_child a, b;
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    uint64_t answer = 51;
    CHECK_OK(suite_child_on(&a, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    CHECK_OK(erix_recv(ep, TIMED, &m));
    CHECK_EQ(m.sender_pid, a.r.pid);
    CHECK_OK(suite_child_on(&b, ep, SRG, 0, ROLE_REPLY_TOKEN, m.token));
    CHECK_EXIT(&b, ERIX_ERR_NOT_FOUND);
    CHECK_OK(erix_reply(ep, m.token, 0, &answer, sizeof answer));
    CHECK_EXIT(&a, 51);
    return true;
}

/* A server keeps two tokens and answers the later call first. */
static bool out_of_order_tokens(void)
{
    struct ktest_child a, b;
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    uint64_t tok[2], param[2];
    uint32_t pid[2];
    CHECK_OK(suite_child_on(&a, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 11));
    CHECK_OK(suite_child_on(&b, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 22));
    for (int i = 0; i < 2; i++) {
        CHECK_OK(erix_recv(ep, TIMED, &m));
        CHECK_EQ(m.op, KTEST_CLIENT_OP);
        tok[i] = m.token;
        pid[i] = m.sender_pid;
        memcpy(&param[i], m.body, sizeof param[i]);
    }
    CHECK(pid[0] != pid[1], "both calls from pid %u", pid[0]);
    for (int i = 1; i >= 0; i--) {
        uint64_t answer = param[i] * 3;
        CHECK_OK(erix_reply(ep, tok[i], 0, &answer, sizeof answer));
    }
    CHECK_EXIT(&a, 33);
    CHECK_EXIT(&b, 66);
    return true;
}

/* Senders queue in FIFO order. */
static bool senders_fifo(void)
{
    struct ktest_child a, b;
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    uint64_t zero = 0;
    CHECK_OK(suite_child_on(&a, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    suite_sleep_us(10000);
    CHECK_OK(suite_child_on(&b, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 2));
    suite_sleep_us(10000);
    CHECK_OK(erix_recv(ep, TIMED, &m));
    CHECK_EQ(m.sender_pid, a.r.pid);
    CHECK_OK(erix_reply(ep, m.token, 0, &zero, sizeof zero));
    CHECK_OK(erix_recv(ep, TIMED, &m));
    CHECK_EQ(m.sender_pid, b.r.pid);
    CHECK_OK(erix_reply(ep, m.token, 0, &zero, sizeof zero));
    return true;
}

static bool badge_and_pid_to_server(void)
{
    struct ktest_child c;
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    uint64_t answer = 0, body = 0;
    CHECK_OK(suite_child_on(&c, ep, ERIX_RIGHT_SEND, 0xfeed, ROLE_CLIENT, 99));
    CHECK_OK(erix_recv(ep, TIMED, &m));
    CHECK_EQ(m.badge, 0xfeed);
    CHECK_EQ(m.sender_pid, c.r.pid);
    CHECK_EQ(m.len, 8);
    memcpy(&body, m.body, 8);
    CHECK_EQ(body, 99);
    CHECK_EQ(m.flags, 0);
    CHECK_OK(erix_reply(ep, m.token, 0, &answer, sizeof answer));
    return true;
}

static bool badge_and_pid_to_child(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint8_t body[40];
    for (unsigned i = 0; i < sizeof body; i++)
        body[i] = (uint8_t)i;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    uint32_t badged = suite_copy(c.peer_ep, ERIX_RIGHT_SEND, 0x42);
    CHECK_OK(suite_probe_call(badged, 0x31, body, sizeof body, &r));
    CHECK_EQ(r.badge, 0x42);
    CHECK_EQ(r.sender_pid, suite_self_pid);
    CHECK_EQ(r.op, 0x31);
    CHECK_EQ(r.len, sizeof body);
    CHECK_EQ(r.body_sum, 39 * 40 / 2);
    CHECK_OK(suite_probe_call(c.peer_ep, 0x32, NULL, 0, &r));
    CHECK_EQ(r.badge, 0);
    CHECK_EQ(r.messages, 2);
    return true;
}

static bool notify_delivers_without_token(void)
{
    struct ktest_child c;
    struct erix_msg m;
    struct erix_kctl_process_resp p;
    uint32_t ep = suite_endpoint();
    uint64_t body = 0;
    CHECK_OK(suite_child_on(&c, ep, ERIX_RIGHT_SEND, 0, ROLE_NOTIFY, 0xabc));
    suite_sleep_us(10000);
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.state, ERIX_PROC_RUNNING); /* blocked until someone receives */
    CHECK_OK(erix_recv(ep, TIMED, &m));
    CHECK_EQ(m.op, KTEST_NOTIFY_OP);
    CHECK_EQ(m.token, 0);
    memcpy(&body, m.body, 8);
    CHECK_EQ(body, 0xabc);
    CHECK_ST(erix_reply(ep, m.token, 0, NULL, 0), ERIX_ERR_NOT_FOUND);
    CHECK_EXIT(&c, ERIX_OK);
    return true;
}

/* A caller whose server exits without replying gets PEER_GONE. */
static bool peer_gone_when_server_exits(void)
{
    struct ktest_child server, client;
    uint32_t ep = suite_endpoint();
    CHECK_OK(suite_child_on(&server, ep, ERIX_RIGHT_RECV, 0, ROLE_RECV_EXIT, 0));
    CHECK_OK(suite_child_on(&client, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    CHECK_EXIT(&server, KTEST_RECV_EXIT_CODE);
    CHECK_EXIT(&client, KTEST_EXIT_STATUS(ERIX_ERR_PEER_GONE));
    return true;
}

/* A caller killed while its call is being served leaves a token that finds no one. */
static bool reply_to_killed_caller(void)
{
    struct ktest_child c;
    struct erix_msg m;
    struct erix_event ev;
    uint32_t ep = suite_endpoint();
    CHECK_OK(suite_child_on(&c, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    CHECK_OK(erix_recv(ep, TIMED, &m));
    CHECK_OK(erix_kctl_kill(EP, c.r.tcb_slot, ERIX_KILL_REASON_MANAGED_STOP));
    CHECK_OK(suite_child_event(&c, &ev));
    CHECK_EQ(ev.kind, ERIX_EVENT_STOPPED);
    CHECK_ST(erix_reply(ep, m.token, 0, NULL, 0), ERIX_ERR_NOT_FOUND);
    return true;
}

/* A killed receiver leaves the endpoint's queue: nobody is waiting any more. */
static bool killed_receiver_leaves_queue(void)
{
    struct ktest_child c;
    uint32_t ep = suite_endpoint();
    CHECK_OK(suite_child_on(&c, ep, ERIX_RIGHT_RECV, 0, ROLE_TIMED_RECV, 10000000));
    suite_sleep_us(10000);
    CHECK_OK(erix_kctl_kill(EP, c.r.tcb_slot, ERIX_KILL_REASON_ABORT));
    CHECK_ST(erix_notify(ep, ERIX_IPC_POLL, 0, 1, NULL, 0), ERIX_ERR_WOULD_BLOCK);
    return true;
}

/* Destroying a caller takes its queued call off the endpoint. */
static bool destroyed_caller_leaves_queue(void)
{
    struct ktest_child c;
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    CHECK_OK(suite_child_on(&c, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    suite_sleep_us(10000); /* its call waits in the queue */
    suite_children_reset();
    CHECK_ST(erix_recv(ep, ERIX_IPC_POLL, 0, &m), ERIX_ERR_WOULD_BLOCK);
    return true;
}

/* A caller waiting on an endpoint that is destroyed wakes with PEER_GONE,
 * whether its call was still queued or already taken. */
static bool endpoint_destroyed_wakes_callers(void)
{
    struct ktest_child queued, taken;
    struct erix_msg m;
    uint32_t ut = suite_untyped(1), a = suite_slot(), b = suite_slot();
    CHECK_OK(erix_kctl_create_endpoint(EP, ut, a));
    CHECK_OK(erix_kctl_create_endpoint(EP, ut, b));
    CHECK_OK(suite_child_on(&taken, a, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    CHECK_OK(erix_recv(a, TIMED, &m)); /* taken: it waits for our reply */
    CHECK_OK(suite_child_on(&queued, b, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 2));
    suite_sleep_us(10000);
    CHECK_OK(erix_kctl_untyped_reset(EP, ut));
    CHECK_EXIT(&taken, KTEST_EXIT_STATUS(ERIX_ERR_PEER_GONE));
    CHECK_EXIT(&queued, KTEST_EXIT_STATUS(ERIX_ERR_PEER_GONE));
    return true;
}

/* Receivers queue in FIFO order too. */
static bool receivers_fifo(void)
{
    struct ktest_child a, b;
    struct ktest_probe_report r;
    uint8_t one[40], two[40];
    uint32_t ep = suite_endpoint(), s1 = 0, s2 = 0;
    for (unsigned i = 0; i < sizeof one; i++) {
        one[i] = (uint8_t)i;
        two[i] = (uint8_t)(2 * i + 1);
        s1 += one[i];
        s2 += two[i];
    }
    CHECK_OK(suite_child_on(&a, ep, SRG, 0, ROLE_PROBE, 0));
    suite_sleep_us(10000);
    CHECK_OK(suite_child_on(&b, ep, SRG, 0, ROLE_PROBE, 0));
    suite_sleep_us(10000); /* both wait: a first */
    CHECK_OK(erix_notify(ep, TIMED, 1, one, sizeof one)); /* to a */
    CHECK_OK(erix_notify(ep, TIMED, 2, two, sizeof two)); /* to b */
    suite_sleep_us(10000); /* each waits again: a first */
    CHECK_OK(suite_probe_call(ep, 3, NULL, 0, &r));
    CHECK_EQ(r.prev_body_sum, s1);
    CHECK_OK(suite_probe_call(ep, 4, NULL, 0, &r));
    CHECK_EQ(r.prev_body_sum, s2);
    return true;
}

/* A server that replies while another caller is queued answers it next (REPLY_RECV's
 * general path). */
static bool reply_recv_with_queued_caller(void)
{
    struct ktest_child server, a, b;
    uint32_t ep = suite_endpoint();
    CHECK_OK(suite_child_new(&server, 50, CHILD_FAULT_EP));
    CHECK_OK(suite_child_give(&server, ep, KTEST_CHILD_PEER_SLOT, ERIX_RIGHT_RECV, 0));
    CHECK_OK(suite_child_start(&server, ROLE_XOR_SERVER, 0));
    CHECK_OK(suite_child_on(&a, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 0x1111));
    CHECK_OK(suite_child_on(&b, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 0x2222));
    CHECK_EXIT(&a, ~0x1111ull);
    CHECK_EXIT(&b, ~0x2222ull);
    return true;
}

/* Calls nest: a server that calls another server while our call waits. */
static bool nested_calls(void)
{
    struct ktest_child middle, last;
    uint8_t req[48], resp[48];
    uint16_t len = 0;
    uint32_t op = 0, inner = suite_endpoint();
    for (unsigned i = 0; i < sizeof req; i++)
        req[i] = (uint8_t)(i + 9);
    CHECK_OK(suite_child_on(&last, inner, ERIX_RIGHT_RECV, 0, ROLE_XOR_SERVER, 0));
    CHECK_OK(suite_child_new(&middle, KTEST_DEFAULT_PRIORITY, CHILD_DEFAULT));
    CHECK_OK(suite_child_give(&middle, inner, 12, ERIX_RIGHT_SEND, 0));
    CHECK_OK(suite_child_start(&middle, ROLE_FORWARD, 0));
    CHECK_OK(erix_call_ex(middle.peer_ep, TIMED, 0x66, req, sizeof req, resp, sizeof resp, &len,
                          &op));
    CHECK_EQ(op, 0x66);
    CHECK_EQ(len, sizeof req);
    for (unsigned i = 0; i < sizeof req; i++)
        CHECK(resp[i] == (uint8_t)~req[i], "byte %u: 0x%x, want 0x%x", i, resp[i],
              (uint8_t)~req[i]);
    return true;
}

/* A timed receive that got its message leaves no deadline behind. */
static bool delivery_cancels_deadline(void)
{
    struct ktest_child c;
    uint32_t ep = suite_endpoint();
    CHECK_OK(suite_child_on(&c, ep, ERIX_RIGHT_RECV, 0, ROLE_RECV_TWICE, 30000));
    suite_sleep_us(5000);
    CHECK_OK(erix_notify(ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, 1, NULL, 0));
    suite_sleep_us(80000); /* past the first receive's deadline */
    CHECK_OK(erix_notify(ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, 2, NULL, 0));
    CHECK_EXIT(&c, ERIX_OK);
    return true;
}

static bool reply_recv_drops_stale_token(void)
{
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    CHECK_ST(erix_reply_recv_ex(ep, ERIX_IPC_POLL, 0, ERIX_TOKEN(3, 9), 0, NULL, 0, &m),
             ERIX_ERR_WOULD_BLOCK);
    CHECK_ST(erix_reply_recv_ex(ep, ERIX_IPC_TIMED, 1000, 0, 0, NULL, 0, &m), ERIX_ERR_TIMEOUT);
    return true;
}

static const struct suite_test tests[] = {
    {"ipc.reply_token_forged_or_stale", reply_token_forged_or_stale},
    {"ipc.reply_only_by_receiver", reply_only_by_receiver},
    {"ipc.out_of_order_tokens", out_of_order_tokens},
    {"ipc.senders_fifo", senders_fifo},
    {"ipc.badge_and_pid_to_server", badge_and_pid_to_server},
    {"ipc.badge_and_pid_to_child", badge_and_pid_to_child},
    {"ipc.notify_delivers_without_token", notify_delivers_without_token},
    {"ipc.peer_gone_when_server_exits", peer_gone_when_server_exits},
    {"ipc.reply_to_killed_caller_not_found", reply_to_killed_caller},
    {"ipc.killed_receiver_leaves_queue", killed_receiver_leaves_queue},
    {"ipc.destroyed_caller_leaves_queue", destroyed_caller_leaves_queue},
    {"ipc.endpoint_destroyed_wakes_callers", endpoint_destroyed_wakes_callers},
    {"ipc.receivers_fifo", receivers_fifo},
    {"ipc.reply_recv_with_queued_caller", reply_recv_with_queued_caller},
    {"ipc.nested_calls", nested_calls},
    {"ipc.delivery_cancels_receive_deadline", delivery_cancels_deadline},
    {"ipc.reply_recv_drops_stale_token", reply_recv_drops_stale_token},
};

SUITE_GROUP(group_reply, tests);
