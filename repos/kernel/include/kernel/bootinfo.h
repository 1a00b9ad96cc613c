/*
 * bootinfo.h - what the kernel learned from the boot loader.
 *
 * bootinfo_parse() turns a multiboot2 information block into this fixed-size
 * summary. It is portable (host unit tests feed it crafted blocks) and strict:
 * a malformed block is refused as a whole with a typed status.
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <erix/status.h>

#define BOOT_MAX_REGIONS 256
#define BOOT_MAX_MODULES 32
#define BOOT_NAME_MAX 48
#define BOOT_CMDLINE_MAX 256
#define BOOT_LOADER_MAX 64
#define BOOT_MBI_MAX_SIZE (1u << 20) /* refuse absurd total_size values */

enum boot_mem_kind {
    BOOT_MEM_USABLE = 1,
    BOOT_MEM_ACPI_RECLAIM = 2,
    BOOT_MEM_ACPI_NVS = 3,
    BOOT_MEM_RESERVED = 4,
    BOOT_MEM_BAD = 5,
};

enum boot_mem_source {
    BOOT_MEM_SOURCE_NONE = 0,
    BOOT_MEM_SOURCE_MMAP = 1, /* multiboot2 memory map tag (BIOS and EFI) */
    BOOT_MEM_SOURCE_EFI = 2,  /* EFI memory map tag only */
    BOOT_MEM_SOURCE_BASIC = 3, /* only lower/upper memory sizes */
};

struct boot_region {
    uint64_t base;
    uint64_t length;
    uint32_t kind;
};

struct boot_module {
    uint64_t start;
    uint64_t end; /* exclusive */
    char name[BOOT_NAME_MAX];
};

struct boot_framebuffer {
    bool present;
    uint8_t bpp;
    uint8_t type;
    uint64_t addr;
    uint32_t pitch;
    uint32_t width;
    uint32_t height;
};

struct boot_info {
    uint32_t mem_source;
    uint32_t region_count;
    struct boot_region regions[BOOT_MAX_REGIONS]; /* sorted, disjoint, merged */
    uint32_t module_count;
    struct boot_module modules[BOOT_MAX_MODULES];
    char cmdline[BOOT_CMDLINE_MAX];
    char loader[BOOT_LOADER_MAX];
    struct boot_framebuffer fb;
    uint32_t rsdp_version; /* 0: none, 1: ACPI 1.0 RSDP, 2: ACPI 2.0+ XSDP */
    uint8_t rsdp[36];
    uint64_t mbi_phys;
    uint64_t mbi_size;
};

/* Parse the block at `mbi` (`avail` readable bytes, physical address `phys`). */
erix_status_t bootinfo_parse(const uint8_t *mbi, size_t avail, uint64_t phys,
                             struct boot_info *out);

/* Bytes of usable RAM in the parsed map. */
uint64_t bootinfo_usable_bytes(const struct boot_info *info);

/* The module whose name is `name`, or NULL. */
const struct boot_module *bootinfo_find_module(const struct boot_info *info,
                                               const char *name);

#endif
