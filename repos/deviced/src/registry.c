/*
 * registry.c - bindings, devices and their transitions (registry.h). Each
 * public function checks everything first and changes nothing on refusal.
 */
#include <string.h>

#include <erix/procd.h>

#include "registry.h"

void registry_init(struct deviced_registry *r)
{
    memset(r, 0, sizeof *r);
}

int registry_find(const struct deviced_registry *r, const char *role)
{
    for (uint32_t b = 0; b < r->binding_count; b++)
        if (strncmp(r->bindings[b].seed.role, role, ERIX_ROLE_MAX) == 0)
            return (int)b;
    return -1;
}

static bool hal_ok(const struct deviced_registry *r, const struct deviced_binding *x)
{
    if ((x->seed.flags & ERIX_DEVICED_SEED_REQUIRES_HAL) == 0)
        return true;
    return (r->hal_ready >> x->seed.consumer_index) & 1u;
}

bool registry_discovered(const struct deviced_registry *r, uint32_t b)
{
    uint32_t d = r->bindings[b].device;
    return d != ERIX_DEVICED_NONE && r->devices[d].present;
}

bool registry_activatable(const struct deviced_registry *r, uint32_t b)
{
    const struct deviced_binding *x = &r->bindings[b];
    return r->sealed && x->seed.activation == ERIX_DEVICED_ACTIVATE_ON_DISCOVERY &&
           x->state == ERIX_DEVICED_DRV_SEEDED && registry_discovered(r, b) && hal_ok(r, x);
}

static void note_event(struct deviced_registry *r, uint32_t b)
{
    if (registry_activatable(r, b))
        r->bindings[b].activation_due = true;
}

/* ---- seeding ------------------------------------------------------------------------ */

static uint32_t add_device(struct deviced_registry *r, uint8_t source)
{
    uint32_t d = r->device_count++;
    r->devices[d] = (struct deviced_device){0xff, 0xff, 0xff, source, ERIX_DEVICED_ANY_ID,
                                            ERIX_DEVICED_ANY_ID, ERIX_DEVICED_ANY_CLASS,
                                            ERIX_DEVICED_NONE, true};
    return d;
}

static void bind(struct deviced_registry *r, uint32_t b, uint32_t d)
{
    r->bindings[b].device = d;
    r->devices[d].binding = b;
}

/* A PCI binding takes the first unbound present device it matches. */
static void bind_reported(struct deviced_registry *r, uint32_t b)
{
    const struct erix_deviced_seed *s = &r->bindings[b].seed;
    for (uint32_t d = 0; d < r->device_count; d++) {
        const struct deviced_device *dev = &r->devices[d];
        struct erix_deviced_pci_report rep = {dev->bus, dev->device, dev->function, 0,
                                              dev->vendor, dev->device_id, dev->class_code, 0};
        bool pci = dev->source == ERIX_DEVICED_DEV_PCI || dev->source == ERIX_DEVICED_DEV_HOTPLUG;
        if (pci && dev->present && dev->binding == ERIX_DEVICED_NONE && registry_matches(s, &rep)) {
            bind(r, b, d);
            return;
        }
    }
}

static erix_status_t check_seed(const struct deviced_registry *r, const struct erix_deviced_seed *s)
{
    if (!erix_procd_is_driver_role(s->role))
        return ERIX_ERR_DENIED; /* only procd-managed (drv-*) roles */
    if (r->sealed)
        return ERIX_ERR_STATE;
    if (registry_find(r, s->role) >= 0)
        return ERIX_ERR_EXISTS;
    if (s->consumer_index != ERIX_DEVICED_NO_INDEX && s->consumer_index >= DEVICED_MAX_CONSUMERS)
        return ERIX_ERR_INVALID_ARGUMENT;
    bool own_device = s->match != ERIX_DEVICED_MATCH_PCI;
    if (r->binding_count >= DEVICED_MAX_BINDINGS ||
        (own_device && r->device_count >= DEVICED_MAX_DEVICES))
        return ERIX_ERR_LIMIT;
    return ERIX_OK;
}

