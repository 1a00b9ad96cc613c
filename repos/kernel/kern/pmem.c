/*
 * pmem.c - the boot allocator. First fit over page-aligned free ranges, lowest
 * address first (so early page tables sit in the boot identity map). Used only
 * until the root task's untyped memory is handed out.
 */
#include <string.h>

#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/pmem.h>

static struct pmem_range ranges[PMEM_MAX_RANGES];
static unsigned count;
static const struct boot_info *boot;
static uint64_t limit, taken;
static bool sealed;

static void add_range(uint64_t base, uint64_t end)
{
    base = (base + 4095) & ~4095ull;
    end &= ~4095ull;
    if (end <= base)
        return;
    if (count == PMEM_MAX_RANGES)
        panic("too-many-free-memory-ranges");
    ranges[count++] = (struct pmem_range){base, end};
}

/* Remove [base, end) from every range, splitting where needed. */
static void subtract(uint64_t base, uint64_t end)
{
    base &= ~4095ull;
    end = (end + 4095) & ~4095ull;
    for (unsigned i = 0; i < count; i++) {
        struct pmem_range r = ranges[i];
        if (end <= r.base || base >= r.end)
            continue;
        ranges[i] = ranges[--count];
        i--;
        if (r.base < base)
            add_range(r.base, base);
        if (end < r.end)
            add_range(end, r.end);
    }
}

static void sort_ranges(void)
{
    for (unsigned i = 1; i < count; i++) {
        struct pmem_range x = ranges[i];
        unsigned j = i;
        for (; j > 0 && ranges[j - 1].base > x.base; j--)
            ranges[j] = ranges[j - 1];
        ranges[j] = x;
    }
}

void pmem_init(const struct boot_info *info, uint64_t kernel_start, uint64_t kernel_end)
{
    boot = info;
    for (uint32_t i = 0; i < info->region_count; i++) {
        const struct boot_region *r = &info->regions[i];
        if (r->base + r->length > limit && r->kind != BOOT_MEM_RESERVED)
            limit = r->base + r->length;
        if (r->kind == BOOT_MEM_USABLE)
            add_range(r->base, r->base + r->length);
    }
    subtract(0, 0x100000); /* real-mode memory, BIOS data, VGA */
    subtract(kernel_start, kernel_end);
    for (uint32_t i = 0; i < info->module_count; i++)
        subtract(info->modules[i].start, info->modules[i].end);
    subtract(info->mbi_phys, info->mbi_phys + info->mbi_size);
    sort_ranges();
    if (limit < 0x100000000ull)
        limit = 0x100000000ull;
}

uint64_t pmem_alloc(uint64_t size)
{
    size = (size + 4095) & ~4095ull;
    if (sealed)
        panic("boot-allocation-after-seal size=%llu", (unsigned long long)size);
    for (unsigned i = 0; i < count; i++) {
        if (ranges[i].end - ranges[i].base < size)
            continue;
        uint64_t phys = ranges[i].base;
        ranges[i].base += size;
        taken += size;
        memset(arch_phys_to_virt(phys), 0, size);
        return phys;
    }
    panic("out-of-boot-memory size=%llu", (unsigned long long)size);
}

uint64_t pmem_alloc_page(void *ctx)
{
    (void)ctx;
    return sealed ? 0 : pmem_alloc(4096);
}

uint64_t pmem_phys_limit(void)
{
    return limit;
}

bool pmem_is_ram(uint64_t base, uint64_t len)
{
    for (uint32_t i = 0; i < boot->region_count; i++) {
        const struct boot_region *r = &boot->regions[i];
        if (r->kind != BOOT_MEM_RESERVED && base < r->base + r->length && r->base < base + len)
            return true;
    }
    return false;
}

uint64_t pmem_reserved_bytes(void)
{
    return taken;
}

unsigned pmem_seal(struct pmem_range *out, unsigned max)
{
    unsigned n = 0;
    for (unsigned i = 0; i < count && n < max; i++)
        if (ranges[i].end > ranges[i].base)
            out[n++] = ranges[i];
    sealed = true;
    return n;
}
