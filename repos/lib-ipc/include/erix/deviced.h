/*
 * erix/deviced.h - the device manager's operations (0x501..0x514), the badges
 * that tell its callers apart, the driver seed (a driver's startup contract)
 * and every request and reply body, with their validators.
 *
 * deviced receives on one endpoint. The badge of the capability a request came
 * through names the caller's surface and index (ERIX_DEVICED_BADGE):
 *
 *   ADMIN      rootd only (index 0): seed, seal, start, stop, read
 *   DRIVER     a driver deviced started (index = its binding): READY,
 *              REGISTER_PROVIDER
 *   CONSUMER   a service rootd started (index = its boot-config service
 *              index): REGISTER_HAL, RESOLVE_PROVIDER
 *   DISCOVERY  a discovery service (probed, hotplugd; index = service index):
 *              REPORT_DEVICE, REPORT_HOTPLUG
 *
 * An op from the wrong surface, an unbadged or unknown badge, is
 * ERIX_ERR_DENIED. Replies carry the status in the header op (erix/ipc.h).
 * A driver's readiness handshake is ERIX_SERVICE_OP_READY (erix/service.h) on
 * the DRIVER surface.
 */
#ifndef ERIX_DEVICED_H
#define ERIX_DEVICED_H

#include <stddef.h>
#include <stdint.h>

#include <erix/envelope.h>
#include <erix/status.h>

/* ---- operations ------------------------------------------------------------- */

#define ERIX_DEVICED_OP_SEED_DRIVER 0x501u       /* admin: erix_deviced_seed -> seed_resp */
#define ERIX_DEVICED_OP_SEAL_REGISTRY 0x502u     /* admin: empty -> seal_resp */
#define ERIX_DEVICED_OP_START_DRIVER 0x503u      /* admin: role_req -> driver_info */
#define ERIX_DEVICED_OP_STOP_DRIVER 0x504u       /* admin: role_req -> driver_info */
#define ERIX_DEVICED_OP_READ_DRIVER 0x505u       /* admin: role_req -> driver_info (+ endpoint) */
#define ERIX_DEVICED_OP_READ_DEVICE 0x506u       /* admin: index_req -> device_info */
#define ERIX_DEVICED_OP_REPORT_DEVICE 0x510u     /* discovery: pci_report -> report_resp */
#define ERIX_DEVICED_OP_REPORT_HOTPLUG 0x511u    /* discovery: hotplug_report -> report_resp */
#define ERIX_DEVICED_OP_REGISTER_HAL 0x512u      /* consumer: role_req (its own role) */
#define ERIX_DEVICED_OP_REGISTER_PROVIDER 0x513u /* driver: provider_req */
#define ERIX_DEVICED_OP_RESOLVE_PROVIDER 0x514u  /* consumer: role_req -> driver_info + endpoint */

/* ---- badges ----------------------------------------------------------------- */

#define ERIX_DEVICED_SURFACE_ADMIN 1u
#define ERIX_DEVICED_SURFACE_DRIVER 2u
#define ERIX_DEVICED_SURFACE_CONSUMER 3u
#define ERIX_DEVICED_SURFACE_DISCOVERY 4u

#define ERIX_DEVICED_BADGE(surface, index) (((uint64_t)(surface) << 16) | (uint64_t)(index))
#define ERIX_DEVICED_BADGE_ADMIN ERIX_DEVICED_BADGE(ERIX_DEVICED_SURFACE_ADMIN, 0)
#define ERIX_DEVICED_BADGE_SURFACE(b) ((uint32_t)((uint64_t)(b) >> 16))
#define ERIX_DEVICED_BADGE_INDEX(b) ((uint32_t)((uint64_t)(b) & 0xffffu))

/* The surface of a badge, 0 if it names none (unbadged, unknown surface,
 * ADMIN with a non-zero index). */
uint32_t erix_deviced_surface_of(uint64_t badge);

/* ---- the driver seed ------------------------------------------------------------ */

#define ERIX_DEVICED_MAX_CAPS 16u        /* capabilities one driver may be given */
#define ERIX_DEVICED_NO_INDEX 0xffffu    /* consumer_index: nobody */
#define ERIX_DEVICED_ANY_ID 0xffffu      /* vendor / device: any */
#define ERIX_DEVICED_ANY_CLASS 0xffffffffu

/* Matching (the values of lib-bootcfg's enum erix_bootcfg_match). */
#define ERIX_DEVICED_MATCH_PLATFORM 1u   /* a device every machine has: discovered when seeded */
#define ERIX_DEVICED_MATCH_PCI 2u        /* discovered by REPORT_DEVICE / REPORT_HOTPLUG */
#define ERIX_DEVICED_MATCH_FIXTURE 3u    /* a test fixture: discovered when seeded */

