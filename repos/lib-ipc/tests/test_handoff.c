/* test_handoff.c - handoff layout, roundtrip, and every refusal of the validator. */
#include <erix/caps.h>
#include <erix/handoff.h>

#include "erix_test.h"
#include <string.h>

static _Alignas(8) uint8_t buf[16384];
static struct erix_handoff_header *h;
static struct erix_handoff_untyped *ut;
static struct erix_handoff_module *mods;
static struct erix_handoff_slot *slots;
static struct erix_handoff_view view;

static void build(void)
{
    ERIX_CHECK_EQ(erix_handoff_layout(buf, sizeof buf, 2, 2, 6, &h), ERIX_OK);
    ut = (void *)(buf + h->untyped_offset);
    mods = (void *)(buf + h->module_offset);
    slots = (void *)(buf + h->slot_offset);
    h->usable_bytes = 128u << 20;
    h->rsdp_revision = 2;
    h->rsdp_phys = 0xf5000;
    strcpy(h->cmdline, "erix.root=rootd");
    ut[0] = (struct erix_handoff_untyped){0x400000, 0x100000, 64, 0};
    ut[1] = (struct erix_handoff_untyped){0xc0000000, 0x1000000, 65, ERIX_HANDOFF_UNTYPED_DEVICE};
    mods[0] = (struct erix_handoff_module){0x300000, 0x1234, 320, 0, "rootd"};
    mods[1] = (struct erix_handoff_module){0x310000, 0x100, 321, 0, "bootconfig"};
    slots[0] = (struct erix_handoff_slot){ERIX_SLOT_SELF_TCB, ERIX_CAP_TCB, 0x1f, 0, 0};
    slots[1] = (struct erix_handoff_slot){64, ERIX_CAP_UNTYPED, 0x1f, 0, 0};
    slots[2] = (struct erix_handoff_slot){65, ERIX_CAP_UNTYPED, 0x1f, 0, 0};
    slots[3] = (struct erix_handoff_slot){320, ERIX_CAP_FRAME, ERIX_RIGHT_READ, 0, 0};
    slots[4] = (struct erix_handoff_slot){321, ERIX_CAP_FRAME, ERIX_RIGHT_READ, 0, 0};
    slots[5] = (struct erix_handoff_slot){2272, ERIX_CAP_ENDPOINT, 0x1f, ERIX_EP_LOG, 0};
    h->root_endpoint_slot = 2272;
}

static erix_status_t check(void)
{
    return erix_handoff_validate(buf, h->total_size, &view);
}

static void roundtrip(void)
{
    build();
    ERIX_CHECK_EQ(h->total_size, erix_handoff_size(2, 2, 6));
    ERIX_CHECK_EQ(check(), ERIX_OK);
    ERIX_CHECK(view.header == (void *)buf);
    ERIX_CHECK(strcmp(view.modules[1].name, "bootconfig") == 0);
    ERIX_CHECK_EQ(view.untyped[1].flags, ERIX_HANDOFF_UNTYPED_DEVICE);
    ERIX_CHECK(erix_handoff_find_slot(&view, 2272) == &view.slots[5]);
    ERIX_CHECK(erix_handoff_find_slot(&view, 2273) == NULL);
    ERIX_CHECK(erix_handoff_find_slot(&view, 1) == &view.slots[0]);
}

