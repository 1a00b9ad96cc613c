/*
 * erix/handoff.h - the kernel -> root handoff: what the root task receives.
 *
 * The kernel builds it in pages mapped read-only at ERIX_HANDOFF_VADDR and
 * enters rootd with rdi = its address, rsi = its size, rdx = the root endpoint
 * slot. It lists the root task's memory (untyped capabilities), the boot
 * modules (with the slot of each one's read-only image frame), every slot the
 * kernel installed in the root CSpace, and platform facts. The kernel checks
 * what it built with erix_handoff_validate(), the same function rootd uses.
 */
#ifndef ERIX_HANDOFF_H
#define ERIX_HANDOFF_H

#include <stddef.h>
#include <stdint.h>

#include <erix/status.h>

#define ERIX_HANDOFF_MAGIC "ERIXHOFF"
#define ERIX_HANDOFF_VERSION 1u
#define ERIX_HANDOFF_NAME_MAX 48u
#define ERIX_HANDOFF_CMDLINE_MAX 256u

#define ERIX_HANDOFF_FLAG_ROOT_ENDPOINT 0x1u /* test build: slot 5 is ROOT */
#define ERIX_HANDOFF_FLAG_DEBUG_EXIT 0x2u    /* scenario build */
#define ERIX_HANDOFF_FLAGS_KNOWN 0x3u

#define ERIX_HANDOFF_UNTYPED_DEVICE 0x1u

struct erix_handoff_framebuffer {
    uint64_t phys;
    uint32_t width;
    uint32_t height;
    uint32_t pitch;
    uint8_t bpp;
    uint8_t type;
    uint16_t present;
};

struct erix_handoff_header {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint32_t total_size;
    uint32_t flags;
    uint64_t usable_bytes;       /* RAM the memory map reported usable */
    uint32_t untyped_count;
    uint32_t untyped_offset;
    uint32_t module_count;
    uint32_t module_offset;
    uint32_t slot_count;
    uint32_t slot_offset;
    uint32_t platform_caps;      /* ERIX_PLATFORM_* (erix/kctl.h) */
    uint32_t rsdp_revision;      /* 0: none; 1: ACPI 1.0; 2: ACPI 2.0+ */
    uint64_t rsdp_phys;
    struct erix_handoff_framebuffer fb;
    uint32_t root_endpoint_slot; /* the slot passed in rdx */
    uint32_t reserved;
    char cmdline[ERIX_HANDOFF_CMDLINE_MAX];
};

struct erix_handoff_untyped {
    uint64_t phys;
    uint64_t size;
    uint32_t slot;
    uint32_t flags; /* ERIX_HANDOFF_UNTYPED_DEVICE */
};

struct erix_handoff_module {
    uint64_t phys;
    uint64_t size;
    uint32_t frame_slot; /* read-only frame covering the module's pages */
    uint32_t reserved;
    char name[ERIX_HANDOFF_NAME_MAX];
};

struct erix_handoff_slot {
    uint32_t slot;
    uint8_t cap_type;
    uint8_t rights;
    uint8_t endpoint_kind;
    uint8_t reserved;
};

_Static_assert(sizeof(struct erix_handoff_framebuffer) == 24, "framebuffer");
_Static_assert(sizeof(struct erix_handoff_header) == 360, "handoff header");
_Static_assert(offsetof(struct erix_handoff_header, fb) == 72, "fb offset");
_Static_assert(offsetof(struct erix_handoff_header, cmdline) == 104, "cmdline offset");
_Static_assert(sizeof(struct erix_handoff_untyped) == 24, "untyped entry");
_Static_assert(sizeof(struct erix_handoff_module) == 72, "module entry");
_Static_assert(sizeof(struct erix_handoff_slot) == 8, "slot entry");

/* Pointers into a validated (or freshly laid out) handoff. */
struct erix_handoff_view {
    const struct erix_handoff_header *header;
    const struct erix_handoff_untyped *untyped;
    const struct erix_handoff_module *modules;
    const struct erix_handoff_slot *slots;
};

/* Bytes a handoff with these counts needs. */
size_t erix_handoff_size(uint32_t untyped, uint32_t modules, uint32_t slots);

/*
 * Lay out an empty handoff in `buf` (8-byte aligned, zeroed here): header with
 * magic, version, sizes and array offsets. The builder then fills the arrays
 * and facts through the returned mutable pointers.
 */
erix_status_t erix_handoff_layout(void *buf, size_t cap, uint32_t untyped, uint32_t modules,
                                  uint32_t slots, struct erix_handoff_header **header);

/* Strict check of a received handoff; fills `view` only on success. */
erix_status_t erix_handoff_validate(const void *buf, size_t size, struct erix_handoff_view *view);

/* The inventory entry for `slot`, or NULL. */
const struct erix_handoff_slot *erix_handoff_find_slot(const struct erix_handoff_view *view,
                                                       uint32_t slot);

#endif
