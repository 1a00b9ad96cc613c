/*
 * bootinfo.c - strict multiboot2 information parser.
 *
 * Owns the translation of GRUB's tag list (memory map in BIOS and EFI forms,
 * modules wherever they sit, command line, loader name, framebuffer, ACPI RSDP)
 * into struct boot_info. Nothing here trusts a length it has not checked.
 */
#include <string.h>

#include <erixc/bytes.h>
#include <kernel/bootinfo.h>

enum {
    TAG_END = 0,
    TAG_CMDLINE = 1,
    TAG_LOADER = 2,
    TAG_MODULE = 3,
    TAG_BASIC_MEMINFO = 4,
    TAG_MMAP = 6,
    TAG_FRAMEBUFFER = 8,
    TAG_ACPI_OLD = 14,
    TAG_ACPI_NEW = 15,
    TAG_EFI_MMAP = 17,
};

struct cursor {
    const uint8_t *base;
    size_t size;
};

struct raw_map {
    uint32_t count;
    struct boot_region *entries; /* BOOT_MAX_REGIONS */
};

/* Copy the NUL-terminated string in [p, p + len) into dst (cap bytes). */
static erix_status_t copy_string(const uint8_t *p, size_t len, char *dst, size_t cap)
{
    size_t n = 0;
    while (n < len && p[n] != 0)
        n++;
    if (n == len)
        return ERIX_ERR_MALFORMED;
    if (n >= cap)
        return ERIX_ERR_LIMIT;
    memcpy(dst, p, n);
    dst[n] = 0;
    return ERIX_OK;
}

static erix_status_t add_raw(struct raw_map *raw, uint64_t base, uint64_t len, uint32_t kind)
{
    if (len == 0)
        return ERIX_OK;
    if (base + len < base)
        return ERIX_ERR_OUT_OF_RANGE;
    if (raw->count >= BOOT_MAX_REGIONS)
        return ERIX_ERR_LIMIT;
    raw->entries[raw->count++] = (struct boot_region){base, len, kind};
    return ERIX_OK;
}

static uint32_t mb2_kind(uint32_t type)
{
    switch (type) {
    case 1: return BOOT_MEM_USABLE;
    case 3: return BOOT_MEM_ACPI_RECLAIM;
    case 4: return BOOT_MEM_ACPI_NVS;
    case 5: return BOOT_MEM_BAD;
    default: return BOOT_MEM_RESERVED;
    }
}

static uint32_t efi_kind(uint32_t type)
{
    switch (type) {
    case 1: case 2: case 3: case 4: case 7: return BOOT_MEM_USABLE;
    case 8: return BOOT_MEM_BAD;
    case 9: return BOOT_MEM_ACPI_RECLAIM;
    case 10: return BOOT_MEM_ACPI_NVS;
    default: return BOOT_MEM_RESERVED;
    }
}

