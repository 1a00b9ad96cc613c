/* erixc_names.h - C names in cross builds, erixc_test_ names in host tests. */
#ifndef ERIXC_NAMES_H
#define ERIXC_NAMES_H

#include <stddef.h>

#ifdef ERIXC_HOST_TEST
#define ERIXC_NAME(name) erixc_test_##name
void *erixc_test_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *erixc_test_memmove(void *dst, const void *src, size_t n);
void *erixc_test_memset(void *dst, int c, size_t n);
int erixc_test_memcmp(const void *a, const void *b, size_t n);
size_t erixc_test_strlen(const char *s);
size_t erixc_test_strnlen(const char *s, size_t max);
int erixc_test_strcmp(const char *a, const char *b);
int erixc_test_strncmp(const char *a, const char *b, size_t n);
#else
#include <string.h>
#define ERIXC_NAME(name) name
#endif

#endif
