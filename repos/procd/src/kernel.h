/*
 * kernel.h - the seam between procd's portable logic and the kernel.
 *
 * Everything procd asks of the kernel goes through these functions: building,
 * wiring, starting, stopping and destroying children, answering callers and
 * writing log lines. kernel.c implements them with lib-rt and lib-spawn on
 * EriX; the host tests link a scripted fake in their place
 * (tests/fake_seam.c), so every state transition and every cleanup path of
 * the server is tested without a kernel.
 *
 * Children are named by their pool index i: pool i is the child untyped the
 * child is built in, and child slot range i (procd_config.h) holds procd's
 * capabilities to it. Every object of the child derives from pool i, so
 * pk_pool_reset(i) destroys the child completely.
 */
#ifndef PROCD_KERNEL_H
#define PROCD_KERNEL_H

#include <stdint.h>

#include <erix/status.h>

/* The startup capabilities the kernel-facing side works with. */
struct pk_config {
    uint32_t kctl;        /* the PROCESS family endpoint (2288) */
    uint32_t service;     /* procd's own endpoint (2112), SEND|RECV|GRANT, unbadged */
    uint32_t pool;        /* UNTYPED_POOL */
    uint32_t self_vspace; /* SELF_VSPACE */
};

void pk_init(const struct pk_config *c);

/* Map a boot image frame read-only in procd's space. */
erix_status_t pk_map_image(uint32_t frame_slot, uint64_t vaddr);

/* Retype pool i (`pages` pages) from UNTYPED_POOL. */
erix_status_t pk_pool_create(uint32_t pool, uint32_t pages);

/* UNTYPED_RESET of pool i: the child built in it is gone, everything of it. */
erix_status_t pk_pool_reset(uint32_t pool);

/* Build a staged child from an ELF image in pool i (lib-spawn); *pid is the
 * kernel's process id. */
erix_status_t pk_child_create(uint32_t pool, const void *elf, uint64_t size, uint32_t priority,
                              uint32_t *pid);

/*
 * Give the staged child its procd-made slots through a one-off install grant:
 * with_service: a fresh endpoint from its pool at ERIX_PROCD_CHILD_SERVICE_SLOT
 * (SEND|RECV); always: procd's endpoint badged ERIX_PROCD_BADGE_EVENT | pid
 * (SEND) at ERIX_PROCD_CHILD_EVENT_SLOT, registered as its fault endpoint.
 */
erix_status_t pk_child_wire(uint32_t pool, uint32_t pid, int with_service);

/* Derive the install grant for the caller: child slots 32..4095. */
erix_status_t pk_child_grant(uint32_t pool);

/* How many install grants of the staged child are still alive. */
erix_status_t pk_child_live_grants(uint32_t pool, uint32_t *grants);

/* Place `len` envelope bytes read-only at ERIX_ENVELOPE_VADDR (len 0: none)
 * and start the child with rdi, rsi, rdx = a0, a1, a2. */
erix_status_t pk_child_start(uint32_t pool, const void *envelope, uint32_t len, uint64_t a0,
                             uint64_t a1, uint64_t a2);

/* KILL_PROCESS: the child stops and its STOPPED event comes to procd. */
erix_status_t pk_child_kill(uint32_t pool, uint32_t reason);

/* ABORT_STAGED_PROCESS: a child that never started stops for good. */
erix_status_t pk_child_abort(uint32_t pool);

/* Answer a kept call: header op = status, then the body. */
erix_status_t pk_reply(uint64_t token, uint32_t status, const void *body, uint16_t len);

/* Answer CREATE_STAGED_PROCESS with ERIX_OK, the body and the transfer table:
 * [0] the child's service endpoint (SEND|GRANT, copied), [1] the caller's
 * install grant (moved). */
erix_status_t pk_reply_create(uint64_t token, uint32_t pool, const void *body, uint16_t len);

/* One log line. */
void pk_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