erix_status_t registry_seed(struct deviced_registry *r, const struct erix_deviced_seed *seed,
                            uint32_t *binding, bool *created)
{
    int have = registry_find(r, seed->role);
    if (have >= 0 && erix_procd_is_driver_role(seed->role) &&
        memcmp(&r->bindings[have].seed, seed, sizeof *seed) == 0) {
        *binding = (uint32_t)have; /* the exact tuple again: idempotent */
        *created = false;
        return ERIX_OK;
    }
    erix_status_t st = check_seed(r, seed);
    if (st != ERIX_OK)
        return st;
    uint32_t b = r->binding_count++;
    struct deviced_binding *x = &r->bindings[b];
    memset(x, 0, sizeof *x);
    x->seed = *seed;
    x->state = ERIX_DEVICED_DRV_SEEDED;
    x->ready_status = ERIX_DEVICED_NO_STATUS;
    x->device = ERIX_DEVICED_NONE;
    if (seed->match == ERIX_DEVICED_MATCH_PCI)
        bind_reported(r, b);
    else
        bind(r, b, add_device(r, seed->match == ERIX_DEVICED_MATCH_FIXTURE ? ERIX_DEVICED_DEV_FIXTURE
                                                                            : ERIX_DEVICED_DEV_PLATFORM));
    *binding = b;
    *created = true;
    return ERIX_OK;
}

erix_status_t registry_seal(struct deviced_registry *r)
{
    if (r->sealed)
        return ERIX_ERR_STATE;
    r->sealed = true; /* nothing starts here: activation needs a later event */
    return ERIX_OK;
}

/* ---- lifecycle ------------------------------------------------------------------------- */

bool registry_live(const struct deviced_registry *r, uint32_t b)
{
    uint32_t s = r->bindings[b].state;
    return s == ERIX_DEVICED_DRV_STARTING || s == ERIX_DEVICED_DRV_RUNNING;
}

erix_status_t registry_check_start(const struct deviced_registry *r, uint32_t b)
{
    if (b >= r->binding_count)
        return ERIX_ERR_NOT_FOUND;
    if (!r->sealed || registry_live(r, b) || !registry_discovered(r, b) ||
        !hal_ok(r, &r->bindings[b]))
        return ERIX_ERR_STATE;
    return ERIX_OK;
}

void registry_starting(struct deviced_registry *r, uint32_t b, uint32_t pid)
{
    struct deviced_binding *x = &r->bindings[b];
    x->state = ERIX_DEVICED_DRV_STARTING;
    x->pid = pid;
    x->starts++;
    x->ready_status = ERIX_DEVICED_NO_STATUS;
    x->exit_code = 0;
    x->faulted = false;
    x->provider = 0;
    x->activation_due = false;
    x->endpoint_held = true;
    x->last_status = ERIX_OK;
}

void registry_start_failed(struct deviced_registry *r, uint32_t b, erix_status_t st)
{
    struct deviced_binding *x = &r->bindings[b];
    x->state = ERIX_DEVICED_DRV_FAILED;
    x->starts++;
    x->last_status = st;
    x->activation_due = false;
    x->endpoint_held = false;
}

erix_status_t registry_ready(struct deviced_registry *r, uint32_t b, uint32_t status)
{
    struct deviced_binding *x = &r->bindings[b];
    if (x->state != ERIX_DEVICED_DRV_STARTING)
        return ERIX_ERR_STATE;
    x->ready_status = status;
    if (status == ERIX_OK)
        x->state = ERIX_DEVICED_DRV_RUNNING;
    return ERIX_OK;
}

void registry_failed(struct deviced_registry *r, uint32_t b, erix_status_t st)
{
    struct deviced_binding *x = &r->bindings[b];
    x->state = ERIX_DEVICED_DRV_FAILED;
    x->last_status = st;
    x->provider = 0;
    x->endpoint_held = false;
}

erix_status_t registry_check_stop(const struct deviced_registry *r, uint32_t b)
{
    if (b >= r->binding_count)
        return ERIX_ERR_NOT_FOUND;
    return registry_live(r, b) ? ERIX_OK : ERIX_ERR_STATE;
}

void registry_stopped(struct deviced_registry *r, uint32_t b, erix_status_t st)
{
    struct deviced_binding *x = &r->bindings[b];
    x->state = ERIX_DEVICED_DRV_STOPPED;
    x->last_status = st;
    x->provider = 0;
    x->endpoint_held = false;
}

