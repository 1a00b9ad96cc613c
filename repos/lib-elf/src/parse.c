/*
 * parse.c - the rules of an EriX executable, and the load plan they yield.
 *
 * Owns erix_elf_parse and erix_elf_segment_span. Decode, check, publish: each
 * rule is an early return with its status (ARCHITECTURE.md has the table), the
 * plan is built in a local, and *out is written once, only on success. All
 * arithmetic on file values is ordered so that it cannot wrap.
 */
#include <string.h>

#include <erix/elf.h>

#include "elf64.h"

#define PAGE_MASK ((uint64_t)ERIX_ELF_PAGE_SIZE - 1u)

/* What one parse accumulates before it is published. */
struct plan {
    struct erix_elf_image img;
    int have_stack;
};

/* --- small arithmetic ----------------------------------------------------- */

static uint64_t page_down(uint64_t v)
{
    return v & ~PAGE_MASK;
}

/* Callers guarantee v <= UINT64_MAX - PAGE_MASK (v is below a page-aligned top). */
static uint64_t page_up(uint64_t v)
{
    return (v + PAGE_MASK) & ~PAGE_MASK;
}

/* [offset, offset + len) inside a file of size bytes. A range that wraps the
 * 64-bit space is malformed; one that merely ends past the input is truncated. */
static erix_status_t check_file_range(uint64_t offset, uint64_t len, size_t size)
{
    if (offset > UINT64_MAX - len)
        return ERIX_ERR_MALFORMED;
    if (offset + len > (uint64_t)size)
        return ERIX_ERR_TRUNCATED;
    return ERIX_OK;
}

/* --- the caller's limits and the file header ------------------------------- */

