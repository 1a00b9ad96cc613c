/*
 * internal.h - private to lib-bootcfg: the decoded input and the rule groups
 * erix_bootcfg_parse runs in order (ARCHITECTURE.md, "Rules and statuses").
 *
 * Every read of the input goes through the load_* helpers (decode.c): a
 * memcpy of one fixed-size entry into a local, so the input may sit at any
 * alignment. A rule group checks and returns a status; none writes anything
 * but its own locals.
 */
#ifndef BOOTCFG_INTERNAL_H
#define BOOTCFG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <erix/bootcfg.h>

#define BCFG_CHECKSUM_OFFSET 20u

/* The input after the header rules: its bytes and a decoded copy of the header. */
struct bcfg_input {
    const uint8_t *base;
    struct erix_bootcfg_header h;
};

/* decode.c: entry i of a table (the caller has checked i < count). */
void bcfg_load_header(const uint8_t *base, struct erix_bootcfg_header *h);
void bcfg_load_service(const struct bcfg_input *in, uint32_t i, struct erix_bootcfg_service *s);
void bcfg_load_cap(const struct bcfg_input *in, uint32_t i, struct erix_bootcfg_cap *c);
void bcfg_load_dep(const struct bcfg_input *in, uint32_t i, struct erix_bootcfg_dep *d);
void bcfg_load_driver(const struct bcfg_input *in, uint32_t i, struct erix_bootcfg_driver *d);

/* names.c */
int bcfg_name_ok(const char name[ERIX_BOOTCFG_NAME_MAX]);
int bcfg_name_empty(const char name[ERIX_BOOTCFG_NAME_MAX]);
int bcfg_name_eq(const char a[ERIX_BOOTCFG_NAME_MAX], const char b[ERIX_BOOTCFG_NAME_MAX]);

/* header.c: rules 2..14 (sizes, magic, version, checksum, table layout, profile). */
erix_status_t bcfg_check_header(const uint8_t *base, size_t size, struct bcfg_input *in);

/* services.c: rules 15..27. */
erix_status_t bcfg_check_services(const struct bcfg_input *in);

/* caps.c: rules 28..34. */
erix_status_t bcfg_check_caps(const struct bcfg_input *in);

/* deps.c: rules 35..38. */
erix_status_t bcfg_check_deps(const struct bcfg_input *in);

/* drivers.c: rules 39..47. */
erix_status_t bcfg_check_drivers(const struct bcfg_input *in);

#endif
