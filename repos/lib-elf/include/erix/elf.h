/*
 * erix/elf.h - the one ELF64 validator and load-plan extractor of EriX.
 *
 * Used by the kernel (the root task from a boot module) and by rootd/procd
 * (services). Pure: bytes in, a validated load plan or a typed error out; no
 * allocation, no I/O, no global state. Only static x86_64 executables
 * (ET_EXEC) are accepted; ARCHITECTURE.md lists every rule and its status.
 */
#ifndef ERIX_ELF_H
#define ERIX_ELF_H

#include <stddef.h>
#include <stdint.h>

#include <erix/status.h>

#define ERIX_ELF_MAX_SEGMENTS 16    /* PT_LOAD segments in one image */
#define ERIX_ELF_PAGE_SIZE 4096u    /* permission and overlap granule */

/* Segment permissions (from p_flags PF_R, PF_W, PF_X). */
#define ERIX_ELF_PERM_R 1u
#define ERIX_ELF_PERM_W 2u
#define ERIX_ELF_PERM_X 4u

/* One PT_LOAD: copy [file_offset, file_offset + filesz) of the image to
 * vaddr, zero the rest up to vaddr + memsz. */
struct erix_elf_segment {
    uint64_t vaddr;       /* p_vaddr */
    uint64_t memsz;       /* p_memsz, > 0 */
    uint64_t file_offset; /* p_offset */
    uint64_t filesz;      /* p_filesz, <= memsz */
    uint32_t perms;       /* ERIX_ELF_PERM_* */
    uint32_t reserved;    /* 0 */
};

/* What the caller allows. user_base and user_top must be page aligned and
 * user_base < user_top, or erix_elf_parse returns ERIX_ERR_INVALID_ARGUMENT. */
struct erix_elf_limits {
    uint64_t user_base;       /* lowest allowed vaddr, e.g. 0x10000 */
    uint64_t user_top;        /* exclusive upper bound for any byte of any segment */
    uint64_t max_image_bytes; /* bound on the sum of page-rounded segment spans */
    uint64_t max_stack_bytes; /* bound on the declared stack reserve */
};

/* The validated load plan. */
struct erix_elf_image {
    uint64_t entry;         /* e_entry: inside an executable segment's file bytes */
    uint64_t stack_size;    /* PT_GNU_STACK p_memsz (lld -z stack-size=N); 0 if absent */
    uint64_t image_bytes;   /* sum of the segments' page spans */
    uint32_t segment_count; /* 1..ERIX_ELF_MAX_SEGMENTS */
    uint32_t reserved;      /* 0 */
    struct erix_elf_segment segments[ERIX_ELF_MAX_SEGMENTS]; /* ascending vaddr */
};

_Static_assert(sizeof(struct erix_elf_segment) == 40, "erix_elf_segment layout");
_Static_assert(sizeof(struct erix_elf_limits) == 32, "erix_elf_limits layout");
_Static_assert(sizeof(struct erix_elf_image) == 32 + 16 * 40, "erix_elf_image layout");

/*
 * Validate the ELF64 image [data, data + size) against limits and extract its
 * load plan. data may be unaligned. Returns ERIX_OK and fills *out, or an
 * error status and leaves *out untouched. Never reads outside the input.
 */
erix_status_t erix_elf_parse(const void *data, size_t size,
                             const struct erix_elf_limits *limits,
                             struct erix_elf_image *out);

/* The page span of a segment from a successful parse: [*start, *end),
 * start rounded down and end rounded up to ERIX_ELF_PAGE_SIZE. */
void erix_elf_segment_span(const struct erix_elf_segment *seg,
                           uint64_t *start, uint64_t *end);

#endif
