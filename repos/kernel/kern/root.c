/*
 * root.c - launching the root task.
 *
 * Picks the module named by `erix.root=` (default "rootd"), validates it with
 * lib-elf, builds its CSpace, address space and thread from boot memory,
 * installs exactly the capabilities the handoff lists (its own objects, the
 * kernel-control family endpoints at their dedicated slots, procd's driver
 * endpoint, a read-only frame per boot module, and then every free byte of RAM
 * and every device range as untyped memory), checks the handoff with the same
 * validator rootd runs, and makes the thread runnable at CPL3.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/elf.h>
#include <erix/exit.h>
#include <erix/handoff.h>
#include <erix/kctl.h>
#include <erix/layout.h>

#include <kernel/cap.h>
#include <kernel/console.h>
#include <kernel/endpoint.h>
#include <kernel/panic.h>
#include <kernel/platform.h>
#include <kernel/pmem.h>
#include <kernel/root.h>
#include <kernel/tcb.h>
#include <kernel/untyped.h>
#include <kernel/vspace.h>

#include "config.h"

#define ROOT_PRIORITY 200u
#define ROOT_TABLE_POOL (2ull << 20) /* page tables of the root task's address space */
#define ROOT_IMAGE_MAX (64ull << 20)

struct root_build {
    const struct boot_info *info;
    struct tcb *tcb;
    struct cnode *cspace;
    struct vspace *vspace;
    struct erix_elf_image image;
    uint64_t handoff_phys;
    uint64_t handoff_cap;
    uint32_t untyped_count;
    uint64_t untyped_bytes;
};

static struct tcb *root_tcb;
static struct untyped boot_untyped[ERIX_SLOT_UNTYPED_MAX];
static struct untyped root_table_pool; /* never a capability: only page tables come from it */

bool root_is(const struct tcb *t)
{
    return t != NULL && t == root_tcb;
}

void root_task_died(struct tcb *t)
{
    if (!root_is(t))
        return;
    kprintf("ERIX_KERNEL:ROOT_TASK_DEAD pid=%u event=0x%x code=0x%llx\n", t->pid, t->event.kind,
            (unsigned long long)t->event.code);
    if (ERIX_CONFIG_DEBUG_EXIT)
        arch_machine_exit(ERIX_EXIT_ROOTD_FAILURE);
}

/* The value of `key` (e.g. "erix.root=") on the command line, copied into out. */
static void cmdline_value(const char *cmdline, const char *key, char *out, size_t cap,
                          const char *fallback)
{
    size_t klen = strlen(key);
    for (const char *p = cmdline; *p != 0; p++) {
        if ((p == cmdline || p[-1] == ' ') && strncmp(p, key, klen) == 0) {
            size_t n = 0;
            for (p += klen; *p != 0 && *p != ' ' && n + 1 < cap; p++)
                out[n++] = *p;
            out[n] = 0;
            return;
        }
    }
    for (size_t n = 0; n < cap; n++) {
        out[n] = fallback[n];
        if (fallback[n] == 0)
            break;
    }
    out[cap - 1] = 0;
}

static void load_image(struct root_build *b, const struct boot_module *m)
{
    const struct erix_elf_limits limits = {ERIX_USER_BASE, ERIX_USER_TOP, ROOT_IMAGE_MAX,
                                           ERIX_USER_STACK_MAX};
    const uint8_t *file = arch_phys_to_virt(m->start);
    erix_status_t st = erix_elf_parse(file, m->end - m->start, &limits, &b->image);
    if (st != ERIX_OK)
        panic("root-elf-rejected module=%s status=%s", m->name, erix_status_name(st));
    for (uint32_t i = 0; i < b->image.segment_count; i++) {
        const struct erix_elf_segment *s = &b->image.segments[i];
        uint64_t start, end;
        erix_elf_segment_span(s, &start, &end);
        uint64_t phys = pmem_alloc(end - start);
        memcpy((uint8_t *)arch_phys_to_virt(phys) + (s->vaddr - start), file + s->file_offset,
               s->filesz);
        uint32_t perms = ARCH_MAP_READ | ARCH_MAP_ANON;
        if (s->perms & ERIX_ELF_PERM_W)
            perms |= ARCH_MAP_WRITE;
        if (s->perms & ERIX_ELF_PERM_X)
            perms |= ARCH_MAP_EXEC;
        for (uint64_t off = 0; off < end - start; off += 4096)
            if (vspace_map_kernel(b->vspace, start + off, phys + off, perms) != ERIX_OK)
                panic("root-segment-map-failed vaddr=0x%llx", (unsigned long long)(start + off));
    }
}

