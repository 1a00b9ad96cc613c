/*
 * suite_ipc.c - IPC tests between processes: call/receive/reply, bodies up
 * to 1024 bytes, header flags and argument words a sender may not use, the
 * rights each call needs, polling and timeouts, reply tokens (forged,
 * stale, another thread's, out of order), badges and sender ids, and
 * capability transfer (GRANT, COPY attenuates, MOVE empties the source, and
 * every refusal moves nothing).
 */
#include <string.h>

#include "suite.h"

#define TIMED ERIX_IPC_TIMED, SUITE_TIMEOUT_US
#define SRG (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)

/* ---- helpers ------------------------------------------------------------------------ */

/* A child whose peer slot holds `ep` (with `rights`, `badge`), started in `role`. */
static erix_status_t child_on(struct ktest_child *c, uint32_t ep, uint32_t rights,
                              uint64_t badge, uint32_t role, uint64_t param)
{
    erix_status_t st = suite_child_new(c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP);
    if (st == ERIX_OK)
        st = suite_child_give(c, ep, KTEST_CHILD_PEER_SLOT, rights, badge);
    return st != ERIX_OK ? st : suite_child_start(c, role, param);
}

static erix_status_t probe_call(uint32_t slot, uint32_t op, const void *body, uint16_t len,
                                struct ktest_probe_report *r)
{
    uint16_t got = 0;
    uint32_t reply_op = 1;
    memset(r, 0, sizeof *r);
    erix_status_t st = erix_call_ex(slot, TIMED, op, body, len, r, sizeof *r, &got, &reply_op);
    if (st == ERIX_OK && (got != sizeof *r || reply_op != ERIX_OK))
        return ERIX_ERR_MALFORMED;
    return st;
}

/* A raw CALL carrying the transfer-table flag with the table already in the buffer. */
static erix_status_t raw_xfer_call(uint32_t slot)
{
    return suite_raw_transport(ERIX_SYS_CALL, ERIX_IPC_ARG(slot, ERIX_IPC_TIMED, SUITE_TIMEOUT_US),
                               ERIX_MSG_HEADER(1, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1, 0), NULL);
}

static void table_one(uint32_t slot, uint8_t mode)
{
    struct erix_xfer_table *t = &erix_ipc_buffer()->send_xfer;
    memset(t, 0, sizeof *t);
    *t = (struct erix_xfer_table){{ERIX_XFER_VERSION_1, 1, 0},
                                  {{slot, ERIX_RIGHTS_ALL, mode, 0}}};
}

/* ---- messages ----------------------------------------------------------------------- */

static bool call_reply_between_processes(void)
{
    struct ktest_child c;
    uint8_t req[16], resp[16];
    uint16_t len = 0;
    uint32_t op = 0;
    for (unsigned i = 0; i < sizeof req; i++)
        req[i] = (uint8_t)(0xa0 + i);
    CHECK_OK(suite_child_spawn(&c, ROLE_SERVER, 0));
    CHECK_OK(erix_call_ex(c.peer_ep, TIMED, 0x77, req, sizeof req, resp, sizeof resp, &len, &op));
    CHECK_EQ(op, 0x77);
    CHECK_EQ(len, sizeof req);
    CHECK(memcmp(req, resp, sizeof req) == 0, "the echo differs");
    return true;
}

static bool bodies_up_to_1024_intact(void)
{
    static uint8_t req[ERIX_IPC_MAX_BODY], resp[ERIX_IPC_MAX_BODY];
    static const uint16_t lens[] = {0, 1, 8, 31, 32, 33, 40, 100, 1000, 1023, 1024};
    struct ktest_child c;
    CHECK_OK(suite_child_spawn(&c, ROLE_SERVER, 0));
    for (unsigned k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        uint16_t len = 0;
        for (unsigned i = 0; i < lens[k]; i++)
            req[i] = (uint8_t)(i * 7 + lens[k]);
        memset(resp, 0, sizeof resp);
        CHECK_OK(erix_call_ex(c.peer_ep, TIMED, 5, req, lens[k], resp, sizeof resp, &len, NULL));
        CHECK(len == lens[k] && memcmp(req, resp, lens[k]) == 0, "body of %u bytes came back "
              "as %u bytes or changed", lens[k], len);
    }
    return true;
}

