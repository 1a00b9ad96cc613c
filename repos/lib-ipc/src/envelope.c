/*
 * envelope.c - layout and strict validation of the service startup envelope.
 * The builder (rootd, procd) and the service run the same validator.
 */
#include <erix/caps.h>
#include <erix/envelope.h>

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

int erix_role_name_ok(const char *name, size_t cap)
{
    size_t n = 0;
    for (; n < cap && name[n] != 0; n++) {
        char c = name[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    if (n == 0 || n >= cap)
        return 0;
    for (; n < cap; n++) /* NUL padded: nothing hides after the terminator */
        if (name[n] != 0)
            return 0;
    return 1;
}

size_t erix_envelope_size(uint32_t caps, uint32_t peers)
{
    return sizeof(struct erix_envelope_header) + ALIGN8((size_t)caps * sizeof(struct erix_envelope_cap)) +
           (size_t)peers * sizeof(struct erix_envelope_peer);
}

static void copy_role(char *dst, const char *src)
{
    size_t i = 0;
    for (; i + 1 < ERIX_ROLE_MAX && src[i] != 0; i++)
        dst[i] = src[i];
    for (; i < ERIX_ROLE_MAX; i++)
        dst[i] = 0;
}

erix_status_t erix_envelope_layout(void *buf, size_t cap, const char *role, uint32_t caps,
                                   uint32_t peers, struct erix_envelope_header **header)
{
    if (buf == NULL || role == NULL || header == NULL || ((uintptr_t)buf & 7u) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (caps > ERIX_ENVELOPE_MAX_CAPS || peers > ERIX_ENVELOPE_MAX_PEERS)
        return ERIX_ERR_LIMIT;
    size_t total = erix_envelope_size(caps, peers);
    if (total > cap || total > ERIX_ENVELOPE_MAX)
        return ERIX_ERR_LIMIT;
    uint8_t *p = buf;
    for (size_t i = 0; i < total; i++)
        p[i] = 0;
    struct erix_envelope_header *h = buf;
    for (size_t i = 0; i < 8; i++)
        h->magic[i] = ERIX_ENVELOPE_MAGIC[i];
    h->version = ERIX_ENVELOPE_VERSION;
    h->total_size = (uint32_t)total;
    copy_role(h->role, role);
    h->cap_count = caps;
    h->cap_offset = sizeof *h;
    h->peer_count = peers;
    h->peer_offset = (uint32_t)(sizeof *h + ALIGN8(caps * sizeof(struct erix_envelope_cap)));
    *header = h;
    return ERIX_OK;
}

static erix_status_t check_header(const struct erix_envelope_header *h, size_t size)
{
    for (size_t i = 0; i < 8; i++)
        if (h->magic[i] != ERIX_ENVELOPE_MAGIC[i])
            return ERIX_ERR_MALFORMED;
    if (h->version != ERIX_ENVELOPE_VERSION)
        return ERIX_ERR_VERSION;
    if (h->total_size != size || h->flags != 0 || h->reserved != 0)
        return ERIX_ERR_MALFORMED;
    if (h->cap_count > ERIX_ENVELOPE_MAX_CAPS || h->peer_count > ERIX_ENVELOPE_MAX_PEERS)
        return ERIX_ERR_LIMIT;
    if (h->cap_offset != sizeof *h ||
        h->peer_offset != sizeof *h + ALIGN8(h->cap_count * sizeof(struct erix_envelope_cap)) ||
        erix_envelope_size(h->cap_count, h->peer_count) != size)
        return ERIX_ERR_MALFORMED;
    return erix_role_name_ok(h->role, sizeof h->role) ? ERIX_OK : ERIX_ERR_MALFORMED;
}

static erix_status_t check_cap(const struct erix_envelope_cap *c)
{
    if (c->slot == 0 || c->slot >= ERIX_CSPACE_SLOTS)
        return ERIX_ERR_INVALID_SLOT;
    if (c->type == ERIX_CAP_NULL || c->type >= ERIX_CAP_TYPE_COUNT ||
        (c->rights & ~ERIX_RIGHTS_ALL) != 0 || c->reserved != 0)
        return ERIX_ERR_MALFORMED;
    if (c->endpoint_kind >= ERIX_EP_KIND_COUNT ||
        (c->type != ERIX_CAP_ENDPOINT && c->endpoint_kind != 0))
        return ERIX_ERR_MALFORMED;
    if (c->purpose == 0 || c->purpose >= ERIX_PURPOSE_COUNT ||
        (c->purpose != ERIX_PURPOSE_IMAGE_FRAME && c->aux != 0))
        return ERIX_ERR_MALFORMED;
    return ERIX_OK;
}

static erix_status_t check_caps(const struct erix_envelope_view *v)
{
    for (uint32_t i = 0; i < v->header->cap_count; i++) {
        erix_status_t st = check_cap(&v->caps[i]);
        if (st != ERIX_OK)
            return st;
        for (uint32_t j = 0; j < i; j++)
            if (v->caps[j].slot == v->caps[i].slot)
                return ERIX_ERR_EXISTS;
    }
    return ERIX_OK;
}

static const struct erix_envelope_cap *find_slot(const struct erix_envelope_view *v, uint32_t slot)
{
    for (uint32_t i = 0; i < v->header->cap_count; i++)
        if (v->caps[i].slot == slot)
            return &v->caps[i];
    return NULL;
}

static erix_status_t check_named_slot(const struct erix_envelope_view *v, uint32_t slot,
                                      uint32_t purpose)
{
    if (slot == 0)
        return ERIX_OK;
    const struct erix_envelope_cap *c = find_slot(v, slot);
    return c != NULL && c->purpose == purpose ? ERIX_OK : ERIX_ERR_NOT_FOUND;
}

static erix_status_t check_peers(const struct erix_envelope_view *v)
{
    for (uint32_t i = 0; i < v->header->peer_count; i++) {
        const struct erix_envelope_peer *p = &v->peers[i];
        if (!erix_role_name_ok(p->role, sizeof p->role) || p->reserved != 0)
            return ERIX_ERR_MALFORMED;
        erix_status_t st = check_named_slot(v, p->slot, ERIX_PURPOSE_PEER);
        if (st != ERIX_OK || p->slot == 0)
            return st != ERIX_OK ? st : ERIX_ERR_INVALID_SLOT;
    }
    return ERIX_OK;
}

erix_status_t erix_envelope_validate(const void *buf, size_t size, struct erix_envelope_view *v)
{
    if (buf == NULL || v == NULL)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (((uintptr_t)buf & 7u) != 0)
        return ERIX_ERR_ALIGNMENT;
    if (size < sizeof(struct erix_envelope_header) || size > ERIX_ENVELOPE_MAX)
        return size < sizeof(struct erix_envelope_header) ? ERIX_ERR_TRUNCATED : ERIX_ERR_LIMIT;
    const struct erix_envelope_header *h = buf;
    erix_status_t st = check_header(h, size);
    if (st != ERIX_OK)
        return st;
    const uint8_t *base = buf;
    struct erix_envelope_view view = {
        h, (const struct erix_envelope_cap *)(const void *)(base + h->cap_offset),
        (const struct erix_envelope_peer *)(const void *)(base + h->peer_offset)};
    if ((st = check_caps(&view)) != ERIX_OK || (st = check_peers(&view)) != ERIX_OK ||
        (st = check_named_slot(&view, h->primary_control_slot, ERIX_PURPOSE_PRIMARY_CONTROL)) !=
            ERIX_OK ||
        (st = check_named_slot(&view, h->service_endpoint_slot, ERIX_PURPOSE_SERVICE_ENDPOINT)) !=
            ERIX_OK ||
        (st = check_named_slot(&view, h->ready_slot, ERIX_PURPOSE_READY)) != ERIX_OK)
        return st;
    *v = view;
    return ERIX_OK;
}

const struct erix_envelope_cap *erix_envelope_find(const struct erix_envelope_view *v,
                                                   uint32_t purpose)
{
    for (uint32_t i = 0; i < v->header->cap_count; i++)
        if (v->caps[i].purpose == purpose)
            return &v->caps[i];
    return NULL;
}

void erix_envelope_note_slot(struct erix_envelope_header *h, const struct erix_envelope_cap *c)
{
    if (c->purpose == ERIX_PURPOSE_PRIMARY_CONTROL)
        h->primary_control_slot = c->slot;
    else if (c->purpose == ERIX_PURPOSE_SERVICE_ENDPOINT)
        h->service_endpoint_slot = c->slot;
    else if (c->purpose == ERIX_PURPOSE_READY)
        h->ready_slot = c->slot;
}

bool erix_envelope_lists(const struct erix_envelope_view *v, uint32_t slot)
{
    for (uint32_t i = 0; i < v->header->cap_count; i++)
        if (v->caps[i].slot == slot)
            return true;
    return false;
}

erix_status_t erix_envelope_cap_matches(const struct erix_envelope_cap *c,
                                        erix_envelope_query_fn query, void *ctx,
                                        struct erix_cap_info *info)
{
    erix_status_t st = query(ctx, c->slot, info);
    if (st != ERIX_OK)
        return st == ERIX_ERR_EMPTY_SLOT ? ERIX_ERR_NOT_FOUND : st;
    if (info->type != c->type ||
        (c->type == ERIX_CAP_ENDPOINT && info->endpoint_kind != c->endpoint_kind))
        return ERIX_ERR_WRONG_TYPE;
    return info->rights == c->rights ? ERIX_OK : ERIX_ERR_NO_RIGHTS;
}

erix_status_t erix_envelope_scan(const struct erix_envelope_view *v,
                                 erix_envelope_query_fn query, void *ctx)
{
    for (uint32_t slot = 1; slot < ERIX_CSPACE_SLOTS; slot++) {
        struct erix_cap_info info;
        erix_status_t st = query(ctx, slot, &info);
        if (st == ERIX_ERR_EMPTY_SLOT)
            continue;
        if (st != ERIX_OK)
            return st;
        if (!erix_envelope_lists(v, slot))
            return ERIX_ERR_DENIED; /* authority the envelope does not name */
    }
    return ERIX_OK;
}
