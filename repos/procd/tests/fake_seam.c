/*
 * fake_seam.c - test-only: the scripted seam of fake_seam.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <erix/caps.h>
#include <erix/procd.h>

#include "fake_seam.h"
#include "kernel.h"
#include "procd_config.h"

struct seam_call seam_calls[SEAM_MAX_CALLS];
unsigned seam_ncalls;
struct seam_reply seam_replies[SEAM_MAX_REPLIES];
unsigned seam_nreplies;
char seam_lines[SEAM_MAX_LINES][256];
unsigned seam_nlines;
uint32_t seam_next_pid;
uint32_t seam_live_grants;
uint64_t seam_now_ns;
uint64_t seam_pool_bytes[48];
uint32_t seam_last_fault_step;

struct fake_slot {
    bool used;
    struct erix_cap_info info;
};
static struct fake_slot slots[ERIX_CSPACE_SLOTS];

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
    seam_now_ns = 1000000000ull;
    memset(seam_pool_bytes, 0, sizeof seam_pool_bytes);
    memset(slots, 0, sizeof slots);
    seam_last_fault_step = 0;
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

void seam_slot_set(uint32_t slot, uint32_t type, uint32_t rights, uint32_t kind)
{
    if (slot < ERIX_CSPACE_SLOTS)
        slots[slot] = (struct fake_slot){true, {type, rights, kind, 0, 0, 0}};
}

bool seam_slot_used(uint32_t slot)
{
    return slot < ERIX_CSPACE_SLOTS && slots[slot].used;
}

unsigned seam_slots_in_ranges(void)
{
    unsigned n = 0;
    for (uint32_t s = PROCD_CHILD_SLOT_BASE; s < PROCD_CHILD_SLOT_END; s++)
        n += slots[s].used;
    for (uint32_t s = PROCD_INBOX_SLOT_BASE; s < PROCD_OWN_SLOT_END; s++)
        n += slots[s].used;
    return n;
}

/* A child was (partly) built in `pool`: its slots hold capabilities, its pool
 * has bytes retyped. */
static void model_build(uint32_t pool, uint32_t nslots)
{
    if (pool >= PROCD_MAX_CHILDREN)
        return;
    for (uint32_t off = 0; off < nslots; off++)
        seam_slot_set(procd_child_slot(pool, off), ERIX_CAP_FRAME, ERIX_RIGHTS_ALL, 0);
    seam_pool_bytes[pool] += 4096u * nslots + (300u << 10);
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
    erix_status_t st = record("pool_reset", pool, 0, 0, 0, 0);
    if (st == ERIX_OK && pool < PROCD_MAX_CHILDREN) {
        for (uint32_t off = 0; off < PROCD_CHILD_SLOT_STRIDE; off++)
            slots[procd_child_slot(pool, off)].used = false;
        seam_pool_bytes[pool] = 0;
    }
    return st;
}

erix_status_t pk_child_create(uint32_t pool, const void *elf, uint64_t size, uint32_t priority,
                              uint32_t *pid)
{
    erix_status_t st = record("child_create", pool, (uint64_t)(uintptr_t)elf, size, priority, 0);
    if (st == ERIX_OK) {
        *pid = seam_next_pid++;
        model_build(pool, 4);
    }
    return st;
}

erix_status_t pk_child_restage(uint32_t pool, const void *elf, uint64_t size)
{
    return record("child_restage", pool, (uint64_t)(uintptr_t)elf, size, 0, 0);
}

erix_status_t pk_loader_build(uint32_t pool, const struct erix_elf_image *plan,
                              const uint8_t *bytes, uint32_t priority, uint32_t fault_step,
                              uint32_t *pid)
{
    seam_last_fault_step = fault_step;
    erix_status_t st = record("loader_build", pool, plan->segment_count,
                              (uint64_t)(uintptr_t)bytes, priority, fault_step);
    bool fail_inside = fault_step >= ERIX_PROCD_LOADER_FAULT_AFTER_CHILD_CREATE &&
                       fault_step <= ERIX_PROCD_LOADER_FAULT_MID_COPY;
    if (st == ERIX_OK || fail_inside)
        model_build(pool, fail_inside ? 1u + fault_step : 3u + plan->segment_count);
    if (st == ERIX_OK && fail_inside)
        st = ERIX_ERR_INTERNAL; /* what kernel.c does with the hooks built in */
    if (st == ERIX_OK)
        *pid = seam_next_pid++;
    return st;
}

uint64_t pk_clock_ns(void)
{
    return seam_now_ns;
}

erix_status_t pk_pool_usage(uint32_t pool, uint64_t *bytes)
{
    if (pool >= PROCD_MAX_CHILDREN)
        return ERIX_ERR_INVALID_ARGUMENT;
    *bytes = seam_pool_bytes[pool];
    return ERIX_OK;
}

erix_status_t pk_cap_info(uint32_t slot, struct erix_cap_info *out)
{
    if (slot == 0 || slot >= ERIX_CSPACE_SLOTS)
        return ERIX_ERR_INVALID_SLOT;
    if (!slots[slot].used)
        return ERIX_ERR_EMPTY_SLOT;
    *out = slots[slot].info;
    return ERIX_OK;
}

erix_status_t pk_cap_copy(uint32_t from, uint32_t to, uint32_t rights)
{
    erix_status_t st = record("cap_copy", 0, from, to, rights, 0);
    if (st != ERIX_OK)
        return st;
    if (from >= ERIX_CSPACE_SLOTS || to >= ERIX_CSPACE_SLOTS || !slots[from].used)
        return ERIX_ERR_EMPTY_SLOT;
    if (slots[to].used)
        return ERIX_ERR_SLOT_OCCUPIED;
    slots[to] = slots[from];
    slots[to].info.rights &= rights;
    return ERIX_OK;
}

erix_status_t pk_cap_drop(uint32_t slot)
{
    erix_status_t st = record("cap_drop", 0, slot, 0, 0, 0);
    if (st == ERIX_OK && slot < ERIX_CSPACE_SLOTS) {
        if (!slots[slot].used)
            return ERIX_ERR_EMPTY_SLOT;
        slots[slot].used = false;
    }
    return st;
}

erix_status_t pk_child_wire(uint32_t pool, uint32_t pid, int with_service)
{
    erix_status_t st = record("child_wire", pool, pid, (uint64_t)with_service, 0, 0);
    if (st == ERIX_OK && with_service && pool < PROCD_MAX_CHILDREN)
        seam_slot_set(procd_child_slot(pool, PROCD_CHILD_ENDPOINT), ERIX_CAP_ENDPOINT,
                      ERIX_RIGHTS_ALL, ERIX_EP_GENERIC);
    return st;
}

erix_status_t pk_child_grant(uint32_t pool)
{
    erix_status_t st = record("child_grant", pool, 0, 0, 0, 0);
    if (st == ERIX_OK && pool < PROCD_MAX_CHILDREN)
        seam_slot_set(procd_child_slot(pool, PROCD_CHILD_CALLER_GRANT), ERIX_CAP_INSTALL_GRANT,
                      ERIX_RIGHTS_ALL, 0);
    return st;
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
    erix_status_t st = reply(token, ERIX_OK, body, len, true, pool);
    if (st == ERIX_OK && pool < PROCD_MAX_CHILDREN) /* the grant moved to the caller */
        slots[procd_child_slot(pool, PROCD_CHILD_CALLER_GRANT)].used = false;
    return st;
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
