/*
 * spawn.c - staged process construction through kernel control: validate the
 * ELF (lib-elf), create the staged process from the pool, then for every
 * segment retype a zeroed frame from the pool, fill it through the caller's
 * scratch window, and map it into the child with the segment's permissions
 * (W^X holds: lib-elf refuses W+X segments and the kernel refuses such maps);
 * then the stack. On any failure the pool is reset.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/kctl.h>
#include <erix/kctl_rt.h>
#include <erix/layout.h>
#include <erix/spawn.h>

static const struct erix_elf_limits limits = {
    ERIX_USER_BASE, ERIX_USER_TOP, 256ull << 20, ERIX_USER_STACK_MAX,
};

/* Retype a frame of `bytes`, fill it (optional) through scratch, map it into the child. */
static erix_status_t place(const struct erix_spawn_env *env, uint32_t pool, uint32_t slot,
                           uint32_t vspace, uint64_t vaddr, uint64_t bytes, uint32_t perms,
                           const uint8_t *data, uint64_t data_off, uint64_t data_len)
{
    erix_status_t st = erix_kctl_retype_frame(env->kctl, pool, slot, (uint32_t)(bytes / 4096));
    if (st != ERIX_OK)
        return st;
    if (data_len > 0) {
        st = erix_kctl_map_frame(env->kctl, env->self_vspace, slot, env->scratch_vaddr,
                                 ERIX_MAP_READ | ERIX_MAP_WRITE);
        if (st != ERIX_OK)
            return st;
        memcpy((uint8_t *)(uintptr_t)env->scratch_vaddr + data_off, data, data_len);
        if ((st = erix_kctl_unmap_frame(env->kctl, slot)) != ERIX_OK)
            return st;
    }
    return erix_kctl_map_frame(env->kctl, vspace, slot, vaddr, perms);
}

static erix_status_t place_segments(const struct erix_spawn_env *env, uint32_t pool,
                                    const struct erix_elf_image *img, const uint8_t *file,
                                    uint32_t slot_base, uint32_t vspace)
{
    for (uint32_t i = 0; i < img->segment_count; i++) {
        const struct erix_elf_segment *s = &img->segments[i];
        uint64_t start, end;
        erix_elf_segment_span(s, &start, &end);
        if (end - start > env->scratch_size)
            return ERIX_ERR_LIMIT;
        erix_status_t st = place(env, pool, slot_base + 2 + i, vspace, start, end - start,
                                 erix_spawn_map_perms(s->perms), file + s->file_offset, s->vaddr - start,
                                 s->filesz);
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

static erix_status_t build(const struct erix_spawn_env *env, uint32_t pool, const uint8_t *file,
                           const struct erix_elf_image *img, uint32_t slot_base,
                           struct erix_spawn_result *r)
{
    erix_status_t st = place_segments(env, pool, img, file, slot_base, r->vspace_slot);
    if (st != ERIX_OK)
        return st;
    r->stack_size = img->stack_size != 0 ? img->stack_size : ERIX_USER_STACK_DEFAULT;
    r->stack_size = (r->stack_size + 4095) & ~4095ull;
    r->stack_top = ERIX_USER_STACK_TOP;
    r->entry = img->entry;
    r->slots_used = 2 + img->segment_count + 1;
    return place(env, pool, slot_base + 2 + img->segment_count, r->vspace_slot,
                 r->stack_top - r->stack_size, r->stack_size, ERIX_MAP_READ | ERIX_MAP_WRITE,
                 NULL, 0, 0);
}

erix_status_t erix_spawn_create(const struct erix_spawn_env *env, uint32_t pool_slot,
                                const void *elf, uint64_t size, uint32_t priority,
                                uint32_t slot_base, struct erix_spawn_result *out)
{
    struct erix_elf_image img;
    if (env == NULL || elf == NULL || out == NULL || slot_base == 0 ||
        slot_base + ERIX_SPAWN_SLOTS > ERIX_CSPACE_SLOTS)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = erix_elf_parse(elf, size, &limits, &img);
    if (st != ERIX_OK)
        return st;
    struct erix_spawn_result r = {slot_base, slot_base + 1, 0, 0, 0, 0, 0};
    if ((st = erix_kctl_create_process(env->kctl, pool_slot, slot_base, priority, &r.pid)) !=
        ERIX_OK)
        return st;
    st = build(env, pool_slot, elf, &img, slot_base, &r);
    if (st != ERIX_OK) {
        (void)erix_kctl_untyped_reset(env->kctl, pool_slot); /* nothing stays behind */
        return st;
    }
    *out = r;
    return ERIX_OK;
}

erix_status_t erix_spawn_start(const struct erix_spawn_env *env,
                               const struct erix_spawn_result *child, uint64_t a0, uint64_t a1,
                               uint64_t a2)
{
    return erix_kctl_start(env->kctl, child->tcb_slot, child->entry, child->stack_top, a0, a1,
                           a2);
}

erix_status_t erix_spawn_destroy(const struct erix_spawn_env *env, uint32_t pool_slot)
{
    return erix_kctl_untyped_reset(env->kctl, pool_slot);
}

erix_status_t erix_spawn_map_image(const struct erix_spawn_env *env, uint32_t frame_slot,
                                   uint64_t vaddr)
{
    return erix_kctl_map_frame(env->kctl, env->self_vspace, frame_slot, vaddr, ERIX_MAP_READ);
}

erix_status_t erix_spawn_place_data(const struct erix_spawn_env *env, uint32_t pool_slot,
                                    const struct erix_spawn_result *child, uint32_t frame_slot,
                                    uint64_t vaddr, const void *data, uint64_t len,
                                    uint32_t perms)
{
    uint64_t bytes = (len + 4095) & ~4095ull;
    if (env == NULL || child == NULL || data == NULL || len == 0 || len > (64u << 10) ||
        bytes > env->scratch_size)
        return ERIX_ERR_INVALID_ARGUMENT;
    return place(env, pool_slot, frame_slot, child->vspace_slot, vaddr, bytes, perms, data, 0,
                 len);
}
