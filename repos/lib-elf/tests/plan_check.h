/*
 * plan_check.h - test-only: the promises of a successful parse, re-checked.
 *
 * An independent statement of what ERIX_OK guarantees about the plan, used as
 * an oracle by the mutation sweep and the fuzz target: returns NULL when the
 * plan keeps every promise, or the first broken one.
 */
#ifndef ELF_TEST_PLAN_CHECK_H
#define ELF_TEST_PLAN_CHECK_H

#include <stddef.h>

#include <erix/elf.h>

const char *plan_check(const struct erix_elf_image *img, size_t size,
                       const struct erix_elf_limits *limits);

#endif
