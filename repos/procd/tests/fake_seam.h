/*
 * fake_seam.h - test-only: a scripted stand-in for src/kernel.h.
 *
 * Records every seam call (name, pool, arguments), every reply (token,
 * status, body, whether it carried the CREATE transfer table) and every log
 * line. Pids come from a counter. A test makes one call fail by name and
 * occurrence, makes replies to one token fail, and sets the live grant
 * count START sees.
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

void seam_reset(void);

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
