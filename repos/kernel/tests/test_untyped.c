/* test_untyped.c - retype by watermark: alignment, exhaustion, device memory, reset, depth. */
#include <string.h>

#include <kernel/cap.h>
#include <kernel/tcb.h>
#include <kernel/untyped.h>

#include "erix_test.h"
#include "world.h"

static struct world w;

static struct erix_kctl_query_cap_resp query(uint32_t slot, erix_status_t *st)
{
    struct erix_kctl_query_cap_req q = {slot, ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND};
    struct erix_kctl_query_cap_resp r;
    memset(&r, 0xee, sizeof r);
    *st = rk(&w, ERIX_KCTL_QUERY_CAP, &q, sizeof q, &r, sizeof r);
    return r;
}

static uint64_t watermark(uint32_t slot)
{
    erix_status_t st;
    struct erix_kctl_query_cap_resp r = query(slot, &st);
    return st == ERIX_OK ? r.aux : ~0ull;
}

/* A child untyped of `pages` pages carved from U; returns its slot. */
static uint32_t child_untyped(uint32_t parent, uint32_t pages, erix_status_t *st)
{
    uint32_t slot = world_slot(&w);
    struct erix_kctl_retype_req r = {parent, slot, ERIX_CAP_UNTYPED, pages};
    *st = rk(&w, ERIX_KCTL_RETYPE_UNTYPED, &r, sizeof r, NULL, 0);
    return slot;
}

static erix_status_t retype_frame(uint32_t ut, uint32_t dest, uint32_t pages)
{
    struct erix_kctl_retype_req r = {ut, dest, 0, pages};
    return rk(&w, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, &r, sizeof r, NULL, 0);
}

static erix_status_t create_endpoint(uint32_t ut, uint32_t dest)
{
    struct erix_kctl_retype_req r = {ut, dest, 0, 0};
    return rk(&w, ERIX_KCTL_CREATE_ENDPOINT, &r, sizeof r, NULL, 0);
}

static void retype_aligns_each_object_to_its_size(void)
{
    world_up(&w);
    erix_status_t st;
    uint32_t ut = child_untyped(W_SLOT_U, 16, &st);
    ERIX_CHECK_EQ(st, ERIX_OK);
    struct untyped *u = (struct untyped *)root_slot(&w, ut)->obj;
    ERIX_CHECK_EQ(u->base % 4096, 0);
    ERIX_CHECK_EQ(watermark(ut), 0);
    uint32_t e1 = world_slot(&w), e2 = world_slot(&w), f = world_slot(&w), e3 = world_slot(&w);
    ERIX_CHECK_EQ(create_endpoint(ut, e1), ERIX_OK);
    ERIX_CHECK_EQ(watermark(ut), OBJ_ENDPOINT_SIZE);
    ERIX_CHECK_EQ(create_endpoint(ut, e2), ERIX_OK);
    ERIX_CHECK_EQ(watermark(ut), 2 * OBJ_ENDPOINT_SIZE);
    /* endpoints sit back to back, 64-aligned, inside the untyped */
    uint64_t p1 = arch_virt_to_phys((void *)(uintptr_t)root_slot(&w, e1)->obj);
    uint64_t p2 = arch_virt_to_phys((void *)(uintptr_t)root_slot(&w, e2)->obj);
    ERIX_CHECK_EQ(p1, u->base);
    ERIX_CHECK_EQ(p2, u->base + OBJ_ENDPOINT_SIZE);
    /* a frame skips to the next page boundary */
    ERIX_CHECK_EQ(retype_frame(ut, f, 2), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, f)->obj, u->base + 4096);
    ERIX_CHECK_EQ(root_slot(&w, f)->pages, 2);
    ERIX_CHECK_EQ(watermark(ut), 3 * 4096);
    ERIX_CHECK_EQ(create_endpoint(ut, e3), ERIX_OK);
    ERIX_CHECK_EQ(watermark(ut), 3 * 4096 + OBJ_ENDPOINT_SIZE);
    struct erix_kctl_query_cap_resp q = query(f, &st);
    ERIX_CHECK_EQ(st, ERIX_OK);
    ERIX_CHECK_EQ(ERIX_CAPINFO_TYPE(q.value1), ERIX_CAP_FRAME);
    ERIX_CHECK_EQ(ERIX_CAPINFO_RIGHTS(q.value1), ERIX_RIGHT_READ | ERIX_RIGHT_WRITE);
    ERIX_CHECK_EQ(q.size, 2 * 4096);
    ERIX_CHECK(world_down(&w));
}

