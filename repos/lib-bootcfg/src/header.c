/*
 * header.c - the header rules: size, magic, version, the image's extent,
 * the checksum, table counts, and where the four tables lie (aligned, inside
 * the image after the header, not overlapping), then the validation profile.
 * Rules 2..14 of ARCHITECTURE.md, in that order.
 */
#include "internal.h"

#define HEADER_SIZE ((uint32_t)sizeof(struct erix_bootcfg_header))

struct table {
    uint32_t offset;
    uint64_t bytes;
};

static erix_status_t check_identity(const struct erix_bootcfg_header *h)
{
    for (uint32_t i = 0; i < sizeof h->magic; i++)
        if (h->magic[i] != ERIX_BOOTCFG_MAGIC[i])
            return ERIX_ERR_MALFORMED;
    if (h->version != ERIX_BOOTCFG_VERSION)
        return ERIX_ERR_VERSION;
    return h->header_size == HEADER_SIZE ? ERIX_OK : ERIX_ERR_MALFORMED;
}

/* The image is exactly the module: no more (cut short), no less (trailing bytes). */
static erix_status_t check_extent(const struct erix_bootcfg_header *h, size_t size)
{
    if (h->total_size > ERIX_BOOTCFG_MAX_SIZE)
        return ERIX_ERR_LIMIT;
    if (h->total_size > size)
        return ERIX_ERR_TRUNCATED;
    return h->total_size == size ? ERIX_OK : ERIX_ERR_MALFORMED;
}

static erix_status_t check_counts(const struct erix_bootcfg_header *h)
{
    if (h->service_count > ERIX_BOOTCFG_MAX_SERVICES || h->cap_count > ERIX_BOOTCFG_MAX_CAPS ||
        h->dep_count > ERIX_BOOTCFG_MAX_DEPS || h->driver_count > ERIX_BOOTCFG_MAX_DRIVERS)
        return ERIX_ERR_LIMIT;
    return ERIX_OK;
}

static void tables_of(const struct erix_bootcfg_header *h, struct table t[4])
{
    t[0] = (struct table){h->service_offset,
                          (uint64_t)h->service_count * sizeof(struct erix_bootcfg_service)};
    t[1] = (struct table){h->cap_offset, (uint64_t)h->cap_count * sizeof(struct erix_bootcfg_cap)};
    t[2] = (struct table){h->dep_offset, (uint64_t)h->dep_count * sizeof(struct erix_bootcfg_dep)};
    t[3] = (struct table){h->driver_offset,
                          (uint64_t)h->driver_count * sizeof(struct erix_bootcfg_driver)};
}

static int disjoint(const struct table *a, const struct table *b)
{
    if (a->bytes == 0 || b->bytes == 0)
        return 1;
    return a->offset + a->bytes <= b->offset || b->offset + b->bytes <= a->offset;
}

/* Each rule over all four tables before the next rule, so the status names
 * the first kind of fault whichever table has it. */
static erix_status_t check_tables(const struct erix_bootcfg_header *h)
{
    struct table t[4];

    tables_of(h, t);
    for (int i = 0; i < 4; i++)
        if ((t[i].offset & 7u) != 0)
            return ERIX_ERR_ALIGNMENT;
    for (int i = 0; i < 4; i++)
        if (t[i].offset < HEADER_SIZE || t[i].offset + t[i].bytes > h->total_size)
            return ERIX_ERR_OUT_OF_RANGE;
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            if (!disjoint(&t[i], &t[j]))
                return ERIX_ERR_OVERLAP;
    return ERIX_OK;
}

erix_status_t bcfg_check_header(const uint8_t *base, size_t size, struct bcfg_input *in)
{
    erix_status_t st;

    if (size < HEADER_SIZE)
        return ERIX_ERR_TRUNCATED;
    in->base = base;
    bcfg_load_header(base, &in->h);
    if ((st = check_identity(&in->h)) != ERIX_OK || (st = check_extent(&in->h, size)) != ERIX_OK)
        return st;
    if (erix_bootcfg_checksum(base, size) != in->h.checksum)
        return ERIX_ERR_MALFORMED;
    if ((st = check_counts(&in->h)) != ERIX_OK || (st = check_tables(&in->h)) != ERIX_OK)
        return st;
    return bcfg_name_ok(in->h.validation_profile) ? ERIX_OK : ERIX_ERR_MALFORMED;
}
