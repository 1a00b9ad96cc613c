/*
 * deviced.c - rootd's side of the device manager.
 *
 * deviced hands rootd its endpoint with its READY (one SEND copy, moved into
 * ROOTD_DEVICED_EP); rootd keeps an ADMIN-badged copy for its own calls and
 * badges every copy it installs for another service (CONSUMER, or DISCOVERY
 * for probed and hotplugd). Then the handoff: one SEED_DRIVER per boot-config
 * driver row, built from the row and the driver service's capability list
 * (deviced stays BootConfig-agnostic), and SEAL_REGISTRY. Drivers then take
 * the launch graph's usual steps through deviced: START_DRIVER (nothing for a
 * driver deviced activates on discovery), READ_DRIVER until it is ready,
 * STOP_DRIVER to close one out. After the graph: the registry is read back
 * (READ_DEVICE, READ_DRIVER) and, in runtime builds (validation profile
 * "none"), rootd sheds its untyped and kernel/device management capabilities.
 * Also here: the probed primary-control fault hooks.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/deviced.h>
#include <erix/ipc_rt.h>
#include <erix/kctl.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "config.h"
#include "deviced_calls.h"
#include "rootd.h"
#include "seed.h"

#define DRIVER_POLL_US 10000u
#define DRIVER_POLLS (ROOTD_READY_TIMEOUT_US / DRIVER_POLL_US)

/* ---- who is who ------------------------------------------------------------------- */

static bool role_is(const struct rootd *r, uint32_t i, const char *role)
{
    return strncmp(r->cfg.services[i].role, role, ERIX_ROLE_MAX) == 0;
}

bool rootd_is_deviced(const struct rootd *r, uint16_t i)
{
    return role_is(r, i, "deviced");
}

bool rootd_profile_is(const struct rootd *r, const char *name)
{
    return strncmp(r->cfg.header->validation_profile, name, ERIX_BOOTCFG_NAME_MAX) == 0;
}

int32_t rootd_driver_row(const struct rootd *r, uint16_t i)
{
    return seed_driver_row(&r->cfg, i);
}

uint64_t rootd_deviced_badge(const struct rootd *r, uint16_t consumer, uint32_t target)
{
    return r->dev.attached ? seed_peer_badge(&r->cfg, r->dev.index, consumer, target) : 0;
}

/* ---- the probed primary-control hooks ------------------------------------------------ */

bool rootd_cap_of(const struct rootd *r, uint16_t i, uint32_t k, struct erix_bootcfg_cap *out)
{
    *out = r->cfg.caps[r->cfg.services[i].cap_first + k];
    if (!role_is(r, i, "probed") || out->purpose != ERIX_PURPOSE_PRIMARY_CONTROL)
        return true;
#if ROOTD_PROBED_OMIT_PRIMARY_CONTROL
    return false; /* integration hook: probed starts without its primary control */
#else
#if ROOTD_PROBED_MISROUTE_PRIMARY_CONTROL
    if (out->source == ERIX_SRC_KERNEL_FAMILY) /* integration hook: another family */
        out->arg = out->arg == ERIX_EP_ACPI ? ERIX_EP_COM1 : ERIX_EP_ACPI;
#endif
    return true;
#endif
}

uint32_t rootd_cap_count(const struct rootd *r, uint16_t i)
{
    struct erix_bootcfg_cap c;
    uint32_t n = 0;
    for (uint32_t k = 0; k < r->cfg.services[i].cap_count; k++)
        n += rootd_cap_of(r, i, k, &c);
    return n;
}

/* ---- deviced's endpoint -------------------------------------------------------------------- */

static void drop_landed(void)
{
    struct erix_xfer_entry e[ERIX_XFER_MAX_ENTRIES];
    unsigned n = erix_xfer_received(e);
    for (unsigned k = 0; k < n; k++)
        (void)erix_cap_drop(e[k].slot);
}

