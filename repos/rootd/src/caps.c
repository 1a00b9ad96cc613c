/*
 * caps.c - turning a service's configured capabilities into real ones: each
 * source is resolved to a capability rootd holds, installed into the
 * service's CSpace through an install grant (attenuated, badged, or moved for
 * memory), and described in the service's startup envelope.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/envelope.h>
#include <erix/kctl.h>
#include <erix/kctl_rt.h>
#include <erix/procd.h>
#include <erix/rt.h>

#include "rootd.h"

struct resolved {
    uint32_t slot;       /* rootd's source slot */
    uint64_t badge;
    bool move;
    uint8_t type;        /* what lands in the service */
    uint8_t kind;
    uint8_t rights;      /* rights the source has */
};

static uint32_t image_slot(const struct rootd *r, uint16_t service)
{
    char name[ERIX_BOOTCFG_NAME_MAX + 1] = {0};
    memcpy(name, r->cfg.services[service].module, ERIX_BOOTCFG_NAME_MAX);
    const struct erix_handoff_module *m = rootd_module(r, name, NULL);
    return m != NULL ? m->frame_slot : 0;
}

static erix_status_t source_slot(const struct rootd *r, uint16_t i, const struct erix_bootcfg_cap *c,
                                 struct resolved *out)
{
    uint32_t n = r->cfg.header->service_count;
    *out = (struct resolved){0, 0, false, 0, 0, 0};
    switch (c->source) {
    case ERIX_SRC_KERNEL_FAMILY: out->slot = erix_family_slot(c->arg); break;
    case ERIX_SRC_PROCD_ENDPOINT:
        out->slot = ERIX_SLOT_PROCD_DRIVER;
        out->badge = c->arg;
        break;
    case ERIX_SRC_SERVICE_ENDPOINT:
        out->slot = c->arg < n && c->arg != i ? r->svc[c->arg].endpoint_slot : 0;
        out->badge = rootd_deviced_badge(r, i, c->arg); /* 0 unless it is deviced's */
        break;
    case ERIX_SRC_UNTYPED: out->slot = ROOTD_TMP; out->move = true; break;
    case ERIX_SRC_IMAGE: out->slot = c->arg < n ? image_slot(r, (uint16_t)c->arg) : 0; break;
    case ERIX_SRC_SELF_VSPACE: out->slot = r->svc[i].direct ? r->svc[i].vspace_slot : 0; break;
    case ERIX_SRC_ROOTD_READY:
        out->slot = ROOTD_READY_EP;
        out->badge = ROOTD_READY_BADGE(i);
        break;
    default: break;
    }
    return out->slot != 0 ? ERIX_OK : ERIX_ERR_NOT_FOUND;
}

static erix_status_t describe(const struct rootd *r, uint16_t i, const struct erix_bootcfg_cap *c,
                              struct resolved *res)
{
    erix_status_t st = source_slot(r, i, c, res);
    if (st != ERIX_OK)
        return st;
    if (c->source == ERIX_SRC_UNTYPED) {
        res->type = ERIX_CAP_UNTYPED;
        res->rights = ERIX_RIGHTS_ALL;
        return ERIX_OK;
    }
    struct erix_cap_info ci;
    if ((st = erix_cap_info(res->slot, &ci)) != ERIX_OK)
        return st;
    res->type = (uint8_t)ci.type;
    res->kind = (uint8_t)ci.endpoint_kind;
    res->rights = (uint8_t)ci.rights;
    return ERIX_OK;
}

static erix_status_t install_one(struct rootd *r, uint16_t i, const struct erix_bootcfg_cap *c,
                                 uint32_t grant)
{
    struct resolved res;
    erix_status_t st = source_slot(r, i, c, &res);
    if (st != ERIX_OK)
        return st;
    if (c->source == ERIX_SRC_UNTYPED &&
        (st = erix_kctl_retype_untyped(ERIX_SLOT_KERNEL_PROCESS, r->bank, ROOTD_TMP, c->arg)) !=
            ERIX_OK)
        return st;
    uint32_t mask = c->rights | (res.move ? ERIX_INSTALL_MOVE : 0);
    return erix_kctl_install(ERIX_SLOT_KERNEL_PROCESS, grant, res.slot, c->dest_slot, mask,
                             res.move ? 0 : res.badge);
}

