/*
 * fuzz_bootcfg.c - libFuzzer target for erix_bootcfg_parse and, on success,
 * erix_bootcfg_order and erix_bootcfg_find_role (meson option fuzz=true,
 * clang only; see README).
 *
 * Each input is tried three ways, each in an exact-size heap buffer so ASan
 * sees any over-read: as it is; resealed (the checksum field recomputed when
 * the input is long enough to have one), so mutations reach the rules behind
 * the checksum; and XORed onto the valid sample (builder.c), resealed, so even
 * a run without a corpus starts deep in the tables (an all-zero input is the
 * sample itself). A failure that wrote `view`, a status outside the enum, or
 * a success that breaks the oracle (view_check.c) aborts.
 */
#include <stdlib.h>
#include <string.h>

#include <erix/bootcfg.h>

#include "builder.h"
#include "view_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t base[TB_CAP];
static size_t base_size;

static void check_one(const uint8_t *buf, size_t size)
{
    struct erix_bootcfg_view view, canary;

    memset(&canary, 0x5a, sizeof canary);
    memcpy(&view, &canary, sizeof view);
    erix_status_t st = erix_bootcfg_parse(buf, size, &view);
    if ((unsigned)st >= ERIX_STATUS_COUNT)
        abort();
    if (st != ERIX_OK && memcmp(&view, &canary, sizeof view) != 0)
        abort();
    if (st == ERIX_OK && view_check(&view, buf, size) != NULL)
        abort();
}

/* A heap copy of `n` bytes: data XOR base (each zero-extended), resealed if asked. */
static void check_copy(const uint8_t *data, size_t size, const uint8_t *over, size_t over_size,
                       size_t n, int reseal)
{
    uint8_t *buf = malloc(n != 0 ? n : 1);

    if (buf == NULL)
        abort();
    memset(buf, 0, n);
    memcpy(buf, data, size < n ? size : n);
    for (size_t i = 0; i < over_size && i < n; i++)
        buf[i] ^= over[i];
    if (reseal && n >= TB_OFF_CHECKSUM + 4)
        tb_seal(buf, n);
    check_one(buf, n);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (base_size == 0) {
        static struct tb_cfg c;
        tb_sample(&c);
        base_size = tb_emit(&c, base, sizeof base);
    }
    if (size > ERIX_BOOTCFG_MAX_SIZE + 64)
        return 0;
    check_copy(data, size, NULL, 0, size, 0);
    check_copy(data, size, NULL, 0, size, 1);
    check_copy(data, size, base, base_size, size > base_size ? size : base_size, 1);
    return 0;
}
