/* builder.c - test-only: lays out tb_images as ELF64 bytes (see builder.h). */
#include "builder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, sizeof v); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, sizeof v); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, sizeof v); }

void tb_header(struct tb_image *im, size_t size)
{
    static const uint8_t ident[16] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };

    memset(im, 0, sizeof *im);
    memcpy(im->ident, ident, sizeof ident);
    im->type = 2;     /* ET_EXEC */
    im->machine = 62; /* EM_X86_64 */
    im->version = 1;
    im->phoff = 64;
    im->ehsize = 64;
    im->phentsize = 56;
    im->size = size;
}

struct tb_phdr *tb_add(struct tb_image *im, uint32_t type, uint32_t flags, uint64_t offset,
                       uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align)
{
    struct tb_phdr *ph;

    if (im->nph == TB_MAX_PHDRS)
        abort();
    ph = &im->ph[im->nph++];
    *ph = (struct tb_phdr){ type, flags, offset, vaddr, filesz, memsz, align };
    im->phnum = (uint16_t)im->nph;
    return ph;
}

void tb_minimal(struct tb_image *im)
{
    tb_header(im, 0x100);
    tb_add(im, TB_PT_LOAD, TB_PF_R | TB_PF_X, 0, 0x400000, 0x100, 0x100, 0x1000);
    im->entry = 0x400080;
}

void tb_lld_like(struct tb_image *im)
{
    tb_header(im, 0x340);
    tb_add(im, TB_PT_PHDR, TB_PF_R, 0x40, 0x200040, 6 * 56, 6 * 56, 8);
    tb_add(im, TB_PT_LOAD, TB_PF_R, 0, 0x200000, 0x200, 0x200, 0x1000);
    tb_add(im, TB_PT_LOAD, TB_PF_R | TB_PF_X, 0x200, 0x201200, 0x100, 0x100, 0x1000);
    tb_add(im, TB_PT_LOAD, TB_PF_R | TB_PF_W, 0x300, 0x202300, 0x40, 0x3000, 0x1000);
    tb_add(im, TB_PT_GNU_STACK, TB_PF_R | TB_PF_W, 0, 0, 0, 0x10000, 0);
    tb_add(im, TB_PT_NOTE, TB_PF_R, 0x190, 0x200190, 0x18, 0x18, 4);
    im->entry = 0x201200;
}

static void put_phdr(uint8_t *p, const struct tb_phdr *ph)
{
    put32(p + 0, ph->type);
    put32(p + 4, ph->flags);
    put64(p + 8, ph->offset);
    put64(p + 16, ph->vaddr);
    put64(p + 24, ph->vaddr); /* p_paddr */
    put64(p + 32, ph->filesz);
    put64(p + 40, ph->memsz);
    put64(p + 48, ph->align);
}

/* Entries that do not fit the file are left out (phoff past the end, ...). */
static void put_phdrs(uint8_t *buf, const struct tb_image *im)
{
    for (size_t i = 0; i < im->nph; i++) {
        uint64_t at = im->phoff + i * 56;
        if (at < im->phoff || at > im->size || im->size - at < 56)
            return;
        put_phdr(buf + at, &im->ph[i]);
    }
}

size_t tb_emit(const struct tb_image *im, uint8_t *buf, size_t cap)
{
    if (im->size > cap || im->size < 64) {
        fprintf(stderr, "tb_emit: image of %zu bytes does not fit\n", im->size);
        abort();
    }
    memset(buf, 0xcc, im->size); /* int3 filler as payload */
    memcpy(buf, im->ident, 16);
    put16(buf + 16, im->type);
    put16(buf + 18, im->machine);
    put32(buf + 20, im->version);
    put64(buf + 24, im->entry);
    put64(buf + 32, im->phoff);
    put64(buf + 40, 0); /* e_shoff: no section headers */
    put32(buf + 48, 0); /* e_flags */
    put16(buf + 52, im->ehsize);
    put16(buf + 54, im->phentsize);
    put16(buf + 56, im->phnum);
    put16(buf + 58, 64); /* e_shentsize */
    put16(buf + 60, 0);  /* e_shnum */
    put16(buf + 62, 0);  /* e_shstrndx */
    put_phdrs(buf, im);
    return im->size;
}

struct erix_elf_limits tb_limits(void)
{
    return (struct erix_elf_limits){
        .user_base = 0x10000,
        .user_top = 0x800000000000,
        .max_image_bytes = 64u << 20,
        .max_stack_bytes = 1u << 20,
    };
}

erix_status_t tb_parse_bytes(const uint8_t *bytes, size_t n, size_t misalign,
                             const struct erix_elf_limits *limits, struct erix_elf_image *out)
{
    static uint8_t empty;
    uint8_t *copy = malloc(n + misalign); /* exact: ASan flags any byte past n */
    erix_status_t st;

    if (copy == NULL && n + misalign != 0)
        abort();
    if (copy == NULL) /* malloc(0) may return NULL; data must not be */
        return erix_elf_parse(&empty, 0, limits, out);
    memcpy(copy + misalign, bytes, n);
    st = erix_elf_parse(copy + misalign, n, limits, out);
    free(copy);
    return st;
}

erix_status_t tb_parse(const struct tb_image *im, const struct erix_elf_limits *limits,
                       struct erix_elf_image *out)
{
    static uint8_t buf[TB_CAP];
    size_t n = tb_emit(im, buf, sizeof buf);

    return tb_parse_bytes(buf, n, 0, limits, out);
}
