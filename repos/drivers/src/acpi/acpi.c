/*
 * acpi.c - the RSDP, the root table and the tables it lists, read through
 * qword windows (acpi.h).
 */
#include <string.h>

#include "acpi.h"

#define CHUNK_QWORDS 128u

erix_status_t acpi_read_bytes(const struct acpi_ops *ops, uint64_t phys, uint32_t window,
                              uint32_t off, void *dst, uint32_t n)
{
    uint64_t buf[CHUNK_QWORDS];
    uint8_t *out = dst;
    if (window < 8 || off > window || n > window - off)
        return ERIX_ERR_OUT_OF_RANGE;
    /* whole qwords that fit the window: at most this many bytes per read */
    uint32_t most = (window / 8u) * 8u < sizeof buf ? (window / 8u) * 8u : (uint32_t)sizeof buf;
    while (n > 0) {
        uint32_t want = n < most ? n : most;
        uint32_t qwords = (want + 7u) / 8u;
        uint32_t start = off + qwords * 8u > window ? window - qwords * 8u : off;
        erix_status_t st = ops->read(ops->ctx, phys + start, buf, qwords);
        if (st != ERIX_OK)
            return st;
        memcpy(out, (const uint8_t *)buf + (off - start), want);
        out += want;
        off += want;
        n -= want;
    }
    return ERIX_OK;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Sum every byte of the table (in chunks). */
static erix_status_t sum_table(const struct acpi_ops *ops, uint64_t phys, uint32_t len, uint8_t *sum)
{
    uint8_t chunk[1024];
    *sum = 0;
    for (uint32_t off = 0; off < len;) {
        uint32_t n = len - off < sizeof chunk ? len - off : (uint32_t)sizeof chunk;
        erix_status_t st = acpi_read_bytes(ops, phys, len, off, chunk, n);
        if (st != ERIX_OK)
            return st;
        for (uint32_t i = 0; i < n; i++)
            *sum = (uint8_t)(*sum + chunk[i]);
        off += n;
    }
    return ERIX_OK;
}

/* A table's header; its window is its own length, which the header says:
 * the first read uses the header's 36 bytes as the window. */
static erix_status_t read_table(const struct acpi_ops *ops, uint64_t phys, struct acpi_table *t,
                                uint8_t header[ACPI_HEADER])
{
    erix_status_t st = acpi_read_bytes(ops, phys, ACPI_HEADER, 0, header, ACPI_HEADER);
    if (st != ERIX_OK)
        return st;
    memset(t, 0, sizeof *t);
    memcpy(t->signature, header, 4);
    memcpy(t->oem, header + 10, 6);
    t->phys = phys;
    t->length = le32(header + 4);
    t->revision = header[8];
    if (t->length < ACPI_HEADER)
        return ERIX_ERR_MALFORMED;
    uint8_t sum = 1;
    st = sum_table(ops, phys, t->length, &sum);
    t->checksum_ok = st == ERIX_OK && sum == 0;
    return st;
}

static erix_status_t add(const struct acpi_ops *ops, struct acpi_tables *out, uint64_t phys)
{
    uint8_t header[ACPI_HEADER];
    for (uint32_t i = 0; i < out->count; i++)
        if (out->tables[i].phys == phys)
            return ERIX_OK;
    if (out->count >= ACPI_MAX_TABLES)
        return ERIX_ERR_LIMIT;
    erix_status_t st = read_table(ops, phys, &out->tables[out->count], header);
    if (st != ERIX_OK)
        return st;
    struct acpi_table *t = &out->tables[out->count++];
    if (memcmp(t->signature, "FACP", 4) != 0 || t->length < 44)
        return ERIX_OK;
    uint8_t dsdt32[4], dsdt64[8] = {0};
    if ((st = acpi_read_bytes(ops, phys, t->length, 40, dsdt32, 4)) != ERIX_OK)
        return st;
    if (t->length >= 148 && (st = acpi_read_bytes(ops, phys, t->length, 140, dsdt64, 8)) != ERIX_OK)
        return st;
    uint64_t dsdt = le64(dsdt64) != 0 ? le64(dsdt64) : le32(dsdt32);
    return dsdt != 0 ? add(ops, out, dsdt) : ERIX_OK;
}

static erix_status_t read_rsdp(const struct acpi_ops *ops, uint64_t rsdp, uint32_t len,
                               struct acpi_tables *out)
{
    uint8_t r[36] = {0};
    if (len != 20 && len != 36)
        return ERIX_ERR_MALFORMED;
    erix_status_t st = acpi_read_bytes(ops, rsdp, len, 0, r, len);
    if (st != ERIX_OK)
        return st;
    if (memcmp(r, "RSD PTR ", 8) != 0)
        return ERIX_ERR_MALFORMED;
    out->rsdp_revision = r[15];
    memcpy(out->rsdp_oem, r + 9, 6);
    uint64_t xsdt = len >= 36 && r[15] >= 2 ? le64(r + 24) : 0;
    out->root = xsdt != 0 ? xsdt : le32(r + 16);
    return out->root != 0 ? ERIX_OK : ERIX_ERR_NOT_FOUND;
}

erix_status_t acpi_list(const struct acpi_ops *ops, uint64_t rsdp, uint32_t rsdp_len,
                        struct acpi_tables *out)
{
    uint8_t header[ACPI_HEADER], entry[8];
    struct acpi_table root;
    memset(out, 0, sizeof *out);
    erix_status_t st = read_rsdp(ops, rsdp, rsdp_len, out);
    if (st == ERIX_OK)
        st = read_table(ops, out->root, &root, header);
    if (st != ERIX_OK)
        return st;
    memcpy(out->root_signature, root.signature, 5);
    uint32_t size = memcmp(root.signature, "XSDT", 4) == 0 ? 8u : 4u;
    if (size == 4 && memcmp(root.signature, "RSDT", 4) != 0)
        return ERIX_ERR_MALFORMED;
    for (uint32_t off = ACPI_HEADER; off + size <= root.length && st == ERIX_OK; off += size) {
        memset(entry, 0, sizeof entry);
        st = acpi_read_bytes(ops, out->root, root.length, off, entry, size);
        if (st == ERIX_OK)
            st = add(ops, out, size == 8 ? le64(entry) : le32(entry));
    }
    return st;
}
