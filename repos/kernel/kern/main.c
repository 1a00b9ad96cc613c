/*
 * main.c - kmain(): the kernel's boot sequence after long mode is reached.
 *
 * Console, multiboot2 facts, CPU set-up, the kernel's own page tables, the
 * platform (ACPI, timer), the idle thread, then the root task; from there the
 * scheduler runs. Each step is one call here.
 */
#include <stdint.h>
#include <string.h>

#include <erix/exit.h>
#include <erix/markers.h>

#include <kernel/arch.h>
#include <kernel/bootinfo.h>
#include <kernel/console.h>
#include <kernel/panic.h>
#include <kernel/platform.h>
#include <kernel/pmem.h>
#include <kernel/root.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>
#include <kernel/vspace.h>

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

extern char __kernel_phys_start[], __kernel_phys_end[];
static struct tcb idle_thread_storage __attribute__((aligned(4096)));
static uint8_t idle_stack[4096] __attribute__((aligned(16)));

static void idle_loop(void)
{
    for (;;) {
        arch_idle();
        sched_preempt_check();
    }
}

static struct tcb *make_idle_thread(void)
{
    struct tcb *t = &idle_thread_storage;
    t->hdr.type = ERIX_CAP_TCB;
    t->flags = TCB_FLAG_IDLE;
    t->kstack_top = (uint64_t)(uintptr_t)(idle_stack + sizeof idle_stack);
    t->kstack_rsp = arch_kthread_prepare(t->kstack_top, idle_loop);
    return t;
}

static void memory_init(void)
{
    pmem_init(&boot_info, (uint64_t)(uintptr_t)__kernel_phys_start,
              (uint64_t)(uintptr_t)__kernel_phys_end);
    arch_paging_init(pmem_phys_limit(), pmem_is_ram, pmem_alloc_page, NULL);
    kprintf("ERIX_KERNEL:PAGING physmap_mib=%llu cpu=%s\n",
            (unsigned long long)(pmem_phys_limit() >> 20), arch_cpu_features());
}

/* The tick must be live before any thread runs: wait for two, at most ~1 s. */
static void timer_check(void)
{
    uint64_t start = arch_timestamp(), limit = arch_timestamp_hz();
    while (sched_ticks() < 2 && arch_timestamp() - start < limit)
        arch_idle();
    if (sched_ticks() < 2)
        panic("timer-not-ticking source=%s", arch_timer_uses_pit() ? "pit" : "lapic");
    kprintf("ERIX_KERNEL:TIMER_TICKING ticks=%llu\n", (unsigned long long)sched_ticks());
}

static void platform_setup(void)
{
    uint64_t rsdp_copy = 0;
    arch_timer_init(SCHED_HZ);
    kprintf("ERIX_KERNEL:TIMER source=%s hz=%u tsc_mhz=%llu\n",
            arch_timer_uses_pit() ? "pit" : "lapic", SCHED_HZ,
            (unsigned long long)(arch_timestamp_hz() / 1000000));
    if (boot_info.rsdp_version != 0) {
        rsdp_copy = pmem_alloc(4096); /* GRUB gives a copy; the kernel keeps it here */
        memcpy(arch_phys_to_virt(rsdp_copy), boot_info.rsdp, sizeof boot_info.rsdp);
    }
    platform_init(&boot_info, rsdp_copy);
    timer_check();
}

#if ERIX_CONFIG_PANIC_HOOK
static void panic_hook(void)
{
    kprintf("ERIX_KERNEL:PANIC_HOOK writing to an unmapped kernel address\n");
    *(volatile uint64_t *)(uintptr_t)0x1000 = 1; /* not mapped in the kernel's space */
}
#endif

void kmain(uint32_t magic, uint32_t mbi_phys)
{
    arch_console_init();
    kprintf("\n" ERIX_MARKER_KERNEL_BOOT " arch=x86_64 version=%s\n", ERIX_KERNEL_VERSION);
    read_boot_info(magic, mbi_phys);
    print_boot_facts(&boot_info);
    kprintf("ERIX_KERNEL:FACTS_DONE\n");
#if ERIX_CONFIG_BOOT_FACTS_ONLY
    arch_machine_exit(ERIX_EXIT_KERNEL_SMOKE_DONE);
#endif
    arch_cpu_init();
    memory_init();
#if ERIX_CONFIG_PANIC_HOOK
    panic_hook();
#endif
    platform_setup();
    sched_init(make_idle_thread());
    struct tcb *root = root_launch(&boot_info);
    sched_start(root);
}
