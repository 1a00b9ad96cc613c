/* plan_check.c - test-only: the oracle of plan_check.h. */
#include "plan_check.h"

static const char *check_segment(const struct erix_elf_segment *seg, size_t size,
                                 const struct erix_elf_limits *limits)
{
    if (seg->memsz == 0 || seg->filesz > seg->memsz)
        return "segment sizes";
    if (seg->file_offset > size || seg->filesz > size - seg->file_offset)
        return "segment file bytes outside the input";
    if (seg->vaddr < limits->user_base || seg->vaddr >= limits->user_top ||
        seg->memsz > limits->user_top - seg->vaddr)
        return "segment outside user space";
    if ((seg->vaddr ^ seg->file_offset) % ERIX_ELF_PAGE_SIZE != 0)
        return "segment not congruent modulo the page";
    if ((seg->perms & ERIX_ELF_PERM_W) && (seg->perms & ERIX_ELF_PERM_X))
        return "W+X segment";
    if ((seg->perms & ~7u) != 0 || seg->reserved != 0)
        return "stray bits";
    return NULL;
}

static int entry_in(const struct erix_elf_segment *seg, uint64_t entry)
{
    return (seg->perms & ERIX_ELF_PERM_X) && entry >= seg->vaddr &&
           entry < seg->vaddr + seg->filesz;
}

const char *plan_check(const struct erix_elf_image *img, size_t size,
                       const struct erix_elf_limits *limits)
{
    uint64_t total = 0, prev_end = 0;
    int entry_ok = 0;

    if (img->segment_count == 0 || img->segment_count > ERIX_ELF_MAX_SEGMENTS)
        return "segment count";
    for (uint32_t i = 0; i < img->segment_count; i++) {
        const struct erix_elf_segment *seg = &img->segments[i];
        const char *why = check_segment(seg, size, limits);
        uint64_t start, end;

        if (why != NULL)
            return why;
        erix_elf_segment_span(seg, &start, &end);
        if (start % ERIX_ELF_PAGE_SIZE || end % ERIX_ELF_PAGE_SIZE || start > seg->vaddr ||
            end < seg->vaddr + seg->memsz || end - start < seg->memsz)
            return "span";
        if (i > 0 && start < prev_end)
            return "segments out of order or sharing a page";
        prev_end = end;
        total += end - start;
        entry_ok |= entry_in(seg, img->entry);
    }
    if (total != img->image_bytes || total > limits->max_image_bytes)
        return "image bytes";
    if (!entry_ok)
        return "entry outside executable file bytes";
    if (img->stack_size > limits->max_stack_bytes || img->reserved != 0)
        return "stack size";
    return NULL;
}
