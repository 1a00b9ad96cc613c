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
    ROLE_BENCH = 11,       /* the benchmark's server (bench.c) */
    ROLE_PORT = 12,        /* raw port I/O from user mode (must fault) */
};

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

/* The bench server loop (bench.c); children of ROLE_BENCH run it. */
_Noreturn void ktest_bench_server(uint64_t param);

#endif
