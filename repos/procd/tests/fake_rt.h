/*
 * fake_rt.h - test-only: the lib-rt and lib-spawn calls src/kernel.c makes,
 * recorded with their arguments, with one call failing on request. Stands in
 * for the kernel-facing runtime as lib-spawn's tests/fake_kctl.c does.
 */
#ifndef PROCD_FAKE_RT_H
#define PROCD_FAKE_RT_H

#include <stdint.h>

#include <erix/ipc.h>
#include <erix/spawn.h>
#include <erix/status.h>

#define RT_MAX_CALLS 256

struct rt_call {
    char op[24];
    uint64_t a[7];
};

extern struct rt_call rt_calls[RT_MAX_CALLS];
extern unsigned rt_ncalls;
extern uint32_t rt_next_pid;                 /* the pid erix_spawn_create gives */
extern uint32_t rt_live_grants;              /* what QUERY_PROCESS reports */
extern struct erix_xfer_table rt_xfer;       /* the last table armed */
extern unsigned rt_xfer_count;
extern const struct erix_spawn_env *rt_env;  /* the env lib-spawn was handed last */
extern char rt_log[256];                     /* the last log line */
extern uint64_t rt_clock_ns;                 /* what READ_MONOTONIC_CLOCK answers */
extern uint64_t rt_cap_aux;                  /* what QUERY_LOCAL_CAP answers in aux */

void rt_reset(void);
void rt_fail(const char *op, unsigned nth, erix_status_t st);
unsigned rt_count(const char *op);
const struct rt_call *rt_find(const char *op, unsigned nth);

#endif
