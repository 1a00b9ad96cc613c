/*
 * ipc_rt.c - the transport calls as byte-buffer functions: call, notify,
 * receive, reply, reply-and-receive, and the capability transfer table that
 * rides on the next message send. Owns the per-thread receive buffer.
 *
 * EriX processes have one thread today (one IPC buffer page at a fixed
 * address), so "per thread" state is either in that page's `user` words
 * (rt_sys.h) or, for the 1 KiB receive buffer, a static here.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>

#include "rt_sys.h"

/* Where erix_recv gathers bodies (register words first, then buffer words). */
static uint64_t recv_body[ERIX_IPC_MAX_BODY / 8];

/* ---- the transfer table ------------------------------------------------ */

static uint64_t *rt_flags(void)
{
    return &erix_rt_ipc_buffer()->user[ERIX_RT_USER_FLAGS];
}

bool erix_xfer_armed(void)
{
    return (*rt_flags() & ERIX_RT_FLAG_XFER_ARMED) != 0;
}

void erix_xfer_clear(void)
{
    *rt_flags() &= ~ERIX_RT_FLAG_XFER_ARMED;
}

/* The header flags of the next message send; the send consumes the table. */
static uint16_t take_send_flags(void)
{
    if (!erix_xfer_armed())
        return 0;
    erix_xfer_clear();
    return ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1;
}

static void fill_table(struct erix_xfer_table *t, const uint32_t *slots,
                       const uint8_t *rights_masks, const uint8_t *modes, unsigned count)
{
    memset(t, 0, sizeof *t);
    t->prelude.version = ERIX_XFER_VERSION_1;
    t->prelude.count = (uint16_t)count;
    for (unsigned i = 0; i < count; i++) {
        t->entries[i].slot = slots[i];
        t->entries[i].rights_mask = rights_masks != NULL ? rights_masks[i] : ERIX_RIGHTS_ALL;
        t->entries[i].mode = modes != NULL ? modes[i] : ERIX_XFER_MODE_COPY;
    }
}

erix_status_t erix_xfer_set(const uint32_t *slots, const uint8_t *rights_masks,
                            const uint8_t *modes, unsigned count)
{
    struct erix_xfer_table t;
    erix_status_t st;
    erix_xfer_clear();
    if (count == 0)
        return ERIX_OK;
    if (count > ERIX_XFER_MAX_ENTRIES)
        return ERIX_ERR_MALFORMED;
    if (slots == NULL)
        return ERIX_ERR_INVALID_ARGUMENT;
    fill_table(&t, slots, rights_masks, modes, count);
    st = erix_xfer_table_validate(&t, ERIX_CSPACE_SLOTS);
    if (st != ERIX_OK)
        return st;
    erix_rt_ipc_buffer()->send_xfer = t;
    *rt_flags() |= ERIX_RT_FLAG_XFER_ARMED;
    return ERIX_OK;
}

void erix_recv_window(uint32_t base, uint32_t count)
{
    struct erix_ipc_buffer *buf = erix_rt_ipc_buffer();
    buf->recv_window_base = base;
    buf->recv_window_count = count;
}

unsigned erix_xfer_received(struct erix_xfer_entry out[ERIX_XFER_MAX_ENTRIES])
{
    const struct erix_xfer_table *t = &erix_rt_ipc_buffer()->recv_xfer;
    unsigned n = t->prelude.count;
    if (t->prelude.version != ERIX_XFER_VERSION_1 || n > ERIX_XFER_MAX_ENTRIES)
        return 0;
    memcpy(out, t->entries, n * sizeof t->entries[0]);
    return n;
}

/* ---- client ------------------------------------------------------------ */

/* Copy a reply's body out of the registers and the IPC buffer. */
static erix_status_t take_reply(const struct erix_msg_regs *regs, void *resp, uint16_t resp_cap,
                                uint16_t *resp_len)
{
    uint16_t len = ERIX_MSG_LEN(regs->header);
    *resp_len = len;
    if (len > resp_cap)
        return ERIX_ERR_TRUNCATED;
    return erix_msg_unpack(regs, erix_rt_ipc_buffer(), resp, len);
}

static erix_status_t call(uint32_t slot, uint32_t wait, uint32_t timeout_us, uint32_t op,
                          uint16_t hflags, const void *req, uint16_t req_len, void *resp,
                          uint16_t resp_cap, uint16_t *resp_len, uint32_t *reply_op)
{
    struct erix_msg_regs regs;
    uint16_t scratch;
    uint64_t arg;
    uint16_t *out_len = resp_len != NULL ? resp_len : &scratch;
    erix_status_t st = erix_ipc_arg_make(slot, wait, timeout_us, &arg);
    *out_len = 0;
    if (st == ERIX_OK)
        st = erix_msg_pack(&regs, erix_rt_ipc_buffer(), op, hflags, req, req_len);
    if (st == ERIX_OK)
        st = erix_rt_sys_transport(ERIX_SYS_CALL, arg, &regs);
    if (st != ERIX_OK)
        return st;
    if (reply_op != NULL)
        *reply_op = ERIX_MSG_OP(regs.header);
    st = take_reply(&regs, resp, resp_cap, out_len);
    if (st != ERIX_OK && st != ERIX_ERR_TRUNCATED)
        *out_len = 0;
    return st;
}

