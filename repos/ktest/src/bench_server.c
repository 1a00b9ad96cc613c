/*
 * bench_server.c - bench-ipc's server child (ROLE_BENCH): timestamps each
 * message on arrival into the shared page and answers it at once. Linked into
 * every ktest program, since the child's role dispatch (child.c) is common.
 */
#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/rt.h>
#include <erix/sys.h>

#include "bench_shared.h"
#include "ktest.h"

static void server_record(struct shared *sh, uint32_t i, uint64_t t)
{
    if (i < KTEST_BENCH_RUNS + KTEST_BENCH_WARMUP)
        sh->samples[i] = t - sh->t_send;
}

_Noreturn void ktest_bench_server(uint64_t param)
{
    struct shared *sh = (struct shared *)(uintptr_t)param;
    struct erix_ipc_buffer *buf = erix_ipc_buffer();
    struct erix_msg_regs m = {0};
    erix_recv_window(200, 8);
    erix_status_t st = erix_sys_recv(ERIX_IPC_ARG(KTEST_CHILD_PEER_SLOT, 0, 0), &m);
    for (uint32_t i = 0;; i++) {
        uint64_t t = erix_rdtsc();
        if (st != ERIX_OK)
            erix_exit(0xe0);
        uint32_t phase = ERIX_MSG_OP(m.header);
        uint32_t index = (uint32_t)m.w[0];
        server_record(sh, index, t);
        if (phase == PHASE_CAP && buf->recv_xfer.prelude.count == 1)
            erix_sys_drop_local_cap(buf->recv_xfer.entries[0].slot);
        if (phase == PHASE_NOTIFY || m.token == 0) {
            st = erix_sys_recv(ERIX_IPC_ARG(KTEST_CHILD_PEER_SLOT, 0, 0), &m);
            continue;
        }
        buf->reply_token = m.token;
        m.header = ERIX_MSG_HEADER(phase, 0, 0);
        sh->t_reply = erix_rdtsc();
        st = erix_sys_reply_recv(ERIX_IPC_ARG(KTEST_CHILD_PEER_SLOT, 0, 0), &m);
    }
}
