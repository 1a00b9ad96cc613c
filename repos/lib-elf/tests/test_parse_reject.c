/*
 * test_parse_reject.c - the malformed corpus: each case breaks one rule of a
 * valid lld-like image (or of the limits) and asserts the exact status, and
 * that *out was left untouched.
 */
#include <string.h>

#include "builder.h"
#include "elf_check.h"

typedef struct tb_image im_t;
typedef struct erix_elf_limits lim_t;

/* --- the file header --------------------------------------------------------- */

static void bad_magic(im_t *im, lim_t *l) { (void)l; im->ident[1] = 'X'; }
static void bad_magic_byte0(im_t *im, lim_t *l) { (void)l; im->ident[0] = 0; }
static void class32(im_t *im, lim_t *l) { (void)l; im->ident[4] = 1; }
static void class_none(im_t *im, lim_t *l) { (void)l; im->ident[4] = 0; }
static void big_endian(im_t *im, lim_t *l) { (void)l; im->ident[5] = 2; }
static void ident_version0(im_t *im, lim_t *l) { (void)l; im->ident[6] = 0; }
static void e_version2(im_t *im, lim_t *l) { (void)l; im->version = 2; }
static void machine_i386(im_t *im, lim_t *l) { (void)l; im->machine = 3; }
static void machine_aarch64(im_t *im, lim_t *l) { (void)l; im->machine = 183; }
static void et_dyn(im_t *im, lim_t *l) { (void)l; im->type = 3; }
static void et_rel(im_t *im, lim_t *l) { (void)l; im->type = 1; }
static void et_core(im_t *im, lim_t *l) { (void)l; im->type = 4; }
static void ehsize52(im_t *im, lim_t *l) { (void)l; im->ehsize = 52; }
static void phentsize32(im_t *im, lim_t *l) { (void)l; im->phentsize = 32; }
static void phentsize64(im_t *im, lim_t *l) { (void)l; im->phentsize = 64; }
static void phoff_at_end(im_t *im, lim_t *l) { (void)l; im->phoff = im->size; }
static void phoff_far(im_t *im, lim_t *l) { (void)l; im->phoff = 0x100000; }
static void phoff_table_cut(im_t *im, lim_t *l) { (void)l; im->phoff = im->size - 6 * 56 + 1; }
static void phoff_wraps(im_t *im, lim_t *l) { (void)l; im->phoff = ~0ull - 8; }
static void phnum0(im_t *im, lim_t *l) { (void)l; im->phnum = 0; }
static void phnum65(im_t *im, lim_t *l) { (void)l; im->phnum = 65; }
static void phnum_xnum(im_t *im, lim_t *l) { (void)l; im->phnum = 0xffff; }
static void phnum_past_table(im_t *im, lim_t *l) { (void)l; im->phnum = 20; }

/* --- one PT_LOAD ------------------------------------------------------------ */

#define TEXT (&im->ph[TB_LLD_TEXT])
#define DATA (&im->ph[TB_LLD_DATA])

