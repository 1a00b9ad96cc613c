/*
 * kctl_memory.c - typed kernel-control calls on capabilities and memory:
 * QUERY_CAP, CAP_COPY_ATTENUATED, CREATE_ENDPOINT, the retypes, UNTYPED_RESET,
 * MAP/UNMAP_FRAME, WRITE_PROCESS_MEMORY (chunked), DERIVE_PCI_BAR_DEVICE_FRAME
 * and the framebuffer. Each builds the op's request struct with reserved
 * fields zero and checks the response length.
 */
#include <string.h>

#include <erix/caps.h>

#include "kctl_call.h"

#define REQ(r) (&(r)), (uint16_t)sizeof(r)

erix_status_t erix_kctl_query_cap(uint32_t ep, uint32_t slot, uint32_t flags,
                                  struct erix_kctl_query_cap_resp *out)
{
    struct erix_kctl_query_cap_req r = {.slot = slot, .flags = flags};
    return erix_rt_kctl(ep, ERIX_KCTL_QUERY_CAP, REQ(r), out, sizeof *out);
}

erix_status_t erix_kctl_copy(uint32_t ep, uint32_t src, uint32_t dest, uint32_t rights_mask,
                             uint64_t badge)
{
    struct erix_kctl_copy_req r = {
        .src_slot = src, .dest_slot = dest, .rights_mask = rights_mask, .badge = badge};
    return erix_rt_kctl_loose(ep, ERIX_KCTL_CAP_COPY_ATTENUATED, REQ(r), NULL, 0);
}

static erix_status_t retype(uint32_t ep, uint32_t op, uint32_t untyped_slot, uint32_t dest_slot,
                            uint32_t type, uint32_t pages)
{
    struct erix_kctl_retype_req r = {
        .untyped_slot = untyped_slot, .dest_slot = dest_slot, .type = type, .pages = pages};
    return erix_rt_kctl_loose(ep, op, REQ(r), NULL, 0);
}

erix_status_t erix_kctl_create_endpoint(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot)
{
    return retype(ep, ERIX_KCTL_CREATE_ENDPOINT, untyped_slot, dest_slot, 0, 0);
}

erix_status_t erix_kctl_retype_frame(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                     uint32_t pages)
{
    return retype(ep, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, untyped_slot, dest_slot, 0, pages);
}

erix_status_t erix_kctl_retype_untyped(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                       uint32_t pages)
{
    return retype(ep, ERIX_KCTL_RETYPE_UNTYPED, untyped_slot, dest_slot, ERIX_CAP_UNTYPED, pages);
}

erix_status_t erix_kctl_untyped_reset(uint32_t ep, uint32_t untyped_slot)
{
    return erix_rt_kctl_slot(ep, ERIX_KCTL_UNTYPED_RESET, untyped_slot, 0);
}

erix_status_t erix_kctl_map_frame(uint32_t ep, uint32_t vspace_slot, uint32_t frame_slot,
                                  uint64_t vaddr, uint32_t perms)
{
    struct erix_kctl_map_req r = {
        .vspace_slot = vspace_slot, .frame_slot = frame_slot, .vaddr = vaddr, .perms = perms};
    return erix_rt_kctl_loose(ep, ERIX_KCTL_MAP_FRAME, REQ(r), NULL, 0);
}

erix_status_t erix_kctl_unmap_frame(uint32_t ep, uint32_t frame_slot)
{
    return erix_rt_kctl_slot(ep, ERIX_KCTL_UNMAP_FRAME, frame_slot, 0);
}

/* One WRITE_PROCESS_MEMORY request: the header struct, then the bytes. */
static erix_status_t write_chunk(uint32_t ep, uint32_t tcb_slot, uint64_t vaddr,
                                 const uint8_t *data, uint32_t len)
{
    uint8_t req[sizeof(struct erix_kctl_write_mem_req) + ERIX_KCTL_WRITE_MEM_MAX];
    struct erix_kctl_write_mem_req h = {.tcb_slot = tcb_slot, .length = len, .vaddr = vaddr};
    memcpy(req, &h, sizeof h);
    memcpy(req + sizeof h, data, len);
    return erix_rt_kctl_loose(ep, ERIX_KCTL_WRITE_PROCESS_MEMORY, req,
                              (uint16_t)(sizeof h + len), NULL, 0);
}

erix_status_t erix_kctl_write_memory(uint32_t ep, uint32_t tcb_slot, uint64_t vaddr,
                                     const void *data, size_t len)
{
    const uint8_t *p = data;
    if (len > 0 && data == NULL)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (len > UINT64_MAX - vaddr)
        return ERIX_ERR_OUT_OF_RANGE;
    while (len > 0) {
        uint32_t n = len < ERIX_KCTL_WRITE_MEM_MAX ? (uint32_t)len : ERIX_KCTL_WRITE_MEM_MAX;
        erix_status_t st = write_chunk(ep, tcb_slot, vaddr, p, n);
        if (st != ERIX_OK)
            return st;
        vaddr += n;
        p += n;
        len -= n;
    }
    return ERIX_OK;
}

erix_status_t erix_kctl_derive_bar(uint32_t ep, uint8_t bus, uint8_t device, uint8_t function,
                                   uint8_t bar, uint32_t dest_slot, uint64_t *base,
                                   uint64_t *size)
{
    struct erix_kctl_pci_req r = {
        .bus = bus, .device = device, .function = function, .bar = bar, .dest_slot = dest_slot};
    uint64_t out[2];
    erix_status_t st = erix_rt_kctl_loose(ep, ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, REQ(r), out,
                                          sizeof out);
    if (st == ERIX_OK && base != NULL)
        *base = out[0];
    if (st == ERIX_OK && size != NULL)
        *size = out[1];
    return st;
}

erix_status_t erix_kctl_fb_query(uint32_t ep, struct erix_kctl_fb_resp *out)
{
    return erix_rt_kctl(ep, ERIX_KCTL_FB_QUERY, NULL, 0, out, sizeof *out);
}

erix_status_t erix_kctl_fb_map(uint32_t ep, uint32_t dest_slot)
{
    return erix_rt_kctl_slot(ep, ERIX_KCTL_FB_MAP, dest_slot, 0);
}
