/*
 * contract.c - a driver's startup contract (contract.h): the envelope, the
 * primary control (present, at rdx, of the expected family), READY, the
 * named peer, every listed capability against the CSpace, and the CSpace
 * against the listing.
 */
#include <stdbool.h>
#include <string.h>

#include <erix/procd.h>

#include "contract.h"

struct checker {
    struct erix_envelope_view v;
    const struct drv_spec *spec;
    drv_query_fn query;
    void *ctx;
    struct drv_startup *out;
};

const char *drv_cap_type_name(uint32_t type)
{
    switch (type) {
    case ERIX_CAP_UNTYPED: return "untyped";
    case ERIX_CAP_FRAME: return "frame";
    case ERIX_CAP_DEVICE_FRAME: return "device-frame";
    case ERIX_CAP_ENDPOINT: return "endpoint";
    case ERIX_CAP_CNODE: return "cnode";
    case ERIX_CAP_TCB: return "tcb";
    case ERIX_CAP_VSPACE: return "vspace";
    case ERIX_CAP_INSTALL_GRANT: return "install-grant";
    default: return "?";
    }
}

static uint32_t count_of(const struct checker *k, uint32_t purpose,
                         const struct erix_envelope_cap **first)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < k->v.header->cap_count; i++)
        if (k->v.caps[i].purpose == purpose && n++ == 0)
            *first = &k->v.caps[i];
    return n;
}

/* The capability in the slot is exactly what the envelope lists. */
static erix_status_t check_actual(const struct checker *k, const struct erix_envelope_cap *c)
{
    struct erix_cap_info info;
    return erix_envelope_cap_matches(c, k->query, k->ctx, &info);
}

static erix_status_t check_ready(struct checker *k)
{
    const struct erix_envelope_cap *c = NULL;
    uint32_t n = count_of(k, ERIX_PURPOSE_READY, &c);
    if (n != 1)
        return n == 0 ? ERIX_ERR_NOT_FOUND : ERIX_ERR_EXISTS;
    if (c->slot != k->v.header->ready_slot || c->type != ERIX_CAP_ENDPOINT ||
        c->endpoint_kind != ERIX_EP_GENERIC || (c->rights & ERIX_RIGHT_SEND) == 0)
        return ERIX_ERR_WRONG_TYPE;
    erix_status_t st = check_actual(k, c);
    if (st == ERIX_OK)
        k->out->ready = c->slot;
    return st;
}

/* Present, at rdx, of the expected family: else the driver fails closed. */
static erix_status_t check_primary(struct checker *k, uint64_t rdx)
{
    const struct erix_envelope_cap *c = NULL;
    uint32_t want = k->spec->primary_kind;
    uint32_t n = count_of(k, ERIX_PURPOSE_PRIMARY_CONTROL, &c);
    if (want == DRV_NO_PRIMARY)
        return n == 0 && rdx == 0 ? ERIX_OK : ERIX_ERR_DENIED;
    if (n != 1 || rdx == 0)
        return n > 1 ? ERIX_ERR_EXISTS : ERIX_ERR_NOT_FOUND; /* missing */
    if (rdx != c->slot || k->v.header->primary_control_slot != c->slot)
        return ERIX_ERR_INVALID_SLOT;
    if (c->type != ERIX_CAP_ENDPOINT || erix_family_slot(c->endpoint_kind) == 0 ||
        (want != DRV_ANY_KIND && c->endpoint_kind != want))
        return ERIX_ERR_WRONG_TYPE; /* misrouted: another family */
    if (c->rights != ERIX_RIGHT_SEND)
        return ERIX_ERR_NO_RIGHTS;
    k->out->primary = c->slot;
    k->out->primary_kind = c->endpoint_kind;
    return ERIX_OK;
}

static erix_status_t check_peer(struct checker *k)
{
    if (k->spec->peer == NULL)
        return ERIX_OK;
    for (uint32_t i = 0; i < k->v.header->peer_count; i++)
        if (strncmp(k->v.peers[i].role, k->spec->peer, ERIX_ROLE_MAX) == 0) {
            k->out->peer = k->v.peers[i].slot;
            return ERIX_OK;
        }
    return ERIX_ERR_NOT_FOUND;
}