bool registry_ended(struct deviced_registry *r, uint32_t b, uint32_t procd_state, uint64_t code)
{
    struct deviced_binding *x = &r->bindings[b];
    bool ended = procd_state == ERIX_PROCD_STATE_EXITED || procd_state == ERIX_PROCD_STATE_FAULTED ||
                 procd_state == ERIX_PROCD_STATE_STOPPED;
    if (!registry_live(r, b) || !ended)
        return false;
    x->exit_code = code;
    x->faulted = procd_state == ERIX_PROCD_STATE_FAULTED;
    x->provider = 0;
    x->endpoint_held = false;
    if (x->state == ERIX_DEVICED_DRV_STARTING)
        x->state = ERIX_DEVICED_DRV_FAILED; /* it never became ready */
    else
        x->state = procd_state == ERIX_PROCD_STATE_STOPPED ? ERIX_DEVICED_DRV_STOPPED
                                                           : ERIX_DEVICED_DRV_EXITED;
    return true;
}

/* ---- providers and HAL --------------------------------------------------------------------- */

erix_status_t registry_register_provider(struct deviced_registry *r, uint32_t b,
                                         const struct erix_deviced_provider_req *req)
{
    struct deviced_binding *x = &r->bindings[b];
    if (x->state != ERIX_DEVICED_DRV_RUNNING)
        return ERIX_ERR_STATE;
    if (x->provider != 0)
        return ERIX_ERR_EXISTS; /* duplicate provider */
    if (memcmp(x->seed.consumer_role, req->consumer_role, ERIX_ROLE_MAX) != 0)
        return ERIX_ERR_DENIED;
    x->provider = req->interface;
    return ERIX_OK;
}

erix_status_t registry_resolve(const struct deviced_registry *r, uint32_t c,
                               const char *role, uint32_t *b)
{
    int i = registry_find(r, role);
    if (i < 0)
        return ERIX_ERR_NOT_FOUND;
    const struct deviced_binding *x = &r->bindings[i];
    if (x->seed.consumer_index == ERIX_DEVICED_NO_INDEX || x->seed.consumer_index != c)
        return ERIX_ERR_DENIED;
    if (x->state != ERIX_DEVICED_DRV_RUNNING || x->provider == 0)
        return ERIX_ERR_STATE;
    *b = (uint32_t)i;
    return ERIX_OK;
}

erix_status_t registry_register_hal(struct deviced_registry *r, uint32_t c,
                                    const char *role)
{
    bool named = false;
    for (uint32_t b = 0; b < r->binding_count; b++) {
        const struct erix_deviced_seed *s = &r->bindings[b].seed;
        named |= s->consumer_index == c && strncmp(s->consumer_role, role, ERIX_ROLE_MAX) == 0;
    }
    if (!named || c >= DEVICED_MAX_CONSUMERS)
        return ERIX_ERR_DENIED;
    r->hal_ready |= 1u << c;
    for (uint32_t b = 0; b < r->binding_count; b++)
        if (r->bindings[b].seed.consumer_index == c)
            note_event(r, b);
    return ERIX_OK;
}

/* ---- discovery -------------------------------------------------------------------------------- */

bool registry_matches(const struct erix_deviced_seed *s, const struct erix_deviced_pci_report *rep)
{
    if (s->match != ERIX_DEVICED_MATCH_PCI)
        return false;
    return (s->vendor == ERIX_DEVICED_ANY_ID || s->vendor == rep->vendor) &&
           (s->device == ERIX_DEVICED_ANY_ID || s->device == rep->device_id) &&
           (s->class_code == ERIX_DEVICED_ANY_CLASS || s->class_code == rep->class_code);
}

static int find_address(const struct deviced_registry *r, const struct erix_deviced_pci_report *rep)
{
    for (uint32_t d = 0; d < r->device_count; d++) {
        const struct deviced_device *x = &r->devices[d];
        bool pci = x->source == ERIX_DEVICED_DEV_PCI || x->source == ERIX_DEVICED_DEV_HOTPLUG;
        if (pci && x->bus == rep->bus && x->device == rep->device && x->function == rep->function)
            return (int)d;
    }
    return -1;
}

