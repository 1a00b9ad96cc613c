/*
 * server.c - the request server (server.h): dispatch, the lifecycle handlers
 * (CREATE, SPAWN, START, ABORT, STOP, QUERY, WAIT), each in two parts, the
 * checks (which change nothing) and the work; the retirement of children's
 * kernel events; and the delivery of events to kept waiters. Restart policy,
 * accounting and foundation endpoints are in supervise.c, the loader transfer
 * in server_loader.c.
 *
 * A handler returns ERIX_OK once it has answered the caller (or kept its
 * token); any other status is a refusal that procd_server_handle logs and
 * answers. Work that fails after the checks resets the child's pool.
 * Reply bodies: CREATE, SPAWN and COMMIT erix_procd_pid_resp, QUERY
 * erix_procd_query_resp (or erix_procd_accounting_resp), WAIT struct
 * erix_event, GET_RESTART_POLICY erix_procd_policy_resp,
 * UPDATE_FOUNDATION_ENDPOINTS erix_procd_foundation_resp; the others and
 * every refusal none (the status is the header op).
 */
#include <string.h>

#include <erix/kctl.h>
#include <erix/layout.h>
#include <erix/procd.h>

#include "kernel.h"
#include "request.h"
#include "server.h"
#include "server_int.h"

void procd_server_init(struct procd_server *s, const struct procd_image *images, uint32_t count,
                       uint8_t *loader_buf, uint64_t loader_cap)
{
    memset(s, 0, sizeof *s);
    procd_table_init(&s->table);
    procd_pools_init(&s->pools);
    procd_waiters_init(&s->waiters);
    procd_loader_init(&s->loader, loader_buf, loader_cap);
    s->image_count = count < PROCD_MAX_IMAGES ? count : PROCD_MAX_IMAGES;
    memcpy(s->images, images, s->image_count * sizeof images[0]);
}

const struct procd_image *procd_find_image(const struct procd_server *s, uint32_t index)
{
    for (uint32_t i = 0; i < s->image_count; i++)
        if (s->images[i].index == index)
            return &s->images[i];
    return NULL;
}

void procd_refuse(uint64_t token, uint32_t op, erix_status_t st)
{
    pk_log("PROCD:REFUSED op=0x%x status=%s", op, erix_status_name(st));
    if (token != 0)
        (void)pk_reply(token, st, NULL, 0);
}

void procd_reply_pid(uint64_t token, uint32_t pid)
{
    struct erix_procd_pid_resp resp = {pid, 0};
    (void)pk_reply(token, ERIX_OK, &resp, sizeof resp);
}

/* Reset pool i: the child is gone. A pool that will not reset stays USED
 * (never reused) and is reported. */
void procd_destroy_pool(struct procd_server *s, uint32_t pool)
{
    erix_status_t st = pk_pool_reset(pool);
    if (st == ERIX_OK)
        procd_pools_release(&s->pools, pool);
    else
        pk_log("PROCD:POOL_LOST pool=%u status=%s", pool, erix_status_name(st));
}

/* ---- event delivery -------------------------------------------------------- */

/* Answer `token` with the record's oldest undelivered event; it stays
 * undelivered if the caller is gone. */
static bool hand_over(struct procd_record *rec, uint64_t token)
{
    if (pk_reply(token, ERIX_OK, procd_rec_peek(rec), sizeof(struct erix_event)) != ERIX_OK)
        return false;
    procd_rec_pop(rec);
    return true;
}

/* Hand pending events to their waiters (a waiter that is gone does not count). */
void procd_deliver(struct procd_server *s, struct procd_record *rec)
{
    while (procd_rec_pending(rec)) {
        uint64_t token = procd_waiters_take(&s->waiters, rec->surface, rec->pid);
        if (token == 0)
            return;
        (void)hand_over(rec, token);
    }
}

static bool waitable(void *ctx, uint32_t surface, uint32_t pid)
{
    struct procd_server *s = ctx;
    if (pid == 0)
        return procd_table_surface_waitable(&s->table, surface);
    struct procd_record *rec = procd_table_visible(&s->table, surface, pid);
    return rec != NULL && (procd_rec_live(rec) || procd_rec_pending(rec));
}

/* Waiters nothing can come for any more are answered ERIX_ERR_STATE. */
void procd_sweep(struct procd_server *s)
{
    uint64_t token;
    while ((token = procd_waiters_take_stale(&s->waiters, waitable, s)) != 0)
        procd_refuse(token, ERIX_PROCD_OP_WAIT_PROCESS_EVENT, ERIX_ERR_STATE);
}

/* A live child ended with `ev`: restart it later (its policy says so), or
 * destroy it; answer a STOP caller; deliver. */
