/*
 * paging.c - 4-level page tables: the kernel's own (physmap with 2 MiB pages,
 * the image with 4 KiB pages and W^X per section) and the user halves of
 * address spaces. User mappings are always 4 KiB, never writable and
 * executable at once; intermediate tables come from a caller-supplied
 * allocator so the caller can charge them to untyped memory.
 */
#include <stddef.h>
#include <string.h>

#include <kernel/arch.h>
#include <kernel/panic.h>

#include "arch_x86_64.h"
#include "boot_layout.h"
#include "cpu.h"

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_U 0x4ull
#define PTE_PWT 0x8ull
#define PTE_PCD 0x10ull
#define PTE_PS 0x80ull
#define PTE_G 0x100ull
#define PTE_ANON 0x200ull /* software bit: anonymous RAM frame */
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

static uint64_t kernel_root;
static uint64_t physmap_limit;

extern char __kernel_text_start[], __kernel_text_end[], __kernel_rodata_end[];
extern char __kernel_virt_end[];

static uint64_t *table(uint64_t phys)
{
    return (uint64_t *)arch_phys_to_virt(phys);
}

static unsigned index_of(uint64_t va, unsigned level)
{
    return (unsigned)((va >> (12 + 9 * level)) & 0x1ff);
}

/* The entry for `va` at `level` (3 = PML4 ... 0 = PT), creating tables on the way. */
static uint64_t *walk(uint64_t root, uint64_t va, unsigned level, uint64_t inter_flags,
                      arch_page_alloc alloc, void *ctx)
{
    uint64_t *t = table(root);
    for (unsigned l = 3; l > level; l--) {
        uint64_t *e = &t[index_of(va, l)];
        if ((*e & PTE_P) == 0) {
            if (alloc == NULL)
                return NULL;
            uint64_t page = alloc(ctx);
            if (page == 0)
                return NULL;
            memset(table(page), 0, 4096);
            *e = page | inter_flags;
        }
        if ((*e & PTE_PS) != 0)
            return NULL;
        t = table(*e & PTE_ADDR);
    }
    return &t[index_of(va, level)];
}

static void map_kernel_range(uint64_t va_start, uint64_t va_end, uint64_t flags,
                             arch_page_alloc alloc, void *ctx)
{
    for (uint64_t va = va_start; va < va_end; va += 4096) {
        uint64_t *e = walk(kernel_root, va, 0, PTE_P | PTE_W, alloc, ctx);
        if (e == NULL)
            panic("kernel-image-map-failed va=0x%llx", (unsigned long long)va);
        *e = (va - KERNEL_VIRT_BASE) | flags;
    }
}

static void map_physmap(uint64_t limit, bool (*is_ram)(uint64_t, uint64_t), arch_page_alloc alloc,
                        void *ctx)
{
    for (uint64_t pa = 0; pa < limit; pa += 0x200000) {
        uint64_t *e = walk(kernel_root, PHYSMAP_BASE + pa, 1, PTE_P | PTE_W, alloc, ctx);
        if (e == NULL)
            panic("physmap-map-failed pa=0x%llx", (unsigned long long)pa);
        uint64_t cache = is_ram(pa, 0x200000) ? 0 : (PTE_PCD | PTE_PWT);
        *e = pa | PTE_P | PTE_W | PTE_PS | PTE_G | PTE_NX | cache;
    }
}