/* Activation: who starts the driver. */
#define ERIX_DEVICED_ACTIVATE_EXPLICIT 0u     /* only START_DRIVER */
#define ERIX_DEVICED_ACTIVATE_ON_DISCOVERY 1u /* deviced, once discovered after the seal */

/* Seed flags. */
#define ERIX_DEVICED_SEED_REQUIRES_HAL 0x01u  /* activation waits for the consumer's REGISTER_HAL */
#define ERIX_DEVICED_SEED_FLAGS 0x01u

/* Where a capability of the driver comes from (deviced's side). */
#define ERIX_DEVICED_SRC_FAMILY 1u   /* arg: endpoint kind; deviced's DEVICE capability of that family */
#define ERIX_DEVICED_SRC_DEVICED 2u  /* deviced's own endpoint, badged DRIVER | binding; SEND only */
#define ERIX_DEVICED_SRC_PCI_BAR 3u  /* arg: BAR 0..5 of the bound PCI device, a DEVICE_FRAME */

struct erix_deviced_cap_spec {
    uint8_t source;                 /* ERIX_DEVICED_SRC_* */
    uint8_t rights;                 /* ERIX_RIGHT_*: FAMILY, DEVICED: SEND; PCI_BAR: READ|WRITE */
    uint8_t purpose;                /* enum erix_envelope_purpose (not SERVICE_ENDPOINT, FAULT_ENDPOINT) */
    uint8_t reserved0;
    uint32_t arg;
    uint32_t dest_slot;             /* in the driver's CSpace: 32..4095, distinct */
    uint32_t reserved;
};

/*
 * SEED_DRIVER: one binding, idempotent for the exact same bytes. The body is
 * the header (ERIX_DEVICED_SEED_HEADER bytes) and cap_count cap specs; unused
 * specs are not sent. role: a drv-* role (procd's driver surface). image_index:
 * procd's IMAGE_FRAME aux of the driver's image. consumer_role /
 * consumer_index: the one service that may resolve the provider ("" /
 * NO_INDEX: nobody). PCI ids only for a PCI match (else ANY).
 */
struct erix_deviced_seed {
    char role[ERIX_ROLE_MAX];
    char consumer_role[ERIX_ROLE_MAX];
    uint32_t image_index;
    uint16_t consumer_index;
    uint8_t match;                  /* ERIX_DEVICED_MATCH_* */
    uint8_t priority;               /* 1..199 */
    uint8_t activation;             /* ERIX_DEVICED_ACTIVATE_* */
    uint8_t flags;                  /* ERIX_DEVICED_SEED_* */
    uint16_t cap_count;             /* 0..ERIX_DEVICED_MAX_CAPS */
    uint16_t vendor;
    uint16_t device;
    uint32_t class_code;            /* class << 16 | subclass << 8 | prog-if */
    uint32_t reserved;
    struct erix_deviced_cap_spec caps[ERIX_DEVICED_MAX_CAPS];
};
#define ERIX_DEVICED_SEED_HEADER offsetof(struct erix_deviced_seed, caps)

/* Body bytes of a seed with `caps` capabilities. */
static inline size_t erix_deviced_seed_size(uint32_t caps)
{
    return ERIX_DEVICED_SEED_HEADER + (size_t)caps * sizeof(struct erix_deviced_cap_spec);
}

struct erix_deviced_seed_resp {
    uint32_t binding;               /* the binding's index */
    uint32_t created;               /* 1: new; 0: the same seed was already there */
};

/* SEAL_REGISTRY reply. */
struct erix_deviced_seal_resp {
    uint32_t bindings;
    uint32_t devices;
};

/* ---- lifecycle and reads --------------------------------------------------------- */

/* READ_DRIVER flags. */
#define ERIX_DEVICED_READ_ENDPOINT 0x1u /* hand out the provider endpoint if visible */

/* START_DRIVER, STOP_DRIVER (flags 0), READ_DRIVER (flags above),
 * RESOLVE_PROVIDER (a driver role, flags 0), REGISTER_HAL (the caller's own
 * role, flags 0). */
struct erix_deviced_role_req {
    char role[ERIX_ROLE_MAX];
    uint32_t flags;
    uint32_t reserved;
};

#define ERIX_DEVICED_DRV_SEEDED 1u      /* bound, never started */
#define ERIX_DEVICED_DRV_STARTING 2u    /* started, READY not yet received */
#define ERIX_DEVICED_DRV_RUNNING 3u     /* READY accepted */
#define ERIX_DEVICED_DRV_STOPPED 4u     /* stopped through STOP_DRIVER */
#define ERIX_DEVICED_DRV_EXITED 5u      /* ended on its own (exit, fault) */
#define ERIX_DEVICED_DRV_FAILED 6u      /* failed to start or refused its contract; cleaned up */

