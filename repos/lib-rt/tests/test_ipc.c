/*
 * test_ipc.c - call, notify, receive, reply and capability transfer through
 * the fake kernel: what reaches the kernel, and what comes back out.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/kctl_rt.h>
#include <erix/service.h>
#include <erix_test.h>

#include "fake_kernel.h"

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed ^ (i * 13u));
}

static void test_call_small(void)
{
    uint8_t req[5] = {1, 2, 3, 4, 5}, resp[16];
    uint16_t len = 99;
    fake_reset();
    fake_push_body(ERIX_OK, 0x77, "answer", 6);
    ERIX_CHECK_EQ(erix_call(40, 0x402, req, sizeof req, resp, sizeof resp, &len), ERIX_OK);
    const struct fake_sent *s = fake_last();
    ERIX_CHECK_EQ(s->nr, ERIX_SYS_CALL);
    ERIX_CHECK_EQ(s->arg, 40);
    ERIX_CHECK_EQ(s->header, ERIX_MSG_HEADER(0x402, 0, 5));
    ERIX_CHECK(memcmp(s->body, req, 5) == 0);
    ERIX_CHECK_EQ(len, 6);
    ERIX_CHECK(memcmp(resp, "answer", 6) == 0);
}

static void test_call_large(void)
{
    uint8_t req[ERIX_IPC_MAX_BODY], reply[777], resp[800];
    uint16_t len = 0;
    uint32_t op = 0;
    fill(req, sizeof req, 0x31);
    fill(reply, sizeof reply, 0x5c);
    fake_reset();
    fake_push_body(ERIX_OK, 0x99, reply, sizeof reply);
    ERIX_CHECK_EQ(erix_call_ex(9, ERIX_IPC_TIMED, 1500, 3, req, sizeof req, resp, sizeof resp,
                               &len, &op),
                  ERIX_OK);
    const struct fake_sent *s = fake_last();
    ERIX_CHECK_EQ(s->arg, 9u | ERIX_IPC_TIMED | (1500ull << 32));
    ERIX_CHECK_EQ(s->len, ERIX_IPC_MAX_BODY);
    ERIX_CHECK(memcmp(s->body, req, sizeof req) == 0);
    ERIX_CHECK_EQ(len, sizeof reply);
    ERIX_CHECK_EQ(op, 0x99);
    ERIX_CHECK(memcmp(resp, reply, sizeof reply) == 0);
}

static void test_call_truncated(void)
{
    uint8_t reply[40], resp[39];
    uint16_t len = 0;
    fill(reply, sizeof reply, 1);
    memset(resp, 0x11, sizeof resp);
    fake_reset();
    fake_push_body(ERIX_OK, 1, reply, sizeof reply);
    ERIX_CHECK_EQ(erix_call(3, 1, NULL, 0, resp, sizeof resp, &len), ERIX_ERR_TRUNCATED);
    ERIX_CHECK_EQ(len, 40); /* the length that did not fit */
    ERIX_CHECK_EQ(resp[0], 0x11);
    fake_push(ERIX_OK); /* empty reply, no buffer at all */
    ERIX_CHECK_EQ(erix_call(3, 1, NULL, 0, NULL, 0, NULL), ERIX_OK);
    fake_push_body(ERIX_OK, 1, reply, 1);
    ERIX_CHECK_EQ(erix_call(3, 1, NULL, 0, NULL, 0, &len), ERIX_ERR_TRUNCATED);
}

