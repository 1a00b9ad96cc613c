/* test_parse_valid.c - images erix_elf_parse accepts, and the plans it returns. */
#include <string.h>

#include "builder.h"
#include "elf_check.h"
#include "plan_check.h"

static struct erix_elf_image img;

/* Parse, expect ERIX_OK, and hold the plan to the oracle. */
static int accept(const struct tb_image *im, const struct erix_elf_limits *limits)
{
    erix_status_t st = tb_parse(im, limits, &img);
    const char *why;

    CHECK_STATUS(st, ERIX_OK);
    if (st != ERIX_OK)
        return 0;
    why = plan_check(&img, im->size, limits);
    if (why != NULL)
        fprintf(stderr, "  plan_check: %s\n", why);
    ERIX_CHECK(why == NULL);
    return 1;
}

static void minimal_image(void)
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();

    tb_minimal(&im);
    if (!accept(&im, &lim))
        return;
    ERIX_CHECK_EQ(img.entry, 0x400080);
    ERIX_CHECK_EQ(img.segment_count, 1);
    ERIX_CHECK_EQ(img.stack_size, 0);
    ERIX_CHECK_EQ(img.image_bytes, 0x1000);
    ERIX_CHECK_EQ(img.segments[0].vaddr, 0x400000);
    ERIX_CHECK_EQ(img.segments[0].memsz, 0x100);
    ERIX_CHECK_EQ(img.segments[0].file_offset, 0);
    ERIX_CHECK_EQ(img.segments[0].filesz, 0x100);
    ERIX_CHECK_EQ(img.segments[0].perms, ERIX_ELF_PERM_R | ERIX_ELF_PERM_X);
    ERIX_CHECK_EQ(img.segments[0].reserved, 0);
}

static void lld_like_image(void)
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();

    tb_lld_like(&im);
    if (!accept(&im, &lim))
        return;
    ERIX_CHECK_EQ(img.entry, 0x201200);
    ERIX_CHECK_EQ(img.stack_size, 0x10000);
    ERIX_CHECK_EQ(img.segment_count, 3);
    ERIX_CHECK_EQ(img.image_bytes, 0x1000 + 0x1000 + 0x4000);
    ERIX_CHECK_EQ(img.segments[0].perms, ERIX_ELF_PERM_R);
    ERIX_CHECK_EQ(img.segments[1].perms, ERIX_ELF_PERM_R | ERIX_ELF_PERM_X);
    ERIX_CHECK_EQ(img.segments[2].perms, ERIX_ELF_PERM_R | ERIX_ELF_PERM_W);
    ERIX_CHECK_EQ(img.segments[1].vaddr, 0x201200);
    ERIX_CHECK_EQ(img.segments[1].file_offset, 0x200);
    ERIX_CHECK_EQ(img.segments[2].filesz, 0x40);
    ERIX_CHECK_EQ(img.segments[2].memsz, 0x3000);
}

static void unaligned_input(void)
{
    static uint8_t buf[TB_CAP];
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();
    struct erix_elf_image aligned, shifted;
    size_t n;

    tb_lld_like(&im);
    n = tb_emit(&im, buf, sizeof buf);
    CHECK_STATUS(tb_parse_bytes(buf, n, 0, &lim, &aligned), ERIX_OK);
    for (size_t mis = 1; mis < 8; mis++) {
        memset(&shifted, 0, sizeof shifted);
        CHECK_STATUS(tb_parse_bytes(buf, n, mis, &lim, &shifted), ERIX_OK);
        ERIX_CHECK(memcmp(&aligned, &shifted, sizeof aligned) == 0);
    }
}

static void segment_span_rounds_to_pages(void)
{
    struct erix_elf_segment seg = { .vaddr = 0x202300, .memsz = 0x3000 };
    uint64_t start, end;

    erix_elf_segment_span(&seg, &start, &end);
    ERIX_CHECK_EQ(start, 0x202000);
    ERIX_CHECK_EQ(end, 0x206000);
    seg = (struct erix_elf_segment){ .vaddr = 0x400000, .memsz = 0x1000 };
    erix_elf_segment_span(&seg, &start, &end);
    ERIX_CHECK_EQ(start, 0x400000);
    ERIX_CHECK_EQ(end, 0x401000);
}

/* PT_NULL, PT_NOTE, PT_PHDR, GNU_RELRO, GNU_PROPERTY and unknown types, and
 * a zero-size PT_LOAD with nonsense fields, change nothing. */
