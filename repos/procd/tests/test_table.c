/*
 * test_table.c - the process table: claiming records (pid reuse, free slots,
 * eviction order), surface visibility, every state transition, pending
 * events and what QUERY reports.
 */
#include <string.h>

#include <erix/kctl.h>
#include <erix/procd.h>
#include <erix_test.h>

#include "table.h"

static struct procd_table t;
static const char role_a[ERIX_ROLE_MAX] = "echo";
static const char role_d[ERIX_ROLE_MAX] = "drv-serial";

static struct erix_event event(uint32_t pid, uint32_t kind, uint64_t code)
{
    return (struct erix_event){pid, kind, code, 0, 0};
}

static void claim_fills_a_record(void)
{
    procd_table_init(&t);
    struct procd_record *r = procd_table_claim(&t, 7, PROCD_SURFACE_BOOTSTRAP, role_a, 3);
    ERIX_CHECK(r != NULL);
    ERIX_CHECK_EQ(r->state, PROCD_REC_STAGED);
    ERIX_CHECK_EQ(r->pid, 7);
    ERIX_CHECK_EQ(r->pool, 3);
    ERIX_CHECK_EQ(r->surface, PROCD_SURFACE_BOOTSTRAP);
    ERIX_CHECK(strcmp(r->role, "echo") == 0);
    ERIX_CHECK(!procd_rec_pending(r));
    ERIX_CHECK(procd_rec_live(r) && !procd_rec_ended(r));
    ERIX_CHECK(procd_table_find(&t, 7) == r);
    ERIX_CHECK(procd_table_find(&t, 0) == NULL);
    ERIX_CHECK(procd_table_find(&t, 8) == NULL);
    ERIX_CHECK(procd_table_claim(&t, 0, PROCD_SURFACE_BOOTSTRAP, role_a, 0) == NULL);
}

static void surfaces_do_not_see_each_other(void)
{
    procd_table_init(&t);
    procd_table_claim(&t, 7, PROCD_SURFACE_BOOTSTRAP, role_a, 0);
    procd_table_claim(&t, 8, PROCD_SURFACE_DRIVER, role_d, 1);
    ERIX_CHECK(procd_table_visible(&t, PROCD_SURFACE_BOOTSTRAP, 7) != NULL);
    ERIX_CHECK(procd_table_visible(&t, PROCD_SURFACE_DRIVER, 7) == NULL);
    ERIX_CHECK(procd_table_visible(&t, PROCD_SURFACE_DRIVER, 8) != NULL);
    ERIX_CHECK(procd_table_visible(&t, PROCD_SURFACE_BOOTSTRAP, 8) == NULL);
    ERIX_CHECK(procd_table_visible(&t, PROCD_SURFACE_NONE, 7) == NULL);
}

static void transitions(void)
{
    procd_table_init(&t);
    struct procd_record *r = procd_table_claim(&t, 7, PROCD_SURFACE_BOOTSTRAP, role_a, 2);
    ERIX_CHECK_EQ(procd_rec_public_state(r), ERIX_PROCD_STATE_STAGED);
    procd_rec_started(r, 1, 2, 3);
    ERIX_CHECK_EQ(r->state, PROCD_REC_RUNNING);
    ERIX_CHECK_EQ(r->args[0], 1);
    ERIX_CHECK_EQ(r->args[2], 3);
    ERIX_CHECK_EQ(procd_rec_public_state(r), ERIX_PROCD_STATE_RUNNING);
    procd_rec_stopping(r, 0x99);
    ERIX_CHECK_EQ(r->state, PROCD_REC_STOPPING);
    ERIX_CHECK_EQ(r->stop_token, 0x99);
    ERIX_CHECK_EQ(procd_rec_public_state(r), ERIX_PROCD_STATE_RUNNING);
    ERIX_CHECK(procd_rec_live(r));
    struct erix_event ev = event(7, ERIX_EVENT_STOPPED, ERIX_KILL_REASON_MANAGED_STOP);
    procd_rec_ended_with(&t, r, &ev);
    ERIX_CHECK_EQ(r->state, PROCD_REC_STOPPED);
    ERIX_CHECK_EQ(procd_rec_public_state(r), ERIX_PROCD_STATE_STOPPED);
    ERIX_CHECK(procd_rec_pending(r));
    ERIX_CHECK_EQ(r->stop_token, 0);
    ERIX_CHECK_EQ(r->pool, 0);
    ERIX_CHECK(!procd_rec_live(r) && procd_rec_ended(r));
    ERIX_CHECK_EQ(r->event.code, ERIX_KILL_REASON_MANAGED_STOP);
}

