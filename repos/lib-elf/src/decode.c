/*
 * decode.c - raw bytes to decoded ELF-64 headers.
 *
 * Owns every read of the input: fixed-width little-endian loads through
 * memcpy (the input may sit at any alignment), at the field offsets of the
 * ELF-64 file header and program header. Callers have already checked that
 * the bytes exist; nothing here judges a value.
 */
#include <string.h>

#include "elf64.h"

#include <erixc/bytes.h>
/* Elf64_Ehdr: e_ident[16], e_type@16, e_machine@18, e_version@20, e_entry@24,
 * e_phoff@32, e_shoff@40, e_flags@48, e_ehsize@52, e_phentsize@54, e_phnum@56. */
void erix_elf_decode_ehdr(const uint8_t *p, struct elf64_ehdr *eh)
{
    memcpy(eh->ident, p, ELF64_EI_NIDENT);
    eh->type = erixc_le16(p + 16);
    eh->machine = erixc_le16(p + 18);
    eh->version = erixc_le32(p + 20);
    eh->entry = erixc_le64(p + 24);
    eh->phoff = erixc_le64(p + 32);
    eh->ehsize = erixc_le16(p + 52);
    eh->phentsize = erixc_le16(p + 54);
    eh->phnum = erixc_le16(p + 56);
}

/* Elf64_Phdr: p_type@0, p_flags@4, p_offset@8, p_vaddr@16, p_paddr@24,
 * p_filesz@32, p_memsz@40, p_align@48. */
void erix_elf_decode_phdr(const uint8_t *p, struct elf64_phdr *ph)
{
    ph->type = erixc_le32(p + 0);
    ph->flags = erixc_le32(p + 4);
    ph->offset = erixc_le64(p + 8);
    ph->vaddr = erixc_le64(p + 16);
    ph->filesz = erixc_le64(p + 32);
    ph->memsz = erixc_le64(p + 40);
    ph->align = erixc_le64(p + 48);
}
