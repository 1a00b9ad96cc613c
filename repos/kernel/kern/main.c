/*
 * main.c - kmain(): the kernel's boot sequence after long mode is reached.
 *
 * Today: console, multiboot2 facts, and (in boot-facts-only smoke builds) the
 * exit through isa-debug-exit. Each later boot step gets its own call here.
 */
#include <stdint.h>

#include <erix/exit.h>
#include <erix/markers.h>

#include <kernel/arch.h>
#include <kernel/bootinfo.h>
#include <kernel/console.h>
#include <kernel/panic.h>

#include "config.h"

#define MB2_BOOT_MAGIC 0x36d76289u

static struct boot_info boot_info;

void kmain(uint32_t magic, uint32_t mbi_phys);

static const char *kind_name(uint32_t kind)
{
    switch (kind) {
    case BOOT_MEM_USABLE: return "usable";
    case BOOT_MEM_ACPI_RECLAIM: return "acpi-reclaim";
    case BOOT_MEM_ACPI_NVS: return "acpi-nvs";
    case BOOT_MEM_BAD: return "bad";
    default: return "reserved";
    }
}

static const char *source_name(uint32_t source)
{
    switch (source) {
    case BOOT_MEM_SOURCE_MMAP: return "mmap";
    case BOOT_MEM_SOURCE_EFI: return "efi-mmap";
    case BOOT_MEM_SOURCE_BASIC: return "basic";
    default: return "none";
    }
}

static void print_memory(const struct boot_info *info)
{
    kprintf("ERIX_KERNEL:MEMORY source=%s regions=%u usable_kib=%llu\n",
            source_name(info->mem_source), info->region_count,
            (unsigned long long)(bootinfo_usable_bytes(info) >> 10));
    for (uint32_t i = 0; i < info->region_count; i++) {
        const struct boot_region *r = &info->regions[i];
        kprintf("ERIX_KERNEL:REGION base=0x%llx size=0x%llx kind=%s\n",
                (unsigned long long)r->base, (unsigned long long)r->length,
                kind_name(r->kind));
    }
}

static void print_modules(const struct boot_info *info)
{
    kprintf("ERIX_KERNEL:MODULES count=%u\n", info->module_count);
    for (uint32_t i = 0; i < info->module_count; i++) {
        const struct boot_module *m = &info->modules[i];
        kprintf("ERIX_KERNEL:MODULE index=%u name=%s base=0x%llx size=%llu\n", i, m->name,
                (unsigned long long)m->start, (unsigned long long)(m->end - m->start));
    }
}

static void print_platform(const struct boot_info *info)
{
    if (info->fb.present)
        kprintf("ERIX_KERNEL:FRAMEBUFFER %ux%ux%u addr=0x%llx pitch=%u\n", info->fb.width,
                info->fb.height, info->fb.bpp, (unsigned long long)info->fb.addr,
                info->fb.pitch);
    else
        kprintf("ERIX_KERNEL:FRAMEBUFFER none\n");
    if (info->rsdp_version == 0)
        kprintf("ERIX_KERNEL:ACPI rsdp=none\n");
    else
        kprintf("ERIX_KERNEL:ACPI rsdp=v%u oem=%.6s\n", info->rsdp_version,
                (const char *)&info->rsdp[9]);
}

static void print_boot_facts(const struct boot_info *info)
{
    kprintf("ERIX_KERNEL:LOADER \"%s\"\n", info->loader);
    kprintf("ERIX_KERNEL:CMDLINE \"%s\"\n", info->cmdline);
    print_memory(info);
    print_modules(info);
    print_platform(info);
}

static void read_boot_info(uint32_t magic, uint32_t mbi_phys)
{
    if (magic != MB2_BOOT_MAGIC)
        panic("bad-multiboot2-magic value=0x%x", magic);
    uint64_t avail = arch_physmap_readable(mbi_phys);
    if (avail > BOOT_MBI_MAX_SIZE)
        avail = BOOT_MBI_MAX_SIZE;
    erix_status_t st =
        bootinfo_parse(arch_phys_to_virt(mbi_phys), (size_t)avail, mbi_phys, &boot_info);
    if (st != ERIX_OK)
        panic("multiboot2-info-rejected status=%s", erix_status_name(st));
}

void kmain(uint32_t magic, uint32_t mbi_phys)
{
    arch_console_init();
    kprintf("\n" ERIX_MARKER_KERNEL_BOOT " arch=x86_64 version=%s\n", ERIX_KERNEL_VERSION);
    read_boot_info(magic, mbi_phys);
    print_boot_facts(&boot_info);
    kprintf("ERIX_KERNEL:FACTS_DONE\n");
#if ERIX_CONFIG_BOOT_FACTS_ONLY
    arch_machine_exit(ERIX_EXIT_KERNEL_SMOKE_DONE);
#else
    panic("no-root-task-launcher-yet");
#endif
}
