/*
 * erix/arena.h - a bump allocator over memory the caller provides.
 *
 * EriX programs have no heap: a program hands the arena a buffer (a static
 * array, a mapped frame) and carves objects out of it. Nothing is freed one
 * by one; erix_arena_release rolls back to a mark, erix_arena_reset to empty.
 * Pure and single-threaded; no system calls.
 */
#ifndef ERIX_ARENA_H
#define ERIX_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct erix_arena {
    uintptr_t base; /* first byte of the caller's memory */
    size_t size;    /* bytes available from base */
    size_t used;    /* bytes handed out, padding included */
};

/* Take [mem, mem + size); mem may be NULL only with size 0. */
void erix_arena_init(struct erix_arena *a, void *mem, size_t size);

/*
 * `size` bytes aligned to `align` (a power of two; 0 means 16), or NULL when
 * they do not fit or align is not a power of two. The memory is not cleared.
 * A zero size returns the aligned current position and consumes nothing.
 */
void *erix_arena_alloc(struct erix_arena *a, size_t size, size_t align);

/* As erix_arena_alloc, cleared to zero. */
void *erix_arena_zalloc(struct erix_arena *a, size_t size, size_t align);

/* `count` objects of `size` bytes each (overflow-checked), cleared. */
void *erix_arena_array(struct erix_arena *a, size_t count, size_t size, size_t align);

/* Bytes still free (before any alignment padding). */
size_t erix_arena_remaining(const struct erix_arena *a);

/* A position to roll back to; release forgets everything allocated after it. */
size_t erix_arena_mark(const struct erix_arena *a);
void erix_arena_release(struct erix_arena *a, size_t mark);

/* Forget every allocation. */
void erix_arena_reset(struct erix_arena *a);

#endif
