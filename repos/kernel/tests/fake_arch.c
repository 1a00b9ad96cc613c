/*
 * fake_arch.c - include/kernel/arch.h for host unit tests (see fake_arch.h).
 *
 * Page tables are the x86_64 format kept in fake physical memory: a PML4 at
 * the space's root, intermediate tables from the allocator the portable code
 * passes in, user leaves with the same present/write/user/NX/PCD/anon bits as
 * arch/x86_64/paging.c, so W^X refusal, lookups and table accounting behave
 * as on the machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/arch.h>

#include "fake_arch.h"

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_U 0x4ull
#define PTE_PWT 0x8ull
#define PTE_PCD 0x10ull
#define PTE_ANON 0x200ull
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull
#define USER_LIMIT 0x0000800000000000ull

char fake_console[FAKE_CONSOLE_MAX];
size_t fake_console_len;
unsigned fake_switch_count;
uint64_t fake_switch_next_rsp;
uint64_t fake_switch_kstack_top;
uint64_t fake_active_root;
uint64_t fake_now;
uint8_t fake_ports[65536];
unsigned fake_port_writes;
uint16_t fake_last_port_written;
bool fake_irq_masked[16];
uint32_t fake_exit_code;
unsigned fake_exit_count;
jmp_buf *fake_exit_jump;
unsigned fake_tables_allocated;

static uint8_t *mem;
static uint64_t kernel_root;

static _Noreturn void die(const char *what, uint64_t value)
{
    fprintf(stderr, "fake_arch: %s 0x%llx\n", what, (unsigned long long)value);
    abort();
}

void fake_arch_init(void)
{
    if (mem == NULL) {
        mem = aligned_alloc(4096, FAKE_PHYS_SIZE);
        if (mem == NULL)
            die("cannot allocate fake physical memory of size", FAKE_PHYS_SIZE);
        memset(mem, 0, FAKE_PHYS_SIZE);
        kernel_root = FAKE_PHYS_BASE; /* the first page: an empty kernel PML4 */
    }
    fake_console_clear();
    fake_switch_count = 0;
    fake_switch_next_rsp = fake_switch_kstack_top = fake_active_root = 0;
    memset(fake_ports, 0xff, sizeof fake_ports);
    fake_port_writes = 0;
    fake_last_port_written = 0;
    memset(fake_irq_masked, 1, sizeof fake_irq_masked);
    fake_exit_code = 0;
    fake_exit_count = 0;
    fake_exit_jump = NULL;
    fake_tables_allocated = 0;
    fake_now = 0;
}

void *fake_phys(uint64_t phys)
{
    return arch_phys_to_virt(phys);
}

void fake_console_clear(void)
{
    fake_console_len = 0;
    fake_console[0] = 0;
}

bool arch_timer_uses_pit(void)
{
    return false;
}

bool fake_console_has(const char *needle)
{
    return strstr(fake_console, needle) != NULL;
}

/* ---- console and machine -------------------------------------------- */

void arch_console_init(void)
{
}

void arch_console_putc(char c)
{
    if (fake_console_len + 1 < FAKE_CONSOLE_MAX) {
        fake_console[fake_console_len++] = c;
        fake_console[fake_console_len] = 0;
    }
}

_Noreturn void arch_machine_exit(uint32_t code)
{
    fake_exit_code = code;
    fake_exit_count++;
    if (fake_exit_jump != NULL)
        longjmp(*fake_exit_jump, 1);
    die("arch_machine_exit with no test waiting for it, code", code);
}

void arch_cpu_init(void)
{
}

const char *arch_cpu_features(void)
{
    return "fake";
}

void arch_timer_init(uint32_t hz)
{
    (void)hz;
}

uint64_t arch_timestamp(void)
{
    return fake_now;
}

uint64_t arch_timestamp_hz(void)
{
    return FAKE_TIMESTAMP_HZ;
}

void arch_idle(void)
{
}

/* ---- physical memory ------------------------------------------------ */

void *arch_phys_to_virt(uint64_t phys)
{
    if (mem == NULL || phys < FAKE_PHYS_BASE || phys > FAKE_PHYS_END)
        die("arch_phys_to_virt outside fake memory:", phys);
    return mem + (phys - FAKE_PHYS_BASE);
}

uint64_t arch_virt_to_phys(const void *virt)
{
    const uint8_t *p = virt;
    if (mem == NULL || p < mem || p >= mem + FAKE_PHYS_SIZE)
        die("arch_virt_to_phys of a pointer outside fake memory:", (uint64_t)(uintptr_t)virt);
    return FAKE_PHYS_BASE + (uint64_t)(p - mem);
}

uint64_t arch_physmap_readable(uint64_t phys)
{
    if (phys < FAKE_PHYS_BASE || phys >= FAKE_PHYS_END)
        return 0;
    return FAKE_PHYS_END - phys;
}

