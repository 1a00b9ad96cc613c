/* test_string.c - lib-c's memory and string routines (under erixc_test_ names). */
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
    ERIX_RUN(memmove_handles_both_overlaps);
    ERIX_RUN(compares_order_bytes_unsigned);
    ERIX_RUN(lengths);
    return erix_test_finish();
}
