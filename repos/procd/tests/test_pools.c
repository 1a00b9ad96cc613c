/*
 * test_pools.c - child pool sizing (the budget and its power-of-two class)
 * and deterministic pool selection: best fit among reset pools, else the
 * lowest empty index; nothing chosen when every pool is taken.
 */
#include <string.h>

#include <erix_test.h>

#include "elf_image.h"
#include "pools.h"

static struct procd_pools p;
static uint8_t elf[TEST_ELF_SIZE];

static void budget_counts_objects_image_and_stack(void)
{
    struct erix_elf_image img;
    memset(&img, 0, sizeof img);
    img.segment_count = 1;
    img.segments[0] = (struct erix_elf_segment){0x400000, 0x3000, 0, 0x3000, 5, 0};
    uint64_t small = procd_budget_pages(&img);
    /* CNode 65 + VSpace 2 + TCB 4 + IPC 4 + image 3 + its tables 4 + stack 16 + 2
     * + envelope 2 + small objects 4 */
    ERIX_CHECK_EQ(small, 65 + 2 + 4 + 4 + 3 + 4 + 16 + 2 + 2 + 4);
    img.stack_size = 1u << 20; /* 256 pages instead of the default 16 */
    ERIX_CHECK_EQ(procd_budget_pages(&img), small + 240);
    img.segments[0].memsz = 4u << 20; /* 1024 pages: two more page tables */
    ERIX_CHECK_EQ(procd_budget_pages(&img), small + 240 + 1021 + 2);
}