/* Replies of every length arrive as the server wrote them (not as the question
 * was), from a server below us (general CALL, fast REPLY_RECV) or at our
 * priority called without a timeout (both on the fast path). */
static bool xor_bodies_intact(uint32_t priority)
{
    static uint8_t req[ERIX_IPC_MAX_BODY], resp[ERIX_IPC_MAX_BODY];
    static const uint16_t lens[] = {8, 32, 33, 40, 64, 200, 1024};
    struct ktest_child c;
    CHECK_OK(suite_child_new(&c, priority, CHILD_DEFAULT));
    CHECK_OK(suite_child_start(&c, ROLE_XOR_SERVER, 0));
    suite_sleep_us(5000); /* it waits in its receive: the fast path's case */
    for (unsigned k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        uint16_t len = 0;
        for (unsigned i = 0; i < lens[k]; i++)
            req[i] = (uint8_t)(i * 3 + k);
        /* A timed call takes the general path; after the first one (which shows the
         * server is up) the server's peers make plain calls, the fast path's kind. */
        uint32_t flags = k == 0 || priority < 200 ? ERIX_IPC_TIMED : 0;
        uint32_t timeout = flags != 0 ? SUITE_TIMEOUT_US : 0;
        CHECK_OK(erix_call_ex(c.peer_ep, flags, timeout, 9, req, lens[k], resp, sizeof resp, &len,
                              NULL));
        CHECK_EQ(len, lens[k]);
        for (unsigned i = 0; i < lens[k]; i++)
            CHECK(resp[i] == (uint8_t)(req[i] ^ 0xff), "%u-byte reply: byte %u is 0x%x, want "
                  "0x%x", lens[k], i, resp[i], (uint8_t)(req[i] ^ 0xff));
    }
    return true;
}

static bool reply_bodies_intact(void)
{
    return xor_bodies_intact(KTEST_DEFAULT_PRIORITY);
}

static bool fast_path_bodies_intact(void)
{
    return xor_bodies_intact(200);
}

static uint32_t fill_pattern(uint8_t *b, uint16_t len, uint32_t seed)
{
    uint32_t sum = 0;
    for (uint16_t i = 0; i < len; i++) {
        b[i] = (uint8_t)(i * 5 + seed);
        sum += b[i];
    }
    return sum;
}

/* NOTIFY bodies arrive whole, to a waiting receiver (fast path) or a late one. */
static bool notify_bodies_intact(void)
{
    static uint8_t body[ERIX_IPC_MAX_BODY];
    struct ktest_child c;
    struct ktest_probe_report r;
    CHECK_OK(suite_child_new(&c, 200, CHILD_DEFAULT));
    CHECK_OK(suite_child_start(&c, ROLE_PROBE, 0));
    CHECK_OK(probe_call(c.peer_ep, 1, NULL, 0, &r)); /* now it waits in its receive */
    uint32_t sum = fill_pattern(body, 700, 1);
    CHECK_OK(erix_notify(c.peer_ep, 0, 0, 2, body, 700));
    CHECK_OK(probe_call(c.peer_ep, 3, NULL, 0, &r));
    CHECK_EQ(r.prev_body_sum, sum);
    CHECK_EQ(r.messages, 3);
    struct ktest_child d;
    CHECK_OK(suite_child_spawn(&d, ROLE_PROBE, 0)); /* below us: not yet receiving */
    sum = fill_pattern(body, 1024, 7);
    CHECK_OK(erix_notify(d.peer_ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, 2, body, 1024));
    CHECK_OK(probe_call(d.peer_ep, 3, NULL, 0, &r));
    CHECK_EQ(r.prev_body_sum, sum);
    return true;
}

