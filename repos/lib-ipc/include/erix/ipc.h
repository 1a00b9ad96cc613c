/*
 * erix/ipc.h - messages: header, body, IPC buffer and capability transfer table.
 *
 * A message is a header word (op id, flags, body length) and a body of up to
 * ERIX_IPC_MAX_BODY bytes. The first ERIX_IPC_REG_BODY bytes travel in
 * registers (rdx, r10, r8, r9); the rest in the sender's IPC buffer, from which
 * the kernel copies them into the receiver's. A message may carry a capability
 * transfer table (flag ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1), which lives in the
 * IPC buffer, never in the body.
 *
 * Register convention of the transport syscalls (erix/syscall.h):
 *   in:  rdi = endpoint slot | ERIX_IPC_* flags | (timeout_us << 32)
 *        rsi = header, rdx r10 r8 r9 = body words 0..3
 *        REPLY and REPLY_RECV pass the reply token in the IPC buffer
 *   out: rax = status, rdi = reply token (0 when no reply is expected),
 *        rsi = header, rdx r10 r8 r9 = body words 0..3
 */
#ifndef ERIX_IPC_H
#define ERIX_IPC_H

#include <stddef.h>
#include <stdint.h>

#include <erix/status.h>

#define ERIX_IPC_MAX_BODY 1024u
#define ERIX_IPC_REG_BODY 32u
#define ERIX_IPC_REG_WORDS 4u

/* rdi of CALL, RECV, NOTIFY, REPLY_RECV: slot in bits 0-15, flags, timeout. */
#define ERIX_IPC_SLOT_MASK 0xffffull
#define ERIX_IPC_POLL (1ull << 16)  /* do not block: ERIX_ERR_WOULD_BLOCK */
#define ERIX_IPC_TIMED (1ull << 17) /* block at most timeout_us (bits 32-63) */
#define ERIX_IPC_ARG_RESERVED 0x00000000fffc0000ull /* must be zero */
#define ERIX_IPC_ARG(slot, flags, timeout_us)                                  \
    ((uint64_t)(slot) | (uint64_t)(flags) | ((uint64_t)(timeout_us) << 32))

/* Header word: op in bits 0-31, flags in 32-47, body length in 48-63. */
#define ERIX_MSG_HEADER(op, flags, len)                                        \
    ((uint64_t)(uint32_t)(op) | ((uint64_t)(uint16_t)(flags) << 32) |         \
     ((uint64_t)(uint16_t)(len) << 48))
#define ERIX_MSG_OP(h) ((uint32_t)(uint64_t)(h))
#define ERIX_MSG_FLAGS(h) ((uint16_t)((uint64_t)(h) >> 32))
#define ERIX_MSG_LEN(h) ((uint16_t)((uint64_t)(h) >> 48))

/* Header flags. Senders may set only ERIX_MSG_FLAGS_SENDER. */
#define ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1 0x0001u
#define ERIX_MSG_FLAG_KERNEL_EVENT 0x8000u /* set only by the kernel */
#define ERIX_MSG_FLAGS_SENDER 0x0001u

/* Capability transfer table v1: a fixed prelude and up to 4 entries. */
#define ERIX_XFER_VERSION_1 1u
#define ERIX_XFER_MAX_ENTRIES 4u
#define ERIX_XFER_MODE_COPY 0u /* the sender keeps its capability */
#define ERIX_XFER_MODE_MOVE 1u /* the sender's slot is emptied */

struct erix_xfer_prelude {
    uint16_t version; /* ERIX_XFER_VERSION_1 */
    uint16_t count;   /* 1..ERIX_XFER_MAX_ENTRIES */
    uint32_t reserved;
};

struct erix_xfer_entry {
    uint32_t slot;        /* sender: source slot; receiver: where it landed */
    uint8_t rights_mask;  /* sender: rights kept; receiver: rights installed */
    uint8_t mode;         /* ERIX_XFER_MODE_*; receiver: capability type */
    uint16_t reserved;
};

struct erix_xfer_table {
    struct erix_xfer_prelude prelude;
    struct erix_xfer_entry entries[ERIX_XFER_MAX_ENTRIES];
};

