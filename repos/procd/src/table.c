/*
 * table.c - the process table (table.h): records, lookups by pid and surface,
 * claiming a record for a new process, the state transitions and each
 * record's queue of undelivered events.
 */
#include <string.h>

#include <erix/procd.h>

#include "table.h"

void procd_table_init(struct procd_table *t)
{
    memset(t, 0, sizeof *t);
}

bool procd_rec_live(const struct procd_record *r)
{
    return r->state == PROCD_REC_STAGED || r->state == PROCD_REC_RUNNING ||
           r->state == PROCD_REC_STOPPING || r->state == PROCD_REC_RESTARTING;
}

bool procd_rec_ended(const struct procd_record *r)
{
    return r->state == PROCD_REC_EXITED || r->state == PROCD_REC_FAULTED ||
           r->state == PROCD_REC_STOPPED;
}

struct procd_record *procd_table_find(struct procd_table *t, uint32_t pid)
{
    if (pid == 0)
        return NULL;
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++)
        if (t->rec[i].state != PROCD_REC_FREE && t->rec[i].pid == pid)
            return &t->rec[i];
    return NULL;
}

struct procd_record *procd_table_visible(struct procd_table *t, uint32_t surface, uint32_t pid)
{
    struct procd_record *r = procd_table_find(t, pid);
    return r != NULL && r->surface == surface ? r : NULL;
}

bool procd_table_has_room(const struct procd_table *t)
{
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++)
        if (!procd_rec_live(&t->rec[i]))
            return true;
    return false;
}

/* Is a better than b as a record to overwrite? Delivered first, then oldest. */
static bool better_victim(const struct procd_record *a, const struct procd_record *b)
{
    if (b == NULL)
        return true;
    if (procd_rec_pending(a) != procd_rec_pending(b))
        return !procd_rec_pending(a);
    return a->ended < b->ended;
}

static struct procd_record *pick_record(struct procd_table *t, uint32_t pid)
{
    struct procd_record *same = procd_table_find(t, pid), *victim = NULL;
    if (same != NULL)
        return procd_rec_live(same) ? NULL : same;
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++) {
        struct procd_record *r = &t->rec[i];
        if (r->state == PROCD_REC_FREE)
            return r;
        if (procd_rec_ended(r) && better_victim(r, victim))
            victim = r;
    }
    return victim;
}

struct procd_record *procd_table_claim(struct procd_table *t, uint32_t pid, uint32_t surface,
                                       const char role[ERIX_ROLE_MAX], uint32_t pool)
{
    struct procd_record *r = pid != 0 ? pick_record(t, pid) : NULL;
    if (r == NULL)
        return NULL;
    memset(r, 0, sizeof *r);
    r->state = PROCD_REC_STAGED;
    r->surface = (uint8_t)surface;
    r->pid = pid;
    r->pool = pool;
    memcpy(r->role, role, ERIX_ROLE_MAX);
    r->created = ++t->clock;
    return r;
}

void procd_table_release(struct procd_record *r)
{
    memset(r, 0, sizeof *r);
}

bool procd_rec_pending(const struct procd_record *r)
{
    return r->queued > 0;
}

const struct erix_event *procd_rec_peek(const struct procd_record *r)
{
    return &r->queue[0].event;
}

void procd_rec_pop(struct procd_record *r)
{
    if (r->queued == 0)
        return;
    memmove(&r->queue[0], &r->queue[1], (r->queued - 1u) * sizeof r->queue[0]);
    r->queued--;
    memset(&r->queue[r->queued], 0, sizeof r->queue[0]);
}

/* Keep `ev` as the latest event and queue it for WAIT. A record has at most
 * one event per run and at most ERIX_PROCD_MAX_RESTARTS + 1 runs, so the
 * queue does not overflow; if it ever did, the oldest event would go. */
static void push(struct procd_table *t, struct procd_record *r, const struct erix_event *ev)
{
    if (r->queued == PROCD_EVENT_QUEUE)
        procd_rec_pop(r);
    r->queue[r->queued++] = (struct procd_queued_event){++t->clock, *ev};
    r->event = *ev;
}

void procd_rec_started(struct procd_record *r, uint64_t a0, uint64_t a1, uint64_t a2)
{
    r->state = PROCD_REC_RUNNING;
    r->args[0] = a0;
    r->args[1] = a1;
    r->args[2] = a2;
}

void procd_rec_stopping(struct procd_record *r, uint64_t token)
{
    r->state = PROCD_REC_STOPPING;
    r->stop_token = token;
}

static uint8_t ended_state(uint32_t kind)
{
    switch (kind) {
    case ERIX_EVENT_EXIT: return PROCD_REC_EXITED;
    case ERIX_EVENT_FAULT: return PROCD_REC_FAULTED;
    default: return PROCD_REC_STOPPED;
    }
}

void procd_rec_ended_with(struct procd_table *t, struct procd_record *r,
                          const struct erix_event *ev)
{
    push(t, r, ev);
    r->state = ended_state(ev->kind);
    r->ended = t->clock;
    r->stop_token = 0;
    r->pool = 0;
}

void procd_rec_restarting(struct procd_table *t, struct procd_record *r,
                          const struct erix_event *ev)
{
    push(t, r, ev);
    r->state = PROCD_REC_RESTARTING;
}

void procd_rec_restarted(struct procd_record *r)
{
    r->state = PROCD_REC_RUNNING;
}

void procd_rec_settle(struct procd_table *t, struct procd_record *r)
{
    r->state = ended_state(r->event.kind);
    r->ended = ++t->clock;
    r->stop_token = 0;
    r->pool = 0;
}

/* The order of a record's oldest undelivered event. */
static uint64_t head_order(const struct procd_record *r)
{
    return r->queue[0].order;
}

struct procd_record *procd_table_oldest_pending(struct procd_table *t, uint32_t surface)
{
    struct procd_record *best = NULL;
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++) {
        struct procd_record *r = &t->rec[i];
        if (r->surface == surface && procd_rec_pending(r) &&
            (best == NULL || head_order(r) < head_order(best)))
            best = r;
    }
    return best;
}

bool procd_table_surface_waitable(const struct procd_table *t, uint32_t surface)
{
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++) {
        const struct procd_record *r = &t->rec[i];
        if (r->surface == surface && (procd_rec_live(r) || procd_rec_pending(r)))
            return true;
    }
    return false;
}

unsigned procd_table_live_count(const struct procd_table *t)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++)
        n += procd_rec_live(&t->rec[i]);
    return n;
}

unsigned procd_table_used_count(const struct procd_table *t)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++)
        n += t->rec[i].state != PROCD_REC_FREE;
    return n;
}

uint32_t procd_rec_public_state(const struct procd_record *r)
{
    switch (r->state) {
    case PROCD_REC_STAGED: return ERIX_PROCD_STATE_STAGED;
    case PROCD_REC_RUNNING:
    case PROCD_REC_STOPPING: return ERIX_PROCD_STATE_RUNNING;
    case PROCD_REC_EXITED: return ERIX_PROCD_STATE_EXITED;
    case PROCD_REC_FAULTED: return ERIX_PROCD_STATE_FAULTED;
    case PROCD_REC_STOPPED: return ERIX_PROCD_STATE_STOPPED;
    case PROCD_REC_RESTARTING: return ERIX_PROCD_STATE_RESTARTING;
    default: return 0;
    }
}