static bool body_over_1024_malformed(void)
{
    struct ktest_child c;
    CHECK_OK(suite_child_spawn(&c, ROLE_SERVER, 0));
    uint64_t arg = ERIX_IPC_ARG(c.peer_ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US);
    CHECK_ST(suite_raw_transport(ERIX_SYS_CALL, arg, ERIX_MSG_HEADER(1, 0, 1025), NULL),
             ERIX_ERR_MALFORMED);
    CHECK_ST(suite_raw_transport(ERIX_SYS_CALL, arg, ERIX_MSG_HEADER(1, 0, 0xffff), NULL),
             ERIX_ERR_MALFORMED);
    CHECK_ST(suite_raw_transport(ERIX_SYS_NOTIFY, arg, ERIX_MSG_HEADER(1, 0, 1025), NULL),
             ERIX_ERR_MALFORMED);
    CHECK_OK(erix_call_ex(c.peer_ep, TIMED, 1, NULL, 0, NULL, 0, NULL, NULL)); /* still serving */
    return true;
}

/* Only the transfer-table flag is a sender's; the kernel-event flag is the kernel's. */
static bool sender_flags_refused(void)
{
    struct ktest_child c;
    CHECK_OK(suite_child_spawn(&c, ROLE_SERVER, 0));
    uint64_t arg = ERIX_IPC_ARG(c.peer_ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US);
    static const uint16_t bad[] = {ERIX_MSG_FLAG_KERNEL_EVENT, 0x0002, 0x4000,
                                   ERIX_MSG_FLAG_KERNEL_EVENT | 1};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(suite_raw_transport(ERIX_SYS_CALL, arg, ERIX_MSG_HEADER(1, bad[i], 0), NULL) ==
                  ERIX_ERR_MALFORMED,
              "CALL with header flags 0x%x not MALFORMED", bad[i]);
        CHECK(suite_raw_transport(ERIX_SYS_NOTIFY, arg, ERIX_MSG_HEADER(1, bad[i], 0), NULL) ==
                  ERIX_ERR_MALFORMED,
              "NOTIFY with header flags 0x%x not MALFORMED", bad[i]);
    }
    CHECK_OK(erix_call_ex(c.peer_ep, TIMED, 1, NULL, 0, NULL, 0, NULL, NULL));
    return true;
}

static bool poll_would_block(void)
{
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    CHECK_ST(erix_recv(ep, ERIX_IPC_POLL, 0, &m), ERIX_ERR_WOULD_BLOCK);
    CHECK_ST(erix_notify(ep, ERIX_IPC_POLL, 0, 1, NULL, 0), ERIX_ERR_WOULD_BLOCK);
    CHECK_ST(erix_call_ex(ep, ERIX_IPC_POLL, 0, 1, NULL, 0, NULL, 0, NULL, NULL),
             ERIX_ERR_WOULD_BLOCK);
    CHECK_ST(erix_recv(ep, ERIX_IPC_POLL, 0, &m), ERIX_ERR_WOULD_BLOCK); /* nothing queued */
    return true;
}

static bool timed_gives_timeout(void)
{
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    uint64_t t0 = suite_now_ns();
    CHECK_ST(erix_recv(ep, ERIX_IPC_TIMED, 20000, &m), ERIX_ERR_TIMEOUT);
    uint64_t waited = suite_now_ns() - t0;
    CHECK(waited >= 20000000ull && waited < 1000000000ull, "a 20 ms receive took %llu ns",
          (unsigned long long)waited);
    CHECK_ST(erix_call_ex(ep, ERIX_IPC_TIMED, 5000, 1, NULL, 0, NULL, 0, NULL, NULL),
             ERIX_ERR_TIMEOUT);
    CHECK_ST(erix_notify(ep, ERIX_IPC_TIMED, 5000, 1, NULL, 0), ERIX_ERR_TIMEOUT);
    CHECK_ST(erix_recv(ep, ERIX_IPC_POLL, 0, &m), ERIX_ERR_WOULD_BLOCK); /* they left the queue */
    return true;
}

