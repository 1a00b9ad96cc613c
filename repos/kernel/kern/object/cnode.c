/*
 * cnode.c - CSpaces and the capabilities in them.
 *
 * Owns slot lookup, install, attenuated copy, move and delete, and the derived
 * lists that let an untyped find every capability to what it made. A slot's
 * number means nothing by itself: authority is the capability in it.
 */
#include <string.h>

#include <kernel/cap.h>
#include <kernel/untyped.h>
#include <kernel/vspace.h>
#include <kernel/grant.h>

struct cte *cnode_slot(struct cnode *cn, uint32_t slot)
{
    if (cn == NULL || slot >= cn->count)
        return NULL;
    return &cn->slots[slot];
}

erix_status_t cap_lookup(struct cnode *cn, uint32_t slot, uint8_t type, uint8_t rights,
                         struct cte **out)
{
    struct cte *c = cnode_slot(cn, slot);
    if (c == NULL || slot == ERIX_SLOT_NULL)
        return ERIX_ERR_INVALID_SLOT;
    if (c->type == ERIX_CAP_NULL)
        return ERIX_ERR_EMPTY_SLOT;
    if (type != ERIX_CAP_NULL && c->type != type)
        return ERIX_ERR_WRONG_TYPE;
    if ((c->rights & rights) != rights)
        return ERIX_ERR_NO_RIGHTS;
    *out = c;
    return ERIX_OK;
}

erix_status_t cap_lookup_empty(struct cnode *cn, uint32_t slot, struct cte **out)
{
    struct cte *c = cnode_slot(cn, slot);
    if (c == NULL || slot == ERIX_SLOT_NULL)
        return ERIX_ERR_INVALID_SLOT;
    if (c->type != ERIX_CAP_NULL)
        return ERIX_ERR_SLOT_OCCUPIED;
    *out = c;
    return ERIX_OK;
}

static void link_cap(struct cte *c, struct untyped *origin)
{
    c->origin = origin;
    c->prev = NULL;
    c->next = NULL;
    if (origin == NULL)
        return;
    c->next = origin->derived;
    if (origin->derived != NULL)
        origin->derived->prev = c;
    origin->derived = c;
}

static void unlink_cap(struct cte *c)
{
    if (c->origin == NULL)
        return;
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        c->origin->derived = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
}

void cap_install(struct cte *dst, uint8_t type, uint8_t rights, uint64_t obj,
                 struct untyped *origin)
{
    memset(dst, 0, sizeof *dst);
    dst->type = type;
    dst->rights = rights & ERIX_RIGHTS_ALL;
    dst->obj = obj;
    link_cap(dst, origin);
}

erix_status_t cap_copy_check(const struct cte *src, uint64_t badge)
{
    /* Untyped memory and install grants exist once: they move, never copy. */
    if (src->type == ERIX_CAP_UNTYPED || src->type == ERIX_CAP_INSTALL_GRANT)
        return ERIX_ERR_DENIED;
    if (badge != 0 && (src->type != ERIX_CAP_ENDPOINT || src->badge != 0))
        return ERIX_ERR_DENIED;
    return ERIX_OK;
}

void cap_copy(const struct cte *src, struct cte *dst, uint8_t rights_mask, uint64_t badge)
{
    cap_install(dst, src->type, (uint8_t)(src->rights & rights_mask), src->obj, src->origin);
    dst->flags = src->flags;
    dst->pages = src->pages;
    dst->badge = badge != 0 ? badge : src->badge;
    /* a copied frame starts unmapped: each capability maps at most once */
}

void cap_move(struct cte *src, struct cte *dst)
{
    struct untyped *origin = src->origin;
    unlink_cap(src);
    *dst = *src;
    link_cap(dst, origin); /* a mapped frame keeps its mapping: it travels with the cap */
    memset(src, 0, sizeof *src);
}

void cap_delete(struct cte *c)
{
    switch (c->type) {
    case ERIX_CAP_NULL:
        return;
    case ERIX_CAP_FRAME:
    case ERIX_CAP_DEVICE_FRAME:
        vspace_unmap_frame(c);
        break;
    case ERIX_CAP_UNTYPED:
        untyped_destroy((struct untyped *)c->obj);
        break;
    case ERIX_CAP_INSTALL_GRANT:
        grant_revoke((struct install_grant *)c->obj);
        break;
    default:
        break;
    }
    unlink_cap(c);
    memset(c, 0, sizeof *c);
}

uint32_t cap_endpoint_kind(const struct cte *c)
{
    if (c->type != ERIX_CAP_ENDPOINT)
        return ERIX_EP_GENERIC;
    return ((const struct endpoint *)c->obj)->kind;
}

uint64_t cap_size(const struct cte *c)
{
    if (c->type == ERIX_CAP_UNTYPED)
        return ((const struct untyped *)c->obj)->size;
    if (c->type == ERIX_CAP_FRAME || c->type == ERIX_CAP_DEVICE_FRAME)
        return (uint64_t)c->pages * 4096u;
    return 0;
}

struct cnode *cnode_init(void *mem, struct untyped *origin)
{
    struct cnode *cn = mem;
    cn->hdr.type = ERIX_CAP_CNODE;
    cn->hdr.origin = origin;
    cn->count = ERIX_CSPACE_SLOTS;
    cn->slots = (struct cte *)(void *)((uint8_t *)mem + 4096);
    return cn;
}

void cnode_finalize(struct cnode *cn)
{
    for (uint32_t i = 0; i < cn->count; i++)
        cap_delete(&cn->slots[i]);
}