erix_status_t rootd_deviced_accept(struct rootd *r, uint16_t i)
{
    struct erix_xfer_entry e[ERIX_XFER_MAX_ENTRIES];
    struct erix_cap_info ci;
    unsigned n = erix_xfer_received(e);
    r->dev.index = i;
    if (n != 1 || e[0].slot != ROOTD_DEVICED_EP || erix_cap_info(ROOTD_DEVICED_EP, &ci) != ERIX_OK ||
        ci.type != ERIX_CAP_ENDPOINT || ci.endpoint_kind != ERIX_EP_GENERIC ||
        ci.rights != ERIX_RIGHT_SEND || ci.aux != 0) {
        erix_log("ROOTD:DEVICED READY did not carry deviced's endpoint (transfers=%u)", n);
        drop_landed();
        return ERIX_ERR_MALFORMED;
    }
    return ERIX_OK;
}

/* A message that was not the awaited READY may not leave anything behind. */
void rootd_drop_stray(void)
{
    drop_landed();
}

static erix_status_t attach(struct rootd *r)
{
    uint16_t i = (uint16_t)r->dev.index;
    erix_status_t st = erix_kctl_copy(ERIX_SLOT_KERNEL_PROCESS, ROOTD_DEVICED_EP,
                                      ROOTD_DEVICED_ADMIN, ERIX_RIGHT_SEND,
                                      ERIX_DEVICED_BADGE_ADMIN);
    if (st != ERIX_OK)
        return st;
    /* deviced serves on the endpoint it made: procd's one for it is not needed */
    if (r->svc[i].endpoint_slot != 0)
        (void)erix_cap_drop(r->svc[i].endpoint_slot);
    r->svc[i].endpoint_slot = ROOTD_DEVICED_EP;
    r->dev.attached = true;
    erix_log("ROOTD:DEVICED attached endpoint=%u admin=%u", ROOTD_DEVICED_EP, ROOTD_DEVICED_ADMIN);
    return ERIX_OK;
}

/* ---- seeding ----------------------------------------------------------------------------------- */

erix_status_t rootd_build_seed(const struct rootd *r, uint32_t d, struct erix_deviced_seed *s)
{
    uint32_t bad = 0;
    erix_status_t st = seed_build(&r->cfg, r->dev.index, d, s, &bad);
    if (st == ERIX_ERR_INVALID_ARGUMENT) {
        const struct erix_bootcfg_service *svc = &r->cfg.services[r->cfg.drivers[d].service];
        erix_log("ROOTD:DEVICED_SEED role=%.24s capability %u: source %u is not one deviced hands out",
                 svc->role, bad, r->cfg.caps[svc->cap_first + bad].source);
    }
    return st;
}

erix_status_t rootd_send_seed(const struct erix_deviced_seed *s, uint16_t len,
                              struct erix_deviced_seed_resp *resp)
{
    return rootd_deviced_call(ERIX_DEVICED_OP_SEED_DRIVER, s, len, resp, sizeof *resp);
}