static bool same_ids(const struct deviced_device *x, const struct erix_deviced_pci_report *rep)
{
    return x->vendor == rep->vendor && x->device_id == rep->device_id &&
           x->class_code == rep->class_code;
}

/* The first unbound PCI binding this device matches takes it. */
static void bind_device(struct deviced_registry *r, uint32_t d)
{
    const struct deviced_device *x = &r->devices[d];
    struct erix_deviced_pci_report rep = {x->bus, x->device, x->function, 0, x->vendor,
                                          x->device_id, x->class_code, 0};
    for (uint32_t b = 0; b < r->binding_count; b++)
        if (r->bindings[b].device == ERIX_DEVICED_NONE && registry_matches(&r->bindings[b].seed, &rep)) {
            bind(r, b, d);
            note_event(r, b);
            return;
        }
}

erix_status_t registry_report(struct deviced_registry *r, uint8_t source,
                              const struct erix_deviced_pci_report *rep, uint32_t *index,
                              uint32_t *binding)
{
    int d = find_address(r, rep);
    if (d >= 0 && r->devices[d].present && !same_ids(&r->devices[d], rep))
        return ERIX_ERR_EXISTS;
    if (d < 0 && r->device_count >= DEVICED_MAX_DEVICES)
        return ERIX_ERR_LIMIT;
    if (d < 0)
        d = (int)r->device_count++;
    struct deviced_device *x = &r->devices[d];
    if (!x->present) { /* new, or back after a removal */
        *x = (struct deviced_device){rep->bus, rep->device, rep->function, source, rep->vendor,
                                     rep->device_id, rep->class_code, ERIX_DEVICED_NONE, true};
        bind_device(r, (uint32_t)d);
    }
    *index = (uint32_t)d;
    *binding = x->binding;
    return ERIX_OK;
}

erix_status_t registry_remove(struct deviced_registry *r, const struct erix_deviced_pci_report *rep,
                              uint32_t *index)
{
    int d = find_address(r, rep);
    if (d < 0 || !r->devices[d].present || !same_ids(&r->devices[d], rep))
        return ERIX_ERR_NOT_FOUND;
    struct deviced_device *x = &r->devices[d];
    if (x->binding != ERIX_DEVICED_NONE) {
        r->bindings[x->binding].device = ERIX_DEVICED_NONE;
        r->bindings[x->binding].activation_due = false;
    }
    x->binding = ERIX_DEVICED_NONE;
    x->present = false;
    *index = (uint32_t)d;
    return ERIX_OK;
}

/* ---- reads ---------------------------------------------------------------------------------------- */

void registry_info(const struct deviced_registry *r, uint32_t b, struct erix_deviced_driver_info *out)
{
    const struct deviced_binding *x = &r->bindings[b];
    memset(out, 0, sizeof *out);
    memcpy(out->role, x->seed.role, ERIX_ROLE_MAX);
    out->binding = b;
    out->state = x->state;
    out->pid = x->pid;
    out->ready_status = x->ready_status;
    out->device = x->device;
    out->exit_code = x->exit_code;
    out->starts = x->starts;
    out->last_status = x->last_status;
    out->flags = (r->sealed ? ERIX_DEVICED_INFO_SEALED : 0) |
                 (registry_discovered(r, b) ? ERIX_DEVICED_INFO_DISCOVERED : 0) |
                 (hal_ok(r, x) ? ERIX_DEVICED_INFO_HAL_READY : 0) |
                 (x->provider != 0 ? ERIX_DEVICED_INFO_PROVIDER : 0) |
                 (x->faulted ? ERIX_DEVICED_INFO_FAULTED : 0);
}

erix_status_t registry_device_info(const struct deviced_registry *r, uint32_t index,
                                   struct erix_deviced_device_info *out)
{
    if (index >= r->device_count)
        return ERIX_ERR_NOT_FOUND;
    const struct deviced_device *x = &r->devices[index];
    memset(out, 0, sizeof *out);
    *out = (struct erix_deviced_device_info){index, r->device_count, x->bus, x->device, x->function,
                                             x->source, x->vendor, x->device_id, x->class_code,
                                             x->binding, x->present ? 1u : 0u, 0};
    return ERIX_OK;
}