static void retire(struct procd_server *s, struct procd_record *rec, const struct erix_event *ev)
{
    uint64_t stop_token = rec->state == PROCD_REC_STOPPING ? rec->stop_token : 0;
    if (rec->state == PROCD_REC_RUNNING && procd_schedule_restart(s, rec, ev)) {
        procd_deliver(s, rec);
        return;
    }
    procd_destroy_pool(s, rec->pool);
    procd_rec_ended_with(&s->table, rec, ev);
    if (stop_token != 0) {
        pk_log("PROCD:STOPPED pid=%u", rec->pid);
        (void)pk_reply(stop_token, ERIX_OK, NULL, 0);
    }
    procd_deliver(s, rec);
    procd_sweep(s);
}

static const char *kind_name(uint32_t kind)
{
    switch (kind) {
    case ERIX_EVENT_EXIT: return "exit";
    case ERIX_EVENT_FAULT: return "fault";
    default: return "stop";
    }
}

static void log_event(const struct erix_event *ev)
{
    if (ev->kind == ERIX_EVENT_FAULT)
        pk_log("PROCD:EVENT pid=%u kind=fault code=0x%llx addr=0x%llx rip=0x%llx", ev->pid,
               (unsigned long long)ev->code, (unsigned long long)ev->address,
               (unsigned long long)ev->rip);
    else
        pk_log("PROCD:EVENT pid=%u kind=%s code=0x%llx", ev->pid, kind_name(ev->kind),
               (unsigned long long)ev->code);
}

static void handle_event(struct procd_server *s, const struct erix_msg *m)
{
    struct erix_event ev;
    erix_status_t st = procd_event_decode(m, &ev);
    struct procd_record *rec = st == ERIX_OK ? procd_table_find(&s->table, ev.pid) : NULL;
    if (st == ERIX_OK && (rec == NULL || (rec->state != PROCD_REC_RUNNING &&
                                          rec->state != PROCD_REC_STOPPING)))
        st = ERIX_ERR_STATE; /* not a running child of procd's: stale */
    if (st != ERIX_OK) {
        procd_refuse(0, m->op, st);
        return;
    }
    log_event(&ev);
    retire(s, rec, &ev);
}

/* ---- CREATE_STAGED_PROCESS and SPAWN_SERVICE -------------------------------- */

/* Retype (if fresh), build, wire and (staged) grant; reset the pool on failure. */
static erix_status_t build_child(struct procd_server *s, const struct procd_request *r,
                                 const struct procd_image *img,
                                 const struct procd_pool_plan *plan, bool staged, uint32_t *pid)
{
    erix_status_t st = plan->fresh ? pk_pool_create(plan->index, plan->pages) : ERIX_OK;
    if (st != ERIX_OK)
        return st;
    procd_pools_take(&s->pools, plan);
    st = pk_child_create(plan->index, img->bytes, img->size, r->priority, pid);
    if (st == ERIX_OK)
        st = pk_child_wire(plan->index, *pid, staged);
    if (st == ERIX_OK && staged)
        st = pk_child_grant(plan->index);
    if (st != ERIX_OK)
        procd_destroy_pool(s, plan->index);
    return st;
}

/* Undo a child that has a record but failed before it was handed out. */
static void discard(struct procd_server *s, struct procd_record *rec)
{
    procd_destroy_pool(s, rec->pool);
    procd_table_release(rec);
}

static erix_status_t finish_staged(struct procd_server *s, const struct procd_request *r,
                                   struct procd_record *rec)
{
    struct erix_procd_pid_resp resp = {rec->pid, 0};
    erix_status_t st = pk_reply_create(r->token, rec->pool, &resp, sizeof resp);
    if (st != ERIX_OK) {
        discard(s, rec); /* the caller did not get the child: it goes */
        return st;
    }
    pk_log("PROCD:STAGED role=%s pid=%u", rec->role, rec->pid);
    return ERIX_OK;
}

/* The child is started: RUNNING, its run timed from now. */
static void started(struct procd_record *rec, uint64_t a0, uint64_t a1, uint64_t a2)
{
    procd_rec_started(rec, a0, a1, a2);
    procd_restart_started(&rec->restart, pk_clock_ns());
    pk_log("PROCD:SPAWNED role=%s pid=%u", rec->role, rec->pid);
}

static erix_status_t finish_spawn(struct procd_server *s, const struct procd_request *r,
                                  struct procd_record *rec)
{
    erix_status_t st = pk_child_start(rec->pool, NULL, 0, 0, 0, r->arg);
    if (st != ERIX_OK) {
        discard(s, rec);
        return st;
    }
    started(rec, 0, 0, r->arg);
    procd_reply_pid(r->token, rec->pid);
    return ERIX_OK;
}

