/*
 * test_robustness.c - erix_elf_parse on inputs nobody designed: every
 * truncation of valid images, and deterministic byte mutations of the headers.
 * Inputs are exact-size heap copies, so ASan catches any read past the end; a
 * success must keep every promise (plan_check), a failure must leave *out as
 * it was.
 */
#include <string.h>

#include "builder.h"
#include "elf_check.h"
#include "plan_check.h"

static uint8_t image[TB_CAP];

/* Every proper prefix fails with ERIX_ERR_TRUNCATED (both images end with
 * segment file bytes); the whole image succeeds. */
static void truncate_everywhere(void (*make)(struct tb_image *))
{
    struct tb_image im;
    struct erix_elf_limits lim = tb_limits();
    struct erix_elf_image out, canary;
    size_t n;

    make(&im);
    n = tb_emit(&im, image, sizeof image);
    memset(&canary, 0x5a, sizeof canary);
    for (size_t len = 0; len < n; len++) {
        memcpy(&out, &canary, sizeof out);
        CHECK_STATUS(tb_parse_bytes(image, len, len % 8, &lim, &out), ERIX_ERR_TRUNCATED);
        ERIX_CHECK(memcmp(&out, &canary, sizeof out) == 0);
    }
    CHECK_STATUS(tb_parse_bytes(image, n, 0, &lim, &out), ERIX_OK);
}

static void truncated_lld_like(void) { truncate_everywhere(tb_lld_like); }
static void truncated_minimal(void) { truncate_everywhere(tb_minimal); }

/* Parse a mutated copy; hold a success to the oracle, a failure to the canary. */
static void parse_mutant(const uint8_t *bytes, size_t n)
{
    struct erix_elf_limits lim = tb_limits();
    struct erix_elf_image out, canary;
    const char *why;

    memset(&canary, 0x5a, sizeof canary);
    memcpy(&out, &canary, sizeof out);
    if (tb_parse_bytes(bytes, n, 0, &lim, &out) != ERIX_OK) {
        ERIX_CHECK(memcmp(&out, &canary, sizeof out) == 0);
        return;
    }
    why = plan_check(&out, n, &lim);
    if (why != NULL)
        fprintf(stderr, "  accepted a mutant that breaks: %s\n", why);
    ERIX_CHECK(why == NULL);
}

/* Each header and program header byte set to a few telling values. */
static void every_header_byte(void)
{
    static const uint8_t values[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };
    static uint8_t copy[TB_CAP];
    struct tb_image im;
    size_t n, table_end;

    tb_lld_like(&im);
    n = tb_emit(&im, image, sizeof image);
    table_end = 64 + im.nph * 56;
    for (size_t at = 0; at < table_end; at++) {
        for (size_t v = 0; v < sizeof values; v++) {
            memcpy(copy, image, n);
            copy[at] = values[v];
            parse_mutant(copy, n);
            copy[at] = (uint8_t)(image[at] ^ 0x10);
            parse_mutant(copy, n);
        }
    }
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* 64-bit fields overwritten with boundary values, a few at a time. */
static void random_field_values(void)
{
    static const uint64_t values[] = {
        0, 1, 0x38, 0x40, 0xfff, 0x1000, 0x10000, 0x200000, 0x201200, 0x340,
        0x7ffffffff000, 0x800000000000, 0xfffffffffffff000, ~0ull, ~0ull - 0x3f,
    };
    static uint8_t copy[TB_CAP];
    struct tb_image im;
    size_t n, table_end;

    tb_lld_like(&im);
    n = tb_emit(&im, image, sizeof image);
    table_end = 64 + im.nph * 56;
    for (int iter = 0; iter < 200000; iter++) {
        memcpy(copy, image, n);
        for (uint64_t k = rng() % 3 + 1; k > 0; k--) {
            size_t at = (size_t)(rng() % (table_end - 7));
            uint64_t v = values[rng() % (sizeof values / sizeof values[0])];
            memcpy(copy + at, &v, (size_t)(rng() % 8 + 1));
        }
        parse_mutant(copy, n);
    }
}

int main(void)
{
    ERIX_RUN(truncated_lld_like);
    ERIX_RUN(truncated_minimal);
    ERIX_RUN(every_header_byte);
    ERIX_RUN(random_field_values);
    return erix_test_finish();
}