void arch_paging_init(uint64_t phys_limit, bool (*is_ram)(uint64_t, uint64_t),
                      arch_page_alloc alloc, void *ctx)
{
    kernel_root = alloc(ctx);
    memset(table(kernel_root), 0, 4096);
    physmap_limit = (phys_limit + 0x1fffff) & ~0x1fffffull;
    map_physmap(physmap_limit, is_ram, alloc, ctx);
    uint64_t text = (uint64_t)__kernel_text_start, text_end = (uint64_t)__kernel_text_end;
    uint64_t ro_end = (uint64_t)__kernel_rodata_end, end = (uint64_t)__kernel_virt_end;
    map_kernel_range(text, text_end, PTE_P | PTE_G, alloc, ctx);
    map_kernel_range(text_end, ro_end, PTE_P | PTE_G | PTE_NX, alloc, ctx);
    map_kernel_range(ro_end, end, PTE_P | PTE_W | PTE_G | PTE_NX, alloc, ctx);
    /* Address spaces copy the kernel half's PML4 entries when they are made; the
     * kernel never adds a PML4 entry after this point, so the copies stay exact. */
    write_cr3(kernel_root);
}

uint64_t arch_physmap_readable(uint64_t phys)
{
    uint64_t limit = physmap_limit != 0 ? physmap_limit : 0x100000000ull;
    return phys < limit ? limit - phys : 0;
}

uint64_t arch_kernel_root(void)
{
    return kernel_root;
}

void arch_vspace_init(uint64_t root)
{
    uint64_t *t = table(root);
    memset(t, 0, 2048);
    memcpy(&t[256], &table(kernel_root)[256], 2048);
}

static uint64_t leaf_flags(uint32_t perms)
{
    uint64_t f = PTE_P | PTE_U;
    if (perms & ARCH_MAP_WRITE)
        f |= PTE_W;
    if ((perms & ARCH_MAP_EXEC) == 0)
        f |= PTE_NX;
    if (perms & ARCH_MAP_DEVICE)
        f |= PTE_PCD | PTE_PWT;
    if (perms & ARCH_MAP_ANON)
        f |= PTE_ANON;
    return f;
}

unsigned arch_tables_needed(uint64_t root, uint64_t va)
{
    uint64_t *t = table(root);
    for (unsigned l = 3; l > 0; l--) {
        uint64_t e = t[index_of(va, l)];
        if ((e & PTE_P) == 0)
            return l;
        t = table(e & PTE_ADDR);
    }
    return 0;
}

erix_status_t arch_map_page(uint64_t root, uint64_t va, uint64_t pa, uint32_t perms,
                            arch_page_alloc alloc, void *ctx)
{
    if ((perms & ARCH_MAP_WRITE) && (perms & ARCH_MAP_EXEC))
        return ERIX_ERR_DENIED;
    if (va >= 0x0000800000000000ull || (va | pa) % 4096 != 0)
        return ERIX_ERR_OUT_OF_RANGE;
    uint64_t *e = walk(root, va, 0, PTE_P | PTE_W | PTE_U, alloc, ctx);
    if (e == NULL)
        return ERIX_ERR_NO_MEMORY;
    if (*e & PTE_P)
        return ERIX_ERR_EXISTS;
    *e = pa | leaf_flags(perms);
    return ERIX_OK;
}

void arch_unmap_page(uint64_t root, uint64_t va)
{
    uint64_t *e = walk(root, va, 0, 0, NULL, NULL);
    if (e != NULL && (*e & PTE_P)) {
        *e = 0;
        if (read_cr3() == root)
            invlpg(va);
    }
}

bool arch_lookup_page(uint64_t root, uint64_t va, uint64_t *pa, uint32_t *perms)
{
    if (va >= 0x0000800000000000ull)
        return false;
    uint64_t *e = walk(root, va, 0, 0, NULL, NULL);
    if (e == NULL || (*e & PTE_P) == 0 || (*e & PTE_U) == 0)
        return false;
    *pa = *e & PTE_ADDR;
    *perms = ARCH_MAP_READ | ((*e & PTE_W) ? ARCH_MAP_WRITE : 0) |
             ((*e & PTE_NX) ? 0 : ARCH_MAP_EXEC) | ((*e & PTE_ANON) ? ARCH_MAP_ANON : 0) |
             ((*e & PTE_PCD) ? ARCH_MAP_DEVICE : 0);
    return true;
}

void arch_switch_vspace(uint64_t root)
{
    if (read_cr3() != root)
        write_cr3(root);
}