static erix_status_t op_create(struct procd_server *s, const struct procd_request *r, bool staged)
{
    const struct procd_image *img = procd_find_image(s, r->image_index);
    struct procd_pool_plan plan;
    uint32_t pages, pid = 0;
    if (img == NULL)
        return ERIX_ERR_NOT_FOUND;
    erix_status_t st = procd_image_pool_pages(img->bytes, img->size, &pages);
    if (st != ERIX_OK)
        return st;
    if (!procd_table_has_room(&s->table))
        return ERIX_ERR_LIMIT;
    if ((st = procd_pools_plan(&s->pools, pages, &plan)) != ERIX_OK)
        return st;
    if ((st = build_child(s, r, img, &plan, staged, &pid)) != ERIX_OK)
        return st;
    struct procd_record *rec = procd_table_claim(&s->table, pid, r->surface, r->role, plan.index);
    if (rec == NULL) {
        procd_destroy_pool(s, plan.index); /* a live record holds this pid: the tables disagree */
        return ERIX_ERR_INTERNAL;
    }
    rec->origin = PROCD_ORIGIN_IMAGE;
    rec->image_index = r->image_index;
    return staged ? finish_staged(s, r, rec) : finish_spawn(s, r, rec);
}

/* ---- START, ABORT, STOP ------------------------------------------------------ */

/* A staged child goes without having run: procd's own stop event records it. */
static void abort_child(struct procd_server *s, struct procd_record *rec)
{
    struct erix_event ev = {rec->pid, ERIX_EVENT_STOPPED, ERIX_KILL_REASON_ABORT, 0, 0};
    pk_log("PROCD:ABORTED pid=%u", rec->pid);
    retire(s, rec, &ev);
}

static struct procd_record *staged_record(struct procd_server *s, const struct procd_request *r,
                                          erix_status_t *st)
{
    struct procd_record *rec = procd_table_visible(&s->table, r->surface, r->pid);
    *st = rec == NULL ? ERIX_ERR_NOT_FOUND
                      : rec->state != PROCD_REC_STAGED ? ERIX_ERR_STATE : ERIX_OK;
    return rec;
}

static erix_status_t op_start(struct procd_server *s, const struct procd_request *r)
{
    erix_status_t st;
    uint32_t grants = 0;
    struct procd_record *rec = staged_record(s, r, &st);
    if (st != ERIX_OK)
        return st;
    if (memcmp(rec->role, r->role, ERIX_ROLE_MAX) != 0)
        return ERIX_ERR_INVALID_ARGUMENT; /* the envelope is another role's */
    if ((st = pk_child_live_grants(rec->pool, &grants)) != ERIX_OK)
        return st;
    if (grants != 0)
        return ERIX_ERR_STATE; /* the caller still holds its install grant */
    st = pk_child_start(rec->pool, r->envelope, r->envelope_len, ERIX_ENVELOPE_VADDR,
                        r->envelope_len, r->primary_control_slot);
    if (st != ERIX_OK) {
        abort_child(s, rec); /* half placed: it cannot be started again */
        return st;
    }
    started(rec, ERIX_ENVELOPE_VADDR, r->envelope_len, r->primary_control_slot);
    (void)pk_reply(r->token, ERIX_OK, NULL, 0);
    return ERIX_OK;
}

static erix_status_t op_abort(struct procd_server *s, const struct procd_request *r)
{
    erix_status_t st;
    struct procd_record *rec = staged_record(s, r, &st);
    if (st != ERIX_OK)
        return st;
    if ((st = pk_child_abort(rec->pool)) != ERIX_OK)
        return st;
    abort_child(s, rec);
    (void)pk_reply(r->token, ERIX_OK, NULL, 0);
    return ERIX_OK;
}

static erix_status_t op_stop(struct procd_server *s, const struct procd_request *r)
{
    struct procd_record *rec = procd_table_visible(&s->table, r->surface, r->pid);
    if (rec == NULL)
        return ERIX_ERR_NOT_FOUND;
    if (rec->state == PROCD_REC_RESTARTING) { /* not running: no kernel event will come */
        procd_cancel_restart(s, rec);
        (void)pk_reply(r->token, ERIX_OK, NULL, 0);
        return ERIX_OK;
    }
    if (rec->state != PROCD_REC_RUNNING)
        return ERIX_ERR_STATE;
    erix_status_t st = pk_child_kill(rec->pool, ERIX_KILL_REASON_MANAGED_STOP);
    if (st != ERIX_OK)
        return st;
    procd_rec_stopping(rec, r->token); /* answered when the STOPPED event is retired */
    return ERIX_OK;
}

