/*
 * msgs.c - test-only: the message and envelope builders of msgs.h.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/elf.h>
#include <erix/layout.h>

#include "msgs.h"

static uint64_t body_buf[ERIX_IPC_MAX_BODY / 8];

struct erix_msg test_msg(uint32_t op, uint64_t badge, uint64_t token, const void *body,
                         uint16_t len)
{
    memset(body_buf, 0, sizeof body_buf);
    if (len > 0)
        memcpy(body_buf, body, len);
    return (struct erix_msg){op, 0, len, token, badge, 1, (const uint8_t *)body_buf};
}

struct erix_msg test_event(uint32_t pid, uint32_t kind, uint64_t code, uint64_t addr)
{
    struct erix_event ev = {pid, kind, code, addr, 0x401234};
    struct erix_msg m = test_msg(kind, ERIX_PROCD_BADGE_EVENT | pid, 0, &ev, sizeof ev);
    m.flags = ERIX_MSG_FLAG_KERNEL_EVENT;
    m.sender_pid = 0;
    return m;
}

static void set_role(char *dst, const char *role)
{
    memset(dst, 0, ERIX_ROLE_MAX);
    memcpy(dst, role, strnlen(role, ERIX_ROLE_MAX));
}

struct erix_procd_create_req test_create_req(const char *role, uint32_t image, uint32_t prio)
{
    struct erix_procd_create_req q;
    set_role(q.role, role);
    q.image_index = image;
    q.priority = prio;
    return q;
}

struct erix_procd_spawn_req test_spawn_req(const char *role, uint32_t image, uint32_t prio,
                                           uint64_t arg)
{
    struct erix_procd_spawn_req q;
    set_role(q.role, role);
    q.image_index = image;
    q.priority = prio;
    q.arg = arg;
    return q;
}

size_t test_envelope(uint64_t *buf, size_t cap, const char *role, uint32_t primary)
{
    struct erix_envelope_header *h;
    if (erix_envelope_layout(buf, cap, role, primary != 0, 0, &h) != ERIX_OK)
        return 0;
    if (primary != 0) {
        struct erix_envelope_cap *c = (struct erix_envelope_cap *)(h + 1);
        *c = (struct erix_envelope_cap){primary, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND,
                                        ERIX_EP_LOG, ERIX_PURPOSE_PRIMARY_CONTROL, 0, 0};
        h->primary_control_slot = primary;
    }
    return h->total_size;
}

uint16_t test_start_body(uint64_t *buf, size_t cap, uint32_t pid, const char *role,
                         uint32_t primary)
{
    size_t n = test_envelope(buf + 2, cap - 16, role, primary);
    struct erix_procd_start_req q = {pid, (uint32_t)n, primary, 0};
    memcpy(buf, &q, sizeof q);
    return (uint16_t)(sizeof q + n);
}

bool test_begin_req(struct erix_procd_loader_begin_req *q, const uint8_t *elf, size_t size,
                    uint32_t id, uint64_t arg)
{
    static const struct erix_elf_limits limits = {ERIX_USER_BASE, ERIX_USER_TOP, 256ull << 20,
                                                  ERIX_USER_STACK_MAX};
    struct erix_elf_image img;
    memset(q, 0, sizeof *q);
    if (erix_elf_parse(elf, size, &limits, &img) != ERIX_OK)
        return false;
    q->version = ERIX_PROCD_LOADER_VERSION;
    q->transfer_id = id;
    set_role(q->role, "loaded");
    q->priority = 5;
    q->segment_count = img.segment_count;
    q->source_size = size;
    q->source_hash = erix_procd_fnv1a64(ERIX_PROCD_FNV64_INIT, elf, size);
    q->entry = img.entry;
    q->stack_size = img.stack_size;
    q->arg = arg;
    for (uint32_t i = 0; i < img.segment_count; i++) {
        const struct erix_elf_segment *g = &img.segments[i];
        q->segments[i] = (struct erix_procd_loader_segment){g->vaddr, g->memsz, g->file_offset,
                                                            g->filesz, g->perms, 0};
    }
    q->plan_hash = erix_procd_loader_plan_hash(q);
    return true;
}

uint16_t test_chunk_body(uint64_t *buf, uint32_t id, uint32_t seq, const uint8_t *src,
                         uint64_t off, uint32_t len)
{
    struct erix_procd_loader_chunk_req h = {id, seq, off, len, 0};
    memcpy(buf, &h, sizeof h);
    memcpy((uint8_t *)buf + sizeof h, src + off, len);
    return (uint16_t)(sizeof h + len);
}
