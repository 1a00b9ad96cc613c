/*
 * string.c - memory and string routines for freestanding EriX programs.
 *
 * Copies and fills go a word at a time where alignment allows (the kernel moves
 * message bodies and zeroes objects with them). Cross builds export the C names (the compiler may emit calls to memcpy,
 * memset, memmove and memcmp). Host test builds compile the same code under
 * erixc_-prefixed names so it can be tested beside the host C library.
 */
#include <stddef.h>
#include <stdint.h>

#include "erixc_names.h"

/* Word at a time when both pointers share 8-byte alignment, bytes otherwise. */
void *ERIXC_NAME(memcpy)(void *restrict dst, const void *restrict src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *ERIXC_NAME(memmove)(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((uintptr_t)d < (uintptr_t)s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

void *ERIXC_NAME(memset)(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    if (((uintptr_t)d & 7) == 0) {
        uint64_t w = 0x0101010101010101ull * (uint8_t)c;
        for (; n >= 8; n -= 8, d += 8)
            *(uint64_t *)(void *)d = w;
    }
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

int ERIXC_NAME(memcmp)(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t ERIXC_NAME(strlen)(const char *s)
{
    size_t n = 0;
    while (s[n] != 0)
        n++;
    return n;
}

size_t ERIXC_NAME(strnlen)(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n] != 0)
        n++;
    return n;
}

int ERIXC_NAME(strcmp)(const char *a, const char *b)
{
    while (*a != 0 && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int ERIXC_NAME(strncmp)(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i])
            return (unsigned char)a[i] - (unsigned char)b[i];
        if (a[i] == 0)
            return 0;
    }
    return 0;
}
