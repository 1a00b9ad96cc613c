/* test_ipc.c - header, argument word and transfer-table validators. */
#include <erix/ipc.h>

#include "erix_test.h"

static void headers(void)
{
    ERIX_CHECK_EQ(erix_msg_header_validate(ERIX_MSG_HEADER(0x402, 0, 0)), ERIX_OK);
    ERIX_CHECK_EQ(erix_msg_header_validate(ERIX_MSG_HEADER(1, 0, ERIX_IPC_MAX_BODY)), ERIX_OK);
    ERIX_CHECK_EQ(erix_msg_header_validate(ERIX_MSG_HEADER(1, 0, ERIX_IPC_MAX_BODY + 1)),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_msg_header_validate(
                      ERIX_MSG_HEADER(1, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1, 8)),
                  ERIX_OK);
    /* a sender may not forge a kernel event, nor set unknown flags */
    ERIX_CHECK_EQ(erix_msg_header_validate(ERIX_MSG_HEADER(1, ERIX_MSG_FLAG_KERNEL_EVENT, 0)),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_msg_header_validate(ERIX_MSG_HEADER(1, 0x0100, 0)), ERIX_ERR_MALFORMED);
    uint64_t h = ERIX_MSG_HEADER(0xabcdef01u, 0x1, 77);
    ERIX_CHECK_EQ(ERIX_MSG_OP(h), 0xabcdef01u);
    ERIX_CHECK_EQ(ERIX_MSG_FLAGS(h), 1);
    ERIX_CHECK_EQ(ERIX_MSG_LEN(h), 77);
}

static void argument_words(void)
{
    ERIX_CHECK_EQ(erix_ipc_arg_validate(ERIX_IPC_ARG(2272, 0, 0), 4096), ERIX_OK);
    ERIX_CHECK_EQ(erix_ipc_arg_validate(ERIX_IPC_ARG(4095, ERIX_IPC_POLL, 0), 4096), ERIX_OK);
    ERIX_CHECK_EQ(erix_ipc_arg_validate(ERIX_IPC_ARG(7, ERIX_IPC_TIMED, 1000), 4096), ERIX_OK);
    ERIX_CHECK_EQ(erix_ipc_arg_validate(ERIX_IPC_ARG(4096, 0, 0), 4096), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(erix_ipc_arg_validate(ERIX_IPC_ARG(0xffff, 0, 0), 4096), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(erix_ipc_arg_validate(ERIX_IPC_ARG(1, ERIX_IPC_POLL | ERIX_IPC_TIMED, 5), 4096),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_ipc_arg_validate(ERIX_IPC_ARG(1, 0, 5), 4096), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_ipc_arg_validate(ERIX_IPC_ARG(1, 1ull << 20, 0), 4096),
                  ERIX_ERR_INVALID_ARGUMENT);
}

static struct erix_xfer_table table(uint16_t count)
{
    struct erix_xfer_table t = {{ERIX_XFER_VERSION_1, count, 0}, {{0}}};
    for (uint16_t i = 0; i < ERIX_XFER_MAX_ENTRIES; i++)
        t.entries[i] = (struct erix_xfer_entry){100u + i, 0x1f, ERIX_XFER_MODE_COPY, 0};
    return t;
}

static void transfer_tables(void)
{
    struct erix_xfer_table t = table(4);
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_OK);
    t = table(1);
    t.entries[0].mode = ERIX_XFER_MODE_MOVE;
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_OK);
    t = table(0);
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_ERR_MALFORMED);
    t = table(5);
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_ERR_MALFORMED);
    t = table(1);
    t.prelude.version = 2;
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_ERR_VERSION);
    t = table(1);
    t.prelude.reserved = 1;
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_ERR_MALFORMED);
    t = table(2);
    t.entries[1].reserved = 1;
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_ERR_MALFORMED);
    t = table(2);
    t.entries[1].mode = 2;
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_ERR_MALFORMED);
    t = table(2);
    t.entries[1].slot = 4096;
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_ERR_INVALID_SLOT);
    t = table(2);
    t.entries[0].slot = 0;
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_ERR_INVALID_SLOT);
    t = table(3);
    t.entries[2].slot = t.entries[0].slot;
    ERIX_CHECK_EQ(erix_xfer_table_validate(&t, 4096), ERIX_ERR_MALFORMED);
}

static void tokens(void)
{
    uint64_t t = ERIX_TOKEN(513, 0xdeadbeefu);
    ERIX_CHECK(ERIX_TOKEN_VALID(t));
    ERIX_CHECK_EQ(ERIX_TOKEN_INDEX(t), 513);
    ERIX_CHECK_EQ(ERIX_TOKEN_SEQ(t), 0xdeadbeefu);
    ERIX_CHECK(!ERIX_TOKEN_VALID(0));
}

int main(void)
{
    ERIX_RUN(headers);
    ERIX_RUN(argument_words);
    ERIX_RUN(transfer_tables);
    ERIX_RUN(tokens);
    return erix_test_finish();
}
