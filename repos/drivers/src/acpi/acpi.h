/*
 * acpi.h - finding the ACPI tables through a qword-read callback (the ACPI
 * family's READ_ACPI_QWORDS on EriX, a fake in host tests).
 *
 * The kernel lets a reader see only the RSDP, the RSDT/XSDT and the tables
 * reachable from it, each as a window of its exact length, in whole qwords
 * that stay inside the window (at any address). acpi_read_bytes reads any
 * byte range of a window that way: whole qwords, and the last one moved back
 * so that it ends at the window's end. Windows shorter than 8 bytes cannot be
 * read at all (ERIX_ERR_OUT_OF_RANGE).
 *
 * Pure.
 */
#ifndef DRIVERS_ACPI_H
#define DRIVERS_ACPI_H

#include <stdint.h>

#include <erix/status.h>

#define ACPI_HEADER 36u
#define ACPI_MAX_TABLES 32u

struct acpi_ops {
    /* `count` qwords at phys into out */
    erix_status_t (*read)(void *ctx, uint64_t phys, uint64_t *out, uint32_t count);
    void *ctx;
};

struct acpi_table {
    char signature[5];
    char oem[7];
    uint64_t phys;
    uint32_t length;
    uint8_t revision;
    uint8_t checksum_ok;        /* the bytes of the whole table sum to 0 */
};

struct acpi_tables {
    uint32_t rsdp_revision;
    char rsdp_oem[7];
    uint64_t root;               /* the XSDT (revision 2+) or the RSDT */
    char root_signature[5];
    uint32_t count;
    struct acpi_table tables[ACPI_MAX_TABLES];
};

/* n bytes at offset off of the window [phys, phys + window) into dst. */
erix_status_t acpi_read_bytes(const struct acpi_ops *ops, uint64_t phys, uint32_t window,
                              uint32_t off, void *dst, uint32_t n);

/*
 * From the RSDP (its address and length as GET_ACPI_RSDP reports them): its
 * signature, the root table (XSDT when revision >= 2 and present, else RSDT),
 * every table it lists and the DSDT the FADT names, each with its header and
 * checksum. ERIX_ERR_MALFORMED for a bad signature or length; read errors as
 * they are. Tables past ACPI_MAX_TABLES are not listed (ERIX_ERR_LIMIT).
 */
erix_status_t acpi_list(const struct acpi_ops *ops, uint64_t rsdp, uint32_t rsdp_len,
                        struct acpi_tables *out);

#endif
