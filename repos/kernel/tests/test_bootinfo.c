/* test_bootinfo.c - the multiboot2 parser: BIOS and EFI maps, modules, refusals. */
#include <kernel/bootinfo.h>

#include "erix_test.h"
#include "mb2_builder.h"

static struct mb2 b;
static struct boot_info info;

static const struct mb2_mmap_entry bios_map[] = {
    {0x0, 0x9fc00, 1, 0},
    {0x9fc00, 0x400, 2, 0},
    {0xf0000, 0x10000, 2, 0},
    {0x100000, 0x7ee0000, 1, 0},
    {0x7fe0000, 0x20000, 2, 0},
    {0xb0000000, 0x10000000, 2, 0},
};

static void build_bios(void)
{
    mb2_begin(&b);
    mb2_string(&b, 1, "root=rootd test=facts");
    mb2_string(&b, 2, "GRUB 2.06");
    mb2_module(&b, 0x400000, 0x401234, "rootd");
    mb2_module(&b, 0x402000, 0x402100, "bootconfig");
    mb2_mmap(&b, bios_map, 6);
    mb2_end(&b);
}

static void parses_a_bios_block(void)
{
    build_bios();
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0x10000, &info), ERIX_OK);
    ERIX_CHECK_EQ(info.mem_source, BOOT_MEM_SOURCE_MMAP);
    ERIX_CHECK_EQ(info.region_count, 6);
    ERIX_CHECK_EQ(bootinfo_usable_bytes(&info), 0x9fc00 + 0x7ee0000);
    ERIX_CHECK_EQ(info.module_count, 2);
    ERIX_CHECK(strcmp(info.modules[0].name, "rootd") == 0);
    ERIX_CHECK_EQ(info.modules[0].end - info.modules[0].start, 0x1234);
    ERIX_CHECK(strcmp(info.cmdline, "root=rootd test=facts") == 0);
    ERIX_CHECK(strcmp(info.loader, "GRUB 2.06") == 0);
    ERIX_CHECK(bootinfo_find_module(&info, "bootconfig") == &info.modules[1]);
    ERIX_CHECK(bootinfo_find_module(&info, "rootdx") == NULL);
    ERIX_CHECK_EQ(info.mbi_phys, 0x10000);
    ERIX_CHECK_EQ(info.mbi_size, b.len);
}

static void efi_map_used_when_no_mmap_tag(void)
{
    const struct efi_desc d[] = {
        {7, 0, 0x0, 0, 0x9f, 0},        /* conventional */
        {4, 0, 0x100000, 0, 0x700, 0},  /* boot services data: usable */
        {2, 0, 0x800000, 0, 0x10, 0},   /* loader data: usable */
        {6, 0, 0x810000, 0, 0x10, 0},   /* runtime data: reserved */
        {9, 0, 0x820000, 0, 0x1, 0},    /* ACPI reclaim */
        {10, 0, 0x821000, 0, 0x1, 0},   /* ACPI NVS */
        {7, 0, 0x822000, 0, 0x7de, 0},  /* conventional */
    };
    mb2_begin(&b);
    mb2_module(&b, 0x1000, 0x2000, "rootd"); /* below the kernel, as OVMF does */
    mb2_efi_mmap(&b, d, 7);
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_OK);
    ERIX_CHECK_EQ(info.mem_source, BOOT_MEM_SOURCE_EFI);
    /* 0..0x9f000, 0x100000..0x810000 merged, reserved, reclaim, nvs, usable */
    ERIX_CHECK_EQ(info.region_count, 6);
    ERIX_CHECK_EQ(info.regions[1].base, 0x100000);
    ERIX_CHECK_EQ(info.regions[1].length, 0x710000);
    ERIX_CHECK_EQ(info.regions[2].kind, BOOT_MEM_RESERVED);
    ERIX_CHECK_EQ(info.regions[3].kind, BOOT_MEM_ACPI_RECLAIM);
    ERIX_CHECK_EQ(info.regions[4].kind, BOOT_MEM_ACPI_NVS);
    ERIX_CHECK_EQ(info.modules[0].start, 0x1000);
}

