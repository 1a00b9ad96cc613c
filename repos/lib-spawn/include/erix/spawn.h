/*
 * erix/spawn.h - building a staged process from an ELF image.
 *
 * The caller supplies a kernel-control endpoint that allows process and memory
 * operations (the PROCESS family, or ROOT in tests), its own VSpace capability
 * and a free scratch window in its address space, a pool untyped for the child
 * (every object of the child comes from it, so UNTYPED_RESET of the pool
 * destroys the child completely), the image bytes, and a range of free slots.
 * erix_spawn_create leaves a STAGED child: the caller installs its startup
 * capabilities (install grants), registers its fault endpoint and starts it
 * with erix_spawn_start. Any failure resets the pool: nothing is left behind.
 */
#ifndef ERIX_SPAWN_H
#define ERIX_SPAWN_H

#include <stdint.h>

#include <erix/elf.h>
#include <erix/kctl.h>
#include <erix/status.h>

/* MAP_FRAME permissions (ERIX_MAP_*) for a segment's ELF permissions (ERIX_ELF_PERM_*). */
static inline uint32_t erix_spawn_map_perms(uint32_t elf_perms)
{
    uint32_t p = ERIX_MAP_READ;
    if (elf_perms & ERIX_ELF_PERM_W)
        p |= ERIX_MAP_WRITE;
    if (elf_perms & ERIX_ELF_PERM_X)
        p |= ERIX_MAP_EXEC;
    return p;
}

#define ERIX_SPAWN_SLOTS (2u + ERIX_ELF_MAX_SEGMENTS + 1u) /* TCB, VSpace, frames, stack */

struct erix_spawn_env {
    uint32_t kctl;          /* PROCESS (or ROOT) family endpoint slot */
    uint32_t self_vspace;   /* the caller's own VSpace capability */
    uint64_t scratch_vaddr; /* free, page-aligned window in the caller's space */
    uint64_t scratch_size;  /* at least the largest segment span */
};

struct erix_spawn_result {
    uint32_t tcb_slot;      /* caller slot of the child's TCB capability */
    uint32_t vspace_slot;   /* caller slot of the child's VSpace capability */
    uint32_t pid;
    uint32_t slots_used;    /* from slot_base, all derived from the pool */
    uint64_t entry;
    uint64_t stack_top;
    uint64_t stack_size;
};

/*
 * Create a staged child from `elf`/`size` with `priority`, using caller slots
 * slot_base .. slot_base + ERIX_SPAWN_SLOTS - 1 (they must be empty).
 */
erix_status_t erix_spawn_create(const struct erix_spawn_env *env, uint32_t pool_slot,
                                const void *elf, uint64_t size, uint32_t priority,
                                uint32_t slot_base, struct erix_spawn_result *out);

/* Start a staged child at its entry with the three startup arguments. */
erix_status_t erix_spawn_start(const struct erix_spawn_env *env,
                               const struct erix_spawn_result *child, uint64_t a0, uint64_t a1,
                               uint64_t a2);

/* Destroy everything made from the pool (the child included). */
erix_status_t erix_spawn_destroy(const struct erix_spawn_env *env, uint32_t pool_slot);

/*
 * Place `len` bytes of `data` (<= 64 KiB) in a fresh frame from the child's pool
 * (caller slot `frame_slot`, empty) and map it into the staged child at `vaddr`
 * with `perms` (ERIX_MAP_*): the startup envelope, for one.
 */
erix_status_t erix_spawn_place_data(const struct erix_spawn_env *env, uint32_t pool_slot,
                                    const struct erix_spawn_result *child, uint32_t frame_slot,
                                    uint64_t vaddr, const void *data, uint64_t len,
                                    uint32_t perms);

/*
 * Map an image frame capability (a boot module) read-only at `vaddr` in the
 * caller's space so its bytes can be handed to erix_spawn_create.
 */
erix_status_t erix_spawn_map_image(const struct erix_spawn_env *env, uint32_t frame_slot,
                                   uint64_t vaddr);

#endif