static void map_range(struct root_build *b, uint64_t vaddr, uint64_t phys, uint64_t len,
                      uint32_t perms)
{
    for (uint64_t off = 0; off < len; off += 4096)
        if (vspace_map_kernel(b->vspace, vaddr + off, phys + off, perms) != ERIX_OK)
            panic("root-map-failed vaddr=0x%llx", (unsigned long long)(vaddr + off));
}

static void make_objects(struct root_build *b)
{
    b->cspace = cnode_init(arch_phys_to_virt(pmem_alloc(OBJ_CNODE_SIZE)), NULL);
    untyped_init(&root_table_pool, pmem_alloc(ROOT_TABLE_POOL), ROOT_TABLE_POOL, 0, NULL, 0);
    b->vspace = vspace_init(arch_phys_to_virt(pmem_alloc(OBJ_VSPACE_SIZE)), NULL,
                            &root_table_pool);
    b->tcb = arch_phys_to_virt(pmem_alloc(OBJ_TCB_SIZE));
    if (b->vspace == NULL || tcb_init(b->tcb, NULL, ROOT_PRIORITY) != ERIX_OK)
        panic("root-object-tables-full");
    uint64_t buf = pmem_alloc(4096);
    map_range(b, ERIX_IPC_BUFFER_VADDR, buf, 4096, ARCH_MAP_READ | ARCH_MAP_WRITE);
    tcb_bind(b->tcb, b->cspace, b->vspace, arch_phys_to_virt(buf));
    b->tcb->flags |= TCB_FLAG_ROOT;
    b->tcb->call_seq = b->tcb->gen << 16;
}

static void make_stack(struct root_build *b)
{
    uint64_t size = b->image.stack_size != 0 ? b->image.stack_size : ERIX_USER_STACK_DEFAULT;
    size = (size + 4095) & ~4095ull;
    uint64_t phys = pmem_alloc(size);
    map_range(b, ERIX_USER_STACK_TOP - size, phys, size,
              ARCH_MAP_READ | ARCH_MAP_WRITE | ARCH_MAP_ANON);
}

static void install(struct root_build *b, uint32_t slot, uint8_t type, uint8_t rights, void *obj)
{
    cap_install(cnode_slot(b->cspace, slot), type, rights, (uint64_t)(uintptr_t)obj, NULL);
}

static void install_endpoints(struct root_build *b)
{
    uint64_t page = pmem_alloc(4096);
    struct endpoint *eps = arch_phys_to_virt(page);
    _Static_assert(ERIX_EP_KIND_COUNT * OBJ_ENDPOINT_SIZE <= 4096, "family endpoints fit a page");
    for (uint32_t kind = ERIX_EP_TIME; kind < ERIX_EP_KIND_COUNT; kind++) {
        struct endpoint *ep = (struct endpoint *)(void *)((uint8_t *)eps + kind * OBJ_ENDPOINT_SIZE);
        endpoint_init(ep, kind);
        install(b, erix_family_slot(kind), ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ep);
    }
    struct endpoint *procd_driver = eps; /* slot 0 of the page: a generic endpoint */
    endpoint_init(procd_driver, ERIX_EP_GENERIC);
    install(b, ERIX_SLOT_PROCD_DRIVER, ERIX_CAP_ENDPOINT,
            ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT, procd_driver);
#if ERIX_CONFIG_ROOT_ENDPOINT
    struct endpoint *root_ep = (struct endpoint *)(void *)((uint8_t *)eps + OBJ_ENDPOINT_SIZE);
    endpoint_init(root_ep, ERIX_EP_ROOT);
    install(b, ERIX_SLOT_ROOT_ENDPOINT, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, root_ep);
#endif
}

static void install_modules(struct root_build *b)
{
    for (uint32_t i = 0; i < b->info->module_count && i < ERIX_SLOT_MODULE_MAX; i++) {
        const struct boot_module *m = &b->info->modules[i];
        struct cte *c = cnode_slot(b->cspace, ERIX_SLOT_MODULE_BASE + i);
        uint64_t base = m->start & ~4095ull, end = (m->end + 4095) & ~4095ull;
        cap_install(c, ERIX_CAP_FRAME, ERIX_RIGHT_READ, base, NULL);
        c->pages = (uint32_t)((end - base) / 4096);
        c->flags = CTE_FRAME_IMAGE;
    }
}

