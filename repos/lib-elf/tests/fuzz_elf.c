/*
 * fuzz_elf.c - libFuzzer target for erix_elf_parse (meson option fuzz=true,
 * clang only; see README).
 *
 * Each input is parsed twice: as it is, and XORed onto a valid lld-like image
 * (builder.c), so that even a run without a seed corpus reaches the program
 * header rules at once (an all-zero input is the valid image itself). A
 * success must keep every promise of the plan (plan_check), a failure must
 * leave *out untouched; either break aborts. Both inputs are exact-size heap
 * buffers, so ASan sees any over-read.
 */
#include <stdlib.h>
#include <string.h>

#include <erix/elf.h>

#include "builder.h"
#include "plan_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t base[TB_CAP];
static size_t base_size;

static void check_one(const uint8_t *data, size_t size)
{
    const struct erix_elf_limits lim = {
        .user_base = 0x10000, .user_top = 0x800000000000,
        .max_image_bytes = 16u << 20, .max_stack_bytes = 1u << 20,
    };
    struct erix_elf_image out, canary;
    erix_status_t st;

    memset(&canary, 0x5a, sizeof canary);
    memcpy(&out, &canary, sizeof out);
    st = erix_elf_parse(data, size, &lim, &out);
    if (st == ERIX_OK && plan_check(&out, size, &lim) != NULL)
        abort();
    if (st != ERIX_OK && memcmp(&out, &canary, sizeof out) != 0)
        abort();
    if ((unsigned)st >= ERIX_STATUS_COUNT)
        abort();
}

/* data XOR the valid image (zero-extended); as long as the longer of both. */
static void check_overlay(const uint8_t *data, size_t size)
{
    size_t n = size > base_size ? size : base_size;
    uint8_t *buf = malloc(n);

    if (buf == NULL)
        abort();
    memset(buf, 0, n);
    memcpy(buf, base, base_size);
    for (size_t i = 0; i < size; i++)
        buf[i] ^= data[i];
    check_one(buf, n);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (base_size == 0) {
        struct tb_image im;
        tb_lld_like(&im);
        base_size = tb_emit(&im, base, sizeof base);
    }
    check_one(data, size);
    check_overlay(data, size);
    return 0;
}