erix_status_t rootd_install_caps(struct rootd *r, uint16_t i, uint32_t grant)
{
    const struct erix_bootcfg_service *s = &r->cfg.services[i];
    for (uint32_t k = 0; k < s->cap_count; k++) {
        struct erix_bootcfg_cap c;
        if (!rootd_cap_of(r, i, k, &c))
            continue; /* an integration hook left it out */
        erix_status_t st = install_one(r, i, &c, grant);
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

/* What procd puts into every staged child itself. */
static const struct erix_envelope_cap procd_slots[] = {
    {ERIX_PROCD_CHILD_SERVICE_SLOT, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, 0,
     ERIX_PURPOSE_SERVICE_ENDPOINT, 0, 0},
    {ERIX_PROCD_CHILD_EVENT_SLOT, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, 0,
     ERIX_PURPOSE_FAULT_ENDPOINT, 0, 0},
};

static uint32_t peer_count(const struct rootd *r, uint16_t i)
{
    uint32_t n = 0;
    struct erix_bootcfg_cap c;
    for (uint32_t k = 0; k < r->cfg.services[i].cap_count; k++)
        n += rootd_cap_of(r, i, k, &c) && c.purpose == ERIX_PURPOSE_PEER;
    return n;
}

static erix_status_t fill_caps(const struct rootd *r, uint16_t i, struct erix_envelope_header *h,
                               struct erix_envelope_cap *caps, struct erix_envelope_peer *peers)
{
    const struct erix_bootcfg_service *s = &r->cfg.services[i];
    uint32_t n = 0, p = 0;
    for (uint32_t k = 0; k < s->cap_count; k++) {
        struct erix_bootcfg_cap cap;
        if (!rootd_cap_of(r, i, k, &cap))
            continue;
        const struct erix_bootcfg_cap *c = &cap;
        struct resolved res;
        erix_status_t st = describe(r, i, c, &res);
        if (st != ERIX_OK)
            return st;
        caps[n] = (struct erix_envelope_cap){c->dest_slot, res.type, (uint8_t)(c->rights & res.rights),
                                             res.kind, c->purpose,
                                             c->source == ERIX_SRC_IMAGE ? c->arg : 0, 0};
        erix_envelope_note_slot(h, &caps[n]);
        if (c->purpose == ERIX_PURPOSE_PEER) {
            memcpy(peers[p].role, r->cfg.services[c->arg].role, ERIX_ROLE_MAX);
            peers[p++].slot = c->dest_slot;
        }
        n++;
    }
    if (s->launch == ERIX_LAUNCH_PROCD_STAGED)
        for (unsigned k = 0; k < 2; k++, n++) {
            caps[n] = procd_slots[k];
            erix_envelope_note_slot(h, &caps[n]);
        }
    return ERIX_OK;
}

erix_status_t rootd_build_envelope(const struct rootd *r, uint16_t i, void *buf, uint32_t cap,
                                   uint32_t *len, uint32_t *primary_slot)
{
    const struct erix_bootcfg_service *s = &r->cfg.services[i];
    uint32_t extra = s->launch == ERIX_LAUNCH_PROCD_STAGED ? 2 : 0;
    struct erix_envelope_header *h;
    char role[ERIX_ROLE_MAX + 1] = {0};
    memcpy(role, s->role, ERIX_ROLE_MAX);
    erix_status_t st =
        erix_envelope_layout(buf, cap, role, rootd_cap_count(r, i) + extra, peer_count(r, i), &h);
    if (st != ERIX_OK)
        return st;
    h->service_index = i;
    uint8_t *base = buf;
    st = fill_caps(r, i, h, (void *)(base + h->cap_offset), (void *)(base + h->peer_offset));
    struct erix_envelope_view v;
    if (st == ERIX_OK)
        st = erix_envelope_validate(buf, h->total_size, &v); /* what the service will check */
    *len = h->total_size;
    *primary_slot = h->primary_control_slot;
    return st;
}
