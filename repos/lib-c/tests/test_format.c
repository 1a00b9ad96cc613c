/* test_format.c - the kernel's printf engine. */
#include <erixc/format.h>

#include "erix_test.h"
#include <string.h>

static char buf[128];

#define EXPECT(want, ...)                                                      \
    do {                                                                       \
        size_t n_ = format_buf(buf, sizeof buf, __VA_ARGS__);                  \
        ERIX_CHECK(strcmp(buf, want) == 0);                                    \
        ERIX_CHECK_EQ(n_, strlen(want));                                       \
        if (strcmp(buf, want) != 0)                                            \
            fprintf(stderr, "  got \"%s\" want \"%s\"\n", buf, want);          \
    } while (0)

static void integers(void)
{
    EXPECT("0", "%d", 0);
    EXPECT("-42", "%d", -42);
    EXPECT("4294967295", "%u", 4294967295u);
    EXPECT("-9223372036854775808", "%lld", (long long)(-9223372036854775807LL - 1));
    EXPECT("18446744073709551615", "%llu", 18446744073709551615ull);
    EXPECT("ff", "%x", 255u);
    EXPECT("FF", "%X", 255u);
    EXPECT("deadbeefcafe", "%lx", 0xdeadbeefcafeul);
    EXPECT("123", "%zu", (size_t)123);
}

static void widths_and_flags(void)
{
    EXPECT("   42", "%5d", 42);
    EXPECT("00042", "%05d", 42);
    EXPECT("42   |", "%-5d|", 42);
    EXPECT("-0042", "%05d", -42);
    EXPECT("0x00000000000000ff", "%p", (void *)0xff);
}

static void strings(void)
{
    EXPECT("hello", "%s", "hello");
    EXPECT("abc", "%.3s", "abcdef");
    EXPECT("ab", "%.*s", 2, "abcdef");
    EXPECT("  ab", "%4s", "ab");
    EXPECT("x", "%c", 'x');
    EXPECT("100%", "100%%");
}

static void truncation_keeps_the_full_length(void)
{
    char small[4];
    size_t n = format_buf(small, sizeof small, "abcdef");
    ERIX_CHECK_EQ(n, 6);
    ERIX_CHECK(strcmp(small, "abc") == 0);
    n = format_buf(small, 0, "abc");
    ERIX_CHECK_EQ(n, 3);
}

/* Inputs a compiler's format checker rightly rejects, kept out of its sight. */
static const char *const fmt_unknown = "%q";
static const char *const fmt_string = "%s";

static void unknown_conversion_and_null_string(void)
{
    format_buf(buf, sizeof buf, fmt_unknown);
    ERIX_CHECK(strcmp(buf, "%q") == 0);
    const char *volatile nothing = NULL;
    format_buf(buf, sizeof buf, fmt_string, nothing);
    ERIX_CHECK(strcmp(buf, "(null)") == 0);
}

int main(void)
{
    ERIX_RUN(integers);
    ERIX_RUN(widths_and_flags);
    ERIX_RUN(strings);
    ERIX_RUN(truncation_keeps_the_full_length);
    ERIX_RUN(unknown_conversion_and_null_string);
    return erix_test_finish();
}
