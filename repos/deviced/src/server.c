/*
 * server.c - one handler per op (server.h). Each decodes its body with
 * lib-ipc's validator, checks the registry, and only then acts; a handler
 * returns ERIX_OK once it has answered, any other status is a refusal that
 * server_handle logs and answers.
 */
#include <string.h>

#include <erix/deviced.h>
#include <erix/markers.h>
#include <erix/service.h>

#include "kernel.h"
#include "reconcile.h"
#include "request.h"
#include "server.h"

void server_init(struct deviced_server *s, const struct deviced_contract *c, uint32_t endpoint,
                 bool markers)
{
    memset(s, 0, sizeof *s);
    registry_init(&s->reg);
    s->contract = *c;
    s->endpoint = endpoint;
    s->markers = markers;
}

static erix_status_t find(const struct deviced_server *s, const char role[ERIX_ROLE_MAX],
                          uint32_t *b)
{
    int i = registry_find(&s->reg, role);
    if (i < 0)
        return ERIX_ERR_NOT_FOUND;
    *b = (uint32_t)i;
    return ERIX_OK;
}

/* The admin ops that name a driver: the request decoded, its binding found. */
static erix_status_t decode_binding(const struct deviced_server *s, const struct deviced_msg *m,
                                    struct erix_deviced_role_req *r, uint32_t *b)
{
    erix_status_t st = erix_deviced_role_req_decode(m->op, m->body, m->len, r);
    return st == ERIX_OK ? find(s, r->role, b) : st;
}

static void reply_info(const struct deviced_server *s, uint64_t token, uint32_t b)
{
    struct erix_deviced_driver_info info;
    registry_info(&s->reg, b, &info);
    (void)dk_reply(token, ERIX_OK, &info, sizeof info);
}

/* Answer with binding b's info and, when asked and visible, its provider endpoint. */
static void reply_with_endpoint(struct deviced_server *s, uint64_t token, uint32_t b, bool want)
{
    struct erix_deviced_driver_info info;
    registry_info(&s->reg, b, &info);
    const struct deviced_binding *x = &s->reg.bindings[b];
    bool visible = x->state == ERIX_DEVICED_DRV_RUNNING && x->provider != 0 && x->endpoint_held;
    if (!want || !visible) {
        (void)dk_reply(token, ERIX_OK, &info, sizeof info);
        return;
    }
    info.flags |= ERIX_DEVICED_INFO_ENDPOINT;
    if (dk_reply_endpoint(token, &info, sizeof info, deviced_endpoint_slot(b)) != ERIX_OK) {
        info.flags &= ~ERIX_DEVICED_INFO_ENDPOINT; /* no room on the caller's side */
        (void)dk_reply(token, ERIX_ERR_LIMIT, &info, sizeof info);
    }
}

/* deviced starts binding b on its own (discovery, or READ_DRIVER's reconcile).
 * A start that could not even begin (a family deviced does not hold) is
 * recorded as FAILED, so that it is not tried again on every event or read. */
static void activate(struct deviced_server *s, uint32_t b, const char *reason)
{
    dk_log("DEVICED:ACTIVATE role=%s reason=%s", s->reg.bindings[b].seed.role, reason);
    s->reg.bindings[b].activation_due = false;
    erix_status_t st = lifecycle_start(s, b);
    if (st != ERIX_OK && s->reg.bindings[b].state == ERIX_DEVICED_DRV_SEEDED)
        registry_start_failed(&s->reg, b, st);
}

/* ---- admin ------------------------------------------------------------------------------ */

static erix_status_t op_seed(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_deviced_seed seed;
    erix_status_t st = erix_deviced_seed_decode(m->body, m->len, &seed);
    uint32_t b = 0;
    bool created = false;
    if (st == ERIX_OK)
        st = registry_seed(&s->reg, &seed, &b, &created);
    if (st != ERIX_OK)
        return st;
    dk_log("DEVICED:SEED role=%s binding=%u %s", seed.role, b, created ? "created" : "unchanged");
    struct erix_deviced_seed_resp resp = {b, created ? 1u : 0u};
    (void)dk_reply(m->token, ERIX_OK, &resp, sizeof resp);
    return ERIX_OK;
}

static erix_status_t op_seal(struct deviced_server *s, const struct deviced_msg *m)
{
    if (m->len != 0)
        return ERIX_ERR_MALFORMED;
    erix_status_t st = registry_seal(&s->reg);
    if (st != ERIX_OK)
        return st;
    dk_log("DEVICED:SEALED bindings=%u devices=%u", s->reg.binding_count, s->reg.device_count);
    struct erix_deviced_seal_resp resp = {s->reg.binding_count, s->reg.device_count};
    (void)dk_reply(m->token, ERIX_OK, &resp, sizeof resp);
    return ERIX_OK;
}

static erix_status_t op_start(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_deviced_role_req r;
    uint32_t b = 0;
    erix_status_t st = decode_binding(s, m, &r, &b);
    if (st == ERIX_OK)
        st = registry_check_start(&s->reg, b);
    if (st == ERIX_OK)
        st = lifecycle_start(s, b);
    if (st != ERIX_OK)
        return st;
    reply_info(s, m->token, b);
    return ERIX_OK;
}

