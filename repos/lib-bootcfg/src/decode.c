/*
 * decode.c - raw bytes to decoded boot-config entries.
 *
 * Owns every read of the input: one memcpy per fixed-size entry into a local
 * struct, so the input may sit at any alignment and UBSan stays quiet. The
 * wire layout is the C layout of erix/bootcfg.h on a little-endian host; the
 * field offsets below pin it (the integrator's compiler writes the same
 * offsets). Callers have checked that the bytes exist; nothing here judges a
 * value.
 */
#include <string.h>

#include "internal.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "lib-bootcfg decodes its little-endian format with native loads: little-endian hosts only"
#endif

_Static_assert(offsetof(struct erix_bootcfg_header, version) == 8, "header version");
_Static_assert(offsetof(struct erix_bootcfg_header, checksum) == BCFG_CHECKSUM_OFFSET,
               "header checksum");
_Static_assert(offsetof(struct erix_bootcfg_header, service_count) == 24, "header services");
_Static_assert(offsetof(struct erix_bootcfg_header, driver_offset) == 52, "header drivers");
_Static_assert(offsetof(struct erix_bootcfg_header, validation_profile) == 56, "header profile");
_Static_assert(offsetof(struct erix_bootcfg_service, module) == 24, "service module");
_Static_assert(offsetof(struct erix_bootcfg_service, launch) == 48, "service launch");
_Static_assert(offsetof(struct erix_bootcfg_service, dep_first) == 52, "service deps");
_Static_assert(offsetof(struct erix_bootcfg_service, cap_first) == 56, "service caps");
_Static_assert(offsetof(struct erix_bootcfg_service, reserved) == 60, "service reserved");
_Static_assert(offsetof(struct erix_bootcfg_cap, arg) == 4, "cap arg");
_Static_assert(offsetof(struct erix_bootcfg_cap, dest_slot) == 8, "cap slot");
_Static_assert(offsetof(struct erix_bootcfg_cap, reserved) == 12, "cap reserved");
_Static_assert(offsetof(struct erix_bootcfg_dep, reserved) == 2, "dep reserved");
_Static_assert(offsetof(struct erix_bootcfg_driver, vendor) == 4, "driver vendor");
_Static_assert(offsetof(struct erix_bootcfg_driver, class_code) == 8, "driver class");
_Static_assert(offsetof(struct erix_bootcfg_driver, consumer_role) == 12, "driver consumer");
_Static_assert(offsetof(struct erix_bootcfg_driver, reserved) == 36, "driver reserved");

void bcfg_load_header(const uint8_t *base, struct erix_bootcfg_header *h)
{
    memcpy(h, base, sizeof *h);
}

void bcfg_load_service(const struct bcfg_input *in, uint32_t i, struct erix_bootcfg_service *s)
{
    memcpy(s, in->base + in->h.service_offset + (size_t)i * sizeof *s, sizeof *s);
}

void bcfg_load_cap(const struct bcfg_input *in, uint32_t i, struct erix_bootcfg_cap *c)
{
    memcpy(c, in->base + in->h.cap_offset + (size_t)i * sizeof *c, sizeof *c);
}

void bcfg_load_dep(const struct bcfg_input *in, uint32_t i, struct erix_bootcfg_dep *d)
{
    memcpy(d, in->base + in->h.dep_offset + (size_t)i * sizeof *d, sizeof *d);
}

void bcfg_load_driver(const struct bcfg_input *in, uint32_t i, struct erix_bootcfg_driver *d)
{
    memcpy(d, in->base + in->h.driver_offset + (size_t)i * sizeof *d, sizeof *d);
}
