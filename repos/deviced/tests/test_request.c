/*
 * test_request.c - the op catalogue by surface: every op from its own
 * surface, from every other one, unknown ops, notifications, kernel events.
 */
#include <erix/deviced.h>
#include <erix/ipc.h>
#include <erix/service.h>

#include "erix_test.h"
#include "request.h"

static const struct {
    uint32_t op, surface;
} ops[] = {
    {ERIX_DEVICED_OP_SEED_DRIVER, ERIX_DEVICED_SURFACE_ADMIN},
    {ERIX_DEVICED_OP_SEAL_REGISTRY, ERIX_DEVICED_SURFACE_ADMIN},
    {ERIX_DEVICED_OP_START_DRIVER, ERIX_DEVICED_SURFACE_ADMIN},
    {ERIX_DEVICED_OP_STOP_DRIVER, ERIX_DEVICED_SURFACE_ADMIN},
    {ERIX_DEVICED_OP_READ_DRIVER, ERIX_DEVICED_SURFACE_ADMIN},
    {ERIX_DEVICED_OP_READ_DEVICE, ERIX_DEVICED_SURFACE_ADMIN},
    {ERIX_SERVICE_OP_READY, ERIX_DEVICED_SURFACE_DRIVER},
    {ERIX_DEVICED_OP_REGISTER_PROVIDER, ERIX_DEVICED_SURFACE_DRIVER},
    {ERIX_DEVICED_OP_REGISTER_HAL, ERIX_DEVICED_SURFACE_CONSUMER},
    {ERIX_DEVICED_OP_RESOLVE_PROVIDER, ERIX_DEVICED_SURFACE_CONSUMER},
    {ERIX_DEVICED_OP_REPORT_DEVICE, ERIX_DEVICED_SURFACE_DISCOVERY},
    {ERIX_DEVICED_OP_REPORT_HOTPLUG, ERIX_DEVICED_SURFACE_DISCOVERY},
};

static void catalogue(void)
{
    for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        ERIX_CHECK_EQ(deviced_op_surface(ops[i].op), ops[i].surface);
        for (uint32_t s = 1; s <= 4; s++)
            ERIX_CHECK_EQ(deviced_request_check(s, ops[i].op, 0, 1),
                          s == ops[i].surface ? ERIX_OK : ERIX_ERR_DENIED);
        ERIX_CHECK(deviced_op_name(ops[i].op)[0] != '?');
    }
    ERIX_CHECK_EQ(deviced_op_surface(0x500), 0);
    ERIX_CHECK_EQ(deviced_request_check(ERIX_DEVICED_SURFACE_ADMIN, 0x500, 0, 1), ERIX_ERR_UNKNOWN_OP);
    ERIX_CHECK_EQ(deviced_request_check(ERIX_DEVICED_SURFACE_ADMIN, 0x402, 0, 1), ERIX_ERR_UNKNOWN_OP);
    ERIX_CHECK(deviced_op_name(0x500)[0] == '?');
}

static void callers(void)
{
    /* no surface, a notification, a kernel event: denied before the op */
    ERIX_CHECK_EQ(deviced_request_check(0, ERIX_DEVICED_OP_SEED_DRIVER, 0, 1), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(deviced_request_check(0, 0x500, 0, 1), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(deviced_request_check(ERIX_DEVICED_SURFACE_ADMIN, ERIX_DEVICED_OP_SEED_DRIVER, 0, 0),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(deviced_request_check(ERIX_DEVICED_SURFACE_ADMIN, ERIX_DEVICED_OP_SEED_DRIVER,
                                        ERIX_MSG_FLAG_KERNEL_EVENT, 1),
                  ERIX_ERR_DENIED);
}

int main(void)
{
    ERIX_RUN(catalogue);
    ERIX_RUN(callers);
    return erix_test_finish();
}
