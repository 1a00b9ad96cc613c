/*
 * ipc.c - validators for what a sender hands the kernel: the header word, the
 * transport argument word and the capability transfer table. Each checks
 * everything and changes nothing.
 */
#include <erix/ipc.h>

erix_status_t erix_msg_header_validate(uint64_t header)
{
    if (ERIX_MSG_LEN(header) > ERIX_IPC_MAX_BODY)
        return ERIX_ERR_MALFORMED;
    if ((ERIX_MSG_FLAGS(header) & ~ERIX_MSG_FLAGS_SENDER) != 0)
        return ERIX_ERR_MALFORMED;
    return ERIX_OK;
}

erix_status_t erix_ipc_arg_validate(uint64_t arg, uint32_t slot_limit)
{
    if ((arg & ERIX_IPC_ARG_RESERVED) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((arg & ERIX_IPC_POLL) != 0 && (arg & ERIX_IPC_TIMED) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((arg & ERIX_IPC_TIMED) == 0 && (arg >> 32) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((arg & ERIX_IPC_SLOT_MASK) >= slot_limit)
        return ERIX_ERR_INVALID_SLOT;
    return ERIX_OK;
}

static erix_status_t check_entry(const struct erix_xfer_entry *e, uint32_t slot_limit)
{
    if (e->reserved != 0 || e->mode > ERIX_XFER_MODE_MOVE)
        return ERIX_ERR_MALFORMED;
    if (e->slot == 0 || e->slot >= slot_limit)
        return ERIX_ERR_INVALID_SLOT;
    return ERIX_OK;
}

erix_status_t erix_xfer_table_validate(const struct erix_xfer_table *table, uint32_t slot_limit)
{
    const struct erix_xfer_prelude *p = &table->prelude;
    if (p->version != ERIX_XFER_VERSION_1)
        return ERIX_ERR_VERSION;
    if (p->count == 0 || p->count > ERIX_XFER_MAX_ENTRIES || p->reserved != 0)
        return ERIX_ERR_MALFORMED;
    for (uint32_t i = 0; i < p->count; i++) {
        erix_status_t st = check_entry(&table->entries[i], slot_limit);
        if (st != ERIX_OK)
            return st;
        for (uint32_t j = 0; j < i; j++)
            if (table->entries[j].slot == table->entries[i].slot)
                return ERIX_ERR_MALFORMED;
    }
    return ERIX_OK;
}
