/*
 * test_sched.c - who runs next: the highest runnable priority, FIFO within a
 * priority, preemption by a woken higher priority on the way out of the
 * kernel (the preempted thread keeps its place), yields and time slices
 * rotating equals only, priority changes taking effect at once, idle when
 * nothing runs.
 * Run with "fast" it enters through the IPC fast paths first, as syscall_entry does.
 */
#include <string.h>

#include <kernel/sched.h>
#include <kernel/tcb.h>

#include "erix_test.h"
#include "world.h"

#define SR (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV)

static struct world w;
static struct proc a, b, c;
static uint32_t shared; /* root slot of the endpoint a, b and c hold at 16 */

/* Three children sharing an endpoint at slot 16, the root still running. */
static void three_and_root(uint32_t pa, uint32_t pb, uint32_t pc)
{
    world_up(&w);
    shared = new_endpoint(&w, W_SLOT_U);
    const struct give g[] = {{shared, 16, SR, 0}};
    ERIX_CHECK_EQ(spawn(&w, &a, W_SLOT_U, pa, g, 1), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &b, W_SLOT_U, pb, g, 1), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &c, W_SLOT_U, pc, g, 1), ERIX_OK);
}

/* The same; then the root waits, out of the way. */
static void three(uint32_t pa, uint32_t pb, uint32_t pc)
{
    three_and_root(pa, pb, pc);
    sys(&w.root, ERIX_SYS_RECV, W_SLOT_GENERIC, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(w.root.t->state, TCB_BLOCKED_RECV);
}

static erix_status_t yield(struct proc *p)
{
    return sys(p, ERIX_SYS_YIELD, 0, 0, 0, 0, 0, 0);
}

static void the_highest_priority_runs_first_in_fifo_order(void)
{
    three(50, 80, 80);
    ERIX_CHECK(current == b.t); /* b and c tie; b was made runnable first */
    ERIX_CHECK_EQ(fake_switch_kstack_top, b.t->kstack_top);
    ERIX_CHECK_EQ(fake_active_root, b.t->vspace->root);
    sys(&b, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == c.t);
    sys(&c, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == a.t);
    ERIX_CHECK(world_down(&w));
}

static void yield_rotates_equals_and_never_yields_to_lower(void)
{
    three(80, 80, 80);
    ERIX_CHECK(current == a.t);
    ERIX_CHECK_EQ(yield(&a), ERIX_OK);
    ERIX_CHECK(current == b.t);
    yield(&b);
    ERIX_CHECK(current == c.t);
    yield(&c);
    ERIX_CHECK(current == a.t);
    ERIX_CHECK(world_down(&w));
    three(90, 50, 50);
    ERIX_CHECK(current == a.t);
    yield(&a);
    ERIX_CHECK(current == a.t); /* nobody of its priority: it keeps the CPU */
    ERIX_CHECK(world_down(&w));
}

static void a_woken_higher_priority_preempts_an_equal_one_does_not(void)
{
    three(50, 80, 50);
    sys(&b, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == a.t);
    ERIX_CHECK_EQ(sys(&a, ERIX_SYS_NOTIFY, 16, 0, 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK(current == b.t); /* on the way out of a's system call */
    ERIX_CHECK_EQ(a.t->state, TCB_RUNNING);
    ERIX_CHECK(world_down(&w));
    three(50, 50, 50);
    ERIX_CHECK(current == a.t);
    sys(&a, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == b.t);
    ERIX_CHECK_EQ(sys(&b, ERIX_SYS_NOTIFY, 16, 0, 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK(current == b.t);
    ERIX_CHECK_EQ(a.t->state, TCB_RUNNING);
    ERIX_CHECK(world_down(&w));
}

/* Preempted by a higher priority, a thread keeps its place among its equals. */
static void a_preempted_thread_is_first_in_line_again(void)
{
    three_and_root(50, 50, 50);
    struct proc r;
    const struct give g[] = {{shared, 16, SR, 0}};
    ERIX_CHECK_EQ(spawn(&w, &r, W_SLOT_U, 80, g, 1), ERIX_OK);
    sys(&r, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == w.root.t);
    sys(&w.root, ERIX_SYS_RECV, W_SLOT_GENERIC, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == a.t); /* b and c queue behind it */
    ERIX_CHECK_EQ(sys(&a, ERIX_SYS_NOTIFY, 16, 0, 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK(current == r.t);
    sys(&r, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == a.t);
    ERIX_CHECK(world_down(&w));
}

/* A thread that lowers itself below a runnable one gives way at once. */
static void lowering_ones_own_priority_gives_way(void)
{
    world_up(&w);
    struct proc hi, mid;
    ERIX_CHECK_EQ(stage(&w, &hi, W_SLOT_U, 80), ERIX_OK);
    const struct give g[] = {{hi.tcb_slot, 16, ERIX_RIGHTS_ALL, 0},
                             {ERIX_SLOT_KERNEL_PROCESS, 17, ERIX_RIGHT_SEND, 0}};
    ERIX_CHECK_EQ(launch(&w, &hi, g, 2), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &mid, W_SLOT_U, 70, NULL, 0), ERIX_OK);
    sys(&w.root, ERIX_SYS_RECV, W_SLOT_GENERIC, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == hi.t);
    struct erix_kctl_priority_req r = {16, 60};
    ERIX_CHECK_EQ(kcall(&hi, 17, ERIX_KCTL_SET_PRIORITY, &r, sizeof r, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(hi.t->priority, 60);
    ERIX_CHECK(current == mid.t);
    ERIX_CHECK_EQ(hi.t->state, TCB_RUNNING);
    ERIX_CHECK(world_down(&w));
}

static void time_slices_rotate_equal_priorities(void)
{
    three(80, 80, 40);
    ERIX_CHECK(current == a.t);
    sched_tick();
    sys(&a, ERIX_SYS_NULL, 0, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == a.t); /* one tick is not a whole slice */
    for (unsigned i = 1; i < SCHED_SLICE_TICKS; i++)
        sched_tick();
    sys(&a, ERIX_SYS_NULL, 0, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == b.t);
    for (unsigned i = 0; i < SCHED_SLICE_TICKS; i++)
        sched_tick();
    sys(&b, ERIX_SYS_NULL, 0, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == a.t);
    ERIX_CHECK(world_down(&w));
    three(80, 40, 40);
    for (unsigned i = 0; i < 4 * SCHED_SLICE_TICKS; i++)
        sched_tick();
    sys(&a, ERIX_SYS_NULL, 0, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == a.t); /* lower priorities wait */
    ERIX_CHECK(world_down(&w));
}

static void nothing_runnable_means_idle(void)
{
    three(50, 50, 50);
    sys(&a, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    sys(&b, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    sys(&c, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK(current != a.t && current != b.t && current != c.t);
    ERIX_CHECK((current->flags & TCB_FLAG_IDLE) != 0);
    ERIX_CHECK_EQ(fake_active_root, arch_kernel_root());
    ERIX_CHECK(world_down(&w));
}

static void a_raised_priority_takes_effect_in_the_queue(void)
{
    three_and_root(60, 50, 50);
    /* c waits in the run queue behind a; raised above a, it runs first */
    struct erix_kctl_priority_req r = {c.tcb_slot, 70};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_PRIORITY, &r, sizeof r, NULL, 0), ERIX_OK);
    ERIX_CHECK(current == w.root.t);
    sys(&w.root, ERIX_SYS_RECV, W_SLOT_GENERIC, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == c.t);
    sys(&c, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK(current == a.t);
    ERIX_CHECK(world_down(&w));
}

int main(int argc, char **argv)
{
    world_fastpath = argc > 1 && strcmp(argv[1], "fast") == 0;
    ERIX_RUN(the_highest_priority_runs_first_in_fifo_order);
    ERIX_RUN(yield_rotates_equals_and_never_yields_to_lower);
    ERIX_RUN(a_woken_higher_priority_preempts_an_equal_one_does_not);
    ERIX_RUN(a_preempted_thread_is_first_in_line_again);
    ERIX_RUN(lowering_ones_own_priority_gives_way);
    ERIX_RUN(time_slices_rotate_equal_priorities);
    ERIX_RUN(nothing_runnable_means_idle);
    ERIX_RUN(a_raised_priority_takes_effect_in_the_queue);
    return erix_test_finish();
}
