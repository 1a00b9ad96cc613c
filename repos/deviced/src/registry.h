/*
 * registry.h - deviced's registry: driver bindings (one per seed) and the
 * devices they are bound to, and every state transition of both.
 *
 * The registry is unsealed, then sealed: seeds are accepted only before the
 * seal (an exact repeat of a seed is always accepted: seeding is idempotent),
 * lifecycle ops only after it. Nothing starts at the seal.
 *
 * A binding's states (erix/deviced.h ERIX_DEVICED_DRV_*):
 *
 *   SEEDED --start--> STARTING --READY ok--> RUNNING --stop--> STOPPED
 *                        |                      |
 *                 READY refused, ended    ended on its own
 *                        v                      v
 *                      FAILED                 EXITED
 *
 * STOPPED, EXITED and FAILED may be started again. A binding is discovered
 * when it is bound to a present device: platform and fixture bindings get
 * theirs when seeded, PCI bindings when a matching device is reported.
 *
 * Pure: no system calls. Every function that changes something checks first
 * and changes nothing when it refuses.
 */
#ifndef DEVICED_REGISTRY_H
#define DEVICED_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/deviced.h>
#include <erix/status.h>

#include "deviced_config.h"

struct deviced_device {
    uint8_t bus, device, function, source; /* source: ERIX_DEVICED_DEV_* */
    uint16_t vendor, device_id;
    uint32_t class_code;
    uint32_t binding;       /* ERIX_DEVICED_NONE: unbound */
    bool present;
};

struct deviced_binding {
    struct erix_deviced_seed seed;  /* canonical (erix_deviced_seed_decode) */
    uint32_t state;                 /* ERIX_DEVICED_DRV_* */
    uint32_t pid;
    uint32_t ready_status;
    uint32_t device;                /* ERIX_DEVICED_NONE: not bound */
    uint64_t exit_code;
    uint32_t starts;
    uint32_t last_status;
    uint32_t provider;              /* the registered interface, 0: none */
    bool faulted;
    bool activation_due;            /* a discovery or HAL event made it startable */
    bool endpoint_held;             /* deviced holds the driver's endpoint alias */
};

struct deviced_registry {
    bool sealed;
    uint32_t binding_count;
    struct deviced_binding bindings[DEVICED_MAX_BINDINGS];
    uint32_t device_count;
    struct deviced_device devices[DEVICED_MAX_DEVICES];
    uint32_t hal_ready;             /* bit i: consumer index i registered HAL */
};

void registry_init(struct deviced_registry *r);

/* ---- seeding ----------------------------------------------------------------------- */

/*
 * Add the binding of a decoded seed. The same seed again: ERIX_OK, *created
 * false. Refusals: ERIX_ERR_DENIED (not a drv-* role), ERIX_ERR_STATE
 * (sealed), ERIX_ERR_EXISTS (the role is seeded differently),
 * ERIX_ERR_INVALID_ARGUMENT (a consumer index past DEVICED_MAX_CONSUMERS),
 * ERIX_ERR_LIMIT (no binding or device record left).
 */
erix_status_t registry_seed(struct deviced_registry *r, const struct erix_deviced_seed *seed,
                            uint32_t *binding, bool *created);

/* ERIX_ERR_STATE when already sealed. */
erix_status_t registry_seal(struct deviced_registry *r);

/* The binding of a role, -1 if none. */
int registry_find(const struct deviced_registry *r, const char *role);

/* ---- lifecycle ----------------------------------------------------------------------- */

/* May binding b start? ERIX_ERR_STATE: unsealed, starting or running, not
 * discovered, or waiting for its consumer's HAL. */
erix_status_t registry_check_start(const struct deviced_registry *r, uint32_t b);

/* Binding b was started as process pid (STARTING); deviced holds its endpoint. */
void registry_starting(struct deviced_registry *r, uint32_t b, uint32_t pid);

/* Binding b's start failed before the process ran (FAILED), with status st. */
void registry_start_failed(struct deviced_registry *r, uint32_t b, erix_status_t st);

