/*
 * suite_sched.c - scheduler tests: strict priorities (a lower priority does
 * not run while we do; a higher one runs before we continue, whether it is
 * started, uncovered by lowering ourselves, or woken by the timer), the
 * priority ceiling of SET_PRIORITY, yield to an equal priority, round robin
 * between equal priorities, and timed receives that wake up. Children count
 * in a page they share with us. The last three tests lower our own priority
 * for good, so this group runs last.
 */
#include "suite.h"

#define ROOT_PRIORITY 200u

/* A page mapped in the root and at SUITE_CHILD_VA in each of `n` staged children. */
static erix_status_t share_page(struct ktest_child *children, unsigned n,
                                volatile uint64_t **mem)
{
    uint32_t f;
    erix_status_t st = suite_map_new(1, &f, mem);
    for (unsigned i = 0; i < n && st == ERIX_OK; i++) {
        uint32_t copy = suite_copy(f, ERIX_RIGHTS_ALL, 0);
        st = erix_kctl_map_frame(EP, children[i].r.vspace_slot, copy, SUITE_CHILD_VA,
                                 ERIX_MAP_READ | ERIX_MAP_WRITE);
    }
    return st;
}

/* Spin for `us` microseconds without blocking (we stay runnable throughout). */
static void spin_us(uint64_t us)
{
    uint64_t end = suite_now_ns() + us * 1000;
    while (suite_now_ns() < end)
        ;
}

static uint32_t own_priority(void)
{
    struct erix_kctl_process_resp p = {0, 0, 0, 0, 0, 0};
    (void)erix_kctl_query_process(EP, ERIX_SLOT_SELF_TCB, &p);
    return p.priority;
}

static bool lower_priority_waits(void)
{
    struct ktest_child c;
    volatile uint64_t *mem;
    CHECK_OK(suite_child_new(&c, 100, CHILD_FAULT_EP));
    CHECK_OK(share_page(&c, 1, &mem));
    CHECK_OK(suite_child_start(&c, ROLE_BUSY, SUITE_CHILD_VA));
    spin_us(40000); /* four timer ticks, two slices */
    CHECK_EQ(mem[0], 0);
    for (int i = 0; i < 10; i++)
        CHECK_OK(erix_sys_yield()); /* a yield never goes down a priority */
    CHECK_EQ(mem[0], 0);
    suite_sleep_us(20000);
    CHECK(mem[0] > 0, "the child never ran while we slept");
    return true;
}

static bool set_priority_ceiling(void)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    uint32_t ep = suite_endpoint();
    CHECK_EQ(own_priority(), ROOT_PRIORITY);
    CHECK_OK(suite_child_new(&c, 100, CHILD_FAULT_EP));
    CHECK_ST(erix_kctl_set_priority(EP, c.r.tcb_slot, ROOT_PRIORITY + 1), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_set_priority(EP, c.r.tcb_slot, 256), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_set_priority(EP, ERIX_SLOT_SELF_TCB, ROOT_PRIORITY + 1), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_set_priority(EP, ep, 1), ERIX_ERR_WRONG_TYPE);
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.priority, 100);
    CHECK_OK(erix_kctl_set_priority(EP, c.r.tcb_slot, ROOT_PRIORITY));
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.priority, ROOT_PRIORITY);
    CHECK_OK(erix_kctl_set_priority(EP, c.r.tcb_slot, 0));
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.priority, 0);
    CHECK_OK(erix_kctl_set_priority(EP, ERIX_SLOT_SELF_TCB, ROOT_PRIORITY)); /* no change */
    CHECK_EQ(own_priority(), ROOT_PRIORITY);
    return true;
}

/* Raised to our priority, a child runs when we yield, and each yield lets it run again. */
static bool yield_to_equal_priority(void)
{
    struct ktest_child c;
    volatile uint64_t *mem;
    CHECK_OK(suite_child_new(&c, ROOT_PRIORITY - 1, CHILD_FAULT_EP));
    CHECK_OK(share_page(&c, 1, &mem));
    CHECK_OK(suite_child_start(&c, ROLE_YIELD_COUNT, SUITE_CHILD_VA));
    spin_us(30000);
    CHECK_EQ(mem[0], 0); /* one below us: never */
    CHECK_OK(erix_kctl_set_priority(EP, c.r.tcb_slot, ROOT_PRIORITY));
    uint64_t before = mem[0];
    for (int i = 0; i < 5; i++) {
        CHECK_OK(erix_sys_yield());
        CHECK(mem[0] > before, "yield %d did not let the child run", i);
        before = mem[0];
    }
    CHECK_OK(erix_kctl_kill(EP, c.r.tcb_slot, ERIX_KILL_REASON_ABORT));
    return true;
}