static void ended_states_follow_the_event_kind(void)
{
    static const uint32_t kinds[] = {ERIX_EVENT_EXIT, ERIX_EVENT_FAULT, ERIX_EVENT_STOPPED};
    static const uint32_t states[] = {PROCD_REC_EXITED, PROCD_REC_FAULTED, PROCD_REC_STOPPED};
    static const uint32_t public[] = {ERIX_PROCD_STATE_EXITED, ERIX_PROCD_STATE_FAULTED,
                                      ERIX_PROCD_STATE_STOPPED};
    for (unsigned i = 0; i < 3; i++) {
        procd_table_init(&t);
        struct procd_record *r = procd_table_claim(&t, 5, PROCD_SURFACE_DRIVER, role_d, 0);
        procd_rec_started(r, 0, 0, 0);
        struct erix_event ev = event(5, kinds[i], 0x50);
        procd_rec_ended_with(&t, r, &ev);
        ERIX_CHECK_EQ(r->state, states[i]);
        ERIX_CHECK_EQ(procd_rec_public_state(r), public[i]);
    }
    struct procd_record free_rec;
    memset(&free_rec, 0, sizeof free_rec);
    ERIX_CHECK_EQ(procd_rec_public_state(&free_rec), 0);
}

static void release_forgets(void)
{
    procd_table_init(&t);
    struct procd_record *r = procd_table_claim(&t, 7, PROCD_SURFACE_BOOTSTRAP, role_a, 2);
    procd_table_release(r);
    ERIX_CHECK(procd_table_find(&t, 7) == NULL);
    ERIX_CHECK_EQ(r->state, PROCD_REC_FREE);
}

/* Fill the table with `n` live records, pids 1..n. */
static void fill_live(unsigned n)
{
    procd_table_init(&t);
    for (unsigned i = 0; i < n; i++)
        procd_table_claim(&t, i + 1, PROCD_SURFACE_BOOTSTRAP, role_a, i % PROCD_MAX_CHILDREN);
}

static void end(uint32_t pid, bool delivered)
{
    struct procd_record *r = procd_table_find(&t, pid);
    struct erix_event ev = event(pid, ERIX_EVENT_EXIT, 0);
    procd_rec_ended_with(&t, r, &ev);
    if (delivered)
        procd_rec_pop(r);
}

static void full_table_of_live_records_has_no_room(void)
{
    fill_live(PROCD_MAX_RECORDS);
    ERIX_CHECK(!procd_table_has_room(&t));
    ERIX_CHECK(procd_table_claim(&t, 500, PROCD_SURFACE_BOOTSTRAP, role_a, 0) == NULL);
}

static void eviction_prefers_delivered_then_oldest(void)
{
    fill_live(PROCD_MAX_RECORDS);
    end(30, false);  /* ended first, event pending */
    end(10, true);   /* delivered */
    end(20, true);   /* delivered, later */
    ERIX_CHECK(procd_table_has_room(&t));
    struct procd_record *r = procd_table_claim(&t, 500, PROCD_SURFACE_BOOTSTRAP, role_a, 0);
    ERIX_CHECK(r != NULL && r->pid == 500);
    ERIX_CHECK(procd_table_find(&t, 10) == NULL);  /* the oldest delivered went */
    ERIX_CHECK(procd_table_find(&t, 20) != NULL);
    r = procd_table_claim(&t, 501, PROCD_SURFACE_BOOTSTRAP, role_a, 0);
    ERIX_CHECK(r != NULL && procd_table_find(&t, 20) == NULL);
    r = procd_table_claim(&t, 502, PROCD_SURFACE_BOOTSTRAP, role_a, 0);
    ERIX_CHECK(r != NULL && procd_table_find(&t, 30) == NULL); /* a pending one, last */
    ERIX_CHECK(procd_table_claim(&t, 503, PROCD_SURFACE_BOOTSTRAP, role_a, 0) == NULL);
}

