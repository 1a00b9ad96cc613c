/*
 * deviced.c - the validators of deviced's request bodies (erix/deviced.h):
 * each copies the body out, checks every field and returns a typed status;
 * nothing is trusted before they return ERIX_OK.
 */
#include <erix/caps.h>
#include <erix/deviced.h>
#include <erix/envelope.h>
#include <erix/kctl.h>
#include <erix/procd.h>

static void copy_bytes(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
}

static void zero_bytes(void *dst, size_t n)
{
    uint8_t *d = dst;
    for (size_t i = 0; i < n; i++)
        d[i] = 0;
}

uint32_t erix_deviced_surface_of(uint64_t badge)
{
    uint32_t surface = ERIX_DEVICED_BADGE_SURFACE(badge);
    if (badge >> 32 != 0)
        return 0;
    if (surface == ERIX_DEVICED_SURFACE_ADMIN)
        return ERIX_DEVICED_BADGE_INDEX(badge) == 0 ? surface : 0;
    if (surface == ERIX_DEVICED_SURFACE_DRIVER || surface == ERIX_DEVICED_SURFACE_CONSUMER ||
        surface == ERIX_DEVICED_SURFACE_DISCOVERY)
        return surface;
    return 0;
}

/* "" (all NUL) or a valid role name. */
static int optional_role_ok(const char *name)
{
    for (size_t i = 0; i < ERIX_ROLE_MAX; i++)
        if (name[i] != 0)
            return erix_role_name_ok(name, ERIX_ROLE_MAX);
    return 1;
}

static int role_empty(const char *name)
{
    return name[0] == 0;
}

/* ---- the seed ---------------------------------------------------------------- */

static erix_status_t check_cap_source(const struct erix_deviced_seed *s,
                                      const struct erix_deviced_cap_spec *c)
{
    switch (c->source) {
    case ERIX_DEVICED_SRC_FAMILY:
        if (erix_family_slot(c->arg) == 0 || c->rights != ERIX_RIGHT_SEND)
            return ERIX_ERR_INVALID_ARGUMENT;
        return ERIX_OK;
    case ERIX_DEVICED_SRC_DEVICED:
        if (c->arg != 0 || c->rights != ERIX_RIGHT_SEND)
            return ERIX_ERR_INVALID_ARGUMENT;
        return ERIX_OK;
    case ERIX_DEVICED_SRC_PCI_BAR:
        if (c->arg > 5 || s->match != ERIX_DEVICED_MATCH_PCI || c->rights == 0 ||
            (c->rights & ~(ERIX_RIGHT_READ | ERIX_RIGHT_WRITE)) != 0 ||
            c->purpose != ERIX_PURPOSE_DEVICE)
            return ERIX_ERR_INVALID_ARGUMENT;
        return ERIX_OK;
    default: return ERIX_ERR_INVALID_ARGUMENT;
    }
}