static void exhaustion_is_refused_and_changes_nothing(void)
{
    world_up(&w);
    erix_status_t st;
    uint32_t ut = child_untyped(W_SLOT_U, 4, &st);
    ERIX_CHECK_EQ(st, ERIX_OK);
    uint32_t s[6];
    for (int i = 0; i < 6; i++)
        s[i] = world_slot(&w);
    ERIX_CHECK_EQ(retype_frame(ut, s[0], 5), ERIX_ERR_NO_MEMORY); /* bigger than the whole */
    ERIX_CHECK_EQ(watermark(ut), 0);
    ERIX_CHECK_EQ(root_slot(&w, s[0])->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(retype_frame(ut, s[0], 3), ERIX_OK);
    ERIX_CHECK_EQ(retype_frame(ut, s[1], 2), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(root_slot(&w, s[1])->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(watermark(ut), 3 * 4096);
    ERIX_CHECK_EQ(create_endpoint(ut, s[1]), ERIX_OK);
    /* one page is left but the endpoint moved the mark off the boundary: a page no longer fits */
    ERIX_CHECK_EQ(retype_frame(ut, s[2], 1), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(watermark(ut), 3 * 4096 + OBJ_ENDPOINT_SIZE);
    /* 31 more endpoints fill the last page exactly; the 32nd does not fit */
    for (int i = 0; i < 31; i++) {
        uint32_t e = world_slot(&w);
        ERIX_CHECK_EQ(create_endpoint(ut, e), ERIX_OK);
    }
    ERIX_CHECK_EQ(watermark(ut), 4 * 4096);
    ERIX_CHECK_EQ(create_endpoint(ut, s[3]), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(root_slot(&w, s[3])->type, ERIX_CAP_NULL);
    /* a process does not fit either, and leaves no thread, space or capability behind */
    struct proc p;
    unsigned threads = 0;
    for (uint32_t pid = 1; pid < TCB_MAX; pid++)
        threads += tcb_by_pid(pid) != NULL;
    ERIX_CHECK_EQ(stage(&w, &p, ut, 10), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(root_slot(&w, p.tcb_slot)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(root_slot(&w, p.tcb_slot + 1)->type, ERIX_CAP_NULL);
    unsigned after = 0;
    for (uint32_t pid = 1; pid < TCB_MAX; pid++)
        after += tcb_by_pid(pid) != NULL;
    ERIX_CHECK_EQ(after, threads);
    ERIX_CHECK_EQ(watermark(ut), 4 * 4096);
    ERIX_CHECK(world_down(&w));
}

static void retype_refuses_bad_destinations_without_carving(void)
{
    world_up(&w);
    erix_status_t st;
    uint32_t ut = child_untyped(W_SLOT_U, 4, &st);
    ERIX_CHECK_EQ(retype_frame(ut, W_SLOT_GENERIC, 1), ERIX_ERR_SLOT_OCCUPIED);
    ERIX_CHECK_EQ(retype_frame(ut, 0, 1), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(retype_frame(ut, ERIX_CSPACE_SLOTS, 1), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(retype_frame(ut, world_slot(&w), 0), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(retype_frame(W_SLOT_GENERIC, world_slot(&w), 1), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(create_endpoint(ut, W_SLOT_GENERIC), ERIX_ERR_SLOT_OCCUPIED);
    ERIX_CHECK_EQ(watermark(ut), 0);
    /* a child untyped needs type UNTYPED and at least one page */
    uint32_t d = world_slot(&w);
    struct erix_kctl_retype_req bad = {ut, d, ERIX_CAP_ENDPOINT, 1};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RETYPE_UNTYPED, &bad, sizeof bad, NULL, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    bad.type = ERIX_CAP_UNTYPED;
    bad.pages = 0;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RETYPE_UNTYPED, &bad, sizeof bad, NULL, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(root_slot(&w, d)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(watermark(ut), 0);
    ERIX_CHECK(world_down(&w));
}

static void ram_is_zeroed_device_memory_is_not(void)
{
    world_up(&w);
    /* stale bytes where the next objects will be carved */
    memset(fake_phys(W_D_BASE), 0xa5, 8192);
    memset(fake_phys(W_U2_BASE), 0xa5, 8192);
    uint32_t df = world_slot(&w), rf = world_slot(&w);
    ERIX_CHECK_EQ(retype_frame(W_SLOT_D, df, 2), ERIX_OK);
    ERIX_CHECK_EQ(retype_frame(W_SLOT_U2, rf, 2), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, df)->type, ERIX_CAP_DEVICE_FRAME);
    ERIX_CHECK_EQ(root_slot(&w, df)->obj, W_D_BASE);
    ERIX_CHECK_EQ(root_slot(&w, rf)->type, ERIX_CAP_FRAME);
    const uint8_t *dev = fake_phys(W_D_BASE), *ram = fake_phys(W_U2_BASE);
    ERIX_CHECK_EQ(dev[0], 0xa5);
    ERIX_CHECK_EQ(dev[8191], 0xa5);
    ERIX_CHECK_EQ(ram[0], 0);
    ERIX_CHECK_EQ(ram[8191], 0);
    /* only RAM frames are anonymous (fillable by WRITE_PROCESS_MEMORY) */
    ERIX_CHECK_EQ(root_slot(&w, rf)->flags & CTE_FRAME_ANON, CTE_FRAME_ANON);
    ERIX_CHECK_EQ(root_slot(&w, df)->flags & CTE_FRAME_ANON, 0);
    ERIX_CHECK(world_down(&w));
}

static void device_untyped_makes_only_frames(void)
{
    world_up(&w);
    uint64_t before = watermark(W_SLOT_D);
    uint32_t d = world_slot(&w);
    ERIX_CHECK_EQ(create_endpoint(W_SLOT_D, d), ERIX_ERR_WRONG_TYPE);
    struct erix_kctl_retype_req cu = {W_SLOT_D, d, ERIX_CAP_UNTYPED, 1};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RETYPE_UNTYPED, &cu, sizeof cu, NULL, 0), ERIX_ERR_WRONG_TYPE);
    struct proc p;
    ERIX_CHECK_EQ(stage(&w, &p, W_SLOT_D, 10), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(root_slot(&w, d)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(watermark(W_SLOT_D), before);
    /* and a device frame never maps executable */
    uint32_t df = world_slot(&w);
    ERIX_CHECK_EQ(retype_frame(W_SLOT_D, df, 1), ERIX_OK);
    struct erix_kctl_map_req m = {ERIX_SLOT_SELF_VSPACE, df, 0x10000000, ERIX_MAP_READ | ERIX_MAP_EXEC,
                                  0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0), ERIX_ERR_DENIED);
    m.perms = ERIX_MAP_READ | ERIX_MAP_WRITE;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0), ERIX_OK);
    uint64_t pa;
    uint32_t perms;
    ERIX_CHECK(arch_lookup_page(w.root.t->vspace->root, 0x10000000, &pa, &perms));
    ERIX_CHECK_EQ(pa, W_D_BASE);
    ERIX_CHECK_EQ(perms & (ARCH_MAP_DEVICE | ARCH_MAP_ANON | ARCH_MAP_EXEC), ARCH_MAP_DEVICE);
    ERIX_CHECK(world_down(&w));
}

static void reset_returns_the_watermark_to_zero(void)
{
    world_up(&w);
    erix_status_t st;
    uint32_t ut = child_untyped(W_SLOT_U, 8, &st);
    struct untyped *u = (struct untyped *)root_slot(&w, ut)->obj;
    uint32_t e = world_slot(&w), f = world_slot(&w);
    ERIX_CHECK_EQ(create_endpoint(ut, e), ERIX_OK);
    ERIX_CHECK_EQ(retype_frame(ut, f, 2), ERIX_OK);
    ERIX_CHECK(watermark(ut) > 0);
    struct erix_kctl_slot_req r = {ut, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_UNTYPED_RESET, &r, sizeof r, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(watermark(ut), 0);
    memset(fake_phys(u->base), 0x77, 64); /* stale bytes in memory that is free again */
    ERIX_CHECK_EQ(root_slot(&w, e)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(root_slot(&w, f)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(root_slot(&w, ut)->type, ERIX_CAP_UNTYPED); /* the untyped itself stays */
    /* the memory is handed out again from the start, zeroed */
    uint32_t f2 = world_slot(&w);
    ERIX_CHECK_EQ(retype_frame(ut, f2, 8), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, f2)->obj, u->base);
    ERIX_CHECK_EQ(*(const uint8_t *)fake_phys(u->base), 0);
    /* reset needs arg 0 and an untyped */
    r.arg = 1;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_UNTYPED_RESET, &r, sizeof r, NULL, 0), ERIX_ERR_INVALID_ARGUMENT);
    struct erix_kctl_slot_req r2 = {f2, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_UNTYPED_RESET, &r2, sizeof r2, NULL, 0), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(root_slot(&w, f2)->type, ERIX_CAP_FRAME);
    ERIX_CHECK(world_down(&w));
}

static void child_untyped_depth_is_limited(void)
{
    world_up(&w);
    erix_status_t st;
    uint32_t parent = W_SLOT_U, pages = 64;
    /* the boot untyped has depth 0; children 1..UNTYPED_MAX_DEPTH-1 may exist */
    for (uint32_t depth = 1; depth < UNTYPED_MAX_DEPTH; depth++) {
        uint32_t c = child_untyped(parent, pages, &st);
        ERIX_CHECK_EQ(st, ERIX_OK);
        if (st != ERIX_OK)
            break;
        struct untyped *u = (struct untyped *)root_slot(&w, c)->obj;
        ERIX_CHECK_EQ(u->depth, depth);
        ERIX_CHECK_EQ(u->size, (uint64_t)pages * 4096);
        parent = c;
        pages -= 4;
    }
    uint64_t mark = watermark(parent);
    uint32_t too_deep = child_untyped(parent, 1, &st);
    ERIX_CHECK_EQ(st, ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(root_slot(&w, too_deep)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(watermark(parent), mark);
    /* the deepest one still makes frames */
    ERIX_CHECK_EQ(retype_frame(parent, world_slot(&w), 1), ERIX_OK);
    ERIX_CHECK(world_down(&w));
}

static void child_untyped_is_carved_from_its_parent(void)
{
    world_up(&w);
    erix_status_t st;
    uint32_t a = child_untyped(W_SLOT_U2, 4, &st);
    ERIX_CHECK_EQ(st, ERIX_OK);
    uint32_t b = child_untyped(W_SLOT_U2, 4, &st);
    ERIX_CHECK_EQ(st, ERIX_OK);
    struct untyped *ua = (struct untyped *)root_slot(&w, a)->obj;
    struct untyped *ub = (struct untyped *)root_slot(&w, b)->obj;
    /* header (128 B) then the page-aligned memory, twice; no overlap */
    ERIX_CHECK_EQ(ua->base, W_U2_BASE + 4096);
    ERIX_CHECK_EQ(ub->base, W_U2_BASE + 6 * 4096);
    ERIX_CHECK_EQ(watermark(W_SLOT_U2), 10 * 4096);
    ERIX_CHECK(arch_virt_to_phys(ub) >= ua->base + ua->size);
    /* too big for what is left of the parent: refused, nothing carved */
    uint32_t c = child_untyped(W_SLOT_U2, (uint32_t)(W_U2_SIZE / 4096), &st);
    ERIX_CHECK_EQ(st, ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(root_slot(&w, c)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(watermark(W_SLOT_U2), 10 * 4096);
    ERIX_CHECK(world_down(&w));
}

int main(void)
{
    ERIX_RUN(retype_aligns_each_object_to_its_size);
    ERIX_RUN(exhaustion_is_refused_and_changes_nothing);
    ERIX_RUN(retype_refuses_bad_destinations_without_carving);
    ERIX_RUN(ram_is_zeroed_device_memory_is_not);
    ERIX_RUN(device_untyped_makes_only_frames);
    ERIX_RUN(reset_returns_the_watermark_to_zero);
    ERIX_RUN(child_untyped_depth_is_limited);
    ERIX_RUN(child_untyped_is_carved_from_its_parent);
    return erix_test_finish();
}
