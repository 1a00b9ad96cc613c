/* bench.c - the IPC benchmark (filled in with bench-ipc). */
#include <erix/rt.h>

#include "ktest.h"

_Noreturn void ktest_bench_server(uint64_t param)
{
    erix_exit(param);
}
