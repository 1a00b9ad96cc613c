/*
 * kctl.c - the kernel-control family table: which op each endpoint kind
 * allows, and which I/O ports a port family may touch. One table, one place;
 * the kernel consults it before decoding a request.
 */
#include <erix/caps.h>
#include <erix/kctl.h>

#define BIT(op) ((op) < 64 ? (1ull << (op)) : 0ull)
#define BIT_HI(op) ((op) >= 64 && (op) < 128 ? (1ull << ((op) - 64)) : 0ull)

struct op_mask {
    uint64_t lo;
    uint64_t hi;
};

static struct op_mask mask_of(const uint32_t *ops, unsigned count)
{
    struct op_mask m = {0, 0};
    for (unsigned i = 0; i < count; i++) {
        m.lo |= BIT(ops[i]);
        m.hi |= BIT_HI(ops[i]);
    }
    return m;
}

#define LIST(...) ((const uint32_t[]){__VA_ARGS__}), \
    (sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t))

static const uint32_t all_ops[] = {
    ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_KILL_PROCESS, ERIX_KCTL_QUERY_CAP,
    ERIX_KCTL_CREATE_ENDPOINT, ERIX_KCTL_CAP_COPY_ATTENUATED,
    ERIX_KCTL_CREATE_STAGED_PROCESS, ERIX_KCTL_DERIVE_INSTALL_GRANT,
    ERIX_KCTL_INSTALL_WITH_GRANT, ERIX_KCTL_ABORT_STAGED_PROCESS,
    ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, ERIX_KCTL_WRITE_PROCESS_MEMORY,
    ERIX_KCTL_START_PROCESS, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ERIX_KCTL_MAP_FRAME,
    ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_RESOLVE_FAULT, ERIX_KCTL_IOPORT_READ8,
    ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_READ_PCI_CONFIG_DWORD, ERIX_KCTL_GET_ACPI_RSDP,
    ERIX_KCTL_READ_ACPI_QWORDS, ERIX_KCTL_LOG_STRING, ERIX_KCTL_WRITE_LEGACY_SERIAL,
    ERIX_KCTL_IRQ_CONTROL, ERIX_KCTL_IRQ_WAIT, ERIX_KCTL_HOTPLUG_WAIT, ERIX_KCTL_FB_QUERY,
    ERIX_KCTL_FB_MAP, ERIX_KCTL_SET_FAULT_ENDPOINT, ERIX_KCTL_REGISTER_PAGER,
    ERIX_KCTL_READ_MONOTONIC_CLOCK, ERIX_KCTL_RETYPE_UNTYPED, ERIX_KCTL_UNTYPED_RESET,
    ERIX_KCTL_QUERY_PROCESS, ERIX_KCTL_SET_PRIORITY, ERIX_KCTL_RESTAGE_PROCESS,
};

static struct op_mask family_mask(uint32_t kind)
{
    switch (kind) {
    case ERIX_EP_ROOT:
        return mask_of(all_ops, sizeof all_ops / sizeof all_ops[0]);
    case ERIX_EP_TIME:
        return mask_of(LIST(ERIX_KCTL_READ_MONOTONIC_CLOCK, ERIX_KCTL_QUERY_CAP));
    case ERIX_EP_IRQ:
        return mask_of(LIST(ERIX_KCTL_IRQ_CONTROL, ERIX_KCTL_IRQ_WAIT,
                            ERIX_KCTL_READ_MONOTONIC_CLOCK));
    case ERIX_EP_HOTPLUG:
        return mask_of(LIST(ERIX_KCTL_HOTPLUG_WAIT, ERIX_KCTL_QUERY_CAP));
    case ERIX_EP_PCI_CONFIG:
        return mask_of(LIST(ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_READ_PCI_CONFIG_DWORD,
                            ERIX_KCTL_QUERY_CAP));
    case ERIX_EP_CONSOLE:
        return mask_of(LIST(ERIX_KCTL_FB_QUERY, ERIX_KCTL_FB_MAP, ERIX_KCTL_LOG_STRING,
                            ERIX_KCTL_QUERY_CAP));
    case ERIX_EP_COM1:
    case ERIX_EP_I8042:
        return mask_of(LIST(ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_IOPORT_WRITE8,
                            ERIX_KCTL_QUERY_CAP));
    case ERIX_EP_MEMORY:
        return mask_of(LIST(ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ERIX_KCTL_QUERY_CAP));
    case ERIX_EP_VSPACE:
        return mask_of(LIST(ERIX_KCTL_MAP_FRAME, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_QUERY_CAP));
    case ERIX_EP_PAGER:
        return mask_of(LIST(ERIX_KCTL_RESOLVE_FAULT, ERIX_KCTL_QUERY_CAP));
    case ERIX_EP_LOG:
        return mask_of(LIST(ERIX_KCTL_QUERY_CAP, ERIX_KCTL_LOG_STRING,
                            ERIX_KCTL_WRITE_LEGACY_SERIAL));
    case ERIX_EP_PROCESS:
        return mask_of(LIST(ERIX_KCTL_KILL_PROCESS, ERIX_KCTL_QUERY_CAP,
                            ERIX_KCTL_CREATE_ENDPOINT, ERIX_KCTL_CAP_COPY_ATTENUATED,
                            ERIX_KCTL_CREATE_STAGED_PROCESS, ERIX_KCTL_DERIVE_INSTALL_GRANT,
                            ERIX_KCTL_INSTALL_WITH_GRANT, ERIX_KCTL_ABORT_STAGED_PROCESS,
                            ERIX_KCTL_WRITE_PROCESS_MEMORY, ERIX_KCTL_START_PROCESS,
                            ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ERIX_KCTL_MAP_FRAME,
                            ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SET_FAULT_ENDPOINT,
                            ERIX_KCTL_READ_MONOTONIC_CLOCK, ERIX_KCTL_RETYPE_UNTYPED,
                            ERIX_KCTL_UNTYPED_RESET, ERIX_KCTL_QUERY_PROCESS,
                            ERIX_KCTL_SET_PRIORITY, ERIX_KCTL_RESTAGE_PROCESS));
    case ERIX_EP_ACPI:
        return mask_of(LIST(ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_GET_ACPI_RSDP,
                            ERIX_KCTL_READ_ACPI_QWORDS, ERIX_KCTL_QUERY_CAP));
    case ERIX_EP_CHILD_POPULATE:
        return mask_of(LIST(ERIX_KCTL_CREATE_ENDPOINT, ERIX_KCTL_CAP_COPY_ATTENUATED,
                            ERIX_KCTL_INSTALL_WITH_GRANT,
                            ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, ERIX_KCTL_QUERY_CAP));
    default: /* GENERIC and unknown kinds are not kernel families */
        return (struct op_mask){0, 0};
    }
}

