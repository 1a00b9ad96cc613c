/*
 * erix/bootcfg.h - the boot configuration (magic ERIXBCFG, version 1).
 *
 * Written by the integrator from a scenario's [bootconfig] tables and shipped
 * as the boot module "bootconfig"; rootd finds it in the handoff's module list
 * and parses it with erix_bootcfg_parse before anything starts. All integers
 * are little endian; every table is an array of fixed-size entries at an
 * 8-byte aligned offset; names are NUL padded.
 *
 *   header (80 bytes)          magic, version, sizes, FNV-1a checksum, table
 *                              counts and offsets, validation profile
 *   services[service_count]    64 bytes each: role, module, launch kind,
 *                              priority, restart policy, dependency and
 *                              capability ranges
 *   caps[cap_count]            16 bytes each: what a service receives, from
 *                              where, into which of its slots, with what rights
 *   deps[dep_count]            4 bytes each: a service index
 *   drivers[driver_count]      40 bytes each: device matching for
 *                              deviced-managed drivers
 */
#ifndef ERIX_BOOTCFG_H
#define ERIX_BOOTCFG_H

#include <stddef.h>
#include <stdint.h>

#include <erix/envelope.h>
#include <erix/status.h>

#define ERIX_BOOTCFG_MAGIC "ERIXBCFG"
#define ERIX_BOOTCFG_VERSION 1u
#define ERIX_BOOTCFG_MODULE "bootconfig"
#define ERIX_BOOTCFG_MAX_SIZE 65536u
#define ERIX_BOOTCFG_MAX_SERVICES 32u
#define ERIX_BOOTCFG_MAX_CAPS 256u
#define ERIX_BOOTCFG_MAX_DEPS 256u
#define ERIX_BOOTCFG_MAX_DRIVERS 32u
#define ERIX_BOOTCFG_NAME_MAX 24u     /* role, module and profile names */
#define ERIX_BOOTCFG_PROFILE_NONE "none"

enum erix_bootcfg_launch {
    ERIX_LAUNCH_ROOTD_DIRECT = 1,     /* rootd builds and starts it (procd) */
    ERIX_LAUNCH_PROCD_STAGED = 2,     /* staged through procd, populated by rootd */
    ERIX_LAUNCH_DEVICED_DRIVER = 3,   /* started by deviced's START_DRIVER */
    ERIX_LAUNCH_PROCD_SPAWN = 4,      /* SPAWN_SERVICE, no capabilities (probes) */
};

enum erix_bootcfg_restart {
    ERIX_RESTART_HOLD = 0,
    ERIX_RESTART_ALWAYS = 1,          /* PROCD_STAGED only: rootd puts it under procd's
                                         restart policy once it is ready */
};

/* Where a transferred capability comes from. */
enum erix_bootcfg_source {
    ERIX_SRC_KERNEL_FAMILY = 1,       /* arg: endpoint kind; an alias of rootd's family endpoint */
    ERIX_SRC_PROCD_ENDPOINT = 2,      /* procd's endpoint; arg: badge (ERIX_PROCD_BADGE_*), 0 = RECV */
    ERIX_SRC_SERVICE_ENDPOINT = 3,    /* arg: service index; that service's endpoint */
    ERIX_SRC_UNTYPED = 4,             /* arg: pages of RAM, moved to the service */
    ERIX_SRC_IMAGE = 5,               /* arg: service index; its module's image frame */
    ERIX_SRC_SELF_VSPACE = 6,         /* the service's own address space */
    ERIX_SRC_ROOTD_READY = 7,         /* rootd's readiness endpoint (badged per service) */
    ERIX_SRC_COUNT = 8
};

enum erix_bootcfg_match {
    ERIX_MATCH_PLATFORM = 1,          /* a device every supported machine has (COM1, ACPI) */
    ERIX_MATCH_PCI = 2,               /* vendor:device (0xffff = any) and class */
    ERIX_MATCH_FIXTURE = 3,           /* a test fixture, always "discovered" */
};

struct erix_bootcfg_header {
    char magic[8];
    uint32_t version;
    uint32_t total_size;
    uint32_t header_size;             /* sizeof(struct erix_bootcfg_header) */
    uint32_t checksum;                /* FNV-1a 32 of all total_size bytes, this field 0 */
    uint32_t service_count;
    uint32_t service_offset;
    uint32_t cap_count;
    uint32_t cap_offset;
    uint32_t dep_count;
    uint32_t dep_offset;
    uint32_t driver_count;
    uint32_t driver_offset;
    char validation_profile[ERIX_BOOTCFG_NAME_MAX]; /* "none" or a phase profile id */
};

