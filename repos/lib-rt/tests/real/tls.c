/* tls.c - test-only: thread-local storage, which user.ld must refuse to link. */
#include <stdint.h>

_Thread_local int erix_test_tls;

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2);
int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    (void)a1;
    (void)a2;
    return erix_test_tls + (int64_t)a0;
}
