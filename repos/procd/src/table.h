/*
 * table.h - the process table: one record per process procd created, live or
 * ended, and the state machine every record follows.
 *
 *   (created) -> STAGED --start--> RUNNING --STOP--> STOPPING
 *                  |                ^   |                 |
 *                abort     restart  |   | kernel event    | kernel event
 *                  |        (due)   |   v                 v
 *                  |             RESTARTING --STOP/hold--> STOPPED / ended
 *                  v                    (restart policy)
 *               STOPPED        EXITED / FAULTED / STOPPED (ended)
 *
 * Every run of a process ends with one event (exit code, fault vector and
 * address, stop reason). The record keeps the events WAIT_PROCESS_EVENT has
 * not delivered yet, in order (a process under the restart policy has one per
 * run), and the latest for QUERY_PROCESS; an ended record stays until its
 * slot is needed again. Records belong to the surface (bootstrap or driver)
 * that created them and are invisible to the other. Pure bookkeeping: no
 * system calls.
 */
#ifndef PROCD_TABLE_H
#define PROCD_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/envelope.h>
#include <erix/ipc.h>

#include "procd_config.h"
#include "restart.h"

enum procd_rec_state {
    PROCD_REC_FREE = 0,
    PROCD_REC_STAGED,
    PROCD_REC_RUNNING,
    PROCD_REC_STOPPING, /* KILL_PROCESS issued; the STOP caller waits for the event */
    PROCD_REC_EXITED,
    PROCD_REC_FAULTED,
    PROCD_REC_STOPPED,
    PROCD_REC_RESTARTING, /* a run ended; restaged and started again when due */
};

enum procd_origin {
    PROCD_ORIGIN_IMAGE = 0,  /* a boot image: it can be restarted from it */
    PROCD_ORIGIN_LOADER = 1, /* a loader transfer: its bytes are gone after COMMIT */
};

struct procd_queued_event {
    uint64_t order;           /* when it was recorded (table clock) */
    struct erix_event event;
};

enum procd_surface {
    PROCD_SURFACE_NONE = 0,
    PROCD_SURFACE_BOOTSTRAP = 1, /* rootd: non-driver roles */
    PROCD_SURFACE_DRIVER = 2,    /* deviced: drv-* roles */
};

struct procd_record {
    uint8_t state;            /* enum procd_rec_state */
    uint8_t surface;          /* enum procd_surface */
    uint8_t origin;           /* enum procd_origin */
    uint8_t queued;           /* events not yet delivered (queue[0..queued)) */
    uint32_t pid;
    uint32_t pool;            /* pool / child range index while live */
    uint32_t image_index;     /* PROCD_ORIGIN_IMAGE: the boot image it runs */
    char role[ERIX_ROLE_MAX];
    uint64_t created;         /* creation order */
    uint64_t ended;           /* order of the terminal event */
    uint64_t stop_token;      /* STOPPING: the STOP caller's reply token */
    uint64_t args[3];         /* rdi, rsi, rdx it was started with (restarts reuse them) */
    struct procd_restart restart;
    struct erix_event event;  /* the latest event (valid once a run ended) */
    struct procd_queued_event queue[PROCD_EVENT_QUEUE];
};

struct procd_table {
    struct procd_record rec[PROCD_MAX_RECORDS];
    uint64_t clock; /* orders creations and events */
};

void procd_table_init(struct procd_table *t);

/* STAGED, RUNNING, STOPPING or RESTARTING: the process exists in the kernel. */
bool procd_rec_live(const struct procd_record *r);

/* EXITED, FAULTED or STOPPED. */
bool procd_rec_ended(const struct procd_record *r);

/* The record of pid (any surface), or NULL. */
struct procd_record *procd_table_find(struct procd_table *t, uint32_t pid);

/* The record of pid if it belongs to `surface`, or NULL (the other surface
 * cannot see it). */
struct procd_record *procd_table_visible(struct procd_table *t, uint32_t surface, uint32_t pid);

/* Can a record for a new process be claimed (a free or ended record)? */
bool procd_table_has_room(const struct procd_table *t);

/*
 * Claim the record a new process `pid` goes in: the ended record of the same
 * pid (the kernel reuses thread indexes), else a free one, else the oldest
 * ended record whose event was delivered, else the oldest ended one. NULL
 * when no record can be taken, or when a live record already holds pid (the
 * kernel and procd disagree). The record is filled: STAGED, the surface, the
 * role and the pool.
 */
struct procd_record *procd_table_claim(struct procd_table *t, uint32_t pid, uint32_t surface,
                                       const char role[ERIX_ROLE_MAX], uint32_t pool);

/* Forget a record (a creation that failed after the claim). */
void procd_table_release(struct procd_record *r);

/* Has the record events WAIT has not delivered? */
bool procd_rec_pending(const struct procd_record *r);

/* The oldest undelivered event (procd_rec_pending must hold), and forgetting it. */
const struct erix_event *procd_rec_peek(const struct procd_record *r);
void procd_rec_pop(struct procd_record *r);

/* STAGED -> RUNNING with the start arguments (restarts reuse them). */
void procd_rec_started(struct procd_record *r, uint64_t a0, uint64_t a1, uint64_t a2);

/* RUNNING -> STOPPING, keeping the STOP caller's token. */
void procd_rec_stopping(struct procd_record *r, uint64_t token);

/*
 * A live process ended with `ev` (a kernel event, or procd's own stop event
 * for an aborted staged process): the record takes the state the event kind
 * gives, keeps the event pending and leaves its pool.
 */
void procd_rec_ended_with(struct procd_table *t, struct procd_record *r,
                          const struct erix_event *ev);

/* RUNNING -> RESTARTING: the run ended with `ev` (kept pending), the process
 * keeps its pool and waits for its restart. */
void procd_rec_restarting(struct procd_table *t, struct procd_record *r,
                          const struct erix_event *ev);

/* RESTARTING -> RUNNING: restarted. */
void procd_rec_restarted(struct procd_record *r);

/* RESTARTING -> ended without a new event (the restart was cancelled or
 * failed): the state the latest event gives, the pool left. */
void procd_rec_settle(struct procd_table *t, struct procd_record *r);

/* Counts for the accounting query. */
unsigned procd_table_live_count(const struct procd_table *t);
unsigned procd_table_used_count(const struct procd_table *t);

/* The oldest ended record of `surface` whose event is still pending, or NULL. */
struct procd_record *procd_table_oldest_pending(struct procd_table *t, uint32_t surface);

/* Does `surface` have a live record, or one with a pending event? */
bool procd_table_surface_waitable(const struct procd_table *t, uint32_t surface);

/* ERIX_PROCD_STATE_* of a record (STOPPING reads as RUNNING). */
uint32_t procd_rec_public_state(const struct procd_record *r);

#endif
