/*
 * kctl_memory.c - memory operations: retyping untyped memory into frames and
 * child untypeds, resetting untyped memory (destroying what was made from
 * it), mapping and unmapping frames, filling a staged child's anonymous pages,
 * and the device frames the kernel derives itself (a PCI BAR, the framebuffer).
 */
#include <erix/layout.h>

#include <kernel/cap.h>
#include <kernel/kctl.h>
#include <kernel/platform.h>
#include <kernel/tcb.h>
#include <kernel/untyped.h>
#include <kernel/usercopy.h>
#include <kernel/vspace.h>

#define FRAME_MAX_PAGES (1u << 18) /* 1 GiB in one capability */

static erix_status_t lookup_untyped(struct kctl_call *c, uint32_t slot, struct untyped **u)
{
    struct cte *cap;
    erix_status_t st = cap_lookup(c->caller->cspace, slot, ERIX_CAP_UNTYPED, 0, &cap);
    if (st == ERIX_OK)
        *u = (struct untyped *)cap->obj;
    return st;
}

static erix_status_t op_retype_frame(struct kctl_call *c)
{
    const struct erix_kctl_retype_req *r = KCTL_REQ(c, struct erix_kctl_retype_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->type != 0 || r->pages == 0 || r->pages > FRAME_MAX_PAGES)
        return ERIX_ERR_INVALID_ARGUMENT;
    struct untyped *u;
    struct cte *dst;
    if ((st = lookup_untyped(c, r->untyped_slot, &u)) != ERIX_OK ||
        (st = cap_lookup_empty(c->caller->cspace, r->dest_slot, &dst)) != ERIX_OK)
        return st;
    uint64_t size = (uint64_t)r->pages * 4096;
    if (!untyped_fits(u, &size, 1))
        return ERIX_ERR_NO_MEMORY;
    bool device = (u->flags & UNTYPED_DEVICE) != 0;
    uint64_t phys = untyped_carve(u, size);
    cap_install(dst, device ? ERIX_CAP_DEVICE_FRAME : ERIX_CAP_FRAME,
                ERIX_RIGHT_READ | ERIX_RIGHT_WRITE, phys, u);
    dst->pages = r->pages;
    dst->flags = device ? 0 : CTE_FRAME_ANON;
    return ERIX_OK;
}

static erix_status_t retype_child_untyped(struct kctl_call *c, struct untyped *u,
                                          struct cte *dst, uint32_t pages)
{
    if ((u->flags & UNTYPED_DEVICE) != 0)
        return ERIX_ERR_WRONG_TYPE;
    if (u->depth + 1 >= UNTYPED_MAX_DEPTH)
        return ERIX_ERR_LIMIT;
    uint64_t sizes[2] = {OBJ_UNTYPED_SIZE, (uint64_t)pages * 4096};
    if (!untyped_fits(u, sizes, 2))
        return ERIX_ERR_NO_MEMORY;
    (void)c;
    struct untyped *child = untyped_new_object(u, OBJ_UNTYPED_SIZE, ERIX_CAP_UNTYPED);
    struct kobj *next = child->hdr.next_in_untyped;
    uint64_t base = untyped_carve(u, sizes[1]);
    untyped_init(child, base, sizes[1], 0, u, u->depth + 1);
    child->hdr.next_in_untyped = next; /* stays on u's object list */
    cap_install(dst, ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, (uint64_t)(uintptr_t)child, u);
    return ERIX_OK;
}

