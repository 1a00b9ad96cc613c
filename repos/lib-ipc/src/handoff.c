/*
 * handoff.c - layout and strict validation of the kernel -> root handoff.
 *
 * The kernel lays it out and fills it, then validates it with the same code
 * rootd runs on entry; anything malformed is refused as a whole.
 */
#include <erix/caps.h>
#include <erix/handoff.h>

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

static int bytes_equal(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

size_t erix_handoff_size(uint32_t untyped, uint32_t modules, uint32_t slots)
{
    size_t size = sizeof(struct erix_handoff_header);
    size += ALIGN8((size_t)untyped * sizeof(struct erix_handoff_untyped));
    size += ALIGN8((size_t)modules * sizeof(struct erix_handoff_module));
    size += ALIGN8((size_t)slots * sizeof(struct erix_handoff_slot));
    return size;
}

erix_status_t erix_handoff_layout(void *buf, size_t cap, uint32_t untyped, uint32_t modules,
                                  uint32_t slots, struct erix_handoff_header **header)
{
    if (buf == NULL || header == NULL || ((uintptr_t)buf & 7u) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (untyped > ERIX_SLOT_UNTYPED_MAX || modules > ERIX_SLOT_MODULE_MAX ||
        slots > ERIX_CSPACE_SLOTS)
        return ERIX_ERR_LIMIT;
    size_t total = erix_handoff_size(untyped, modules, slots);
    if (total > cap)
        return ERIX_ERR_LIMIT;
    uint8_t *p = buf;
    for (size_t i = 0; i < total; i++)
        p[i] = 0;
    struct erix_handoff_header *h = buf;
    for (size_t i = 0; i < 8; i++)
        h->magic[i] = ERIX_HANDOFF_MAGIC[i];
    h->version = ERIX_HANDOFF_VERSION;
    h->header_size = sizeof *h;
    h->total_size = (uint32_t)total;
    h->untyped_count = untyped;
    h->untyped_offset = sizeof *h;
    h->module_count = modules;
    h->module_offset =
        (uint32_t)(h->untyped_offset + ALIGN8(untyped * sizeof(struct erix_handoff_untyped)));
    h->slot_count = slots;
    h->slot_offset =
        (uint32_t)(h->module_offset + ALIGN8(modules * sizeof(struct erix_handoff_module)));
    *header = h;
    return ERIX_OK;
}

static int terminated(const char *s, size_t cap)
{
    for (size_t i = 0; i < cap; i++)
        if (s[i] == 0)
            return 1;
    return 0;
}

/* An array of `count` entries of `entry` bytes at `offset` lies inside the handoff. */
static erix_status_t check_array(const struct erix_handoff_header *h, uint32_t offset,
                                 uint32_t count, size_t entry)
{
    if (offset % 8 != 0)
        return ERIX_ERR_ALIGNMENT;
    if (offset < h->header_size || offset > h->total_size)
        return ERIX_ERR_OUT_OF_RANGE;
    if ((uint64_t)count * entry > (uint64_t)(h->total_size - offset))
        return ERIX_ERR_TRUNCATED;
    return ERIX_OK;
}

static int arrays_disjoint(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return alen == 0 || blen == 0 || a + alen <= b || b + blen <= a;
}

static erix_status_t check_header(const struct erix_handoff_header *h, size_t size)
{
    if (!bytes_equal(h->magic, ERIX_HANDOFF_MAGIC, 8))
        return ERIX_ERR_MALFORMED;
    if (h->version != ERIX_HANDOFF_VERSION)
        return ERIX_ERR_VERSION;
    if (h->header_size != sizeof *h)
        return ERIX_ERR_MALFORMED;
    if (h->total_size != size)
        return ERIX_ERR_TRUNCATED;
    if ((h->flags & ~ERIX_HANDOFF_FLAGS_KNOWN) != 0 || h->reserved != 0)
        return ERIX_ERR_MALFORMED;
    if (h->untyped_count > ERIX_SLOT_UNTYPED_MAX || h->module_count > ERIX_SLOT_MODULE_MAX ||
        h->slot_count > ERIX_CSPACE_SLOTS)
        return ERIX_ERR_LIMIT;
    if (h->rsdp_revision > 2 || (h->rsdp_revision == 0) != (h->rsdp_phys == 0))
        return ERIX_ERR_MALFORMED;
    if (!terminated(h->cmdline, sizeof h->cmdline))
        return ERIX_ERR_MALFORMED;
    return ERIX_OK;
}

static erix_status_t check_layout(const struct erix_handoff_header *h)
{
    erix_status_t st;
    if ((st = check_array(h, h->untyped_offset, h->untyped_count,
                          sizeof(struct erix_handoff_untyped))) != ERIX_OK ||
        (st = check_array(h, h->module_offset, h->module_count,
                          sizeof(struct erix_handoff_module))) != ERIX_OK ||
        (st = check_array(h, h->slot_offset, h->slot_count,
                          sizeof(struct erix_handoff_slot))) != ERIX_OK)
        return st;
    uint64_t ul = (uint64_t)h->untyped_count * sizeof(struct erix_handoff_untyped);
    uint64_t ml = (uint64_t)h->module_count * sizeof(struct erix_handoff_module);
    uint64_t sl = (uint64_t)h->slot_count * sizeof(struct erix_handoff_slot);
    if (!arrays_disjoint(h->untyped_offset, ul, h->module_offset, ml) ||
        !arrays_disjoint(h->untyped_offset, ul, h->slot_offset, sl) ||
        !arrays_disjoint(h->module_offset, ml, h->slot_offset, sl))
        return ERIX_ERR_OVERLAP;
    return ERIX_OK;
}

static erix_status_t check_slots(const struct erix_handoff_view *v)
{
    const struct erix_handoff_header *h = v->header;
    for (uint32_t i = 0; i < h->slot_count; i++) {
        const struct erix_handoff_slot *s = &v->slots[i];
        if (s->slot == ERIX_SLOT_NULL || s->slot >= ERIX_CSPACE_SLOTS)
            return ERIX_ERR_INVALID_SLOT;
        if (i > 0 && s->slot <= v->slots[i - 1].slot)
            return ERIX_ERR_MALFORMED; /* ascending, hence unique */
        if (s->slot == ERIX_SLOT_LEGACY_ROOT)
            return ERIX_ERR_DENIED;
        if (s->cap_type == ERIX_CAP_NULL || s->cap_type >= ERIX_CAP_TYPE_COUNT ||
            (s->rights & ~ERIX_RIGHTS_ALL) != 0 || s->reserved != 0)
            return ERIX_ERR_MALFORMED;
        if (s->endpoint_kind >= ERIX_EP_KIND_COUNT ||
            (s->cap_type != ERIX_CAP_ENDPOINT && s->endpoint_kind != 0))
            return ERIX_ERR_MALFORMED;
    }
    return ERIX_OK;
}

static erix_status_t expect_slot(const struct erix_handoff_view *v, uint32_t slot, uint8_t type)
{
    const struct erix_handoff_slot *s = erix_handoff_find_slot(v, slot);
    if (s == NULL)
        return ERIX_ERR_NOT_FOUND;
    return s->cap_type == type ? ERIX_OK : ERIX_ERR_WRONG_TYPE;
}

static erix_status_t check_untyped(const struct erix_handoff_view *v)
{
    const struct erix_handoff_header *h = v->header;
    for (uint32_t i = 0; i < h->untyped_count; i++) {
        const struct erix_handoff_untyped *u = &v->untyped[i];
        if (u->size == 0 || (u->phys | u->size) % 4096 != 0 || u->phys + u->size < u->phys)
            return ERIX_ERR_MALFORMED;
        if ((u->flags & ~ERIX_HANDOFF_UNTYPED_DEVICE) != 0)
            return ERIX_ERR_MALFORMED;
        if (u->slot < ERIX_SLOT_UNTYPED_BASE ||
            u->slot >= ERIX_SLOT_UNTYPED_BASE + ERIX_SLOT_UNTYPED_MAX)
            return ERIX_ERR_INVALID_SLOT;
        for (uint32_t j = 0; j < i; j++)
            if (!arrays_disjoint(u->phys, u->size, v->untyped[j].phys, v->untyped[j].size))
                return ERIX_ERR_OVERLAP;
        erix_status_t st = expect_slot(v, u->slot, ERIX_CAP_UNTYPED);
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

static int name_ok(const char *name)
{
    if (!terminated(name, ERIX_HANDOFF_NAME_MAX) || name[0] == 0)
        return 0;
    for (const char *c = name; *c != 0; c++)
        if (*c <= ' ' || *c > '~')
            return 0;
    return 1;
}

static int names_equal(const char *a, const char *b)
{
    for (size_t i = 0; i < ERIX_HANDOFF_NAME_MAX; i++) {
        if (a[i] != b[i])
            return 0;
        if (a[i] == 0)
            return 1;
    }
    return 1;
}

static erix_status_t check_modules(const struct erix_handoff_view *v)
{
    const struct erix_handoff_header *h = v->header;
    for (uint32_t i = 0; i < h->module_count; i++) {
        const struct erix_handoff_module *m = &v->modules[i];
        if (m->size == 0 || m->phys + m->size < m->phys || m->reserved != 0 || !name_ok(m->name))
            return ERIX_ERR_MALFORMED;
        if (m->frame_slot < ERIX_SLOT_MODULE_BASE ||
            m->frame_slot >= ERIX_SLOT_MODULE_BASE + ERIX_SLOT_MODULE_MAX)
            return ERIX_ERR_INVALID_SLOT;
        for (uint32_t j = 0; j < i; j++)
            if (names_equal(m->name, v->modules[j].name))
                return ERIX_ERR_EXISTS;
        erix_status_t st = expect_slot(v, m->frame_slot, ERIX_CAP_FRAME);
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

static erix_status_t check_root_endpoint(const struct erix_handoff_view *v)
{
    uint32_t slot = v->header->root_endpoint_slot;
    if (slot == 0)
        return ERIX_OK;
    return expect_slot(v, slot, ERIX_CAP_ENDPOINT);
}

erix_status_t erix_handoff_validate(const void *buf, size_t size, struct erix_handoff_view *view)
{
    if (buf == NULL || view == NULL)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (((uintptr_t)buf & 7u) != 0)
        return ERIX_ERR_ALIGNMENT;
    if (size < sizeof(struct erix_handoff_header))
        return ERIX_ERR_TRUNCATED;
    const struct erix_handoff_header *h = buf;
    erix_status_t st = check_header(h, size);
    if (st == ERIX_OK)
        st = check_layout(h);
    if (st != ERIX_OK)
        return st;
    const uint8_t *base = buf;
    struct erix_handoff_view v = {
        h,
        (const struct erix_handoff_untyped *)(const void *)(base + h->untyped_offset),
        (const struct erix_handoff_module *)(const void *)(base + h->module_offset),
        (const struct erix_handoff_slot *)(const void *)(base + h->slot_offset),
    };
    if ((st = check_slots(&v)) != ERIX_OK || (st = check_untyped(&v)) != ERIX_OK ||
        (st = check_modules(&v)) != ERIX_OK || (st = check_root_endpoint(&v)) != ERIX_OK)
        return st;
    *view = v;
    return ERIX_OK;
}

const struct erix_handoff_slot *erix_handoff_find_slot(const struct erix_handoff_view *view,
                                                       uint32_t slot)
{
    uint32_t lo = 0, hi = view->header->slot_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (view->slots[mid].slot == slot)
            return &view->slots[mid];
        if (view->slots[mid].slot < slot)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
