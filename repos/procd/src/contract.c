/*
 * contract.c - the startup contract check (contract.h): the envelope's
 * listing against the contract table, each listed capability against the
 * CSpace, and the CSpace against the listing.
 */
#include <stdbool.h>
#include <string.h>

#include <erix/caps.h>
#include <erix/envelope.h>

#include "contract.h"

enum rights_rule { RIGHTS_EXACT, RIGHTS_AT_LEAST, RIGHTS_ANY };

/* What the contract asks of each purpose other than IMAGE_FRAME. */
struct spec {
    uint8_t purpose;
    uint8_t type;
    uint8_t rights;
    uint8_t rule;   /* enum rights_rule: the listed rights against `rights` */
    uint8_t kind;   /* endpoints only */
    uint32_t slot;  /* 0: anywhere */
};

static const struct spec specs[] = {
    {ERIX_PURPOSE_READY, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, RIGHTS_EXACT, ERIX_EP_GENERIC, 0},
    {ERIX_PURPOSE_PRIMARY_CONTROL, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, RIGHTS_EXACT,
     ERIX_EP_PROCESS, ERIX_SLOT_KERNEL_PROCESS},
    {ERIX_PURPOSE_SERVICE_ENDPOINT, ERIX_CAP_ENDPOINT,
     ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT, RIGHTS_EXACT, ERIX_EP_GENERIC,
     ERIX_SLOT_PROCD_DRIVER},
    {ERIX_PURPOSE_UNTYPED_POOL, ERIX_CAP_UNTYPED, 0, RIGHTS_ANY, 0, 0},
    {ERIX_PURPOSE_SELF_VSPACE, ERIX_CAP_VSPACE, ERIX_RIGHT_WRITE, RIGHTS_AT_LEAST, 0, 0},
};
#define SPEC_COUNT (sizeof specs / sizeof specs[0])

static const struct spec image_spec = {ERIX_PURPOSE_IMAGE_FRAME, ERIX_CAP_FRAME, ERIX_RIGHT_READ,
                                       RIGHTS_EXACT, 0, 0};

struct checker {
    struct erix_envelope_view v;
    procd_query_fn query;
    void *ctx;
    struct procd_contract *out;
};

/* ---- one capability ----------------------------------------------------------- */

static erix_status_t check_listing(const struct erix_envelope_cap *c, const struct spec *sp)
{
    if (procd_slot_reserved(c->slot) || (sp->slot != 0 && c->slot != sp->slot))
        return ERIX_ERR_INVALID_SLOT;
    if (c->type != sp->type || (sp->type == ERIX_CAP_ENDPOINT && c->endpoint_kind != sp->kind))
        return ERIX_ERR_WRONG_TYPE;
    if ((sp->rule == RIGHTS_EXACT && c->rights != sp->rights) ||
        (sp->rule == RIGHTS_AT_LEAST && (c->rights & sp->rights) != sp->rights))
        return ERIX_ERR_NO_RIGHTS;
    return ERIX_OK;
}

/* The capability in the slot is what the envelope says it is. */
static erix_status_t check_actual(const struct checker *k, const struct erix_envelope_cap *c,
                                  struct erix_cap_info *info)
{
    return erix_envelope_cap_matches(c, k->query, k->ctx, info);
}

static erix_status_t check_cap(const struct checker *k, const struct erix_envelope_cap *c,
                               const struct spec *sp, struct erix_cap_info *info)
{
    erix_status_t st = check_listing(c, sp);
    return st != ERIX_OK ? st : check_actual(k, c, info);
}

/* ---- the listing ------------------------------------------------------------- */

static const struct spec *spec_of(uint32_t purpose)
{
    for (uint32_t i = 0; i < SPEC_COUNT; i++)
        if (specs[i].purpose == purpose)
            return &specs[i];
    return NULL;
}

/* The one capability listed with `purpose`: NOT_FOUND or EXISTS otherwise. */
static erix_status_t unique(const struct checker *k, uint32_t purpose,
                            const struct erix_envelope_cap **out)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < k->v.header->cap_count; i++)
        if (k->v.caps[i].purpose == purpose && n++ == 0)
            *out = &k->v.caps[i];
    return n == 0 ? ERIX_ERR_NOT_FOUND : n > 1 ? ERIX_ERR_EXISTS : ERIX_OK;
}

static erix_status_t check_ready(struct checker *k)
{
    const struct erix_envelope_cap *c;
    struct erix_cap_info info;
    erix_status_t st = unique(k, ERIX_PURPOSE_READY, &c);
    if (st != ERIX_OK)
        return st;
    if (c->slot != k->v.header->ready_slot)
        return ERIX_ERR_INVALID_SLOT;
    if ((st = check_cap(k, c, spec_of(ERIX_PURPOSE_READY), &info)) != ERIX_OK)
        return st;
    k->out->ready_slot = c->slot;
    return ERIX_OK;
}

