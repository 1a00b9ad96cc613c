/*
 * rootd.h - the root task's state and its slot and address plan.
 *
 * rootd owns the first distribution of authority: it validates the kernel's
 * handoff and its own endpoint inventory, reads the boot configuration, and
 * launches the service graph, giving each service exactly the capabilities
 * its configuration names, through install grants, with an envelope saying so.
 */
#ifndef ROOTD_H
#define ROOTD_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/bootcfg.h>
#include <erix/handoff.h>
#include <erix/spawn.h>

#define ROOTD_READY_EP 400u          /* rootd's readiness endpoint (and procd's manager) */
#define ROOTD_PROCD_BOOTSTRAP 401u   /* procd's endpoint, badged BOOTSTRAP, SEND */
#define ROOTD_TMP 402u               /* scratch slot */
#define ROOTD_DEVICED_EP 403u        /* deviced's endpoint, unbadged SEND (from its READY) */
#define ROOTD_DEVICED_ADMIN 404u     /* the same, badged ADMIN: rootd's own calls */
#define ROOTD_DEVICED_RECV 405u      /* a provider endpoint READ_DRIVER hands over */
#define ROOTD_SVC_BASE 512u          /* per service: 48 slots */
#define ROOTD_SVC_SLOTS 48u
#define ROOTD_READY_BADGE(i) (0x100u + (i))
#define ROOTD_SCRATCH_VADDR 0x70000000ull
#define ROOTD_SCRATCH_SIZE (4ull << 20)
#define ROOTD_IMAGE_VADDR(m) (0x40000000ull + (uint64_t)(m) * 0x1000000ull)
#define ROOTD_DIRECT_POOL_PAGES 4096u /* 16 MiB for a rootd-direct service */
#define ROOTD_READY_TIMEOUT_US 20000000u
/* restart = "always": procd's RESTART policy, set once the service is ready.
 * A run shorter than this is a fast failure (procd backs off 50 ms doubling
 * to 5 s); after this many restarts procd gives up. */
#define ROOTD_RESTART_MIN_RUNTIME_MS 1000u
#define ROOTD_RESTART_MAX 5u

struct svc_state {
    uint32_t pid;
    uint32_t endpoint_slot;          /* rootd's alias of the service's endpoint */
    uint32_t tcb_slot;               /* rootd-direct only */
    uint32_t vspace_slot;
    uint32_t pool_slot;
    bool started;
    bool ready;
    bool direct;
    bool restart;                    /* under procd's restart policy (restart = "always") */
};

/* deviced.c: rootd's side of the device manager. */
struct rootd_deviced {
    int32_t index;                   /* deviced's service index, -1: none configured */
    bool attached;                   /* ROOTD_DEVICED_EP / _ADMIN hold its endpoint */
    bool sealed;
};

struct rootd {
    struct erix_handoff_view handoff;
    struct erix_bootcfg_view cfg;
    uint64_t cfg_copy[ERIX_BOOTCFG_MAX_SIZE / 8]; /* 8-aligned copy the view points into */
    uint32_t bank;                   /* the largest RAM untyped */
    struct erix_spawn_env spawn;
    int32_t procd;                   /* service index of procd, -1 if none */
    bool stamps;                     /* ROOTD_STAGE markers (off in release builds) */
    struct svc_state svc[ERIX_BOOTCFG_MAX_SERVICES];
    struct rootd_deviced dev;
};

static inline uint32_t svc_slot(uint16_t i, uint32_t n)
{
    return ROOTD_SVC_BASE + i * ROOTD_SVC_SLOTS + n;
}

/* inventory.c */
erix_status_t rootd_check_inventory(const struct rootd *r);

/* config.c */
erix_status_t rootd_load_config(struct rootd *r);
const struct erix_handoff_module *rootd_module(const struct rootd *r, const char *name,
                                               uint32_t *index);

/* caps.c: install service i's configured capabilities through `grant`. */
erix_status_t rootd_install_caps(struct rootd *r, uint16_t i, uint32_t grant);
/* Build service i's envelope into buf; its size through *len. */
erix_status_t rootd_build_envelope(const struct rootd *r, uint16_t i, void *buf, uint32_t cap,
                                   uint32_t *len, uint32_t *primary_slot);

/* launch.c: the launcher the graph drives; the check of service i's READY. */
struct launcher;
struct erix_msg;
void rootd_launcher(struct rootd *r, struct launcher *l);
erix_status_t rootd_judge_ready(const struct rootd *r, uint16_t i, const struct erix_msg *m);
/* One call through procd's bootstrap surface: the transport's status, else procd's. */
erix_status_t rootd_procd_call(uint32_t op, const void *req, uint16_t len, void *resp,
                               uint16_t cap);

/* restart.c: procd's restart policy for restart = "always" services. Put service i
 * under it (ERIX_OK and nothing done for hold); the answer to a READY from a
 * service procd restarted (the first time's judgement, logged READY_AGAIN), or
 * DENIED for anything else that is not what rootd waits for; and, before rootd
 * reports, one ROOTD:RESTART_STATE line per such service (GET_RESTART_POLICY). */
erix_status_t rootd_restart_policy(struct rootd *r, uint16_t i);
erix_status_t rootd_ready_again(const struct rootd *r, const struct erix_msg *m);
void rootd_restart_report(const struct rootd *r);

/* serve.c: rootd once its work is done (up: the graph came up). Never returns. */
_Noreturn void rootd_serve(const struct rootd *r, bool up);

/* deviced.c: the device manager's handoff, drivers through deviced, the
 * badge of a service's capability to deviced, the profile's verification
 * and, in runtime builds, shedding rootd's authority. */
bool rootd_is_deviced(const struct rootd *r, uint16_t i);
erix_status_t rootd_deviced_accept(struct rootd *r, uint16_t i);
erix_status_t rootd_deviced_handoff(struct rootd *r);
uint64_t rootd_deviced_badge(const struct rootd *r, uint16_t consumer, uint32_t target);
erix_status_t rootd_driver_start(struct rootd *r, uint16_t i);
erix_status_t rootd_driver_await(struct rootd *r, uint16_t i);
void rootd_driver_fail_closed(struct rootd *r, uint16_t i);
erix_status_t rootd_deviced_verify(struct rootd *r);
void rootd_shed(struct rootd *r);
/* The capability service i gets for its k-th configured one, after the
 * probed primary-control hooks; false: omitted. */
bool rootd_cap_of(const struct rootd *r, uint16_t i, uint32_t k, struct erix_bootcfg_cap *out);
uint32_t rootd_cap_count(const struct rootd *r, uint16_t i);

/* deviced_checks.c: the phase2-deviced denial checks. */
erix_status_t rootd_deviced_checks_unsealed(struct rootd *r);
erix_status_t rootd_deviced_checks_sealed(struct rootd *r);
erix_status_t rootd_deviced_checks_final(struct rootd *r);

/* log helpers */
void rootd_stage(struct rootd *r, const char *name);

#endif