static void pool_classes(void)
{
    uint32_t pages = 0;
    test_elf(elf, 0, 0);
    ERIX_CHECK_EQ(procd_image_pool_pages(elf, sizeof elf, &pages), ERIX_OK);
    ERIX_CHECK_EQ(pages, 128); /* 106 pages: the minimum class */
    test_elf(elf, 0, 256u << 10);
    ERIX_CHECK_EQ(procd_image_pool_pages(elf, sizeof elf, &pages), ERIX_OK);
    ERIX_CHECK_EQ(pages, 256);
    test_elf(elf, 3u << 20, 0);
    ERIX_CHECK_EQ(procd_image_pool_pages(elf, sizeof elf, &pages), ERIX_OK);
    ERIX_CHECK_EQ(pages, 1024);
    test_elf(elf, 255u << 20, 8u << 20); /* past 256 MiB with its stack */
    pages = 7;
    ERIX_CHECK_EQ(procd_image_pool_pages(elf, sizeof elf, &pages), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(pages, 7);
}

static void bad_images_are_refused(void)
{
    uint32_t pages = 0;
    test_elf(elf, 0, 0);
    elf[0] = 0;
    ERIX_CHECK(procd_image_pool_pages(elf, sizeof elf, &pages) != ERIX_OK);
    test_elf(elf, 0, 0);
    ERIX_CHECK(procd_image_pool_pages(elf, 40, &pages) != ERIX_OK);
    test_elf(elf, 0, 0);
    elf[PHOFF_FLAGS] = 7; /* text becomes W+X */
    ERIX_CHECK(procd_image_pool_pages(elf, sizeof elf, &pages) != ERIX_OK);
}

static void plan_takes_lowest_empty(void)
{
    struct procd_pool_plan plan;
    procd_pools_init(&p);
    ERIX_CHECK_EQ(procd_pools_plan(&p, 128, &plan), ERIX_OK);
    ERIX_CHECK_EQ(plan.index, 0);
    ERIX_CHECK(plan.fresh);
    ERIX_CHECK_EQ(plan.pages, 128);
    ERIX_CHECK_EQ(p.pool[0].state, PROCD_POOL_EMPTY); /* planning changes nothing */
    procd_pools_take(&p, &plan);
    ERIX_CHECK_EQ(p.pool[0].state, PROCD_POOL_USED);
    ERIX_CHECK_EQ(p.pool[0].pages, 128);
    ERIX_CHECK_EQ(procd_pools_plan(&p, 256, &plan), ERIX_OK);
    ERIX_CHECK_EQ(plan.index, 1);
}

static void plan_reuses_best_fit(void)
{
    struct procd_pool_plan plan;
    procd_pools_init(&p);
    uint32_t sizes[4] = {1024, 256, 512, 256};
    for (uint32_t i = 0; i < 4; i++) {
        struct procd_pool_plan q = {i, sizes[i], true};
        procd_pools_take(&p, &q);
        procd_pools_release(&p, i);
    }
    ERIX_CHECK_EQ(procd_pools_plan(&p, 256, &plan), ERIX_OK);
    ERIX_CHECK_EQ(plan.index, 1); /* smallest fit, lowest index */
    ERIX_CHECK(!plan.fresh);
    ERIX_CHECK_EQ(plan.pages, 256);
    ERIX_CHECK_EQ(procd_pools_plan(&p, 128, &plan), ERIX_OK);
    ERIX_CHECK_EQ(plan.index, 1);
    ERIX_CHECK_EQ(procd_pools_plan(&p, 512, &plan), ERIX_OK);
    ERIX_CHECK_EQ(plan.index, 2);
    ERIX_CHECK_EQ(procd_pools_plan(&p, 2048, &plan), ERIX_OK);
    ERIX_CHECK_EQ(plan.index, 4); /* none fits: a fresh one */
    ERIX_CHECK(plan.fresh);
    procd_pools_take(&p, &(struct procd_pool_plan){1, 256, false});
    ERIX_CHECK_EQ(procd_pools_plan(&p, 256, &plan), ERIX_OK);
    ERIX_CHECK_EQ(plan.index, 3); /* pool 1 is used now */
}

static void no_pool_left(void)
{
    struct procd_pool_plan plan = {99, 99, false};
    procd_pools_init(&p);
    for (uint32_t i = 0; i < PROCD_MAX_CHILDREN; i++)
        procd_pools_take(&p, &(struct procd_pool_plan){i, 128, true});
    ERIX_CHECK_EQ(procd_pools_plan(&p, 128, &plan), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(plan.index, 99);
    procd_pools_release(&p, 7);
    ERIX_CHECK_EQ(procd_pools_plan(&p, 256, &plan), ERIX_ERR_NO_MEMORY); /* too small */
    ERIX_CHECK_EQ(procd_pools_plan(&p, 128, &plan), ERIX_OK);
    ERIX_CHECK_EQ(plan.index, 7);
}

static void release_only_frees_used_pools(void)
{
    procd_pools_init(&p);
    procd_pools_release(&p, 0);
    ERIX_CHECK_EQ(p.pool[0].state, PROCD_POOL_EMPTY);
    procd_pools_release(&p, PROCD_MAX_CHILDREN); /* out of range: ignored */
    procd_pools_take(&p, &(struct procd_pool_plan){0, 128, true});
    procd_pools_release(&p, 0);
    ERIX_CHECK_EQ(p.pool[0].state, PROCD_POOL_FREE);
    ERIX_CHECK_EQ(p.pool[0].pages, 128);
}

/* A loader plan is sized like the image it came from. */
static void plans_are_sized_like_images(void)
{
    static const struct erix_elf_limits limits = {0x10000, 0x7fff00000000ull, 256ull << 20,
                                                  8ull << 20};
    uint8_t image[TEST_ELF_SIZE];
    struct erix_elf_image img;
    uint32_t from_image = 0, from_plan = 0;
    test_elf(image, 3u << 20, 0);
    ERIX_CHECK_EQ(erix_elf_parse(image, sizeof image, &limits, &img), ERIX_OK);
    ERIX_CHECK_EQ(procd_image_pool_pages(image, sizeof image, &from_image), ERIX_OK);
    ERIX_CHECK_EQ(procd_plan_pool_pages(&img, &from_plan), ERIX_OK);
    ERIX_CHECK_EQ(from_plan, from_image);
    img.segments[1].memsz = 300ull << 20;
    ERIX_CHECK_EQ(procd_plan_pool_pages(&img, &from_plan), ERIX_ERR_LIMIT);
}

int main(void)
{
    ERIX_RUN(plans_are_sized_like_images);
    ERIX_RUN(budget_counts_objects_image_and_stack);
    ERIX_RUN(pool_classes);
    ERIX_RUN(bad_images_are_refused);
    ERIX_RUN(plan_takes_lowest_empty);
    ERIX_RUN(plan_reuses_best_fit);
    ERIX_RUN(no_pool_left);
    ERIX_RUN(release_only_frees_used_pools);
    return erix_test_finish();
}
