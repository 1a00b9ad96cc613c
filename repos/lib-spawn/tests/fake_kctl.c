/*
 * fake_kctl.c - records every kernel-control call lib-spawn makes and fails
 * the one the test names, so each cleanup path can be checked.
 */
#include <string.h>

#include <erix/kctl_rt.h>

#include "fake_kctl.h"

struct fake_call fake_calls[FAKE_MAX_CALLS];
unsigned fake_ncalls;
int fake_fail_at = -1;
erix_status_t fake_fail_with = ERIX_ERR_NO_MEMORY;
uint8_t fake_scratch[1 << 20];

void fake_reset(void)
{
    memset(fake_calls, 0, sizeof fake_calls);
    fake_ncalls = 0;
    fake_fail_at = -1;
    memset(fake_scratch, 0, sizeof fake_scratch);
}

unsigned fake_count(const char *op)
{
    unsigned n = 0;
    for (unsigned i = 0; i < fake_ncalls; i++)
        n += strcmp(fake_calls[i].op, op) == 0;
    return n;
}

static erix_status_t record(const char *op, uint32_t a, uint32_t b, uint64_t c, uint32_t d)
{
    int index = (int)fake_ncalls;
    if (fake_ncalls < FAKE_MAX_CALLS) {
        struct fake_call *k = &fake_calls[fake_ncalls++];
        strncpy(k->op, op, sizeof k->op - 1);
        k->a = a;
        k->b = b;
        k->c = c;
        k->d = d;
    }
    return index == fake_fail_at ? fake_fail_with : ERIX_OK;
}

erix_status_t erix_kctl_create_process(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                       uint32_t priority, uint32_t *pid)
{
    (void)ep;
    *pid = 42;
    return record("create", untyped_slot, dest_slot, priority, 0);
}

erix_status_t erix_kctl_retype_frame(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                     uint32_t pages)
{
    (void)ep;
    return record("retype", untyped_slot, dest_slot, pages, 0);
}

erix_status_t erix_kctl_map_frame(uint32_t ep, uint32_t vspace_slot, uint32_t frame_slot,
                                  uint64_t vaddr, uint32_t perms)
{
    (void)ep;
    if (vspace_slot == 3) /* the scratch window: a fresh frame is zeroed */
        memset(fake_scratch, 0, sizeof fake_scratch);
    return record("map", vspace_slot, frame_slot, vaddr, perms);
}

erix_status_t erix_kctl_unmap_frame(uint32_t ep, uint32_t frame_slot)
{
    (void)ep;
    return record("unmap", frame_slot, 0, 0, 0);
}

erix_status_t erix_kctl_untyped_reset(uint32_t ep, uint32_t untyped_slot)
{
    (void)ep;
    return record("reset", untyped_slot, 0, 0, 0);
}

erix_status_t erix_kctl_start(uint32_t ep, uint32_t tcb_slot, uint64_t entry, uint64_t stack_top,
                              uint64_t a0, uint64_t a1, uint64_t a2)
{
    (void)ep;
    (void)stack_top;
    (void)a1;
    (void)a2;
    return record("start", tcb_slot, 0, entry, (uint32_t)a0);
}
