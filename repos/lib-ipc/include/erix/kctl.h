/*
 * erix/kctl.h - kernel-control operations and the endpoint family table.
 *
 * A kernel-control operation is a CALL on an endpoint whose kind is a kernel
 * family (erix/caps.h). The op id is the message header's op; the request and
 * response bodies are the structs below (their first 32 bytes travel in
 * registers). The family of the endpoint decides, through one table
 * (erix_kctl_family_allows), which ops are allowed; everything else is
 * ERIX_ERR_DENIED before anything is looked at.
 *
 * Numbers carried over from the original system are fixed; the ones it named
 * without numbers are numbered here once, from 45 up. Unlisted numbers below 45
 * are reserved.
 */
#ifndef ERIX_KCTL_H
#define ERIX_KCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum erix_kctl_op {
    ERIX_KCTL_CREATE_PROCESS = 1,  /* reserved, always denied */
    ERIX_KCTL_CAP_COPY = 8,        /* reserved, always denied */
    ERIX_KCTL_READ_PLATFORM_CAPS = 30,
    ERIX_KCTL_KILL_PROCESS = 33,
    ERIX_KCTL_QUERY_CAP = 34,
    ERIX_KCTL_CREATE_ENDPOINT = 35,
    ERIX_KCTL_CAP_COPY_ATTENUATED = 36,
    ERIX_KCTL_CREATE_STAGED_PROCESS = 37,
    ERIX_KCTL_DERIVE_INSTALL_GRANT = 38,
    ERIX_KCTL_INSTALL_WITH_GRANT = 39,
    ERIX_KCTL_ABORT_STAGED_PROCESS = 40,
    ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME = 42,
    ERIX_KCTL_WRITE_PROCESS_MEMORY = 44,
    ERIX_KCTL_START_PROCESS = 45,
    ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME = 46,
    ERIX_KCTL_MAP_FRAME = 47,
    ERIX_KCTL_UNMAP_FRAME = 48,
    ERIX_KCTL_RESOLVE_FAULT = 49,
    ERIX_KCTL_IOPORT_READ8 = 50,
    ERIX_KCTL_IOPORT_WRITE8 = 51,
    ERIX_KCTL_READ_PCI_CONFIG_DWORD = 52,
    ERIX_KCTL_GET_ACPI_RSDP = 53,
    ERIX_KCTL_READ_ACPI_QWORDS = 54,
    ERIX_KCTL_LOG_STRING = 55,
    ERIX_KCTL_WRITE_LEGACY_SERIAL = 56,
    ERIX_KCTL_IRQ_CONTROL = 57,
    ERIX_KCTL_IRQ_WAIT = 58,
    ERIX_KCTL_HOTPLUG_WAIT = 59,
    ERIX_KCTL_FB_QUERY = 60,
    ERIX_KCTL_FB_MAP = 61,
    ERIX_KCTL_SET_FAULT_ENDPOINT = 62,
    ERIX_KCTL_REGISTER_PAGER = 63,
    ERIX_KCTL_READ_MONOTONIC_CLOCK = 64,
    ERIX_KCTL_RETYPE_UNTYPED = 65,
    ERIX_KCTL_UNTYPED_RESET = 66,
    ERIX_KCTL_QUERY_PROCESS = 67,
    ERIX_KCTL_SET_PRIORITY = 68,
    ERIX_KCTL_RESTAGE_PROCESS = 69,   /* a finished process back to STAGED, CSpace kept */
    ERIX_KCTL_OP_LIMIT = 128 /* ops are < 128: one 128-bit mask per family */
};

/* The family table: is `op` allowed on an endpoint of kind `kind`? */
bool erix_kctl_family_allows(uint32_t kind, uint32_t op);

/* Ports a port-I/O family may touch (COM1: 0x3f8..0x3ff; i8042: 0x60, 0x64). */
bool erix_kctl_port_allowed(uint32_t kind, uint32_t port);

/* A stable name of an op ("MAP_FRAME"), "?" if unknown; for logs and tests. */
const char *erix_kctl_op_name(uint32_t op);

/* ---- request and response bodies -------------------------------------- */

/* QUERY_CAP: flags */
#define ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND 0x1u

struct erix_kctl_slot_req {           /* KILL, ABORT, QUERY_PROCESS, UNMAP, RESET, FB_MAP */
    uint32_t slot;                     /* FB_MAP: the destination slot */
    uint32_t arg;                      /* KILL: ERIX_KILL_REASON_*; others: 0 */
};
#define ERIX_KILL_REASON_MANAGED_STOP 1u  /* procd's STOP_PROCESS */
#define ERIX_KILL_REASON_ABORT 2u

struct erix_kctl_pid_resp {           /* KILL_PROCESS */
    uint32_t pid;
    uint32_t reserved;
};

