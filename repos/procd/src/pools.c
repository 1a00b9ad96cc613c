/*
 * pools.c - child pool sizing and selection (pools.h).
 *
 * The budget follows the kernel's object sizes (kernel ARCHITECTURE.md,
 * "Objects and their sizes") and its page-table charging: tables for a
 * child's mappings come from the child's pool.
 */
#include <string.h>

#include <erix/layout.h>

#include "pools.h"

#define PAGES(bytes) (((uint64_t)(bytes) + 4095u) / 4096u)
#define CNODE_PAGES PAGES(4096u + ERIX_CSPACE_SLOTS * 64u)
#define VSPACE_PAGES 2u
#define TCB_PAGES 4u
#define IPC_PAGES (1u + 3u)     /* the buffer and its PDPT, PD, PT */
#define TABLE_REACH 512u        /* pages one page table maps */
#define ENVELOPE_PAGES (1u + 1u) /* the page and its PT */
#define SMALL_OBJECT_PAGES 4u   /* endpoint, grants: each may open a page */

static const struct erix_elf_limits spawn_limits = {
    ERIX_USER_BASE, ERIX_USER_TOP, 256ull << 20, ERIX_USER_STACK_MAX,
};

void procd_pools_init(struct procd_pools *p)
{
    memset(p, 0, sizeof *p);
}

static uint64_t image_pages(const struct erix_elf_image *img)
{
    uint64_t pages = 0;
    for (uint32_t i = 0; i < img->segment_count; i++) {
        uint64_t start, end;
        erix_elf_segment_span(&img->segments[i], &start, &end);
        pages += (end - start) / 4096u;
    }
    return pages;
}

uint64_t procd_budget_pages(const struct erix_elf_image *img)
{
    uint64_t image = image_pages(img);
    uint64_t stack = PAGES(img->stack_size != 0 ? img->stack_size : ERIX_USER_STACK_DEFAULT);
    uint64_t image_tables = 2u + img->segment_count + image / TABLE_REACH + 1u;
    uint64_t stack_tables = 2u + stack / TABLE_REACH;
    return CNODE_PAGES + VSPACE_PAGES + TCB_PAGES + IPC_PAGES + image + image_tables + stack +
           stack_tables + ENVELOPE_PAGES + SMALL_OBJECT_PAGES;
}

erix_status_t procd_image_pool_pages(const void *elf, uint64_t size, uint32_t *pages)
{
    struct erix_elf_image img;
    erix_status_t st = erix_elf_parse(elf, size, &spawn_limits, &img);
    return st != ERIX_OK ? st : procd_plan_pool_pages(&img, pages);
}

erix_status_t procd_plan_pool_pages(const struct erix_elf_image *img, uint32_t *pages)
{
    uint64_t need = procd_budget_pages(img), class = PROCD_POOL_MIN_PAGES;
    while (class < need && class <= PROCD_POOL_MAX_PAGES)
        class *= 2;
    if (class > PROCD_POOL_MAX_PAGES)
        return ERIX_ERR_LIMIT;
    *pages = (uint32_t)class;
    return ERIX_OK;
}

erix_status_t procd_pools_plan(const struct procd_pools *p, uint32_t pages,
                               struct procd_pool_plan *out)
{
    int best = -1, empty = -1;
    for (uint32_t i = 0; i < PROCD_MAX_CHILDREN; i++) {
        const struct procd_pool *q = &p->pool[i];
        if (q->state == PROCD_POOL_EMPTY && empty < 0)
            empty = (int)i;
        if (q->state == PROCD_POOL_FREE && q->pages >= pages &&
            (best < 0 || q->pages < p->pool[best].pages))
            best = (int)i;
    }
    if (best >= 0) {
        *out = (struct procd_pool_plan){(uint32_t)best, p->pool[best].pages, false};
        return ERIX_OK;
    }
    if (empty < 0)
        return ERIX_ERR_NO_MEMORY;
    *out = (struct procd_pool_plan){(uint32_t)empty, pages, true};
    return ERIX_OK;
}

void procd_pools_take(struct procd_pools *p, const struct procd_pool_plan *plan)
{
    p->pool[plan->index].state = PROCD_POOL_USED;
    p->pool[plan->index].pages = plan->pages;
}

void procd_pools_release(struct procd_pools *p, uint32_t index)
{
    if (index < PROCD_MAX_CHILDREN && p->pool[index].state == PROCD_POOL_USED)
        p->pool[index].state = PROCD_POOL_FREE;
}