static void overlapping_entries_take_the_stricter_kind(void)
{
    const struct mb2_mmap_entry m[] = {
        {0x100000, 0x400000, 1, 0},
        {0x200000, 0x1000, 2, 0},
    };
    mb2_begin(&b);
    mb2_mmap(&b, m, 2);
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_OK);
    ERIX_CHECK_EQ(info.region_count, 3);
    ERIX_CHECK_EQ(info.regions[1].kind, BOOT_MEM_RESERVED);
    ERIX_CHECK_EQ(bootinfo_usable_bytes(&info), 0x400000 - 0x1000);
}

static void basic_meminfo_is_the_last_resort(void)
{
    uint32_t basic[2] = {639, 130048};
    mb2_begin(&b);
    mb2_tag(&b, 4, basic, sizeof basic);
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_OK);
    ERIX_CHECK_EQ(info.mem_source, BOOT_MEM_SOURCE_BASIC);
    ERIX_CHECK_EQ(bootinfo_usable_bytes(&info), (639ull + 130048ull) << 10);
}

static void no_memory_information_is_refused(void)
{
    mb2_begin(&b);
    mb2_string(&b, 1, "x");
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_NOT_FOUND);
}

static void rsdp_v2_preferred_over_v1(void)
{
    uint8_t v1[20] = "RSD PTR ";
    uint8_t v2[36] = "RSD PTR ";
    v1[15] = 0;
    v2[15] = 2;
    mb2_begin(&b);
    mb2_mmap(&b, bios_map, 1);
    mb2_tag(&b, 15, v2, sizeof v2);
    mb2_tag(&b, 14, v1, sizeof v1);
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_OK);
    ERIX_CHECK_EQ(info.rsdp_version, 2);
    ERIX_CHECK_EQ(info.rsdp[15], 2);
}

static void framebuffer_tag_is_read(void)
{
    uint8_t fb[24] = {0};
    uint64_t addr = 0xfd000000;
    uint32_t pitch = 4096, w = 1024, h = 768;
    memcpy(fb, &addr, 8);
    memcpy(fb + 8, &pitch, 4);
    memcpy(fb + 12, &w, 4);
    memcpy(fb + 16, &h, 4);
    fb[20] = 32;
    fb[21] = 1;
    mb2_begin(&b);
    mb2_mmap(&b, bios_map, 1);
    mb2_tag(&b, 8, fb, sizeof fb);
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_OK);
    ERIX_CHECK(info.fb.present);
    ERIX_CHECK_EQ(info.fb.width, 1024);
    ERIX_CHECK_EQ(info.fb.bpp, 32);
}

static void truncated_blocks_are_refused(void)
{
    build_bios();
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, 8, 0, &info), ERIX_ERR_TRUNCATED);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len - 8, 0, &info), ERIX_ERR_TRUNCATED);
    ERIX_CHECK_EQ(bootinfo_parse(NULL, 64, 0, &info), ERIX_ERR_TRUNCATED);
    /* total_size claims less than the tags need: the end tag is cut off */
    mb2_put32(&b, 0, (uint32_t)(b.len - 8));
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_TRUNCATED);
}

static void bad_total_sizes_are_refused(void)
{
    build_bios();
    mb2_put32(&b, 0, 12);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_MALFORMED);
    mb2_put32(&b, 0, (uint32_t)b.len + 4);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len + 4, 0, &info), ERIX_ERR_MALFORMED);
}

static void tag_overrunning_the_block_is_refused(void)
{
    build_bios();
    mb2_put32(&b, 12, 0x10000); /* first tag's size */
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_TRUNCATED);
    build_bios();
    mb2_put32(&b, 12, 4); /* smaller than a tag header */
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_TRUNCATED);
}

static void missing_end_tag_is_refused(void)
{
    mb2_begin(&b);
    mb2_mmap(&b, bios_map, 2);
    mb2_put32(&b, 0, (uint32_t)b.len);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_TRUNCATED);
}

static void unterminated_strings_are_refused(void)
{
    mb2_begin(&b);
    mb2_mmap(&b, bios_map, 1);
    mb2_tag(&b, 1, "abc", 3); /* no NUL */
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_MALFORMED);
}

