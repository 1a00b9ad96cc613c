/*
 * bench.c - ktest-bench, the root task of bench-ipc (its server child is
 * bench_server.c).
 *
 * Measured as seL4's sel4bench does: rdtsc right before the system call in the
 * sender, rdtsc right after the return in the receiver, minus the cost of two
 * back-to-back rdtsc; the median of KTEST_BENCH_RUNS after a warm-up. Run under
 * QEMU -icount shift=0, where the TSC advances by one per guest instruction, so
 * the numbers are instruction counts and repeat exactly. The timestamps cross
 * between the two address spaces through one shared page.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/kctl.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rootd_report.h>
#include <erix/rt.h>
#include <erix/sys.h>

#include "bench_shared.h"
#include "ktest.h"

/* ---- the client (root task) ------------------------------------------------- */

static struct ktest_env env;
static uint64_t reply_samples[KTEST_BENCH_RUNS + KTEST_BENCH_WARMUP];
static uint64_t sorted[KTEST_BENCH_RUNS];

static uint64_t median(const volatile uint64_t *v)
{
    for (uint32_t i = 0; i < KTEST_BENCH_RUNS; i++) {
        uint64_t x = v[KTEST_BENCH_WARMUP + i];
        uint32_t j = i;
        for (; j > 0 && sorted[j - 1] > x; j--)
            sorted[j] = sorted[j - 1];
        sorted[j] = x;
    }
    return sorted[KTEST_BENCH_RUNS / 2];
}

static uint64_t rdtsc_overhead(void)
{
    static uint64_t v[KTEST_BENCH_RUNS + KTEST_BENCH_WARMUP];
    for (uint32_t i = 0; i < KTEST_BENCH_RUNS + KTEST_BENCH_WARMUP; i++) {
        uint64_t a = erix_rdtsc();
        uint64_t b = erix_rdtsc();
        v[i] = b - a;
    }
    return median(v);
}

static uint64_t null_syscall(void)
{
    static uint64_t v[KTEST_BENCH_RUNS + KTEST_BENCH_WARMUP];
    for (uint32_t i = 0; i < KTEST_BENCH_RUNS + KTEST_BENCH_WARMUP; i++) {
        uint64_t a = erix_rdtsc();
        erix_sys_null();
        uint64_t b = erix_rdtsc();
        v[i] = b - a;
    }
    return median(v);
}

static erix_status_t call_phase(struct shared *sh, uint32_t ep, uint32_t phase, uint32_t cap_slot)
{
    struct erix_ipc_buffer *buf = erix_ipc_buffer();
    uint16_t len = phase == PHASE_BODY64 ? 64 : (phase == PHASE_EMPTY ? 0 : 8);
    uint16_t flags = phase == PHASE_CAP ? ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1 : 0;
    for (uint32_t i = 0; i < KTEST_BENCH_RUNS + KTEST_BENCH_WARMUP; i++) {
        struct erix_msg_regs m = {ERIX_MSG_HEADER(phase, flags, len), {i, 1, 2, 3}, 0};
        if (phase == PHASE_CAP)
            buf->send_xfer = (struct erix_xfer_table){
                {ERIX_XFER_VERSION_1, 1, 0}, {{cap_slot, ERIX_RIGHT_SEND, ERIX_XFER_MODE_COPY, 0}}};
        uint64_t t = erix_rdtsc();
        sh->t_send = t;
        erix_status_t st = erix_sys_call(ERIX_IPC_ARG(ep, 0, 0), &m);
        uint64_t back = erix_rdtsc();
        if (st != ERIX_OK)
            return st;
        reply_samples[i] = back - sh->t_reply;
    }
    return ERIX_OK;
}

