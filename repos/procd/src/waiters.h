/*
 * waiters.h - kept WAIT_PROCESS_EVENT calls: the reply token, the caller's
 * surface and the pid it waits for (0: any of its processes).
 *
 * An event of pid on surface S goes to exactly one waiter: the oldest one of S
 * waiting for that very pid, else the oldest one of S waiting for any. Pure
 * bookkeeping: no system calls (the server answers the tokens).
 */
#ifndef PROCD_WAITERS_H
#define PROCD_WAITERS_H

#include <stdbool.h>
#include <stdint.h>

#include "procd_config.h"

struct procd_waiter {
    bool used;
    uint8_t surface;
    uint32_t pid;      /* 0: any process of the surface */
    uint64_t token;
    uint64_t since;    /* arrival order */
};

struct procd_waiters {
    struct procd_waiter w[PROCD_MAX_WAITERS];
    uint64_t clock;
};

void procd_waiters_init(struct procd_waiters *ws);

bool procd_waiters_has_room(const struct procd_waiters *ws);

/* Keep a waiter; false when the table is full. */
bool procd_waiters_add(struct procd_waiters *ws, uint32_t surface, uint32_t pid, uint64_t token);

/* Take the waiter an event of pid on surface goes to; its token, or 0. */
uint64_t procd_waiters_take(struct procd_waiters *ws, uint32_t surface, uint32_t pid);

/* Does the waiter still have something to wait for? */
typedef bool (*procd_waitable_fn)(void *ctx, uint32_t surface, uint32_t pid);

/* Remove the oldest waiter `waitable` says can never be answered with an
 * event; its token, or 0 when there is none. */
uint64_t procd_waiters_take_stale(struct procd_waiters *ws, procd_waitable_fn waitable,
                                  void *ctx);

unsigned procd_waiters_count(const struct procd_waiters *ws);

#endif