struct erix_bootcfg_service {
    char role[ERIX_BOOTCFG_NAME_MAX];   /* [a-z0-9-], unique */
    char module[ERIX_BOOTCFG_NAME_MAX]; /* a boot module name */
    uint8_t launch;                   /* enum erix_bootcfg_launch */
    uint8_t priority;                 /* 1..199 (rootd runs at 200) */
    uint8_t restart;                  /* enum erix_bootcfg_restart */
    uint8_t flags;                    /* 0 */
    uint16_t dep_first;
    uint16_t dep_count;
    uint16_t cap_first;
    uint16_t cap_count;
    uint32_t reserved;
};

struct erix_bootcfg_cap {
    uint8_t source;                   /* enum erix_bootcfg_source */
    uint8_t rights;                   /* ERIX_RIGHT_* */
    uint8_t purpose;                  /* enum erix_envelope_purpose */
    uint8_t reserved0;
    uint32_t arg;
    uint32_t dest_slot;               /* in the service's CSpace: 32..4095 */
    uint32_t reserved;
};

struct erix_bootcfg_dep {
    uint16_t service;
    uint16_t reserved;
};

struct erix_bootcfg_driver {
    uint16_t service;                 /* a service with launch DEVICED_DRIVER */
    uint8_t match;                    /* enum erix_bootcfg_match */
    uint8_t flags;                    /* 0 */
    uint16_t vendor;                  /* PCI: 0xffff = any */
    uint16_t device;
    uint32_t class_code;              /* PCI: class << 16 | subclass << 8 | prog-if; ~0 = any */
    char consumer_role[ERIX_BOOTCFG_NAME_MAX]; /* who may resolve its provider ("" = nobody) */
    uint32_t reserved;
};

_Static_assert(sizeof(struct erix_bootcfg_header) == 80, "bootcfg header");
_Static_assert(sizeof(struct erix_bootcfg_service) == 64, "bootcfg service");
_Static_assert(sizeof(struct erix_bootcfg_cap) == 16, "bootcfg cap");
_Static_assert(sizeof(struct erix_bootcfg_dep) == 4, "bootcfg dep");
_Static_assert(sizeof(struct erix_bootcfg_driver) == 40, "bootcfg driver");

struct erix_bootcfg_view {
    const struct erix_bootcfg_header *header;
    const struct erix_bootcfg_service *services;
    const struct erix_bootcfg_cap *caps;
    const struct erix_bootcfg_dep *deps;
    const struct erix_bootcfg_driver *drivers;
};

/* FNV-1a 32 of the image with the checksum field taken as zero. */
uint32_t erix_bootcfg_checksum(const void *buf, size_t size);

/*
 * Strict parse. Every field is read with memcpy, so validation works at any
 * alignment; nothing is copied: `view` points into `buf`, which must stay
 * valid, and a valid `buf` that is not 8-byte aligned is refused last, with
 * ERIX_ERR_ALIGNMENT. `size` is the module's exact size. Refuses,
 * with a typed status and without touching `view`: wrong magic or version,
 * truncation, a size or offset out of range or misaligned, a bad checksum,
 * counts over the limits, overlapping tables, names that are empty, unpadded
 * or outside [a-z0-9-], duplicate roles, unknown launch kinds / restart
 * policies / sources / purposes / match kinds, priorities outside 1..199,
 * dependency or capability ranges outside their tables, a dependency on
 * itself or out of range, destination slots outside 32..4095 or repeated
 * within a service, rights outside ERIX_RIGHTS_ALL, non-zero reserved fields,
 * and the rules lib-bootcfg's ARCHITECTURE.md adds (ranges tile their tables
 * in service order; each source's arg; "drv-" roles for exactly the
 * DEVICED_DRIVER services, each with one driver row; restart ALWAYS for
 * PROCD_STAGED services only; PCI ids for PCI matches only; a consumer role
 * names a service), which lists every rule's status.
 * Cycles are not checked here: see erix_bootcfg_order.
 */
erix_status_t erix_bootcfg_parse(const void *buf, size_t size, struct erix_bootcfg_view *view);

/*
 * A launch order: every service after its dependencies (stable: among ready
 * services, the lowest index first). ERIX_ERR_MALFORMED if the dependencies
 * contain a cycle; `order` (service_count entries) is written only on success.
 */
erix_status_t erix_bootcfg_order(const struct erix_bootcfg_view *view, uint16_t *order);

/* The index of the service with this role, or -1. */
int erix_bootcfg_find_role(const struct erix_bootcfg_view *view, const char *role);

#endif
