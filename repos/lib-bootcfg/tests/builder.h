/*
 * builder.h - test-side boot-config images: a configuration as plain structs
 * (struct tb_cfg), emitted in the canonical layout the integrator writes
 * (header, then services, caps, deps, drivers at 8-aligned offsets, sealed
 * with the checksum), plus helpers to patch and reseal emitted bytes.
 */
#ifndef TB_BUILDER_H
#define TB_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include <erix/bootcfg.h>

#define TB_CAP 16384u /* more than any image within the count limits */

/* Header field offsets, for patching emitted images. */
#define TB_OFF_VERSION 8u
#define TB_OFF_TOTAL 12u
#define TB_OFF_HEADER_SIZE 16u
#define TB_OFF_CHECKSUM 20u
#define TB_OFF_SVC_COUNT 24u
#define TB_OFF_SVC_OFFSET 28u
#define TB_OFF_CAP_COUNT 32u
#define TB_OFF_CAP_OFFSET 36u
#define TB_OFF_DEP_COUNT 40u
#define TB_OFF_DEP_OFFSET 44u
#define TB_OFF_DRV_COUNT 48u
#define TB_OFF_DRV_OFFSET 52u
#define TB_OFF_PROFILE 56u

struct tb_cfg {
    char profile[ERIX_BOOTCFG_NAME_MAX];
    uint32_t nsvc, ncap, ndep, ndrv;
    struct erix_bootcfg_service svc[ERIX_BOOTCFG_MAX_SERVICES + 1];
    struct erix_bootcfg_cap cap[ERIX_BOOTCFG_MAX_CAPS + 1];
    struct erix_bootcfg_dep dep[ERIX_BOOTCFG_MAX_DEPS + 1];
    struct erix_bootcfg_driver drv[ERIX_BOOTCFG_MAX_DRIVERS + 1];
};

/* An empty configuration with this validation profile. */
void tb_init(struct tb_cfg *c, const char *profile);
/* Append a service (restart hold); later tb_cap/tb_dep calls belong to it. */
uint16_t tb_service(struct tb_cfg *c, const char *role, const char *module, uint8_t launch,
                    uint8_t priority);
void tb_cap(struct tb_cfg *c, uint8_t source, uint32_t arg, uint32_t slot, uint8_t rights,
            uint8_t purpose);
void tb_dep(struct tb_cfg *c, uint16_t service);
void tb_driver(struct tb_cfg *c, uint16_t service, uint8_t match, uint16_t vendor,
               uint16_t device, uint32_t class_code, const char *consumer);
/* Copy a C string into a NUL-padded name field (truncated to fit). */
void tb_name(char dst[ERIX_BOOTCFG_NAME_MAX], const char *src);

/* Emit in the canonical layout and seal; the size, or 0 if it does not fit. */
size_t tb_emit(const struct tb_cfg *c, uint8_t *buf, size_t cap);
/* Recompute and store the checksum of size bytes. */
void tb_seal(uint8_t *buf, size_t size);
uint32_t tb_get32(const uint8_t *buf, size_t off);
void tb_put32(uint8_t *buf, size_t off, uint32_t v);

/*
 * The standard valid configuration (six services, every source, every launch
 * kind, both restart policies, one driver row, an odd dependency count so the
 * driver table follows 4 bytes of padding). Indices:
 */
enum { TB_PROCD, TB_MEMD, TB_DEVICED, TB_SERIAL, TB_PROBE, TB_LOGD, TB_SAMPLE_SERVICES };
void tb_sample(struct tb_cfg *c);
/* No services at all: the header and four empty tables. */
void tb_minimal(struct tb_cfg *c);

#endif