static void layout_refusals(void)
{
    struct erix_handoff_header *x;
    ERIX_CHECK_EQ(erix_handoff_layout(buf, 100, 1, 1, 1, &x), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(erix_handoff_layout(buf + 1, sizeof buf - 1, 1, 1, 1, &x),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_handoff_layout(buf, sizeof buf, 257, 1, 1, &x), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(erix_handoff_layout(NULL, sizeof buf, 1, 1, 1, &x), ERIX_ERR_INVALID_ARGUMENT);
}

#define REFUSE(expr, status)                                                   \
    do {                                                                       \
        build();                                                               \
        expr;                                                                  \
        ERIX_CHECK_EQ(check(), status);                                        \
    } while (0)

static void header_refusals(void)
{
    REFUSE(h->magic[0] = 'X', ERIX_ERR_MALFORMED);
    REFUSE(h->version = 2, ERIX_ERR_VERSION);
    REFUSE(h->header_size = 8, ERIX_ERR_MALFORMED);
    REFUSE(h->flags = 0x80, ERIX_ERR_MALFORMED);
    REFUSE(h->reserved = 1, ERIX_ERR_MALFORMED);
    REFUSE(h->rsdp_revision = 3, ERIX_ERR_MALFORMED);
    REFUSE(h->rsdp_phys = 0, ERIX_ERR_MALFORMED);
    REFUSE(memset(h->cmdline, 'a', sizeof h->cmdline), ERIX_ERR_MALFORMED);
    REFUSE(h->untyped_count = 300, ERIX_ERR_LIMIT);
    build();
    ERIX_CHECK_EQ(erix_handoff_validate(buf, h->total_size - 8, &view), ERIX_ERR_TRUNCATED);
    ERIX_CHECK_EQ(erix_handoff_validate(buf, 16, &view), ERIX_ERR_TRUNCATED);
    ERIX_CHECK_EQ(erix_handoff_validate(buf + 4, h->total_size, &view), ERIX_ERR_ALIGNMENT);
    ERIX_CHECK_EQ(erix_handoff_validate(NULL, 100, &view), ERIX_ERR_INVALID_ARGUMENT);
}

static void layout_field_refusals(void)
{
    REFUSE(h->untyped_offset += 4, ERIX_ERR_ALIGNMENT);
    REFUSE(h->module_offset = 8, ERIX_ERR_OUT_OF_RANGE);
    REFUSE(h->slot_offset = h->total_size + 8, ERIX_ERR_OUT_OF_RANGE);
    REFUSE(h->slot_count = 7, ERIX_ERR_TRUNCATED);
    REFUSE(h->module_offset = h->untyped_offset, ERIX_ERR_OVERLAP);
}

static void slot_refusals(void)
{
    REFUSE(slots[0].slot = 0, ERIX_ERR_INVALID_SLOT);
    REFUSE(slots[5].slot = 4096, ERIX_ERR_INVALID_SLOT);
    REFUSE(slots[2].slot = 64, ERIX_ERR_MALFORMED); /* duplicate */
    REFUSE(slots[0].slot = ERIX_SLOT_LEGACY_ROOT, ERIX_ERR_DENIED);
    REFUSE(slots[0].cap_type = 0, ERIX_ERR_MALFORMED);
    REFUSE(slots[0].cap_type = ERIX_CAP_TYPE_COUNT, ERIX_ERR_MALFORMED);
    REFUSE(slots[0].rights = 0x20, ERIX_ERR_MALFORMED);
    REFUSE(slots[0].endpoint_kind = 3, ERIX_ERR_MALFORMED);
    REFUSE(slots[5].endpoint_kind = ERIX_EP_KIND_COUNT, ERIX_ERR_MALFORMED);
    REFUSE(slots[5].reserved = 1, ERIX_ERR_MALFORMED);
}

static void untyped_refusals(void)
{
    REFUSE(ut[0].size = 0, ERIX_ERR_MALFORMED);
    REFUSE(ut[0].phys = 0x400800, ERIX_ERR_MALFORMED);
    REFUSE(ut[0].phys = 0xfffffffffffff000ull, ERIX_ERR_MALFORMED);
    REFUSE(ut[0].flags = 4, ERIX_ERR_MALFORMED);
    REFUSE(ut[0].slot = 63, ERIX_ERR_INVALID_SLOT);
    REFUSE(ut[1].phys = 0x480000, ERIX_ERR_OVERLAP);
    REFUSE(slots[1].cap_type = ERIX_CAP_FRAME, ERIX_ERR_WRONG_TYPE);
    REFUSE(ut[1].slot = 66, ERIX_ERR_NOT_FOUND);
}

static void module_refusals(void)
{
    REFUSE(mods[0].size = 0, ERIX_ERR_MALFORMED);
    REFUSE(mods[0].name[0] = 0, ERIX_ERR_MALFORMED);
    REFUSE(mods[0].name[2] = ' ', ERIX_ERR_MALFORMED);
    REFUSE(memset(mods[0].name, 'a', ERIX_HANDOFF_NAME_MAX), ERIX_ERR_MALFORMED);
    REFUSE(strcpy(mods[1].name, "rootd"), ERIX_ERR_EXISTS);
    REFUSE(mods[0].frame_slot = 500, ERIX_ERR_INVALID_SLOT);
    REFUSE(mods[0].reserved = 9, ERIX_ERR_MALFORMED);
    REFUSE(slots[3].cap_type = ERIX_CAP_UNTYPED, ERIX_ERR_WRONG_TYPE);
}

static void root_endpoint_refusals(void)
{
    REFUSE(h->root_endpoint_slot = 2273, ERIX_ERR_NOT_FOUND);
    REFUSE(h->root_endpoint_slot = ERIX_SLOT_SELF_TCB, ERIX_ERR_WRONG_TYPE);
    REFUSE(h->root_endpoint_slot = 0, ERIX_OK);
}

static void every_truncation_is_refused(void)
{
    build();
    uint32_t total = h->total_size;
    for (uint32_t n = 0; n < total; n++)
        ERIX_CHECK(erix_handoff_validate(buf, n, &view) != ERIX_OK);
}

int main(void)
{
    ERIX_RUN(roundtrip);
    ERIX_RUN(layout_refusals);
    ERIX_RUN(header_refusals);
    ERIX_RUN(layout_field_refusals);
    ERIX_RUN(slot_refusals);
    ERIX_RUN(untyped_refusals);
    ERIX_RUN(module_refusals);
    ERIX_RUN(root_endpoint_refusals);
    ERIX_RUN(every_truncation_is_refused);
    return erix_test_finish();
}
