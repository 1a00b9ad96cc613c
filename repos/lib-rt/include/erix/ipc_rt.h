/*
 * erix/ipc_rt.h - messages over the transport system calls.
 *
 * A body of up to ERIX_IPC_MAX_BODY bytes travels as four register words
 * (bytes 0..31) and, past 32 bytes, as words 4.. of the thread's IPC buffer
 * (erix/ipc.h). These functions lay bodies out and gather them back so callers
 * deal in plain byte buffers.
 *
 * Client:  erix_call / erix_call_ex      (ERIX_SYS_CALL)
 *          erix_notify                   (ERIX_SYS_NOTIFY, one way)
 * Server:  erix_recv                     (ERIX_SYS_RECV)
 *          erix_reply                    (ERIX_SYS_REPLY)
 *          erix_reply_recv               (ERIX_SYS_REPLY_RECV)
 * Caps:    erix_xfer_set arms a transfer table for the next message send
 *          (call, notify, reply, reply_recv with a token), which consumes it
 *          whatever its outcome;
 *          erix_recv_window says where received capabilities may land;
 *          erix_xfer_received reads what landed with the last message.
 *
 * Slots are 1..ERIX_CSPACE_SLOTS-1 and wait flags are ERIX_IPC_POLL or
 * ERIX_IPC_TIMED (with timeout_us); anything else is refused here with the
 * status the kernel would give, without a system call.
 */
#ifndef ERIX_IPC_RT_H
#define ERIX_IPC_RT_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/ipc.h>
#include <erix/status.h>
#include <erix/sys.h>

/* A received message. `body` points into a per-thread buffer that the next
 * erix_recv or erix_reply_recv of the thread overwrites (erix_call and the
 * kernel-control wrappers leave it alone). */
struct erix_msg {
    uint32_t op;
    uint16_t flags;         /* ERIX_MSG_FLAG_*: a transfer table, a kernel event */
    uint16_t len;           /* body bytes */
    uint64_t token;         /* reply token; 0 for a notification or an event */
    uint64_t badge;         /* badge of the capability the sender used */
    uint32_t sender_pid;    /* 0 for a kernel event */
    const uint8_t *body;    /* len bytes, 8-byte aligned */
};

/* ---- pure layout (no system call) -------------------------------------- */

/*
 * Build the transport argument word: slot, wait flags, timeout. Refuses a slot
 * outside the CSpace (ERIX_ERR_INVALID_SLOT), unknown or conflicting flags and
 * a timeout without ERIX_IPC_TIMED (ERIX_ERR_INVALID_ARGUMENT).
 */
erix_status_t erix_ipc_arg_make(uint32_t slot, uint32_t flags, uint32_t timeout_us,
                                uint64_t *arg);

/*
 * Lay a message out: regs->header from op, flags and len; body bytes 0..31 in
 * regs->w[0..3] (zero padded); bytes 32.. in buf->body[4..] (the last word
 * zero padded). buf may be NULL when len <= ERIX_IPC_REG_BODY. body may
 * overlap buf. ERIX_ERR_LIMIT when len > ERIX_IPC_MAX_BODY;
 * ERIX_ERR_INVALID_ARGUMENT for a NULL body (or buf) that is needed.
 */
erix_status_t erix_msg_pack(struct erix_msg_regs *regs, struct erix_ipc_buffer *buf,
                            uint32_t op, uint16_t flags, const void *body, uint16_t len);

/*
 * Gather `len` body bytes in order (register words, then buf->body[4..]) into
 * out. ERIX_ERR_MALFORMED when len > ERIX_IPC_MAX_BODY, ERIX_ERR_INVALID_ARGUMENT
 * for a NULL out (or buf) that is needed.
 */
erix_status_t erix_msg_unpack(const struct erix_msg_regs *regs,
                              const struct erix_ipc_buffer *buf, void *out, uint16_t len);

/* ---- client ------------------------------------------------------------ */

/*
 * CALL `slot` with op and request body; wait for the reply and copy its body
 * into resp. A reply longer than resp_cap is refused with ERIX_ERR_TRUNCATED
 * (nothing copied, *resp_len = its length). On any other failure *resp_len is
 * 0. The status is the kernel's: for a kernel-control endpoint the op's own.
 * resp may be NULL when resp_cap is 0; resp_len may be NULL.
 */
