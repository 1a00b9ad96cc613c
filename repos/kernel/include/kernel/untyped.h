/*
 * untyped.h - untyped memory: the only source of kernel objects.
 *
 * Allocation is a watermark bump; memory comes back only when the whole
 * untyped is reset, which destroys everything made from it and deletes every
 * capability to those things (revocation).
 */
#ifndef KERNEL_UNTYPED_H
#define KERNEL_UNTYPED_H

#include <kernel/object.h>

void untyped_init(struct untyped *u, uint64_t base, uint64_t size, uint32_t flags,
                  struct untyped *origin, uint32_t depth);

/* Would objects of these sizes (each aligned to min(size, 4096)) fit, in order? */
bool untyped_fits(const struct untyped *u, const uint64_t *sizes, unsigned count);

/* Carve `size` bytes (aligned to min(size, 4096)); zeroed unless device memory. */
uint64_t untyped_carve(struct untyped *u, uint64_t size);

/* Carve and zero a header object and link it into u's object list. */
void *untyped_new_object(struct untyped *u, uint64_t size, uint8_t type);

/* Destroy everything made from u and delete every capability to it; reuse u. */
void untyped_reset(struct untyped *u);

/* Reset and mark u dead (its own capability was deleted). */
void untyped_destroy(struct untyped *u);

uint64_t untyped_free_bytes(const struct untyped *u);

#endif