static void free_records_before_ended_ones(void)
{
    fill_live(3);
    end(2, true);
    struct procd_record *r = procd_table_claim(&t, 9, PROCD_SURFACE_BOOTSTRAP, role_a, 0);
    ERIX_CHECK(r != NULL);
    ERIX_CHECK(procd_table_find(&t, 2) != NULL); /* kept: a free record was there */
}

static void a_reused_pid_takes_its_old_record(void)
{
    fill_live(3);
    end(2, false);
    struct procd_record *old = procd_table_find(&t, 2);
    struct procd_record *r = procd_table_claim(&t, 2, PROCD_SURFACE_DRIVER, role_d, 5);
    ERIX_CHECK(r == old);
    ERIX_CHECK_EQ(r->state, PROCD_REC_STAGED);
    ERIX_CHECK_EQ(r->surface, PROCD_SURFACE_DRIVER);
    ERIX_CHECK(!procd_rec_pending(r));
    /* a live record with the pid: the kernel and procd disagree */
    ERIX_CHECK(procd_table_claim(&t, 1, PROCD_SURFACE_BOOTSTRAP, role_a, 0) == NULL);
}

static void oldest_pending_per_surface(void)
{
    procd_table_init(&t);
    for (uint32_t pid = 1; pid <= 4; pid++)
        procd_table_claim(&t, pid, pid % 2 ? PROCD_SURFACE_BOOTSTRAP : PROCD_SURFACE_DRIVER,
                          pid % 2 ? role_a : role_d, pid);
    ERIX_CHECK(procd_table_oldest_pending(&t, PROCD_SURFACE_BOOTSTRAP) == NULL);
    end(3, false);
    end(1, false);
    end(4, false);
    ERIX_CHECK_EQ(procd_table_oldest_pending(&t, PROCD_SURFACE_BOOTSTRAP)->pid, 3);
    ERIX_CHECK_EQ(procd_table_oldest_pending(&t, PROCD_SURFACE_DRIVER)->pid, 4);
    procd_rec_pop(procd_table_find(&t, 3));
    ERIX_CHECK_EQ(procd_table_oldest_pending(&t, PROCD_SURFACE_BOOTSTRAP)->pid, 1);
}

static void waitable_surfaces(void)
{
    procd_table_init(&t);
    ERIX_CHECK(!procd_table_surface_waitable(&t, PROCD_SURFACE_BOOTSTRAP));
    procd_table_claim(&t, 1, PROCD_SURFACE_BOOTSTRAP, role_a, 0);
    ERIX_CHECK(procd_table_surface_waitable(&t, PROCD_SURFACE_BOOTSTRAP));
    ERIX_CHECK(!procd_table_surface_waitable(&t, PROCD_SURFACE_DRIVER));
    end(1, false);
    ERIX_CHECK(procd_table_surface_waitable(&t, PROCD_SURFACE_BOOTSTRAP)); /* pending */
    procd_rec_pop(procd_table_find(&t, 1));
    ERIX_CHECK(!procd_table_surface_waitable(&t, PROCD_SURFACE_BOOTSTRAP));
}

/* Restart policy: a run ends, the record waits (live) with the event queued,
 * is restarted, ends again; every event stays queued in order until popped. */
