/*
 * kctl.c - kernel-control dispatch, and the capability operations
 * (QUERY_CAP, CAP_COPY_ATTENUATED, CREATE_ENDPOINT) every family shares.
 *
 * The family table in lib-ipc decides first; only an allowed op's request is
 * looked at. Transfer tables and unknown header flags are refused: kernel
 * operations name the caller's slots directly.
 */
#include <string.h>

#include <kernel/cap.h>
#include <kernel/endpoint.h>
#include <kernel/kctl.h>
#include <kernel/untyped.h>

erix_status_t kctl_expect_len(const struct kctl_call *c, uint32_t len)
{
    return c->req_len == len ? ERIX_OK : ERIX_ERR_MALFORMED;
}

void kctl_respond(struct kctl_call *c, const void *data, uint32_t len)
{
    memcpy(c->resp, data, len);
    c->resp_len = len;
}

static kctl_handler find_handler(uint32_t op)
{
    kctl_handler h = kctl_cap_handler(op);
    if (h == NULL)
        h = kctl_memory_handler(op);
    if (h == NULL)
        h = kctl_process_handler(op);
    if (h == NULL)
        h = kctl_platform_handler(op);
    return h;
}

static void read_request(const struct arch_syscall_frame *f, const struct tcb *t, uint8_t *req,
                         uint32_t len)
{
    uint64_t regs[4] = {f->a2, f->a3, f->a4, f->a5};
    memcpy(req, regs, len < 32 ? len : 32);
    if (len > 32)
        memcpy(req + 32, &t->ipcbuf->body[ERIX_IPC_REG_WORDS], len - 32);
}

static void write_response(struct arch_syscall_frame *f, struct tcb *t, uint32_t op,
                           erix_status_t st, const uint8_t *resp, uint32_t len)
{
    uint64_t regs[4] = {0, 0, 0, 0};
    if (st != ERIX_OK)
        len = 0;
    if (len > 0)
        memcpy(regs, resp, len < 32 ? len : 32); /* resp may be NULL when len is 0 */
    if (len > 32 && t->ipcbuf != NULL)
        memcpy(&t->ipcbuf->body[ERIX_IPC_REG_WORDS], resp + 32, len - 32);
    f->nr = (uint64_t)st;
    f->a0 = 0;
    f->a1 = ERIX_MSG_HEADER(op, 0, len);
    f->a2 = regs[0];
    f->a3 = regs[1];
    f->a4 = regs[2];
    f->a5 = regs[3];
}

static erix_status_t check_header(const struct tcb *t, uint64_t header)
{
    if (ERIX_MSG_FLAGS(header) != 0 || ERIX_MSG_LEN(header) > ERIX_IPC_MAX_BODY)
        return ERIX_ERR_MALFORMED;
    if (ERIX_MSG_LEN(header) > 32 && t->ipcbuf == NULL)
        return ERIX_ERR_MALFORMED;
    return ERIX_OK;
}

void kctl_invoke(struct tcb *caller, struct cte *cap, struct arch_syscall_frame *f)
{
    uint8_t req[ERIX_IPC_MAX_BODY], resp[ERIX_IPC_MAX_BODY];
    uint32_t op = ERIX_MSG_OP(f->a1);
    struct kctl_call c = {caller, cap_endpoint_kind(cap), op, req, ERIX_MSG_LEN(f->a1), resp, 0,
                          false};
    erix_status_t st = check_header(caller, f->a1);
    kctl_handler h = NULL;
    if (st == ERIX_OK && !erix_kctl_family_allows(c.kind, op))
        st = ERIX_ERR_DENIED;
    if (st == ERIX_OK && (h = find_handler(op)) == NULL)
        st = ERIX_ERR_UNKNOWN_OP;
    if (st == ERIX_OK) {
        read_request(f, caller, req, c.req_len);
        st = h(&c);
    }
    if (!c.blocked)
        write_response(f, caller, op, st, resp, c.resp_len);
}

void kctl_complete_parked(struct tcb *t, erix_status_t status)
{
    if (t->frame == NULL)
        return;
    write_response(t->frame, t, ERIX_MSG_OP(t->frame->a1), status, NULL, 0);
}

/* ---- capability operations ------------------------------------------------ */

static erix_status_t op_query_cap(struct kctl_call *c)
{
    const struct erix_kctl_query_cap_req *r = KCTL_REQ(c, struct erix_kctl_query_cap_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if ((r->flags & ~ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    struct cte *cap;
    if ((st = cap_lookup(c->caller->cspace, r->slot, ERIX_CAP_NULL, 0, &cap)) != ERIX_OK)
        return st;
    struct erix_kctl_query_cap_resp out = {ERIX_CAPINFO(cap->type, cap->rights), cap_size(cap),
                                           cap->badge};
    if (r->flags & ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND)
        out.value1 |= (uint64_t)cap_endpoint_kind(cap) << 32;
    if (cap->type == ERIX_CAP_UNTYPED)
        out.aux = ((struct untyped *)cap->obj)->watermark;
    kctl_respond(c, &out, sizeof out);
    return ERIX_OK;
}

static erix_status_t op_copy_attenuated(struct kctl_call *c)
{
    const struct erix_kctl_copy_req *r = KCTL_REQ(c, struct erix_kctl_copy_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->reserved != 0 || (r->rights_mask & ~ERIX_RIGHTS_ALL) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    struct cte *src, *dst;
    if ((st = cap_lookup(c->caller->cspace, r->src_slot, ERIX_CAP_NULL, 0, &src)) != ERIX_OK ||
        (st = cap_lookup_empty(c->caller->cspace, r->dest_slot, &dst)) != ERIX_OK ||
        (st = cap_copy_check(src, r->badge)) != ERIX_OK)
        return st;
    cap_copy(src, dst, (uint8_t)r->rights_mask, r->badge);
    return ERIX_OK;
}

static erix_status_t op_create_endpoint(struct kctl_call *c)
{
    const struct erix_kctl_retype_req *r = KCTL_REQ(c, struct erix_kctl_retype_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->type != 0 || r->pages != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    struct cte *ucap, *dst;
    if ((st = cap_lookup(c->caller->cspace, r->untyped_slot, ERIX_CAP_UNTYPED, 0, &ucap)) !=
            ERIX_OK ||
        (st = cap_lookup_empty(c->caller->cspace, r->dest_slot, &dst)) != ERIX_OK)
        return st;
    struct untyped *u = (struct untyped *)ucap->obj;
    uint64_t size = OBJ_ENDPOINT_SIZE;
    if ((u->flags & UNTYPED_DEVICE) != 0)
        return ERIX_ERR_WRONG_TYPE;
    if (!untyped_fits(u, &size, 1))
        return ERIX_ERR_NO_MEMORY;
    struct endpoint *ep = untyped_new_object(u, OBJ_ENDPOINT_SIZE, ERIX_CAP_ENDPOINT);
    endpoint_init(ep, ERIX_EP_GENERIC);
    cap_install(dst, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT,
                (uint64_t)(uintptr_t)ep, u);
    return ERIX_OK;
}

kctl_handler kctl_cap_handler(uint32_t op)
{
    switch (op) {
    case ERIX_KCTL_QUERY_CAP: return op_query_cap;
    case ERIX_KCTL_CAP_COPY_ATTENUATED: return op_copy_attenuated;
    case ERIX_KCTL_CREATE_ENDPOINT: return op_create_endpoint;
    default: return NULL;
    }
}