static erix_status_t check_cap(const struct erix_deviced_seed *s, uint32_t i)
{
    const struct erix_deviced_cap_spec *c = &s->caps[i];
    if (c->reserved0 != 0 || c->reserved != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (c->purpose == 0 || c->purpose >= ERIX_PURPOSE_COUNT ||
        c->purpose == ERIX_PURPOSE_SERVICE_ENDPOINT || c->purpose == ERIX_PURPOSE_FAULT_ENDPOINT)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (c->dest_slot < ERIX_PROCD_GRANT_WINDOW_BASE || c->dest_slot >= ERIX_CSPACE_SLOTS)
        return ERIX_ERR_INVALID_SLOT;
    erix_status_t st = check_cap_source(s, c);
    if (st != ERIX_OK)
        return st;
    if (c->purpose == ERIX_PURPOSE_READY && c->source != ERIX_DEVICED_SRC_DEVICED)
        return ERIX_ERR_INVALID_ARGUMENT;
    for (uint32_t j = 0; j < i; j++) {
        if (s->caps[j].dest_slot == c->dest_slot)
            return ERIX_ERR_EXISTS;
        if (s->caps[j].purpose == c->purpose && (c->purpose == ERIX_PURPOSE_PRIMARY_CONTROL ||
                                                 c->purpose == ERIX_PURPOSE_READY))
            return ERIX_ERR_EXISTS;
    }
    return ERIX_OK;
}

static erix_status_t check_match(const struct erix_deviced_seed *s)
{
    if (s->match < ERIX_DEVICED_MATCH_PLATFORM || s->match > ERIX_DEVICED_MATCH_FIXTURE ||
        s->activation > ERIX_DEVICED_ACTIVATE_ON_DISCOVERY ||
        (s->flags & ~ERIX_DEVICED_SEED_FLAGS) != 0 || s->priority == 0 || s->priority > 199)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (s->match == ERIX_DEVICED_MATCH_PCI)
        return s->class_code == ERIX_DEVICED_ANY_CLASS || s->class_code < (1u << 24)
                   ? ERIX_OK
                   : ERIX_ERR_INVALID_ARGUMENT;
    if (s->vendor != ERIX_DEVICED_ANY_ID || s->device != ERIX_DEVICED_ANY_ID ||
        s->class_code != ERIX_DEVICED_ANY_CLASS)
        return ERIX_ERR_INVALID_ARGUMENT; /* ids only for a PCI match */
    return ERIX_OK;
}

static erix_status_t check_header(const struct erix_deviced_seed *s)
{
    if (!erix_role_name_ok(s->role, ERIX_ROLE_MAX) || !optional_role_ok(s->consumer_role))
        return ERIX_ERR_MALFORMED;
    if (role_empty(s->consumer_role) != (s->consumer_index == ERIX_DEVICED_NO_INDEX))
        return ERIX_ERR_INVALID_ARGUMENT;
    if (s->reserved != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((s->flags & ERIX_DEVICED_SEED_REQUIRES_HAL) != 0 && role_empty(s->consumer_role))
        return ERIX_ERR_INVALID_ARGUMENT; /* HAL readiness of nobody */
    return check_match(s);
}

erix_status_t erix_deviced_seed_decode(const void *body, size_t len, struct erix_deviced_seed *out)
{
    struct erix_deviced_seed s;
    if (body == NULL || out == NULL || len < ERIX_DEVICED_SEED_HEADER)
        return ERIX_ERR_MALFORMED;
    zero_bytes(&s, sizeof s);
    copy_bytes(&s, body, ERIX_DEVICED_SEED_HEADER);
    if (s.cap_count > ERIX_DEVICED_MAX_CAPS)
        return ERIX_ERR_LIMIT;
    if (len != erix_deviced_seed_size(s.cap_count))
        return ERIX_ERR_MALFORMED;
    copy_bytes(s.caps, (const uint8_t *)body + ERIX_DEVICED_SEED_HEADER,
               (size_t)s.cap_count * sizeof s.caps[0]);
    erix_status_t st = check_header(&s);
    for (uint32_t i = 0; st == ERIX_OK && i < s.cap_count; i++)
        st = check_cap(&s, i);
    if (st == ERIX_OK)
        copy_bytes(out, &s, sizeof s);
    return st;
}

/* ---- the other bodies ------------------------------------------------------------ */

static uint32_t role_req_flags(uint32_t op)
{
    return op == ERIX_DEVICED_OP_READ_DRIVER ? ERIX_DEVICED_READ_ENDPOINT : 0;
}

erix_status_t erix_deviced_role_req_decode(uint32_t op, const void *body, size_t len,
                                           struct erix_deviced_role_req *out)
{
    struct erix_deviced_role_req r;
    if (body == NULL || out == NULL || len != sizeof r)
        return ERIX_ERR_MALFORMED;
    copy_bytes(&r, body, sizeof r);
    if (!erix_role_name_ok(r.role, ERIX_ROLE_MAX))
        return ERIX_ERR_MALFORMED;
    if (r.reserved != 0 || (r.flags & ~role_req_flags(op)) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    *out = r;
    return ERIX_OK;
}

static erix_status_t check_pci(const struct erix_deviced_pci_report *r)
{
    if (r->reserved0 != 0 || r->reserved != 0 || r->device > 31 || r->function > 7 ||
        r->vendor == 0xffffu || r->class_code >= (1u << 24))
        return ERIX_ERR_INVALID_ARGUMENT;
    return ERIX_OK;
}

erix_status_t erix_deviced_pci_report_decode(const void *body, size_t len,
                                             struct erix_deviced_pci_report *out)
{
    struct erix_deviced_pci_report r;
    if (body == NULL || out == NULL || len != sizeof r)
        return ERIX_ERR_MALFORMED;
    copy_bytes(&r, body, sizeof r);
    erix_status_t st = check_pci(&r);
    if (st == ERIX_OK)
        *out = r;
    return st;
}

erix_status_t erix_deviced_hotplug_decode(const void *body, size_t len,
                                          struct erix_deviced_hotplug_report *out)
{
    struct erix_deviced_hotplug_report r;
    if (body == NULL || out == NULL || len != sizeof r)
        return ERIX_ERR_MALFORMED;
    copy_bytes(&r, body, sizeof r);
    if (r.reserved != 0 ||
        (r.event != ERIX_DEVICED_HOTPLUG_ADD && r.event != ERIX_DEVICED_HOTPLUG_REMOVE))
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = check_pci(&r.dev);
    if (st == ERIX_OK)
        *out = r;
    return st;
}

erix_status_t erix_deviced_provider_decode(const void *body, size_t len,
                                           struct erix_deviced_provider_req *out)
{
    struct erix_deviced_provider_req r;
    if (body == NULL || out == NULL || len != sizeof r)
        return ERIX_ERR_MALFORMED;
    copy_bytes(&r, body, sizeof r);
    if (!optional_role_ok(r.consumer_role))
        return ERIX_ERR_MALFORMED;
    if (r.reserved != 0 || r.interface == 0 || r.interface > ERIX_PROVIDER_MAX)
        return ERIX_ERR_INVALID_ARGUMENT;
    *out = r;
    return ERIX_OK;
}

erix_status_t erix_deviced_index_decode(const void *body, size_t len,
                                        struct erix_deviced_index_req *out)
{
    struct erix_deviced_index_req r;
    if (body == NULL || out == NULL || len != sizeof r)
        return ERIX_ERR_MALFORMED;
    copy_bytes(&r, body, sizeof r);
    if (r.reserved != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    *out = r;
    return ERIX_OK;
}

const char *erix_deviced_state_name(uint32_t state)
{
    switch (state) {
    case ERIX_DEVICED_DRV_SEEDED: return "seeded";
    case ERIX_DEVICED_DRV_STARTING: return "starting";
    case ERIX_DEVICED_DRV_RUNNING: return "running";
    case ERIX_DEVICED_DRV_STOPPED: return "stopped";
    case ERIX_DEVICED_DRV_EXITED: return "exited";
    case ERIX_DEVICED_DRV_FAILED: return "failed";
    default: return "?";
    }
}
