/*
 * untyped.c - untyped memory objects: carving objects out of them and resetting
 * them, which is how EriX destroys objects and revokes capabilities.
 */
#include <string.h>

#include <kernel/cap.h>
#include <kernel/endpoint.h>
#include <kernel/grant.h>
#include <kernel/tcb.h>
#include <kernel/untyped.h>
#include <kernel/vspace.h>

static uint64_t align_of(uint64_t size)
{
    return size >= 4096 ? 4096 : 64;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

void untyped_init(struct untyped *u, uint64_t base, uint64_t size, uint32_t flags,
                  struct untyped *origin, uint32_t depth)
{
    memset(u, 0, sizeof *u);
    u->hdr.type = ERIX_CAP_UNTYPED;
    u->hdr.origin = origin;
    u->base = base;
    u->size = size;
    u->flags = flags;
    u->depth = depth;
}

bool untyped_fits(const struct untyped *u, const uint64_t *sizes, unsigned count)
{
    if (u->hdr.dead)
        return false;
    uint64_t mark = u->watermark;
    for (unsigned i = 0; i < count; i++) {
        uint64_t start = align_up(u->base + mark, align_of(sizes[i])) - u->base;
        if (sizes[i] > u->size || start > u->size - sizes[i])
            return false;
        mark = start + sizes[i];
    }
    return true;
}

uint64_t untyped_carve(struct untyped *u, uint64_t size)
{
    if (!untyped_fits(u, &size, 1))
        return 0;
    uint64_t phys = align_up(u->base + u->watermark, align_of(size));
    u->watermark = phys + size - u->base;
    if ((u->flags & UNTYPED_DEVICE) == 0)
        memset(arch_phys_to_virt(phys), 0, size);
    return phys;
}

void *untyped_new_object(struct untyped *u, uint64_t size, uint8_t type)
{
    uint64_t phys = untyped_carve(u, size);
    if (phys == 0)
        return NULL;
    struct kobj *o = arch_phys_to_virt(phys);
    o->type = type;
    o->origin = u;
    o->next_in_untyped = u->objects;
    u->objects = o;
    return o;
}

static void finalize_object(struct kobj *o)
{
    switch (o->type) {
    case ERIX_CAP_TCB: tcb_finalize((struct tcb *)o); break;
    case ERIX_CAP_ENDPOINT: endpoint_finalize((struct endpoint *)o); break;
    case ERIX_CAP_CNODE: cnode_finalize((struct cnode *)o); break;
    case ERIX_CAP_VSPACE: vspace_finalize((struct vspace *)o); break;
    case ERIX_CAP_INSTALL_GRANT: grant_revoke((struct install_grant *)o); break;
    case ERIX_CAP_UNTYPED: untyped_reset((struct untyped *)o); break;
    default: break;
    }
    o->dead = 1;
}

void untyped_reset(struct untyped *u)
{
    /* 1. every capability to anything made here (copies in any CSpace too) */
    while (u->derived != NULL)
        cap_delete(u->derived);
    /* 2. the objects themselves: threads stop, queues drain, CSpaces empty */
    for (struct kobj *o = u->objects; o != NULL; o = o->next_in_untyped)
        if (!o->dead)
            finalize_object(o);
    u->objects = NULL;
    u->watermark = 0;
}

void untyped_destroy(struct untyped *u)
{
    if (u->hdr.dead)
        return;
    /* dead first: the reset may meet u's own capability (held in a CSpace
     * made from u, or from a child of u) and delete it again */
    u->hdr.dead = 1;
    untyped_reset(u);
}

uint64_t untyped_free_bytes(const struct untyped *u)
{
    return u->size - u->watermark;
}
