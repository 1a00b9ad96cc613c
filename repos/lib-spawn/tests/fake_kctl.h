/* fake_kctl.h - a scripted stand-in for lib-rt's kernel-control wrappers. */
#ifndef FAKE_KCTL_H
#define FAKE_KCTL_H

#include <stdint.h>

#include <erix/status.h>

#define FAKE_MAX_CALLS 128

struct fake_call {
    char op[24];
    uint32_t a, b;
    uint64_t c;
    uint32_t d;
};

extern struct fake_call fake_calls[FAKE_MAX_CALLS];
extern unsigned fake_ncalls;
extern int fake_fail_at;            /* index of the call to fail, -1: none */
extern erix_status_t fake_fail_with;
extern uint8_t fake_scratch[1 << 20]; /* what the scratch window maps to */

void fake_reset(void);
unsigned fake_count(const char *op);

#endif