struct erix_kctl_value_resp {         /* IOPORT_READ8, READ_PCI_CONFIG_DWORD, READ_PLATFORM_CAPS */
    uint64_t value;
};

struct erix_kctl_bar_resp {           /* DERIVE_PCI_BAR_DEVICE_FRAME */
    uint64_t base;
    uint64_t size;
};

struct erix_kctl_query_cap_req {
    uint32_t slot;
    uint32_t flags;
};

struct erix_kctl_query_cap_resp {
    uint64_t value1;  /* type | rights << 8 | (endpoint kind << 32 with the flag) */
    uint64_t size;    /* bytes of an untyped or frame */
    uint64_t aux;     /* endpoint: badge; untyped: bytes already retyped */
};

struct erix_kctl_retype_req {         /* CREATE_ENDPOINT, RETYPE_UNTYPED(_TO_FRAME) */
    uint32_t untyped_slot;
    uint32_t dest_slot;
    uint32_t type;                     /* RETYPE_UNTYPED: ERIX_CAP_UNTYPED; others: 0 */
    uint32_t pages;                    /* frames: pages; untyped: pages; endpoint: 0 */
};

struct erix_kctl_copy_req {           /* CAP_COPY_ATTENUATED */
    uint32_t src_slot;
    uint32_t dest_slot;
    uint32_t rights_mask;
    uint32_t reserved;
    uint64_t badge;                    /* 0: keep; else badge an unbadged endpoint */
};

struct erix_kctl_create_process_req { /* CREATE_STAGED_PROCESS */
    uint32_t untyped_slot;             /* the child's memory pool */
    uint32_t dest_slot;                /* dest: TCB cap, dest + 1: VSpace cap */
    uint32_t priority;                 /* <= the caller's priority */
    uint32_t flags;                    /* 0 */
};

struct erix_kctl_create_process_resp {
    uint32_t pid;
    uint32_t reserved;
};

struct erix_kctl_grant_req {          /* DERIVE_INSTALL_GRANT */
    uint32_t tcb_slot;                 /* the staged child */
    uint32_t dest_slot;                /* where the grant lands (caller) */
    uint32_t window_base;              /* child slots the grant may fill */
    uint32_t window_count;
    uint32_t rights_mask;              /* most rights it may install */
    uint32_t reserved;
};

struct erix_kctl_install_req {        /* INSTALL_WITH_GRANT */
    uint32_t grant_slot;
    uint32_t src_slot;                 /* caller's capability to install */
    uint32_t child_slot;               /* inside the grant's window */
    uint32_t rights_mask;              /* | ERIX_INSTALL_MOVE: move instead of copy */
    uint64_t badge;                    /* as CAP_COPY_ATTENUATED (copies only) */
};
#define ERIX_INSTALL_MOVE 0x80000000u  /* the caller's slot empties: untyped memory, grants */

struct erix_kctl_start_req {          /* START_PROCESS */
    uint32_t tcb_slot;
    uint32_t reserved;
    uint64_t entry;
    uint64_t stack_top;
    uint64_t arg0;                     /* rdi */
    uint64_t arg1;                     /* rsi */
    uint64_t arg2;                     /* rdx */
};

struct erix_kctl_map_req {            /* MAP_FRAME */
    uint32_t vspace_slot;
    uint32_t frame_slot;
    uint64_t vaddr;
    uint32_t perms;                    /* ERIX_MAP_* */
    uint32_t reserved;
};
#define ERIX_MAP_READ 0x1u
#define ERIX_MAP_WRITE 0x2u
#define ERIX_MAP_EXEC 0x4u

struct erix_kctl_write_mem_req {      /* WRITE_PROCESS_MEMORY; data follows */
    uint32_t tcb_slot;
    uint32_t length;
    uint64_t vaddr;
};
#define ERIX_KCTL_WRITE_MEM_MAX (1024u - 16u)

struct erix_kctl_resolve_req {        /* RESOLVE_FAULT */
    uint32_t tcb_slot;
    uint32_t action;                   /* ERIX_RESOLVE_* */
};
#define ERIX_RESOLVE_RESUME 0u
#define ERIX_RESOLVE_KILL 1u

struct erix_kctl_port_req {           /* IOPORT_READ8 / IOPORT_WRITE8 */
    uint16_t port;
    uint8_t value;
    uint8_t reserved;
    uint32_t reserved2;
};

struct erix_kctl_pci_req {            /* READ_PCI_CONFIG_DWORD, DERIVE_PCI_BAR */
    uint8_t bus;
    uint8_t device;
    uint8_t function;
    uint8_t bar;                       /* DERIVE_PCI_BAR_DEVICE_FRAME: 0..5 */
    uint16_t offset;                   /* READ: dword aligned, < 256 */
    uint16_t reserved;
    uint32_t dest_slot;                /* DERIVE_PCI_BAR_DEVICE_FRAME */
    uint32_t reserved2;
};

