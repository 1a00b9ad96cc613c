/*
 * ktest.h - what the kernel's test root tasks share: reading the handoff,
 * finding their own image, and spawning child processes from that image in a
 * chosen role, each in its own pool, with an event endpoint for its faults.
 */
#ifndef KTEST_H
#define KTEST_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/handoff.h>
#include <erix/ipc.h>
#include <erix/status.h>
#include <erix/spawn.h>

#define KTEST_CHILD_MAGIC 0x4b54455354434849ull /* "KTESTCHI" in a0 marks a child */
#define KTEST_POOLS 4u
#define KTEST_POOL_PAGES 512u                   /* 2 MiB per child */
#define KTEST_POOL_SLOT 900u                    /* pool untypeds: 900.. */
#define KTEST_CHILD_SLOTS 1000u                 /* per pool: 1000 + 64 * i .. */
#define KTEST_CHILD_EVENT_SLOT 10u              /* the child's fault endpoint */
#define KTEST_CHILD_PEER_SLOT 11u               /* an extra endpoint some roles use */
#define KTEST_IMAGE_VADDR 0x40000000ull
#define KTEST_SCRATCH_VADDR 0x50000000ull
#define KTEST_SCRATCH_SIZE (4ull << 20)

enum ktest_role {
    ROLE_EXIT = 1,         /* exit with code = param */
    ROLE_WRITE_KERNEL = 2, /* write to a kernel address */
    ROLE_EXEC_DATA = 3,    /* jump into its own data page */
    ROLE_UD = 4,           /* invalid opcode */
    ROLE_DIVIDE = 5,       /* divide by zero */
    ROLE_PRIVILEGED = 6,   /* a ring-0 instruction (hlt) */
    ROLE_SERVER = 7,       /* answer calls on the peer slot forever (echo) */
    ROLE_SPIN = 8,         /* yield forever */
    ROLE_NULL_WRITE = 9,   /* write through a null pointer */
    ROLE_CAPS = 10,        /* exit with a bitmap of which slots 1..15 are populated */
    ROLE_BENCH = 11,       /* the benchmark's server (bench_server.c) */
    ROLE_PORT = 12,        /* raw port I/O from user mode (must fault) */
    /* roles of ktest-suite (suite*.c); exit codes are documented per role */
    ROLE_CAPINFO = 13,     /* exit ktest_capinfo_code() of slot param */
    ROLE_READ = 14,        /* exit with the qword at address param */
    ROLE_CLIENT = 15,      /* CALL the peer (op KTEST_CLIENT_OP, body param): exit reply word */
    ROLE_RECV_EXIT = 16,   /* RECV on the peer, then exit 0x55 without replying */
    ROLE_PROBE = 17,       /* describe every message on the peer (struct ktest_probe_report) */
    ROLE_REPLY_TOKEN = 18, /* REPLY through the peer with token param: exit the status */
    ROLE_BUSY = 19,        /* increment the qword at param forever, no system calls */
    ROLE_YIELD_COUNT = 20, /* increment the qword at param, yield, forever */
    ROLE_TIMED_RECV = 21,  /* RECV on the peer for param microseconds: exit the status */
    ROLE_REPORT = 22,      /* try rootd's report syscall: exit the status */
    ROLE_KCTL_PROBE = 23,  /* QUERY_CAP through slot param as an endpoint: exit the status */
    ROLE_NOTIFY = 24,      /* NOTIFY the peer (op KTEST_NOTIFY_OP, body param): exit the status */
    ROLE_DEBUG_LOG = 25,   /* one DEBUG_LOG line: exit the status */
    ROLE_JUMP = 26,        /* call address param (a fault when it is not executable) */
    ROLE_FAULT = 27,       /* the labelled faulting instruction number param (child_faults.c) */
    ROLE_WAKE_FLAG = 28,   /* timed RECV on the peer (20 ms), then store 1 at param, exit 0 */
    ROLE_XOR_SERVER = 29,  /* answer calls on the peer with the body's bytes ^ 0xff */
    ROLE_PORT_WRITE = 30,  /* IOPORT_WRITE8 through a family: KTEST_PORT_PARAM; exit status */
    ROLE_IRQ_WAIT = 31,    /* IRQ_WAIT forever on IRQ param through the IRQ family at slot 12 */
    ROLE_DROP_FAULT = 32,  /* drop its own slot param, then ud2 */
    ROLE_RECV_TWICE = 33,  /* RECV on the peer timed (param us), then blocking: exit the second */
    ROLE_STACK_OVERFLOW = 34, /* recurse until the stack runs out */
    ROLE_FORWARD = 35,     /* answer calls on the peer with what a CALL on slot 12 answers */
    ROLE_FUZZ = 36,        /* random system calls (fuzz.c): param = seed | iterations << 32 */
};

/* ROLE_PORT_WRITE's param: the family slot, the port and the value. */
#define KTEST_PORT_PARAM(slot, port, value)                                                  \
    ((uint64_t)(slot) << 32 | (uint64_t)(uint16_t)(port) << 8 | (uint8_t)(value))

/* Each process's own copies (child.c): the suite shows they are not shared. */
#define KTEST_CELL_INIT 0x1111222233334444ull
extern volatile uint64_t ktest_cell;
extern uint8_t ktest_rw_page[4096];

/* Exit codes of the suite roles. */
#define KTEST_EXIT_STATUS(st) (0xe000u | (uint32_t)(st)) /* a call failed with st */
#define KTEST_EXIT_NO_FAULT 0xeeu                       /* a faulting role that did not */
#define KTEST_RECV_EXIT_CODE 0x55u
#define KTEST_CLIENT_OP 0x100u
#define KTEST_NOTIFY_OP 0x200u