static erix_status_t op_stop(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_deviced_role_req r;
    uint32_t b = 0;
    erix_status_t st = decode_binding(s, m, &r, &b);
    if (st == ERIX_OK)
        st = registry_check_stop(&s->reg, b);
    if (st == ERIX_OK)
        st = lifecycle_stop(s, b);
    if (st != ERIX_OK)
        return st;
    reply_info(s, m->token, b);
    return ERIX_OK;
}

static erix_status_t op_read_driver(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_deviced_role_req r;
    uint32_t b = 0;
    erix_status_t st = decode_binding(s, m, &r, &b);
    if (st != ERIX_OK)
        return st;
    if (reconcile_on_read(&s->reg, b)) /* pending startup work first */
        activate(s, b, "read-driver");
    lifecycle_refresh(s, b);
    reply_with_endpoint(s, m->token, b, (r.flags & ERIX_DEVICED_READ_ENDPOINT) != 0);
    return ERIX_OK;
}

static erix_status_t op_read_device(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_deviced_index_req r;
    struct erix_deviced_device_info info;
    erix_status_t st = erix_deviced_index_decode(m->body, m->len, &r);
    if (st == ERIX_OK)
        st = registry_device_info(&s->reg, r.index, &info);
    if (st != ERIX_OK)
        return st;
    (void)dk_reply(m->token, ERIX_OK, &info, sizeof info);
    return ERIX_OK;
}

/* ---- drivers ------------------------------------------------------------------------------ */

static erix_status_t driver_of(const struct deviced_server *s, const struct deviced_msg *m,
                               uint32_t *b)
{
    *b = ERIX_DEVICED_BADGE_INDEX(m->badge);
    return *b < s->reg.binding_count ? ERIX_OK : ERIX_ERR_DENIED;
}

static erix_status_t op_ready(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_service_ready r;
    uint32_t b = 0;
    erix_status_t st = driver_of(s, m, &b);
    if (st != ERIX_OK)
        return st;
    if (m->len != sizeof r)
        return ERIX_ERR_MALFORMED;
    memcpy(&r, m->body, sizeof r);
    if (r.service_index != b || memcmp(r.role, s->reg.bindings[b].seed.role, ERIX_ROLE_MAX) != 0)
        return ERIX_ERR_MALFORMED;
    st = lifecycle_ready(s, b, r.status);
    if (st == ERIX_ERR_DENIED)
        return ERIX_OK; /* stopped through procd: there is nobody left to answer */
    if (st != ERIX_OK)
        return st;
    (void)dk_reply(m->token, ERIX_OK, NULL, 0);
    return ERIX_OK;
}

static erix_status_t op_register_provider(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_deviced_provider_req r;
    uint32_t b = 0;
    erix_status_t st = driver_of(s, m, &b);
    if (st == ERIX_OK)
        st = erix_deviced_provider_decode(m->body, m->len, &r);
    if (st == ERIX_OK)
        st = registry_register_provider(&s->reg, b, &r);
    dk_log("DEVICED:PROVIDER role=%s interface=%u status=%s",
           b < s->reg.binding_count ? s->reg.bindings[b].seed.role : "?",
           st == ERIX_OK ? r.interface : 0u, erix_status_name(st));
    if (st != ERIX_OK)
        return st;
    (void)dk_reply(m->token, ERIX_OK, NULL, 0);
    return ERIX_OK;
}

/* ---- consumers and discovery ----------------------------------------------------------------- */

static erix_status_t op_register_hal(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_deviced_role_req r;
    erix_status_t st = erix_deviced_role_req_decode(m->op, m->body, m->len, &r);
    if (st == ERIX_OK)
        st = registry_register_hal(&s->reg, ERIX_DEVICED_BADGE_INDEX(m->badge), r.role);
    if (st != ERIX_OK)
        return st;
    dk_log("DEVICED:HAL role=%s consumer=%u", r.role, ERIX_DEVICED_BADGE_INDEX(m->badge));
    (void)dk_reply(m->token, ERIX_OK, NULL, 0);
    return ERIX_OK;
}

static erix_status_t op_resolve(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_deviced_role_req r;
    uint32_t b = 0;
    erix_status_t st = erix_deviced_role_req_decode(m->op, m->body, m->len, &r);
    if (st == ERIX_OK) {
        int i = registry_find(&s->reg, r.role);
        if (i >= 0)
            lifecycle_refresh(s, (uint32_t)i); /* a provider that died is not handed out */
        st = registry_resolve(&s->reg, ERIX_DEVICED_BADGE_INDEX(m->badge), r.role, &b);
    }
    if (st != ERIX_OK)
        return st;
    dk_log("DEVICED:RESOLVED role=%s consumer=%u", r.role, ERIX_DEVICED_BADGE_INDEX(m->badge));
    reply_with_endpoint(s, m->token, b, true);
    return ERIX_OK;
}