static void add_untyped(struct root_build *b, uint64_t base, uint64_t end, uint32_t flags)
{
    if (end <= base || b->untyped_count >= ERIX_SLOT_UNTYPED_MAX)
        return;
    struct untyped *u = &boot_untyped[b->untyped_count];
    untyped_init(u, base, end - base, flags, NULL, 0);
    install(b, ERIX_SLOT_UNTYPED_BASE + b->untyped_count, ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, u);
    b->untyped_count++;
    if ((flags & UNTYPED_DEVICE) == 0)
        b->untyped_bytes += end - base;
}

/* Device untyped: holes below 4 GiB that no memory-map entry describes. */
static void add_device_gap(struct root_build *b, uint64_t base, uint64_t end)
{
    static const uint64_t kernel_owned[] = {0xfec00000ull, 0xfee00000ull}; /* I/O APIC, LAPIC */
    for (unsigned i = 0; i < 2; i++) {
        uint64_t k = kernel_owned[i];
        if (k >= base && k < end) {
            add_device_gap(b, base, k);
            add_device_gap(b, k + 4096, end);
            return;
        }
    }
    add_untyped(b, base, end, UNTYPED_DEVICE);
}

static void install_untyped(struct root_build *b)
{
    struct pmem_range free[ERIX_SLOT_UNTYPED_MAX];
    unsigned n = pmem_seal(free, ERIX_SLOT_UNTYPED_MAX / 2);
    for (unsigned i = 0; i < n; i++)
        add_untyped(b, free[i].base, free[i].end, 0);
    uint64_t cursor = 0x100000;
    const struct boot_info *info = b->info;
    for (uint32_t i = 0; i <= info->region_count && cursor < 0x100000000ull; i++) {
        uint64_t next = i < info->region_count ? info->regions[i].base : 0x100000000ull;
        if (next > 0x100000000ull)
            next = 0x100000000ull;
        if (next > cursor)
            add_device_gap(b, cursor, next & ~4095ull);
        if (i < info->region_count) {
            uint64_t end = info->regions[i].base + info->regions[i].length;
            uint64_t up = (end + 4095) & ~4095ull;
            cursor = up > cursor ? up : cursor;
        }
    }
}

static uint32_t inventory_size(struct root_build *b)
{
    uint32_t n = 0;
    for (uint32_t s = 1; s < ERIX_CSPACE_SLOTS; s++)
        n += cnode_slot(b->cspace, s)->type != ERIX_CAP_NULL;
    return n;
}

static void fill_lists(struct root_build *b, struct erix_handoff_header *h)
{
    uint8_t *base = (uint8_t *)h;
    struct erix_handoff_untyped *ut = (void *)(base + h->untyped_offset);
    struct erix_handoff_module *mods = (void *)(base + h->module_offset);
    struct erix_handoff_slot *slots = (void *)(base + h->slot_offset);
    for (uint32_t i = 0; i < b->untyped_count; i++)
        ut[i] = (struct erix_handoff_untyped){boot_untyped[i].base, boot_untyped[i].size,
                                              ERIX_SLOT_UNTYPED_BASE + i, boot_untyped[i].flags};
    for (uint32_t i = 0; i < h->module_count; i++) {
        const struct boot_module *m = &b->info->modules[i];
        mods[i] = (struct erix_handoff_module){m->start, m->end - m->start,
                                               ERIX_SLOT_MODULE_BASE + i, 0, {0}};
        memcpy(mods[i].name, m->name, sizeof mods[i].name);
    }
    uint32_t n = 0;
    for (uint32_t s = 1; s < ERIX_CSPACE_SLOTS; s++) {
        const struct cte *c = cnode_slot(b->cspace, s);
        if (c->type != ERIX_CAP_NULL)
            slots[n++] = (struct erix_handoff_slot){s, c->type, c->rights,
                                                    (uint8_t)cap_endpoint_kind(c), 0};
    }
}

