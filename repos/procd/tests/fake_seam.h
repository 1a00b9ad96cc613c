/*
 * fake_seam.h - test-only: a scripted stand-in for src/kernel.h.
 *
 * Records every seam call that changes something (name, pool, arguments),
 * every reply (token, status, body, whether it carried the CREATE transfer
 * table) and every log line. Pids come from a counter. A test makes one call
 * fail by name and occurrence, makes replies to one token fail, and sets the
 * live grant count START sees.
 *
 * It also keeps a small model of what the kernel would hold, so accounting
 * and cleanup can be checked: a fake monotonic clock (seam_now_ns), the bytes
 * retyped in each pool (a child built in it uses some, a reset returns them)
 * and which of procd's slots hold a capability (a build fills the child's
 * range, a reset empties it, drops and copies move them).
 */
#ifndef PROCD_FAKE_SEAM_H
#define PROCD_FAKE_SEAM_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/ipc.h>
#include <erix/status.h>

#define SEAM_MAX_CALLS 512
#define SEAM_MAX_REPLIES 256
#define SEAM_MAX_LINES 256

struct seam_call {
    char op[24];
    uint32_t pool;
    uint64_t a, b, c, d;
};

struct seam_reply {
    uint64_t token;
    uint32_t status;
    uint16_t len;
    bool caps;          /* pk_reply_create: endpoint + grant */
    uint32_t pool;      /* pk_reply_create's pool */
    uint8_t body[ERIX_IPC_MAX_BODY];
};

extern struct seam_call seam_calls[SEAM_MAX_CALLS];
extern unsigned seam_ncalls;
extern struct seam_reply seam_replies[SEAM_MAX_REPLIES];
extern unsigned seam_nreplies;
extern char seam_lines[SEAM_MAX_LINES][256];
extern unsigned seam_nlines;

extern uint32_t seam_next_pid;        /* the pid the next pk_child_create gives */
extern uint32_t seam_live_grants;     /* what pk_child_live_grants reports */
extern uint64_t seam_now_ns;          /* what pk_clock_ns reports */
extern uint64_t seam_pool_bytes[48];  /* what pk_pool_usage reports per pool */
extern uint32_t seam_last_fault_step; /* pk_loader_build's fault_step, last call */

void seam_reset(void);

/* The fake CSpace: put a capability in one of procd's slots, look at one. */
void seam_slot_set(uint32_t slot, uint32_t type, uint32_t rights, uint32_t kind);
bool seam_slot_used(uint32_t slot);
/* Capabilities anywhere in procd's child slot ranges and inbox. */
unsigned seam_slots_in_ranges(void);

/* Fail the n-th (0-based) later call of `op` with `st`. */
void seam_fail(const char *op, unsigned nth, erix_status_t st);

/* The next reply to `token` fails with `st` (ERIX_OK: none). */
void seam_fail_token(uint64_t token, erix_status_t st);

unsigned seam_count(const char *op);
const struct seam_call *seam_find(const char *op, unsigned nth);
const struct seam_reply *seam_last_reply(void);
const struct seam_reply *seam_reply_to(uint64_t token); /* the last one */
unsigned seam_replies_to(uint64_t token);
bool seam_logged(const char *prefix);                    /* a line starts with it */
unsigned seam_logged_count(const char *prefix);

#endif
