/*
 * sample.c - a small EriX program linked against the real runtime in cross
 * builds, exactly as a component links its programs (user.ld from the
 * source tree, -z stack-size=65536). Not installed; test_user_ld checks it.
 */
#include <erix/rt.h>

static uint8_t heap[4096];
static const char greeting[] = "erix-rt-sample";
unsigned started = 1;

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct erix_arena arena;
    struct erix_kctl_clock_resp now;
    erix_arena_init(&arena, heap, sizeof heap);
    uint64_t *words = erix_arena_array(&arena, 4, sizeof(uint64_t), 8);
    if (words == NULL)
        erix_panic("%s: arena", greeting);
    words[0] = erix_rdtsc();
    erix_log("%s: start %u a0=%p a1=%lu a2=%lu", greeting, started, (void *)(uintptr_t)a0,
             (unsigned long)a1, (unsigned long)a2);
    if (erix_cap_expect(ERIX_SLOT_KERNEL_TIME, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND,
                        ERIX_EP_TIME) == ERIX_OK &&
        erix_kctl_clock(ERIX_SLOT_KERNEL_TIME, &now) == ERIX_OK)
        erix_log("%s: %lu ns", greeting, (unsigned long)now.nanoseconds);
    return 0;
}
