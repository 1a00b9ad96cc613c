/* bench_server_stub.c - programs without the benchmark: ROLE_BENCH just exits. */
#include <erix/rt.h>

#include "ktest.h"

_Noreturn void ktest_bench_server(uint64_t param)
{
    erix_exit(param);
}