/* ---- QUERY, WAIT --------------------------------------------------------------- */

static erix_status_t op_query(struct procd_server *s, const struct procd_request *r)
{
    if (r->query_arg == ERIX_PROCD_QUERY_ACCOUNTING)
        return procd_op_accounting(s, r);
    struct procd_record *rec = procd_table_visible(&s->table, r->surface, r->pid);
    if (rec == NULL)
        return ERIX_ERR_NOT_FOUND;
    struct erix_procd_query_resp resp;
    memset(&resp, 0, sizeof resp);
    resp.pid = rec->pid;
    resp.state = procd_rec_public_state(rec);
    bool ran = procd_rec_ended(rec) || rec->state == PROCD_REC_RESTARTING;
    resp.code = ran ? rec->event.code : 0;
    memcpy(resp.role, rec->role, sizeof resp.role);
    resp.restarts = rec->restart.restarts;
    resp.policy = rec->restart.policy;
    (void)pk_reply(r->token, ERIX_OK, &resp, sizeof resp);
    return ERIX_OK;
}

static erix_status_t op_wait(struct procd_server *s, const struct procd_request *r)
{
    struct procd_record *rec = NULL;
    if (r->pid != 0 && (rec = procd_table_visible(&s->table, r->surface, r->pid)) == NULL)
        return ERIX_ERR_NOT_FOUND;
    if (r->pid == 0)
        rec = procd_table_oldest_pending(&s->table, r->surface);
    if (rec != NULL && procd_rec_pending(rec)) {
        (void)hand_over(rec, r->token);
        return ERIX_OK;
    }
    if (!waitable(s, r->surface, r->pid))
        return ERIX_ERR_STATE; /* nothing will ever come */
    if (!procd_waiters_add(&s->waiters, r->surface, r->pid, r->token))
        return ERIX_ERR_LIMIT;
    return ERIX_OK;
}

/* ---- dispatch ----------------------------------------------------------------- */

static erix_status_t dispatch(struct procd_server *s, const struct procd_request *r,
                              const struct erix_xfer_entry *caps, unsigned ncaps)
{
    switch (r->op) {
    case ERIX_PROCD_OP_CREATE_STAGED_PROCESS: return op_create(s, r, true);
    case ERIX_PROCD_OP_SPAWN_SERVICE: return op_create(s, r, false);
    case ERIX_PROCD_OP_START_STAGED_PROCESS: return op_start(s, r);
    case ERIX_PROCD_OP_ABORT_STAGED_PROCESS: return op_abort(s, r);
    case ERIX_PROCD_OP_STOP_PROCESS: return op_stop(s, r);
    case ERIX_PROCD_OP_QUERY_PROCESS: return op_query(s, r);
    case ERIX_PROCD_OP_WAIT_PROCESS_EVENT: return op_wait(s, r);
    case ERIX_PROCD_OP_SET_RESTART_POLICY: return procd_op_set_policy(s, r);
    case ERIX_PROCD_OP_GET_RESTART_POLICY: return procd_op_get_policy(s, r);
    case ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS: return procd_op_foundation(s, r, caps, ncaps);
    case ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER: return procd_op_begin(s, r);
    case ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK: return procd_op_chunk(s, r);
    case ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER: return procd_op_commit(s, r);
    default: return ERIX_ERR_UNKNOWN_OP; /* decode lets no other op through */
    }
}

/* Transferred capabilities nobody kept are dropped: procd holds nothing it
 * was not meant to. */
static void drop_leftovers(const struct erix_xfer_entry *caps, unsigned ncaps)
{
    for (unsigned i = 0; i < ncaps; i++) {
        struct erix_cap_info info;
        if (pk_cap_info(caps[i].slot, &info) == ERIX_OK)
            (void)pk_cap_drop(caps[i].slot);
    }
}

void procd_server_handle_caps(struct procd_server *s, const struct erix_msg *m,
                              const struct erix_xfer_entry *caps, unsigned ncaps)
{
    struct procd_request r;
    if ((m->flags & ERIX_MSG_FLAG_KERNEL_EVENT) != 0) {
        handle_event(s, m);
    } else {
        erix_status_t st = procd_request_decode(m, &r);
        if (st == ERIX_OK)
            st = dispatch(s, &r, caps, ncaps);
        if (st != ERIX_OK)
            procd_refuse(m->token, m->op, st);
    }
    drop_leftovers(caps, ncaps);
}

void procd_server_handle(struct procd_server *s, const struct erix_msg *m)
{
    procd_server_handle_caps(s, m, NULL, 0);
}