/* READY from a STARTING binding: ERIX_OK made it RUNNING; a failing status is
 * recorded and leaves it STARTING for the caller to clean up. ERIX_ERR_STATE:
 * not STARTING. */
erix_status_t registry_ready(struct deviced_registry *r, uint32_t b, uint32_t status);

/* Binding b was cleaned up after a failure (FAILED). */
void registry_failed(struct deviced_registry *r, uint32_t b, erix_status_t st);

/* May binding b stop? ERIX_ERR_STATE unless STARTING or RUNNING. */
erix_status_t registry_check_stop(const struct deviced_registry *r, uint32_t b);

/* Binding b was stopped through procd (STOPPED). */
void registry_stopped(struct deviced_registry *r, uint32_t b, erix_status_t st);

/*
 * procd says binding b's process ended (ERIX_PROCD_STATE_EXITED, _FAULTED or
 * _STOPPED) with `code`: a RUNNING binding becomes EXITED (STOPPED for a stop
 * it did not ask for), a STARTING one FAILED. Returns whether it changed.
 */
bool registry_ended(struct deviced_registry *r, uint32_t b, uint32_t procd_state, uint64_t code);

/* Is binding b alive as far as deviced knows (STARTING or RUNNING)? */
bool registry_live(const struct deviced_registry *r, uint32_t b);

/* ---- providers and HAL ----------------------------------------------------------------- */

/* REGISTER_PROVIDER from binding b: ERIX_ERR_STATE (not RUNNING),
 * ERIX_ERR_EXISTS (already registered), ERIX_ERR_DENIED (another consumer
 * role than the seeded one). */
erix_status_t registry_register_provider(struct deviced_registry *r, uint32_t b,
                                         const struct erix_deviced_provider_req *req);

/* RESOLVE_PROVIDER of `role` by consumer index c: ERIX_ERR_NOT_FOUND, ERIX_ERR_DENIED
 * (not its consumer), ERIX_ERR_STATE (provider not visible); *b on success. */
erix_status_t registry_resolve(const struct deviced_registry *r, uint32_t c,
                               const char *role, uint32_t *b);

/* REGISTER_HAL by consumer index c naming its role: ERIX_ERR_DENIED unless a
 * binding names c with that role as its consumer. Idempotent. */
erix_status_t registry_register_hal(struct deviced_registry *r, uint32_t c,
                                    const char *role);

/* ---- discovery -------------------------------------------------------------------------- */

/*
 * A PCI function reported (source ERIX_DEVICED_DEV_PCI or _HOTPLUG). The same
 * function again: the same record (present again). Another function at a
 * present record's address: ERIX_ERR_EXISTS. ERIX_ERR_LIMIT: no record left.
 * A new or returning device is bound to the first unbound PCI binding it
 * matches; *index and *binding (or ERIX_DEVICED_NONE) say where it went.
 */
erix_status_t registry_report(struct deviced_registry *r, uint8_t source,
                              const struct erix_deviced_pci_report *rep, uint32_t *index,
                              uint32_t *binding);

/* A hotplug removal: the record stays, not present, unbound (its driver, if
 * running, keeps running until stopped). ERIX_ERR_NOT_FOUND if unknown. */
erix_status_t registry_remove(struct deviced_registry *r, const struct erix_deviced_pci_report *rep,
                              uint32_t *index);

bool registry_discovered(const struct deviced_registry *r, uint32_t b);

/* Could deviced start binding b on its own now: sealed, ON_DISCOVERY, never
 * started, discovered, its consumer's HAL ready if it needs that? */
bool registry_activatable(const struct deviced_registry *r, uint32_t b);

/* Does a PCI seed match this function? (0xffff / ~0: any) */
bool registry_matches(const struct erix_deviced_seed *s, const struct erix_deviced_pci_report *rep);

/* ---- reads --------------------------------------------------------------------------------- */

void registry_info(const struct deviced_registry *r, uint32_t b, struct erix_deviced_driver_info *out);
erix_status_t registry_device_info(const struct deviced_registry *r, uint32_t index,
                                   struct erix_deviced_device_info *out);

#endif
