/*
 * test_loop.c - the service loop's fairness policy: a burst of driver
 * registrations does not strand rootd's follow-on calls, an admin stream does
 * not starve the public surface, housekeeping runs between public calls, the
 * queues are bounded and keep arrival order.
 */
#include <string.h>

#include "erix_test.h"
#include "loop.h"

static struct deviced_loop loop;

static void push(uint32_t surface, uint32_t op)
{
    uint8_t body[4] = {1, 2, 3, 4};
    ERIX_CHECK(loop_push(&loop, surface, op, 0, sizeof body, 100 + op, 0, 7, body));
}

static enum deviced_turn step(bool housekeeping, struct deviced_msg *m, bool *ahead)
{
    enum deviced_turn t = loop_next(&loop, housekeeping);
    if (t != DEVICED_TURN_WAIT)
        ERIX_CHECK(loop_take(&loop, t, m, ahead));
    return t;
}

static void burst_does_not_strand_admin(void)
{
    static struct deviced_msg m;
    bool ahead = false;
    loop_init(&loop);
    for (uint32_t i = 0; i < 10; i++) /* ten drivers register at once */
        push(ERIX_DEVICED_SURFACE_DRIVER, 0x513);
    push(ERIX_DEVICED_SURFACE_ADMIN, 0x505); /* then rootd's READ_DRIVER */
    ERIX_CHECK_EQ(step(false, &m, &ahead), DEVICED_TURN_ADMIN);
    ERIX_CHECK_EQ(m.op, 0x505);
    ERIX_CHECK(ahead);
    ERIX_CHECK_EQ(loop.admin_ahead, 1);
    /* rootd's next call arrives while nine registrations still wait */
    ERIX_CHECK_EQ(step(false, &m, &ahead), DEVICED_TURN_PUBLIC);
    push(ERIX_DEVICED_SURFACE_ADMIN, 0x504);
    ERIX_CHECK_EQ(step(false, &m, &ahead), DEVICED_TURN_ADMIN);
    ERIX_CHECK_EQ(m.op, 0x504);
    ERIX_CHECK(ahead);
    for (int i = 0; i < 9; i++)
        ERIX_CHECK_EQ(step(false, &m, &ahead), DEVICED_TURN_PUBLIC);
    ERIX_CHECK_EQ(step(false, &m, &ahead), DEVICED_TURN_WAIT);
    ERIX_CHECK_EQ(loop_queued(&loop), 0);
}

static void admin_stream_does_not_starve_public(void)
{
    static struct deviced_msg m;
    loop_init(&loop);
    push(ERIX_DEVICED_SURFACE_DRIVER, 0x301);
    for (uint32_t i = 0; i < DEVICED_ADMIN_QUEUE; i++)
        push(ERIX_DEVICED_SURFACE_ADMIN, 0x501);
    unsigned admin = 0;
    while (step(false, &m, NULL) == DEVICED_TURN_ADMIN) {
        admin++;
        push(ERIX_DEVICED_SURFACE_ADMIN, 0x501); /* rootd keeps calling */
    }
    ERIX_CHECK_EQ(admin, DEVICED_ADMIN_BURST);
    ERIX_CHECK_EQ(m.op, 0x301); /* the driver got its turn */
    ERIX_CHECK_EQ(step(false, &m, NULL), DEVICED_TURN_ADMIN); /* and rootd is first again */
    /* with nobody else waiting, admin calls are served without a bound */
    loop_init(&loop);
    for (int i = 0; i < 10; i++) {
        push(ERIX_DEVICED_SURFACE_ADMIN, 0x505);
        ERIX_CHECK_EQ(step(false, &m, NULL), DEVICED_TURN_ADMIN);
    }
}

