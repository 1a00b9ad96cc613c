/*
 * lifecycle.c - a driver's life through procd's driver surface: start
 * (CREATE_STAGED_PROCESS, install-grant materialization on the CHILD_POPULATE
 * endpoint, START_STAGED_PROCESS with the envelope deviced builds), stop
 * (STOP_PROCESS), cleanup after a failed start (ABORT_STAGED_PROCESS while
 * staged, STOP_PROCESS once started), and the refresh of a live binding from
 * procd's QUERY_PROCESS.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/procd.h>

#include "envelope.h"
#include "kernel.h"
#include "server.h"

static _Alignas(8) uint8_t envelope[ERIX_ENVELOPE_MAX];

static const char *role_of(const struct deviced_server *s, uint32_t b)
{
    return s->reg.bindings[b].seed.role;
}

/* ---- materializing the driver's capabilities -------------------------------------- */

/* A derived BAR frame is checked before it is installed; the scratch slot is
 * emptied whether the install worked or not. */
static erix_status_t install_bar(struct deviced_server *s, uint32_t b,
                                 const struct erix_deviced_cap_spec *spec,
                                 const struct deviced_source *src)
{
    const struct deviced_device *d = &s->reg.devices[s->reg.bindings[b].device];
    struct erix_cap_info info;
    uint64_t base = 0, size = 0;
    erix_status_t st = dk_derive_bar(d->bus, d->device, d->function, (uint8_t)spec->arg,
                                     src->slot, &base, &size);
    if (st != ERIX_OK)
        return st;
    st = dk_query(src->slot, &info);
    if (st == ERIX_OK && (info.type != ERIX_CAP_DEVICE_FRAME || info.size == 0 ||
                          info.size != size))
        st = ERIX_ERR_WRONG_TYPE;
    if (st == ERIX_OK)
        st = dk_install(deviced_grant_slot(b), src->slot, spec->dest_slot, spec->rights, 0);
    erix_status_t drop = dk_drop(src->slot);
    dk_log("DEVICED:BAR role=%s bar=%u base=0x%llx size=0x%llx install=%s scratch=%s",
           role_of(s, b), spec->arg, (unsigned long long)base, (unsigned long long)size,
           erix_status_name(st), drop == ERIX_OK ? "dropped" : erix_status_name(drop));
    return st != ERIX_OK ? st : drop;
}

