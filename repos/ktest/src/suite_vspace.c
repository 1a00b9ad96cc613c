/*
 * suite_vspace.c - address-space tests: mapping and unmapping frames in the
 * root's own space and a child's, W^X, the one-mapping-per-capability rule,
 * address range and alignment errors, the rights a mapping needs, device
 * frames never executable, boot-module frames never writable, frame copies
 * that map independently, and code placed by the root and run by a child.
 */
#include <string.h>

#include "suite.h"

#define SELF ERIX_SLOT_SELF_VSPACE
#define RW (ERIX_MAP_READ | ERIX_MAP_WRITE)
#define RX (ERIX_MAP_READ | ERIX_MAP_EXEC)

static bool map_read_write(void)
{
    uint32_t f = suite_frame(1);
    uint64_t va = suite_va(1);
    volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)va;
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, va, RW));
    p[0] = 0x1122334455667788ull;
    p[511] = 0x99;
    CHECK_EQ(p[0], 0x1122334455667788ull);
    CHECK_OK(erix_kctl_unmap_frame(EP, f));
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, va, ERIX_MAP_READ));
    CHECK_EQ(p[0], 0x1122334455667788ull); /* the frame kept its bytes */
    CHECK_EQ(p[511], 0x99);
    return true;
}

static bool wx_denied(void)
{
    uint32_t f = suite_frame(1);
    uint64_t va = suite_va(1);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, va, ERIX_MAP_READ | ERIX_MAP_WRITE | ERIX_MAP_EXEC),
             ERIX_ERR_DENIED);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, va, RX)); /* the refused map left nothing */
    return true;
}

static bool perms_invalid(void)
{
    uint32_t f = suite_frame(1);
    uint64_t va = suite_va(1);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, va, 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, va, ERIX_MAP_WRITE), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, va, ERIX_MAP_EXEC), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, va, ERIX_MAP_READ | 0x8), ERIX_ERR_INVALID_ARGUMENT);
    struct erix_kctl_map_req r = {SELF, f, va, ERIX_MAP_READ, 1};
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_MAP_FRAME, &r, sizeof r, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_MAP_FRAME, &r, sizeof r - 1, NULL, 0, NULL),
             ERIX_ERR_MALFORMED);
    return true;
}

/* A frame capability maps once; a second map of the same capability is STATE. */
static bool map_twice_state(void)
{
    uint32_t f = suite_frame(1);
    uint64_t va = suite_va(1), other = suite_va(1);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, va, ERIX_MAP_READ));
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, va, ERIX_MAP_READ), ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, other, ERIX_MAP_READ), ERIX_ERR_STATE);
    return true;
}

static bool map_occupied_exists(void)
{
    uint32_t a = suite_frame(1), b = suite_frame(2);
    uint64_t va = suite_va(2);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, a, va + 4096, ERIX_MAP_READ));
    CHECK_ST(erix_kctl_map_frame(EP, SELF, b, va + 4096, ERIX_MAP_READ), ERIX_ERR_EXISTS);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, b, va, ERIX_MAP_READ), ERIX_ERR_EXISTS); /* overlaps */
    CHECK_ST(erix_kctl_map_frame(EP, SELF, b, ERIX_USER_IMAGE_BASE, ERIX_MAP_READ),
             ERIX_ERR_EXISTS); /* our own text */
    return true;
}

static bool map_misaligned(void)
{
    uint32_t f = suite_frame(1);
    uint64_t va = suite_va(1);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, va + 0x800, ERIX_MAP_READ), ERIX_ERR_ALIGNMENT);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, va + 1, ERIX_MAP_READ), ERIX_ERR_ALIGNMENT);
    return true;
}

static bool map_out_of_range(void)
{
    uint32_t f = suite_frame(1), two = suite_frame(2);
    static const uint64_t bad[] = {0,
                                   0x1000,
                                   ERIX_USER_BASE - 4096,
                                   ERIX_USER_TOP,
                                   ERIX_IPC_BUFFER_VADDR,
                                   0x0000800000000000ull,
                                   0xffff800000000000ull,
                                   0xffffffff80000000ull};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(erix_kctl_map_frame(EP, SELF, f, bad[i], ERIX_MAP_READ) == ERIX_ERR_OUT_OF_RANGE,
              "map at 0x%llx not OUT_OF_RANGE", (unsigned long long)bad[i]);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, two, ERIX_USER_TOP - 4096, ERIX_MAP_READ),
             ERIX_ERR_OUT_OF_RANGE);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, ERIX_USER_BASE, ERIX_MAP_READ));
    return true;
}

