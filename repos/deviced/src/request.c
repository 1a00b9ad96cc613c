/*
 * request.c - the op catalogue by surface (request.h).
 */
#include <erix/deviced.h>
#include <erix/ipc.h>
#include <erix/service.h>

#include "request.h"

uint32_t deviced_op_surface(uint32_t op)
{
    switch (op) {
    case ERIX_DEVICED_OP_SEED_DRIVER:
    case ERIX_DEVICED_OP_SEAL_REGISTRY:
    case ERIX_DEVICED_OP_START_DRIVER:
    case ERIX_DEVICED_OP_STOP_DRIVER:
    case ERIX_DEVICED_OP_READ_DRIVER:
    case ERIX_DEVICED_OP_READ_DEVICE: return ERIX_DEVICED_SURFACE_ADMIN;
    case ERIX_SERVICE_OP_READY:
    case ERIX_DEVICED_OP_REGISTER_PROVIDER: return ERIX_DEVICED_SURFACE_DRIVER;
    case ERIX_DEVICED_OP_REGISTER_HAL:
    case ERIX_DEVICED_OP_RESOLVE_PROVIDER: return ERIX_DEVICED_SURFACE_CONSUMER;
    case ERIX_DEVICED_OP_REPORT_DEVICE:
    case ERIX_DEVICED_OP_REPORT_HOTPLUG: return ERIX_DEVICED_SURFACE_DISCOVERY;
    default: return 0;
    }
}

erix_status_t deviced_request_check(uint32_t surface, uint32_t op, uint16_t flags, uint64_t token)
{
    if (surface == 0 || token == 0 || (flags & ERIX_MSG_FLAG_KERNEL_EVENT) != 0)
        return ERIX_ERR_DENIED;
    uint32_t owner = deviced_op_surface(op);
    if (owner == 0)
        return ERIX_ERR_UNKNOWN_OP;
    return owner == surface ? ERIX_OK : ERIX_ERR_DENIED;
}

const char *deviced_op_name(uint32_t op)
{
    switch (op) {
    case ERIX_DEVICED_OP_SEED_DRIVER: return "SEED_DRIVER";
    case ERIX_DEVICED_OP_SEAL_REGISTRY: return "SEAL_REGISTRY";
    case ERIX_DEVICED_OP_START_DRIVER: return "START_DRIVER";
    case ERIX_DEVICED_OP_STOP_DRIVER: return "STOP_DRIVER";
    case ERIX_DEVICED_OP_READ_DRIVER: return "READ_DRIVER";
    case ERIX_DEVICED_OP_READ_DEVICE: return "READ_DEVICE";
    case ERIX_DEVICED_OP_REPORT_DEVICE: return "REPORT_DEVICE";
    case ERIX_DEVICED_OP_REPORT_HOTPLUG: return "REPORT_HOTPLUG";
    case ERIX_DEVICED_OP_REGISTER_HAL: return "REGISTER_HAL";
    case ERIX_DEVICED_OP_REGISTER_PROVIDER: return "REGISTER_PROVIDER";
    case ERIX_DEVICED_OP_RESOLVE_PROVIDER: return "RESOLVE_PROVIDER";
    case ERIX_SERVICE_OP_READY: return "READY";
    default: return "?";
    }
}
