/*
 * msg.c - the pure half of messaging: the transport argument word, and laying
 * a body out into register words and IPC-buffer words and gathering it back.
 * No system calls; host tests run it against a plain struct erix_ipc_buffer.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>

#define WAIT_FLAGS ((uint32_t)(ERIX_IPC_POLL | ERIX_IPC_TIMED))

erix_status_t erix_ipc_arg_make(uint32_t slot, uint32_t flags, uint32_t timeout_us,
                                uint64_t *arg)
{
    if (slot >= ERIX_CSPACE_SLOTS)
        return ERIX_ERR_INVALID_SLOT;
    if ((flags & ~WAIT_FLAGS) != 0 || flags == WAIT_FLAGS)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (timeout_us != 0 && (flags & ERIX_IPC_TIMED) == 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    *arg = ERIX_IPC_ARG(slot, flags, timeout_us);
    return ERIX_OK;
}

static uint16_t reg_bytes(uint16_t len)
{
    return len < ERIX_IPC_REG_BODY ? len : (uint16_t)ERIX_IPC_REG_BODY;
}

/* Bytes 32.. go to body words 4..; the rest of the last word is zeroed (after
 * the move: the source may be that very word). */
static void pack_ext(struct erix_ipc_buffer *buf, const uint8_t *src, uint16_t n)
{
    uint8_t *dst = (uint8_t *)&buf->body[ERIX_IPC_REG_WORDS];
    memmove(dst, src, n);
    if (n % 8u != 0)
        memset(dst + n, 0, 8u - n % 8u);
}

erix_status_t erix_msg_pack(struct erix_msg_regs *regs, struct erix_ipc_buffer *buf,
                            uint32_t op, uint16_t flags, const void *body, uint16_t len)
{
    const uint8_t *src = body;
    uint16_t in_regs = reg_bytes(len);
    if (len > ERIX_IPC_MAX_BODY)
        return ERIX_ERR_LIMIT;
    if ((len > 0 && body == NULL) || (len > in_regs && buf == NULL))
        return ERIX_ERR_INVALID_ARGUMENT;
    memset(regs->w, 0, sizeof regs->w);
    if (in_regs > 0)
        memcpy(regs->w, src, in_regs);
    if (len > in_regs)
        pack_ext(buf, src + in_regs, (uint16_t)(len - in_regs));
    regs->header = ERIX_MSG_HEADER(op, flags, len);
    regs->token = 0;
    return ERIX_OK;
}

erix_status_t erix_msg_unpack(const struct erix_msg_regs *regs,
                              const struct erix_ipc_buffer *buf, void *out, uint16_t len)
{
    uint8_t *dst = out;
    uint16_t in_regs = reg_bytes(len);
    if (len > ERIX_IPC_MAX_BODY)
        return ERIX_ERR_MALFORMED;
    if ((len > 0 && out == NULL) || (len > in_regs && buf == NULL))
        return ERIX_ERR_INVALID_ARGUMENT;
    if (in_regs > 0)
        memcpy(dst, regs->w, in_regs);
    if (len > in_regs)
        memmove(dst + in_regs, &buf->body[ERIX_IPC_REG_WORDS], (size_t)(len - in_regs));
    return ERIX_OK;
}
