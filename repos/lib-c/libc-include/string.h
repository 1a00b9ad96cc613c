/*
 * string.h - the C library subset EriX's freestanding programs get (src/string.c).
 * Installed into the sysroot; cross builds see no other string.h.
 */
#ifndef ERIXC_STRING_H
#define ERIXC_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
