/*
 * loop.c - the service loop's queues and fairness policy (loop.h).
 */
#include <string.h>

#include "loop.h"

void loop_init(struct deviced_loop *l)
{
    memset(l, 0, sizeof *l);
}

bool loop_has_room(const struct deviced_loop *l)
{
    return l->admin_q.count < DEVICED_ADMIN_QUEUE && l->pub_q.count < DEVICED_PUBLIC_QUEUE;
}

uint32_t loop_queued(const struct deviced_loop *l)
{
    return l->admin_q.count + l->pub_q.count;
}

static struct deviced_msg *tail(struct deviced_msg *slots, struct deviced_ring *q, uint32_t cap)
{
    return &slots[(q->head + q->count) % cap];
}

bool loop_push(struct deviced_loop *l, uint32_t surface, uint32_t op, uint16_t flags,
               uint16_t len, uint64_t token, uint64_t badge, uint32_t sender_pid,
               const void *body)
{
    bool admin = surface == ERIX_DEVICED_SURFACE_ADMIN;
    struct deviced_ring *q = admin ? &l->admin_q : &l->pub_q;
    uint32_t cap = admin ? DEVICED_ADMIN_QUEUE : DEVICED_PUBLIC_QUEUE;
    if (q->count >= cap || len > ERIX_IPC_MAX_BODY)
        return false;
    struct deviced_msg *m = tail(admin ? l->admin : l->pub, q, cap);
    m->op = op;
    m->flags = flags;
    m->len = len;
    m->token = token;
    m->badge = badge;
    m->sender_pid = sender_pid;
    m->surface = surface;
    m->seq = l->seq++;
    if (len != 0)
        memcpy(m->body, body, len);
    q->count++;
    return true;
}

enum deviced_turn loop_next(const struct deviced_loop *l, bool housekeeping)
{
    bool admin = l->admin_q.count > 0, pub = l->pub_q.count > 0;
    bool others = pub || housekeeping;
    if (admin && (l->admin_streak < DEVICED_ADMIN_BURST || !others))
        return DEVICED_TURN_ADMIN;
    if (housekeeping && (!pub || l->public_since_housekeep >= DEVICED_HOUSEKEEP_EVERY))
        return DEVICED_TURN_HOUSEKEEP;
    if (pub)
        return DEVICED_TURN_PUBLIC;
    return DEVICED_TURN_WAIT;
}

static void pop(struct deviced_msg *slots, struct deviced_ring *q, uint32_t cap,
                struct deviced_msg *out)
{
    memcpy(out, &slots[q->head], sizeof *out);
    q->head = (q->head + 1) % cap;
    q->count--;
}

bool loop_take(struct deviced_loop *l, enum deviced_turn turn, struct deviced_msg *out, bool *ahead)
{
    if (ahead != NULL)
        *ahead = false;
    switch (turn) {
    case DEVICED_TURN_ADMIN:
        if (l->admin_q.count == 0)
            return false;
        pop(l->admin, &l->admin_q, DEVICED_ADMIN_QUEUE, out);
        if (l->pub_q.count > 0 && l->pub[l->pub_q.head].seq < out->seq) {
            l->admin_ahead++;
            if (ahead != NULL)
                *ahead = true;
        }
        l->admin_streak++;
        return true;
    case DEVICED_TURN_PUBLIC:
        if (l->pub_q.count == 0)
            return false;
        pop(l->pub, &l->pub_q, DEVICED_PUBLIC_QUEUE, out);
        l->admin_streak = 0;
        l->public_since_housekeep++;
        return true;
    case DEVICED_TURN_HOUSEKEEP:
        l->admin_streak = 0;
        l->public_since_housekeep = 0;
        return true;
    default: return false;
    }
}