/* On a failure the kernel leaves the registers alone: nothing is read back. */
static void test_call_failure(void)
{
    uint8_t req[8] = {7, 7, 7, 7, 7, 7, 7, 7}, resp[8] = {0};
    uint16_t len = 5;
    uint32_t op = 42;
    fake_reset();
    fake_push(ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(erix_call_ex(3, 0, 0, 1, req, 8, resp, 8, &len, &op), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(len, 0);
    ERIX_CHECK_EQ(op, 42);
    ERIX_CHECK_EQ(resp[0], 0);
    /* refused before any system call */
    ERIX_CHECK_EQ(erix_call(ERIX_CSPACE_SLOTS, 1, req, 8, resp, 8, &len), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(erix_call_ex(3, ERIX_IPC_POLL, 7, 1, req, 8, resp, 8, &len, NULL),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_call(3, 1, req, ERIX_IPC_MAX_BODY + 1, resp, 8, &len), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(erix_call(3, 1, NULL, 4, resp, 8, &len), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(fake_calls(), 1);
}

static void test_notify(void)
{
    uint8_t body[50];
    fill(body, sizeof body, 2);
    fake_reset();
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_notify(17, ERIX_IPC_POLL, 0, 0x55, body, sizeof body), ERIX_OK);
    const struct fake_sent *s = fake_last();
    ERIX_CHECK_EQ(s->nr, ERIX_SYS_NOTIFY);
    ERIX_CHECK_EQ(s->arg, 17u | ERIX_IPC_POLL);
    ERIX_CHECK_EQ(s->header, ERIX_MSG_HEADER(0x55, 0, 50));
    ERIX_CHECK(memcmp(s->body, body, 50) == 0);
    fake_push(ERIX_ERR_WOULD_BLOCK);
    ERIX_CHECK_EQ(erix_notify(17, ERIX_IPC_POLL, 0, 1, NULL, 0), ERIX_ERR_WOULD_BLOCK);
}

static void test_recv(void)
{
    uint8_t body[300];
    struct erix_msg m;
    fill(body, sizeof body, 0x77);
    fake_reset();
    struct fake_answer *a = fake_push_body(ERIX_OK, 0x403, body, sizeof body);
    a->token = ERIX_TOKEN(5, 9);
    a->badge = 0xbadd;
    a->pid = 12;
    ERIX_CHECK_EQ(erix_recv(30, 0, 0, &m), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->nr, ERIX_SYS_RECV);
    ERIX_CHECK_EQ(fake_last()->arg, 30);
    ERIX_CHECK_EQ(m.op, 0x403);
    ERIX_CHECK_EQ(m.flags, 0);
    ERIX_CHECK_EQ(m.len, 300);
    ERIX_CHECK_EQ(m.token, ERIX_TOKEN(5, 9));
    ERIX_CHECK_EQ(m.badge, 0xbadd);
    ERIX_CHECK_EQ(m.sender_pid, 12);
    ERIX_CHECK(memcmp(m.body, body, 300) == 0);
    ERIX_CHECK_EQ((uintptr_t)m.body % 8, 0);
    /* a kernel event: flag, no token */
    a = fake_push_body(ERIX_OK, ERIX_EVENT_EXIT, body, sizeof(struct erix_event));
    a->flags = ERIX_MSG_FLAG_KERNEL_EVENT;
    ERIX_CHECK_EQ(erix_recv(30, ERIX_IPC_TIMED, 10, &m), ERIX_OK);
    ERIX_CHECK_EQ(m.flags, ERIX_MSG_FLAG_KERNEL_EVENT);
    ERIX_CHECK_EQ(m.token, 0);
    ERIX_CHECK_EQ(m.len, 32);
    /* timeouts and refusals leave m alone */
    memset(&m, 0, sizeof m);
    fake_push(ERIX_ERR_TIMEOUT);
    ERIX_CHECK_EQ(erix_recv(30, ERIX_IPC_TIMED, 10, &m), ERIX_ERR_TIMEOUT);
    ERIX_CHECK(m.body == NULL);
    ERIX_CHECK_EQ(erix_recv(0x20000, 0, 0, &m), ERIX_ERR_INVALID_SLOT);
}

/* erix_call's reply does not disturb what erix_recv gathered. */
static void test_recv_body_survives_call(void)
{
    uint8_t body[100], resp[100];
    struct erix_msg m;
    fill(body, sizeof body, 0x10);
    fake_reset();
    fake_push_body(ERIX_OK, 1, body, sizeof body)->token = ERIX_TOKEN(1, 1);
    ERIX_CHECK_EQ(erix_recv(30, 0, 0, &m), ERIX_OK);
    fake_push_body(ERIX_OK, 2, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 42);
    ERIX_CHECK_EQ(erix_call(31, 2, m.body, m.len, resp, sizeof resp, NULL), ERIX_OK);
    ERIX_CHECK(memcmp(fake_last()->body, body, 100) == 0); /* forwarded intact */
    ERIX_CHECK(memcmp(m.body, body, 100) == 0);
}

static void test_reply(void)
{
    uint8_t body[64];
    fill(body, sizeof body, 0x42);
    fake_reset();
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_reply(30, ERIX_TOKEN(3, 4), 0x402, body, sizeof body), ERIX_OK);
    const struct fake_sent *s = fake_last();
    ERIX_CHECK_EQ(s->nr, ERIX_SYS_REPLY);
    ERIX_CHECK_EQ(s->arg, 30); /* REPLY takes the bare slot */
    ERIX_CHECK_EQ(s->reply_token, ERIX_TOKEN(3, 4));
    ERIX_CHECK_EQ(s->header, ERIX_MSG_HEADER(0x402, 0, 64));
    ERIX_CHECK(memcmp(s->body, body, 64) == 0);
    fake_push(ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(erix_reply(30, 1, 0, NULL, 0), ERIX_ERR_NOT_FOUND);
}

static void test_reply_recv(void)
{
    struct erix_msg m;
    uint8_t next[10] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
    fake_reset();
    fake_push_body(ERIX_OK, 0x404, next, sizeof next)->token = ERIX_TOKEN(2, 8);
    ERIX_CHECK_EQ(erix_reply_recv(30, ERIX_TOKEN(1, 7), 0x402, "ok", 2, &m), ERIX_OK);
    const struct fake_sent *s = fake_last();
    ERIX_CHECK_EQ(s->nr, ERIX_SYS_REPLY_RECV);
    ERIX_CHECK_EQ(s->arg, 30);
    ERIX_CHECK_EQ(s->reply_token, ERIX_TOKEN(1, 7));
    ERIX_CHECK_EQ(s->header, ERIX_MSG_HEADER(0x402, 0, 2));
    ERIX_CHECK(memcmp(s->body, "ok", 2) == 0);
    ERIX_CHECK_EQ(m.op, 0x404);
    ERIX_CHECK_EQ(m.token, ERIX_TOKEN(2, 8));
    ERIX_CHECK(memcmp(m.body, next, sizeof next) == 0);
    /* the reply may be built from the received body itself */
    fake_push_body(ERIX_OK, 0x405, "x", 1);
    ERIX_CHECK_EQ(erix_reply_recv_ex(30, ERIX_IPC_POLL, 0, m.token, 1, m.body, m.len, &m),
                  ERIX_OK);
    s = fake_last();
    ERIX_CHECK_EQ(s->arg, 30u | ERIX_IPC_POLL);
    ERIX_CHECK(memcmp(s->body, next, sizeof next) == 0);
    ERIX_CHECK_EQ(m.op, 0x405);
}

static const uint32_t xslots[3] = {100, 101, 102};
static const uint8_t xmasks[3] = {ERIX_RIGHT_SEND, ERIX_RIGHTS_ALL, ERIX_RIGHT_READ};
static const uint8_t xmodes[3] = {ERIX_XFER_MODE_COPY, ERIX_XFER_MODE_MOVE, ERIX_XFER_MODE_COPY};

static void test_xfer_set(void)
{
    const uint32_t dup[2] = {100, 100}, zero[1] = {0};
    const uint8_t bad_mode[1] = {2};
    fake_reset();
    ERIX_CHECK(!erix_xfer_armed());
    ERIX_CHECK_EQ(erix_xfer_set(xslots, xmasks, xmodes, 3), ERIX_OK);
    ERIX_CHECK(erix_xfer_armed());
    const struct erix_xfer_table *t = &fake_ipcbuf.send_xfer;
    ERIX_CHECK_EQ(t->prelude.version, ERIX_XFER_VERSION_1);
    ERIX_CHECK_EQ(t->prelude.count, 3);
    ERIX_CHECK_EQ(t->entries[1].slot, 101);
    ERIX_CHECK_EQ(t->entries[1].rights_mask, ERIX_RIGHTS_ALL);
    ERIX_CHECK_EQ(t->entries[1].mode, ERIX_XFER_MODE_MOVE);
    ERIX_CHECK_EQ(t->entries[3].slot, 0);
    ERIX_CHECK_EQ(erix_xfer_table_validate(t, ERIX_CSPACE_SLOTS), ERIX_OK);
    /* refusals disarm */
    ERIX_CHECK_EQ(erix_xfer_set(dup, NULL, NULL, 2), ERIX_ERR_MALFORMED);
    ERIX_CHECK(!erix_xfer_armed());
    ERIX_CHECK_EQ(erix_xfer_set(zero, NULL, NULL, 1), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(erix_xfer_set(xslots, NULL, bad_mode, 1), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_xfer_set(xslots, NULL, NULL, 5), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_xfer_set(NULL, NULL, NULL, 1), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK(!erix_xfer_armed());
    /* defaults: copy, every right */
    ERIX_CHECK_EQ(erix_xfer_set(xslots, NULL, NULL, 1), ERIX_OK);
    ERIX_CHECK_EQ(t->entries[0].rights_mask, ERIX_RIGHTS_ALL);
    ERIX_CHECK_EQ(t->entries[0].mode, ERIX_XFER_MODE_COPY);
    ERIX_CHECK_EQ(erix_xfer_set(NULL, NULL, NULL, 0), ERIX_OK);
    ERIX_CHECK(!erix_xfer_armed());
}

/* The next message send carries the table once; kernel-control calls neither
 * carry nor consume it. */
static void test_xfer_rides_next_send(void)
{
    fake_reset();
    ERIX_CHECK_EQ(erix_xfer_set(xslots, xmasks, xmodes, 2), ERIX_OK);
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_abort(ERIX_SLOT_KERNEL_PROCESS, 50), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->flags, 0);
    ERIX_CHECK(erix_xfer_armed());
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_call(40, 1, NULL, 0, NULL, 0, NULL), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->flags, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1);
    ERIX_CHECK_EQ(fake_last()->xfer.prelude.count, 2);
    ERIX_CHECK(!erix_xfer_armed());
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_call(40, 1, NULL, 0, NULL, 0, NULL), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->flags, 0);
    /* a reply carries it; a failed send still consumes it */
    ERIX_CHECK_EQ(erix_xfer_set(xslots, NULL, NULL, 1), ERIX_OK);
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_reply(30, 5, 0, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->flags, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1);
    ERIX_CHECK_EQ(erix_xfer_set(xslots, NULL, NULL, 1), ERIX_OK);
    fake_push(ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(erix_notify(30, 0, 0, 0, NULL, 0), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(fake_last()->flags, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1);
    ERIX_CHECK(!erix_xfer_armed());
}

/* reply_recv with token 0 replies to nobody: the table stays armed. */
static void test_xfer_reply_recv(void)
{
    struct erix_msg m;
    fake_reset();
    ERIX_CHECK_EQ(erix_xfer_set(xslots, NULL, NULL, 1), ERIX_OK);
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_reply_recv(30, 0, 0, NULL, 0, &m), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->flags, 0);
    ERIX_CHECK(erix_xfer_armed());
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_reply_recv(30, 77, 0, NULL, 0, &m), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->flags, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1);
    ERIX_CHECK(!erix_xfer_armed());
}

static void test_xfer_receive_side(void)
{
    struct erix_xfer_entry got[ERIX_XFER_MAX_ENTRIES];
    struct erix_msg m;
    fake_reset();
    erix_recv_window(600, 8);
    ERIX_CHECK_EQ(fake_ipcbuf.recv_window_base, 600);
    ERIX_CHECK_EQ(fake_ipcbuf.recv_window_count, 8);
    ERIX_CHECK_EQ(erix_xfer_received(got), 0);
    struct fake_answer *a = fake_push(ERIX_OK);
    a->flags = ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1;
    a->recv_xfer.prelude = (struct erix_xfer_prelude){ERIX_XFER_VERSION_1, 2, 0};
    a->recv_xfer.entries[0] = (struct erix_xfer_entry){600, ERIX_RIGHT_SEND, ERIX_CAP_ENDPOINT, 0};
    a->recv_xfer.entries[1] = (struct erix_xfer_entry){602, ERIX_RIGHT_READ, ERIX_CAP_FRAME, 0};
    ERIX_CHECK_EQ(erix_recv(30, 0, 0, &m), ERIX_OK);
    ERIX_CHECK_EQ(m.flags, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1);
    ERIX_CHECK_EQ(erix_xfer_received(got), 2);
    ERIX_CHECK_EQ(got[0].slot, 600);
    ERIX_CHECK_EQ(got[0].mode, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(got[1].slot, 602);
    ERIX_CHECK_EQ(got[1].rights_mask, ERIX_RIGHT_READ);
    fake_ipcbuf.recv_xfer.prelude.count = 9; /* garbage is nothing */
    ERIX_CHECK_EQ(erix_xfer_received(got), 0);
    fake_ipcbuf.recv_xfer.prelude.count = 1;
    fake_ipcbuf.recv_xfer.prelude.version = 2;
    ERIX_CHECK_EQ(erix_xfer_received(got), 0);
}

static void test_service_ready(void)
{
    fake_reset();
    fake_push_body(ERIX_OK, ERIX_ERR_DENIED, NULL, 0); /* the answer's status: DENIED */
    ERIX_CHECK_EQ(erix_service_ready(33, "drv-serial", 7, ERIX_ERR_NOT_FOUND), ERIX_ERR_DENIED);
    const struct fake_sent *s = fake_last();
    ERIX_CHECK_EQ(s->nr, ERIX_SYS_CALL);
    ERIX_CHECK_EQ(s->arg, 33u);
    ERIX_CHECK_EQ(s->op, ERIX_SERVICE_OP_READY);
    struct erix_service_ready body;
    ERIX_CHECK_EQ(s->len, sizeof body);
    memcpy(&body, s->body, sizeof body);
    ERIX_CHECK_EQ(body.status, ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(body.service_index, 7);
    ERIX_CHECK(strcmp(body.role, "drv-serial") == 0);
    /* a role too long for the body is cut, still NUL-terminated */
    fake_push_body(ERIX_OK, ERIX_OK, NULL, 0);
    ERIX_CHECK_EQ(erix_service_ready(33, "abcdefghijklmnopqrstuvwxyz", 0, ERIX_OK), ERIX_OK);
    memcpy(&body, fake_last()->body, sizeof body);
    ERIX_CHECK_EQ(body.role[ERIX_ROLE_MAX - 1], 0);
    ERIX_CHECK_EQ(strlen(body.role), ERIX_ROLE_MAX - 1);
    /* the transport's own failure wins */
    fake_push(ERIX_ERR_PEER_GONE);
    ERIX_CHECK_EQ(erix_service_ready(33, "x", 0, ERIX_OK), ERIX_ERR_PEER_GONE);
}

int main(void)
{
    ERIX_RUN(test_call_small);
    ERIX_RUN(test_call_large);
    ERIX_RUN(test_call_truncated);
    ERIX_RUN(test_call_failure);
    ERIX_RUN(test_notify);
    ERIX_RUN(test_recv);
    ERIX_RUN(test_recv_body_survives_call);
    ERIX_RUN(test_reply);
    ERIX_RUN(test_reply_recv);
    ERIX_RUN(test_xfer_set);
    ERIX_RUN(test_xfer_rides_next_send);
    ERIX_RUN(test_xfer_reply_recv);
    ERIX_RUN(test_xfer_receive_side);
    ERIX_RUN(test_service_ready);
    return erix_test_finish();
}
