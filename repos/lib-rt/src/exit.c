/*
 * exit.c - erix_exit, the way out of every program (crt0.S calls it with
 * erix_main's result). Alone in its file so the smallest image needs nothing
 * else from the runtime.
 */
#include <erix/rt.h>

#include "rt_sys.h"

_Noreturn void erix_exit(uint64_t code)
{
    erix_rt_sys_exit(code);
}