static bool map_needs_frame_rights(void)
{
    uint32_t f = suite_frame(1);
    uint32_t ro = suite_copy(f, ERIX_RIGHT_READ, 0), wo = suite_copy(f, ERIX_RIGHT_WRITE, 0);
    uint64_t va = suite_va(1), vb = suite_va(1);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, ro, va, RW), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, wo, va, ERIX_MAP_READ), ERIX_ERR_NO_RIGHTS);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, wo, va, RW), ERIX_ERR_NO_RIGHTS);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, ro, va, ERIX_MAP_READ));
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, vb, RW));
    return true;
}

static bool map_needs_vspace_write(void)
{
    uint32_t f = suite_frame(1);
    uint32_t vs_ro = suite_copy(SELF, ERIX_RIGHT_READ, 0);
    uint64_t va = suite_va(1);
    CHECK_ST(erix_kctl_map_frame(EP, vs_ro, f, va, ERIX_MAP_READ), ERIX_ERR_NO_RIGHTS);
    uint32_t vs_w = suite_copy(SELF, ERIX_RIGHT_WRITE, 0);
    CHECK_OK(erix_kctl_map_frame(EP, vs_w, f, va, ERIX_MAP_READ));
    return true;
}

static bool device_never_exec(void)
{
    uint32_t dev = suite_device_untyped(), f = suite_slot();
    uint64_t va = suite_va(1);
    CHECK(dev != 0, "no device untyped");
    CHECK_OK(erix_kctl_retype_frame(EP, dev, f, 1));
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, va, RX), ERIX_ERR_DENIED);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, va, RW));
    return true;
}

/* The boot module's frame is read-only for good; its bytes are the ELF image. */
static bool image_never_writable(void)
{
    const struct erix_handoff_module *m = &suite_env.handoff.modules[0];
    uint32_t copy = suite_copy(m->frame_slot, ERIX_RIGHTS_ALL, 0);
    uint32_t pages = (uint32_t)(((m->phys & 4095) + m->size + 4095) / 4096);
    uint64_t va = suite_va(pages);
    CHECK_EQ(suite_rights(copy), ERIX_RIGHT_READ);
    CHECK_ST(erix_kctl_map_frame(EP, SELF, copy, va, RW), ERIX_ERR_NO_RIGHTS);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, copy, va, ERIX_MAP_READ));
    const uint8_t *bytes = (const uint8_t *)(uintptr_t)(va + (m->phys & 4095));
    CHECK(memcmp(bytes, "\x7f" "ELF", 4) == 0, "the module frame does not show the ELF image");
    return true;
}

static bool unmap(void)
{
    uint32_t a = suite_frame(1), b = suite_frame(1), ep = suite_endpoint();
    uint64_t va = suite_va(1);
    struct erix_kctl_slot_req r = {a, 1};
    CHECK_ST(erix_kctl_unmap_frame(EP, a), ERIX_ERR_STATE);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, a, va, ERIX_MAP_READ));
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_UNMAP_FRAME, &r, sizeof r, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_OK(erix_kctl_unmap_frame(EP, a));
    CHECK_ST(erix_kctl_unmap_frame(EP, a), ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_unmap_frame(EP, ep), ERIX_ERR_WRONG_TYPE);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, b, va, ERIX_MAP_READ)); /* the address is free */
    return true;
}

/* After an unmap the address translates afresh: no stale TLB entry shows the old page. */
static bool unmap_flushes_tlb(void)
{
    uint32_t a = suite_frame(1), b = suite_frame(1);
    uint64_t va = suite_va(1), view = suite_va(1);
    volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)va;
    CHECK_OK(erix_kctl_map_frame(EP, SELF, a, va, RW));
    p[0] = 1;
    CHECK_EQ(p[0], 1); /* the translation is cached now */
    CHECK_OK(erix_kctl_unmap_frame(EP, a));
    CHECK_OK(erix_kctl_map_frame(EP, SELF, b, va, RW));
    CHECK_EQ(p[0], 0); /* b's zeroes, not a's 1 */
    p[0] = 2;
    uint32_t a_view = suite_copy(a, ERIX_RIGHT_READ, 0);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, a_view, view, ERIX_MAP_READ));
    CHECK_EQ(*(volatile uint64_t *)(uintptr_t)view, 1);
    CHECK_OK(erix_cap_drop(b)); /* dropping unmaps too */
    CHECK_OK(erix_kctl_unmap_frame(EP, a_view));
    CHECK_OK(erix_kctl_map_frame(EP, SELF, a, va, ERIX_MAP_READ));
    CHECK_EQ(p[0], 1);
    return true;
}