erix_status_t erix_call(uint32_t slot, uint32_t op, const void *req, uint16_t req_len,
                        void *resp, uint16_t resp_cap, uint16_t *resp_len);

/* As erix_call, with wait flags and timeout, and the reply's op (may be NULL). */
erix_status_t erix_call_ex(uint32_t slot, uint32_t flags, uint32_t timeout_us, uint32_t op,
                           const void *req, uint16_t req_len, void *resp, uint16_t resp_cap,
                           uint16_t *resp_len, uint32_t *reply_op);

/* One-way send; waits for a receiver unless ERIX_IPC_POLL or ERIX_IPC_TIMED. */
erix_status_t erix_notify(uint32_t slot, uint32_t flags, uint32_t timeout_us, uint32_t op,
                          const void *body, uint16_t len);

/* ---- server ------------------------------------------------------------ */

/* Wait for a message on `slot` (needs RECV). */
erix_status_t erix_recv(uint32_t slot, uint32_t flags, uint32_t timeout_us, struct erix_msg *m);

/* Answer the call named by `token` through `slot` (the endpoint it came on). */
erix_status_t erix_reply(uint32_t slot, uint64_t token, uint32_t op, const void *body,
                         uint16_t len);

/*
 * Answer `token` (0: nobody) and wait for the next message, in one system
 * call. The kernel drops a reply it cannot deliver (a stale token) and
 * receives anyway; the status is the receive's.
 */
erix_status_t erix_reply_recv(uint32_t slot, uint64_t token, uint32_t op, const void *body,
                              uint16_t len, struct erix_msg *m);

/* As erix_reply_recv, with wait flags and timeout for the receive. */
erix_status_t erix_reply_recv_ex(uint32_t slot, uint32_t flags, uint32_t timeout_us,
                                 uint64_t token, uint32_t op, const void *body, uint16_t len,
                                 struct erix_msg *m);

/* ---- capability transfer ----------------------------------------------- */

/*
 * Arm a transfer table for the next message send: entry i moves or copies
 * slots[i] (modes[i]: ERIX_XFER_MODE_COPY or _MOVE; NULL: all COPY) keeping
 * rights_masks[i] (NULL: ERIX_RIGHTS_ALL). count 1..ERIX_XFER_MAX_ENTRIES;
 * count 0 disarms. The table is checked with erix_xfer_table_validate and
 * armed only if it passes (a refusal disarms). The next erix_call(_ex),
 * erix_notify, erix_reply or erix_reply_recv(_ex) with a nonzero token sends
 * it and disarms, even when that send fails: re-arm to retry. The sender's
 * endpoint capability needs GRANT (for a reply: the endpoint replied through).
 * Kernel-control calls never carry it and leave it armed.
 */
erix_status_t erix_xfer_set(const uint32_t *slots, const uint8_t *rights_masks,
                            const uint8_t *modes, unsigned count);

/* Disarm without sending. */
void erix_xfer_clear(void);

/* Is a table armed for the next send? */
bool erix_xfer_armed(void);

/* Received capabilities land in the first empty slots of [base, base + count).
 * A transfer that does not fit is refused whole (the sender sees
 * ERIX_ERR_LIMIT); until a window is set (base 0), every transfer is. */
void erix_recv_window(uint32_t base, uint32_t count);

/*
 * What the last received message (or reply) transferred: copies up to
 * ERIX_XFER_MAX_ENTRIES entries (slot where it landed, rights installed, and
 * in `mode` the capability type) into out and returns their number, 0 when
 * nothing came.
 */
unsigned erix_xfer_received(struct erix_xfer_entry out[ERIX_XFER_MAX_ENTRIES]);

/* ---- the readiness handshake (erix/service.h) ------------------------- */

/*
 * CALL `ready_slot` with ERIX_SERVICE_OP_READY for `role` (up to 23 characters),
 * `service_index` (from the envelope) and `status` (ERIX_OK: ready to serve).
 * A transfer table armed with erix_xfer_set goes with it. Returns the
 * transport's error, else the status of the answer (ERIX_OK: accepted).
 */
erix_status_t erix_service_ready(uint32_t ready_slot, const char *role, uint32_t service_index,
                                 erix_status_t status);

#endif