static erix_status_t op_retype_untyped(struct kctl_call *c)
{
    const struct erix_kctl_retype_req *r = KCTL_REQ(c, struct erix_kctl_retype_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    struct untyped *u;
    struct cte *dst;
    if ((st = lookup_untyped(c, r->untyped_slot, &u)) != ERIX_OK ||
        (st = cap_lookup_empty(c->caller->cspace, r->dest_slot, &dst)) != ERIX_OK)
        return st;
    if (r->type == ERIX_CAP_UNTYPED && r->pages > 0 && r->pages <= FRAME_MAX_PAGES * 16u)
        return retype_child_untyped(c, u, dst, r->pages);
    return ERIX_ERR_INVALID_ARGUMENT;
}

static erix_status_t op_untyped_reset(struct kctl_call *c)
{
    const struct erix_kctl_slot_req *r = KCTL_REQ(c, struct erix_kctl_slot_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->arg != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    struct untyped *u;
    if ((st = lookup_untyped(c, r->slot, &u)) != ERIX_OK)
        return st;
    untyped_reset(u);
    return ERIX_OK;
}

static erix_status_t op_map_frame(struct kctl_call *c)
{
    const struct erix_kctl_map_req *r = KCTL_REQ(c, struct erix_kctl_map_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->reserved != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    struct cte *vcap, *frame;
    if ((st = cap_lookup(c->caller->cspace, r->vspace_slot, ERIX_CAP_VSPACE, ERIX_RIGHT_WRITE,
                         &vcap)) != ERIX_OK)
        return st;
    if ((st = cap_lookup(c->caller->cspace, r->frame_slot, ERIX_CAP_NULL, 0, &frame)) != ERIX_OK)
        return st;
    if (frame->type != ERIX_CAP_FRAME && frame->type != ERIX_CAP_DEVICE_FRAME)
        return ERIX_ERR_WRONG_TYPE;
    struct vspace *vs = (struct vspace *)vcap->obj;
    if ((st = vspace_map_check(vs, frame, r->vaddr, r->perms)) != ERIX_OK)
        return st;
    vspace_map(vs, frame, r->vaddr, r->perms);
    return ERIX_OK;
}

static erix_status_t op_unmap_frame(struct kctl_call *c)
{
    const struct erix_kctl_slot_req *r = KCTL_REQ(c, struct erix_kctl_slot_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    struct cte *frame;
    if (r->arg != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((st = cap_lookup(c->caller->cspace, r->slot, ERIX_CAP_NULL, 0, &frame)) != ERIX_OK)
        return st;
    if (frame->type != ERIX_CAP_FRAME && frame->type != ERIX_CAP_DEVICE_FRAME)
        return ERIX_ERR_WRONG_TYPE;
    if (frame->map_vspace == 0)
        return ERIX_ERR_STATE;
    vspace_unmap_frame(frame);
    return ERIX_OK;
}

static erix_status_t op_write_memory(struct kctl_call *c)
{
    const struct erix_kctl_write_mem_req *r = KCTL_REQ(c, struct erix_kctl_write_mem_req);
    if (c->req_len < sizeof *r || r->length == 0 || r->length > ERIX_KCTL_WRITE_MEM_MAX ||
        c->req_len != sizeof *r + r->length)
        return ERIX_ERR_MALFORMED;
    struct cte *tcap;
    erix_status_t st =
        cap_lookup(c->caller->cspace, r->tcb_slot, ERIX_CAP_TCB, ERIX_RIGHT_WRITE, &tcap);
    if (st != ERIX_OK)
        return st;
    struct tcb *t = (struct tcb *)tcap->obj;
    if (t->proc_state != ERIX_PROC_STAGED || t->vspace == NULL)
        return ERIX_ERR_STATE;
    if (r->vaddr < ERIX_USER_BASE || r->vaddr >= ERIX_USER_TOP)
        return ERIX_ERR_OUT_OF_RANGE;
    return user_fill_anon(t->vspace, r->vaddr, c->req + sizeof *r, r->length);
}

static erix_status_t op_derive_bar(struct kctl_call *c)
{
    const struct erix_kctl_pci_req *r = KCTL_REQ(c, struct erix_kctl_pci_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->offset != 0 || r->reserved != 0 || r->reserved2 != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    struct cte *dst;
    if ((st = cap_lookup_empty(c->caller->cspace, r->dest_slot, &dst)) != ERIX_OK)
        return st;
    uint64_t base, size;
    if ((st = platform_pci_bar(r->bus, r->device, r->function, r->bar, &base, &size)) != ERIX_OK)
        return st;
    cap_install(dst, ERIX_CAP_DEVICE_FRAME, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE, base, NULL);
    dst->pages = (uint32_t)(size / 4096);
    struct erix_kctl_bar_resp out = {base, size};
    kctl_respond(c, &out, sizeof out);
    return ERIX_OK;
}

static erix_status_t op_fb_map(struct kctl_call *c)
{
    const struct erix_kctl_slot_req *r = KCTL_REQ(c, struct erix_kctl_slot_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    struct cte *dst;
    if (r->arg != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((st = cap_lookup_empty(c->caller->cspace, r->slot, &dst)) != ERIX_OK)
        return st;
    uint64_t base, size;
    if ((st = platform_framebuffer(&base, &size)) != ERIX_OK)
        return st;
    cap_install(dst, ERIX_CAP_DEVICE_FRAME, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE, base, NULL);
    dst->pages = (uint32_t)(size / 4096);
    return ERIX_OK;
}

kctl_handler kctl_memory_handler(uint32_t op)
{
    switch (op) {
    case ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME: return op_retype_frame;
    case ERIX_KCTL_RETYPE_UNTYPED: return op_retype_untyped;
    case ERIX_KCTL_UNTYPED_RESET: return op_untyped_reset;
    case ERIX_KCTL_MAP_FRAME: return op_map_frame;
    case ERIX_KCTL_UNMAP_FRAME: return op_unmap_frame;
    case ERIX_KCTL_WRITE_PROCESS_MEMORY: return op_write_memory;
    case ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME: return op_derive_bar;
    case ERIX_KCTL_FB_MAP: return op_fb_map;
    default: return NULL;
    }
}
