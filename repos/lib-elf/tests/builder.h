/*
 * builder.h - test-only: ELF64 images assembled field by field.
 *
 * A tb_image holds the header fields and program headers as plain values;
 * tb_emit lays them out (little-endian, at the declared offsets) in a byte
 * buffer whose payload is filler. Tests start from a valid image, change one
 * field, and parse the result from an exact-size heap copy (tb_parse), so
 * ASan sees any read past the input.
 */
#ifndef ELF_TEST_BUILDER_H
#define ELF_TEST_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include <erix/elf.h>

#define TB_MAX_PHDRS 80
#define TB_CAP 0x4000

/* Program header types and flags the tests use (gABI values). */
#define TB_PT_NULL 0u
#define TB_PT_LOAD 1u
#define TB_PT_DYNAMIC 2u
#define TB_PT_INTERP 3u
#define TB_PT_NOTE 4u
#define TB_PT_PHDR 6u
#define TB_PT_TLS 7u
#define TB_PT_GNU_STACK 0x6474e551u
#define TB_PT_GNU_RELRO 0x6474e552u
#define TB_PT_GNU_PROPERTY 0x6474e553u
#define TB_PF_X 1u
#define TB_PF_W 2u
#define TB_PF_R 4u

struct tb_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz, align;
};

struct tb_image {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff;
    uint16_t ehsize, phentsize, phnum;
    size_t nph;                        /* entries written at phoff */
    struct tb_phdr ph[TB_MAX_PHDRS];
    size_t size;                       /* file size */
};

/* Indices of the program headers of tb_lld_like. */
enum { TB_LLD_PHDR, TB_LLD_RODATA, TB_LLD_TEXT, TB_LLD_DATA, TB_LLD_STACK, TB_LLD_NOTE };

/* A header with no program headers, sized size; a valid ET_EXEC x86-64 one. */
void tb_header(struct tb_image *im, size_t size);
/* Append a program header; phnum follows nph. */
struct tb_phdr *tb_add(struct tb_image *im, uint32_t type, uint32_t flags, uint64_t offset,
                       uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align);
/* One RX PT_LOAD covering the whole 0x100-byte file at 0x400000. */
void tb_minimal(struct tb_image *im);
/* The shape lld gives a static executable: PHDR, R (headers, rodata), RX
 * (text), RW (data, then bss), GNU_STACK of 64 KiB, NOTE; 0x340 bytes, the
 * data's file bytes end the file. */
void tb_lld_like(struct tb_image *im);
/* Lay the image out in buf (cap bytes); returns im->size. */
size_t tb_emit(const struct tb_image *im, uint8_t *buf, size_t cap);

/* The limits tests use: user space [0x10000, 0x800000000000), 64 MiB, 1 MiB. */
struct erix_elf_limits tb_limits(void);
/* Parse the first n bytes of bytes from an exact-size heap copy placed at
 * offset misalign of its allocation. */
erix_status_t tb_parse_bytes(const uint8_t *bytes, size_t n, size_t misalign,
                             const struct erix_elf_limits *limits, struct erix_elf_image *out);
/* Emit and parse an image. */
erix_status_t tb_parse(const struct tb_image *im, const struct erix_elf_limits *limits,
                       struct erix_elf_image *out);

#endif
