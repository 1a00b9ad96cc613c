/*
 * platform.c - platform facts: the ACPI table walk (RSDP -> XSDT/RSDT ->
 * checksum-valid tables, FADT -> DSDT, MADT -> I/O APIC and interrupt
 * overrides), PCI BAR decoding with a RAM-overlap check, the framebuffer, and
 * the presence bits READ_PLATFORM_CAPS reports.
 */
#include <string.h>

#include <erixc/bytes.h>
#include <erix/kctl.h>

#include <kernel/arch.h>
#include <kernel/console.h>
#include <kernel/platform.h>

#define ACPI_MAX_TABLES 64

struct window {
    uint64_t phys;
    uint64_t len;
};

static const struct boot_info *boot;
static struct window rsdp, root_table, tables[ACPI_MAX_TABLES];
static uint32_t table_count, rsdp_revision, caps;

static const uint8_t *phys_ptr(uint64_t phys, uint64_t len)
{
    if (len == 0 || arch_physmap_readable(phys) < len)
        return NULL;
    return arch_phys_to_virt(phys);
}

static bool checksum_ok(const uint8_t *p, uint64_t len)
{
    uint8_t sum = 0;
    for (uint64_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + p[i]);
    return sum == 0;
}

/* A table header at phys with a sane length and a valid checksum: its length, else 0. */
static uint32_t valid_table(uint64_t phys)
{
    const uint8_t *h = phys_ptr(phys, 36);
    if (h == NULL)
        return 0;
    uint32_t len = erixc_le32(h + 4);
    const uint8_t *t = len >= 36 && len <= (1u << 20) ? phys_ptr(phys, len) : NULL;
    return t != NULL && checksum_ok(t, len) ? len : 0;
}

static void note_table(uint64_t phys, uint32_t len)
{
    for (uint32_t i = 0; i < table_count; i++)
        if (tables[i].phys == phys)
            return;
    if (table_count < ACPI_MAX_TABLES)
        tables[table_count++] = (struct window){phys, len};
}

static void walk_madt(const uint8_t *t, uint32_t len)
{
    bool ioapic = false;
    for (uint32_t off = 44; off + 2 <= len;) {
        uint8_t type = t[off], size = t[off + 1];
        if (size < 2 || off + size > len)
            break;
        if (type == 1 && size >= 12 && !ioapic) {
            arch_ioapic_init(erixc_le32(t + off + 4), erixc_le32(t + off + 8));
            ioapic = true;
            caps |= ERIX_PLATFORM_IOAPIC;
        }
        if (type == 2 && size >= 10 && ioapic && t[off + 2] == 0 && t[off + 3] < 16) {
            uint16_t flags;
            memcpy(&flags, t + off + 8, 2);
            arch_irq_route(t[off + 3], erixc_le32(t + off + 4), flags);
        }
        off += size;
    }
}

static void visit_table(uint64_t phys)
{
    uint32_t len = valid_table(phys);
    if (len == 0)
        return;
    note_table(phys, len);
    const uint8_t *t = phys_ptr(phys, len);
    if (memcmp(t, "FACP", 4) == 0 && len >= 44) {
        uint64_t dsdt = len >= 148 ? erixc_le64(t + 140) : 0;
        if (dsdt == 0)
            dsdt = erixc_le32(t + 40);
        uint32_t dlen = dsdt != 0 ? valid_table(dsdt) : 0;
        if (dlen != 0)
            note_table(dsdt, dlen);
    }
    if (memcmp(t, "APIC", 4) == 0)
        walk_madt(t, len);
}

static void walk_root(uint64_t phys, bool xsdt)
{
    uint32_t len = valid_table(phys);
    const uint8_t *t = len != 0 ? phys_ptr(phys, len) : NULL;
    if (t == NULL || memcmp(t, xsdt ? "XSDT" : "RSDT", 4) != 0)
        return;
    root_table = (struct window){phys, len};
    uint32_t entry = xsdt ? 8 : 4;
    for (uint32_t off = 36; off + entry <= len; off += entry)
        visit_table(xsdt ? erixc_le64(t + off) : erixc_le32(t + off));
}

static void walk_acpi(const struct boot_info *info, uint64_t copy_phys)
{
    if (info->rsdp_version == 0 || copy_phys == 0)
        return;
    const uint8_t *r = info->rsdp;
    rsdp_revision = r[15];
    uint32_t len = rsdp_revision >= 2 ? erixc_le32(r + 20) : 20;
    if (len < 20 || len > 36)
        len = 20;
    rsdp = (struct window){copy_phys, len};
    caps |= ERIX_PLATFORM_ACPI;
    if (rsdp_revision >= 2 && erixc_le64(r + 24) != 0)
        walk_root(erixc_le64(r + 24), true);
    else
        walk_root(erixc_le32(r + 16), false);
}

