/*
 * child.c - what a child spawned from a test root task's image does, chosen by
 * its startup arguments (a0 = KTEST_CHILD_MAGIC, a1 = role, a2 = param). The
 * faulting roles are how the tests show that a user fault stops only the
 * faulting process; the suite's roles (ktest-suite) are clients, servers,
 * probes and counters that report what they saw through their exit code or
 * their replies.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/kctl_rt.h>
#include <erix/rt.h>
#include <erix/sys.h>

#include "ktest.h"

/* Initialised so it lands in .data (R+W, never executable). */
static volatile uint8_t data_page[4096] __attribute__((aligned(4096))) = {0xc3};

/* Read and written by the suite: each process has its own copy of both. */
volatile uint64_t ktest_cell = KTEST_CELL_INIT;
uint8_t ktest_rw_page[4096] __attribute__((aligned(4096)));

static int64_t caps_bitmap(void)
{
    int64_t bits = 0;
    struct erix_cap_info ci;
    for (uint32_t s = 1; s < 16; s++)
        if (erix_cap_info(s, &ci) == ERIX_OK)
            bits |= 1ll << s;
    return bits;
}

static _Noreturn void serve_echo(void)
{
    struct erix_msg m;
    erix_status_t st = erix_recv(KTEST_CHILD_PEER_SLOT, 0, 0, &m);
    for (;;) {
        if (st != ERIX_OK)
            erix_exit(0xe0 + (uint64_t)st);
        st = erix_reply_recv(KTEST_CHILD_PEER_SLOT, m.token, m.op, m.body, m.len, &m);
    }
}

/* ---- the suite's roles ----------------------------------------------------------- */

static uint64_t status_exit(erix_status_t st, uint64_t ok_code)
{
    return st == ERIX_OK ? ok_code : KTEST_EXIT_STATUS(st);
}

static uint64_t capinfo(uint32_t slot)
{
    struct erix_cap_info ci = {0};
    erix_status_t st = erix_cap_info(slot, &ci);
    return ktest_capinfo_code((uint32_t)st, ci.type, ci.rights, ci.endpoint_kind, ci.aux);
}

static uint64_t client(uint64_t param)
{
    uint64_t resp = 0;
    uint16_t len = 0;
    erix_status_t st = erix_call(KTEST_CHILD_PEER_SLOT, KTEST_CLIENT_OP, &param, sizeof param,
                                 &resp, sizeof resp, &len);
    return status_exit(st, resp);
}

static uint64_t recv_then_exit(void)
{
    struct erix_msg m;
    return status_exit(erix_recv(KTEST_CHILD_PEER_SLOT, 0, 0, &m), KTEST_RECV_EXIT_CODE);
}

static uint32_t window_used(uint32_t base, uint32_t count)
{
    struct erix_cap_info ci;
    uint32_t used = 0;
    for (uint32_t s = base; s < base + count; s++)
        used += erix_cap_info(s, &ci) == ERIX_OK;
    return used;
}

static void describe(const struct erix_msg *m, uint64_t param, uint64_t messages,
                     struct ktest_probe_report *r)
{
    uint32_t base = (uint32_t)(param & 0xffff), count = (uint32_t)((param >> 16) & 0xffff);
    uint32_t prev = r->body_sum;
    *r = (struct ktest_probe_report){m->op, m->len, m->flags, m->badge, m->sender_pid, 0,
                                     {{0, 0, 0, 0}}, 0, 0, prev, 0, messages};
    r->xfer_count = erix_xfer_received(r->xfer);
    r->window_used = window_used(base, count);
    for (uint16_t i = 0; i < m->len; i++)
        r->body_sum += m->body[i];
}

