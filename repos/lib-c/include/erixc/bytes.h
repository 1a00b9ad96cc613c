/*
 * bytes.h - little-endian loads from unaligned memory (boot information, ACPI
 * tables, ELF headers, wire formats), done through memcpy so neither alignment
 * nor aliasing rules are broken. EriX runs little-endian only.
 */
#ifndef ERIXC_BYTES_H
#define ERIXC_BYTES_H

#include <stdint.h>
#include <string.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "erixc/bytes.h loads little-endian data with native loads: little-endian only"
#endif

static inline uint16_t erixc_le16(const void *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint32_t erixc_le32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint64_t erixc_le64(const void *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

#endif