static erix_status_t add_image(struct checker *k, const struct erix_envelope_cap *c)
{
    struct erix_cap_info info;
    struct procd_contract *o = k->out;
    erix_status_t st = check_cap(k, c, &image_spec, &info);
    if (st != ERIX_OK)
        return st;
    if (info.size == 0 || info.size > PROCD_IMAGE_STRIDE || o->image_count >= PROCD_MAX_IMAGES)
        return ERIX_ERR_LIMIT;
    for (uint32_t i = 0; i < o->image_count; i++)
        if (o->images[i].index == c->aux)
            return ERIX_ERR_EXISTS;
    o->images[o->image_count++] = (struct procd_contract_image){c->aux, c->slot, info.size};
    return ERIX_OK;
}

static void note_slot(struct procd_contract *o, uint32_t purpose, uint32_t slot)
{
    switch (purpose) {
    case ERIX_PURPOSE_PRIMARY_CONTROL: o->primary = slot; break;
    case ERIX_PURPOSE_SERVICE_ENDPOINT: o->service = slot; break;
    case ERIX_PURPOSE_UNTYPED_POOL: o->pool = slot; break;
    case ERIX_PURPOSE_SELF_VSPACE: o->self_vspace = slot; break;
    default: break;
    }
}

/* One listed capability of a purpose the contract has (READY is done). */
static erix_status_t check_listed(struct checker *k, const struct erix_envelope_cap *c)
{
    struct erix_cap_info info;
    const struct erix_envelope_cap *first;
    if (c->purpose == ERIX_PURPOSE_IMAGE_FRAME)
        return add_image(k, c);
    const struct spec *sp = spec_of(c->purpose);
    if (sp == NULL)
        return ERIX_ERR_DENIED; /* authority outside the contract */
    erix_status_t st = unique(k, c->purpose, &first);
    if (st != ERIX_OK || c->purpose == ERIX_PURPOSE_READY)
        return st;
    if ((st = check_cap(k, c, sp, &info)) != ERIX_OK)
        return st;
    if (c->purpose == ERIX_PURPOSE_SERVICE_ENDPOINT && info.aux != 0)
        return ERIX_ERR_WRONG_TYPE; /* badged: procd could not mint event badges */
    note_slot(k->out, c->purpose, c->slot);
    return ERIX_OK;
}

static erix_status_t check_required(const struct checker *k, uint64_t rdx)
{
    const struct erix_envelope_header *h = k->v.header;
    const struct erix_envelope_cap *c;
    for (uint32_t i = 0; i < SPEC_COUNT; i++) {
        erix_status_t st = unique(k, specs[i].purpose, &c);
        if (st != ERIX_OK)
            return st;
    }
    if (h->primary_control_slot != k->out->primary || rdx != k->out->primary ||
        h->service_endpoint_slot != k->out->service)
        return ERIX_ERR_INVALID_SLOT;
    return ERIX_OK;
}

/* ---- the CSpace ---------------------------------------------------------------- */

/* Nothing in the CSpace that the envelope does not list (lib-ipc). */
static erix_status_t scan(const struct checker *k)
{
    return erix_envelope_scan(&k->v, k->query, k->ctx);
}

/* ---- all of it ----------------------------------------------------------------- */

static erix_status_t check_envelope(struct checker *k, const void *env, size_t size)
{
    erix_status_t st = erix_envelope_validate(env, size, &k->v);
    if (st != ERIX_OK)
        return st;
    if (strncmp(k->v.header->role, PROCD_ROLE, ERIX_ROLE_MAX) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    return k->v.header->peer_count == 0 ? ERIX_OK : ERIX_ERR_DENIED;
}

erix_status_t procd_contract_check(const void *env, size_t size, uint64_t rdx,
                                   procd_query_fn query, void *ctx, struct procd_contract *out)
{
    struct checker k = {{NULL, NULL, NULL}, query, ctx, out};
    memset(out, 0, sizeof *out);
    erix_status_t st = check_envelope(&k, env, size);
    if (st == ERIX_OK)
        out->service_index = k.v.header->service_index;
    if (st == ERIX_OK)
        st = check_ready(&k);
    for (uint32_t i = 0; st == ERIX_OK && i < k.v.header->cap_count; i++)
        st = check_listed(&k, &k.v.caps[i]);
    if (st == ERIX_OK)
        st = check_required(&k, rdx);
    if (st == ERIX_OK)
        st = scan(&k);
    return st;
}