/* ---- page tables ------------------------------------------------------ */

static uint64_t *table(uint64_t phys)
{
    if (phys % 4096 != 0)
        die("page table at an unaligned address", phys);
    return arch_phys_to_virt(phys);
}

static unsigned index_of(uint64_t va, unsigned level)
{
    return (unsigned)((va >> (12 + 9 * level)) & 0x1ff);
}

static uint64_t *walk(uint64_t root, uint64_t va, arch_page_alloc alloc, void *ctx)
{
    uint64_t *t = table(root);
    for (unsigned l = 3; l > 0; l--) {
        uint64_t *e = &t[index_of(va, l)];
        if ((*e & PTE_P) == 0) {
            if (alloc == NULL)
                return NULL;
            uint64_t page = alloc(ctx);
            if (page == 0)
                return NULL;
            fake_tables_allocated++;
            memset(table(page), 0, 4096);
            *e = page | PTE_P | PTE_W | PTE_U;
        }
        t = table(*e & PTE_ADDR);
    }
    return &t[index_of(va, 0)];
}

void arch_paging_init(uint64_t phys_limit, bool (*is_ram)(uint64_t, uint64_t),
                      arch_page_alloc alloc, void *ctx)
{
    (void)phys_limit;
    (void)is_ram;
    (void)alloc;
    (void)ctx;
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

erix_status_t arch_map_page(uint64_t root, uint64_t va, uint64_t pa, uint32_t perms,
                            arch_page_alloc alloc, void *ctx)
{
    if ((perms & ARCH_MAP_WRITE) && (perms & ARCH_MAP_EXEC))
        return ERIX_ERR_DENIED;
    if (va >= USER_LIMIT || (va | pa) % 4096 != 0)
        return ERIX_ERR_OUT_OF_RANGE;
    uint64_t *e = walk(root, va, alloc, ctx);
    if (e == NULL)
        return ERIX_ERR_NO_MEMORY;
    if (*e & PTE_P)
        return ERIX_ERR_EXISTS;
    *e = pa | leaf_flags(perms);
    return ERIX_OK;
}

void arch_unmap_page(uint64_t root, uint64_t va)
{
    uint64_t *e = walk(root, va, NULL, NULL);
    if (e != NULL)
        *e = 0;
}

bool arch_lookup_page(uint64_t root, uint64_t va, uint64_t *pa, uint32_t *perms)
{
    if (va >= USER_LIMIT)
        return false;
    uint64_t *e = walk(root, va, NULL, NULL);
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
    fake_active_root = root;
}

/* ---- threads ------------------------------------------------------------ */

uint64_t arch_thread_prepare(uint64_t kstack_top, uint64_t entry, uint64_t user_sp, uint64_t a0,
                             uint64_t a1, uint64_t a2)
{
    (void)entry;
    (void)user_sp;
    (void)a0;
    (void)a1;
    (void)a2;
    return kstack_top - 64;
}

uint64_t arch_kthread_prepare(uint64_t kstack_top, void (*fn)(void))
{
    (void)fn;
    return kstack_top - 64;
}

/* Never switches stacks: the test drives one thread at a time. */
void arch_context_switch(uint64_t *save_rsp, uint64_t next_rsp)
{
    *save_rsp = 0x5a5a5a5a5a5a5a5aull;
    fake_switch_count++;
    fake_switch_next_rsp = next_rsp;
}

uint64_t arch_syscall_resume_rsp(uint64_t kstack_top)
{
    return kstack_top - sizeof(struct arch_syscall_frame) - 56;
}

void arch_set_kernel_stack(uint64_t top)
{
    fake_switch_kstack_top = top;
}

/* ---- platform access ---------------------------------------------------- */

uint8_t arch_port_in8(uint16_t port)
{
    return fake_ports[port];
}

void arch_port_out8(uint16_t port, uint8_t value)
{
    fake_ports[port] = value;
    fake_port_writes++;
    fake_last_port_written = port;
}

uint32_t arch_pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
    (void)bus;
    (void)dev;
    (void)fn;
    (void)offset;
    return 0xffffffffu; /* no PCI devices */
}

void arch_pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset, uint32_t value)
{
    (void)bus;
    (void)dev;
    (void)fn;
    (void)offset;
    (void)value;
}

void arch_irq_route(unsigned irq, uint32_t gsi, uint16_t flags)
{
    (void)gsi;
    (void)flags;
    if (irq < 16)
        fake_irq_masked[irq] = true;
}

void arch_irq_unmask(unsigned irq)
{
    if (irq < 16)
        fake_irq_masked[irq] = false;
}

void arch_irq_mask(unsigned irq)
{
    if (irq < 16)
        fake_irq_masked[irq] = true;
}

void arch_ioapic_init(uint64_t phys, uint32_t gsi_base)
{
    (void)phys;
    (void)gsi_base;
}