/* driver_info flags */
#define ERIX_DEVICED_INFO_SEALED 0x01u
#define ERIX_DEVICED_INFO_DISCOVERED 0x02u
#define ERIX_DEVICED_INFO_HAL_READY 0x04u
#define ERIX_DEVICED_INFO_PROVIDER 0x08u   /* the provider registered (visible) */
#define ERIX_DEVICED_INFO_ENDPOINT 0x10u   /* this reply carries the provider endpoint */
#define ERIX_DEVICED_INFO_FAULTED 0x20u    /* EXITED by a fault (code: vector) */

#define ERIX_DEVICED_NO_STATUS 0xffffffffu /* ready_status before any READY */
#define ERIX_DEVICED_NONE 0xffffffffu      /* device: none bound */

struct erix_deviced_driver_info {
    char role[ERIX_ROLE_MAX];
    uint32_t binding;
    uint32_t state;                 /* ERIX_DEVICED_DRV_* */
    uint32_t pid;                   /* procd's pid of the last start, 0 if none */
    uint32_t ready_status;          /* the driver's READY status, or NO_STATUS */
    uint32_t flags;                 /* ERIX_DEVICED_INFO_* */
    uint32_t device;                /* the bound device's index, or NONE */
    uint64_t exit_code;             /* EXITED: exit code or fault vector */
    uint32_t starts;                /* how often it was started */
    uint32_t last_status;           /* the last start, stop or cleanup step's status */
};

/* READ_DEVICE */
struct erix_deviced_index_req {
    uint32_t index;
    uint32_t reserved;
};

#define ERIX_DEVICED_DEV_PLATFORM 1u    /* a platform or fixture binding's device, made when seeded */
#define ERIX_DEVICED_DEV_FIXTURE 2u
#define ERIX_DEVICED_DEV_PCI 3u         /* REPORT_DEVICE */
#define ERIX_DEVICED_DEV_HOTPLUG 4u     /* REPORT_HOTPLUG */

struct erix_deviced_device_info {
    uint32_t index;
    uint32_t count;                 /* devices known */
    uint8_t bus;
    uint8_t device;
    uint8_t function;
    uint8_t source;                 /* ERIX_DEVICED_DEV_* */
    uint16_t vendor;
    uint16_t device_id;
    uint32_t class_code;
    uint32_t binding;               /* the binding it is bound to, or NONE */
    uint32_t present;               /* 0 once a hotplug removal was reported */
    uint32_t reserved;
};

/* ---- discovery --------------------------------------------------------------------- */

/* REPORT_DEVICE: one PCI function. */
struct erix_deviced_pci_report {
    uint8_t bus;
    uint8_t device;                 /* 0..31 */
    uint8_t function;               /* 0..7 */
    uint8_t reserved0;
    uint16_t vendor;                /* not 0xffff */
    uint16_t device_id;
    uint32_t class_code;            /* < 1 << 24 */
    uint32_t reserved;
};

#define ERIX_DEVICED_HOTPLUG_ADD 1u
#define ERIX_DEVICED_HOTPLUG_REMOVE 2u

struct erix_deviced_hotplug_report {
    uint32_t event;                 /* ERIX_DEVICED_HOTPLUG_* */
    uint32_t reserved;
    struct erix_deviced_pci_report dev;
};

struct erix_deviced_report_resp {
    uint32_t index;                 /* the device's index */
    uint32_t binding;               /* the binding it is bound to, or NONE */
};

/* ---- providers ----------------------------------------------------------------------- */

/* REGISTER_PROVIDER from a running driver: it serves its provider interface
 * on its service endpoint, for consumer_role (which must be the seeded one;
 * "" when the seed names nobody). Once only: a second one is ERIX_ERR_EXISTS. */
struct erix_deviced_provider_req {
    char consumer_role[ERIX_ROLE_MAX];
    uint32_t interface;             /* ERIX_PROVIDER_* (non-zero) */
    uint32_t reserved;
};

/* Provider interfaces and their ops (a driver serves them on its service
 * endpoint; a consumer reaches it through RESOLVE_PROVIDER's endpoint). */
#define ERIX_PROVIDER_SERIAL 1u          /* drv-serial */
#define ERIX_PROVIDER_ACPI 2u            /* drv-acpi */
#define ERIX_PROVIDER_FIXTURE 3u         /* the phase2 fixtures */
#define ERIX_PROVIDER_MAX 3u