static void log_device(const struct deviced_server *s, uint32_t d, const char *what)
{
    const struct deviced_device *x = &s->reg.devices[d];
    dk_log("DEVICED:DEVICE %s pci=%02x:%02x.%x id=%04x:%04x class=%06x index=%u binding=%d", what,
           x->bus, x->device, x->function, x->vendor, x->device_id, x->class_code, d,
           x->binding == ERIX_DEVICED_NONE ? -1 : (int)x->binding);
}

static erix_status_t op_report(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_deviced_pci_report rep;
    struct erix_deviced_report_resp resp = {0, ERIX_DEVICED_NONE};
    erix_status_t st = erix_deviced_pci_report_decode(m->body, m->len, &rep);
    if (st == ERIX_OK)
        st = registry_report(&s->reg, ERIX_DEVICED_DEV_PCI, &rep, &resp.index, &resp.binding);
    if (st != ERIX_OK)
        return st;
    log_device(s, resp.index, "reported");
    (void)dk_reply(m->token, ERIX_OK, &resp, sizeof resp);
    return ERIX_OK;
}

static erix_status_t op_hotplug(struct deviced_server *s, const struct deviced_msg *m)
{
    struct erix_deviced_hotplug_report h;
    struct erix_deviced_report_resp resp = {0, ERIX_DEVICED_NONE};
    erix_status_t st = erix_deviced_hotplug_decode(m->body, m->len, &h);
    if (st == ERIX_OK && h.event == ERIX_DEVICED_HOTPLUG_ADD)
        st = registry_report(&s->reg, ERIX_DEVICED_DEV_HOTPLUG, &h.dev, &resp.index, &resp.binding);
    else if (st == ERIX_OK)
        st = registry_remove(&s->reg, &h.dev, &resp.index);
    if (st != ERIX_OK)
        return st;
    log_device(s, resp.index, h.event == ERIX_DEVICED_HOTPLUG_ADD ? "added" : "removed");
    (void)dk_reply(m->token, ERIX_OK, &resp, sizeof resp);
    return ERIX_OK;
}

/* ---- dispatch ------------------------------------------------------------------------------------ */

static erix_status_t dispatch(struct deviced_server *s, const struct deviced_msg *m)
{
    switch (m->op) {
    case ERIX_DEVICED_OP_SEED_DRIVER: return op_seed(s, m);
    case ERIX_DEVICED_OP_SEAL_REGISTRY: return op_seal(s, m);
    case ERIX_DEVICED_OP_START_DRIVER: return op_start(s, m);
    case ERIX_DEVICED_OP_STOP_DRIVER: return op_stop(s, m);
    case ERIX_DEVICED_OP_READ_DRIVER: return op_read_driver(s, m);
    case ERIX_DEVICED_OP_READ_DEVICE: return op_read_device(s, m);
    case ERIX_SERVICE_OP_READY: return op_ready(s, m);
    case ERIX_DEVICED_OP_REGISTER_PROVIDER: return op_register_provider(s, m);
    case ERIX_DEVICED_OP_REGISTER_HAL: return op_register_hal(s, m);
    case ERIX_DEVICED_OP_RESOLVE_PROVIDER: return op_resolve(s, m);
    case ERIX_DEVICED_OP_REPORT_DEVICE: return op_report(s, m);
    case ERIX_DEVICED_OP_REPORT_HOTPLUG: return op_hotplug(s, m);
    default: return ERIX_ERR_UNKNOWN_OP; /* deviced_request_check lets no other op through */
    }
}

void server_refuse(const struct deviced_msg *m, erix_status_t st)
{
    dk_log("DEVICED:REFUSED op=%s(0x%x) surface=%u status=%s", deviced_op_name(m->op), m->op,
           m->surface, erix_status_name(st));
    if (m->token != 0 && (m->flags & ERIX_MSG_FLAG_KERNEL_EVENT) == 0)
        (void)dk_reply(m->token, st, NULL, 0);
}

void server_handle(struct deviced_server *s, const struct deviced_msg *m)
{
    erix_status_t st = deviced_request_check(m->surface, m->op, m->flags, m->token);
    if (st == ERIX_OK)
        st = dispatch(s, m);
    if (st != ERIX_OK)
        server_refuse(m, st);
}

/* ---- housekeeping and markers ---------------------------------------------------------------------- */

bool server_housekeeping(const struct deviced_server *s)
{
    return reconcile_pending(&s->reg);
}

void server_housekeep(struct deviced_server *s)
{
    int b = reconcile_next(&s->reg);
    if (b >= 0)
        activate(s, (uint32_t)b, "discovery");
}

void server_flush(struct deviced_server *s)
{
    char line[sizeof ERIX_MARKER_DEVICED_READY + ERIX_ROLE_MAX];
    for (uint32_t i = 0; i < s->marker_count; i++) {
        if (s->markers) {
            memcpy(line, ERIX_MARKER_DEVICED_READY, sizeof ERIX_MARKER_DEVICED_READY - 1);
            memcpy(line + sizeof ERIX_MARKER_DEVICED_READY - 1, s->marker_roles[i], ERIX_ROLE_MAX);
            line[sizeof line - 1] = 0;
            (void)dk_marker(line);
        }
        s->markers_done++; /* release builds: completed without a console line */
    }
    s->marker_count = 0;
}
