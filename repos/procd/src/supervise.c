/*
 * supervise.c - supervision: the restart policy (SET/GET_RESTART_POLICY, the
 * decision when a run ends, the restarts the tick carries out), procd's
 * accounting (QUERY_PROCESS with pid 0) and the late binding of foundation
 * endpoints (UPDATE_FOUNDATION_ENDPOINTS).
 *
 * A restart is in place: RESTAGE_PROCESS keeps the child's CSpace (the
 * capabilities its creator installed), its address space and its envelope;
 * procd refreshes the writable segments and the stack from the boot image and
 * starts it with the arguments of its first start. It costs no new memory and
 * no capability from anyone.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/procd.h>

#include "kernel.h"
#include "server_int.h"

/* ---- SET / GET_RESTART_POLICY -------------------------------------------------- */

erix_status_t procd_op_set_policy(struct procd_server *s, const struct procd_request *r)
{
    struct procd_record *rec = procd_table_visible(&s->table, r->surface, r->pid);
    if (rec == NULL)
        return ERIX_ERR_NOT_FOUND;
    if (!procd_rec_live(rec) || rec->state == PROCD_REC_STOPPING)
        return ERIX_ERR_STATE;
    if (r->policy.policy == ERIX_PROCD_POLICY_RESTART && rec->origin != PROCD_ORIGIN_IMAGE)
        return ERIX_ERR_STATE; /* no boot image to restart it from */
    procd_restart_set(&rec->restart, &r->policy);
    pk_log("PROCD:POLICY pid=%u policy=%s min_runtime_ms=%u max_restarts=%u", rec->pid,
           r->policy.policy == ERIX_PROCD_POLICY_RESTART ? "restart" : "hold",
           r->policy.min_runtime_ms, r->policy.max_restarts);
    if (rec->state == PROCD_REC_RESTARTING && r->policy.policy == ERIX_PROCD_POLICY_HOLD)
        procd_cancel_restart(s, rec); /* hold: it stays down */
    (void)pk_reply(r->token, ERIX_OK, NULL, 0);
    return ERIX_OK;
}

erix_status_t procd_op_get_policy(struct procd_server *s, const struct procd_request *r)
{
    struct procd_record *rec = procd_table_visible(&s->table, r->surface, r->pid);
    if (rec == NULL)
        return ERIX_ERR_NOT_FOUND;
    const struct procd_restart *p = &rec->restart;
    struct erix_procd_policy_resp resp = {
        rec->pid,         p->policy, p->min_runtime_ms, p->max_restarts,    p->restarts,
        procd_rec_public_state(rec), p->flags,          p->fast_failures,   p->last_delay_ms,
        p->last_runtime_ms,
    };
    (void)pk_reply(r->token, ERIX_OK, &resp, sizeof resp);
    return ERIX_OK;
}

/* ---- restarts ------------------------------------------------------------------- */

bool procd_schedule_restart(struct procd_server *s, struct procd_record *rec,
                            const struct erix_event *ev)
{
    uint64_t now = pk_clock_ns();
    enum procd_restart_verdict v = procd_restart_on_end(&rec->restart, ev->kind, now);
    if (v == PROCD_RESTART_GIVE_UP)
        pk_log("PROCD:RESTART_GAVE_UP pid=%u restarts=%u", rec->pid, rec->restart.restarts);
    if (v != PROCD_RESTART_SCHEDULE)
        return false;
    procd_rec_restarting(&s->table, rec, ev);
    pk_log("PROCD:RESTART_SCHEDULED pid=%u run_ms=%u delay_ms=%u", rec->pid,
           rec->restart.last_runtime_ms, rec->restart.last_delay_ms);
    return true;
}

/* Destroy a RESTARTING child and settle its record (no new event). */
static void settle(struct procd_server *s, struct procd_record *rec, bool failed)
{
    procd_restart_cancel(&rec->restart, failed);
    procd_destroy_pool(s, rec->pool);
    procd_rec_settle(&s->table, rec);
    procd_sweep(s);
}