bool erix_kctl_family_allows(uint32_t kind, uint32_t op)
{
    if (op >= ERIX_KCTL_OP_LIMIT || op == ERIX_KCTL_CREATE_PROCESS || op == ERIX_KCTL_CAP_COPY)
        return false;
    struct op_mask m = family_mask(kind);
    return op < 64 ? (m.lo >> op) & 1u : (m.hi >> (op - 64)) & 1u;
}

bool erix_kctl_port_allowed(uint32_t kind, uint32_t port)
{
    bool com1 = port >= 0x3f8 && port <= 0x3ff;
    bool i8042 = port == 0x60 || port == 0x64;
    switch (kind) {
    case ERIX_EP_COM1: return com1;
    case ERIX_EP_I8042: return i8042;
    case ERIX_EP_ROOT: return com1 || i8042;
    default: return false;
    }
}

const char *erix_kctl_op_name(uint32_t op)
{
    switch (op) {
    case ERIX_KCTL_CREATE_PROCESS: return "CREATE_PROCESS";
    case ERIX_KCTL_CAP_COPY: return "CAP_COPY";
    case ERIX_KCTL_READ_PLATFORM_CAPS: return "READ_PLATFORM_CAPS";
    case ERIX_KCTL_KILL_PROCESS: return "KILL_PROCESS";
    case ERIX_KCTL_QUERY_CAP: return "QUERY_CAP";
    case ERIX_KCTL_CREATE_ENDPOINT: return "CREATE_ENDPOINT";
    case ERIX_KCTL_CAP_COPY_ATTENUATED: return "CAP_COPY_ATTENUATED";
    case ERIX_KCTL_CREATE_STAGED_PROCESS: return "CREATE_STAGED_PROCESS";
    case ERIX_KCTL_DERIVE_INSTALL_GRANT: return "DERIVE_INSTALL_GRANT";
    case ERIX_KCTL_INSTALL_WITH_GRANT: return "INSTALL_WITH_GRANT";
    case ERIX_KCTL_ABORT_STAGED_PROCESS: return "ABORT_STAGED_PROCESS";
    case ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME: return "DERIVE_PCI_BAR_DEVICE_FRAME";
    case ERIX_KCTL_WRITE_PROCESS_MEMORY: return "WRITE_PROCESS_MEMORY";
    case ERIX_KCTL_START_PROCESS: return "START_PROCESS";
    case ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME: return "RETYPE_UNTYPED_TO_FRAME";
    case ERIX_KCTL_MAP_FRAME: return "MAP_FRAME";
    case ERIX_KCTL_UNMAP_FRAME: return "UNMAP_FRAME";
    case ERIX_KCTL_RESOLVE_FAULT: return "RESOLVE_FAULT";
    case ERIX_KCTL_IOPORT_READ8: return "IOPORT_READ8";
    case ERIX_KCTL_IOPORT_WRITE8: return "IOPORT_WRITE8";
    case ERIX_KCTL_READ_PCI_CONFIG_DWORD: return "READ_PCI_CONFIG_DWORD";
    case ERIX_KCTL_GET_ACPI_RSDP: return "GET_ACPI_RSDP";
    case ERIX_KCTL_READ_ACPI_QWORDS: return "READ_ACPI_QWORDS";
    case ERIX_KCTL_LOG_STRING: return "LOG_STRING";
    case ERIX_KCTL_WRITE_LEGACY_SERIAL: return "WRITE_LEGACY_SERIAL";
    case ERIX_KCTL_IRQ_CONTROL: return "IRQ_CONTROL";
    case ERIX_KCTL_IRQ_WAIT: return "IRQ_WAIT";
    case ERIX_KCTL_HOTPLUG_WAIT: return "HOTPLUG_WAIT";
    case ERIX_KCTL_FB_QUERY: return "FB_QUERY";
    case ERIX_KCTL_FB_MAP: return "FB_MAP";
    case ERIX_KCTL_SET_FAULT_ENDPOINT: return "SET_FAULT_ENDPOINT";
    case ERIX_KCTL_REGISTER_PAGER: return "REGISTER_PAGER";
    case ERIX_KCTL_READ_MONOTONIC_CLOCK: return "READ_MONOTONIC_CLOCK";
    case ERIX_KCTL_RETYPE_UNTYPED: return "RETYPE_UNTYPED";
    case ERIX_KCTL_UNTYPED_RESET: return "UNTYPED_RESET";
    case ERIX_KCTL_QUERY_PROCESS: return "QUERY_PROCESS";
    case ERIX_KCTL_SET_PRIORITY: return "SET_PRIORITY";
    case ERIX_KCTL_RESTAGE_PROCESS: return "RESTAGE_PROCESS";
    default: return "?";
    }
}
