/*
 * contract.c - deviced's startup contract (contract.h): the envelope's
 * listing against the table below, each listed capability against the
 * CSpace, and the CSpace against the listing.
 */
#include <stdbool.h>
#include <string.h>

#include <erix/envelope.h>
#include <erix/procd.h>

#include "contract.h"
#include "deviced_config.h"

#define ANY_SLOT 0u
#define FAMILY_SLOT 0xffffffffu /* the dedicated slot of the listed kind */

struct spec {
    uint8_t purpose;
    uint8_t type;
    uint8_t rights;                 /* exact; 0xff: any */
    uint8_t kind;                   /* endpoints; 0xff: a device family */
    uint8_t unique;
    uint32_t slot;
};

#define ANY_RIGHTS 0xffu
#define DEVICE_KIND 0xffu

static const struct spec specs[] = {
    {ERIX_PURPOSE_READY, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, ERIX_EP_GENERIC, 1,
     ANY_SLOT},
    {ERIX_PURPOSE_PRIMARY_CONTROL, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_LOG, 1,
     ERIX_SLOT_KERNEL_LOG},
    {ERIX_PURPOSE_PROCD_DRIVER, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, 1,
     ERIX_SLOT_PROCD_DRIVER},
    {ERIX_PURPOSE_CHILD_POPULATE, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_CHILD_POPULATE, 1,
     ERIX_SLOT_KERNEL_CHILD_POPULATE},
    {ERIX_PURPOSE_UNTYPED_POOL, ERIX_CAP_UNTYPED, ANY_RIGHTS, 0, 1, ANY_SLOT},
    {ERIX_PURPOSE_SERVICE_ENDPOINT, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV,
     ERIX_EP_GENERIC, 1, ERIX_PROCD_CHILD_SERVICE_SLOT},
    {ERIX_PURPOSE_FAULT_ENDPOINT, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, 1,
     ERIX_PROCD_CHILD_EVENT_SLOT},
    {ERIX_PURPOSE_DEVICE, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, DEVICE_KIND, 0, FAMILY_SLOT},
};
#define SPEC_COUNT (sizeof specs / sizeof specs[0])
#define REQUIRED 7u /* the first seven are required */

int deviced_device_kind(uint32_t kind)
{
    switch (kind) {
    case ERIX_EP_TIME:
    case ERIX_EP_IRQ:
    case ERIX_EP_HOTPLUG:
    case ERIX_EP_PCI_CONFIG:
    case ERIX_EP_CONSOLE:
    case ERIX_EP_COM1:
    case ERIX_EP_ACPI:
    case ERIX_EP_I8042: return 1;
    default: return 0;
    }
}

struct checker {
    struct erix_envelope_view v;
    deviced_query_fn query;
    void *ctx;
    struct deviced_contract *out;
};

static const struct spec *spec_of(uint32_t purpose)
{
    for (uint32_t i = 0; i < SPEC_COUNT; i++)
        if (specs[i].purpose == purpose)
            return &specs[i];
    return NULL;
}

/* ---- one capability -------------------------------------------------------------- */

static erix_status_t check_listing(const struct erix_envelope_cap *c, const struct spec *sp)
{
    if (deviced_slot_reserved(c->slot))
        return ERIX_ERR_INVALID_SLOT;
    if (c->type != sp->type)
        return ERIX_ERR_WRONG_TYPE;
    if (sp->kind == DEVICE_KIND) {
        if (!deviced_device_kind(c->endpoint_kind))
            return ERIX_ERR_DENIED; /* not a family deviced hands to drivers */
    } else if (sp->type == ERIX_CAP_ENDPOINT && c->endpoint_kind != sp->kind) {
        return ERIX_ERR_WRONG_TYPE;
    }
    uint32_t slot = sp->slot == FAMILY_SLOT ? erix_family_slot(c->endpoint_kind) : sp->slot;
    if (slot != ANY_SLOT && c->slot != slot)
        return ERIX_ERR_INVALID_SLOT;
    if (sp->rights != ANY_RIGHTS && c->rights != sp->rights)
        return ERIX_ERR_NO_RIGHTS;
    return ERIX_OK;
}

static erix_status_t check_actual(const struct checker *k, const struct erix_envelope_cap *c,
                                  struct erix_cap_info *info)
{
    return erix_envelope_cap_matches(c, k->query, k->ctx, info);
}

static erix_status_t check_cap(const struct checker *k, const struct erix_envelope_cap *c,
                               struct erix_cap_info *info)
{
    const struct spec *sp = spec_of(c->purpose);
    if (sp == NULL)
        return ERIX_ERR_DENIED; /* a purpose outside the contract */
    erix_status_t st = check_listing(c, sp);
    return st != ERIX_OK ? st : check_actual(k, c, info);
}

/* ---- the listing --------------------------------------------------------------------- */

static uint32_t count_of(const struct checker *k, uint32_t purpose, uint32_t kind,
                         const struct erix_envelope_cap **first)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < k->v.header->cap_count; i++) {
        const struct erix_envelope_cap *c = &k->v.caps[i];
        if (c->purpose == purpose && (purpose != ERIX_PURPOSE_DEVICE || c->endpoint_kind == kind) &&
            n++ == 0)
            *first = c;
    }
    return n;
}

