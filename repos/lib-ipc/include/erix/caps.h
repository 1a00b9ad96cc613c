/*
 * erix/caps.h - capability types, rights, endpoint kinds and well-known slots.
 *
 * Every process has one flat CSpace of ERIX_CSPACE_SLOTS slots; a slot number
 * is a name in the caller's own CSpace and never implies authority: what counts
 * is the capability installed there. The dedicated slot numbers below are the
 * conventions rootd uses when it hands out aliases; a service verifies what it
 * received with QUERY_LOCAL_CAP before it serves.
 */
#ifndef ERIX_CAPS_H
#define ERIX_CAPS_H

#include <stdint.h>

#define ERIX_CSPACE_SLOTS 4096u

enum erix_cap_type {
    ERIX_CAP_NULL = 0,
    ERIX_CAP_UNTYPED = 1,       /* free physical memory; retyped into objects */
    ERIX_CAP_FRAME = 2,         /* RAM pages (1..n contiguous 4 KiB pages) */
    ERIX_CAP_DEVICE_FRAME = 3,  /* device memory pages (uncached) */
    ERIX_CAP_ENDPOINT = 4,      /* IPC endpoint, or a kernel-control family */
    ERIX_CAP_CNODE = 5,         /* a CSpace */
    ERIX_CAP_TCB = 6,           /* a thread (and with it, its process) */
    ERIX_CAP_VSPACE = 7,        /* an address space */
    ERIX_CAP_INSTALL_GRANT = 8, /* may install into a staged child's CSpace window */
    ERIX_CAP_TYPE_COUNT = 9
};

/* Rights. A copy holds equal or fewer rights than its source. */
#define ERIX_RIGHT_READ 0x01u
#define ERIX_RIGHT_WRITE 0x02u
#define ERIX_RIGHT_SEND 0x04u
#define ERIX_RIGHT_RECV 0x08u
#define ERIX_RIGHT_GRANT 0x10u
#define ERIX_RIGHTS_ALL 0x1fu

/*
 * Endpoint kinds. GENERIC endpoints carry messages between threads; every
 * other kind is a kernel-control family: a CALL on it is served by the kernel,
 * and the family decides which operations are allowed (erix/kctl.h).
 */
enum erix_endpoint_kind {
    ERIX_EP_GENERIC = 0,
    ERIX_EP_ROOT = 1,            /* test-only: every kernel operation */
    ERIX_EP_TIME = 2,
    ERIX_EP_IRQ = 3,
    ERIX_EP_HOTPLUG = 4,
    ERIX_EP_PCI_CONFIG = 5,
    ERIX_EP_CONSOLE = 6,
    ERIX_EP_COM1 = 7,
    ERIX_EP_MEMORY = 8,
    ERIX_EP_VSPACE = 9,
    ERIX_EP_PAGER = 10,
    ERIX_EP_LOG = 11,
    ERIX_EP_PROCESS = 12,
    ERIX_EP_ACPI = 13,
    ERIX_EP_I8042 = 14,
    ERIX_EP_CHILD_POPULATE = 15,
    ERIX_EP_KIND_COUNT = 16
};

/* Slots every process has. */
#define ERIX_SLOT_NULL 0u         /* never holds a capability */
#define ERIX_SLOT_SELF_TCB 1u     /* root task only: its own TCB */
#define ERIX_SLOT_SELF_CNODE 2u   /* root task only: its own CSpace */
#define ERIX_SLOT_SELF_VSPACE 3u  /* root task only: its own address space */
#define ERIX_SLOT_LEGACY_ROOT 4u  /* reserved; populated = validation failure */
#define ERIX_SLOT_ROOT_ENDPOINT 5u /* test builds only: the ROOT family */

/* Root task: untyped capabilities and boot-module image frames. */
#define ERIX_SLOT_UNTYPED_BASE 64u
#define ERIX_SLOT_UNTYPED_MAX 256u
#define ERIX_SLOT_MODULE_BASE 320u
#define ERIX_SLOT_MODULE_MAX 32u

/* Dedicated endpoints (root task; aliases in services by convention). */
#define ERIX_SLOT_PROCD_DRIVER 2112u
#define ERIX_SLOT_KERNEL_TIME 2128u
#define ERIX_SLOT_KERNEL_IRQ 2144u
#define ERIX_SLOT_KERNEL_HOTPLUG 2160u
#define ERIX_SLOT_KERNEL_PCI_CONFIG 2176u
#define ERIX_SLOT_KERNEL_CONSOLE 2192u
#define ERIX_SLOT_KERNEL_COM1 2208u
#define ERIX_SLOT_KERNEL_MEMORY 2224u
#define ERIX_SLOT_KERNEL_VSPACE 2240u
#define ERIX_SLOT_KERNEL_PAGER 2256u
#define ERIX_SLOT_KERNEL_LOG 2272u
#define ERIX_SLOT_KERNEL_PROCESS 2288u
#define ERIX_SLOT_KERNEL_CHILD_POPULATE 2304u
#define ERIX_SLOT_KERNEL_ACPI 2320u
#define ERIX_SLOT_KERNEL_I8042 2336u

/* The dedicated slot of a kernel family kind, or 0 when it has none. */
static inline uint32_t erix_family_slot(uint32_t kind)
{
    switch (kind) {
    case ERIX_EP_TIME: return ERIX_SLOT_KERNEL_TIME;
    case ERIX_EP_IRQ: return ERIX_SLOT_KERNEL_IRQ;
    case ERIX_EP_HOTPLUG: return ERIX_SLOT_KERNEL_HOTPLUG;
    case ERIX_EP_PCI_CONFIG: return ERIX_SLOT_KERNEL_PCI_CONFIG;
    case ERIX_EP_CONSOLE: return ERIX_SLOT_KERNEL_CONSOLE;
    case ERIX_EP_COM1: return ERIX_SLOT_KERNEL_COM1;
    case ERIX_EP_MEMORY: return ERIX_SLOT_KERNEL_MEMORY;
    case ERIX_EP_VSPACE: return ERIX_SLOT_KERNEL_VSPACE;
    case ERIX_EP_PAGER: return ERIX_SLOT_KERNEL_PAGER;
    case ERIX_EP_LOG: return ERIX_SLOT_KERNEL_LOG;
    case ERIX_EP_PROCESS: return ERIX_SLOT_KERNEL_PROCESS;
    case ERIX_EP_CHILD_POPULATE: return ERIX_SLOT_KERNEL_CHILD_POPULATE;
    case ERIX_EP_ACPI: return ERIX_SLOT_KERNEL_ACPI;
    case ERIX_EP_I8042: return ERIX_SLOT_KERNEL_I8042;
    default: return 0;
    }
}

/* QUERY_LOCAL_CAP packs type and rights into one register. */
#define ERIX_CAPINFO_TYPE(v) ((uint32_t)((v) & 0xffu))
#define ERIX_CAPINFO_RIGHTS(v) ((uint32_t)(((v) >> 8) & 0xffu))
#define ERIX_CAPINFO(type, rights) ((uint64_t)(type) | ((uint64_t)(rights) << 8))

/* What QUERY_LOCAL_CAP (erix_sys_query_local_cap) says about one slot. */
struct erix_cap_info {
    uint32_t type;
    uint32_t rights;
    uint32_t endpoint_kind;
    uint32_t reserved;
    uint64_t size;
    uint64_t aux; /* endpoint: badge; untyped: bytes already retyped */
};

#endif