static void filesz_gt_memsz(im_t *im, lim_t *l) { (void)l; DATA->memsz = 0x20; }
static void zero_memsz_with_file(im_t *im, lim_t *l) { (void)l; DATA->memsz = 0; }
static void file_range_past_end(im_t *im, lim_t *l) { (void)l; DATA->filesz = 0x41; }
static void offset_past_end(im_t *im, lim_t *l) { (void)l; TEXT->offset = 0x1200; }
static void offset_filesz_wraps(im_t *im, lim_t *l) { (void)l; TEXT->offset = ~0ull - 0x7f; }
static void below_user_base(im_t *im, lim_t *l) { (void)l; im->ph[TB_LLD_RODATA].vaddr = 0xf000; }
static void user_base_above_image(im_t *im, lim_t *l) { (void)im; l->user_base = 0x201000; }
static void above_user_top(im_t *im, lim_t *l) { (void)l; DATA->vaddr = 0x800000000300; }
static void past_user_top(im_t *im, lim_t *l) { (void)l; DATA->vaddr = 0x7ffffffff300; }
static void vaddr_memsz_wraps(im_t *im, lim_t *l)
{
    l->user_top = 0xfffffffffffff000;
    DATA->vaddr = 0xffffffffffffe300; /* + 0x3000 wraps */
}
static void memsz_huge(im_t *im, lim_t *l) { (void)l; DATA->memsz = ~0ull; }
static void wx_segment(im_t *im, lim_t *l) { (void)l; DATA->flags |= TB_PF_X; }
static void wx_text(im_t *im, lim_t *l) { (void)l; TEXT->flags |= TB_PF_W; }
static void incongruent(im_t *im, lim_t *l) { (void)l; TEXT->offset = 0x201; }
static void incongruent_by_page(im_t *im, lim_t *l) { (void)l; TEXT->vaddr = 0x201280; im->entry = 0x201280; }
static void align_not_pow2(im_t *im, lim_t *l) { (void)l; TEXT->align = 0x1800; }
static void align3(im_t *im, lim_t *l) { (void)l; DATA->align = 3; }
static void align_incongruent(im_t *im, lim_t *l) { (void)l; TEXT->align = 0x200000; }

/* --- PT_LOADs together ------------------------------------------------------ */

static void overlapping(im_t *im, lim_t *l) { (void)l; TEXT->memsz = 0x1200; }
static void sharing_a_page(im_t *im, lim_t *l) { (void)l; DATA->vaddr = 0x201300; }
static void same_segment_twice(im_t *im, lim_t *l) { (void)l; im->ph[TB_LLD_NOTE] = *TEXT; }

static void descending(im_t *im, lim_t *l)
{
    struct tb_phdr t = *TEXT;

    (void)l;
    *TEXT = *DATA;
    *DATA = t;
}

static void too_many_segments(im_t *im, lim_t *l)
{
    (void)l;
    tb_header(im, 0x1000);
    for (uint64_t i = 0; i <= ERIX_ELF_MAX_SEGMENTS; i++)
        tb_add(im, TB_PT_LOAD, TB_PF_R | TB_PF_X, 0, 0x400000 + i * 0x1000, 0x1000, 0x1000,
               0x1000);
    im->entry = 0x400000;
}

static void image_too_big(im_t *im, lim_t *l) { (void)im; l->max_image_bytes = 0x5fff; }
static void image_bigger_than_memory(im_t *im, lim_t *l) { (void)l; DATA->memsz = 64u << 20; }
static void no_load(im_t *im, lim_t *l)
{
    (void)l;
    im->ph[TB_LLD_RODATA].type = im->ph[TB_LLD_TEXT].type = im->ph[TB_LLD_DATA].type = 0;
}
static void only_empty_loads(im_t *im, lim_t *l)
{
    (void)l;
    im->ph[TB_LLD_RODATA].filesz = im->ph[TB_LLD_RODATA].memsz = 0;
    TEXT->filesz = TEXT->memsz = DATA->filesz = DATA->memsz = 0;
}

/* --- the entry --------------------------------------------------------------- */

static void entry_outside(im_t *im, lim_t *l) { (void)l; im->entry = 0x300000; }
static void entry_zero(im_t *im, lim_t *l) { (void)l; im->entry = 0; }
static void entry_past_text(im_t *im, lim_t *l) { (void)l; im->entry = 0x201300; }
static void entry_before_text(im_t *im, lim_t *l) { (void)l; im->entry = 0x2011ff; }
static void entry_in_rodata(im_t *im, lim_t *l) { (void)l; im->entry = 0x200100; }
static void entry_in_data(im_t *im, lim_t *l) { (void)l; im->entry = 0x202300; }
static void entry_in_text_bss(im_t *im, lim_t *l) { (void)l; TEXT->memsz = 0x800; im->entry = 0x201400; }

/* --- other program headers ---------------------------------------------------- */

#define STACK (&im->ph[TB_LLD_STACK])