static erix_status_t install_all(struct deviced_server *s, uint32_t b,
                                 const struct deviced_source src[ERIX_DEVICED_MAX_CAPS])
{
    const struct erix_deviced_seed *seed = &s->reg.bindings[b].seed;
    for (uint32_t i = 0; i < seed->cap_count; i++) {
        const struct erix_deviced_cap_spec *spec = &seed->caps[i];
        erix_status_t st = src[i].derive
                               ? install_bar(s, b, spec, &src[i])
                               : dk_install(deviced_grant_slot(b), src[i].slot, spec->dest_slot,
                                            spec->rights, src[i].badge);
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

/* ---- start --------------------------------------------------------------------------- */

/* Everything after CREATE; on failure the staged child is still there. */
static erix_status_t populate_and_start(struct deviced_server *s, uint32_t b, uint32_t pid,
                                        const struct deviced_source src[ERIX_DEVICED_MAX_CAPS],
                                        bool *started)
{
    uint32_t len = 0, primary = 0;
    erix_status_t st = install_all(s, b, src);
    erix_status_t drop = dk_drop(deviced_grant_slot(b)); /* START refuses a live grant */
    if (st == ERIX_OK)
        st = drop;
    if (st == ERIX_OK)
        st = deviced_envelope_build(&s->reg.bindings[b].seed, b, src, envelope, sizeof envelope,
                                    &len, &primary);
    if (st == ERIX_OK) {
        st = dk_procd_start(pid, envelope, len, primary);
        *started = st == ERIX_OK;
    }
    return st;
}

static void cleanup_staged(struct deviced_server *s, uint32_t b, uint32_t pid)
{
    (void)dk_drop(deviced_grant_slot(b));
    erix_status_t st = dk_procd_abort(pid);
    dk_log("DEVICED:CLEANUP role=%s pid=%u step=abort-staged status=%s", role_of(s, b), pid,
           erix_status_name(st));
    st = dk_drop(deviced_endpoint_slot(b));
    dk_log("DEVICED:CLEANUP role=%s pid=%u step=endpoint-dropped status=%s", role_of(s, b), pid,
           erix_status_name(st));
}

erix_status_t lifecycle_start(struct deviced_server *s, uint32_t b)
{
    struct deviced_source src[ERIX_DEVICED_MAX_CAPS];
    const struct erix_deviced_seed *seed = &s->reg.bindings[b].seed;
    uint32_t pid = 0;
    bool started = false;
    erix_status_t st = deviced_plan_sources(seed, b, &s->contract, s->endpoint, src);
    if (st != ERIX_OK) {
        dk_log("DEVICED:START role=%s status=%s (no source)", seed->role, erix_status_name(st));
        return st; /* nothing was made */
    }
    st = dk_procd_create(seed->role, seed->image_index, seed->priority, deviced_endpoint_slot(b),
                         &pid);
    if (st == ERIX_OK)
        st = populate_and_start(s, b, pid, src, &started);
    dk_log("DEVICED:START role=%s binding=%u pid=%u status=%s", seed->role, b, pid,
           erix_status_name(st));
    if (st == ERIX_OK) {
        registry_starting(&s->reg, b, pid);
        return ERIX_OK;
    }
    if (pid != 0 && !started)
        cleanup_staged(s, b, pid);
    registry_start_failed(&s->reg, b, st);
    s->reg.bindings[b].pid = pid;
    return st;
}

/* ---- stop, failure, refresh ------------------------------------------------------------ */

static void drop_endpoint(struct deviced_server *s, uint32_t b)
{
    erix_status_t st = dk_drop(deviced_endpoint_slot(b));
    if (st != ERIX_OK && st != ERIX_ERR_EMPTY_SLOT)
        dk_log("DEVICED:DROP role=%s slot=%u status=%s", role_of(s, b), deviced_endpoint_slot(b),
               erix_status_name(st));
}

erix_status_t lifecycle_stop(struct deviced_server *s, uint32_t b)
{
    uint32_t pid = s->reg.bindings[b].pid;
    erix_status_t st = dk_procd_stop(pid);
    dk_log("DEVICED:STOP role=%s pid=%u status=%s", role_of(s, b), pid, erix_status_name(st));
    if (st == ERIX_OK) {
        registry_stopped(&s->reg, b, st);
        drop_endpoint(s, b);
        return ERIX_OK;
    }
    lifecycle_refresh(s, b); /* it may have ended on its own meanwhile */
    return registry_live(&s->reg, b) ? st : ERIX_ERR_STATE;
}

erix_status_t lifecycle_ready(struct deviced_server *s, uint32_t b, uint32_t status)
{
    erix_status_t st = registry_ready(&s->reg, b, status);
    if (st != ERIX_OK)
        return st;
    if (status == ERIX_OK) {
        dk_log("DEVICED:DRIVER_READY role=%s pid=%u", role_of(s, b), s->reg.bindings[b].pid);
        if (s->marker_count < DEVICED_MAX_MARKERS)
            memcpy(s->marker_roles[s->marker_count++], role_of(s, b), ERIX_ROLE_MAX);
        return ERIX_OK;
    }
    /* The driver refused its own startup authority: it is stopped through
     * procd before it is answered (its reply then goes nowhere). */
    uint32_t pid = s->reg.bindings[b].pid;
    dk_log("DEVICED:DRIVER_FAILED role=%s pid=%u status=%s", role_of(s, b), pid,
           erix_status_name((long)status));
    erix_status_t stop = dk_procd_stop(pid);
    dk_log("DEVICED:CLEANUP role=%s pid=%u step=stop-process status=%s", role_of(s, b), pid,
           erix_status_name(stop));
    drop_endpoint(s, b);
    dk_log("DEVICED:CLEANUP role=%s pid=%u step=endpoint-dropped", role_of(s, b), pid);
    registry_failed(&s->reg, b, stop); /* ready_status keeps the driver's own */
    return ERIX_ERR_DENIED;
}

void lifecycle_refresh(struct deviced_server *s, uint32_t b)
{
    struct deviced_binding *x = &s->reg.bindings[b];
    struct erix_procd_query_resp q;
    if (!registry_live(&s->reg, b))
        return;
    erix_status_t st = dk_procd_query(x->pid, &q);
    if (st != ERIX_OK) {
        dk_log("DEVICED:QUERY role=%s pid=%u status=%s", x->seed.role, x->pid, erix_status_name(st));
        return;
    }
    if (registry_ended(&s->reg, b, q.state, q.code)) {
        dk_log("DEVICED:ENDED role=%s pid=%u state=%s code=0x%llx", x->seed.role, x->pid,
               erix_deviced_state_name(x->state), (unsigned long long)q.code);
        drop_endpoint(s, b);
    }
}
