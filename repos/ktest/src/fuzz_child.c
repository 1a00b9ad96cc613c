/*
 * fuzz_child.c - a child that throws seeded random system calls and
 * kernel-control requests at the kernel, with only its own authority (its
 * fault endpoint, a PROCESS family endpoint and a little untyped memory). It
 * must get typed errors, never take the kernel down. Transport calls are made
 * non-blocking (POLL or a short timeout) so the run always finishes.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc.h>
#include <erix/kctl.h>
#include <erix/sys.h>

#include "ktest.h"

static uint64_t state;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static uint64_t below(uint64_t n)
{
    return next() % n;
}

static uint32_t any_slot(void)
{
    static const uint32_t held[] = {KTEST_CHILD_EVENT_SLOT, KTEST_FUZZ_KCTL_SLOT,
                                    KTEST_FUZZ_UNTYPED_SLOT, 0, 4095};
    switch (below(4)) {
    case 0: return (uint32_t)below(64);
    case 1: return (uint32_t)below(ERIX_CSPACE_SLOTS);
    case 2: return (uint32_t)next();
    default: return held[below(sizeof held / sizeof held[0])];
    }
}

/* The argument word of a transport call: never a blocking wait. */
static uint64_t transport_arg(void)
{
    uint64_t slot = below(8) == 0 ? (next() & 0xffff) : any_slot() & 0xffff;
    switch (below(6)) {
    case 0: return slot | ERIX_IPC_TIMED | ((1 + below(500)) << 32);
    case 1: return next() | ERIX_IPC_POLL; /* reserved bits, bad combinations */
    default: return slot | ERIX_IPC_POLL;
    }
}

static uint64_t header(void)
{
    uint32_t op = below(4) == 0 ? (uint32_t)next() : (uint32_t)below(ERIX_KCTL_OP_LIMIT + 8);
    uint16_t flags = below(5) == 0 ? (uint16_t)next() : (below(4) == 0 ? 1 : 0);
    uint16_t len = below(6) == 0 ? (uint16_t)next() : (uint16_t)below(ERIX_IPC_MAX_BODY + 80);
    return ERIX_MSG_HEADER(op, flags, len);
}

/* Scribble on what the kernel reads from the IPC buffer. */
static void scramble_buffer(void)
{
    struct erix_ipc_buffer *b = erix_ipc_buffer();
    unsigned words = (unsigned)below(16);
    for (unsigned i = 0; i < words; i++)
        b->body[below(ERIX_IPC_MAX_BODY / 8)] = below(3) == 0 ? any_slot() : next();
    if (below(4) == 0) {
        uint64_t raw[5];
        for (unsigned i = 0; i < 5; i++)
            raw[i] = below(2) == 0 ? next() : (uint64_t)any_slot();
        memcpy(&b->send_xfer, raw, sizeof b->send_xfer);
    }
    if (below(8) == 0) {
        b->recv_window_base = any_slot();
        b->recv_window_count = (uint32_t)below(4096);
    }
    if (below(4) == 0)
        b->reply_token = below(2) == 0 ? next() : ERIX_TOKEN(below(64), below(8));
}

static void fuzz_transport(void)
{
    static const uint64_t nrs[] = {ERIX_SYS_CALL, ERIX_SYS_RECV, ERIX_SYS_REPLY, ERIX_SYS_NOTIFY,
                                   ERIX_SYS_REPLY_RECV};
    struct erix_msg_regs m = {header(), {next(), any_slot(), next(), any_slot()}, 0};
    uint64_t nr = nrs[below(sizeof nrs / sizeof nrs[0])];
    uint64_t arg = transport_arg();
    if (nr == ERIX_SYS_CALL && below(2) == 0) /* aim at the kernel family now and then */
        arg = KTEST_FUZZ_KCTL_SLOT | (below(3) == 0 ? ERIX_IPC_POLL : 0);
    (void)erix_sys_transport(nr, arg, &m);
}

static void fuzz_other(void)
{
    struct erix_cap_info info;
    switch (below(6)) {
    case 0: (void)erix_sys_null(); break;
    case 1: (void)erix_sys_yield(); break;
    case 2: (void)erix_sys_query_local_cap((uint32_t)any_slot(), &info); break;
    case 3: /* drop: anything but the tools it fuzzes with, mostly */
        if (below(50) == 0)
            (void)erix_sys_drop_local_cap(any_slot());
        break;
    case 4: { /* any number but log, exit and the (blocking) transports, which have their own */
        uint64_t nr = below(0x80);
        if (nr != ERIX_SYS_DEBUG_LOG && nr != ERIX_SYS_EXIT &&
            (nr < ERIX_SYS_CALL || nr > ERIX_SYS_REPLY_RECV))
            (void)erix_sys2(nr, next(), next());
        break;
    }
    default: (void)erix_sys_rootd_report(below(4), next(), below(80)); break; /* not root */
    }
}

int64_t ktest_fuzz_child(uint64_t param)
{
    uint64_t iterations = param >> 32;
    state = (param & 0xffffffffu) * 0x9e3779b97f4a7c15ull + 1;
    for (uint64_t i = 0; i < iterations; i++) {
        if (below(3) == 0)
            scramble_buffer();
        if (below(3) == 0)
            fuzz_other();
        else
            fuzz_transport();
    }
    return (int64_t)iterations;
}
