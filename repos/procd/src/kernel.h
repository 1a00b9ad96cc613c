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

#include <stdbool.h>
#include <stdint.h>

#include <erix/elf.h>
#include <erix/status.h>
#include <erix/sys.h>

/* The startup capabilities the kernel-facing side works with, and the window
 * of procd's own address space it fills frames through. */
struct pk_config {
    uint32_t kctl;          /* the PROCESS family endpoint (2288) */
    uint32_t service;       /* procd's own endpoint (2112), SEND|RECV|GRANT, unbadged */
    uint32_t pool;          /* UNTYPED_POOL */
    uint32_t self_vspace;   /* SELF_VSPACE */
    uint64_t scratch_vaddr; /* PROCD_SCRATCH_VADDR (tests: a host buffer) */
    uint64_t scratch_size;
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

/* RESTAGE_PROCESS: a child whose run ended goes back to STAGED (its CSpace,
 * address space and envelope stay); then every writable segment of `elf` (the
 * image it was built from) is refilled from the image and zeroed past its
 * file bytes, and the stack is zeroed, so a START runs it as new. */
erix_status_t pk_child_restage(uint32_t pool, const void *elf, uint64_t size);

/*
 * Build a staged child in pool i from a loader plan and its source bytes:
 * CREATE_STAGED_PROCESS, then per segment a frame from the pool, filled
 * through the scratch window (file bytes copied, the rest zeroed), mapped with
 * the segment's permissions; then the stack. The same slots as
 * pk_child_create, so wiring, starting and destroying are the same. With
 * fault hooks built in, fault_step (ERIX_PROCD_LOADER_FAULT_AFTER_CHILD_CREATE
 * .. _MID_COPY) fails that step with ERIX_ERR_INTERNAL. On failure the caller
 * resets the pool.
 */
erix_status_t pk_loader_build(uint32_t pool, const struct erix_elf_image *plan,
                              const uint8_t *bytes, uint32_t priority, uint32_t fault_step,
                              uint32_t *pid);

/* The kernel's monotonic clock in nanoseconds (READ_MONOTONIC_CLOCK). */
uint64_t pk_clock_ns(void);

/* Bytes retyped so far from pool i (its untyped's watermark; 0 after a reset). */
erix_status_t pk_pool_usage(uint32_t pool, uint64_t *bytes);

/* QUERY_LOCAL_CAP of one of procd's slots; ERIX_ERR_EMPTY_SLOT when empty. */
erix_status_t pk_cap_info(uint32_t slot, struct erix_cap_info *out);

/* Copy procd's capability in `from` to the empty slot `to` with at most
 * `rights` (CAP_COPY_ATTENUATED). */
erix_status_t pk_cap_copy(uint32_t from, uint32_t to, uint32_t rights);

/* Empty one of procd's slots. */
erix_status_t pk_cap_drop(uint32_t slot);

/* Answer a kept call: header op = status, then the body. */
erix_status_t pk_reply(uint64_t token, uint32_t status, const void *body, uint16_t len);

/* Answer CREATE_STAGED_PROCESS with ERIX_OK, the body and the transfer table:
 * [0] the child's service endpoint (SEND|GRANT, copied), [1] the caller's
 * install grant (moved). */
erix_status_t pk_reply_create(uint64_t token, uint32_t pool, const void *body, uint16_t len);

/* One log line. */
void pk_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