/*
 * The IPC buffer: one page per thread at ERIX_IPC_BUFFER_VADDR. Body words 0-3
 * are mirrored in registers by the syscall stubs; the kernel reads and writes
 * body words 4.. here.
 */
struct erix_ipc_buffer {
    uint64_t body[ERIX_IPC_MAX_BODY / 8];
    struct erix_xfer_table send_xfer;   /* read by the kernel when the flag is set */
    struct erix_xfer_table recv_xfer;   /* written by the kernel on delivery */
    uint32_t recv_window_base;          /* transferred caps land in the first */
    uint32_t recv_window_count;         /*   empty slots of this window */
    uint64_t recv_badge;                /* badge of the capability used to send */
    uint64_t reply_token;               /* REPLY, REPLY_RECV: whom to answer */
    uint32_t recv_sender_pid;           /* process id of the sender */
    uint32_t reserved0;
    uint64_t user[32];                  /* the runtime library's (lib-rt uses user[0] bit 0) */
};

_Static_assert(sizeof(struct erix_xfer_prelude) == 8, "xfer prelude is 8 bytes");
_Static_assert(sizeof(struct erix_xfer_entry) == 8, "xfer entry is 8 bytes");
_Static_assert(sizeof(struct erix_xfer_table) == 40, "xfer table is 40 bytes");
_Static_assert(offsetof(struct erix_ipc_buffer, send_xfer) == 1024, "send_xfer at 1024");
_Static_assert(offsetof(struct erix_ipc_buffer, recv_xfer) == 1064, "recv_xfer at 1064");
_Static_assert(offsetof(struct erix_ipc_buffer, recv_window_base) == 1104, "window at 1104");
_Static_assert(offsetof(struct erix_ipc_buffer, recv_badge) == 1112, "badge at 1112");
_Static_assert(offsetof(struct erix_ipc_buffer, reply_token) == 1120, "token at 1120");
_Static_assert(offsetof(struct erix_ipc_buffer, recv_sender_pid) == 1128, "pid at 1128");
_Static_assert(sizeof(struct erix_ipc_buffer) <= 4096, "IPC buffer fits one page");

/* Check a header a sender wrote: length bound and sender-settable flags only. */
erix_status_t erix_msg_header_validate(uint64_t header);

/* Check the transport argument word (slot bound, reserved bits zero). */
erix_status_t erix_ipc_arg_validate(uint64_t arg, uint32_t slot_limit);

/*
 * Check a sender's transfer table: version 1, 1..4 entries, known modes,
 * reserved fields zero, slots below slot_limit and pairwise distinct.
 */
erix_status_t erix_xfer_table_validate(const struct erix_xfer_table *table,
                                       uint32_t slot_limit);

/*
 * Service replies: a server answers with the header op set to its status for the
 * request (an erix_status_t; ERIX_OK on success) and the response as the body.
 * The transport status (rax) only says whether the message moved.
 */
#define ERIX_REPLY_STATUS(header) ((erix_status_t)ERIX_MSG_OP(header))

/* Reply tokens: who to answer (thread index) and which call (sequence). */
#define ERIX_TOKEN(index, seq) (((uint64_t)(seq) << 16) | (uint64_t)(index) | (1ull << 63))
#define ERIX_TOKEN_INDEX(t) ((uint32_t)((uint64_t)(t) & 0xffffu))
#define ERIX_TOKEN_SEQ(t) ((uint32_t)(((uint64_t)(t) >> 16) & 0xffffffffu))
#define ERIX_TOKEN_VALID(t) (((uint64_t)(t) >> 63) != 0)

/* Kernel events a manager receives (header flag ERIX_MSG_FLAG_KERNEL_EVENT). */
#define ERIX_EVENT_EXIT 0xe001u    /* body: struct erix_event */
#define ERIX_EVENT_FAULT 0xe002u
#define ERIX_EVENT_STOPPED 0xe003u /* managed stop (KILL_PROCESS) */

struct erix_event {
    uint32_t pid;
    uint32_t kind;    /* ERIX_EVENT_* again, for convenience */
    uint64_t code;    /* exit code, fault vector, or stop reason */
    uint64_t address; /* fault address (cr2 for page faults) */
    uint64_t rip;     /* faulting instruction */
};
_Static_assert(sizeof(struct erix_event) == 32, "an event travels in registers");

#endif
