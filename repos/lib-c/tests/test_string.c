/* test_string.c - lib-c's memory and string routines (under erixc_test_ names). */
#include <string.h>

#include "erix_test.h"
#include "erixc_names.h"

static void copies_and_fills(void)
{
    char a[16] = "abcdefgh", b[16] = {0};
    ERIXC_NAME(memcpy)(b, a, 9);
    ERIX_CHECK(ERIXC_NAME(strcmp)(a, b) == 0);
    ERIXC_NAME(memset)(b, 'x', 3);
    ERIX_CHECK(ERIXC_NAME(memcmp)(b, "xxxdefgh", 9) == 0);
}

static void word_paths_match_byte_paths(void)
{
    _Alignas(8) unsigned char src[64], dst[64], want[64];
    for (int i = 0; i < 64; i++)
        src[i] = (unsigned char)(i * 7 + 1);
    for (size_t off = 0; off < 9; off++)
        for (size_t n = 0; n + off <= 48; n++) {
            memset(dst, 0xee, sizeof dst);
            memset(want, 0xee, sizeof want);
            for (size_t i = 0; i < n; i++)
                want[off + i] = src[off + i];
            ERIXC_NAME(memcpy)(dst + off, src + off, n);
            ERIX_CHECK(memcmp(dst, want, sizeof dst) == 0);
            for (size_t i = 0; i < n; i++)
                want[off + i] = 0x5a;
            ERIXC_NAME(memset)(dst + off, 0x5a, n);
            ERIX_CHECK(memcmp(dst, want, sizeof dst) == 0);
        }
    /* differently aligned source and destination take the byte path */
    ERIXC_NAME(memcpy)(dst + 1, src, 33);
    ERIX_CHECK(memcmp(dst + 1, src, 33) == 0);
}

static void memmove_handles_both_overlaps(void)
{
    char s[16] = "0123456789";
    ERIXC_NAME(memmove)(s + 2, s, 5);
    ERIX_CHECK(ERIXC_NAME(memcmp)(s, "0101234789", 10) == 0);
    char t[16] = "0123456789";
    ERIXC_NAME(memmove)(t, t + 3, 5);
    ERIX_CHECK(ERIXC_NAME(memcmp)(t, "3456756789", 10) == 0);
}

static void compares_order_bytes_unsigned(void)
{
    ERIX_CHECK(ERIXC_NAME(memcmp)("\x01", "\xff", 1) < 0);
    ERIX_CHECK(ERIXC_NAME(strcmp)("abc", "abd") < 0);
    ERIX_CHECK(ERIXC_NAME(strcmp)("abc", "ab") > 0);
    ERIX_CHECK(ERIXC_NAME(strcmp)("", "") == 0);
    ERIX_CHECK(ERIXC_NAME(strncmp)("abcx", "abcy", 3) == 0);
    ERIX_CHECK(ERIXC_NAME(strncmp)("ab", "ab\0z", 4) == 0);
    ERIX_CHECK(ERIXC_NAME(memcmp)("a", "b", 0) == 0);
}

static void lengths(void)
{
    ERIX_CHECK_EQ(ERIXC_NAME(strlen)(""), 0);
    ERIX_CHECK_EQ(ERIXC_NAME(strlen)("hello"), 5);
    ERIX_CHECK_EQ(ERIXC_NAME(strnlen)("hello", 3), 3);
    ERIX_CHECK_EQ(ERIXC_NAME(strnlen)("hi", 8), 2);
}

int main(void)
{
    ERIX_RUN(copies_and_fills);
    ERIX_RUN(word_paths_match_byte_paths);
    ERIX_RUN(memmove_handles_both_overlaps);
    ERIX_RUN(compares_order_bytes_unsigned);
    ERIX_RUN(lengths);
    return erix_test_finish();
}