static bool drop_mapped_frame_unmaps(void)
{
    uint32_t a = suite_frame(1), b = suite_frame(1);
    uint64_t va = suite_va(1);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, a, va, ERIX_MAP_READ));
    CHECK_OK(erix_cap_drop(a));
    CHECK_OK(erix_kctl_map_frame(EP, SELF, b, va, ERIX_MAP_READ));
    return true;
}

/* A copy of a frame starts unmapped and maps on its own: two views of one page. */
static bool frame_copy_maps_independently(void)
{
    uint32_t f = suite_frame(1);
    uint64_t va = suite_va(1), vb = suite_va(1);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, va, RW));
    uint32_t copy = suite_copy(f, ERIX_RIGHT_READ, 0);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, copy, vb, ERIX_MAP_READ));
    volatile uint64_t *a = (volatile uint64_t *)(uintptr_t)va;
    volatile uint64_t *b = (volatile uint64_t *)(uintptr_t)vb;
    a[7] = 0xabcdef;
    CHECK_EQ(b[7], 0xabcdef);
    CHECK_OK(erix_kctl_unmap_frame(EP, f));
    CHECK_EQ(b[7], 0xabcdef); /* the copy's mapping stays */
    CHECK_ST(erix_kctl_unmap_frame(EP, f), ERIX_ERR_STATE);
    CHECK_OK(erix_kctl_unmap_frame(EP, copy));
    return true;
}

static bool multi_page_frame(void)
{
    uint32_t f = suite_frame(4);
    uint64_t va = suite_va(4);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, va, RW));
    for (uint32_t i = 0; i < 4; i++)
        *(volatile uint64_t *)(uintptr_t)(va + i * 4096) = 0x100 + i;
    uint32_t copy = suite_copy(f, ERIX_RIGHTS_ALL, 0);
    uint64_t vb = suite_va(4);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, copy, vb, ERIX_MAP_READ));
    for (uint32_t i = 0; i < 4; i++)
        CHECK_EQ(*(volatile uint64_t *)(uintptr_t)(vb + i * 4096), 0x100 + i);
    return true;
}

/* A frame mapped across a page-table boundary (2 MiB) is whole on both sides. */
static bool map_across_table_boundary(void)
{
    uint32_t f = suite_frame(2);
    uint64_t region = suite_va(1024);
    uint64_t va = ((region + 0x200000) & ~0x1fffffull) - 4096;
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, va, RW));
    *(volatile uint64_t *)(uintptr_t)va = 0x1234;
    *(volatile uint64_t *)(uintptr_t)(va + 4096) = 0x5678;
    uint32_t copy = suite_copy(f, ERIX_RIGHT_READ, 0);
    uint64_t vb = suite_va(2);
    CHECK_OK(erix_kctl_map_frame(EP, SELF, copy, vb, ERIX_MAP_READ));
    CHECK_EQ(*(volatile uint64_t *)(uintptr_t)vb, 0x1234);
    CHECK_EQ(*(volatile uint64_t *)(uintptr_t)(vb + 4096), 0x5678);
    return true;
}

/* Unmapping (or dropping) the capability of a page a child uses takes it away from the child. */
static bool unmap_takes_page_from_child(void)
{
    struct ktest_child c;
    struct erix_event ev;
    uint32_t f = suite_frame(1);
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(erix_kctl_map_frame(EP, c.r.vspace_slot, f, SUITE_CHILD_VA, ERIX_MAP_READ));
    CHECK_OK(erix_cap_drop(f));
    CHECK_OK(suite_child_start(&c, ROLE_READ, SUITE_CHILD_VA));
    CHECK_OK(suite_child_event(&c, &ev));
    CHECK(ev.kind == ERIX_EVENT_FAULT && ev.code == 14 && ev.address == SUITE_CHILD_VA,
          "event 0x%x code %llu addr 0x%llx, want a page fault", ev.kind,
          (unsigned long long)ev.code, (unsigned long long)ev.address);
    return true;
}

