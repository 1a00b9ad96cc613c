/*
 * test_request_nohooks.c - the decoder as every build without
 * loader_fault_hooks has it (release builds included): a COMMIT that names a
 * fault step is refused before anything happens; one that names none passes.
 */
#include <erix/procd.h>
#include <erix_test.h>

#include "msgs.h"
#include "request.h"

#if PROCD_LOADER_FAULT_HOOKS
#error "this test is built without the loader fault hooks"
#endif

static void fault_steps_are_refused(void)
{
    struct procd_request r;
    struct erix_procd_loader_commit_req c = {3, 1, 0, ERIX_PROCD_LOADER_FAULT_NONE, 0};
    struct erix_msg m = test_msg(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER,
                                 ERIX_PROCD_BADGE_BOOTSTRAP, 0x8000000000000001ull, &c, sizeof c);
    ERIX_CHECK_EQ(procd_request_decode(&m, &r), ERIX_OK);
    for (uint32_t step = 1; step < ERIX_PROCD_LOADER_FAULT_COUNT; step++) {
        c.fault_step = step;
        m = test_msg(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER, ERIX_PROCD_BADGE_BOOTSTRAP,
                     0x8000000000000001ull, &c, sizeof c);
        ERIX_CHECK_EQ(procd_request_decode(&m, &r), ERIX_ERR_INVALID_ARGUMENT);
    }
}

int main(void)
{
    ERIX_RUN(fault_steps_are_refused);
    return erix_test_finish();
}
