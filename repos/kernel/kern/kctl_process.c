/*
 * kctl_process.c - process operations: staged creation, install grants,
 * start, managed stop, abort, query, fault and pager endpoints, fault
 * resolution and priority. A process is its one thread; its TCB capability is
 * the handle, and WRITE on it is needed to change it, READ to query it.
 */
#include <string.h>

#include <erix/layout.h>

#include <kernel/cap.h>
#include <kernel/grant.h>
#include <kernel/kctl.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>
#include <kernel/untyped.h>
#include <kernel/vspace.h>

static erix_status_t lookup_tcb(struct kctl_call *c, uint32_t slot, uint8_t right, struct tcb **t)
{
    struct cte *cap;
    erix_status_t st = cap_lookup(c->caller->cspace, slot, ERIX_CAP_TCB, right, &cap);
    if (st != ERIX_OK)
        return st;
    *t = (struct tcb *)cap->obj;
    return (*t)->hdr.dead ? ERIX_ERR_STATE : ERIX_OK;
}

/* A request that is one erix_kctl_slot_req naming a TCB the caller holds with `right`. */
static erix_status_t decode_slot_tcb(struct kctl_call *c, uint8_t right, struct tcb **t)
{
    const struct erix_kctl_slot_req *r = KCTL_REQ(c, struct erix_kctl_slot_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    return st != ERIX_OK ? st : lookup_tcb(c, r->slot, right, t);
}

/* The same, for ops whose `arg` is reserved (must be 0). */
static erix_status_t decode_tcb_only(struct kctl_call *c, uint8_t right, struct tcb **t)
{
    erix_status_t st = decode_slot_tcb(c, right, t);
    if (st == ERIX_OK && KCTL_REQ(c, struct erix_kctl_slot_req)->arg != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    return st;
}

/* ---- CREATE_STAGED_PROCESS -------------------------------------------------- */

static const uint64_t process_sizes[] = {OBJ_CNODE_SIZE, OBJ_VSPACE_SIZE, OBJ_TCB_SIZE, 4096,
                                         4096, 4096, 4096};

static erix_status_t check_create(struct kctl_call *c, const struct erix_kctl_create_process_req *r,
                                  struct untyped **u, struct cte **dst)
{
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->flags != 0 || r->priority > ERIX_KCTL_MAX_PRIORITY)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (r->priority > c->caller->priority)
        return ERIX_ERR_DENIED; /* no thread makes another above itself */
    struct cte *ucap, *second;
    if ((st = cap_lookup(c->caller->cspace, r->untyped_slot, ERIX_CAP_UNTYPED, 0, &ucap)) !=
            ERIX_OK ||
        (st = cap_lookup_empty(c->caller->cspace, r->dest_slot, dst)) != ERIX_OK ||
        (st = cap_lookup_empty(c->caller->cspace, r->dest_slot + 1, &second)) != ERIX_OK)
        return st; /* dest 4095: its VSpace slot 4096 is outside: INVALID_SLOT */
    *u = (struct untyped *)ucap->obj;
    if (((*u)->flags & UNTYPED_DEVICE) != 0)
        return ERIX_ERR_WRONG_TYPE;
    if (!untyped_fits(*u, process_sizes, sizeof process_sizes / sizeof process_sizes[0]))
        return ERIX_ERR_NO_MEMORY;
    if (!vspace_table_has_room() || !tcb_table_has_room())
        return ERIX_ERR_LIMIT;
    return ERIX_OK;
}

static erix_status_t op_create_process(struct kctl_call *c)
{
    const struct erix_kctl_create_process_req *r =
        KCTL_REQ(c, struct erix_kctl_create_process_req);
    struct untyped *u;
    struct cte *dst;
    erix_status_t st = check_create(c, r, &u, &dst);
    if (st != ERIX_OK)
        return st;
    struct tcb *t = untyped_new_object(u, OBJ_TCB_SIZE, ERIX_CAP_TCB);
    (void)tcb_init(t, u, (uint8_t)r->priority); /* room was checked */
    struct cnode *cn = cnode_init(untyped_new_object(u, OBJ_CNODE_SIZE, ERIX_CAP_CNODE), u);
    struct vspace *vs = vspace_init(untyped_new_object(u, OBJ_VSPACE_SIZE, ERIX_CAP_VSPACE), u, u);
    uint64_t buf = untyped_carve(u, 4096);
    (void)vspace_map_kernel(vs, ERIX_IPC_BUFFER_VADDR, buf, ARCH_MAP_READ | ARCH_MAP_WRITE);
    tcb_bind(t, cn, vs, arch_phys_to_virt(buf));
    t->call_seq = t->gen << 16;
    cap_install(dst, ERIX_CAP_TCB, ERIX_RIGHTS_ALL, (uint64_t)(uintptr_t)t, u);
    cap_install(dst + 1, ERIX_CAP_VSPACE, ERIX_RIGHTS_ALL, (uint64_t)(uintptr_t)vs, u);
    struct erix_kctl_create_process_resp out = {t->pid, 0};
    kctl_respond(c, &out, sizeof out);
    return ERIX_OK;
}

/* ---- install grants --------------------------------------------------------- */

static erix_status_t op_derive_grant(struct kctl_call *c)
{
    const struct erix_kctl_grant_req *r = KCTL_REQ(c, struct erix_kctl_grant_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->reserved != 0 || (r->rights_mask & ~ERIX_RIGHTS_ALL) != 0 || r->window_base == 0 ||
        r->window_count == 0 || r->window_base >= ERIX_CSPACE_SLOTS ||
        r->window_count > ERIX_CSPACE_SLOTS - r->window_base)
        return ERIX_ERR_INVALID_ARGUMENT;
    struct tcb *child;
    struct cte *dst;
    if ((st = lookup_tcb(c, r->tcb_slot, ERIX_RIGHT_WRITE, &child)) != ERIX_OK ||
        (st = cap_lookup_empty(c->caller->cspace, r->dest_slot, &dst)) != ERIX_OK)
        return st;
    struct untyped *pool = child->hdr.origin;
    uint64_t size = OBJ_GRANT_SIZE;
    if (child->proc_state != ERIX_PROC_STAGED || pool == NULL)
        return ERIX_ERR_STATE;
    if (!untyped_fits(pool, &size, 1))
        return ERIX_ERR_NO_MEMORY;
    struct install_grant *g = untyped_new_object(pool, OBJ_GRANT_SIZE, ERIX_CAP_INSTALL_GRANT);
    grant_init(g, child, r->window_base, r->window_count, r->rights_mask);
    cap_install(dst, ERIX_CAP_INSTALL_GRANT, ERIX_RIGHTS_ALL, (uint64_t)(uintptr_t)g, pool);
    return ERIX_OK;
}

static erix_status_t op_install(struct kctl_call *c)
{
    const struct erix_kctl_install_req *r = KCTL_REQ(c, struct erix_kctl_install_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    bool move = (r->rights_mask & ERIX_INSTALL_MOVE) != 0;
    uint32_t mask = r->rights_mask & ~ERIX_INSTALL_MOVE;
    if ((mask & ~ERIX_RIGHTS_ALL) != 0 || (move && r->badge != 0))
        return ERIX_ERR_INVALID_ARGUMENT;
    struct cte *gcap, *src, *dst;
    if ((st = cap_lookup(c->caller->cspace, r->grant_slot, ERIX_CAP_INSTALL_GRANT, 0, &gcap)) !=
            ERIX_OK ||
        (st = cap_lookup(c->caller->cspace, r->src_slot, ERIX_CAP_NULL, 0, &src)) != ERIX_OK)
        return st;
    if (!move && (st = cap_copy_check(src, r->badge)) != ERIX_OK)
        return st;
    if (move && src == gcap)
        return ERIX_ERR_INVALID_ARGUMENT; /* a grant cannot install itself */
    struct install_grant *g = (struct install_grant *)gcap->obj;
    struct tcb *child = grant_target(g);
    if (child == NULL)
        return ERIX_ERR_STATE;
    if (r->child_slot < g->window_base || r->child_slot - g->window_base >= g->window_count)
        return ERIX_ERR_DENIED;
    if ((st = cap_lookup_empty(child->cspace, r->child_slot, &dst)) != ERIX_OK)
        return st;
    uint8_t rights = (uint8_t)(mask & g->rights_mask);
    if (move) {
        cap_move(src, dst);
        dst->rights &= rights;
    } else {
        cap_copy(src, dst, rights, r->badge);
    }
    return ERIX_OK;
}

/* ---- lifecycle ------------------------------------------------------------------- */

static bool user_address(uint64_t a)
{
    return a >= ERIX_USER_BASE && a < ERIX_USER_TOP;
}

static erix_status_t op_start(struct kctl_call *c)
{
    const struct erix_kctl_start_req *r = KCTL_REQ(c, struct erix_kctl_start_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    struct tcb *t;
    if (r->reserved != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((st = lookup_tcb(c, r->tcb_slot, ERIX_RIGHT_WRITE, &t)) != ERIX_OK)
        return st;
    if (t->proc_state != ERIX_PROC_STAGED || t->state != TCB_INACTIVE)
        return ERIX_ERR_STATE;
    if (t->live_grants != 0)
        return ERIX_ERR_STATE; /* refused while an install grant is live */
    uint64_t pa;
    uint32_t perms;
    if (!user_address(r->entry) || !arch_lookup_page(t->vspace->root, r->entry & ~4095ull, &pa,
                                                     &perms) ||
        (perms & ARCH_MAP_EXEC) == 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (!user_address(r->stack_top - 1) || r->stack_top % 16 != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    tcb_start(t, r->entry, r->stack_top, r->arg0, r->arg1, r->arg2);
    return ERIX_OK;
}

static erix_status_t op_kill(struct kctl_call *c)
{
    const struct erix_kctl_slot_req *r = KCTL_REQ(c, struct erix_kctl_slot_req);
    struct tcb *t;
    erix_status_t st = decode_slot_tcb(c, ERIX_RIGHT_WRITE, &t);
    if (st != ERIX_OK)
        return st;
    if (r->arg != ERIX_KILL_REASON_MANAGED_STOP && r->arg != ERIX_KILL_REASON_ABORT)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (t->state == TCB_DEAD || t->proc_state == ERIX_PROC_EXITED ||
        t->proc_state == ERIX_PROC_KILLED)
        return ERIX_ERR_STATE;
    struct erix_kctl_pid_resp out = {t->pid, 0};
    tcb_raise_event(t, ERIX_EVENT_STOPPED, r->arg, 0, 0);
    kctl_respond(c, &out, sizeof out);
    return ERIX_OK;
}

static erix_status_t op_abort(struct kctl_call *c)
{
    struct tcb *t;
    erix_status_t st = decode_tcb_only(c, ERIX_RIGHT_WRITE, &t);
    if (st != ERIX_OK)
        return st;
    if (t->proc_state != ERIX_PROC_STAGED)
        return ERIX_ERR_STATE;
    t->state = TCB_DEAD;
    t->proc_state = ERIX_PROC_KILLED;
    return ERIX_OK;
}

/*
 * A process that exited, faulted or was stopped goes back to STAGED: its CSpace
 * (its startup contract) and address space stay, so its manager can refresh the
 * image and START it again; a restart costs no memory. The IPC buffer is zeroed:
 * the next run must not see the last run's receive window, transfer tables or
 * runtime words.
 */
static erix_status_t op_restage(struct kctl_call *c)
{
    struct tcb *t;
    erix_status_t st = decode_tcb_only(c, ERIX_RIGHT_WRITE, &t);
    if (st != ERIX_OK)
        return st;
    bool finished = t->state == TCB_DEAD || t->state == TCB_BLOCKED_FAULT;
    if (!finished || t->cspace == NULL || t->vspace == NULL || t->proc_state == ERIX_PROC_STAGED)
        return ERIX_ERR_STATE; /* running, still delivering its event, or torn down */
    t->state = TCB_INACTIVE;
    t->proc_state = ERIX_PROC_STAGED;
    t->event = (struct erix_event){0, 0, 0, 0, 0};
    t->frame = NULL;
    if (t->ipcbuf != NULL)
        memset(t->ipcbuf, 0, sizeof *t->ipcbuf);
    return ERIX_OK;
}

static erix_status_t op_query_process(struct kctl_call *c)
{
    struct tcb *t;
    erix_status_t st = decode_tcb_only(c, ERIX_RIGHT_READ, &t);
    if (st != ERIX_OK)
        return st;
    struct erix_kctl_process_resp out = {t->pid, t->proc_state, t->event.code, t->event.address,
                                         t->live_grants, t->priority};
    kctl_respond(c, &out, sizeof out);
    return ERIX_OK;
}

static erix_status_t op_set_endpoint(struct kctl_call *c)
{
    const struct erix_kctl_endpoint_reg_req *r = KCTL_REQ(c, struct erix_kctl_endpoint_reg_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    struct tcb *t;
    if (st != ERIX_OK || (st = lookup_tcb(c, r->tcb_slot, ERIX_RIGHT_WRITE, &t)) != ERIX_OK)
        return st;
    if (t->cspace == NULL)
        return ERIX_ERR_STATE;
    struct cte *ep;
    /* the slot names a capability in the TARGET's own CSpace */
    if ((st = cap_lookup(t->cspace, r->endpoint_slot, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, &ep)) !=
        ERIX_OK)
        return st;
    if (cap_endpoint_kind(ep) != ERIX_EP_GENERIC)
        return ERIX_ERR_WRONG_TYPE;
    /* Registered as a hidden copy in the TCB: the thread cannot drop or swap it,
     * and revoking the endpoint still reaches it (it is on the derived list). */
    struct cte *hidden = c->op == ERIX_KCTL_REGISTER_PAGER ? &t->pager_cap : &t->fault_cap;
    cap_delete(hidden);
    cap_copy(ep, hidden, ERIX_RIGHT_SEND, 0);
    return ERIX_OK;
}

static erix_status_t op_resolve(struct kctl_call *c)
{
    const struct erix_kctl_resolve_req *r = KCTL_REQ(c, struct erix_kctl_resolve_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    struct tcb *t;
    if (st != ERIX_OK || (st = lookup_tcb(c, r->tcb_slot, ERIX_RIGHT_WRITE, &t)) != ERIX_OK)
        return st;
    if (r->action > ERIX_RESOLVE_KILL)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (t->state != TCB_BLOCKED_FAULT)
        return ERIX_ERR_STATE;
    if (r->action == ERIX_RESOLVE_KILL) {
        t->state = TCB_DEAD;
        t->proc_state = ERIX_PROC_KILLED;
        return ERIX_OK;
    }
    t->proc_state = ERIX_PROC_RUNNING;
    sched_enqueue(t);
    return ERIX_OK;
}

static erix_status_t op_set_priority(struct kctl_call *c)
{
    const struct erix_kctl_priority_req *r = KCTL_REQ(c, struct erix_kctl_priority_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    struct tcb *t;
    if (st != ERIX_OK || (st = lookup_tcb(c, r->tcb_slot, ERIX_RIGHT_WRITE, &t)) != ERIX_OK)
        return st;
    if (r->priority > ERIX_KCTL_MAX_PRIORITY)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (r->priority > c->caller->priority)
        return ERIX_ERR_DENIED;
    bool queued = t->state == TCB_RUNNING && t != current;
    if (queued)
        sched_dequeue(t);
    t->priority = (uint8_t)r->priority;
    if (queued)
        sched_enqueue(t);
    else if (t == current)
        sched_resched(); /* lowered below a runnable thread, it gives way */
    return ERIX_OK;
}

kctl_handler kctl_process_handler(uint32_t op)
{
    switch (op) {
    case ERIX_KCTL_CREATE_STAGED_PROCESS: return op_create_process;
    case ERIX_KCTL_DERIVE_INSTALL_GRANT: return op_derive_grant;
    case ERIX_KCTL_INSTALL_WITH_GRANT: return op_install;
    case ERIX_KCTL_START_PROCESS: return op_start;
    case ERIX_KCTL_KILL_PROCESS: return op_kill;
    case ERIX_KCTL_ABORT_STAGED_PROCESS: return op_abort;
    case ERIX_KCTL_QUERY_PROCESS: return op_query_process;
    case ERIX_KCTL_SET_FAULT_ENDPOINT:
    case ERIX_KCTL_REGISTER_PAGER: return op_set_endpoint;
    case ERIX_KCTL_RESOLVE_FAULT: return op_resolve;
    case ERIX_KCTL_SET_PRIORITY: return op_set_priority;
    case ERIX_KCTL_RESTAGE_PROCESS: return op_restage;
    default: return NULL;
    }
}
