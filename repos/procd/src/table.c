/*
 * table.c - the process table (table.h): records, lookups by pid and surface,
 * claiming a record for a new process, and the state transitions.
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
           r->state == PROCD_REC_STOPPING;
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
    if (a->event_pending != b->event_pending)
        return !a->event_pending;
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

void procd_rec_started(struct procd_record *r)
{
    r->state = PROCD_REC_RUNNING;
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
    r->state = ended_state(ev->kind);
    r->event = *ev;
    r->event_pending = true;
    r->ended = ++t->clock;
    r->stop_token = 0;
    r->pool = 0;
}

struct procd_record *procd_table_oldest_pending(struct procd_table *t, uint32_t surface)
{
    struct procd_record *best = NULL;
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++) {
        struct procd_record *r = &t->rec[i];
        if (r->surface == surface && r->event_pending && (best == NULL || r->ended < best->ended))
            best = r;
    }
    return best;
}

bool procd_table_surface_waitable(const struct procd_table *t, uint32_t surface)
{
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++) {
        const struct procd_record *r = &t->rec[i];
        if (r->surface == surface && (procd_rec_live(r) || r->event_pending))
            return true;
    }
    return false;
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
    default: return 0;
    }
}