static erix_status_t notify_phase(struct shared *sh, uint32_t ep)
{
    for (uint32_t i = 0; i < KTEST_BENCH_RUNS + KTEST_BENCH_WARMUP; i++) {
        struct erix_msg_regs m = {ERIX_MSG_HEADER(PHASE_NOTIFY, 0, 0), {i, 0, 0, 0}, 0};
        uint64_t t = erix_rdtsc();
        sh->t_send = t;
        erix_status_t st = erix_sys_notify(ERIX_IPC_ARG(ep, 0, 0), &m);
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

static void report(const char *name, uint64_t raw, uint64_t overhead)
{
    erix_log("BENCH name=%s insns=%llu raw=%llu", name,
             (unsigned long long)(raw > overhead ? raw - overhead : 0), (unsigned long long)raw);
}

static erix_status_t setup(struct ktest_child *c, struct shared **sh)
{
    erix_status_t st = ktest_child_create(&env, 0, 200, true, c);
    uint32_t frame = ktest_child_spare_slot(c, 0), copy = ktest_child_spare_slot(c, 1);
    uint32_t pages = (uint32_t)((sizeof(struct shared) + 4095) / 4096);
    if (st == ERIX_OK)
        st = erix_kctl_retype_frame(env.kctl, c->pool, frame, pages);
    if (st == ERIX_OK)
        st = erix_kctl_map_frame(env.kctl, ERIX_SLOT_SELF_VSPACE, frame, SHARED_VADDR,
                                 ERIX_MAP_READ | ERIX_MAP_WRITE);
    if (st == ERIX_OK)
        st = erix_kctl_copy(env.kctl, frame, copy, ERIX_RIGHTS_ALL, 0);
    if (st == ERIX_OK)
        st = erix_kctl_map_frame(env.kctl, c->r.vspace_slot, copy, SHARED_VADDR,
                                 ERIX_MAP_READ | ERIX_MAP_WRITE);
    if (st == ERIX_OK)
        st = ktest_child_run(&env, c, ROLE_BENCH, SHARED_VADDR);
    *sh = (struct shared *)(uintptr_t)SHARED_VADDR;
    return st;
}

static erix_status_t run_calls(struct shared *sh, uint32_t ep, uint64_t overhead)
{
    static const struct {
        uint32_t phase;
        const char *call, *reply;
    } phases[] = {
        {PHASE_EMPTY, "call-empty", "reply-empty"},
        {PHASE_BODY64, "call-body64", "reply-after-body64"},
        {PHASE_CAP, "call-cap1", "reply-after-cap1"},
    };
    for (unsigned p = 0; p < sizeof phases / sizeof phases[0]; p++) {
        erix_status_t st = call_phase(sh, ep, phases[p].phase, ep);
        if (st != ERIX_OK)
            return st;
        report(phases[p].call, median(sh->samples), overhead);
        report(phases[p].reply, median(reply_samples), overhead);
    }
    return ERIX_OK;
}

static erix_status_t run(void)
{
    struct ktest_child c;
    struct shared *sh;
    erix_status_t st = setup(&c, &sh);
    if (st != ERIX_OK)
        return st;
    uint64_t overhead = rdtsc_overhead();
    report("rdtsc-overhead", overhead, 0);
    report("null-syscall", null_syscall(), overhead);
    if ((st = run_calls(sh, c.peer_ep, overhead)) != ERIX_OK)
        return st;
    /* NOTIFY: the server must outrank the sender to run at once */
    if ((st = erix_kctl_set_priority(env.kctl, ERIX_SLOT_SELF_TCB, 150)) != ERIX_OK ||
        (st = notify_phase(sh, c.peer_ep)) != ERIX_OK)
        return st;
    report("notify", median(sh->samples), overhead);
    return ktest_child_destroy(&env, &c);
}

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    ktest_child_main(a0, a1, a2);
    (void)a2;
    erix_status_t st = ktest_env_init(&env, a0, a1, ERIX_SLOT_KERNEL_PROCESS);
    if (st == ERIX_OK)
        st = run();
    if (st != ERIX_OK) {
        erix_log("BENCH_FAILED status=%s", erix_status_name(st));
        erix_rootd_report_status(ERIX_ROOTD_STATUS_INTERNAL_ERROR);
        return 1;
    }
    erix_log("BENCH_DONE runs=%u warmup=%u", KTEST_BENCH_RUNS, KTEST_BENCH_WARMUP);
    erix_rootd_report_status(ERIX_ROOTD_STATUS_READY);
    return 0;
}