struct erix_kctl_acpi_rsdp_resp {
    uint64_t phys;
    uint32_t revision;                 /* 0: ACPI 1.0, 2: 2.0+ */
    uint32_t length;                   /* 20 or the XSDP length */
};

struct erix_kctl_acpi_read_req {      /* READ_ACPI_QWORDS */
    uint64_t phys;
    uint32_t count;                    /* qwords, 1..ERIX_KCTL_ACPI_MAX_QWORDS */
    uint32_t reserved;
};
#define ERIX_KCTL_ACPI_MAX_QWORDS 128u

struct erix_kctl_log_req {            /* LOG_STRING, WRITE_LEGACY_SERIAL; bytes follow */
    uint32_t length;
    uint32_t reserved;
};
#define ERIX_KCTL_LOG_MAX (1024u - 8u)

struct erix_kctl_irq_req {            /* IRQ_CONTROL, IRQ_WAIT */
    uint32_t irq;                      /* ISA IRQ 0..15 */
    uint32_t action;                   /* CONTROL: ERIX_IRQ_*; WAIT: 0 */
    uint64_t timeout_us;               /* WAIT: 0 = forever */
};
#define ERIX_IRQ_ENABLE 1u
#define ERIX_IRQ_DISABLE 2u
#define ERIX_IRQ_ACK 3u

struct erix_kctl_endpoint_reg_req {   /* SET_FAULT_ENDPOINT, REGISTER_PAGER */
    uint32_t tcb_slot;
    uint32_t endpoint_slot;            /* a slot in the TARGET's CSpace */
};

struct erix_kctl_priority_req {       /* SET_PRIORITY */
    uint32_t tcb_slot;
    uint32_t priority;
};

struct erix_kctl_clock_resp {         /* READ_MONOTONIC_CLOCK */
    uint64_t nanoseconds;
    uint64_t ticks;
};

struct erix_kctl_process_resp {       /* QUERY_PROCESS */
    uint32_t pid;
    uint32_t state;                    /* ERIX_PROC_* */
    uint64_t code;                     /* exit code / fault vector / stop reason */
    uint64_t address;                  /* fault address */
    uint32_t live_grants;
    uint32_t priority;
};
#define ERIX_PROC_STAGED 1u
#define ERIX_PROC_RUNNING 2u   /* runnable or blocked in the kernel */
#define ERIX_PROC_FAULTED 3u   /* stopped on a fault, awaiting its manager */
#define ERIX_PROC_EXITED 4u
#define ERIX_PROC_KILLED 5u

struct erix_kctl_fb_resp {            /* FB_QUERY */
    uint64_t phys;
    uint32_t width;
    uint32_t height;
    uint32_t pitch;
    uint8_t bpp;
    uint8_t type;
    uint16_t present;
};

/* READ_PLATFORM_CAPS bits */
#define ERIX_PLATFORM_PCI 0x01u
#define ERIX_PLATFORM_ACPI 0x02u
#define ERIX_PLATFORM_I8042 0x04u
#define ERIX_PLATFORM_COM1 0x08u
#define ERIX_PLATFORM_FRAMEBUFFER 0x10u
#define ERIX_PLATFORM_LAPIC 0x20u
#define ERIX_PLATFORM_IOAPIC 0x40u

#define ERIX_KCTL_MAX_PRIORITY 255u

_Static_assert(sizeof(struct erix_kctl_slot_req) == 8, "slot req");
_Static_assert(sizeof(struct erix_kctl_query_cap_resp) == 24, "query cap resp");
_Static_assert(sizeof(struct erix_kctl_retype_req) == 16, "retype req");
_Static_assert(sizeof(struct erix_kctl_copy_req) == 24, "copy req");
_Static_assert(sizeof(struct erix_kctl_create_process_req) == 16, "create req");
_Static_assert(sizeof(struct erix_kctl_grant_req) == 24, "grant req");
_Static_assert(sizeof(struct erix_kctl_install_req) == 24, "install req");
_Static_assert(sizeof(struct erix_kctl_start_req) == 48, "start req");
_Static_assert(offsetof(struct erix_kctl_start_req, arg1) == 32, "start req arg1 past registers");
_Static_assert(sizeof(struct erix_kctl_map_req) == 24, "map req");
_Static_assert(sizeof(struct erix_kctl_write_mem_req) == 16, "write mem req");
_Static_assert(sizeof(struct erix_kctl_pci_req) == 16, "pci req");
_Static_assert(sizeof(struct erix_kctl_acpi_read_req) == 16, "acpi read req");
_Static_assert(sizeof(struct erix_kctl_irq_req) == 16, "irq req");
_Static_assert(sizeof(struct erix_kctl_process_resp) == 32, "process resp");
_Static_assert(sizeof(struct erix_kctl_fb_resp) == 24, "fb resp");

#endif