static erix_status_t seed_all(struct rootd *r)
{
    for (uint32_t d = 0; d < r->cfg.header->driver_count; d++) {
        struct erix_deviced_seed s;
        struct erix_deviced_seed_resp resp = {0, 0};
        erix_status_t st = rootd_build_seed(r, d, &s);
        if (st == ERIX_OK)
            st = rootd_send_seed(&s, (uint16_t)erix_deviced_seed_size(s.cap_count), &resp);
        erix_log("ROOTD:DEVICED_SEED role=%.24s binding=%u caps=%u status=%s", s.role, resp.binding,
                 s.cap_count, erix_status_name(st));
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

static erix_status_t seal(struct rootd *r)
{
    struct erix_deviced_seal_resp resp = {0, 0};
    erix_status_t st = rootd_deviced_call(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0, &resp, sizeof resp);
    erix_log("ROOTD:DEVICED_SEALED bindings=%u devices=%u status=%s", resp.bindings, resp.devices,
             erix_status_name(st));
    r->dev.sealed = st == ERIX_OK;
    return st;
}

erix_status_t rootd_deviced_handoff(struct rootd *r)
{
    bool checks = rootd_profile_is(r, "phase2-deviced");
    erix_status_t st = attach(r);
    if (st == ERIX_OK)
        st = seed_all(r);
    if (st == ERIX_OK && checks)
        st = rootd_deviced_checks_unsealed(r);
    if (st == ERIX_OK)
        st = seal(r);
    if (st == ERIX_OK && checks)
        st = rootd_deviced_checks_sealed(r);
    if (st != ERIX_OK)
        erix_log("ROOTD:DEVICED handoff failed status=%s", erix_status_name(st));
    return st;
}

/* ---- drivers through deviced ------------------------------------------------------------------------ */

void rootd_sleep_us(const struct rootd *r, uint32_t us)
{
    struct erix_msg m;
    if (erix_recv(ROOTD_READY_EP, ERIX_IPC_TIMED, us, &m) != ERIX_OK)
        return;
    rootd_drop_stray(); /* nothing a sender moved in stays */
    erix_status_t st = rootd_ready_again(r, &m); /* a restarted service, else DENIED */
    if (m.token != 0)
        (void)erix_reply(ROOTD_READY_EP, m.token, (uint32_t)st, NULL, 0);
}

erix_status_t rootd_driver_start(struct rootd *r, uint16_t i)
{
    struct erix_deviced_driver_info info;
    memset(&info, 0, sizeof info);
    int32_t d = rootd_driver_row(r, i);
    if (!r->dev.sealed || d < 0)
        return ERIX_ERR_STATE; /* no deviced, or its registry is not sealed */
    if (r->cfg.drivers[d].match == ERIX_DEVICED_MATCH_PCI) {
        erix_log("ROOTD:DRIVER role=%.24s activation=on-discovery", r->cfg.services[i].role);
        r->svc[i].started = true;
        return ERIX_OK; /* deviced starts it once its device is reported */
    }
    erix_status_t st = rootd_driver_op(ERIX_DEVICED_OP_START_DRIVER, r->cfg.services[i].role, 0,
                                       &info);
    erix_log("ROOTD:DRIVER role=%.24s op=START_DRIVER pid=%u status=%s", r->cfg.services[i].role,
             info.pid, erix_status_name(st));
    r->svc[i].pid = info.pid;
    r->svc[i].started = st == ERIX_OK;
    return st;
}

static bool settled_ready(const struct erix_deviced_driver_info *info)
{
    return info->state == ERIX_DEVICED_DRV_RUNNING ||
           (info->state == ERIX_DEVICED_DRV_EXITED && info->ready_status == ERIX_OK);
}

static bool settled_failed(const struct erix_deviced_driver_info *info)
{
    return info->state == ERIX_DEVICED_DRV_FAILED || info->state == ERIX_DEVICED_DRV_STOPPED ||
           info->state == ERIX_DEVICED_DRV_EXITED;
}

static erix_status_t failure_of(const struct erix_deviced_driver_info *info)
{
    if (info->ready_status != ERIX_DEVICED_NO_STATUS && info->ready_status != ERIX_OK)
        return (erix_status_t)info->ready_status;
    return info->last_status != ERIX_OK ? (erix_status_t)info->last_status : ERIX_ERR_STATE;
}

erix_status_t rootd_driver_await(struct rootd *r, uint16_t i)
{
    const char *role = r->cfg.services[i].role;
    struct erix_deviced_driver_info info;
    for (uint32_t n = 0; n < DRIVER_POLLS; n++) {
        erix_status_t st = rootd_driver_op(ERIX_DEVICED_OP_READ_DRIVER, role, 0, &info);
        if (st != ERIX_OK)
            return st;
        if (settled_ready(&info) || settled_failed(&info)) {
            st = settled_ready(&info) ? ERIX_OK : failure_of(&info);
            erix_log("ROOTD:DRIVER role=%.24s state=%s ready=%s pid=%u code=0x%llx status=%s", role,
                     erix_deviced_state_name(info.state),
                     info.ready_status == ERIX_DEVICED_NO_STATUS ? "none"
                                                                 : erix_status_name(info.ready_status),
                     info.pid, (unsigned long long)info.exit_code, erix_status_name(st));
            r->svc[i].pid = info.pid;
            r->svc[i].ready = st == ERIX_OK;
            return st;
        }
        rootd_sleep_us(r, DRIVER_POLL_US);
    }
    erix_log("ROOTD:DRIVER role=%.24s state=%s: not ready in time", role,
             erix_deviced_state_name(info.state));
    return ERIX_ERR_TIMEOUT;
}

void rootd_driver_fail_closed(struct rootd *r, uint16_t i)
{
    const char *role = r->cfg.services[i].role;
    struct erix_deviced_driver_info info;
    erix_status_t st = rootd_driver_op(ERIX_DEVICED_OP_STOP_DRIVER, role, 0, &info);
    erix_log("ROOTD:FAIL_CLOSED step=stop-driver role=%.24s status=%s", role, erix_status_name(st));
    st = rootd_driver_op(ERIX_DEVICED_OP_READ_DRIVER, role, 0, &info);
    erix_log("ROOTD:FAIL_CLOSED step=driver-state role=%.24s state=%s status=%s", role,
             st == ERIX_OK ? erix_deviced_state_name(info.state) : "?", erix_status_name(st));
    r->svc[i].started = false;
}

/* ---- after the graph ---------------------------------------------------------------------------------- */

static const char *source_name(uint32_t source)
{
    switch (source) {
    case ERIX_DEVICED_DEV_PLATFORM: return "platform";
    case ERIX_DEVICED_DEV_FIXTURE: return "fixture";
    case ERIX_DEVICED_DEV_PCI: return "pci";
    case ERIX_DEVICED_DEV_HOTPLUG: return "hotplug";
    default: return "?";
    }
}

static void list_devices(void)
{
    struct erix_deviced_device_info d = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    for (uint32_t index = 0; index < d.count; index++) {
        struct erix_deviced_index_req q = {index, 0};
        if (rootd_deviced_call(ERIX_DEVICED_OP_READ_DEVICE, &q, sizeof q, &d, sizeof d) != ERIX_OK)
            return;
        if (d.source == ERIX_DEVICED_DEV_PCI || d.source == ERIX_DEVICED_DEV_HOTPLUG)
            erix_log("ROOTD:DEVICED_DEVICE pci=%02x:%02x.%x id=%04x:%04x class=%06x source=%s "
                     "index=%u binding=%d present=%u",
                     d.bus, d.device, d.function, d.vendor, d.device_id, d.class_code,
                     source_name(d.source), d.index,
                     d.binding == ERIX_DEVICED_NONE ? -1 : (int)d.binding, d.present);
        else
            erix_log("ROOTD:DEVICED_DEVICE source=%s index=%u binding=%d", source_name(d.source),
                     d.index, d.binding == ERIX_DEVICED_NONE ? -1 : (int)d.binding);
    }
}

static void list_drivers(const struct rootd *r)
{
    for (uint32_t d = 0; d < r->cfg.header->driver_count; d++) {
        const char *role = r->cfg.services[r->cfg.drivers[d].service].role;
        struct erix_deviced_driver_info info;
        erix_status_t st = rootd_driver_op(ERIX_DEVICED_OP_READ_DRIVER, role, 0, &info);
        erix_log("ROOTD:DEVICED_DRIVER role=%.24s state=%s pid=%u starts=%u flags=0x%x status=%s",
                 role, st == ERIX_OK ? erix_deviced_state_name(info.state) : "?", info.pid,
                 info.starts, info.flags, erix_status_name(st));
    }
}

erix_status_t rootd_deviced_verify(struct rootd *r)
{
    if (!r->dev.attached)
        return ERIX_OK;
    list_devices();
    list_drivers(r);
    return rootd_profile_is(r, "phase2-deviced") ? rootd_deviced_checks_final(r) : ERIX_OK;
}

/* ---- shedding (runtime builds) ------------------------------------------------------------------------ */

static const uint32_t shed_families[] = {
    ERIX_EP_TIME, ERIX_EP_IRQ, ERIX_EP_HOTPLUG, ERIX_EP_PCI_CONFIG, ERIX_EP_CONSOLE,
    ERIX_EP_COM1, ERIX_EP_MEMORY, ERIX_EP_VSPACE, ERIX_EP_PAGER, ERIX_EP_PROCESS,
    ERIX_EP_CHILD_POPULATE, ERIX_EP_ACPI, ERIX_EP_I8042,
};

void rootd_shed(struct rootd *r)
{
    if (!rootd_profile_is(r, ERIX_BOOTCFG_PROFILE_NONE) || !r->dev.attached)
        return;
    uint32_t families = 0, untyped = 0, kept = 0;
    for (unsigned k = 0; k < sizeof shed_families / sizeof shed_families[0]; k++)
        families += erix_cap_drop(erix_family_slot(shed_families[k])) == ERIX_OK;
    for (uint32_t u = 0; u < r->handoff.header->untyped_count; u++) {
        uint32_t slot = r->handoff.untyped[u].slot;
        if (slot == r->bank) {
            kept++; /* the live graph is made from it: deleting it would revoke every service */
            continue;
        }
        untyped += erix_cap_drop(slot) == ERIX_OK;
    }
    erix_status_t procd = erix_cap_drop(ERIX_SLOT_PROCD_DRIVER);
    erix_log("ROOTD:SHED families=%u untyped=%u procd-endpoint=%s", families, untyped,
             erix_status_name(procd));
    erix_log("ROOTD:SHED kept untyped=%u slot=%u (the running services are made from it); "
             "kept log=%u procd-bootstrap=%u deviced-admin=%u",
             kept, r->bank, ERIX_SLOT_KERNEL_LOG, ROOTD_PROCD_BOOTSTRAP, ROOTD_DEVICED_ADMIN);
}

/* ---- calls ---------------------------------------------------------------------------------------------- */

erix_status_t rootd_deviced_call(uint32_t op, const void *req, uint16_t len, void *resp,
                                 uint16_t cap)
{
    uint32_t status = ERIX_OK;
    uint16_t got = 0;
    erix_status_t st = erix_call_ex(ROOTD_DEVICED_ADMIN, 0, 0, op, req, len, resp, cap, &got,
                                    &status);
    if (st != ERIX_OK)
        return st;
    if (status == ERIX_OK && got != cap)
        return ERIX_ERR_MALFORMED;
    return (erix_status_t)status;
}

erix_status_t rootd_driver_op(uint32_t op, const char *role, uint32_t flags,
                              struct erix_deviced_driver_info *info)
{
    struct erix_deviced_role_req req;
    memset(&req, 0, sizeof req);
    memcpy(req.role, role, strnlen(role, ERIX_ROLE_MAX - 1));
    req.flags = flags;
    memset(info, 0, sizeof *info);
    return rootd_deviced_call(op, &req, sizeof req, info, sizeof *info);
}

void rootd_hook_note(const struct rootd *r, uint16_t i)
{
    if (!role_is(r, i, "probed"))
        return;
#if ROOTD_PROBED_OMIT_PRIMARY_CONTROL
    erix_log("ROOTD:HOOK probed-omit-primary-control: probed starts without its primary control");
#endif
#if ROOTD_PROBED_MISROUTE_PRIMARY_CONTROL
    erix_log("ROOTD:HOOK probed-misroute-primary-control: probed's primary control is another family");
#endif
}
