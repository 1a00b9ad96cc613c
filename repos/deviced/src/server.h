/*
 * server.h - deviced's request server: one handler per op (decode, check,
 * then act), the driver lifecycle through procd (lifecycle.c), activation
 * housekeeping, and the queued ERIX_DEVICED:READY markers.
 *
 * Every call gets exactly one reply, with a status (erix/ipc.h) and, where
 * the op has one, a body; nothing panics. Refusals are logged
 * "DEVICED:REFUSED op=NAME surface=S status=NAME" and change nothing.
 */
#ifndef DEVICED_SERVER_H
#define DEVICED_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "contract.h"
#include "deviced_config.h"
#include "loop.h"
#include "registry.h"

struct deviced_server {
    struct deviced_registry reg;
    struct deviced_contract contract;
    uint32_t endpoint;              /* deviced's endpoint (DEVICED_SLOT_ENDPOINT) */
    bool markers;                   /* print ERIX_DEVICED:READY lines (not in release builds) */
    uint32_t marker_count;
    char marker_roles[DEVICED_MAX_MARKERS][ERIX_ROLE_MAX];
    uint32_t markers_done;          /* readiness notifications completed (printed or not) */
};

void server_init(struct deviced_server *s, const struct deviced_contract *c, uint32_t endpoint,
                 bool markers);

/* Serve one call taken off the endpoint (the loop's ADMIN or PUBLIC turn). */
void server_handle(struct deviced_server *s, const struct deviced_msg *m);

/* Refuse a call the loop cannot queue (unknown badge, no token). */
void server_refuse(const struct deviced_msg *m, erix_status_t st);

/* Is there activation work for a HOUSEKEEP turn? */
bool server_housekeeping(const struct deviced_server *s);

/* One HOUSEKEEP turn: start the next binding an event made startable. */
void server_housekeep(struct deviced_server *s);

/* The loop's flush point: print the queued readiness markers. */
void server_flush(struct deviced_server *s);

/* ---- lifecycle.c ----------------------------------------------------------------- */

/* Start binding b through procd (checks done by the caller): plan, CREATE,
 * install, envelope, START; every failure after CREATE is cleaned up. */
erix_status_t lifecycle_start(struct deviced_server *s, uint32_t b);

/* Stop binding b through procd (checks done by the caller). */
erix_status_t lifecycle_stop(struct deviced_server *s, uint32_t b);

/* A STARTING binding's READY: accepted (RUNNING, marker queued) or refused
 * (stopped through procd, FAILED). Returns the status to answer with. */
erix_status_t lifecycle_ready(struct deviced_server *s, uint32_t b, uint32_t status);

/* Ask procd whether binding b's process is still alive; record its end. */
void lifecycle_refresh(struct deviced_server *s, uint32_t b);

#endif