static void probe_devices(void)
{
    if (arch_pci_read32(0, 0, 0, 0) != 0xffffffffu)
        caps |= ERIX_PLATFORM_PCI;
    if (arch_port_in8(0x64) != 0xff)
        caps |= ERIX_PLATFORM_I8042;
    uint8_t old = arch_port_in8(0x3ff);
    arch_port_out8(0x3ff, 0x5a);
    if (arch_port_in8(0x3ff) == 0x5a)
        caps |= ERIX_PLATFORM_COM1;
    arch_port_out8(0x3ff, old);
    if (!arch_timer_uses_pit())
        caps |= ERIX_PLATFORM_LAPIC;
    if (boot->fb.present && boot->fb.type == 1)
        caps |= ERIX_PLATFORM_FRAMEBUFFER;
}

void platform_init(const struct boot_info *info, uint64_t rsdp_copy_phys)
{
    boot = info;
    walk_acpi(info, rsdp_copy_phys);
    probe_devices();
    kprintf("ERIX_KERNEL:PLATFORM caps=0x%x acpi_tables=%u\n", caps, table_count);
}

uint32_t platform_caps(void)
{
    return caps;
}

bool platform_rsdp(uint64_t *phys, uint32_t *revision, uint32_t *length)
{
    if (rsdp.len == 0)
        return false;
    *phys = rsdp.phys;
    *revision = rsdp_revision;
    *length = (uint32_t)rsdp.len;
    return true;
}

static bool inside(const struct window *w, uint64_t phys, uint64_t len)
{
    return w->len != 0 && phys >= w->phys && len <= w->len && phys - w->phys <= w->len - len;
}

bool platform_acpi_window_ok(uint64_t phys, uint64_t len)
{
    if (len == 0 || phys + len < phys)
        return false;
    if (inside(&rsdp, phys, len) || inside(&root_table, phys, len))
        return true;
    for (uint32_t i = 0; i < table_count; i++)
        if (inside(&tables[i], phys, len))
            return true;
    return false;
}

uint32_t platform_acpi_table_count(void)
{
    return table_count;
}

bool platform_overlaps_ram(uint64_t base, uint64_t len)
{
    for (uint32_t i = 0; i < boot->region_count; i++) {
        const struct boot_region *r = &boot->regions[i];
        if (r->kind != BOOT_MEM_RESERVED && base < r->base + r->length && r->base < base + len)
            return true;
    }
    return false;
}

static uint64_t bar_size(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, bool wide)
{
    uint32_t lo = arch_pci_read32(bus, dev, fn, off);
    uint32_t hi = wide ? arch_pci_read32(bus, dev, fn, (uint16_t)(off + 4)) : 0;
    arch_pci_write32(bus, dev, fn, off, 0xffffffffu);
    if (wide)
        arch_pci_write32(bus, dev, fn, (uint16_t)(off + 4), 0xffffffffu);
    uint64_t mask = arch_pci_read32(bus, dev, fn, off) & ~0xfull;
    if (wide)
        mask |= (uint64_t)arch_pci_read32(bus, dev, fn, (uint16_t)(off + 4)) << 32;
    else
        mask |= 0xffffffff00000000ull;
    arch_pci_write32(bus, dev, fn, off, lo);
    if (wide)
        arch_pci_write32(bus, dev, fn, (uint16_t)(off + 4), hi);
    return mask == 0 ? 0 : ~mask + 1;
}

erix_status_t platform_pci_bar(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t bar, uint64_t *base,
                               uint64_t *size)
{
    if (dev >= 32 || fn >= 8 || bar >= 6)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((caps & ERIX_PLATFORM_PCI) == 0 || (arch_pci_read32(bus, dev, fn, 0) & 0xffff) == 0xffff)
        return ERIX_ERR_NOT_FOUND;
    if ((arch_pci_read32(bus, dev, fn, 0x0c) & 0x7f0000) != 0)
        return ERIX_ERR_NOT_FOUND; /* only type-0 headers have six BARs */
    uint16_t off = (uint16_t)(0x10 + bar * 4);
    uint32_t lo = arch_pci_read32(bus, dev, fn, off);
    bool wide = (lo & 0x6) == 0x4;
    if ((lo & 1) != 0 || (wide && bar == 5))
        return ERIX_ERR_WRONG_TYPE; /* I/O BARs are not memory */
    uint64_t b = (lo & ~0xfull) | (wide ? (uint64_t)arch_pci_read32(bus, dev, fn, off + 4) << 32 : 0);
    uint64_t s = bar_size(bus, dev, fn, off, wide);
    if (b == 0 || s == 0 || b % 4096 != 0)
        return ERIX_ERR_NOT_FOUND;
    s = (s + 4095) & ~4095ull;
    if (b + s < b || platform_overlaps_ram(b, s))
        return ERIX_ERR_DENIED; /* never a window onto RAM */
    *base = b;
    *size = s;
    return ERIX_OK;
}

erix_status_t platform_framebuffer(uint64_t *base, uint64_t *size)
{
    const struct boot_framebuffer *fb = &boot->fb;
    if (!fb->present || fb->type != 1 || fb->addr % 4096 != 0)
        return ERIX_ERR_NOT_FOUND;
    uint64_t s = ((uint64_t)fb->pitch * fb->height + 4095) & ~4095ull;
    if (s == 0 || platform_overlaps_ram(fb->addr, s))
        return ERIX_ERR_DENIED;
    *base = fb->addr;
    *size = s;
    return ERIX_OK;
}

const struct boot_framebuffer *platform_fb(void)
{
    return &boot->fb;
}