static void exec_stack(im_t *im, lim_t *l) { (void)l; STACK->flags |= TB_PF_X; }
static void stack_too_big(im_t *im, lim_t *l) { (void)l; STACK->memsz = (1u << 20) + 1; }
static void stack_limit_zero(im_t *im, lim_t *l) { (void)im; l->max_stack_bytes = 0; }
static void two_stacks(im_t *im, lim_t *l) { (void)l; im->ph[TB_LLD_NOTE] = *STACK; }
static void pt_interp(im_t *im, lim_t *l) { (void)l; im->ph[TB_LLD_NOTE].type = TB_PT_INTERP; }
static void pt_dynamic(im_t *im, lim_t *l) { (void)l; im->ph[TB_LLD_NOTE].type = TB_PT_DYNAMIC; }
static void pt_tls(im_t *im, lim_t *l) { (void)l; im->ph[TB_LLD_NOTE].type = TB_PT_TLS; }

/* --- the limits -------------------------------------------------------------- */

static void base_unaligned(im_t *im, lim_t *l) { (void)im; l->user_base = 0x10001; }
static void top_unaligned(im_t *im, lim_t *l) { (void)im; l->user_top -= 1; }
static void base_eq_top(im_t *im, lim_t *l) { (void)im; l->user_top = l->user_base; }
static void base_above_top(im_t *im, lim_t *l) { (void)im; l->user_base = l->user_top + 0x1000; }

struct reject {
    const char *name;
    void (*mutate)(im_t *, lim_t *);
    erix_status_t want;
};

#define R(fn, st) { #fn, fn, st }
static const struct reject corpus[] = {
    R(bad_magic, ERIX_ERR_MALFORMED),           R(bad_magic_byte0, ERIX_ERR_MALFORMED),
    R(class32, ERIX_ERR_VERSION),               R(class_none, ERIX_ERR_VERSION),
    R(big_endian, ERIX_ERR_VERSION),            R(ident_version0, ERIX_ERR_VERSION),
    R(e_version2, ERIX_ERR_VERSION),            R(machine_i386, ERIX_ERR_VERSION),
    R(machine_aarch64, ERIX_ERR_VERSION),       R(et_dyn, ERIX_ERR_DENIED),
    R(et_rel, ERIX_ERR_DENIED),                 R(et_core, ERIX_ERR_DENIED),
    R(ehsize52, ERIX_ERR_MALFORMED),            R(phentsize32, ERIX_ERR_MALFORMED),
    R(phentsize64, ERIX_ERR_MALFORMED),         R(phoff_at_end, ERIX_ERR_TRUNCATED),
    R(phoff_far, ERIX_ERR_TRUNCATED),           R(phoff_table_cut, ERIX_ERR_TRUNCATED),
    R(phoff_wraps, ERIX_ERR_MALFORMED),         R(phnum0, ERIX_ERR_MALFORMED),
    R(phnum65, ERIX_ERR_LIMIT),                 R(phnum_xnum, ERIX_ERR_LIMIT),
    R(phnum_past_table, ERIX_ERR_TRUNCATED),
    R(filesz_gt_memsz, ERIX_ERR_MALFORMED),     R(zero_memsz_with_file, ERIX_ERR_MALFORMED),
    R(file_range_past_end, ERIX_ERR_TRUNCATED), R(offset_past_end, ERIX_ERR_TRUNCATED),
    R(offset_filesz_wraps, ERIX_ERR_MALFORMED), R(below_user_base, ERIX_ERR_OUT_OF_RANGE),
    R(user_base_above_image, ERIX_ERR_OUT_OF_RANGE),
    R(above_user_top, ERIX_ERR_OUT_OF_RANGE),   R(past_user_top, ERIX_ERR_OUT_OF_RANGE),
    R(vaddr_memsz_wraps, ERIX_ERR_OUT_OF_RANGE), R(memsz_huge, ERIX_ERR_OUT_OF_RANGE),
    R(wx_segment, ERIX_ERR_DENIED),             R(wx_text, ERIX_ERR_DENIED),
    R(incongruent, ERIX_ERR_ALIGNMENT),         R(incongruent_by_page, ERIX_ERR_ALIGNMENT),
    R(align_not_pow2, ERIX_ERR_ALIGNMENT),      R(align3, ERIX_ERR_ALIGNMENT),
    R(align_incongruent, ERIX_ERR_ALIGNMENT),
    R(overlapping, ERIX_ERR_OVERLAP),           R(sharing_a_page, ERIX_ERR_OVERLAP),
    R(same_segment_twice, ERIX_ERR_OVERLAP),    R(descending, ERIX_ERR_OVERLAP),
    R(too_many_segments, ERIX_ERR_LIMIT),       R(image_too_big, ERIX_ERR_LIMIT),
    R(image_bigger_than_memory, ERIX_ERR_LIMIT), R(no_load, ERIX_ERR_MALFORMED),
    R(only_empty_loads, ERIX_ERR_MALFORMED),
    R(entry_outside, ERIX_ERR_OUT_OF_RANGE),    R(entry_zero, ERIX_ERR_OUT_OF_RANGE),
    R(entry_past_text, ERIX_ERR_OUT_OF_RANGE),  R(entry_before_text, ERIX_ERR_OUT_OF_RANGE),
    R(entry_in_rodata, ERIX_ERR_OUT_OF_RANGE),  R(entry_in_data, ERIX_ERR_OUT_OF_RANGE),
    R(entry_in_text_bss, ERIX_ERR_OUT_OF_RANGE),
    R(exec_stack, ERIX_ERR_DENIED),             R(stack_too_big, ERIX_ERR_LIMIT),
    R(stack_limit_zero, ERIX_ERR_LIMIT),        R(two_stacks, ERIX_ERR_MALFORMED),
    R(pt_interp, ERIX_ERR_DENIED),              R(pt_dynamic, ERIX_ERR_DENIED),
    R(pt_tls, ERIX_ERR_DENIED),
    R(base_unaligned, ERIX_ERR_INVALID_ARGUMENT), R(top_unaligned, ERIX_ERR_INVALID_ARGUMENT),
    R(base_eq_top, ERIX_ERR_INVALID_ARGUMENT),  R(base_above_top, ERIX_ERR_INVALID_ARGUMENT),
};

