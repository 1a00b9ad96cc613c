/*
 * world.h - a small running system for host unit tests of the portable kernel.
 *
 * world_up() builds, on the fake arch, what the kernel's boot would: kernel
 * memory K (never handed out), a root thread made by hand from K (CSpace,
 * VSpace, IPC buffer, TCB, priority 200) holding the ROOT family at slot 5,
 * every dedicated family endpoint at its slot, a generic endpoint, and three
 * untypeds: U (slot 64), the device untyped D (slot 65) and U2 (slot 66).
 * Further threads are real processes made through kernel-control calls
 * (spawn). A test drives one thread at a time: sys() makes the thread current
 * and enters the kernel as syscall_entry does (the fast paths for CALL,
 * NOTIFY and REPLY_RECV when world_fastpath is set, then syscall_handler) with its frame
 * at the top of its kernel stack, so a blocked thread's results land there
 * when it is woken.
 *
 * world_down() destroys everything and checks no thread is left behind.
 */
#ifndef KERNEL_TESTS_WORLD_H
#define KERNEL_TESTS_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/caps.h>
#include <erix/ipc.h>
#include <erix/kctl.h>
#include <erix/layout.h>
#include <erix/syscall.h>

#include <kernel/arch.h>
#include <kernel/object.h>

#include "fake_arch.h"

#define W_SLOT_ROOT_EP ERIX_SLOT_ROOT_ENDPOINT /* 5: ROOT family, SEND */
#define W_SLOT_U 64u
#define W_SLOT_D 65u
#define W_SLOT_U2 66u
#define W_SLOT_GENERIC 100u /* a generic endpoint from K: SEND | RECV | GRANT */
#define W_FIRST_FREE 1024u  /* world_slot() hands out slots from here */

#define W_K_BASE (FAKE_PHYS_BASE + (1ull << 20))
#define W_K_SIZE (15ull << 20)
#define W_U_BASE (FAKE_PHYS_BASE + (16ull << 20))
#define W_U_SIZE (24ull << 20)
#define W_U2_BASE (FAKE_PHYS_BASE + (40ull << 20))
#define W_U2_SIZE (12ull << 20)
#define W_D_BASE (FAKE_PHYS_BASE + (52ull << 20))
#define W_D_SIZE (4ull << 20)
#define W_SPARE_BASE (FAKE_PHYS_BASE + (56ull << 20)) /* 8 MiB nobody uses */
#define W_SPARE_SIZE (8ull << 20)

#define W_ROOT_PRIORITY 200u
#define W_ENTRY ERIX_USER_IMAGE_BASE
#define W_CHILD_WINDOW_BASE 16u
#define W_CHILD_WINDOW_COUNT 512u

/* Bytes CREATE_STAGED_PROCESS takes from its untyped (objects, IPC buffer, 3 tables). */
#define W_PROCESS_BYTES (OBJ_CNODE_SIZE + OBJ_VSPACE_SIZE + OBJ_TCB_SIZE + 4u * 4096u)

struct proc {
    struct tcb *t;
    uint32_t tcb_slot;    /* root CSpace: the TCB (VSpace at tcb_slot + 1); 0: made by hand */
    uint32_t code_slot;   /* root CSpace: the frame mapped R-X at W_ENTRY */
    struct arch_syscall_frame *f; /* where the machine keeps it: the top of the kernel stack */
};

/* The test drives system calls as syscall_entry does: fast paths first (true) or not. */
extern bool world_fastpath;

struct world {
    struct untyped K, U, U2, D;
    struct proc root;
    struct endpoint *family[ERIX_EP_KIND_COUNT];
    struct endpoint *generic;
    uint32_t next_slot;
};

/* A capability a spawned child receives through an install grant. */
struct give {
    uint32_t src;     /* root slot */
    uint32_t dst;     /* child slot, inside W_CHILD_WINDOW_* */
    uint8_t rights;
    uint64_t badge;
};

extern struct tcb *fake_root_tcb;    /* what root_is() answers for */
extern unsigned fake_root_deaths;    /* root_task_died() calls for the root */

void world_up(struct world *w);
/* Tear down; false (and a message) when a thread or address space survived. */
bool world_down(struct world *w);

uint32_t world_slot(struct world *w);
struct cte *slot_of(struct proc *p, uint32_t slot);
struct cte *root_slot(struct world *w, uint32_t slot);

/* Make p current (the scheduler's choice is overridden; p must be runnable). */
void run_as(struct proc *p);
/* A system call by p; returns the frame's status (unchanged number if p blocked). */
erix_status_t sys(struct proc *p, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  uint64_t a4, uint64_t a5);
/* A kernel-control CALL by p on `slot`; the response body lands in resp (up to cap bytes). */
erix_status_t kcall(struct proc *p, uint32_t slot, uint32_t op, const void *req, uint32_t len,
                    void *resp, uint32_t cap);
/* The root on the ROOT family. */
erix_status_t rk(struct world *w, uint32_t op, const void *req, uint32_t len, void *resp,
                 uint32_t cap);

/* CREATE_STAGED_PROCESS from `untyped_slot`, code frame mapped R-X at W_ENTRY. */
erix_status_t stage(struct world *w, struct proc *out, uint32_t untyped_slot, uint32_t priority);
/* Install caps through a grant, drop the grant, START_PROCESS. */
erix_status_t launch(struct world *w, struct proc *p, const struct give *caps, unsigned n);
/* stage + launch. */
erix_status_t spawn(struct world *w, struct proc *out, uint32_t untyped_slot, uint32_t priority,
                    const struct give *caps, unsigned n);

/* Root: new generic endpoint from `untyped_slot`; returns its slot (0 on failure). */
uint32_t new_endpoint(struct world *w, uint32_t untyped_slot);
/* Root: new frame of `pages` pages from `untyped_slot`; returns its slot (0 on failure). */
uint32_t new_frame(struct world *w, uint32_t untyped_slot, uint32_t pages);
/* Root: CAP_COPY_ATTENUATED src -> new slot; returns it (0 on failure). */
uint32_t copy_cap(struct world *w, uint32_t src, uint32_t mask, uint64_t badge);

#endif
