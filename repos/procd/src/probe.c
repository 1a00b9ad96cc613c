/*
 * probe.c - phase0-probe: the smallest program procd launches. rootd's
 * phase0-probe scenario has procd spawn it (SPAWN_SERVICE, no capabilities)
 * and waits for its exit event: it logs one line and exits with 0x50.
 */
#include <erix/log.h>
#include <erix/rt.h>

#define PHASE0_PROBE_EXIT_CODE 0x50

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    (void)a0;
    (void)a1;
    (void)a2;
    (void)erix_log("PHASE0_PROBE:RUN");
    return PHASE0_PROBE_EXIT_CODE;
}
