/*
 * procd_config.h - procd's own numbers: table sizes, the slots of its CSpace it
 * fills itself (child pools and one slot range per child), where it maps boot
 * images and its scratch window, and its exit codes.
 *
 * Everything here is procd's private layout; the ABI it serves is
 * erix/procd.h. The startup envelope may list capabilities anywhere except in
 * the two ranges procd reserves for itself (contract.c refuses that).
 */
#ifndef PROCD_CONFIG_H
#define PROCD_CONFIG_H

#include <stdint.h>

#include <erix/caps.h>
#include <erix/envelope.h>
#include <erix/procd.h>
#include <erix/spawn.h>

/* ---- tables ---------------------------------------------------------------- */

#define PROCD_MAX_CHILDREN 48u  /* live children: one pool and one slot range each */
#define PROCD_MAX_RECORDS 64u   /* process records, live and ended */
#define PROCD_MAX_WAITERS 16u   /* kept WAIT_PROCESS_EVENT reply tokens */
#define PROCD_MAX_IMAGES (ERIX_ENVELOPE_MAX_CAPS - 5u) /* the rest of the envelope */
#define PROCD_EVENT_QUEUE (ERIX_PROCD_MAX_RESTARTS + 1u) /* one event per run, kept until WAIT */
#define PROCD_LOADER_MAX_BYTES ERIX_PROCD_LOADER_MAX_BYTES /* the loader staging buffer */

/* ---- slots procd fills itself ---------------------------------------------- */

/* Pool i: a child untyped retyped from UNTYPED_POOL, reset and reused. */
#define PROCD_POOL_SLOT_BASE 1024u
#define PROCD_POOL_SLOT_END (PROCD_POOL_SLOT_BASE + PROCD_MAX_CHILDREN)

/* Foundation endpoints (UPDATE_FOUNDATION_ENDPOINTS): kind k's SEND copy lives
 * in slot PROCD_FOUNDATION_SLOT_BASE + k - 1. Transferred capabilities land in
 * the inbox (one slot per transfer entry) and are moved out or dropped before
 * the next receive. */
#define PROCD_FOUNDATION_SLOT_BASE PROCD_POOL_SLOT_END
#define PROCD_INBOX_SLOT_BASE (PROCD_FOUNDATION_SLOT_BASE + ERIX_PROCD_FOUNDATION_KINDS)
#define PROCD_INBOX_SLOTS ERIX_XFER_MAX_ENTRIES
#define PROCD_OWN_SLOT_END (PROCD_INBOX_SLOT_BASE + PROCD_INBOX_SLOTS)

/* Child range i: everything procd holds of the child built in pool i. All of
 * it derives from pool i, so resetting the pool empties the range. */
#define PROCD_CHILD_SLOT_BASE 2400u
#define PROCD_CHILD_SLOT_STRIDE 32u
#define PROCD_CHILD_SLOT_END (PROCD_CHILD_SLOT_BASE + PROCD_MAX_CHILDREN * PROCD_CHILD_SLOT_STRIDE)

#define PROCD_CHILD_SPAWN 0u         /* ERIX_SPAWN_SLOTS: TCB, VSpace, frames, stack */
#define PROCD_CHILD_ENDPOINT 19u     /* the child's service endpoint (SEND|RECV|GRANT) */
#define PROCD_CHILD_SETUP_GRANT 20u  /* procd's own grant for child slots 16..17 */
#define PROCD_CHILD_CALLER_GRANT 21u /* the grant CREATE moves to the caller */
#define PROCD_CHILD_ENVELOPE 22u     /* the frame START places the envelope in */

_Static_assert(PROCD_CHILD_SPAWN + ERIX_SPAWN_SLOTS <= PROCD_CHILD_ENDPOINT, "spawn slots fit");
_Static_assert(PROCD_CHILD_ENVELOPE < PROCD_CHILD_SLOT_STRIDE, "child range fits its stride");
_Static_assert(PROCD_CHILD_SLOT_END <= ERIX_CSPACE_SLOTS, "child ranges fit the CSpace");
_Static_assert(PROCD_OWN_SLOT_END <= ERIX_SLOT_PROCD_DRIVER, "pools, foundation slots and the "
               "inbox below the dedicated slots");
_Static_assert(PROCD_CHILD_SLOT_BASE > ERIX_SLOT_KERNEL_I8042, "child ranges above them");

static inline uint32_t procd_pool_slot(uint32_t pool)
{
    return PROCD_POOL_SLOT_BASE + pool;
}

static inline uint32_t procd_child_slot(uint32_t pool, uint32_t offset)
{
    return PROCD_CHILD_SLOT_BASE + pool * PROCD_CHILD_SLOT_STRIDE + offset;
}

/* Is `slot` one procd reserves for itself? */
static inline int procd_slot_reserved(uint32_t slot)
{
    return (slot >= PROCD_POOL_SLOT_BASE && slot < PROCD_OWN_SLOT_END) ||
           (slot >= PROCD_CHILD_SLOT_BASE && slot < PROCD_CHILD_SLOT_END);
}

/* The window of the install grant CREATE hands to its caller. */
#define PROCD_CALLER_WINDOW_BASE ERIX_PROCD_GRANT_WINDOW_BASE
#define PROCD_CALLER_WINDOW_COUNT (ERIX_CSPACE_SLOTS - ERIX_PROCD_GRANT_WINDOW_BASE)

/* ---- procd's address space -------------------------------------------------- */

#define PROCD_IMAGE_VADDR 0x100000000ull   /* image k (envelope order) at + k * stride */
#define PROCD_IMAGE_STRIDE 0x10000000ull   /* 256 MiB: the largest image frame */
#define PROCD_SCRATCH_VADDR 0x400000000ull /* lib-spawn's fill window */
#define PROCD_SCRATCH_SIZE (64ull << 20)

_Static_assert(PROCD_IMAGE_VADDR + PROCD_MAX_IMAGES * PROCD_IMAGE_STRIDE <= PROCD_SCRATCH_VADDR,
               "images below the scratch window");

/* ---- pools ------------------------------------------------------------------ */

#define PROCD_POOL_MIN_PAGES 128u    /* 512 KiB: a CNode alone is 260 KiB */
#define PROCD_POOL_MAX_PAGES 65536u  /* 256 MiB */

/* ---- exit codes (procd never exits while it serves) -------------------------- */

#define PROCD_EXIT_CONTRACT 0x21u     /* startup authority or envelope refused */
#define PROCD_EXIT_READY_REFUSED 0x22u /* rootd did not accept READY */
#define PROCD_EXIT_SERVE 0x23u        /* the receive loop failed for good */

#define PROCD_ROLE "procd"

#endif
