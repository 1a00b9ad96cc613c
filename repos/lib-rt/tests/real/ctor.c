/* ctor.c - test-only: a constructor, which user.ld must refuse to link. */
#include <stdint.h>

static volatile int value; /* volatile: the compiler cannot fold it away */

__attribute__((constructor)) static void set_value(void)
{
    value = 1;
}

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2);
int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    (void)a0;
    (void)a1;
    (void)a2;
    return value;
}
