/*
 * elf64.h - private: the ELF-64 on-disk format as lib-elf reads it.
 *
 * Constants and field offsets from the System V ABI (gABI, ELF-64 object file
 * format) and its x86-64 supplement, and the decoded (host-order, aligned)
 * forms of the file header and a program header. decode.c fills them from
 * raw bytes; parse.c judges them. Never installed.
 */
#ifndef ERIX_ELF64_H
#define ERIX_ELF64_H

#include <stdint.h>

/* e_ident */
#define ELF64_EI_NIDENT 16u
#define ELF64_EI_CLASS 4u
#define ELF64_EI_DATA 5u
#define ELF64_EI_VERSION 6u
#define ELF64_CLASS64 2u
#define ELF64_DATA2LSB 1u
#define ELF64_EV_CURRENT 1u

/* e_type, e_machine */
#define ELF64_ET_EXEC 2u
#define ELF64_EM_X86_64 62u

/* Sizes this loader accepts. */
#define ELF64_EHDR_SIZE 64u
#define ELF64_PHDR_SIZE 56u
#define ELF64_MAX_PHNUM 64u

/* p_type */
#define ELF64_PT_LOAD 1u
#define ELF64_PT_DYNAMIC 2u
#define ELF64_PT_INTERP 3u
#define ELF64_PT_TLS 7u
#define ELF64_PT_GNU_STACK 0x6474e551u

/* p_flags */
#define ELF64_PF_X 1u
#define ELF64_PF_W 2u
#define ELF64_PF_R 4u

/* The file header fields lib-elf reads (section headers are ignored). */
struct elf64_ehdr {
    uint8_t ident[ELF64_EI_NIDENT];
    uint16_t type;
    uint16_t machine;
    uint32_t version;
    uint64_t entry;
    uint64_t phoff;
    uint16_t ehsize;
    uint16_t phentsize;
    uint16_t phnum;
};

struct elf64_phdr {
    uint32_t type;
    uint32_t flags;
    uint64_t offset;
    uint64_t vaddr;
    uint64_t filesz;
    uint64_t memsz;
    uint64_t align;
};

/* decode.c: p must point at ELF64_EHDR_SIZE (ELF64_PHDR_SIZE) readable bytes,
 * at any alignment. */
void erix_elf_decode_ehdr(const uint8_t *p, struct elf64_ehdr *eh);
void erix_elf_decode_phdr(const uint8_t *p, struct elf64_phdr *ph);

#endif