/* May the spec hold a capability listed with this purpose? */
static erix_status_t allowed(const struct checker *k, const struct erix_envelope_cap *c)
{
    switch (c->purpose) {
    case ERIX_PURPOSE_PRIMARY_CONTROL:
    case ERIX_PURPOSE_READY: return ERIX_OK; /* checked on their own */
    case ERIX_PURPOSE_PEER:
        return c->type == ERIX_CAP_ENDPOINT && c->endpoint_kind == ERIX_EP_GENERIC ? ERIX_OK
                                                                                   : ERIX_ERR_WRONG_TYPE;
    case ERIX_PURPOSE_SERVICE_ENDPOINT:
        return c->slot == ERIX_PROCD_CHILD_SERVICE_SLOT ? ERIX_OK : ERIX_ERR_INVALID_SLOT;
    case ERIX_PURPOSE_FAULT_ENDPOINT:
        return c->slot == ERIX_PROCD_CHILD_EVENT_SLOT ? ERIX_OK : ERIX_ERR_INVALID_SLOT;
    case ERIX_PURPOSE_DEVICE:
        if (c->type == ERIX_CAP_ENDPOINT && c->endpoint_kind < 32 &&
            ((k->spec->device_kinds >> c->endpoint_kind) & 1u) != 0)
            return ERIX_OK;
        return ERIX_ERR_DENIED;
    default: return ERIX_ERR_DENIED; /* authority outside a driver's contract */
    }
}

static erix_status_t check_listed(struct checker *k)
{
    for (uint32_t i = 0; i < k->v.header->cap_count; i++) {
        const struct erix_envelope_cap *c = &k->v.caps[i];
        erix_status_t st = allowed(k, c);
        if (st == ERIX_OK)
            st = check_actual(k, c);
        if (st != ERIX_OK)
            return st;
        if (c->purpose == ERIX_PURPOSE_SERVICE_ENDPOINT)
            k->out->service = c->slot;
        if (c->purpose == ERIX_PURPOSE_DEVICE)
            k->out->device[c->endpoint_kind] = c->slot;
    }
    k->out->cap_count = k->v.header->cap_count;
    return ERIX_OK;
}

/* Nothing in the CSpace that the envelope does not list (lib-ipc). */
static erix_status_t scan(const struct checker *k)
{
    return erix_envelope_scan(&k->v, k->query, k->ctx);
}

static erix_status_t check_role(const struct checker *k)
{
    const char *role = k->v.header->role;
    if (k->spec->role != NULL)
        return strncmp(role, k->spec->role, ERIX_ROLE_MAX) == 0 ? ERIX_OK : ERIX_ERR_INVALID_ARGUMENT;
    return erix_procd_is_driver_role(role) ? ERIX_OK : ERIX_ERR_INVALID_ARGUMENT;
}

erix_status_t drv_contract_check(const void *env, size_t size, uint64_t rdx,
                                 const struct drv_spec *spec, drv_query_fn query, void *ctx,
                                 struct drv_startup *out)
{
    struct checker k = {{NULL, NULL, NULL}, spec, query, ctx, out};
    memset(out, 0, sizeof *out);
    if (env == NULL || size == 0)
        return ERIX_ERR_INVALID_ARGUMENT; /* no startup envelope: nothing to trust */
    erix_status_t st = erix_envelope_validate(env, size, &k.v);
    if (st != ERIX_OK)
        return st;
    memcpy(out->role, k.v.header->role, ERIX_ROLE_MAX);
    out->service_index = k.v.header->service_index;
    if ((st = check_role(&k)) != ERIX_OK)
        return st;
    if ((st = check_ready(&k)) != ERIX_OK)
        return st;
    if ((st = check_primary(&k, rdx)) != ERIX_OK)
        return st;
    if ((st = check_peer(&k)) != ERIX_OK)
        return st;
    if ((st = check_listed(&k)) != ERIX_OK)
        return st;
    return scan(&k);
}
