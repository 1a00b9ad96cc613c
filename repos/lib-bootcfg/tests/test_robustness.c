/*
 * test_robustness.c - sweeps over the sample image, each resealed so the
 * checksum does not hide the rules behind it: every byte set to a handful of
 * values, every cut with total_size following the cut, and 200,000 random
 * overwrites. Each result is held to the parser's promises (parse_check.h):
 * a known status, `view` untouched on failure, the oracle on success, and no
 * over-read (ASan) or undefined behaviour (UBSan).
 */
#include <erix_test.h>

#include "builder.h"
#include "parse_check.h"

#define RANDOM_ROUNDS 200000

static uint8_t base[TB_CAP], work[TB_CAP];
static size_t base_size;
static unsigned long counts[ERIX_STATUS_COUNT];

static void check(const uint8_t *buf, size_t n)
{
    const char *why;
    erix_status_t st = tb_parse_checked(buf, n, &why);

    if (why != NULL)
        fprintf(stderr, "%s (status %s)\n", why, erix_status_name(st));
    ERIX_CHECK(why == NULL);
    if ((unsigned)st < ERIX_STATUS_COUNT)
        counts[st]++;
}

static void test_every_byte(void)
{
    static const uint8_t values[] = {0x00, 0x01, 0x07, 0x20, 0x7f, 0x80, 0xff};

    for (size_t i = 0; i < base_size; i++) {
        for (size_t k = 0; k < sizeof values; k++) {
            memcpy(work, base, base_size);
            work[i] = values[k];
            tb_seal(work, base_size);
            check(work, base_size);
            work[i] ^= 0x55;
            tb_seal(work, base_size);
            check(work, base_size);
        }
    }
}

static void test_every_cut_resized(void)
{
    for (size_t len = 0; len < base_size; len++) {
        memcpy(work, base, base_size);
        if (len >= 24) {
            tb_put32(work, TB_OFF_TOTAL, (uint32_t)len);
            tb_seal(work, len);
        }
        const char *why;
        erix_status_t st = tb_parse_checked(work, len, &why);
        ERIX_CHECK(st != ERIX_OK);
        ERIX_CHECK(why == NULL);
    }
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static void test_random(void)
{
    for (int round = 0; round < RANDOM_ROUNDS; round++) {
        memcpy(work, base, base_size);
        uint32_t writes = 1 + next() % 4;
        for (uint32_t w = 0; w < writes; w++) {
            size_t at = next() % base_size;
            if (next() % 3 == 0 && at + 4 <= base_size)
                tb_put32(work, at, next() % 64); /* small integers hit the ranges */
            else
                work[at] = (uint8_t)next();
        }
        tb_seal(work, base_size);
        check(work, base_size);
    }
}

int main(void)
{
    static struct tb_cfg c;

    tb_sample(&c);
    base_size = tb_emit(&c, base, sizeof base);
    ERIX_RUN(test_every_byte);
    ERIX_RUN(test_every_cut_resized);
    ERIX_RUN(test_random);
    for (unsigned s = 0; s < ERIX_STATUS_COUNT; s++)
        if (counts[s] != 0)
            printf("  %-26s %lu\n", erix_status_name(s), counts[s]);
    return erix_test_finish();
}
