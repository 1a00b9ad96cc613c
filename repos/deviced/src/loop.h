/*
 * loop.h - the service loop's queues and its fairness policy.
 *
 * deviced has one endpoint and one thread. The loop takes every waiting call
 * off the endpoint (polling receives) into two bounded queues, admin (rootd)
 * and public (drivers, consumers, discovery), by the caller's badge, and then
 * picks what to serve next:
 *
 *   1. an admin call, unless DEVICED_ADMIN_BURST admin calls were served in a
 *      row while public calls or housekeeping waited;
 *   2. housekeeping (starting a driver an event made startable, one per turn),
 *      when no public call waits or DEVICED_HOUSEKEEP_EVERY public calls were
 *      served since the last housekeeping turn;
 *   3. a public call (oldest first);
 *   4. otherwise wait on the endpoint.
 *
 * So a burst of driver registrations or discovery reports cannot strand
 * rootd's follow-on calls (an admin call waits for at most the one call being
 * served), an admin stream cannot starve the drivers (one public call after
 * every burst), and activation work runs between calls, never ahead of more
 * than one. Reply tokens are kept while a call is queued (the kernel lets a
 * server answer calls in any order).
 *
 * Pure: the queues hold copies of the messages; main.c does the receiving.
 */
#ifndef DEVICED_LOOP_H
#define DEVICED_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/ipc.h>

#include "deviced_config.h"

struct deviced_msg {
    uint32_t op;
    uint16_t flags;
    uint16_t len;
    uint64_t token;
    uint64_t badge;
    uint32_t sender_pid;
    uint32_t surface;               /* ERIX_DEVICED_SURFACE_* */
    uint64_t seq;                   /* arrival order */
    _Alignas(8) uint8_t body[ERIX_IPC_MAX_BODY];
};

struct deviced_ring {
    uint32_t head;
    uint32_t count;
};

enum deviced_turn {
    DEVICED_TURN_WAIT = 0,
    DEVICED_TURN_ADMIN = 1,
    DEVICED_TURN_PUBLIC = 2,
    DEVICED_TURN_HOUSEKEEP = 3,
};

struct deviced_loop {
    struct deviced_msg admin[DEVICED_ADMIN_QUEUE];
    struct deviced_msg pub[DEVICED_PUBLIC_QUEUE];
    struct deviced_ring admin_q;
    struct deviced_ring pub_q;
    uint32_t admin_streak;          /* admin turns in a row */
    uint32_t public_since_housekeep;
    uint64_t seq;
    uint32_t admin_ahead;           /* admin calls served ahead of older public ones */
};

void loop_init(struct deviced_loop *l);

/* Can one more call of any surface be queued? (drain only while true) */
bool loop_has_room(const struct deviced_loop *l);

/* Queue a call: admin surface to the admin queue, every other to the public
 * one. The body (m->len bytes at body) is copied. false: that queue is full. */
bool loop_push(struct deviced_loop *l, uint32_t surface, uint32_t op, uint16_t flags,
               uint16_t len, uint64_t token, uint64_t badge, uint32_t sender_pid,
               const void *body);

/* What to do next (the policy above); housekeeping: is there activation work. */
enum deviced_turn loop_next(const struct deviced_loop *l, bool housekeeping);

/*
 * Take the call a turn serves (ADMIN or PUBLIC) into *out and count the turn;
 * for HOUSEKEEP only count it. *ahead (may be NULL) is set when an admin call
 * is taken while an older public call still waits. false: nothing to take.
 */
bool loop_take(struct deviced_loop *l, enum deviced_turn turn, struct deviced_msg *out, bool *ahead);

uint32_t loop_queued(const struct deviced_loop *l);

#endif
