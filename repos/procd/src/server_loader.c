/*
 * server_loader.c - the loader image transfer (BEGIN, CHUNK, COMMIT) as a
 * procd-owned transaction: the caller hands bytes and a plan, procd retypes
 * the pool, builds the child from the plan (frames, copy, zero-fill, mapping,
 * stack; kernel.c), registers its events (fault endpoint, process record) and
 * starts it. A failure at any step resets the pool and forgets the record, so
 * no process, endpoint, VSpace or frame stays behind, and the transfer is
 * closed whatever COMMIT's outcome.
 *
 * Integration builds (PROCD_LOADER_FAULT_HOOKS) fail the step a COMMIT names:
 * after the transfer and after event registration here, the steps in between
 * inside pk_loader_build.
 */
#include <string.h>

#include <erix/procd.h>

#include "kernel.h"
#include "server_int.h"

/* An injected failure at `step`, when the hooks are built in and COMMIT named it. */
static bool hook(const struct procd_request *r, uint32_t step)
{
#if PROCD_LOADER_FAULT_HOOKS
    if (r->commit.fault_step == step) {
        pk_log("PROCD:LOADER_HOOK step=%u", step);
        return true;
    }
#else
    (void)r;
    (void)step;
#endif
    return false;
}

erix_status_t procd_op_begin(struct procd_server *s, const struct procd_request *r)
{
    if (s->loader.active)
        pk_log("PROCD:LOADER_DISCARDED id=%u", s->loader.id);
    procd_loader_begin(&s->loader, &r->begin, &r->plan);
    pk_log("PROCD:LOADER_BEGIN id=%u role=%s bytes=%llu segments=%u", r->begin.transfer_id,
           r->role, (unsigned long long)r->begin.source_size, r->begin.segment_count);
    (void)pk_reply(r->token, ERIX_OK, NULL, 0);
    return ERIX_OK;
}

erix_status_t procd_op_chunk(struct procd_server *s, const struct procd_request *r)
{
    erix_status_t st = procd_loader_check_chunk(&s->loader, &r->chunk);
    if (st != ERIX_OK)
        return st;
    procd_loader_take_chunk(&s->loader, &r->chunk, r->chunk_bytes);
    (void)pk_reply(r->token, ERIX_OK, NULL, 0);
    return ERIX_OK;
}

/* The pool the plan's child is built in (nothing changes). */
static erix_status_t plan_pool(struct procd_server *s, const struct erix_elf_image *plan,
                               struct procd_pool_plan *out)
{
    uint32_t pages;
    erix_status_t st = procd_plan_pool_pages(plan, &pages);
    if (st != ERIX_OK)
        return st;
    if (!procd_table_has_room(&s->table))
        return ERIX_ERR_LIMIT;
    return procd_pools_plan(&s->pools, pages, out);
}

/* Pool, child, frames, mapping, events: everything but the start. On failure
 * the pool is reset (nothing of the child stays) and no record is left. */
static erix_status_t materialize(struct procd_server *s, const struct procd_request *r,
                                 const struct procd_pool_plan *plan, struct procd_record **out)
{
    const struct procd_loader *l = &s->loader;
    uint32_t pid = 0;
    erix_status_t st = plan->fresh ? pk_pool_create(plan->index, plan->pages) : ERIX_OK;
    if (st != ERIX_OK)
        return st;
    procd_pools_take(&s->pools, plan);
    st = pk_loader_build(plan->index, &l->plan, l->buf, l->begin.priority, r->commit.fault_step,
                         &pid);
    if (st == ERIX_OK)
        st = pk_child_wire(plan->index, pid, 0); /* the fault endpoint: its events come to procd */
    struct procd_record *rec = NULL;
    if (st == ERIX_OK &&
        (rec = procd_table_claim(&s->table, pid, r->surface, l->begin.role, plan->index)) == NULL)
        st = ERIX_ERR_INTERNAL;
    if (st == ERIX_OK && hook(r, ERIX_PROCD_LOADER_FAULT_AFTER_EVENT_REGISTRATION))
        st = ERIX_ERR_INTERNAL;
    if (st != ERIX_OK) {
        if (rec != NULL)
            procd_table_release(rec);
        procd_destroy_pool(s, plan->index);
        return st;
    }
    rec->origin = PROCD_ORIGIN_LOADER;
    *out = rec;
    return ERIX_OK;
}

static erix_status_t commit(struct procd_server *s, const struct procd_request *r)
{
    struct procd_pool_plan plan;
    struct procd_record *rec;
    erix_status_t st = plan_pool(s, &s->loader.plan, &plan);
    if (st != ERIX_OK)
        return st;
    if (hook(r, ERIX_PROCD_LOADER_FAULT_AFTER_TRANSFER))
        return ERIX_ERR_INTERNAL;
    if ((st = materialize(s, r, &plan, &rec)) != ERIX_OK)
        return st;
    uint64_t arg = s->loader.begin.arg;
    if ((st = pk_child_start(rec->pool, NULL, 0, 0, 0, arg)) != ERIX_OK) {
        procd_destroy_pool(s, rec->pool);
        procd_table_release(rec);
        return st;
    }
    procd_rec_started(rec, 0, 0, arg);
    procd_restart_started(&rec->restart, pk_clock_ns());
    pk_log("PROCD:LOADED role=%s pid=%u bytes=%llu", rec->role, rec->pid,
           (unsigned long long)s->loader.received);
    procd_reply_pid(r->token, rec->pid);
    return ERIX_OK;
}

erix_status_t procd_op_commit(struct procd_server *s, const struct procd_request *r)
{
    erix_status_t st = procd_loader_check_commit(&s->loader, &r->commit);
    if (st == ERIX_ERR_NOT_FOUND)
        return st; /* not this caller's transfer: it stays open */
    if (st == ERIX_OK)
        st = commit(s, r);
    procd_loader_end(&s->loader);
    return st;
}