static void fill_facts(struct root_build *b, struct erix_handoff_header *h, uint32_t root_ep)
{
    const struct boot_info *info = b->info;
    h->flags = (ERIX_CONFIG_ROOT_ENDPOINT ? ERIX_HANDOFF_FLAG_ROOT_ENDPOINT : 0) |
               (ERIX_CONFIG_DEBUG_EXIT ? ERIX_HANDOFF_FLAG_DEBUG_EXIT : 0);
    h->usable_bytes = bootinfo_usable_bytes(info);
    h->platform_caps = platform_caps();
    uint32_t rev, len;
    uint64_t rsdp;
    if (platform_rsdp(&rsdp, &rev, &len)) {
        h->rsdp_phys = rsdp;
        h->rsdp_revision = rev >= 2 ? 2 : 1;
    }
    h->fb = (struct erix_handoff_framebuffer){info->fb.addr, info->fb.width, info->fb.height,
                                              info->fb.pitch, info->fb.bpp, info->fb.type,
                                              info->fb.present ? 1 : 0};
    h->root_endpoint_slot = root_ep;
    memcpy(h->cmdline, info->cmdline, sizeof h->cmdline);
    h->cmdline[sizeof h->cmdline - 1] = 0;
}

static uint64_t build_handoff(struct root_build *b, uint32_t root_ep)
{
    struct erix_handoff_header *h;
    void *buf = arch_phys_to_virt(b->handoff_phys);
    uint32_t modules = b->info->module_count < ERIX_SLOT_MODULE_MAX ? b->info->module_count
                                                                      : ERIX_SLOT_MODULE_MAX;
    erix_status_t st =
        erix_handoff_layout(buf, b->handoff_cap, b->untyped_count, modules, inventory_size(b), &h);
    if (st != ERIX_OK)
        panic("handoff-layout-failed status=%s", erix_status_name(st));
    fill_lists(b, h);
    fill_facts(b, h, root_ep);
    struct erix_handoff_view view;
    if ((st = erix_handoff_validate(buf, h->total_size, &view)) != ERIX_OK)
        panic("handoff-self-check-failed status=%s", erix_status_name(st));
#if ERIX_CONFIG_CORRUPT_HANDOFF
    kprintf("ERIX_KERNEL:HOOK corrupt-handoff: version byte damaged after the self-check\n");
    h->version = 0x99;
#endif
    return h->total_size;
}

struct tcb *root_launch(const struct boot_info *info)
{
    struct root_build b = {.info = info};
    char name[BOOT_NAME_MAX];
    cmdline_value(info->cmdline, "erix.root=", name, sizeof name, "rootd");
    const struct boot_module *m = bootinfo_find_module(info, name);
    if (m == NULL)
        panic("root-module-missing name=%s", name);
    make_objects(&b);
    load_image(&b, m);
    make_stack(&b);
    install(&b, ERIX_SLOT_SELF_TCB, ERIX_CAP_TCB, ERIX_RIGHTS_ALL, b.tcb);
    install(&b, ERIX_SLOT_SELF_CNODE, ERIX_CAP_CNODE, ERIX_RIGHTS_ALL, b.cspace);
    install(&b, ERIX_SLOT_SELF_VSPACE, ERIX_CAP_VSPACE, ERIX_RIGHTS_ALL, b.vspace);
    install_endpoints(&b);
    install_modules(&b);
    b.handoff_cap = erix_handoff_size(ERIX_SLOT_UNTYPED_MAX, ERIX_SLOT_MODULE_MAX, 16 + 16 +
                                      ERIX_SLOT_UNTYPED_MAX + ERIX_SLOT_MODULE_MAX);
    b.handoff_cap = (b.handoff_cap + 4095) & ~4095ull;
    b.handoff_phys = pmem_alloc(b.handoff_cap);
    map_range(&b, ERIX_HANDOFF_VADDR, b.handoff_phys, b.handoff_cap, ARCH_MAP_READ);
    uint64_t reserved = pmem_reserved_bytes();
    install_untyped(&b); /* last: everything left becomes the root task's */
    uint32_t root_ep = ERIX_CONFIG_ROOT_ENDPOINT ? ERIX_SLOT_ROOT_ENDPOINT : ERIX_SLOT_KERNEL_LOG;
    uint64_t size = build_handoff(&b, root_ep);
    kprintf("ERIX_KERNEL:ROOT_LAUNCH module=%s entry=0x%llx untyped=%u untyped_kib=%llu "
            "kernel_boot_kib=%llu root_table_pool_kib=%llu modules=%u slots=%u\n",
            name, (unsigned long long)b.image.entry, b.untyped_count,
            (unsigned long long)(b.untyped_bytes >> 10), (unsigned long long)(reserved >> 10),
            (unsigned long long)(ROOT_TABLE_POOL >> 10), info->module_count, inventory_size(&b));
    root_tcb = b.tcb;
    tcb_start(b.tcb, b.image.entry, ERIX_USER_STACK_TOP, ERIX_HANDOFF_VADDR, size, root_ep);
    return b.tcb;
}
