/*
 * envelope.c - the plan of a driver's capabilities and its envelope
 * (envelope.h).
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/envelope.h>
#include <erix/procd.h>

#include "deviced_config.h"
#include "envelope.h"

erix_status_t deviced_plan_sources(const struct erix_deviced_seed *s, uint32_t b,
                                   const struct deviced_contract *c, uint32_t endpoint_slot,
                                   struct deviced_source out[ERIX_DEVICED_MAX_CAPS])
{
    for (uint32_t i = 0; i < s->cap_count; i++) {
        const struct erix_deviced_cap_spec *spec = &s->caps[i];
        struct deviced_source *o = &out[i];
        memset(o, 0, sizeof *o);
        switch (spec->source) {
        case ERIX_DEVICED_SRC_FAMILY:
            if (spec->arg >= ERIX_EP_KIND_COUNT || c->device[spec->arg] == 0)
                return ERIX_ERR_NOT_FOUND; /* deviced holds no such family */
            *o = (struct deviced_source){c->device[spec->arg], 0, ERIX_CAP_ENDPOINT,
                                         (uint8_t)spec->arg, ERIX_RIGHT_SEND, 0};
            break;
        case ERIX_DEVICED_SRC_DEVICED:
            *o = (struct deviced_source){endpoint_slot,
                                         ERIX_DEVICED_BADGE(ERIX_DEVICED_SURFACE_DRIVER, b),
                                         ERIX_CAP_ENDPOINT, ERIX_EP_GENERIC,
                                         ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT, 0};
            break;
        case ERIX_DEVICED_SRC_PCI_BAR:
            *o = (struct deviced_source){DEVICED_SLOT_BAR_SCRATCH, 0, ERIX_CAP_DEVICE_FRAME, 0,
                                         ERIX_RIGHT_READ | ERIX_RIGHT_WRITE, 1};
            break;
        default: return ERIX_ERR_INVALID_ARGUMENT;
        }
    }
    return ERIX_OK;
}

static uint32_t peer_count(const struct erix_deviced_seed *s)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->cap_count; i++)
        n += s->caps[i].source == ERIX_DEVICED_SRC_DEVICED && s->caps[i].purpose == ERIX_PURPOSE_PEER;
    return n;
}

/* What procd puts into every staged child itself. */
static const struct erix_envelope_cap procd_slots[2] = {
    {ERIX_PROCD_CHILD_SERVICE_SLOT, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV,
     ERIX_EP_GENERIC, ERIX_PURPOSE_SERVICE_ENDPOINT, 0, 0},
    {ERIX_PROCD_CHILD_EVENT_SLOT, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC,
     ERIX_PURPOSE_FAULT_ENDPOINT, 0, 0},
};

erix_status_t deviced_envelope_build(const struct erix_deviced_seed *s, uint32_t b,
                                     const struct deviced_source src[ERIX_DEVICED_MAX_CAPS],
                                     void *buf, uint32_t cap, uint32_t *len, uint32_t *primary)
{
    struct erix_envelope_header *h;
    char role[ERIX_ROLE_MAX + 1] = {0};
    memcpy(role, s->role, ERIX_ROLE_MAX);
    erix_status_t st = erix_envelope_layout(buf, cap, role, s->cap_count + 2u, peer_count(s), &h);
    if (st != ERIX_OK)
        return st;
    h->service_index = b;
    struct erix_envelope_cap *caps = (void *)((uint8_t *)buf + h->cap_offset);
    struct erix_envelope_peer *peers = (void *)((uint8_t *)buf + h->peer_offset);
    uint32_t p = 0;
    for (uint32_t i = 0; i < s->cap_count; i++) {
        const struct erix_deviced_cap_spec *spec = &s->caps[i];
        caps[i] = (struct erix_envelope_cap){spec->dest_slot, src[i].type,
                                             (uint8_t)(spec->rights & src[i].rights), src[i].kind,
                                             spec->purpose, 0, 0};
        erix_envelope_note_slot(h, &caps[i]);
        if (spec->source == ERIX_DEVICED_SRC_DEVICED && spec->purpose == ERIX_PURPOSE_PEER) {
            memcpy(peers[p].role, DEVICED_ROLE, sizeof DEVICED_ROLE);
            peers[p++].slot = spec->dest_slot;
        }
    }
    for (uint32_t k = 0; k < 2; k++) {
        caps[s->cap_count + k] = procd_slots[k];
        erix_envelope_note_slot(h, &caps[s->cap_count + k]);
    }
    struct erix_envelope_view v;
    *len = h->total_size;
    *primary = h->primary_control_slot;
    return erix_envelope_validate(buf, h->total_size, &v);
}
