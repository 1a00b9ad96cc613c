/*
 * suite_ipc.c - IPC message tests between processes: call, receive and
 * reply; bodies up to 1024 bytes on the general and the fast paths (and
 * replies that differ from their question); header flags and argument
 * words a sender may not use; the rights each call needs; polling and
 * timeouts; kernel families that answer CALLs only.
 */
#include <string.h>

#include "suite.h"

#define TIMED ERIX_IPC_TIMED, SUITE_TIMEOUT_US
#define SRG (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)

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
    CHECK_OK(suite_probe_call(c.peer_ep, 1, NULL, 0, &r)); /* now it waits in its receive */
    uint32_t sum = fill_pattern(body, 700, 1);
    CHECK_OK(erix_notify(c.peer_ep, 0, 0, 2, body, 700));
    CHECK_OK(suite_probe_call(c.peer_ep, 3, NULL, 0, &r));
    CHECK_EQ(r.prev_body_sum, sum);
    CHECK_EQ(r.messages, 3);
    struct ktest_child d;
    CHECK_OK(suite_child_spawn(&d, ROLE_PROBE, 0)); /* below us: not yet receiving */
    sum = fill_pattern(body, 1024, 7);
    CHECK_OK(erix_notify(d.peer_ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, 2, body, 1024));
    CHECK_OK(suite_probe_call(d.peer_ep, 3, NULL, 0, &r));
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
    CHECK(waited >= 20000000ull && waited < 2000000000ull, "a 20 ms receive took %llu ns",
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
};

SUITE_GROUP(group_ipc, tests);
