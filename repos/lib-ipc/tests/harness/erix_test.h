/*
 * erix_test.h - the host unit-test harness shared by every component.
 *
 * Native (host) builds only: components get it from lib-ipc's native
 * dependency `erix_test_dep`. A test is a void function run by ERIX_RUN; a
 * failed check prints file, line and values, and the process exits non-zero.
 */
#ifndef ERIX_TEST_H
#define ERIX_TEST_H

#include <stdio.h>
#include <stdlib.h>

static int erix_test_failures;
static int erix_test_checks;

#define ERIX_CHECK(cond)                                                       \
    do {                                                                       \
        erix_test_checks++;                                                    \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
            erix_test_failures++;                                              \
        }                                                                      \
    } while (0)

#define ERIX_CHECK_EQ(a, b)                                                    \
    do {                                                                       \
        long long erix_a_ = (long long)(a), erix_b_ = (long long)(b);          \
        erix_test_checks++;                                                    \
        if (erix_a_ != erix_b_) {                                              \
            fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n",          \
                    __FILE__, __LINE__, #a, #b, erix_a_, erix_b_);             \
            erix_test_failures++;                                              \
        }                                                                      \
    } while (0)

#define ERIX_RUN(test)                                                         \
    do {                                                                       \
        int erix_before_ = erix_test_failures;                                 \
        test();                                                                \
        printf("%s %s\n", erix_test_failures == erix_before_ ? "ok  " : "FAIL",\
               #test);                                                         \
    } while (0)

static inline int erix_test_finish(void)
{
    printf("%d checks, %d failed\n", erix_test_checks, erix_test_failures);
    return erix_test_failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
