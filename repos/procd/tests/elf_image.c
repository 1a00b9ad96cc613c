/*
 * elf_image.c - test-only: the small executables of elf_image.h, laid out
 * field by field (ELF64, little-endian).
 */
#include <string.h>

#include "elf_image.h"

#define PT_LOAD 1u
#define PT_GNU_STACK 0x6474e551u
#define PF_X 1u
#define PF_W 2u
#define PF_R 4u
#define PHOFF 64u
#define PHSIZE 56u

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, sizeof v); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, sizeof v); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, sizeof v); }

static void phdr(uint8_t *p, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
                 uint64_t filesz, uint64_t memsz)
{
    put32(p, type);
    put32(p + 4, flags);
    put64(p + 8, off);
    put64(p + 16, vaddr);
    put64(p + 24, vaddr);
    put64(p + 32, filesz);
    put64(p + 40, memsz);
    put64(p + 48, type == PT_LOAD ? 0x1000u : 0u);
}

size_t test_elf(uint8_t buf[TEST_ELF_SIZE], uint64_t bss, uint64_t stack)
{
    static const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    uint16_t phnum = stack != 0 ? 3 : 2;
    memset(buf, 0xcc, TEST_ELF_SIZE);
    memcpy(buf, ident, sizeof ident);
    put16(buf + 16, 2);       /* ET_EXEC */
    put16(buf + 18, 62);      /* EM_X86_64 */
    put32(buf + 20, 1);
    put64(buf + 24, 0x401000);
    put64(buf + 32, PHOFF);
    put64(buf + 40, 0);
    put32(buf + 48, 0);
    put16(buf + 52, 64);
    put16(buf + 54, PHSIZE);
    put16(buf + 56, phnum);
    put16(buf + 58, 64);
    put16(buf + 60, 0);
    put16(buf + 62, 0);
    phdr(buf + PHOFF, PT_LOAD, PF_R | PF_X, 0x0, 0x401000 - 0x0, 0x200, 0x200);
    phdr(buf + PHOFF + PHSIZE, PT_LOAD, PF_R | PF_W, 0x200, 0x402200, 0x40, 0x40 + bss);
    if (stack != 0)
        phdr(buf + PHOFF + 2 * PHSIZE, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, stack);
    return TEST_ELF_SIZE;
}