erix_status_t erix_rt_call_plain(uint32_t slot, uint32_t op, const void *req, uint16_t req_len,
                                 void *resp, uint16_t resp_cap, uint16_t *resp_len)
{
    return call(slot, 0, 0, op, 0, req, req_len, resp, resp_cap, resp_len, NULL);
}

erix_status_t erix_call(uint32_t slot, uint32_t op, const void *req, uint16_t req_len,
                        void *resp, uint16_t resp_cap, uint16_t *resp_len)
{
    return erix_call_ex(slot, 0, 0, op, req, req_len, resp, resp_cap, resp_len, NULL);
}

erix_status_t erix_call_ex(uint32_t slot, uint32_t flags, uint32_t timeout_us, uint32_t op,
                           const void *req, uint16_t req_len, void *resp, uint16_t resp_cap,
                           uint16_t *resp_len, uint32_t *reply_op)
{
    return call(slot, flags, timeout_us, op, take_send_flags(), req, req_len, resp, resp_cap,
                resp_len, reply_op);
}

erix_status_t erix_notify(uint32_t slot, uint32_t flags, uint32_t timeout_us, uint32_t op,
                          const void *body, uint16_t len)
{
    struct erix_msg_regs regs;
    uint64_t arg;
    uint16_t hflags = take_send_flags();
    erix_status_t st = erix_ipc_arg_make(slot, flags, timeout_us, &arg);
    if (st == ERIX_OK)
        st = erix_msg_pack(&regs, erix_rt_ipc_buffer(), op, hflags, body, len);
    return st == ERIX_OK ? erix_rt_sys_transport(ERIX_SYS_NOTIFY, arg, &regs) : st;
}

/* ---- server ------------------------------------------------------------ */

/* Fill m from a delivered message: header, token, and the IPC buffer facts. */
static erix_status_t take_message(const struct erix_msg_regs *regs, struct erix_msg *m)
{
    const struct erix_ipc_buffer *buf = erix_rt_ipc_buffer();
    uint16_t len = ERIX_MSG_LEN(regs->header);
    erix_status_t st = erix_msg_unpack(regs, buf, recv_body, len);
    if (st != ERIX_OK)
        return st;
    m->op = ERIX_MSG_OP(regs->header);
    m->flags = ERIX_MSG_FLAGS(regs->header);
    m->len = len;
    m->token = regs->token;
    m->badge = buf->recv_badge;
    m->sender_pid = buf->recv_sender_pid;
    m->body = (const uint8_t *)recv_body;
    return ERIX_OK;
}

static erix_status_t receive(uint64_t nr, uint64_t arg, struct erix_msg_regs *regs,
                             struct erix_msg *m)
{
    erix_status_t st = erix_rt_sys_transport(nr, arg, regs);
    return st == ERIX_OK ? take_message(regs, m) : st;
}

erix_status_t erix_recv(uint32_t slot, uint32_t flags, uint32_t timeout_us, struct erix_msg *m)
{
    struct erix_msg_regs regs = {0};
    uint64_t arg;
    erix_status_t st = erix_ipc_arg_make(slot, flags, timeout_us, &arg);
    return st == ERIX_OK ? receive(ERIX_SYS_RECV, arg, &regs, m) : st;
}

/* Lay a reply out and name the call it answers. */
static erix_status_t prepare_reply(struct erix_msg_regs *regs, uint64_t token, uint32_t op,
                                   uint16_t hflags, const void *body, uint16_t len)
{
    struct erix_ipc_buffer *buf = erix_rt_ipc_buffer();
    erix_status_t st = erix_msg_pack(regs, buf, op, hflags, body, len);
    if (st == ERIX_OK)
        buf->reply_token = token;
    return st;
}

erix_status_t erix_reply(uint32_t slot, uint64_t token, uint32_t op, const void *body,
                         uint16_t len)
{
    struct erix_msg_regs regs;
    uint64_t arg;
    uint16_t hflags = take_send_flags();
    erix_status_t st = erix_ipc_arg_make(slot, 0, 0, &arg);
    if (st == ERIX_OK)
        st = prepare_reply(&regs, token, op, hflags, body, len);
    return st == ERIX_OK ? erix_rt_sys_transport(ERIX_SYS_REPLY, arg, &regs) : st;
}

erix_status_t erix_reply_recv(uint32_t slot, uint64_t token, uint32_t op, const void *body,
                              uint16_t len, struct erix_msg *m)
{
    return erix_reply_recv_ex(slot, 0, 0, token, op, body, len, m);
}

erix_status_t erix_reply_recv_ex(uint32_t slot, uint32_t flags, uint32_t timeout_us,
                                 uint64_t token, uint32_t op, const void *body, uint16_t len,
                                 struct erix_msg *m)
{
    struct erix_msg_regs regs;
    uint64_t arg;
    uint16_t hflags = token != 0 ? take_send_flags() : 0; /* token 0: nothing is sent */
    erix_status_t st = erix_ipc_arg_make(slot, flags, timeout_us, &arg);
    if (st == ERIX_OK)
        st = prepare_reply(&regs, token, op, hflags, body, len);
    return st == ERIX_OK ? receive(ERIX_SYS_REPLY_RECV, arg, &regs, m) : st;
}