static bool argument_word_checked(void)
{
    uint32_t ep = suite_endpoint();
    static const uint64_t nrs[] = {ERIX_SYS_CALL, ERIX_SYS_NOTIFY, ERIX_SYS_RECV,
                                   ERIX_SYS_REPLY_RECV};
    for (unsigned i = 0; i < sizeof nrs / sizeof nrs[0]; i++) {
        uint64_t nr = nrs[i], h = ERIX_MSG_HEADER(1, 0, 0);
        CHECK_ST(suite_raw_transport(nr, ep | ERIX_IPC_POLL | (1ull << 18), h, NULL),
                 ERIX_ERR_INVALID_ARGUMENT);
        CHECK_ST(suite_raw_transport(nr, ep | ERIX_IPC_POLL | ERIX_IPC_TIMED, h, NULL),
                 ERIX_ERR_INVALID_ARGUMENT);
        CHECK_ST(suite_raw_transport(nr, ep | ERIX_IPC_POLL | (5ull << 32), h, NULL),
                 ERIX_ERR_INVALID_ARGUMENT);
        CHECK_ST(suite_raw_transport(nr, ERIX_CSPACE_SLOTS | ERIX_IPC_POLL, h, NULL),
                 ERIX_ERR_INVALID_SLOT);
        CHECK_ST(suite_raw_transport(nr, 0 | ERIX_IPC_POLL, h, NULL), ERIX_ERR_INVALID_SLOT);
    }
    CHECK_ST(suite_raw_transport(ERIX_SYS_REPLY, ep | ERIX_IPC_POLL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    return true;
}

/* CALL and NOTIFY need SEND; RECV and REPLY need RECV. */
static bool rights_per_call(void)
{
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    uint32_t no_send = suite_copy(ep, ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT, 0);
    uint32_t no_recv = suite_copy(ep, ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, 0);
    CHECK_ST(erix_call_ex(no_send, ERIX_IPC_POLL, 0, 1, NULL, 0, NULL, 0, NULL, NULL),
             ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_notify(no_send, ERIX_IPC_POLL, 0, 1, NULL, 0), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_recv(no_recv, ERIX_IPC_POLL, 0, &m), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_reply(no_recv, ERIX_TOKEN(1, 1), 0, NULL, 0), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_recv(no_send, ERIX_IPC_POLL, 0, &m), ERIX_ERR_WOULD_BLOCK);
    CHECK_ST(erix_notify(no_recv, ERIX_IPC_POLL, 0, 1, NULL, 0), ERIX_ERR_WOULD_BLOCK);
    return true;
}

/* Kernel families answer CALLs only: NOTIFY is DENIED, and with SEND alone no
 * one can RECV or REPLY on them. */
static bool families_refuse_recv_notify(void)
{
    struct erix_msg m;
    CHECK_ST(erix_notify(ERIX_SLOT_KERNEL_LOG, ERIX_IPC_POLL, 0, ERIX_KCTL_QUERY_CAP, NULL, 0),
             ERIX_ERR_DENIED);
    CHECK_ST(erix_notify(ERIX_SLOT_KERNEL_LOG, 0, 0, ERIX_KCTL_QUERY_CAP, NULL, 0),
             ERIX_ERR_DENIED);
    CHECK_ST(erix_notify(EP, 0, 0, ERIX_KCTL_READ_MONOTONIC_CLOCK, NULL, 0), ERIX_ERR_DENIED);
    CHECK_ST(erix_recv(ERIX_SLOT_KERNEL_LOG, ERIX_IPC_POLL, 0, &m), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_recv(EP, ERIX_IPC_POLL, 0, &m), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_reply(ERIX_SLOT_KERNEL_LOG, ERIX_TOKEN(1, 1), 0, NULL, 0), ERIX_ERR_NO_RIGHTS);
    return true;
}

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
    CHECK_OK(child_on(&c, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 5));
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
    CHECK_OK(child_on(&a, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    CHECK_OK(erix_recv(ep, TIMED, &m));
    CHECK_EQ(m.sender_pid, a.r.pid);
    CHECK_OK(child_on(&b, ep, SRG, 0, ROLE_REPLY_TOKEN, m.token));
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
    CHECK_OK(child_on(&a, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 11));
    CHECK_OK(child_on(&b, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 22));
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
    CHECK_OK(child_on(&a, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    suite_sleep_us(10000);
    CHECK_OK(child_on(&b, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 2));
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
    CHECK_OK(child_on(&c, ep, ERIX_RIGHT_SEND, 0xfeed, ROLE_CLIENT, 99));
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
    CHECK_OK(probe_call(badged, 0x31, body, sizeof body, &r));
    CHECK_EQ(r.badge, 0x42);
    CHECK_EQ(r.sender_pid, suite_self_pid);
    CHECK_EQ(r.op, 0x31);
    CHECK_EQ(r.len, sizeof body);
    CHECK_EQ(r.body_sum, 39 * 40 / 2);
    CHECK_OK(probe_call(c.peer_ep, 0x32, NULL, 0, &r));
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
    CHECK_OK(child_on(&c, ep, ERIX_RIGHT_SEND, 0, ROLE_NOTIFY, 0xabc));
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
    CHECK_OK(child_on(&server, ep, ERIX_RIGHT_RECV, 0, ROLE_RECV_EXIT, 0));
    CHECK_OK(child_on(&client, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
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
    CHECK_OK(child_on(&c, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
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
    CHECK_OK(child_on(&c, ep, ERIX_RIGHT_RECV, 0, ROLE_TIMED_RECV, 10000000));
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
    CHECK_OK(child_on(&c, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
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
    CHECK_OK(child_on(&taken, a, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    CHECK_OK(erix_recv(a, TIMED, &m)); /* taken: it waits for our reply */
    CHECK_OK(child_on(&queued, b, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 2));
    suite_sleep_us(10000);
    CHECK_OK(erix_kctl_untyped_reset(EP, ut));
    CHECK_EXIT(&taken, KTEST_EXIT_STATUS(ERIX_ERR_PEER_GONE));
    CHECK_EXIT(&queued, KTEST_EXIT_STATUS(ERIX_ERR_PEER_GONE));
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

/* ---- capability transfer ---------------------------------------------------------- */

static bool xfer_needs_grant(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint();
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    uint32_t no_grant = suite_copy(c.peer_ep, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, 0);
    uint8_t mode = ERIX_XFER_MODE_MOVE;
    CHECK_OK(erix_xfer_set(&x, NULL, &mode, 1));
    CHECK_ST(probe_call(no_grant, 1, NULL, 0, &r), ERIX_ERR_NO_RIGHTS);
    CHECK_EQ(suite_rights(x), SRG); /* still ours */
    CHECK_OK(probe_call(no_grant, 2, NULL, 0, &r));
    CHECK_EQ(r.messages, 1); /* the refused message never arrived */
    CHECK_EQ(r.window_used, 0);
    return true;
}

static bool xfer_copy_attenuates(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint();
    uint8_t mask = ERIX_RIGHT_SEND;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    CHECK_OK(erix_xfer_set(&x, &mask, NULL, 1));
    CHECK_OK(probe_call(c.peer_ep, 1, NULL, 0, &r));
    CHECK_EQ(r.flags, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1);
    CHECK_EQ(r.xfer_count, 1);
    CHECK_EQ(r.xfer[0].slot, 20);
    CHECK_EQ(r.xfer[0].rights_mask, ERIX_RIGHT_SEND);
    CHECK_EQ(r.xfer[0].mode, ERIX_CAP_ENDPOINT);
    CHECK_EQ(r.window_used, 1);
    CHECK_EQ(suite_rights(x), SRG); /* COPY leaves the sender's */
    CHECK(!erix_xfer_armed(), "the table stayed armed after the send");
    return true;
}

static bool xfer_move_empties_source(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t slots[2] = {suite_endpoint(), suite_frame(2)};
    uint8_t masks[2] = {ERIX_RIGHTS_ALL, ERIX_RIGHT_READ};
    uint8_t modes[2] = {ERIX_XFER_MODE_MOVE, ERIX_XFER_MODE_MOVE};
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    CHECK_OK(erix_xfer_set(slots, masks, modes, 2));
    CHECK_OK(probe_call(c.peer_ep, 1, NULL, 0, &r));
    CHECK(suite_empty(slots[0]) && suite_empty(slots[1]), "MOVE left the source");
    CHECK_EQ(r.xfer_count, 2);
    CHECK(r.xfer[0].slot == 20 && r.xfer[0].mode == ERIX_CAP_ENDPOINT &&
              r.xfer[0].rights_mask == SRG,
          "entry 0: slot %u type %u rights 0x%x", r.xfer[0].slot, r.xfer[0].mode,
          r.xfer[0].rights_mask);
    CHECK(r.xfer[1].slot == 21 && r.xfer[1].mode == ERIX_CAP_FRAME &&
              r.xfer[1].rights_mask == ERIX_RIGHT_READ,
          "entry 1: slot %u type %u rights 0x%x", r.xfer[1].slot, r.xfer[1].mode,
          r.xfer[1].rights_mask);
    return true;
}

/* Four capabilities land in the first empty slots of the window, in order. */
static bool xfer_fills_first_empty_slots(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t slots[4] = {suite_endpoint(), suite_frame(1), ERIX_SLOT_KERNEL_LOG,
                         ERIX_SLOT_SELF_VSPACE};
    uint8_t masks[4] = {ERIX_RIGHT_RECV, ERIX_RIGHTS_ALL, ERIX_RIGHTS_ALL, ERIX_RIGHT_READ};
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(10, 6))); /* 10, 11 taken */
    CHECK_OK(erix_xfer_set(slots, masks, NULL, 4));
    CHECK_OK(probe_call(c.peer_ep, 1, NULL, 0, &r));
    CHECK_EQ(r.xfer_count, 4);
    static const uint8_t types[4] = {ERIX_CAP_ENDPOINT, ERIX_CAP_FRAME, ERIX_CAP_ENDPOINT,
                                     ERIX_CAP_VSPACE};
    static const uint8_t rights[4] = {ERIX_RIGHT_RECV, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE,
                                      ERIX_RIGHT_SEND, ERIX_RIGHT_READ};
    for (uint32_t i = 0; i < 4; i++)
        CHECK(r.xfer[i].slot == 12 + i && r.xfer[i].mode == types[i] &&
                  r.xfer[i].rights_mask == rights[i],
              "entry %u: slot %u type %u rights 0x%x", i, r.xfer[i].slot, r.xfer[i].mode,
              r.xfer[i].rights_mask);
    CHECK_EQ(r.window_used, 6);
    CHECK_EQ(suite_rights(ERIX_SLOT_KERNEL_LOG), ERIX_RIGHT_SEND);
    return true;
}

/* A transfer that does not fit the receiver's window is refused whole. */
static bool xfer_full_window_refused(void)
{
    struct ktest_child c, d;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint();
    uint8_t mode = ERIX_XFER_MODE_MOVE;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(10, 2)));
    CHECK_OK(erix_xfer_set(&x, NULL, &mode, 1));
    CHECK_ST(probe_call(c.peer_ep, 1, NULL, 0, &r), ERIX_ERR_LIMIT);
    CHECK_EQ(suite_rights(x), SRG);
    CHECK_OK(probe_call(c.peer_ep, 2, NULL, 0, &r));
    CHECK_EQ(r.messages, 1);
    CHECK_EQ(r.window_used, 2);
    CHECK_OK(suite_child_spawn(&d, ROLE_PROBE, 0)); /* no window at all */
    CHECK_OK(erix_xfer_set(&x, NULL, &mode, 1));
    CHECK_ST(probe_call(d.peer_ep, 1, NULL, 0, &r), ERIX_ERR_LIMIT);
    CHECK_EQ(suite_rights(x), SRG);
    return true;
}

/* A NOTIFY carries capabilities too. */
static bool xfer_on_notify(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint();
    uint8_t mode = ERIX_XFER_MODE_MOVE, mask = ERIX_RIGHT_SEND;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    CHECK_OK(erix_xfer_set(&x, &mask, &mode, 1));
    CHECK_OK(erix_notify(c.peer_ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, 1, NULL, 0));
    CHECK(suite_empty(x), "MOVE by NOTIFY left the source");
    CHECK_OK(probe_call(c.peer_ep, 2, NULL, 0, &r));
    CHECK_EQ(r.messages, 2);
    CHECK_EQ(r.window_used, 1);
    return true;
}

/* A receive window that runs past the CSpace is no window. */
static bool xfer_window_past_cspace_end(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint();
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(4090, 7)));
    CHECK_OK(erix_xfer_set(&x, NULL, NULL, 1));
    CHECK_ST(probe_call(c.peer_ep, 1, NULL, 0, &r), ERIX_ERR_LIMIT);
    return true;
}

/* Malformed tables are refused before anything moves. */
static bool xfer_malformed_table(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint(), y = suite_endpoint();
    struct erix_xfer_table *t = &erix_ipc_buffer()->send_xfer;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->prelude.version = 2;
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_VERSION);
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->prelude.count = 0;
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED);
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->prelude.count = 5;
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED);
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->prelude.reserved = 1;
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED);
    table_one(x, 2);
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED);
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->entries[0].reserved = 1;
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED);
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->prelude.count = 2;
    t->entries[1] = (struct erix_xfer_entry){x, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_COPY, 0};
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED); /* the same slot twice */
    table_one(0, ERIX_XFER_MODE_MOVE);
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_INVALID_SLOT);
    table_one(ERIX_CSPACE_SLOTS, ERIX_XFER_MODE_MOVE);
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_INVALID_SLOT);
    CHECK(suite_rights(x) == SRG && suite_rights(y) == SRG, "a refused table moved a source");
    CHECK_OK(probe_call(c.peer_ep, 2, NULL, 0, &r));
    CHECK_EQ(r.messages, 1);
    CHECK_EQ(r.window_used, 0);
    return true;
}

