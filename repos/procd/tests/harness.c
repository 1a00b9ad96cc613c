/*
 * harness.c - test-only: the shared server harness (harness.h).
 */
#include <string.h>

#include "fake_seam.h"
#include "harness.h"
#include "msgs.h"

struct procd_server hs;
uint8_t h_elf[TEST_ELF_SIZE];
uint8_t h_loader_buf[4096];
static uint64_t body[ERIX_IPC_MAX_BODY / 8];

void h_setup(void)
{
    test_elf(h_elf, 0x100, 0);
    const struct procd_image images[] = {{0, 300, h_elf, sizeof h_elf}};
    seam_reset();
    procd_server_init(&hs, images, 1, h_loader_buf, sizeof h_loader_buf);
}

void h_handle(uint32_t op, uint64_t badge, uint64_t token, const void *b, uint16_t len)
{
    struct erix_msg m = test_msg(op, badge, token, b, len);
    procd_server_handle(&hs, &m);
}

void h_handle_caps(uint32_t op, uint64_t badge, uint64_t token, const void *b, uint16_t len,
                   const uint32_t *slots, unsigned n)
{
    struct erix_xfer_entry caps[ERIX_XFER_MAX_ENTRIES];
    memset(caps, 0, sizeof caps);
    for (unsigned i = 0; i < n; i++)
        caps[i].slot = slots[i];
    struct erix_msg m = test_msg(op, badge, token, b, len);
    procd_server_handle_caps(&hs, &m, caps, n);
}

void h_event(uint32_t pid, uint32_t kind, uint64_t code, uint64_t addr)
{
    struct erix_msg m = test_event(pid, kind, code, addr);
    procd_server_handle(&hs, &m);
}

void h_pid_op(uint32_t op, uint64_t badge, uint32_t pid, uint32_t arg, uint64_t token)
{
    struct erix_procd_pid_req q = {pid, arg};
    h_handle(op, badge, token, &q, sizeof q);
}

erix_status_t h_status(uint64_t token)
{
    const struct seam_reply *r = seam_reply_to(token);
    return r != NULL ? (erix_status_t)r->status : (erix_status_t)-1;
}

uint32_t h_pid(uint64_t token)
{
    const struct seam_reply *r = seam_reply_to(token);
    struct erix_procd_pid_resp resp = {0, 0};
    if (r != NULL && r->status == ERIX_OK && r->len == sizeof resp)
        memcpy(&resp, r->body, sizeof resp);
    return resp.pid;
}

struct erix_event h_reply_event(uint64_t token)
{
    struct erix_event ev;
    memset(&ev, 0, sizeof ev);
    const struct seam_reply *r = seam_reply_to(token);
    if (r != NULL && r->status == ERIX_OK && r->len == sizeof ev)
        memcpy(&ev, r->body, sizeof ev);
    return ev;
}

uint32_t h_spawn(uint64_t badge, const char *role, uint64_t arg, uint64_t token)
{
    struct erix_procd_spawn_req q = test_spawn_req(role, 0, 5, arg);
    h_handle(ERIX_PROCD_OP_SPAWN_SERVICE, badge, token, &q, sizeof q);
    return h_pid(token);
}

uint32_t h_create_start(uint64_t badge, const char *role, uint64_t token)
{
    struct erix_procd_create_req q = test_create_req(role, 0, 5);
    h_handle(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, badge, token, &q, sizeof q);
    uint32_t pid = h_pid(token);
    uint16_t len = test_start_body(body, sizeof body, pid, role, 2200);
    h_handle(ERIX_PROCD_OP_START_STAGED_PROCESS, badge, token + 1, body, len);
    return pid;
}

struct erix_procd_query_resp h_query(uint64_t badge, uint32_t pid)
{
    struct erix_procd_query_resp resp;
    memset(&resp, 0, sizeof resp);
    h_pid_op(ERIX_PROCD_OP_QUERY_PROCESS, badge, pid, 0, TOK(0xeeee));
    const struct seam_reply *r = seam_reply_to(TOK(0xeeee));
    if (r != NULL && r->status == ERIX_OK && r->len == sizeof resp)
        memcpy(&resp, r->body, sizeof resp);
    return resp;
}

struct erix_procd_policy_resp h_policy(uint64_t badge, uint32_t pid)
{
    struct erix_procd_policy_resp resp;
    memset(&resp, 0, sizeof resp);
    h_pid_op(ERIX_PROCD_OP_GET_RESTART_POLICY, badge, pid, 0, TOK(0xeeef));
    const struct seam_reply *r = seam_reply_to(TOK(0xeeef));
    if (r != NULL && r->status == ERIX_OK && r->len == sizeof resp)
        memcpy(&resp, r->body, sizeof resp);
    return resp;
}

erix_status_t h_set_policy(uint64_t badge, uint32_t pid, uint32_t policy, uint32_t min_ms,
                           uint32_t max, uint64_t token)
{
    struct erix_procd_policy_req q = {pid, policy, min_ms, max};
    h_handle(ERIX_PROCD_OP_SET_RESTART_POLICY, badge, token, &q, sizeof q);
    return h_status(token);
}

struct erix_procd_accounting_resp h_accounting(uint64_t badge)
{
    struct erix_procd_accounting_resp resp;
    memset(&resp, 0, sizeof resp);
    h_pid_op(ERIX_PROCD_OP_QUERY_PROCESS, badge, 0, ERIX_PROCD_QUERY_ACCOUNTING, TOK(0xeef0));
    const struct seam_reply *r = seam_reply_to(TOK(0xeef0));
    if (r != NULL && r->status == ERIX_OK && r->len == sizeof resp)
        memcpy(&resp, r->body, sizeof resp);
    return resp;
}
