/* mb2_builder.h - builds multiboot2 information blocks for the parser tests. */
#ifndef MB2_BUILDER_H
#define MB2_BUILDER_H

#include <stdint.h>
#include <string.h>

struct mb2 {
    _Alignas(8) uint8_t buf[16384];
    size_t len;
};

static inline void mb2_put32(struct mb2 *b, size_t off, uint32_t v)
{
    memcpy(b->buf + off, &v, 4);
}

static inline void mb2_begin(struct mb2 *b)
{
    memset(b, 0, sizeof *b);
    b->len = 8;
}

/* Append a tag with `body` of `n` bytes; returns the tag's offset. */
static inline size_t mb2_tag(struct mb2 *b, uint32_t type, const void *body, size_t n)
{
    size_t off = b->len;
    mb2_put32(b, off, type);
    mb2_put32(b, off + 4, (uint32_t)(8 + n));
    if (n > 0)
        memcpy(b->buf + off + 8, body, n);
    b->len = (off + 8 + n + 7) & ~(size_t)7;
    return off;
}

static inline void mb2_string(struct mb2 *b, uint32_t type, const char *s)
{
    mb2_tag(b, type, s, strlen(s) + 1);
}

static inline void mb2_module(struct mb2 *b, uint32_t start, uint32_t end, const char *name)
{
    uint8_t body[128];
    memcpy(body, &start, 4);
    memcpy(body + 4, &end, 4);
    size_t n = strlen(name) + 1;
    memcpy(body + 8, name, n);
    mb2_tag(b, 3, body, 8 + n);
}

struct mb2_mmap_entry {
    uint64_t base, len;
    uint32_t type, reserved;
};

static inline void mb2_mmap(struct mb2 *b, const struct mb2_mmap_entry *e, size_t count)
{
    uint8_t body[8 + 64 * 24];
    uint32_t size = 24, version = 0;
    memcpy(body, &size, 4);
    memcpy(body + 4, &version, 4);
    memcpy(body + 8, e, count * 24);
    mb2_tag(b, 6, body, 8 + count * 24);
}

struct efi_desc {
    uint32_t type, pad;
    uint64_t phys, virt, pages, attr;
};

static inline void mb2_efi_mmap(struct mb2 *b, const struct efi_desc *d, size_t count)
{
    uint8_t body[8 + 64 * 48];
    uint32_t size = 48, version = 1;
    memcpy(body, &size, 4);
    memcpy(body + 4, &version, 4);
    for (size_t i = 0; i < count; i++)
        memcpy(body + 8 + i * 48, &d[i], sizeof d[i]);
    mb2_tag(b, 17, body, 8 + count * 48);
}

static inline void mb2_end(struct mb2 *b)
{
    mb2_tag(b, 0, NULL, 0);
    mb2_put32(b, 0, (uint32_t)b->len);
}

#endif