/* One bad entry refuses the whole message: the good MOVE before it stays. */
static bool xfer_missing_source_moves_nothing(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t slots[2] = {suite_endpoint(), suite_slot()};
    uint8_t modes[2] = {ERIX_XFER_MODE_MOVE, ERIX_XFER_MODE_COPY};
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    CHECK_OK(erix_xfer_set(slots, NULL, modes, 2));
    CHECK_ST(probe_call(c.peer_ep, 1, NULL, 0, &r), ERIX_ERR_EMPTY_SLOT);
    CHECK_EQ(suite_rights(slots[0]), SRG);
    CHECK_OK(probe_call(c.peer_ep, 2, NULL, 0, &r));
    CHECK_EQ(r.window_used, 0);
    CHECK_EQ(r.messages, 1);
    return true;
}

/* Untyped memory and install grants move, never copy. */
static bool xfer_untyped_moves_never_copies(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t ut = suite_untyped(2);
    uint8_t copy = ERIX_XFER_MODE_COPY, move = ERIX_XFER_MODE_MOVE;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    CHECK_OK(erix_xfer_set(&ut, NULL, &copy, 1));
    CHECK_ST(probe_call(c.peer_ep, 1, NULL, 0, &r), ERIX_ERR_DENIED);
    CHECK_EQ(suite_rights(ut), ERIX_RIGHTS_ALL);
    CHECK_OK(erix_xfer_set(&ut, NULL, &move, 1));
    CHECK_OK(probe_call(c.peer_ep, 2, NULL, 0, &r));
    CHECK(suite_empty(ut), "the moved untyped is still ours");
    CHECK_EQ(r.xfer_count, 1);
    CHECK_EQ(r.xfer[0].mode, ERIX_CAP_UNTYPED);
    return true;
}

