/* usercopy.c - user memory access through page-table walks and the physmap. */
#include <string.h>

#include <kernel/usercopy.h>

typedef void (*chunk_fn)(void *kernel, uint8_t *user_phys_virt, uint64_t n);

static void copy_from(void *k, uint8_t *u, uint64_t n)
{
    memcpy(k, u, n);
}

static void copy_to(void *k, uint8_t *u, uint64_t n)
{
    memcpy(u, k, n);
}

/* Check every page first (nothing is touched unless all pass), then copy. */
static erix_status_t walk(struct vspace *vs, uint64_t uaddr, uint8_t *kbuf, uint64_t len,
                          uint32_t need, chunk_fn fn)
{
    if (vs == NULL || uaddr + len < uaddr)
        return ERIX_ERR_OUT_OF_RANGE;
    for (int pass = 0; pass < 2; pass++) {
        for (uint64_t done = 0; done < len;) {
            uint64_t va = uaddr + done, pa;
            uint32_t perms;
            if (!arch_lookup_page(vs->root, va & ~4095ull, &pa, &perms) ||
                (perms & need) != need || (perms & ARCH_MAP_DEVICE) != 0)
                return ERIX_ERR_OUT_OF_RANGE;
            uint64_t n = 4096 - (va & 4095);
            if (n > len - done)
                n = len - done;
            if (pass == 1)
                fn(kbuf + done, (uint8_t *)arch_phys_to_virt(pa) + (va & 4095), n);
            done += n;
        }
    }
    return ERIX_OK;
}

erix_status_t user_copy_in(struct vspace *vs, uint64_t uaddr, void *dst, uint64_t len)
{
    return walk(vs, uaddr, dst, len, ARCH_MAP_READ, copy_from);
}

erix_status_t user_copy_out(struct vspace *vs, uint64_t uaddr, const void *src, uint64_t len)
{
    return walk(vs, uaddr, (uint8_t *)(uintptr_t)src, len, ARCH_MAP_WRITE, copy_to);
}

erix_status_t user_fill_anon(struct vspace *vs, uint64_t uaddr, const void *src, uint64_t len)
{
    return walk(vs, uaddr, (uint8_t *)(uintptr_t)src, len, ARCH_MAP_ANON, copy_to);
}