static erix_status_t parse_mmap(const uint8_t *body, size_t len, struct raw_map *raw)
{
    if (len < 8)
        return ERIX_ERR_TRUNCATED;
    uint32_t entry_size = erixc_le32(body);
    if (entry_size < 24 || entry_size % 8 != 0)
        return ERIX_ERR_MALFORMED;
    for (size_t off = 8; off < len; off += entry_size) {
        if (len - off < entry_size)
            return ERIX_ERR_TRUNCATED;
        const uint8_t *e = body + off;
        erix_status_t st = add_raw(raw, erixc_le64(e), erixc_le64(e + 8), mb2_kind(erixc_le32(e + 16)));
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

static erix_status_t parse_efi_mmap(const uint8_t *body, size_t len, struct raw_map *raw)
{
    if (len < 8)
        return ERIX_ERR_TRUNCATED;
    uint32_t desc_size = erixc_le32(body);
    if (desc_size < 40 || desc_size % 8 != 0)
        return ERIX_ERR_MALFORMED;
    for (size_t off = 8; off < len; off += desc_size) {
        if (len - off < desc_size)
            return ERIX_ERR_TRUNCATED;
        const uint8_t *d = body + off;
        uint64_t pages = erixc_le64(d + 24);
        if (pages > (UINT64_MAX >> 12))
            return ERIX_ERR_OUT_OF_RANGE;
        erix_status_t st = add_raw(raw, erixc_le64(d + 8), pages << 12, efi_kind(erixc_le32(d)));
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

static erix_status_t parse_basic(const uint8_t *body, size_t len, struct raw_map *raw)
{
    if (len < 8)
        return ERIX_ERR_TRUNCATED;
    erix_status_t st = add_raw(raw, 0, (uint64_t)erixc_le32(body) << 10, BOOT_MEM_USABLE);
    if (st != ERIX_OK)
        return st;
    return add_raw(raw, 1u << 20, (uint64_t)erixc_le32(body + 4) << 10, BOOT_MEM_USABLE);
}

static erix_status_t parse_module(const uint8_t *body, size_t len, struct boot_info *out)
{
    if (len < 9)
        return ERIX_ERR_TRUNCATED;
    if (out->module_count >= BOOT_MAX_MODULES)
        return ERIX_ERR_LIMIT;
    struct boot_module *m = &out->modules[out->module_count];
    m->start = erixc_le32(body);
    m->end = erixc_le32(body + 4);
    if (m->end < m->start)
        return ERIX_ERR_MALFORMED;
    if (m->start % 4096 != 0)
        return ERIX_ERR_ALIGNMENT; /* the header asks for page-aligned modules */
    erix_status_t st = copy_string(body + 8, len - 8, m->name, sizeof m->name);
    if (st == ERIX_OK)
        out->module_count++;
    return st;
}

static erix_status_t parse_framebuffer(const uint8_t *body, size_t len, struct boot_info *out)
{
    if (len < 24)
        return ERIX_ERR_TRUNCATED;
    if (out->fb.present)
        return ERIX_ERR_MALFORMED;
    out->fb = (struct boot_framebuffer){
        .present = true,
        .addr = erixc_le64(body),
        .pitch = erixc_le32(body + 8),
        .width = erixc_le32(body + 12),
        .height = erixc_le32(body + 16),
        .bpp = body[20],
        .type = body[21],
    };
    return ERIX_OK;
}

static erix_status_t parse_rsdp(const uint8_t *body, size_t len, uint32_t version,
                                struct boot_info *out)
{
    size_t need = version == 2 ? 36 : 20;
    if (len < need)
        return ERIX_ERR_TRUNCATED;
    if (out->rsdp_version >= version)
        return version == out->rsdp_version ? ERIX_ERR_MALFORMED : ERIX_OK;
    memset(out->rsdp, 0, sizeof out->rsdp);
    memcpy(out->rsdp, body, need);
    out->rsdp_version = version;
    return ERIX_OK;
}

struct seen {
    bool cmdline, loader, mmap, efi_mmap, basic;
};

static erix_status_t once(bool *flag)
{
    if (*flag)
        return ERIX_ERR_MALFORMED;
    *flag = true;
    return ERIX_OK;
}

static erix_status_t parse_tag(uint32_t type, const uint8_t *body, size_t len,
                               struct boot_info *out, struct raw_map *mmap,
                               struct raw_map *efi, struct raw_map *basic, struct seen *seen)
{
    erix_status_t st = ERIX_OK;
    switch (type) {
    case TAG_CMDLINE:
        st = once(&seen->cmdline);
        return st ? st : copy_string(body, len, out->cmdline, sizeof out->cmdline);
    case TAG_LOADER:
        st = once(&seen->loader);
        return st ? st : copy_string(body, len, out->loader, sizeof out->loader);
    case TAG_MODULE: return parse_module(body, len, out);
    case TAG_BASIC_MEMINFO:
        st = once(&seen->basic);
        return st ? st : parse_basic(body, len, basic);
    case TAG_MMAP:
        st = once(&seen->mmap);
        return st ? st : parse_mmap(body, len, mmap);
    case TAG_EFI_MMAP:
        st = once(&seen->efi_mmap);
        return st ? st : parse_efi_mmap(body, len, efi);
    case TAG_FRAMEBUFFER: return parse_framebuffer(body, len, out);
    case TAG_ACPI_OLD: return parse_rsdp(body, len, 1, out);
    case TAG_ACPI_NEW: return parse_rsdp(body, len, 2, out);
    default: return ERIX_OK; /* tags we do not use are skipped */
    }
}

/* The kind of byte `addr`: the most restrictive kind of any raw entry, or 0. */
static uint32_t kind_at(const struct raw_map *raw, uint64_t addr)
{
    uint32_t kind = 0;
    for (uint32_t i = 0; i < raw->count; i++) {
        const struct boot_region *r = &raw->entries[i];
        if (addr >= r->base && addr - r->base < r->length && r->kind > kind)
            kind = r->kind;
    }
    return kind;
}

static void sort_u64(uint64_t *v, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        uint32_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

static erix_status_t append_region(struct boot_info *out, uint64_t base, uint64_t end,
                                   uint32_t kind)
{
    if (out->region_count > 0) {
        struct boot_region *last = &out->regions[out->region_count - 1];
        if (last->kind == kind && last->base + last->length == base) {
            last->length += end - base;
            return ERIX_OK;
        }
    }
    if (out->region_count >= BOOT_MAX_REGIONS)
        return ERIX_ERR_LIMIT;
    out->regions[out->region_count++] = (struct boot_region){base, end - base, kind};
    return ERIX_OK;
}

/*
 * Turn possibly overlapping raw entries into sorted, disjoint, merged regions;
 * where entries overlap, the most restrictive kind wins.
 */
static erix_status_t normalize(const struct raw_map *raw, struct boot_info *out)
{
    uint64_t points[2 * BOOT_MAX_REGIONS];
    uint32_t n = 0;
    for (uint32_t i = 0; i < raw->count; i++) {
        points[n++] = raw->entries[i].base;
        points[n++] = raw->entries[i].base + raw->entries[i].length;
    }
    sort_u64(points, n);
    out->region_count = 0;
    for (uint32_t i = 0; i + 1 < n; i++) {
        if (points[i] == points[i + 1])
            continue;
        uint32_t kind = kind_at(raw, points[i]);
        if (kind == 0)
            continue;
        erix_status_t st = append_region(out, points[i], points[i + 1], kind);
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

static erix_status_t check_header(const uint8_t *mbi, size_t avail, uint32_t *total)
{
    if (mbi == NULL || avail < 16)
        return ERIX_ERR_TRUNCATED;
    *total = erixc_le32(mbi);
    if (*total < 16 || *total % 8 != 0)
        return ERIX_ERR_MALFORMED;
    if (*total > avail || *total > BOOT_MBI_MAX_SIZE)
        return ERIX_ERR_TRUNCATED;
    return ERIX_OK;
}

struct maps {
    struct raw_map mmap, efi, basic;
};

static erix_status_t walk_tags(const uint8_t *mbi, uint32_t total, struct boot_info *out,
                               struct maps *maps)
{
    struct seen seen = {0};
    for (size_t off = 8;;) {
        if (total - off < 8)
            return ERIX_ERR_TRUNCATED;
        uint32_t type = erixc_le32(mbi + off);
        uint32_t size = erixc_le32(mbi + off + 4);
        if (size < 8 || size > total - off)
            return ERIX_ERR_TRUNCATED;
        if (type == TAG_END)
            return size == 8 ? ERIX_OK : ERIX_ERR_MALFORMED;
        erix_status_t st = parse_tag(type, mbi + off + 8, size - 8u, out, &maps->mmap,
                                     &maps->efi, &maps->basic, &seen);
        if (st != ERIX_OK)
            return st;
        off += ((size_t)size + 7u) & ~(size_t)7u;
        if (off >= total)
            return ERIX_ERR_TRUNCATED; /* no end tag */
    }
}

static struct boot_region scratch_mmap[BOOT_MAX_REGIONS];
static struct boot_region scratch_efi[BOOT_MAX_REGIONS];
static struct boot_region scratch_basic[2];

erix_status_t bootinfo_parse(const uint8_t *mbi, size_t avail, uint64_t phys,
                             struct boot_info *out)
{
    uint32_t total;
    erix_status_t st = check_header(mbi, avail, &total);
    if (st != ERIX_OK)
        return st;
    memset(out, 0, sizeof *out);
    struct maps maps = {
        {0, scratch_mmap}, {0, scratch_efi}, {0, scratch_basic},
    };
    st = walk_tags(mbi, total, out, &maps);
    if (st != ERIX_OK)
        return st;
    out->mbi_phys = phys;
    out->mbi_size = total;
    if (maps.mmap.count > 0) {
        out->mem_source = BOOT_MEM_SOURCE_MMAP;
        return normalize(&maps.mmap, out);
    }
    if (maps.efi.count > 0) {
        out->mem_source = BOOT_MEM_SOURCE_EFI;
        return normalize(&maps.efi, out);
    }
    out->mem_source = maps.basic.count > 0 ? BOOT_MEM_SOURCE_BASIC : BOOT_MEM_SOURCE_NONE;
    return maps.basic.count > 0 ? normalize(&maps.basic, out) : ERIX_ERR_NOT_FOUND;
}

uint64_t bootinfo_usable_bytes(const struct boot_info *info)
{
    uint64_t total = 0;
    for (uint32_t i = 0; i < info->region_count; i++)
        if (info->regions[i].kind == BOOT_MEM_USABLE)
            total += info->regions[i].length;
    return total;
}

const struct boot_module *bootinfo_find_module(const struct boot_info *info, const char *name)
{
    for (uint32_t i = 0; i < info->module_count; i++)
        if (strcmp(info->modules[i].name, name) == 0)
            return &info->modules[i];
    return NULL;
}