static void overlong_module_name_is_refused(void)
{
    char name[BOOT_NAME_MAX + 8];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = 0;
    mb2_begin(&b);
    mb2_mmap(&b, bios_map, 1);
    mb2_module(&b, 0x1000, 0x2000, name);
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_LIMIT);
}

static void unaligned_module_is_refused(void)
{
    mb2_begin(&b);
    mb2_mmap(&b, bios_map, 1);
    mb2_module(&b, 0x1010, 0x2000, "x");
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_ALIGNMENT);
}

static void inverted_module_is_refused(void)
{
    mb2_begin(&b);
    mb2_mmap(&b, bios_map, 1);
    mb2_module(&b, 0x2000, 0x1000, "x");
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_MALFORMED);
}

static void too_many_modules_are_refused(void)
{
    mb2_begin(&b);
    mb2_mmap(&b, bios_map, 1);
    for (int i = 0; i <= BOOT_MAX_MODULES; i++)
        mb2_module(&b, 0x1000, 0x2000, "m");
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_LIMIT);
}

static void bad_mmap_entry_size_is_refused(void)
{
    build_bios();
    /* the mmap tag follows cmdline, loader and two modules; find it */
    size_t off = 8;
    for (;;) {
        uint32_t type, size;
        memcpy(&type, b.buf + off, 4);
        memcpy(&size, b.buf + off + 4, 4);
        if (type == 6)
            break;
        off += (size + 7) & ~7u;
    }
    mb2_put32(&b, off + 8, 16);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_MALFORMED);
    mb2_put32(&b, off + 8, 32); /* entries no longer divide the tag */
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_TRUNCATED);
}

static void wrapping_region_is_refused(void)
{
    const struct mb2_mmap_entry m[] = {{0xfffffffffffff000ull, 0x2000, 1, 0}};
    mb2_begin(&b);
    mb2_mmap(&b, m, 1);
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_OUT_OF_RANGE);
}

static void duplicate_singletons_are_refused(void)
{
    mb2_begin(&b);
    mb2_mmap(&b, bios_map, 1);
    mb2_string(&b, 1, "a");
    mb2_string(&b, 1, "b");
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_ERR_MALFORMED);
}

static void unknown_tags_are_skipped(void)
{
    uint8_t junk[13] = {1, 2, 3};
    mb2_begin(&b);
    mb2_tag(&b, 99, junk, sizeof junk);
    mb2_mmap(&b, bios_map, 1);
    mb2_end(&b);
    ERIX_CHECK_EQ(bootinfo_parse(b.buf, b.len, 0, &info), ERIX_OK);
    ERIX_CHECK_EQ(info.region_count, 1);
}

int main(void)
{
    ERIX_RUN(parses_a_bios_block);
    ERIX_RUN(efi_map_used_when_no_mmap_tag);
    ERIX_RUN(overlapping_entries_take_the_stricter_kind);
    ERIX_RUN(basic_meminfo_is_the_last_resort);
    ERIX_RUN(no_memory_information_is_refused);
    ERIX_RUN(rsdp_v2_preferred_over_v1);
    ERIX_RUN(framebuffer_tag_is_read);
    ERIX_RUN(truncated_blocks_are_refused);
    ERIX_RUN(bad_total_sizes_are_refused);
    ERIX_RUN(tag_overrunning_the_block_is_refused);
    ERIX_RUN(missing_end_tag_is_refused);
    ERIX_RUN(unterminated_strings_are_refused);
    ERIX_RUN(overlong_module_name_is_refused);
    ERIX_RUN(inverted_module_is_refused);
    ERIX_RUN(unaligned_module_is_refused);
    ERIX_RUN(too_many_modules_are_refused);
    ERIX_RUN(bad_mmap_entry_size_is_refused);
    ERIX_RUN(wrapping_region_is_refused);
    ERIX_RUN(duplicate_singletons_are_refused);
    ERIX_RUN(unknown_tags_are_skipped);
    return erix_test_finish();
}