static _Noreturn void probe(uint64_t param)
{
    struct erix_msg m;
    struct ktest_probe_report r = {0};
    erix_recv_window((uint32_t)(param & 0xffff), (uint32_t)((param >> 16) & 0xffff));
    for (uint64_t n = 1;; n++) {
        erix_status_t st = erix_recv(KTEST_CHILD_PEER_SLOT, 0, 0, &m);
        if (st != ERIX_OK)
            erix_exit(KTEST_EXIT_STATUS(st));
        describe(&m, param, n, &r);
        if (m.token != 0 && (st = erix_reply(KTEST_CHILD_PEER_SLOT, m.token, ERIX_OK, &r,
                                             sizeof r)) != ERIX_OK)
            erix_exit(KTEST_EXIT_STATUS(st));
    }
}

static uint64_t reply_token(uint64_t token)
{
    return (uint64_t)erix_reply(KTEST_CHILD_PEER_SLOT, token, 0, NULL, 0);
}

static _Noreturn void count_forever(volatile uint64_t *counter, bool yield)
{
    for (;;) {
        (*counter)++;
        if (yield)
            erix_sys_yield();
    }
}

static uint64_t timed_recv(uint64_t us)
{
    struct erix_msg m;
    return (uint64_t)erix_recv(KTEST_CHILD_PEER_SLOT, ERIX_IPC_TIMED, (uint32_t)us, &m);
}

static uint64_t kctl_probe(uint32_t slot)
{
    struct erix_kctl_query_cap_resp out;
    return (uint64_t)erix_kctl_query_cap(slot, KTEST_CHILD_EVENT_SLOT, 0, &out);
}

static uint64_t wake_flag(volatile uint64_t *flag)
{
    (void)timed_recv(20000);
    *flag = 1;
    return 0;
}

/* A timed receive that gets its message, then a blocking one: a deadline the
 * first left behind would end the second with TIMEOUT. */
static uint64_t recv_twice(uint64_t us)
{
    struct erix_msg m;
    erix_status_t st = erix_recv(KTEST_CHILD_PEER_SLOT, ERIX_IPC_TIMED, (uint32_t)us, &m);
    if (st != ERIX_OK)
        return KTEST_EXIT_STATUS(st);
    return (uint64_t)erix_recv(KTEST_CHILD_PEER_SLOT, 0, 0, &m);
}

/* `depth` frames of 1 KiB (ROLE_STACK_OVERFLOW asks for more than the stack holds). */
__attribute__((noinline)) static uint64_t recurse(volatile uint8_t *prev, uint64_t depth)
{
    volatile uint8_t frame[1024];
    frame[0] = (uint8_t)(prev != NULL ? prev[0] + 1 : 0);
    if (depth == 0)
        return frame[0];
    return recurse(frame, depth - 1) + frame[0]; /* not a tail call: every frame stays */
}

/* A server in the middle: each call it receives, it makes to slot 12, and answers
 * with that answer (a caller that is itself being called). */
static _Noreturn void forward(void)
{
    static uint8_t body[ERIX_IPC_MAX_BODY], answer[ERIX_IPC_MAX_BODY];
    struct erix_msg m;
    for (;;) {
        uint16_t len = 0;
        erix_status_t st = erix_recv(KTEST_CHILD_PEER_SLOT, 0, 0, &m);
        uint64_t token = m.token;
        uint32_t op = m.op;
        if (st == ERIX_OK) {
            memcpy(body, m.body, m.len);
            st = erix_call(12, op, body, m.len, answer, sizeof answer, &len);
        }
        if (st == ERIX_OK)
            st = erix_reply(KTEST_CHILD_PEER_SLOT, token, op, answer, len);
        if (st != ERIX_OK)
            erix_exit(KTEST_EXIT_STATUS(st));
    }
}

/* A server whose answer differs from the question (REPLY_RECV's own body). */
static _Noreturn void serve_xor(void)
{
    static uint8_t out[ERIX_IPC_MAX_BODY];
    struct erix_msg m;
    erix_status_t st = erix_recv(KTEST_CHILD_PEER_SLOT, 0, 0, &m);
    for (;;) {
        if (st != ERIX_OK)
            erix_exit(KTEST_EXIT_STATUS(st));
        for (uint16_t i = 0; i < m.len; i++)
            out[i] = (uint8_t)(m.body[i] ^ 0xff);
        st = erix_reply_recv(KTEST_CHILD_PEER_SLOT, m.token, m.op, out, m.len, &m);
    }
}