/* Every case fails with its status and leaves *out as it was. */
static void corpus_statuses(void)
{
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        struct tb_image im;
        struct erix_elf_limits lim = tb_limits();
        struct erix_elf_image out, canary;
        erix_status_t st;

        tb_lld_like(&im);
        corpus[i].mutate(&im, &lim);
        memset(&out, 0xa5, sizeof out);
        memcpy(&canary, &out, sizeof out);
        st = tb_parse(&im, &lim, &out);
        CHECK_STATUS(st, corpus[i].want);
        ERIX_CHECK(memcmp(&out, &canary, sizeof out) == 0);
        if (st != corpus[i].want)
            fprintf(stderr, "  case %s\n", corpus[i].name);
    }
}

/* The unmutated image passes: every case above fails by its mutation alone. */
static void base_image_is_valid(void)
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();
    struct erix_elf_image out;

    tb_lld_like(&im);
    CHECK_STATUS(tb_parse(&im, &lim, &out), ERIX_OK);
}

static void null_arguments(void)
{
    static uint8_t buf[TB_CAP];
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();
    struct erix_elf_image out;
    size_t n;

    tb_lld_like(&im);
    n = tb_emit(&im, buf, sizeof buf);
    CHECK_STATUS(erix_elf_parse(NULL, n, &lim, &out), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(erix_elf_parse(buf, n, NULL, &out), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(erix_elf_parse(buf, n, &lim, NULL), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(erix_elf_parse(buf, n, &lim, &out), ERIX_OK);
}

int main(void)
{
    ERIX_RUN(base_image_is_valid);
    ERIX_RUN(corpus_statuses);
    ERIX_RUN(null_arguments);
    return erix_test_finish();
}