static void restarting_keeps_every_event_in_order(void)
{
    procd_table_init(&t);
    struct procd_record *r = procd_table_claim(&t, 7, PROCD_SURFACE_BOOTSTRAP, role_a, 4);
    procd_rec_started(r, 0, 0, 9);
    struct erix_event e1 = {7, ERIX_EVENT_FAULT, 14, 0, 0x401000};
    procd_rec_restarting(&t, r, &e1);
    ERIX_CHECK_EQ(r->state, PROCD_REC_RESTARTING);
    ERIX_CHECK_EQ(procd_rec_public_state(r), ERIX_PROCD_STATE_RESTARTING);
    ERIX_CHECK(procd_rec_live(r) && !procd_rec_ended(r));
    ERIX_CHECK_EQ(r->pool, 4); /* it keeps its pool */
    ERIX_CHECK(procd_table_surface_waitable(&t, PROCD_SURFACE_BOOTSTRAP));
    procd_rec_restarted(r);
    ERIX_CHECK_EQ(r->state, PROCD_REC_RUNNING);
    struct erix_event e2 = {7, ERIX_EVENT_EXIT, 3, 0, 0};
    procd_rec_ended_with(&t, r, &e2);
    ERIX_CHECK_EQ(r->state, PROCD_REC_EXITED);
    ERIX_CHECK_EQ(r->queued, 2);
    ERIX_CHECK_EQ(r->event.kind, ERIX_EVENT_EXIT); /* the latest */
    ERIX_CHECK_EQ(procd_rec_peek(r)->kind, ERIX_EVENT_FAULT); /* the oldest first */
    procd_rec_pop(r);
    ERIX_CHECK_EQ(procd_rec_peek(r)->code, 3);
    procd_rec_pop(r);
    ERIX_CHECK(!procd_rec_pending(r));
    procd_rec_pop(r); /* nothing left: nothing happens */
    ERIX_CHECK_EQ(r->queued, 0);
}

static void a_cancelled_restart_settles_on_the_latest_event(void)
{
    procd_table_init(&t);
    struct procd_record *r = procd_table_claim(&t, 7, PROCD_SURFACE_BOOTSTRAP, role_a, 4);
    procd_rec_started(r, 0, 0, 0);
    struct erix_event e1 = {7, ERIX_EVENT_FAULT, 6, 0, 0};
    procd_rec_restarting(&t, r, &e1);
    procd_rec_settle(&t, r);
    ERIX_CHECK_EQ(r->state, PROCD_REC_FAULTED);
    ERIX_CHECK_EQ(r->pool, 0);
    ERIX_CHECK_EQ(r->queued, 1); /* no new event: the fault is still to deliver */
    ERIX_CHECK(!procd_rec_live(r) && procd_rec_ended(r));
}

static void oldest_pending_orders_by_event_not_record(void)
{
    procd_table_init(&t);
    struct procd_record *a = procd_table_claim(&t, 1, PROCD_SURFACE_BOOTSTRAP, role_a, 0);
    struct procd_record *b = procd_table_claim(&t, 2, PROCD_SURFACE_BOOTSTRAP, role_a, 1);
    struct erix_event ea = {1, ERIX_EVENT_FAULT, 14, 0, 0}, eb = {2, ERIX_EVENT_EXIT, 0, 0, 0};
    procd_rec_restarting(&t, a, &ea); /* first */
    procd_rec_ended_with(&t, b, &eb);
    ERIX_CHECK(procd_table_oldest_pending(&t, PROCD_SURFACE_BOOTSTRAP) == a);
    procd_rec_pop(a);
    ERIX_CHECK(procd_table_oldest_pending(&t, PROCD_SURFACE_BOOTSTRAP) == b);
}

static void counts(void)
{
    procd_table_init(&t);
    ERIX_CHECK_EQ(procd_table_live_count(&t), 0);
    fill_live(5);
    end(2, true);
    ERIX_CHECK_EQ(procd_table_live_count(&t), 4);
    ERIX_CHECK_EQ(procd_table_used_count(&t), 5);
}

int main(void)
{
    ERIX_RUN(restarting_keeps_every_event_in_order);
    ERIX_RUN(a_cancelled_restart_settles_on_the_latest_event);
    ERIX_RUN(oldest_pending_orders_by_event_not_record);
    ERIX_RUN(counts);
    ERIX_RUN(claim_fills_a_record);
    ERIX_RUN(surfaces_do_not_see_each_other);
    ERIX_RUN(transitions);
    ERIX_RUN(ended_states_follow_the_event_kind);
    ERIX_RUN(release_forgets);
    ERIX_RUN(full_table_of_live_records_has_no_room);
    ERIX_RUN(eviction_prefers_delivered_then_oldest);
    ERIX_RUN(free_records_before_ended_ones);
    ERIX_RUN(a_reused_pid_takes_its_old_record);
    ERIX_RUN(oldest_pending_per_surface);
    ERIX_RUN(waitable_surfaces);
    return erix_test_finish();
}
