/*
 * test_waiters.c - kept WAIT calls: room, matching an event to exactly one
 * waiter (the pid's own before "any", oldest first, the surface respected),
 * and taking out waiters that can no longer be answered.
 */
#include <erix_test.h>

#include "table.h"
#include "waiters.h"

static struct procd_waiters ws;

static void add_until_full(void)
{
    procd_waiters_init(&ws);
    for (uint32_t i = 0; i < PROCD_MAX_WAITERS; i++) {
        ERIX_CHECK(procd_waiters_has_room(&ws));
        ERIX_CHECK(procd_waiters_add(&ws, PROCD_SURFACE_BOOTSTRAP, i, 100 + i));
    }
    ERIX_CHECK(!procd_waiters_has_room(&ws));
    ERIX_CHECK(!procd_waiters_add(&ws, PROCD_SURFACE_BOOTSTRAP, 0, 999));
    ERIX_CHECK_EQ(procd_waiters_count(&ws), PROCD_MAX_WAITERS);
    ERIX_CHECK_EQ(procd_waiters_take(&ws, PROCD_SURFACE_BOOTSTRAP, 3), 103);
    ERIX_CHECK(procd_waiters_has_room(&ws));
}

static void specific_before_any_oldest_first(void)
{
    procd_waiters_init(&ws);
    procd_waiters_add(&ws, PROCD_SURFACE_BOOTSTRAP, 0, 1);  /* any */
    procd_waiters_add(&ws, PROCD_SURFACE_BOOTSTRAP, 7, 2);  /* pid 7 */
    procd_waiters_add(&ws, PROCD_SURFACE_BOOTSTRAP, 7, 3);  /* pid 7, later */
    procd_waiters_add(&ws, PROCD_SURFACE_BOOTSTRAP, 0, 4);  /* any, later */
    ERIX_CHECK_EQ(procd_waiters_take(&ws, PROCD_SURFACE_BOOTSTRAP, 7), 2);
    ERIX_CHECK_EQ(procd_waiters_take(&ws, PROCD_SURFACE_BOOTSTRAP, 7), 3);
    ERIX_CHECK_EQ(procd_waiters_take(&ws, PROCD_SURFACE_BOOTSTRAP, 7), 1);
    ERIX_CHECK_EQ(procd_waiters_take(&ws, PROCD_SURFACE_BOOTSTRAP, 8), 4);
    ERIX_CHECK_EQ(procd_waiters_take(&ws, PROCD_SURFACE_BOOTSTRAP, 8), 0);
    ERIX_CHECK_EQ(procd_waiters_count(&ws), 0);
}

static void surfaces_are_apart(void)
{
    procd_waiters_init(&ws);
    procd_waiters_add(&ws, PROCD_SURFACE_DRIVER, 0, 1);
    procd_waiters_add(&ws, PROCD_SURFACE_DRIVER, 5, 2);
    ERIX_CHECK_EQ(procd_waiters_take(&ws, PROCD_SURFACE_BOOTSTRAP, 5), 0);
    ERIX_CHECK_EQ(procd_waiters_take(&ws, PROCD_SURFACE_DRIVER, 5), 2);
    ERIX_CHECK_EQ(procd_waiters_take(&ws, PROCD_SURFACE_DRIVER, 5), 1);
}

static bool only_pid_9(void *ctx, uint32_t surface, uint32_t pid)
{
    (void)surface;
    ++*(unsigned *)ctx;
    return pid == 9;
}

static void stale_waiters_oldest_first(void)
{
    unsigned asked = 0;
    procd_waiters_init(&ws);
    procd_waiters_add(&ws, PROCD_SURFACE_BOOTSTRAP, 9, 1);
    procd_waiters_add(&ws, PROCD_SURFACE_BOOTSTRAP, 4, 2);
    procd_waiters_add(&ws, PROCD_SURFACE_DRIVER, 0, 3);
    ERIX_CHECK_EQ(procd_waiters_take_stale(&ws, only_pid_9, &asked), 2);
    ERIX_CHECK(asked > 0);
    ERIX_CHECK_EQ(procd_waiters_take_stale(&ws, only_pid_9, &asked), 3);
    ERIX_CHECK_EQ(procd_waiters_take_stale(&ws, only_pid_9, &asked), 0);
    ERIX_CHECK_EQ(procd_waiters_count(&ws), 1);
}

int main(void)
{
    ERIX_RUN(add_until_full);
    ERIX_RUN(specific_before_any_oldest_first);
    ERIX_RUN(surfaces_are_apart);
    ERIX_RUN(stale_waiters_oldest_first);
    return erix_test_finish();
}