void procd_cancel_restart(struct procd_server *s, struct procd_record *rec)
{
    pk_log("PROCD:RESTART_CANCELLED pid=%u", rec->pid);
    settle(s, rec, false);
}

static erix_status_t restart_one(struct procd_record *rec, const struct procd_image *img)
{
    if (img == NULL)
        return ERIX_ERR_NOT_FOUND;
    erix_status_t st = pk_child_restage(rec->pool, img->bytes, img->size);
    if (st == ERIX_OK)
        st = pk_child_start(rec->pool, NULL, 0, rec->args[0], rec->args[1], rec->args[2]);
    return st;
}

static void restart(struct procd_server *s, struct procd_record *rec)
{
    erix_status_t st = restart_one(rec, procd_find_image(s, rec->image_index));
    if (st != ERIX_OK) {
        pk_log("PROCD:RESTART_FAILED pid=%u status=%s", rec->pid, erix_status_name(st));
        settle(s, rec, true);
        return;
    }
    procd_restart_done(&rec->restart, pk_clock_ns());
    procd_rec_restarted(rec);
    pk_log("PROCD:RESTARTED pid=%u restarts=%u", rec->pid, rec->restart.restarts);
}

bool procd_server_next_due(const struct procd_server *s, uint64_t *due_ns)
{
    bool any = false;
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++) {
        const struct procd_record *rec = &s->table.rec[i];
        if (rec->state != PROCD_REC_RESTARTING)
            continue;
        if (!any || rec->restart.due_ns < *due_ns)
            *due_ns = rec->restart.due_ns;
        any = true;
    }
    return any;
}

void procd_server_tick(struct procd_server *s)
{
    uint64_t due;
    if (!procd_server_next_due(s, &due))
        return; /* nothing pending: not even the clock is read */
    uint64_t now = pk_clock_ns();
    if (now < due)
        return;
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++) {
        struct procd_record *rec = &s->table.rec[i];
        if (rec->state == PROCD_REC_RESTARTING && procd_restart_due(&rec->restart, now))
            restart(s, rec);
    }
}

/* ---- accounting ------------------------------------------------------------------ */

/* Capabilities where none should be: the child range of a pool without a live
 * child, and the transfer inbox. */
static uint32_t stray_slots(const struct procd_server *s)
{
    uint32_t n = 0;
    struct erix_cap_info info;
    for (uint32_t p = 0; p < PROCD_MAX_CHILDREN; p++) {
        if (s->pools.pool[p].state == PROCD_POOL_USED)
            continue;
        for (uint32_t off = 0; off < PROCD_CHILD_SLOT_STRIDE; off++)
            n += pk_cap_info(procd_child_slot(p, off), &info) == ERIX_OK;
    }
    for (uint32_t k = 0; k < PROCD_INBOX_SLOTS; k++)
        n += pk_cap_info(PROCD_INBOX_SLOT_BASE + k, &info) == ERIX_OK;
    return n;
}

static erix_status_t pool_bytes(const struct procd_server *s, struct erix_procd_accounting_resp *a)
{
    for (uint32_t p = 0; p < PROCD_MAX_CHILDREN; p++) {
        const struct procd_pool *q = &s->pools.pool[p];
        uint64_t used = 0;
        if (q->state == PROCD_POOL_EMPTY)
            continue;
        erix_status_t st = pk_pool_usage(p, &used);
        if (st != ERIX_OK)
            return st;
        a->pools_retyped++;
        a->pools_in_use += q->state == PROCD_POOL_USED;
        a->pool_bytes_in_use += used;
        a->pool_bytes_total += (uint64_t)q->pages * 4096u;
    }
    return ERIX_OK;
}

static uint32_t restarts_pending(const struct procd_table *t)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < PROCD_MAX_RECORDS; i++)
        n += t->rec[i].state == PROCD_REC_RESTARTING;
    return n;
}

