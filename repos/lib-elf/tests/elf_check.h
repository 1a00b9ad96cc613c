/*
 * elf_check.h - test-only: CHECK_STATUS, an exact status assertion that
 * prints status names, on top of the shared harness.
 */
#ifndef ELF_TEST_ELF_CHECK_H
#define ELF_TEST_ELF_CHECK_H

#include "erix_test.h"

#include <erix/status.h>

#define CHECK_STATUS(got, want)                                                \
    do {                                                                       \
        erix_status_t got_ = (got), want_ = (want);                            \
        erix_test_checks++;                                                    \
        if (got_ != want_) {                                                   \
            fprintf(stderr, "%s:%d: %s: got %s, want %s\n", __FILE__,          \
                    __LINE__, #got, erix_status_name(got_),                    \
                    erix_status_name(want_));                                  \
            erix_test_failures++;                                              \
        }                                                                      \
    } while (0)

#endif