static erix_status_t check_ready(struct checker *k)
{
    const struct erix_envelope_cap *c = NULL;
    struct erix_cap_info info;
    uint32_t n = count_of(k, ERIX_PURPOSE_READY, 0, &c);
    if (n != 1)
        return n == 0 ? ERIX_ERR_NOT_FOUND : ERIX_ERR_EXISTS;
    if (c->slot != k->v.header->ready_slot)
        return ERIX_ERR_INVALID_SLOT;
    erix_status_t st = check_cap(k, c, &info);
    if (st != ERIX_OK)
        return st;
    if (info.aux == 0)
        return ERIX_ERR_WRONG_TYPE; /* rootd badges READY per service */
    k->out->ready_slot = c->slot;
    return ERIX_OK;
}

static void note(struct deviced_contract *o, const struct erix_envelope_cap *c)
{
    switch (c->purpose) {
    case ERIX_PURPOSE_PRIMARY_CONTROL: o->primary = c->slot; break;
    case ERIX_PURPOSE_PROCD_DRIVER: o->procd = c->slot; break;
    case ERIX_PURPOSE_CHILD_POPULATE: o->populate = c->slot; break;
    case ERIX_PURPOSE_UNTYPED_POOL: o->pool = c->slot; break;
    case ERIX_PURPOSE_SERVICE_ENDPOINT: o->service = c->slot; break;
    case ERIX_PURPOSE_FAULT_ENDPOINT: o->fault = c->slot; break;
    case ERIX_PURPOSE_DEVICE: o->device[c->endpoint_kind] = c->slot; break;
    default: break;
    }
}

static erix_status_t check_listed(struct checker *k, const struct erix_envelope_cap *c)
{
    const struct erix_envelope_cap *first = NULL;
    struct erix_cap_info info;
    const struct spec *sp = spec_of(c->purpose);
    if (sp == NULL)
        return ERIX_ERR_DENIED;
    if (count_of(k, c->purpose, c->endpoint_kind, &first) > 1 &&
        (sp->unique || c->purpose == ERIX_PURPOSE_DEVICE))
        return ERIX_ERR_EXISTS;
    if (c->purpose == ERIX_PURPOSE_READY)
        return ERIX_OK; /* checked first */
    erix_status_t st = check_cap(k, c, &info);
    if (st != ERIX_OK)
        return st;
    if (c->purpose == ERIX_PURPOSE_PROCD_DRIVER && info.aux != ERIX_PROCD_BADGE_DRIVER)
        return ERIX_ERR_WRONG_TYPE; /* procd's driver surface, nothing else */
    if (c->type == ERIX_CAP_ENDPOINT && c->purpose != ERIX_PURPOSE_PROCD_DRIVER &&
        c->purpose != ERIX_PURPOSE_FAULT_ENDPOINT && info.aux != 0)
        return ERIX_ERR_WRONG_TYPE; /* families and its own endpoint come unbadged */
    if (c->type == ERIX_CAP_UNTYPED && info.size == 0)
        return ERIX_ERR_NOT_FOUND;
    note(k->out, c);
    return ERIX_OK;
}

static erix_status_t check_required(const struct checker *k, uint64_t rdx)
{
    const struct erix_envelope_header *h = k->v.header;
    const struct erix_envelope_cap *c;
    for (uint32_t i = 0; i < REQUIRED; i++)
        if (count_of(k, specs[i].purpose, 0, &c) == 0)
            return ERIX_ERR_NOT_FOUND;
    if (h->primary_control_slot != k->out->primary || rdx != k->out->primary ||
        h->service_endpoint_slot != k->out->service)
        return ERIX_ERR_INVALID_SLOT;
    return ERIX_OK;
}

/* ---- the CSpace ------------------------------------------------------------------------ */

/* Nothing in the CSpace that the envelope does not list (lib-ipc). */
static erix_status_t scan(const struct checker *k)
{
    return erix_envelope_scan(&k->v, k->query, k->ctx);
}

erix_status_t deviced_contract_check(const void *env, size_t size, uint64_t rdx,
                                     deviced_query_fn query, void *ctx,
                                     struct deviced_contract *out)
{
    struct checker k = {{NULL, NULL, NULL}, query, ctx, out};
    memset(out, 0, sizeof *out);
    if (env == NULL)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = erix_envelope_validate(env, size, &k.v);
    if (st != ERIX_OK)
        return st;
    if (strncmp(k.v.header->role, DEVICED_ROLE, ERIX_ROLE_MAX) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (k.v.header->peer_count != 0)
        return ERIX_ERR_DENIED;
    out->service_index = k.v.header->service_index;
    st = check_ready(&k);
    for (uint32_t i = 0; st == ERIX_OK && i < k.v.header->cap_count; i++)
        st = check_listed(&k, &k.v.caps[i]);
    if (st == ERIX_OK)
        st = check_required(&k, rdx);
    if (st == ERIX_OK)
        st = scan(&k);
    return st;
}
