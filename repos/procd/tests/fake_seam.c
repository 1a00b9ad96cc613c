/*
 * fake_seam.c - test-only: the scripted seam of fake_seam.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fake_seam.h"
#include "kernel.h"

struct seam_call seam_calls[SEAM_MAX_CALLS];
unsigned seam_ncalls;
struct seam_reply seam_replies[SEAM_MAX_REPLIES];
unsigned seam_nreplies;
char seam_lines[SEAM_MAX_LINES][256];
unsigned seam_nlines;
uint32_t seam_next_pid;
uint32_t seam_live_grants;

static char fail_op[24];
static unsigned fail_left;
static erix_status_t fail_status;
static uint64_t fail_token;
static erix_status_t fail_token_status;

void seam_reset(void)
{
    seam_ncalls = seam_nreplies = seam_nlines = 0;
    seam_next_pid = 10;
    seam_live_grants = 0;
    fail_op[0] = 0;
    fail_token = 0;
    fail_token_status = ERIX_OK;
}

void seam_fail(const char *op, unsigned nth, erix_status_t st)
{
    snprintf(fail_op, sizeof fail_op, "%s", op);
    fail_left = nth;
    fail_status = st;
}

void seam_fail_token(uint64_t token, erix_status_t st)
{
    fail_token = token;
    fail_token_status = st;
}

static erix_status_t record(const char *op, uint32_t pool, uint64_t a, uint64_t b, uint64_t c,
                            uint64_t d)
{
    if (seam_ncalls < SEAM_MAX_CALLS) {
        struct seam_call *k = &seam_calls[seam_ncalls++];
        snprintf(k->op, sizeof k->op, "%s", op);
        *k = (struct seam_call){{0}, pool, a, b, c, d};
        snprintf(k->op, sizeof k->op, "%s", op);
    }
    if (fail_op[0] != 0 && strcmp(fail_op, op) == 0) {
        if (fail_left == 0) {
            fail_op[0] = 0;
            return fail_status;
        }
        fail_left--;
    }
    return ERIX_OK;
}

unsigned seam_count(const char *op)
{
    unsigned n = 0;
    for (unsigned i = 0; i < seam_ncalls; i++)
        n += strcmp(seam_calls[i].op, op) == 0;
    return n;
}

const struct seam_call *seam_find(const char *op, unsigned nth)
{
    for (unsigned i = 0; i < seam_ncalls; i++)
        if (strcmp(seam_calls[i].op, op) == 0 && nth-- == 0)
            return &seam_calls[i];
    return NULL;
}

const struct seam_reply *seam_last_reply(void)
{
    return seam_nreplies > 0 ? &seam_replies[seam_nreplies - 1] : NULL;
}

const struct seam_reply *seam_reply_to(uint64_t token)
{
    for (unsigned i = seam_nreplies; i-- > 0;)
        if (seam_replies[i].token == token)
            return &seam_replies[i];
    return NULL;
}

unsigned seam_replies_to(uint64_t token)
{
    unsigned n = 0;
    for (unsigned i = 0; i < seam_nreplies; i++)
        n += seam_replies[i].token == token;
    return n;
}

bool seam_logged(const char *prefix)
{
    return seam_logged_count(prefix) > 0;
}

unsigned seam_logged_count(const char *prefix)
{
    unsigned n = 0;
    for (unsigned i = 0; i < seam_nlines; i++)
        n += strncmp(seam_lines[i], prefix, strlen(prefix)) == 0;
    return n;
}

/* ---- the seam ------------------------------------------------------------------ */

void pk_init(const struct pk_config *c)
{
    (void)record("init", 0, c->kctl, c->service, c->pool, c->self_vspace);
}

erix_status_t pk_map_image(uint32_t frame_slot, uint64_t vaddr)
{
    return record("map_image", 0, frame_slot, vaddr, 0, 0);
}

erix_status_t pk_pool_create(uint32_t pool, uint32_t pages)
{
    return record("pool_create", pool, pages, 0, 0, 0);
}

erix_status_t pk_pool_reset(uint32_t pool)
{
    return record("pool_reset", pool, 0, 0, 0, 0);
}

erix_status_t pk_child_create(uint32_t pool, const void *elf, uint64_t size, uint32_t priority,
                              uint32_t *pid)
{
    erix_status_t st = record("child_create", pool, (uint64_t)(uintptr_t)elf, size, priority, 0);
    if (st == ERIX_OK)
        *pid = seam_next_pid++;
    return st;
}

erix_status_t pk_child_wire(uint32_t pool, uint32_t pid, int with_service)
{
    return record("child_wire", pool, pid, (uint64_t)with_service, 0, 0);
}

erix_status_t pk_child_grant(uint32_t pool)
{
    return record("child_grant", pool, 0, 0, 0, 0);
}

erix_status_t pk_child_live_grants(uint32_t pool, uint32_t *grants)
{
    erix_status_t st = record("live_grants", pool, 0, 0, 0, 0);
    if (st == ERIX_OK)
        *grants = seam_live_grants;
    return st;
}

erix_status_t pk_child_start(uint32_t pool, const void *envelope, uint32_t len, uint64_t a0,
                             uint64_t a1, uint64_t a2)
{
    (void)envelope;
    return record("child_start", pool, len, a0, a1, a2);
}

erix_status_t pk_child_kill(uint32_t pool, uint32_t reason)
{
    return record("child_kill", pool, reason, 0, 0, 0);
}

erix_status_t pk_child_abort(uint32_t pool)
{
    return record("child_abort", pool, 0, 0, 0, 0);
}

static erix_status_t reply(uint64_t token, uint32_t status, const void *body, uint16_t len,
                           bool caps, uint32_t pool)
{
    erix_status_t st = record(caps ? "reply_create" : "reply", pool, token, status, len, 0);
    if (st == ERIX_OK && token == fail_token && fail_token_status != ERIX_OK) {
        st = fail_token_status; /* once: the caller is gone, or refused the transfer */
        fail_token = 0;
    }
    if (st != ERIX_OK || seam_nreplies >= SEAM_MAX_REPLIES)
        return st;
    struct seam_reply *r = &seam_replies[seam_nreplies++];
    memset(r, 0, sizeof *r);
    *r = (struct seam_reply){token, status, len, caps, pool, {0}};
    if (len > 0)
        memcpy(r->body, body, len);
    return ERIX_OK;
}

erix_status_t pk_reply(uint64_t token, uint32_t status, const void *body, uint16_t len)
{
    return reply(token, status, body, len, false, 0);
}

erix_status_t pk_reply_create(uint64_t token, uint32_t pool, const void *body, uint16_t len)
{
    return reply(token, ERIX_OK, body, len, true, pool);
}

void pk_log(const char *fmt, ...)
{
    va_list ap;
    if (seam_nlines >= SEAM_MAX_LINES)
        return;
    va_start(ap, fmt);
    vsnprintf(seam_lines[seam_nlines++], sizeof seam_lines[0], fmt, ap);
    va_end(ap);
}
