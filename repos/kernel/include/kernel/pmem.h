/*
 * pmem.h - boot memory: free RAM as the memory map reports it, minus the
 * kernel, the modules and the boot information. The kernel takes its own boot
 * objects from here; whatever is left becomes untyped memory for the root task,
 * after which pmem refuses to hand out anything more.
 */
#ifndef KERNEL_PMEM_H
#define KERNEL_PMEM_H

#include <kernel/bootinfo.h>

#define PMEM_MAX_RANGES 128u

struct pmem_range {
    uint64_t base;
    uint64_t end;
};

void pmem_init(const struct boot_info *info, uint64_t kernel_start, uint64_t kernel_end);
uint64_t pmem_alloc(uint64_t size);  /* page-aligned, zeroed; panics when out */
uint64_t pmem_alloc_page(void *ctx); /* arch_page_alloc form */
uint64_t pmem_phys_limit(void);
bool pmem_is_ram(uint64_t base, uint64_t len);
uint64_t pmem_reserved_bytes(void);  /* taken by the kernel at boot */
/* Hand out what is left (sorted ranges) and refuse further allocations. */
unsigned pmem_seal(struct pmem_range *out, unsigned max);

#endif
