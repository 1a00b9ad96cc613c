/*
 * waiters.c - the kept WAIT_PROCESS_EVENT calls and the matching of events to
 * them (waiters.h).
 */
#include <string.h>

#include "waiters.h"

void procd_waiters_init(struct procd_waiters *ws)
{
    memset(ws, 0, sizeof *ws);
}

bool procd_waiters_has_room(const struct procd_waiters *ws)
{
    return procd_waiters_count(ws) < PROCD_MAX_WAITERS;
}

bool procd_waiters_add(struct procd_waiters *ws, uint32_t surface, uint32_t pid, uint64_t token)
{
    for (uint32_t i = 0; i < PROCD_MAX_WAITERS; i++) {
        struct procd_waiter *w = &ws->w[i];
        if (!w->used) {
            *w = (struct procd_waiter){true, (uint8_t)surface, pid, token, ++ws->clock};
            return true;
        }
    }
    return false;
}

/* The oldest used waiter of surface waiting for exactly `pid`, or NULL. */
static struct procd_waiter *oldest(struct procd_waiters *ws, uint32_t surface, uint32_t pid)
{
    struct procd_waiter *best = NULL;
    for (uint32_t i = 0; i < PROCD_MAX_WAITERS; i++) {
        struct procd_waiter *w = &ws->w[i];
        if (w->used && w->surface == surface && w->pid == pid &&
            (best == NULL || w->since < best->since))
            best = w;
    }
    return best;
}

static uint64_t take(struct procd_waiter *w)
{
    uint64_t token = w->token;
    memset(w, 0, sizeof *w);
    return token;
}

uint64_t procd_waiters_take(struct procd_waiters *ws, uint32_t surface, uint32_t pid)
{
    struct procd_waiter *w = pid != 0 ? oldest(ws, surface, pid) : NULL;
    if (w == NULL)
        w = oldest(ws, surface, 0);
    return w != NULL ? take(w) : 0;
}

uint64_t procd_waiters_take_stale(struct procd_waiters *ws, procd_waitable_fn waitable,
                                  void *ctx)
{
    struct procd_waiter *best = NULL;
    for (uint32_t i = 0; i < PROCD_MAX_WAITERS; i++) {
        struct procd_waiter *w = &ws->w[i];
        if (w->used && !waitable(ctx, w->surface, w->pid) &&
            (best == NULL || w->since < best->since))
            best = w;
    }
    return best != NULL ? take(best) : 0;
}

unsigned procd_waiters_count(const struct procd_waiters *ws)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < PROCD_MAX_WAITERS; i++)
        n += ws->w[i].used;
    return n;
}
