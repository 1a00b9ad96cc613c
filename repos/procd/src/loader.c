/*
 * loader.c - the loader image transfer's checks and state (loader.h).
 */
#include <string.h>

#include <erix/kctl.h>
#include <erix/layout.h>

#include "loader.h"

_Static_assert(ERIX_PROCD_SEG_R == ERIX_ELF_PERM_R && ERIX_PROCD_SEG_W == ERIX_ELF_PERM_W &&
                   ERIX_PROCD_SEG_X == ERIX_ELF_PERM_X,
               "loader segment permissions are lib-elf's");

#define PAGE 4096ull
#define MAX_IMAGE_BYTES (256ull << 20) /* as lib-spawn's limit for boot images */

void procd_loader_init(struct procd_loader *l, uint8_t *buf, uint64_t cap)
{
    memset(l, 0, sizeof *l);
    l->buf = buf;
    l->cap = cap;
}

static bool zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != 0)
            return false;
    return true;
}

static erix_status_t check_header(const struct erix_procd_loader_begin_req *q)
{
    if (q->version != ERIX_PROCD_LOADER_VERSION)
        return ERIX_ERR_VERSION;
    if (q->transfer_id == 0 || q->priority > ERIX_KCTL_MAX_PRIORITY || q->segment_count == 0 ||
        q->segment_count > ERIX_PROCD_LOADER_MAX_SEGMENTS)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (!zero(&q->segments[q->segment_count],
              (ERIX_PROCD_LOADER_MAX_SEGMENTS - q->segment_count) * sizeof q->segments[0]))
        return ERIX_ERR_INVALID_ARGUMENT;
    if (q->source_size == 0 || q->source_size > ERIX_PROCD_LOADER_MAX_BYTES)
        return ERIX_ERR_LIMIT;
    return ERIX_OK;
}

