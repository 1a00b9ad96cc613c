/*
 * elf_image.h - test-only: small static x86_64 executables lib-elf accepts,
 * with a chosen bss and stack, so pool sizes can be driven from the image.
 */
#ifndef PROCD_TEST_ELF_IMAGE_H
#define PROCD_TEST_ELF_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define TEST_ELF_SIZE 0x240u
#define PHOFF_FLAGS (64u + 4u) /* p_flags of the text segment */

/* Lay out an image in buf (TEST_ELF_SIZE bytes): RX text at 0x401000 (entry
 * 0x401000), RW data at 0x402200 with `bss` more bytes of memsz, and a
 * PT_GNU_STACK of `stack` bytes (0: none). Returns the size. */
size_t test_elf(uint8_t buf[TEST_ELF_SIZE], uint64_t bss, uint64_t stack);

#endif