static int64_t suite_role(uint64_t role, uint64_t param)
{
    switch (role) {
    case ROLE_CAPINFO: return (int64_t)capinfo((uint32_t)param);
    case ROLE_READ: return (int64_t)*(volatile uint64_t *)(uintptr_t)param;
    case ROLE_CLIENT: return (int64_t)client(param);
    case ROLE_RECV_EXIT: return (int64_t)recv_then_exit();
    case ROLE_PROBE: probe(param);
    case ROLE_REPLY_TOKEN: return (int64_t)reply_token(param);
    case ROLE_BUSY: count_forever((volatile uint64_t *)(uintptr_t)param, false);
    case ROLE_YIELD_COUNT: count_forever((volatile uint64_t *)(uintptr_t)param, true);
    case ROLE_TIMED_RECV: return (int64_t)timed_recv(param);
    case ROLE_REPORT: return erix_rootd_report_stage("CHILD_STAGE");
    case ROLE_KCTL_PROBE: return (int64_t)kctl_probe((uint32_t)param);
    case ROLE_NOTIFY:
        return erix_notify(KTEST_CHILD_PEER_SLOT, 0, 0, KTEST_NOTIFY_OP, &param, sizeof param);
    case ROLE_DEBUG_LOG: return erix_sys_debug_log("ktest child log line", 20);
    case ROLE_JUMP: ((void (*)(void))(uintptr_t)param)(); break;
    case ROLE_FAULT: ktest_fault_run((uint32_t)param); break;
    case ROLE_WAKE_FLAG: return (int64_t)wake_flag((volatile uint64_t *)(uintptr_t)param);
    case ROLE_XOR_SERVER: serve_xor();
    case ROLE_FORWARD: forward();
    case ROLE_RECV_TWICE: return (int64_t)recv_twice(param);
    case ROLE_STACK_OVERFLOW: return (int64_t)recurse(NULL, param);
    case ROLE_IRQ_WAIT: return erix_kctl_irq_wait(12, (uint32_t)param, 0);
    case ROLE_DROP_FAULT:
        (void)erix_cap_drop((uint32_t)param);
        ktest_fault_run(KTEST_FAULT_UD);
        break;
    case ROLE_PORT_WRITE:
        return erix_kctl_port_write8((uint32_t)(param >> 32), (uint16_t)(param >> 8),
                                     (uint8_t)param);
    default: break;
    }
    return KTEST_EXIT_NO_FAULT;
}

static int64_t run_role(uint64_t role, uint64_t param)
{
    switch (role) {
    case ROLE_EXIT: return (int64_t)param;
    case ROLE_WRITE_KERNEL: *(volatile uint64_t *)0xffffffff80000000ull = 1; break;
    case ROLE_EXEC_DATA: ((void (*)(void))(uintptr_t)data_page)(); break;
    case ROLE_UD: __builtin_trap();
    case ROLE_DIVIDE: {
        volatile int64_t zero = 0;
        return 100 / zero;
    }
    case ROLE_PRIVILEGED: __asm__ volatile("hlt"); break;
    case ROLE_SERVER: serve_echo();
    case ROLE_SPIN:
        for (;;)
            erix_sys_yield();
    case ROLE_NULL_WRITE: *(volatile uint64_t *)(uintptr_t)param = 1; break;
    case ROLE_CAPS: return caps_bitmap();
    case ROLE_BENCH: ktest_bench_server(param);
    case ROLE_FUZZ: return ktest_fuzz_child(param);
    case ROLE_PORT: __asm__ volatile("outb %%al, $0x80" : : "a"(0)); break;
    default: return suite_role(role, param);
    }
    return 0xee; /* a faulting role that did not fault */
}

void ktest_child_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    if (a0 != KTEST_CHILD_MAGIC)
        return;
    erix_exit((uint64_t)run_role(a1, a2));
}