static void ignored_headers(void)
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();
    struct erix_elf_image plain;

    tb_lld_like(&im);
    CHECK_STATUS(tb_parse(&im, &lim, &plain), ERIX_OK);
    tb_add(&im, TB_PT_NULL, 0, ~0ull, ~0ull, ~0ull, ~0ull, 3);
    tb_add(&im, TB_PT_GNU_RELRO, TB_PF_R, 0x300, 0x202300, 0x40, 0xd00, 1);
    tb_add(&im, TB_PT_GNU_PROPERTY, TB_PF_R, 0x190, 0x200190, 0x10, 0x10, 8);
    tb_add(&im, 0x12345678u, TB_PF_R | TB_PF_W | TB_PF_X, ~0ull, 0, ~0ull, 0, 7);
    tb_add(&im, TB_PT_LOAD, TB_PF_R | TB_PF_W | TB_PF_X, 0xfffffffffffff123, 0, 0, 0, 3);
    if (!accept(&im, &lim))
        return;
    ERIX_CHECK(memcmp(&plain, &img, sizeof img) == 0);
}

/* p_align 0 and 1; PF_MASKOS/PF_MASKPROC bits are not permissions. */
static void alignment_zero_one_and_extra_flags(void)
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();

    tb_lld_like(&im);
    im.ph[TB_LLD_TEXT].align = 0;
    im.ph[TB_LLD_DATA].align = 1;
    im.ph[TB_LLD_RODATA].flags |= 0xf0f00000u;
    if (!accept(&im, &lim))
        return;
    ERIX_CHECK_EQ(img.segments[0].perms, ERIX_ELF_PERM_R);
}

/* Segments that touch at a page boundary, with the entry at the first and
 * last file byte of the text. */
static void adjacent_pages_and_entry_edges(void)
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();

    tb_lld_like(&im);
    im.ph[TB_LLD_TEXT].memsz = 0xe00; /* text ends exactly at 0x202000 */
    im.ph[TB_LLD_DATA].vaddr = 0x202300;
    accept(&im, &lim);
    im.entry = 0x201200 + 0xff;
    accept(&im, &lim);
}

/* The first and last page of user space are usable. */
static void user_space_edges(void)
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();

    tb_lld_like(&im);
    im.ph[TB_LLD_RODATA].vaddr = lim.user_base;
    im.ph[TB_LLD_DATA].vaddr = lim.user_top - 0x3000 + 0x300;
    im.ph[TB_LLD_DATA].memsz = 0x3000 - 0x300; /* ends at user_top */
    accept(&im, &lim);
    ERIX_CHECK_EQ(img.segments[2].vaddr + img.segments[2].memsz, lim.user_top);

    lim.user_top = 0xfffffffffffff000;   /* the largest aligned top */
    im.ph[TB_LLD_DATA].vaddr = lim.user_top - 0x3000 + 0x300;
    accept(&im, &lim);
}

static void exact_limits(void)
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();

    tb_lld_like(&im);
    lim.max_image_bytes = 0x6000;
    lim.max_stack_bytes = 0x10000;
    accept(&im, &lim);
    lim.max_stack_bytes = 0;
    im.ph[TB_LLD_STACK].memsz = 0;
    accept(&im, &lim);
    ERIX_CHECK_EQ(img.stack_size, 0);
}

/* ERIX_ELF_MAX_SEGMENTS loads, one page each. */
static void sixteen_segments(void)
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();

    tb_header(&im, 0x1000);
    for (uint64_t i = 0; i < ERIX_ELF_MAX_SEGMENTS; i++)
        tb_add(&im, TB_PT_LOAD, TB_PF_R | TB_PF_X, 0, 0x400000 + i * 0x1000, 0x1000,
               0x1000, 0x1000);
    im.entry = 0x40f000;
    if (!accept(&im, &lim))
        return;
    ERIX_CHECK_EQ(img.segment_count, ERIX_ELF_MAX_SEGMENTS);
    ERIX_CHECK_EQ(img.image_bytes, ERIX_ELF_MAX_SEGMENTS * 0x1000);
}

/* 64 program headers is the most a header may declare. */
static void sixty_four_headers(void)
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();

    tb_minimal(&im);
    im.size = 64 + 64 * 56;
    im.ph[0].filesz = im.ph[0].memsz = im.size;
    while (im.nph < 64)
        tb_add(&im, TB_PT_NOTE, TB_PF_R, 0, 0, 0, 0, 0);
    accept(&im, &lim);
}

int main(void)
{
    ERIX_RUN(minimal_image);
    ERIX_RUN(lld_like_image);
    ERIX_RUN(unaligned_input);
    ERIX_RUN(segment_span_rounds_to_pages);
    ERIX_RUN(ignored_headers);
    ERIX_RUN(alignment_zero_one_and_extra_flags);
    ERIX_RUN(adjacent_pages_and_entry_edges);
    ERIX_RUN(user_space_edges);
    ERIX_RUN(exact_limits);
    ERIX_RUN(sixteen_segments);
    ERIX_RUN(sixty_four_headers);
    return erix_test_finish();
}