static erix_status_t check_limits(const struct erix_elf_limits *limits)
{
    if ((limits->user_base & PAGE_MASK) != 0 || (limits->user_top & PAGE_MASK) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (limits->user_base >= limits->user_top)
        return ERIX_ERR_INVALID_ARGUMENT;
    return ERIX_OK;
}

static erix_status_t check_magic(const uint8_t *ident)
{
    if (ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F')
        return ERIX_ERR_MALFORMED;
    return ERIX_OK;
}

/* The ELF variant: 64-bit, little-endian, version 1, x86-64. */
static erix_status_t check_variant(const struct elf64_ehdr *eh)
{
    if (eh->ident[ELF64_EI_CLASS] != ELF64_CLASS64)
        return ERIX_ERR_VERSION;
    if (eh->ident[ELF64_EI_DATA] != ELF64_DATA2LSB)
        return ERIX_ERR_VERSION;
    if (eh->ident[ELF64_EI_VERSION] != ELF64_EV_CURRENT)
        return ERIX_ERR_VERSION;
    if (eh->machine != ELF64_EM_X86_64 || eh->version != ELF64_EV_CURRENT)
        return ERIX_ERR_VERSION;
    return ERIX_OK;
}

/* Header and program header table sizes, and the table inside the file. */
static erix_status_t check_layout(const struct elf64_ehdr *eh, size_t size)
{
    if (eh->ehsize != ELF64_EHDR_SIZE || eh->phentsize != ELF64_PHDR_SIZE)
        return ERIX_ERR_MALFORMED;
    if (eh->phnum == 0)
        return ERIX_ERR_MALFORMED;
    if (eh->phnum > ELF64_MAX_PHNUM)
        return ERIX_ERR_LIMIT;
    return check_file_range(eh->phoff, (uint64_t)eh->phnum * ELF64_PHDR_SIZE, size);
}

static erix_status_t check_ehdr(const struct elf64_ehdr *eh, size_t size)
{
    erix_status_t st = check_magic(eh->ident);

    if (st != ERIX_OK)
        return st;
    st = check_variant(eh);
    if (st != ERIX_OK)
        return st;
    if (eh->type != ELF64_ET_EXEC)
        return ERIX_ERR_DENIED; /* ET_DYN, ET_REL, ET_CORE: static executables only */
    return check_layout(eh, size);
}

/* --- one PT_LOAD on its own ------------------------------------------------ */

/* p_align is 0, 1 or a power of two; p_vaddr and p_offset are congruent
 * modulo the page (so the file can be mapped page by page) and modulo p_align. */
static erix_status_t check_load_alignment(const struct elf64_phdr *ph)
{
    if ((ph->align & (ph->align - 1u)) != 0)
        return ERIX_ERR_ALIGNMENT;
    if ((ph->vaddr & PAGE_MASK) != (ph->offset & PAGE_MASK))
        return ERIX_ERR_ALIGNMENT;
    if (ph->align > 1u && ((ph->vaddr - ph->offset) & (ph->align - 1u)) != 0)
        return ERIX_ERR_ALIGNMENT;
    return ERIX_OK;
}

/* Every byte of [vaddr, vaddr + memsz) inside [user_base, user_top). */
static erix_status_t check_load_range(const struct elf64_phdr *ph,
                                      const struct erix_elf_limits *limits)
{
    if (ph->vaddr < limits->user_base || ph->vaddr >= limits->user_top)
        return ERIX_ERR_OUT_OF_RANGE;
    if (ph->memsz > limits->user_top - ph->vaddr)
        return ERIX_ERR_OUT_OF_RANGE;
    return ERIX_OK;
}

/* A PT_LOAD with memsz > 0, judged alone. */
static erix_status_t check_load(const struct elf64_phdr *ph, size_t size,
                                const struct erix_elf_limits *limits)
{
    erix_status_t st = check_file_range(ph->offset, ph->filesz, size);

    if (st != ERIX_OK)
        return st;
    st = check_load_alignment(ph);
    if (st != ERIX_OK)
        return st;
    st = check_load_range(ph, limits);
    if (st != ERIX_OK)
        return st;
    if ((ph->flags & ELF64_PF_W) != 0 && (ph->flags & ELF64_PF_X) != 0)
        return ERIX_ERR_DENIED; /* W^X */
    return ERIX_OK;
}

static uint32_t perms_of(uint32_t flags)
{
    uint32_t perms = 0;
    if ((flags & ELF64_PF_R) != 0)
        perms |= ERIX_ELF_PERM_R;
    if ((flags & ELF64_PF_W) != 0)
        perms |= ERIX_ELF_PERM_W;
    if ((flags & ELF64_PF_X) != 0)
        perms |= ERIX_ELF_PERM_X;
    return perms;
}

/* --- PT_LOADs together ----------------------------------------------------- */

/* Append a checked PT_LOAD: bounded count, ascending and page-disjoint from
 * its predecessor (so from all of them), bounded total span. */
static erix_status_t add_load(struct plan *pl, const struct elf64_phdr *ph,
                              const struct erix_elf_limits *limits)
{
    struct erix_elf_image *img = &pl->img;
    struct erix_elf_segment seg = {
        .vaddr = ph->vaddr, .memsz = ph->memsz, .file_offset = ph->offset,
        .filesz = ph->filesz, .perms = perms_of(ph->flags), .reserved = 0,
    };
    uint64_t start, end, prev_start, prev_end;

    if (img->segment_count == ERIX_ELF_MAX_SEGMENTS)
        return ERIX_ERR_LIMIT;
    erix_elf_segment_span(&seg, &start, &end);
    if (img->segment_count > 0) {
        erix_elf_segment_span(&img->segments[img->segment_count - 1], &prev_start, &prev_end);
        if (start < prev_end)
            return ERIX_ERR_OVERLAP;
    }
    if (end - start > limits->max_image_bytes - img->image_bytes)
        return ERIX_ERR_LIMIT;
    img->image_bytes += end - start;
    img->segments[img->segment_count++] = seg;
    return ERIX_OK;
}

static erix_status_t take_load(struct plan *pl, const struct elf64_phdr *ph, size_t size,
                               const struct erix_elf_limits *limits)
{
    erix_status_t st;

    if (ph->filesz > ph->memsz)
        return ERIX_ERR_MALFORMED;
    if (ph->memsz == 0)
        return ERIX_OK; /* nothing to load: skipped */
    st = check_load(ph, size, limits);
    if (st != ERIX_OK)
        return st;
    return add_load(pl, ph, limits);
}

/* --- the other program headers -------------------------------------------- */

static erix_status_t take_stack(struct plan *pl, const struct elf64_phdr *ph,
                                const struct erix_elf_limits *limits)
{
    if (pl->have_stack)
        return ERIX_ERR_MALFORMED;
    if ((ph->flags & ELF64_PF_X) != 0)
        return ERIX_ERR_DENIED;
    if (ph->memsz > limits->max_stack_bytes)
        return ERIX_ERR_LIMIT;
    pl->have_stack = 1;
    pl->img.stack_size = ph->memsz;
    return ERIX_OK;
}

static erix_status_t take_phdr(struct plan *pl, const struct elf64_phdr *ph, size_t size,
                               const struct erix_elf_limits *limits)
{
    if (ph->type == ELF64_PT_LOAD)
        return take_load(pl, ph, size, limits);
    if (ph->type == ELF64_PT_GNU_STACK)
        return take_stack(pl, ph, limits);
    if (ph->type == ELF64_PT_INTERP || ph->type == ELF64_PT_DYNAMIC)
        return ERIX_ERR_DENIED; /* static executables only */
    if (ph->type == ELF64_PT_TLS)
        return ERIX_ERR_DENIED; /* no TLS support */
    return ERIX_OK; /* PT_NOTE, PT_PHDR, PT_GNU_RELRO, PT_GNU_PROPERTY, ...: no effect */
}

/* The table lies inside the input (check_layout), so every entry is readable. */
static erix_status_t scan_phdrs(struct plan *pl, const uint8_t *base, size_t size,
                                const struct elf64_ehdr *eh,
                                const struct erix_elf_limits *limits)
{
    for (uint32_t i = 0; i < eh->phnum; i++) {
        struct elf64_phdr ph;
        erix_status_t st;

        erix_elf_decode_phdr(base + eh->phoff + (uint64_t)i * ELF64_PHDR_SIZE, &ph);
        st = take_phdr(pl, &ph, size, limits);
        if (st != ERIX_OK)
            return st;
    }
    if (pl->img.segment_count == 0)
        return ERIX_ERR_MALFORMED; /* nothing to load */
    return ERIX_OK;
}

/* The entry lies in the file-backed bytes of an executable segment. */
static erix_status_t check_entry(const struct erix_elf_image *img)
{
    for (uint32_t i = 0; i < img->segment_count; i++) {
        const struct erix_elf_segment *seg = &img->segments[i];

        if ((seg->perms & ERIX_ELF_PERM_X) != 0 && img->entry >= seg->vaddr &&
            img->entry - seg->vaddr < seg->filesz)
            return ERIX_OK;
    }
    return ERIX_ERR_OUT_OF_RANGE;
}

/* --- the API --------------------------------------------------------------- */

erix_status_t erix_elf_parse(const void *data, size_t size,
                             const struct erix_elf_limits *limits,
                             struct erix_elf_image *out)
{
    struct elf64_ehdr eh;
    struct plan pl;
    erix_status_t st;

    if (data == NULL || limits == NULL || out == NULL)
        return ERIX_ERR_INVALID_ARGUMENT;
    st = check_limits(limits);
    if (st != ERIX_OK)
        return st;
    if (size < ELF64_EHDR_SIZE)
        return ERIX_ERR_TRUNCATED;
    erix_elf_decode_ehdr(data, &eh);
    st = check_ehdr(&eh, size);
    if (st != ERIX_OK)
        return st;
    memset(&pl, 0, sizeof pl);
    pl.img.entry = eh.entry;
    st = scan_phdrs(&pl, data, size, &eh, limits);
    if (st != ERIX_OK)
        return st;
    st = check_entry(&pl.img);
    if (st != ERIX_OK)
        return st;
    memcpy(out, &pl.img, sizeof *out); /* publish: the only write to *out */
    return ERIX_OK;
}

void erix_elf_segment_span(const struct erix_elf_segment *seg,
                           uint64_t *start, uint64_t *end)
{
    *start = page_down(seg->vaddr);
    *end = page_up(seg->vaddr + seg->memsz);
}
