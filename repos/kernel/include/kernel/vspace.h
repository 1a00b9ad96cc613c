/*
 * vspace.h - address spaces: a PML4 whose user half is filled through frame
 * capabilities (each maps at most once), page tables charged to the space's
 * pool untyped, and W^X for every user mapping.
 */
#ifndef KERNEL_VSPACE_H
#define KERNEL_VSPACE_H

#include <kernel/object.h>

#define VSPACE_MAX 1024u

/*
 * Set up a VSpace object at `mem` (OBJ_VSPACE_SIZE, zeroed) whose page tables come
 * from `pool` (never NULL); NULL if the table is full.
 */
struct vspace *vspace_init(void *mem, struct untyped *origin, struct untyped *pool);
bool vspace_table_has_room(void);
struct vspace *vspace_by_handle(uint32_t index, uint32_t gen);

/* Decode half of MAP_FRAME: every check, no change. */
erix_status_t vspace_map_check(struct vspace *vs, const struct cte *frame, uint64_t vaddr,
                               uint32_t perms);
/* Invoke half (cannot fail after a successful check). */
void vspace_map(struct vspace *vs, struct cte *frame, uint64_t vaddr, uint32_t perms);

/* Page-table pages a map of `pages` pages at vaddr will add to the space. */
uint64_t vspace_tables_needed(const struct vspace *vs, uint64_t vaddr, uint64_t pages);

/* Kernel-made mapping (IPC buffer, root image, stack, handoff); tables from the pool. */
erix_status_t vspace_map_kernel(struct vspace *vs, uint64_t vaddr, uint64_t phys, uint32_t perms);

void vspace_unmap_frame(struct cte *frame);
void vspace_finalize(struct vspace *vs);

#endif