erix_status_t procd_op_accounting(struct procd_server *s, const struct procd_request *r)
{
    struct erix_procd_accounting_resp a;
    memset(&a, 0, sizeof a);
    erix_status_t st = pool_bytes(s, &a);
    if (st != ERIX_OK)
        return st;
    a.live_processes = procd_table_live_count(&s->table);
    a.records = procd_table_used_count(&s->table);
    a.stray_slots = stray_slots(s);
    a.waiters = procd_waiters_count(&s->waiters);
    a.loader_active = s->loader.active;
    a.loader_bytes = (uint32_t)s->loader.received;
    a.foundation_bound = s->foundation.bound;
    a.restarts_pending = restarts_pending(&s->table);
    (void)pk_reply(r->token, ERIX_OK, &a, sizeof a);
    return ERIX_OK;
}

/* ---- UPDATE_FOUNDATION_ENDPOINTS --------------------------------------------------- */

/* A transferred foundation endpoint: generic, SEND, no RECV. */
static erix_status_t check_foundation_cap(uint32_t slot)
{
    struct erix_cap_info info;
    erix_status_t st = pk_cap_info(slot, &info);
    if (st != ERIX_OK)
        return st;
    if (info.type != ERIX_CAP_ENDPOINT || info.endpoint_kind != ERIX_EP_GENERIC)
        return ERIX_ERR_WRONG_TYPE;
    if ((info.rights & ERIX_RIGHT_SEND) == 0)
        return ERIX_ERR_NO_RIGHTS;
    if ((info.rights & ERIX_RIGHT_RECV) != 0)
        return ERIX_ERR_DENIED; /* procd must not be able to take a peer's messages */
    return ERIX_OK;
}

static erix_status_t bind(uint32_t kind, uint32_t inbox)
{
    uint32_t slot = PROCD_FOUNDATION_SLOT_BASE + kind - 1;
    struct erix_cap_info info;
    if (pk_cap_info(slot, &info) == ERIX_OK)
        (void)pk_cap_drop(slot); /* the older binding */
    erix_status_t st = pk_cap_copy(inbox, slot, ERIX_RIGHT_SEND);
    (void)pk_cap_drop(inbox);
    return st;
}

static erix_status_t bind_all(struct procd_server *s, const struct procd_request *r,
                              const struct erix_xfer_entry *caps)
{
    for (uint32_t i = 0; i < r->foundation.count; i++) {
        uint32_t kind = r->foundation.entries[i].kind;
        erix_status_t st = bind(kind, caps[i].slot);
        if (st != ERIX_OK) {
            s->foundation.bound &= ~(1u << (kind - 1));
            return st;
        }
        s->foundation.bound |= 1u << (kind - 1);
        pk_log("PROCD:FOUNDATION kind=%s slot=%u", procd_foundation_role(kind),
               PROCD_FOUNDATION_SLOT_BASE + kind - 1);
    }
    s->foundation.generation++;
    return ERIX_OK;
}

erix_status_t procd_op_foundation(struct procd_server *s, const struct procd_request *r,
                                  const struct erix_xfer_entry *caps, unsigned ncaps)
{
    if (ncaps != r->foundation.count)
        return ERIX_ERR_MALFORMED; /* each entry names exactly one transferred endpoint */
    for (uint32_t i = 0; i < ncaps; i++) {
        erix_status_t st = check_foundation_cap(caps[i].slot);
        if (st != ERIX_OK)
            return st;
    }
    erix_status_t st = ncaps > 0 ? bind_all(s, r, caps) : ERIX_OK;
    if (st != ERIX_OK)
        return st;
    struct erix_procd_foundation_resp resp = {ERIX_PROCD_FOUNDATION_VERSION, s->foundation.bound,
                                              s->foundation.generation, 0};
    (void)pk_reply(r->token, ERIX_OK, &resp, sizeof resp);
    return ERIX_OK;
}
