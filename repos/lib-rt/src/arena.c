/*
 * arena.c - the bump allocator: carve aligned blocks out of one caller-owned
 * buffer, roll back to a mark, reset. Every size computation is checked
 * against overflow before it is used. Pure.
 */
#include <stdbool.h>
#include <string.h>

#include <erix/arena.h>

#define ARENA_DEFAULT_ALIGN 16u

void erix_arena_init(struct erix_arena *a, void *mem, size_t size)
{
    a->base = (uintptr_t)mem;
    a->size = mem != NULL ? size : 0;
    a->used = 0;
}

/* The offset of the first byte at or after `used` aligned to `align`, if it fits. */
static bool aligned_offset(const struct erix_arena *a, size_t align, size_t *off)
{
    uintptr_t here = a->base + a->used;
    size_t pad = (size_t)((align - (here & (align - 1))) & (align - 1));
    if (pad > a->size - a->used)
        return false;
    *off = a->used + pad;
    return true;
}

void *erix_arena_alloc(struct erix_arena *a, size_t size, size_t align)
{
    size_t off;
    if (align == 0)
        align = ARENA_DEFAULT_ALIGN;
    if ((align & (align - 1)) != 0 || !aligned_offset(a, align, &off))
        return NULL;
    if (size > a->size - off)
        return NULL;
    a->used = off + size;
    return (void *)(a->base + off);
}

void *erix_arena_zalloc(struct erix_arena *a, size_t size, size_t align)
{
    void *p = erix_arena_alloc(a, size, align);
    if (p != NULL && size > 0)
        memset(p, 0, size);
    return p;
}

void *erix_arena_array(struct erix_arena *a, size_t count, size_t size, size_t align)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    return erix_arena_zalloc(a, count * size, align);
}

size_t erix_arena_remaining(const struct erix_arena *a)
{
    return a->size - a->used;
}

size_t erix_arena_mark(const struct erix_arena *a)
{
    return a->used;
}

void erix_arena_release(struct erix_arena *a, size_t mark)
{
    if (mark <= a->used)
        a->used = mark;
}

void erix_arena_reset(struct erix_arena *a)
{
    a->used = 0;
}