static erix_status_t check_segment(const struct erix_procd_loader_segment *g, uint64_t source)
{
    const uint32_t rwx = ERIX_PROCD_SEG_R | ERIX_PROCD_SEG_W | ERIX_PROCD_SEG_X;
    if (g->reserved != 0 || (g->perms & ~rwx) != 0 || (g->perms & ERIX_PROCD_SEG_R) == 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((g->perms & ERIX_PROCD_SEG_W) != 0 && (g->perms & ERIX_PROCD_SEG_X) != 0)
        return ERIX_ERR_DENIED; /* W^X */
    if (g->memsz == 0 || g->filesz > g->memsz || g->vaddr < ERIX_USER_BASE ||
        g->vaddr > ERIX_USER_TOP || g->memsz > ERIX_USER_TOP - g->vaddr)
        return ERIX_ERR_OUT_OF_RANGE;
    if (g->file_offset > source || g->filesz > source - g->file_offset)
        return ERIX_ERR_OUT_OF_RANGE;
    return ERIX_OK;
}

static void span(const struct erix_procd_loader_segment *g, uint64_t *start, uint64_t *end)
{
    *start = g->vaddr & ~(PAGE - 1);
    *end = (g->vaddr + g->memsz + PAGE - 1) & ~(PAGE - 1);
}

static erix_status_t check_segments(const struct erix_procd_loader_begin_req *q, uint64_t *bytes)
{
    uint64_t prev_end = 0;
    *bytes = 0;
    for (uint32_t i = 0; i < q->segment_count; i++) {
        uint64_t start, end;
        erix_status_t st = check_segment(&q->segments[i], q->source_size);
        if (st != ERIX_OK)
            return st;
        span(&q->segments[i], &start, &end);
        if (start < prev_end)
            return ERIX_ERR_OVERLAP; /* out of order, or sharing a page */
        prev_end = end;
        *bytes += end - start;
    }
    return *bytes > MAX_IMAGE_BYTES ? ERIX_ERR_LIMIT : ERIX_OK;
}

static erix_status_t check_entry(const struct erix_procd_loader_begin_req *q)
{
    for (uint32_t i = 0; i < q->segment_count; i++) {
        const struct erix_procd_loader_segment *g = &q->segments[i];
        if ((g->perms & ERIX_PROCD_SEG_X) != 0 && q->entry >= g->vaddr &&
            q->entry - g->vaddr < g->filesz)
            return ERIX_OK;
    }
    return ERIX_ERR_OUT_OF_RANGE; /* outside the text */
}

static erix_status_t check_stack(const struct erix_procd_loader_begin_req *q)
{
    uint64_t size = q->stack_size != 0 ? q->stack_size : ERIX_USER_STACK_DEFAULT;
    if (size % PAGE != 0)
        return ERIX_ERR_ALIGNMENT;
    if (size > ERIX_USER_STACK_MAX)
        return ERIX_ERR_OUT_OF_RANGE;
    uint64_t bottom = ERIX_USER_STACK_TOP - size;
    for (uint32_t i = 0; i < q->segment_count; i++) {
        uint64_t start, end;
        span(&q->segments[i], &start, &end);
        if (end > bottom)
            return ERIX_ERR_OVERLAP;
    }
    return ERIX_OK;
}

static void to_image(const struct erix_procd_loader_begin_req *q, uint64_t bytes,
                     struct erix_elf_image *plan)
{
    memset(plan, 0, sizeof *plan);
    plan->entry = q->entry;
    plan->stack_size = q->stack_size;
    plan->image_bytes = bytes;
    plan->segment_count = q->segment_count;
    for (uint32_t i = 0; i < q->segment_count; i++) {
        const struct erix_procd_loader_segment *g = &q->segments[i];
        plan->segments[i] = (struct erix_elf_segment){g->vaddr, g->memsz, g->file_offset,
                                                      g->filesz, g->perms, 0};
    }
}

erix_status_t procd_loader_check_plan(const struct erix_procd_loader_begin_req *q,
                                      struct erix_elf_image *plan)
{
    uint64_t bytes;
    erix_status_t st = check_header(q);
    if (st == ERIX_OK)
        st = check_segments(q, &bytes);
    if (st == ERIX_OK)
        st = check_entry(q);
    if (st == ERIX_OK)
        st = check_stack(q);
    if (st == ERIX_OK && erix_procd_loader_plan_hash(q) != q->plan_hash)
        st = ERIX_ERR_MALFORMED;
    if (st == ERIX_OK)
        to_image(q, bytes, plan);
    return st;
}

void procd_loader_begin(struct procd_loader *l, const struct erix_procd_loader_begin_req *q,
                        const struct erix_elf_image *plan)
{
    l->active = true;
    l->id = q->transfer_id;
    l->next_sequence = 0;
    l->received = 0;
    l->begin = *q;
    l->plan = *plan;
}

erix_status_t procd_loader_check_chunk(const struct procd_loader *l,
                                       const struct erix_procd_loader_chunk_req *q)
{
    if (!l->active || q->transfer_id != l->id)
        return ERIX_ERR_NOT_FOUND;
    if (q->sequence != l->next_sequence)
        return ERIX_ERR_STATE;
    if (q->offset != l->received || q->length > l->begin.source_size - l->received ||
        l->received + q->length > l->cap)
        return ERIX_ERR_OUT_OF_RANGE;
    return ERIX_OK;
}

void procd_loader_take_chunk(struct procd_loader *l, const struct erix_procd_loader_chunk_req *q,
                             const uint8_t *bytes)
{
    memcpy(l->buf + l->received, bytes, q->length);
    l->received += q->length;
    l->next_sequence++;
}

erix_status_t procd_loader_check_commit(const struct procd_loader *l,
                                        const struct erix_procd_loader_commit_req *q)
{
    if (!l->active || q->transfer_id != l->id)
        return ERIX_ERR_NOT_FOUND;
    if (l->received != l->begin.source_size || q->chunks != l->next_sequence)
        return ERIX_ERR_TRUNCATED;
    if (q->source_hash != l->begin.source_hash ||
        erix_procd_fnv1a64(ERIX_PROCD_FNV64_INIT, l->buf, (size_t)l->received) !=
            l->begin.source_hash)
        return ERIX_ERR_MALFORMED;
    return ERIX_OK;
}

void procd_loader_end(struct procd_loader *l)
{
    l->active = false;
    l->id = 0;
    l->next_sequence = 0;
    l->received = 0;
}