/* A reply may carry capabilities too: GRANT on the replier's slot and room
 * at the caller are needed, and a refused reply can be retried. */
static bool xfer_on_reply(void)
{
    struct ktest_child c;
    struct erix_msg m;
    uint32_t ep = suite_endpoint(), x = suite_endpoint();
    uint32_t no_grant = suite_copy(ep, ERIX_RIGHT_RECV, 0);
    uint64_t answer = 8;
    CHECK_OK(child_on(&c, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    CHECK_OK(erix_recv(ep, TIMED, &m));
    CHECK_OK(erix_xfer_set(&x, NULL, NULL, 1));
    CHECK_ST(erix_reply(no_grant, m.token, 0, &answer, sizeof answer), ERIX_ERR_NO_RIGHTS);
    CHECK_OK(erix_xfer_set(&x, NULL, NULL, 1));
    CHECK_ST(erix_reply(ep, m.token, 0, &answer, sizeof answer), ERIX_ERR_LIMIT); /* no window */
    CHECK_OK(erix_reply(no_grant, m.token, 0, &answer, sizeof answer));
    CHECK_EXIT(&c, 8);
    return true;
}

static const struct suite_test tests[] = {
    {"ipc.call_reply_between_processes", call_reply_between_processes},
    {"ipc.bodies_up_to_1024_intact", bodies_up_to_1024_intact},
    {"ipc.reply_bodies_intact", reply_bodies_intact},
    {"ipc.fast_path_bodies_intact", fast_path_bodies_intact},
    {"ipc.notify_bodies_intact", notify_bodies_intact},
    {"ipc.body_over_1024_malformed", body_over_1024_malformed},
    {"ipc.sender_flags_refused", sender_flags_refused},
    {"ipc.poll_would_block", poll_would_block},
    {"ipc.timed_gives_timeout", timed_gives_timeout},
    {"ipc.argument_word_checked", argument_word_checked},
    {"ipc.rights_per_call", rights_per_call},
    {"ipc.families_refuse_recv_notify", families_refuse_recv_notify},
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
    {"ipc.reply_recv_drops_stale_token", reply_recv_drops_stale_token},
    {"ipc.xfer_needs_grant", xfer_needs_grant},
    {"ipc.xfer_copy_attenuates", xfer_copy_attenuates},
    {"ipc.xfer_move_empties_source", xfer_move_empties_source},
    {"ipc.xfer_fills_first_empty_slots", xfer_fills_first_empty_slots},
    {"ipc.xfer_full_window_refused", xfer_full_window_refused},
    {"ipc.xfer_on_notify", xfer_on_notify},
    {"ipc.xfer_window_past_cspace_end", xfer_window_past_cspace_end},
    {"ipc.xfer_malformed_table", xfer_malformed_table},
    {"ipc.xfer_missing_source_moves_nothing", xfer_missing_source_moves_nothing},
    {"ipc.xfer_untyped_moves_never_copies", xfer_untyped_moves_never_copies},
    {"ipc.xfer_on_reply", xfer_on_reply},
};

SUITE_GROUP(group_ipc, tests);