static void housekeeping_between_public_calls(void)
{
    static struct deviced_msg m;
    loop_init(&loop);
    for (int i = 0; i < 4; i++)
        push(ERIX_DEVICED_SURFACE_DISCOVERY, 0x510);
    /* pending activation work: a report is answered first, then one
     * activation turn, then the next report */
    ERIX_CHECK_EQ(step(true, &m, NULL), DEVICED_TURN_PUBLIC);
    ERIX_CHECK_EQ(step(true, &m, NULL), DEVICED_TURN_HOUSEKEEP);
    ERIX_CHECK_EQ(loop_queued(&loop), 3);
    ERIX_CHECK_EQ(step(true, &m, NULL), DEVICED_TURN_PUBLIC);
    ERIX_CHECK_EQ(step(true, &m, NULL), DEVICED_TURN_HOUSEKEEP);
    /* admin stays ahead of housekeeping and reports */
    push(ERIX_DEVICED_SURFACE_ADMIN, 0x505);
    ERIX_CHECK_EQ(step(true, &m, NULL), DEVICED_TURN_ADMIN);
    ERIX_CHECK_EQ(step(true, &m, NULL), DEVICED_TURN_PUBLIC);
    ERIX_CHECK_EQ(step(true, &m, NULL), DEVICED_TURN_HOUSEKEEP);
    ERIX_CHECK_EQ(step(true, &m, NULL), DEVICED_TURN_PUBLIC);
    ERIX_CHECK_EQ(step(true, &m, NULL), DEVICED_TURN_HOUSEKEEP); /* nothing queued */
    ERIX_CHECK_EQ(step(false, &m, NULL), DEVICED_TURN_WAIT);
}

static void bounds_and_order(void)
{
    static struct deviced_msg m;
    loop_init(&loop);
    ERIX_CHECK(loop_has_room(&loop));
    for (uint32_t i = 0; i < DEVICED_PUBLIC_QUEUE; i++)
        ERIX_CHECK(loop_push(&loop, ERIX_DEVICED_SURFACE_CONSUMER, i, 0, 0, i + 1, 0, 0, NULL));
    ERIX_CHECK(!loop_has_room(&loop));
    ERIX_CHECK(!loop_push(&loop, ERIX_DEVICED_SURFACE_CONSUMER, 99, 0, 0, 1, 0, 0, NULL));
    ERIX_CHECK(loop_push(&loop, ERIX_DEVICED_SURFACE_ADMIN, 98, 0, 0, 1, 0, 0, NULL));
    for (uint32_t i = 0; i < DEVICED_PUBLIC_QUEUE; i++) {
        ERIX_CHECK(loop_take(&loop, DEVICED_TURN_PUBLIC, &m, NULL));
        ERIX_CHECK_EQ(m.op, i); /* oldest first, across the ring's wrap */
        ERIX_CHECK_EQ(m.token, i + 1);
        ERIX_CHECK_EQ(m.surface, ERIX_DEVICED_SURFACE_CONSUMER);
    }
    ERIX_CHECK(!loop_take(&loop, DEVICED_TURN_PUBLIC, &m, NULL));
    ERIX_CHECK(loop_take(&loop, DEVICED_TURN_ADMIN, &m, NULL));
    ERIX_CHECK(!loop_take(&loop, DEVICED_TURN_ADMIN, &m, NULL));
    ERIX_CHECK(!loop_take(&loop, DEVICED_TURN_WAIT, &m, NULL));
    /* bodies are copies, whole */
    uint8_t body[ERIX_IPC_MAX_BODY];
    memset(body, 0x5a, sizeof body);
    ERIX_CHECK(loop_push(&loop, ERIX_DEVICED_SURFACE_ADMIN, 1, 0, sizeof body, 1, 0x10000, 3, body));
    memset(body, 0, sizeof body);
    ERIX_CHECK(loop_take(&loop, DEVICED_TURN_ADMIN, &m, NULL));
    ERIX_CHECK_EQ(m.len, ERIX_IPC_MAX_BODY);
    ERIX_CHECK_EQ(m.body[1023], 0x5a);
    ERIX_CHECK_EQ(m.badge, 0x10000);
    ERIX_CHECK_EQ(m.sender_pid, 3);
    ERIX_CHECK(!loop_push(&loop, ERIX_DEVICED_SURFACE_ADMIN, 1, 0, ERIX_IPC_MAX_BODY + 1, 1, 0, 0,
                          body));
}

int main(void)
{
    ERIX_RUN(burst_does_not_strand_admin);
    ERIX_RUN(admin_stream_does_not_starve_public);
    ERIX_RUN(housekeeping_between_public_calls);
    ERIX_RUN(bounds_and_order);
    return erix_test_finish();
}
