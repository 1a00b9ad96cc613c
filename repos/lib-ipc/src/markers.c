/*
 * markers.c - which console text user space may write: the policy that keeps
 * the kernel's markers (and so a scenario's verdict) unforgeable.
 */
#include <stdint.h>

#include <erix/markers.h>

static const char *const kernel_owned[] = {
    ERIX_MARKER_KERNEL, "ERIX_ROOTD:", ERIX_MARKER_ROOTD_STAGE,
};

static bool starts_with(const uint8_t *s, size_t len, const char *prefix)
{
    size_t n = 0;
    while (prefix[n] != 0)
        n++;
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] != (uint8_t)prefix[i])
            return false;
    return true;
}

bool erix_console_text_allowed(const void *text, size_t len)
{
    const uint8_t *s = text;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\r' || s[i] == 0x1b || s[i] == 0)
            return false;
        if (i != 0 && s[i - 1] != '\n')
            continue;
        for (size_t k = 0; k < sizeof kernel_owned / sizeof kernel_owned[0]; k++)
            if (starts_with(s + i, len - i, kernel_owned[k]))
                return false;
    }
    return true;
}