/* ROLE_CAPINFO's exit code: the query status, type, rights, kind and badge of a slot. */
static inline uint64_t ktest_capinfo_code(uint32_t status, uint32_t type, uint32_t rights,
                                          uint32_t kind, uint64_t badge)
{
    return (uint64_t)(status & 0xff) | (uint64_t)(type & 0xff) << 8 |
           (uint64_t)(rights & 0xff) << 16 | (uint64_t)(kind & 0xff) << 24 | badge << 32;
}

/* ROLE_PROBE: param = window base | window count << 16; a CALL is answered
 * (op ERIX_OK) with this description of itself, a NOTIFY only counted. */
struct ktest_probe_report {
    uint32_t op;
    uint16_t len;
    uint16_t flags;
    uint64_t badge;
    uint32_t sender_pid;
    uint32_t xfer_count;                /* capabilities that arrived with it */
    struct erix_xfer_entry xfer[ERIX_XFER_MAX_ENTRIES];
    uint32_t window_used;               /* occupied slots of the window after it */
    uint32_t body_sum;                  /* the sum of its body bytes */
    uint32_t prev_body_sum;             /* the same of the message before (a NOTIFY's) */
    uint32_t reserved;
    uint64_t messages;                  /* messages received so far, this one included */
};
#define KTEST_PROBE_PARAM(base, count) ((uint64_t)(base) | (uint64_t)(count) << 16)

/* ROLE_FAULT's instructions (param), each at a global label (child_faults.c). */
enum ktest_fault {
    KTEST_FAULT_UD = 0,           /* ud2: #UD */
    KTEST_FAULT_DIVIDE = 1,       /* div by zero: #DE */
    KTEST_FAULT_HLT = 2,          /* privileged: #GP */
    KTEST_FAULT_OUT = 3,          /* port output without IOPL: #GP */
    KTEST_FAULT_IN = 4,           /* port input without IOPL: #GP */
    KTEST_FAULT_CLI = 5,          /* cli without IOPL: #GP */
    KTEST_FAULT_INT3 = 6,         /* int3 through a DPL-0 gate: #GP */
    KTEST_FAULT_RDMSR = 7,        /* privileged: #GP */
    KTEST_FAULT_CR3 = 8,          /* mov to cr3: #GP */
    KTEST_FAULT_NONCANONICAL = 9, /* load from a non-canonical address: #GP */
    KTEST_FAULT_X87 = 10,         /* fninit with CR0.EM: #NM */
    KTEST_FAULT_SSE = 11,         /* xorps with CR0.EM: #UD */
    KTEST_FAULT_WRITE_KERNEL = 12,/* store to the kernel image: #PF */
    KTEST_FAULT_WRITE_TEXT = 13,  /* store to its own text: #PF */
    KTEST_FAULT_SGDT = 14,        /* sgdt under UMIP: #GP */
    KTEST_FAULT_COUNT = 15
};

/* Where instruction `kind` sits (the faulting rip), and run it (child only). */
uint64_t ktest_fault_ip(uint32_t kind);
void ktest_fault_run(uint32_t kind);

struct ktest_env {
    struct erix_handoff_view handoff;
    uint32_t kctl;                 /* endpoint with process and memory ops */
    struct erix_spawn_env spawn;
    const uint8_t *image;          /* this program's own ELF bytes */
    uint64_t image_size;
    uint32_t bank_slot;            /* the largest RAM untyped */
    bool pools_ready;
};

struct ktest_child {
    struct erix_spawn_result r;
    uint32_t pool;                 /* pool untyped slot */
    uint32_t event_ep;             /* caller slot of the child's fault endpoint */
    uint32_t peer_ep;              /* caller slot of the peer endpoint (0: none) */
};

/* Validate the handoff and find our own module; kctl = the endpoint to use. */
erix_status_t ktest_env_init(struct ktest_env *e, uint64_t handoff, uint64_t size, uint32_t kctl);

/* Spawn a child of `role` in pool `index` (0..KTEST_POOLS-1), staged then started. */
erix_status_t ktest_child_start(struct ktest_env *e, uint32_t index, uint32_t role,
                                uint64_t param, bool with_peer, struct ktest_child *c);

/* The two halves of ktest_child_start: a staged, wired child, then its start. */
erix_status_t ktest_child_create(struct ktest_env *e, uint32_t index, uint32_t priority,
                                 bool with_peer, struct ktest_child *c);
erix_status_t ktest_child_run(struct ktest_env *e, struct ktest_child *c, uint32_t role,
                              uint64_t param);

/* A free caller slot in the child's range, past what spawning and wiring used. */
uint32_t ktest_child_spare_slot(const struct ktest_child *c, uint32_t n);

/* Wait for the child's next kernel event (exit, fault, stop). */
erix_status_t ktest_child_event(const struct ktest_child *c, uint32_t timeout_us,
                                struct erix_event *ev);

/* Destroy the child and everything in its pool. */
erix_status_t ktest_child_destroy(struct ktest_env *e, struct ktest_child *c);

/* The child side: called first from erix_main; returns only when not a child. */
void ktest_child_main(uint64_t a0, uint64_t a1, uint64_t a2);

#define KTEST_DEFAULT_PRIORITY 100u

/* The syscall fuzzer child (fuzz_child.c): returns how many calls it made. */
int64_t ktest_fuzz_child(uint64_t param);
#define KTEST_FUZZ_KCTL_SLOT 20u     /* a PROCESS family endpoint */
#define KTEST_FUZZ_UNTYPED_SLOT 21u  /* a little untyped memory of its own */

/* The bench server loop (bench.c); children of ROLE_BENCH run it. */
_Noreturn void ktest_bench_server(uint64_t param);

#endif
