/*
 * pools.h - the child pools: how much memory a child needs, and which pool it
 * is built in.
 *
 * Every child is built in its own pool: a child untyped procd retypes from
 * UNTYPED_POOL. Everything of the child derives from it, so resetting it
 * destroys the child completely; the reset pool stays in its slot and is
 * reused. A pool's size is a power of two of pages (at least
 * PROCD_POOL_MIN_PAGES) covering the child's budget (procd_budget_pages).
 * Pool i also owns child slot range i (procd_config.h). The choice is
 * deterministic: the smallest free pool that fits (lowest index among
 * equals), else the lowest empty index, retyped fresh. Pure: no system calls.
 */
#ifndef PROCD_POOLS_H
#define PROCD_POOLS_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/elf.h>
#include <erix/status.h>

#include "procd_config.h"

enum procd_pool_state {
    PROCD_POOL_EMPTY = 0, /* no capability in the slot yet */
    PROCD_POOL_FREE = 1,  /* retyped and reset: reusable */
    PROCD_POOL_USED = 2,  /* a live child is built in it */
};

struct procd_pool {
    uint8_t state;
    uint32_t pages;
};

struct procd_pools {
    struct procd_pool pool[PROCD_MAX_CHILDREN];
};

struct procd_pool_plan {
    uint32_t index;
    uint32_t pages;  /* the pool's size */
    bool fresh;      /* retype it first (it was EMPTY) */
};

void procd_pools_init(struct procd_pools *p);

/* Pages a child of this load plan needs from its pool: its kernel objects
 * (CNode, VSpace, TCB, IPC buffer), segments, stack, page tables, the
 * envelope page, its endpoint and grants. */
uint64_t procd_budget_pages(const struct erix_elf_image *img);

/* Parse an image (lib-elf, lib-spawn's limits) and give its pool size: the
 * budget rounded up to a power of two, at least PROCD_POOL_MIN_PAGES.
 * ERIX_ERR_LIMIT above PROCD_POOL_MAX_PAGES; lib-elf's status if it refuses. */
erix_status_t procd_image_pool_pages(const void *elf, uint64_t size, uint32_t *pages);

/* The same for a load plan already checked (a loader transfer's). */
erix_status_t procd_plan_pool_pages(const struct erix_elf_image *img, uint32_t *pages);

/* Choose the pool for a child of `pages`; ERIX_ERR_NO_MEMORY when every pool
 * is used or too small and none is empty. Changes nothing. */
erix_status_t procd_pools_plan(const struct procd_pools *p, uint32_t pages,
                               struct procd_pool_plan *out);

/* The plan is carried out: the pool is USED (a fresh one has its size). */
void procd_pools_take(struct procd_pools *p, const struct procd_pool_plan *plan);

/* The child is gone and the pool reset: FREE. */
void procd_pools_release(struct procd_pools *p, uint32_t index);

#endif
