/*
 * vspace.c - address-space objects.
 *
 * A VSpace object is 8 KiB: this header (first, where untyped_new_object
 * links the object into its untyped), then the PML4 page. Frames are
 * mapped through their capabilities; the capability records where it is
 * mapped (space index, its 32-bit generation, and address), so deleting it
 * unmaps, and a space that dies leaves stale handles that unmapping recognises
 * and ignores (a generation is never reused for the same index).
 */
#include <erix/kctl.h>
#include <erix/layout.h>

#include <kernel/tcb.h>
#include <kernel/untyped.h>
#include <kernel/vspace.h>

static struct vspace *spaces[VSPACE_MAX];
static uint32_t gens[VSPACE_MAX];

bool vspace_table_has_room(void)
{
    for (uint32_t i = 1; i < VSPACE_MAX; i++)
        if (spaces[i] == NULL)
            return true;
    return false;
}

struct vspace *vspace_init(void *mem, struct untyped *origin, struct untyped *pool)
{
    for (uint32_t i = 1; i < VSPACE_MAX; i++) {
        if (spaces[i] != NULL)
            continue;
        struct vspace *vs = mem;
        vs->hdr.type = ERIX_CAP_VSPACE;
        vs->hdr.origin = origin;
        vs->root = arch_virt_to_phys((uint8_t *)mem + 4096);
        vs->pool = pool;
        gens[i] = gens[i] + 1 == 0 ? 1 : gens[i] + 1;
        vs->index = i;
        vs->gen = gens[i];
        spaces[i] = vs;
        arch_vspace_init(vs->root);
        return vs;
    }
    return NULL;
}

struct vspace *vspace_by_handle(uint32_t index, uint32_t gen)
{
    if (index == 0 || index >= VSPACE_MAX || spaces[index] == NULL || spaces[index]->gen != gen)
        return NULL;
    return spaces[index];
}

static uint64_t pool_page(void *ctx)
{
    struct vspace *vs = ctx;
    uint64_t page = untyped_carve(vs->pool, 4096);
    if (page != 0)
        vs->tables++;
    return page;
}

/*
 * The page-table pages a map of `pages` pages at vaddr will add: walk the
 * range one 2 MiB region (one PT) at a time and count each missing PT, PD and
 * PDPT once, so a map into tables that exist costs nothing.
 */
uint64_t vspace_tables_needed(const struct vspace *vs, uint64_t vaddr, uint64_t pages)
{
    uint64_t need = 0, last_pd = UINT64_MAX, last_pdpt = UINT64_MAX;
    uint64_t end = vaddr + pages * 4096 - 1;
    for (uint64_t r = vaddr & ~(uint64_t)0x1fffff; r <= end; r += 0x200000) {
        unsigned missing = arch_tables_needed(vs->root, r); /* 3: PDPT, PD, PT */
        if (missing >= 1)
            need++;
        if (missing >= 2 && (r >> 30) != last_pd) {
            need++;
            last_pd = r >> 30;
        }
        if (missing >= 3 && (r >> 39) != last_pdpt) {
            need++;
            last_pdpt = r >> 39;
        }
        if (r + 0x200000 < r)
            break;
    }
    return need;
}

static uint32_t arch_perms(const struct cte *frame, uint32_t perms)
{
    uint32_t p = ARCH_MAP_READ;
    if (perms & ERIX_MAP_WRITE)
        p |= ARCH_MAP_WRITE;
    if (perms & ERIX_MAP_EXEC)
        p |= ARCH_MAP_EXEC;
    if (frame->type == ERIX_CAP_DEVICE_FRAME)
        p |= ARCH_MAP_DEVICE;
    if (frame->flags & CTE_FRAME_ANON)
        p |= ARCH_MAP_ANON;
    return p;
}

static erix_status_t check_rights(const struct cte *frame, uint32_t perms)
{
    if ((perms & ~(uint32_t)(ERIX_MAP_READ | ERIX_MAP_WRITE | ERIX_MAP_EXEC)) != 0 ||
        (perms & ERIX_MAP_READ) == 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((perms & ERIX_MAP_WRITE) && (perms & ERIX_MAP_EXEC))
        return ERIX_ERR_DENIED; /* W^X */
    if ((perms & ERIX_MAP_EXEC) && frame->type == ERIX_CAP_DEVICE_FRAME)
        return ERIX_ERR_DENIED;
    if ((frame->rights & ERIX_RIGHT_READ) == 0 ||
        ((perms & ERIX_MAP_WRITE) && (frame->rights & ERIX_RIGHT_WRITE) == 0))
        return ERIX_ERR_NO_RIGHTS;
    return ERIX_OK;
}

/* Exactly what carving `count` pages will need (they lie back to back). */
static bool pool_has_pages(const struct vspace *vs, uint64_t count)
{
    uint64_t bytes = count * 4096;
    return untyped_fits(vs->pool, &bytes, 1);
}

erix_status_t vspace_map_check(struct vspace *vs, const struct cte *frame, uint64_t vaddr,
                               uint32_t perms)
{
    erix_status_t st = check_rights(frame, perms);
    if (st != ERIX_OK)
        return st;
    if (frame->map_vspace != 0 && vspace_by_handle(frame->map_vspace, frame->map_gen) != NULL)
        return ERIX_ERR_STATE; /* a capability maps once; copy it to map again */
    uint64_t len = (uint64_t)frame->pages * 4096;
    if (vaddr % 4096 != 0)
        return ERIX_ERR_ALIGNMENT;
    if (vaddr < ERIX_USER_BASE || vaddr >= ERIX_USER_TOP || len > ERIX_USER_TOP - vaddr)
        return ERIX_ERR_OUT_OF_RANGE;
    for (uint64_t off = 0; off < len; off += 4096) {
        uint64_t pa;
        uint32_t p;
        if (arch_lookup_page(vs->root, vaddr + off, &pa, &p))
            return ERIX_ERR_EXISTS;
    }
    if (!pool_has_pages(vs, vspace_tables_needed(vs, vaddr, frame->pages)))
        return ERIX_ERR_NO_MEMORY;
    return ERIX_OK;
}

void vspace_map(struct vspace *vs, struct cte *frame, uint64_t vaddr, uint32_t perms)
{
    uint32_t p = arch_perms(frame, perms);
    for (uint64_t i = 0; i < frame->pages; i++)
        (void)arch_map_page(vs->root, vaddr + i * 4096, frame->obj + i * 4096, p, pool_page, vs);
    frame->map_vspace = vs->index;
    frame->map_gen = vs->gen;
    frame->map_vaddr = vaddr;
}

erix_status_t vspace_map_kernel(struct vspace *vs, uint64_t vaddr, uint64_t phys, uint32_t perms)
{
    if (!pool_has_pages(vs, arch_tables_needed(vs->root, vaddr)))
        return ERIX_ERR_NO_MEMORY;
    return arch_map_page(vs->root, vaddr, phys, perms, pool_page, vs);
}

void vspace_unmap_frame(struct cte *frame)
{
    struct vspace *vs = vspace_by_handle(frame->map_vspace, frame->map_gen);
    if (vs != NULL)
        for (uint64_t i = 0; i < frame->pages; i++)
            arch_unmap_page(vs->root, frame->map_vaddr + i * 4096);
    frame->map_vspace = 0;
    frame->map_gen = 0;
    frame->map_vaddr = 0;
}

void vspace_finalize(struct vspace *vs)
{
    tcb_kill_users_of(vs);
    if (vs->index < VSPACE_MAX && spaces[vs->index] == vs)
        spaces[vs->index] = NULL;
    vs->hdr.dead = 1;
}