/* Two busy children at one priority share the processor by time slices. */
static bool round_robin_by_timer(void)
{
    struct ktest_child c[2];
    volatile uint64_t *mem;
    CHECK_OK(suite_child_new(&c[0], 100, CHILD_FAULT_EP));
    CHECK_OK(suite_child_new(&c[1], 100, CHILD_FAULT_EP));
    CHECK_OK(share_page(c, 2, &mem));
    CHECK_OK(suite_child_start(&c[0], ROLE_BUSY, SUITE_CHILD_VA));
    CHECK_OK(suite_child_start(&c[1], ROLE_BUSY, SUITE_CHILD_VA + 8));
    suite_sleep_us(200000);
    uint64_t a = mem[0], b = mem[1];
    CHECK(a > 0 && b > 0, "counts %llu and %llu: one child never ran", (unsigned long long)a,
          (unsigned long long)b);
    uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
    CHECK(lo * 4 >= hi, "counts %llu and %llu: not a fair share", (unsigned long long)a,
          (unsigned long long)b);
    return true;
}

/* Two yielding children at one priority alternate in FIFO order. */
static bool round_robin_by_yield(void)
{
    struct ktest_child c[2];
    volatile uint64_t *mem;
    CHECK_OK(suite_child_new(&c[0], 100, CHILD_FAULT_EP));
    CHECK_OK(suite_child_new(&c[1], 100, CHILD_FAULT_EP));
    CHECK_OK(share_page(c, 2, &mem));
    CHECK_OK(suite_child_start(&c[0], ROLE_YIELD_COUNT, SUITE_CHILD_VA));
    CHECK_OK(suite_child_start(&c[1], ROLE_YIELD_COUNT, SUITE_CHILD_VA + 8));
    suite_sleep_us(50000);
    uint64_t a = mem[0], b = mem[1];
    CHECK(a > 10 && b > 10, "counts %llu and %llu", (unsigned long long)a,
          (unsigned long long)b);
    uint64_t gap = a > b ? a - b : b - a;
    CHECK(gap <= 2, "counts %llu and %llu do not alternate", (unsigned long long)a,
          (unsigned long long)b);
    return true;
}

static bool timed_receive_wakes(void)
{
    struct ktest_child c;
    uint64_t t0 = suite_now_ns();
    CHECK_OK(suite_child_spawn(&c, ROLE_TIMED_RECV, 30000));
    CHECK_EXIT(&c, ERIX_ERR_TIMEOUT);
    uint64_t took = suite_now_ns() - t0;
    CHECK(took >= 30000000ull && took < 2000000000ull, "a 30 ms receive took %llu ns",
          (unsigned long long)took);
    return true;
}

/* ---- these lower our priority for good ------------------------------------------- */

/* Lowering ourselves below a runnable child hands it the processor at once. */
static bool lowering_self_runs_higher(void)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    CHECK_OK(suite_child_new(&c, ROOT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(suite_child_start(&c, ROLE_EXIT, 0x31)); /* equal: waits its turn */
    CHECK_OK(erix_kctl_set_priority(EP, ERIX_SLOT_SELF_TCB, ROOT_PRIORITY - 10));
    CHECK_OK(suite_child_query(&c, &p));
    CHECK(p.state == ERIX_PROC_EXITED, "state %u: the higher child did not run first", p.state);
    CHECK_EXIT(&c, 0x31);
    CHECK_EQ(own_priority(), ROOT_PRIORITY - 10);
    return true;
}

/* START of a higher-priority child runs it before START returns to us. */
static bool started_higher_runs_first(void)
{
    struct ktest_child c;
    struct erix_kctl_process_resp p;
    volatile uint64_t *mem;
    uint32_t mine = own_priority();
    CHECK_OK(suite_child_new(&c, mine, CHILD_DEFAULT));
    CHECK_OK(share_page(&c, 1, &mem));
    CHECK_OK(erix_kctl_set_priority(EP, ERIX_SLOT_SELF_TCB, mine - 10));
    CHECK_OK(suite_child_start(&c, ROLE_WAKE_FLAG, SUITE_CHILD_VA)); /* store after 20 ms */
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.state, ERIX_PROC_RUNNING); /* it ran and now sleeps in its receive */
    CHECK_EQ(mem[0], 0);
    /* The timer wakes it while we spin: it preempts us, stores and exits. */
    uint64_t t0 = erix_rdtsc();
    while (mem[0] == 0 && erix_rdtsc() - t0 < 20000000000ull)
        ;
    CHECK(mem[0] == 1, "the woken child never preempted us");
    CHECK_OK(suite_child_query(&c, &p));
    CHECK_EQ(p.state, ERIX_PROC_EXITED);
    return true;
}

static const struct suite_test tests[] = {
    {"sched.lower_priority_waits_while_we_run", lower_priority_waits},
    {"sched.set_priority_ceiling", set_priority_ceiling},
    {"sched.yield_to_equal_priority", yield_to_equal_priority},
    {"sched.round_robin_by_timer", round_robin_by_timer},
    {"sched.round_robin_by_yield_fifo", round_robin_by_yield},
    {"sched.timed_receive_wakes", timed_receive_wakes},
    {"sched.lowering_self_runs_higher_child", lowering_self_runs_higher},
    {"sched.started_higher_runs_first_and_wakes_preempt", started_higher_runs_first},
};

SUITE_GROUP(group_sched, tests);
