/*
 * test_msg.c - the pure layout: transport argument word, packing a body into
 * register words and IPC-buffer words, and gathering it back.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix_test.h>

static struct erix_ipc_buffer buf;

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed + i * 7u + 1u);
}

static void test_arg_make(void)
{
    uint64_t arg = 0;
    ERIX_CHECK_EQ(erix_ipc_arg_make(7, 0, 0, &arg), ERIX_OK);
    ERIX_CHECK_EQ(arg, 7);
    ERIX_CHECK_EQ(erix_ipc_arg_make(4095, ERIX_IPC_POLL, 0, &arg), ERIX_OK);
    ERIX_CHECK_EQ(arg, 4095u | ERIX_IPC_POLL);
    ERIX_CHECK_EQ(erix_ipc_arg_make(12, ERIX_IPC_TIMED, 0xfffffffeu, &arg), ERIX_OK);
    ERIX_CHECK_EQ(arg, 12u | ERIX_IPC_TIMED | (0xfffffffeull << 32));
    ERIX_CHECK_EQ(erix_ipc_arg_validate(arg, ERIX_CSPACE_SLOTS), ERIX_OK);
    arg = 99;
    ERIX_CHECK_EQ(erix_ipc_arg_make(ERIX_CSPACE_SLOTS, 0, 0, &arg), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(erix_ipc_arg_make(0x10001, 0, 0, &arg), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(erix_ipc_arg_make(1, ERIX_IPC_POLL | ERIX_IPC_TIMED, 0, &arg),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_ipc_arg_make(1, 1u << 18, 0, &arg), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_ipc_arg_make(1, 1, 0, &arg), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_ipc_arg_make(1, 0, 5, &arg), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_ipc_arg_make(1, ERIX_IPC_POLL, 5, &arg), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(arg, 99); /* untouched on failure */
}

/* Every length: the header, the register words, the buffer words, padding. */
static void test_pack_layout(void)
{
    uint8_t body[ERIX_IPC_MAX_BODY];
    fill(body, sizeof body, 3);
    for (unsigned len = 0; len <= ERIX_IPC_MAX_BODY; len++) {
        struct erix_msg_regs regs;
        memset(&regs, 0xa5, sizeof regs);
        memset(&buf, 0xa5, sizeof buf);
        ERIX_CHECK_EQ(erix_msg_pack(&regs, &buf, 0x1234, 1, body, (uint16_t)len), ERIX_OK);
        ERIX_CHECK_EQ(regs.header, ERIX_MSG_HEADER(0x1234, 1, len));
        ERIX_CHECK_EQ(regs.token, 0);
        uint8_t w[32];
        memcpy(w, regs.w, 32);
        for (unsigned i = 0; i < 32; i++)
            ERIX_CHECK_EQ(w[i], i < len ? body[i] : 0);
        const uint8_t *ext = (const uint8_t *)&buf.body[4];
        unsigned ext_len = len > 32 ? len - 32 : 0;
        unsigned padded = (ext_len + 7u) / 8u * 8u;
        ERIX_CHECK(memcmp(ext, body + 32, ext_len) == 0);
        for (unsigned i = ext_len; i < padded; i++)
            ERIX_CHECK_EQ(ext[i], 0);
        if (padded < ERIX_IPC_MAX_BODY - 32)
            ERIX_CHECK_EQ(ext[padded], 0xa5); /* nothing written past the last word */
        ERIX_CHECK_EQ(buf.body[0], 0xa5a5a5a5a5a5a5a5ull); /* words 0-3 are registers */
        ERIX_CHECK_EQ(buf.send_xfer.prelude.version, 0xa5a5);
    }
}

static void test_roundtrip(void)
{
    uint8_t body[ERIX_IPC_MAX_BODY], out[ERIX_IPC_MAX_BODY + 8];
    fill(body, sizeof body, 9);
    for (unsigned len = 0; len <= ERIX_IPC_MAX_BODY; len += (len < 80 ? 1 : 37)) {
        struct erix_msg_regs regs;
        memset(out, 0xee, sizeof out);
        ERIX_CHECK_EQ(erix_msg_pack(&regs, &buf, 5, 0, body, (uint16_t)len), ERIX_OK);
        ERIX_CHECK_EQ(erix_msg_unpack(&regs, &buf, out, (uint16_t)len), ERIX_OK);
        ERIX_CHECK(memcmp(out, body, len) == 0);
        ERIX_CHECK_EQ(out[len], 0xee); /* exactly len bytes */
    }
}

/* A body built in place in the IPC buffer (or overlapping it) packs intact. */
static void test_pack_in_place(void)
{
    uint8_t expect[200], out[200];
    struct erix_msg_regs regs;
    uint8_t *raw = (uint8_t *)buf.body;
    fill(expect, sizeof expect, 1);
    memcpy(raw + 32, expect, sizeof expect);
    ERIX_CHECK_EQ(erix_msg_pack(&regs, &buf, 1, 0, raw + 32, 197), ERIX_OK);
    ERIX_CHECK_EQ(erix_msg_unpack(&regs, &buf, out, 197), ERIX_OK);
    ERIX_CHECK(memcmp(out, expect, 197) == 0);
    memcpy(raw + 3, expect, sizeof expect);
    ERIX_CHECK_EQ(erix_msg_pack(&regs, &buf, 1, 0, raw + 3, 200), ERIX_OK);
    ERIX_CHECK_EQ(erix_msg_unpack(&regs, &buf, out, 200), ERIX_OK);
    ERIX_CHECK(memcmp(out, expect, 200) == 0);
}

static void test_errors(void)
{
    struct erix_msg_regs regs = {0};
    uint8_t body[40] = {0};
    ERIX_CHECK_EQ(erix_msg_pack(&regs, &buf, 1, 0, body, ERIX_IPC_MAX_BODY + 1), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(erix_msg_pack(&regs, &buf, 1, 0, NULL, 1), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_msg_pack(&regs, NULL, 1, 0, body, 33), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_msg_pack(&regs, NULL, 1, 0, body, 32), ERIX_OK);
    ERIX_CHECK_EQ(erix_msg_pack(&regs, NULL, 1, 0, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(regs.header, ERIX_MSG_HEADER(1, 0, 0));
    ERIX_CHECK_EQ(erix_msg_unpack(&regs, &buf, body, ERIX_IPC_MAX_BODY + 1), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_msg_unpack(&regs, NULL, body, 33), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_msg_unpack(&regs, &buf, NULL, 1), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_msg_unpack(&regs, NULL, NULL, 0), ERIX_OK);
}

int main(void)
{
    ERIX_RUN(test_arg_make);
    ERIX_RUN(test_pack_layout);
    ERIX_RUN(test_roundtrip);
    ERIX_RUN(test_pack_in_place);
    ERIX_RUN(test_errors);
    return erix_test_finish();
}