#define ERIX_PROVIDER_OP_PING 0x601u     /* every interface: empty -> empty */
#define ERIX_SERIAL_OP_WRITE 0x610u      /* SERIAL: bytes (1..ERIX_SERIAL_WRITE_MAX) -> empty */
#define ERIX_SERIAL_WRITE_MAX 512u

/* ---- layout and validators --------------------------------------------------------------- */

_Static_assert(sizeof(struct erix_deviced_cap_spec) == 16, "cap spec");
_Static_assert(ERIX_DEVICED_SEED_HEADER == 72, "seed header");
_Static_assert(sizeof(struct erix_deviced_seed) == 72 + 16 * ERIX_DEVICED_MAX_CAPS, "seed");
_Static_assert(offsetof(struct erix_deviced_seed, image_index) == 48, "seed image index");
_Static_assert(offsetof(struct erix_deviced_seed, class_code) == 64, "seed class");
_Static_assert(sizeof(struct erix_deviced_seed_resp) == 8, "seed resp");
_Static_assert(sizeof(struct erix_deviced_role_req) == 32, "role req in registers");
_Static_assert(sizeof(struct erix_deviced_driver_info) == 64, "driver info");
_Static_assert(offsetof(struct erix_deviced_driver_info, exit_code) == 48, "driver info code");
_Static_assert(sizeof(struct erix_deviced_index_req) == 8, "index req");
_Static_assert(sizeof(struct erix_deviced_device_info) == 32, "device info in registers");
_Static_assert(sizeof(struct erix_deviced_pci_report) == 16, "pci report");
_Static_assert(sizeof(struct erix_deviced_hotplug_report) == 24, "hotplug report");
_Static_assert(sizeof(struct erix_deviced_report_resp) == 8, "report resp");
_Static_assert(sizeof(struct erix_deviced_provider_req) == 32, "provider req");

/*
 * A SEED_DRIVER body (len bytes): the exact size for its cap_count (at most
 * ERIX_DEVICED_MAX_CAPS, else ERIX_ERR_LIMIT), a valid role and consumer role
 * (NUL padded), consumer_index NO_INDEX exactly when consumer_role is "",
 * a known match, activation and flags, priority 1..199, PCI ids only for a
 * PCI match, reserved fields zero, and per capability: a known source with
 * its arg (a kernel family with a dedicated slot; 0; BAR 0..5 of a PCI
 * match), rights as the source allows, a purpose other than
 * SERVICE_ENDPOINT / FAULT_ENDPOINT (procd's slots), at most one
 * PRIMARY_CONTROL and one READY (READY from DEVICED), a destination 32..4095
 * used once. Statuses: ERIX_ERR_MALFORMED (sizes, names), ERIX_ERR_LIMIT,
 * ERIX_ERR_INVALID_ARGUMENT (a field out of range), ERIX_ERR_INVALID_SLOT,
 * ERIX_ERR_EXISTS (a slot or a unique purpose twice). The role's surface
 * (drv-*) is not checked here: deviced refuses other roles with DENIED.
 * On ERIX_OK, *out is the seed with every unused byte zero (the canonical
 * form two seeds are compared in).
 */
erix_status_t erix_deviced_seed_decode(const void *body, size_t len, struct erix_deviced_seed *out);

/* A role_req for `op`: exact length, reserved zero, flags the op allows,
 * the role a valid name. ERIX_ERR_MALFORMED / ERIX_ERR_INVALID_ARGUMENT. */
erix_status_t erix_deviced_role_req_decode(uint32_t op, const void *body, size_t len,
                                           struct erix_deviced_role_req *out);

/* REPORT_DEVICE / REPORT_HOTPLUG bodies: exact length, device < 32,
 * function < 8, vendor != 0xffff, class < 1 << 24, known event, reserved zero. */
erix_status_t erix_deviced_pci_report_decode(const void *body, size_t len,
                                             struct erix_deviced_pci_report *out);
erix_status_t erix_deviced_hotplug_decode(const void *body, size_t len,
                                          struct erix_deviced_hotplug_report *out);

/* REGISTER_PROVIDER: exact length, "" or a valid consumer role, a known
 * interface, reserved zero. */
erix_status_t erix_deviced_provider_decode(const void *body, size_t len,
                                           struct erix_deviced_provider_req *out);

/* READ_DEVICE: exact length, reserved zero. */
erix_status_t erix_deviced_index_decode(const void *body, size_t len,
                                        struct erix_deviced_index_req *out);

/* A stable name of a driver state ("running"), "?" if unknown. */
const char *erix_deviced_state_name(uint32_t state);

#endif
