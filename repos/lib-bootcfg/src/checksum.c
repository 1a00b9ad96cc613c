/*
 * checksum.c - FNV-1a 32 over a boot-config image, with the header's
 * checksum field (bytes 20..23) taken as zero, so the writer can compute it
 * before storing it and the reader over the image as it is.
 */
#include "internal.h"

#define FNV32_BASIS 0x811c9dc5u
#define FNV32_PRIME 0x01000193u

uint32_t erix_bootcfg_checksum(const void *buf, size_t size)
{
    const uint8_t *p = buf;
    uint32_t h = FNV32_BASIS;

    for (size_t i = 0; i < size; i++) {
        uint8_t b = (i >= BCFG_CHECKSUM_OFFSET && i < BCFG_CHECKSUM_OFFSET + 4u) ? 0 : p[i];
        h = (h ^ b) * FNV32_PRIME;
    }
    return h;
}