/* A page the root maps into a child is shared: the child reads what the root wrote. */
static bool map_into_child(void)
{
    struct ktest_child c;
    uint32_t f;
    volatile uint64_t *p;
    CHECK_OK(suite_map_new(1, &f, &p));
    p[3] = 0x5eed5eed;
    uint32_t copy = suite_copy(f, ERIX_RIGHT_READ, 0);
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(erix_kctl_map_frame(EP, c.r.vspace_slot, copy, SUITE_CHILD_VA, ERIX_MAP_READ));
    CHECK_OK(suite_child_start(&c, ROLE_READ, SUITE_CHILD_VA + 24));
    CHECK_EXIT(&c, 0x5eed5eed);
    return true;
}

/* A mapping into a space that died no longer holds its frame capability. */
static bool dead_space_frees_mapping(void)
{
    struct ktest_child c;
    uint32_t f = suite_frame(1);
    uint64_t va = suite_va(1);
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, 0));
    CHECK_OK(erix_kctl_map_frame(EP, c.r.vspace_slot, f, SUITE_CHILD_VA, ERIX_MAP_READ));
    CHECK_ST(erix_kctl_map_frame(EP, SELF, f, va, ERIX_MAP_READ), ERIX_ERR_STATE);
    suite_children_reset(); /* the child's space is gone */
    CHECK_OK(erix_kctl_map_frame(EP, SELF, f, va, ERIX_MAP_READ));
    return true;
}

/* The root writes code into a frame, maps it R+X in a child and starts it there. */
static bool code_placed_and_run(void)
{
    static const uint8_t code[] = {
        0xbf, 0x2a, 0x00, 0x00, 0x00, /* mov $42, %edi */
        0xb8, 0x04, 0x00, 0x00, 0x00, /* mov $ERIX_SYS_EXIT, %eax */
        0x0f, 0x05,                   /* syscall */
        0x0f, 0x0b,                   /* ud2 */
    };
    struct ktest_child c;
    uint32_t f;
    volatile uint64_t *p;
    CHECK_OK(suite_map_new(1, &f, &p));
    memcpy((void *)(uintptr_t)p, code, sizeof code);
    CHECK_OK(erix_kctl_unmap_frame(EP, f));
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(erix_kctl_map_frame(EP, c.r.vspace_slot, f, SUITE_CHILD_VA, RX));
    CHECK_OK(erix_kctl_start(EP, c.r.tcb_slot, SUITE_CHILD_VA, c.r.stack_top, 0, 0, 0));
    CHECK_EXIT(&c, 42);
    return true;
}

static const struct suite_test tests[] = {
    {"vspace.map_read_write_unmap_keeps_bytes", map_read_write},
    {"vspace.wx_denied", wx_denied},
    {"vspace.perms_invalid", perms_invalid},
    {"vspace.map_twice_state", map_twice_state},
    {"vspace.map_occupied_exists", map_occupied_exists},
    {"vspace.map_misaligned", map_misaligned},
    {"vspace.map_out_of_range", map_out_of_range},
    {"vspace.map_needs_frame_rights", map_needs_frame_rights},
    {"vspace.map_needs_vspace_write", map_needs_vspace_write},
    {"vspace.device_frame_never_executable", device_never_exec},
    {"vspace.image_frame_never_writable", image_never_writable},
    {"vspace.unmap", unmap},
    {"vspace.unmap_flushes_tlb", unmap_flushes_tlb},
    {"vspace.drop_mapped_frame_unmaps", drop_mapped_frame_unmaps},
    {"vspace.frame_copy_maps_independently", frame_copy_maps_independently},
    {"vspace.multi_page_frame", multi_page_frame},
    {"vspace.map_across_table_boundary", map_across_table_boundary},
    {"vspace.map_into_child_shares_page", map_into_child},
    {"vspace.drop_takes_page_from_child", unmap_takes_page_from_child},
    {"vspace.dead_space_frees_mapping", dead_space_frees_mapping},
    {"vspace.code_placed_and_run_by_child", code_placed_and_run},
};

SUITE_GROUP(group_vspace, tests);
