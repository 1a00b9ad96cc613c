/* test_envelope.c - the startup envelope: roundtrip and every refusal. */
#include <erix/caps.h>
#include <erix/envelope.h>

#include "erix_test.h"
#include <string.h>

static _Alignas(8) uint8_t buf[ERIX_ENVELOPE_MAX + 64];
static struct erix_envelope_header *h;
static struct erix_envelope_cap *caps;
static struct erix_envelope_peer *peers;
static struct erix_envelope_view view;

static void build(void)
{
    ERIX_CHECK_EQ(erix_envelope_layout(buf, sizeof buf, "procd", 4, 1, &h), ERIX_OK);
    caps = (void *)(buf + h->cap_offset);
    peers = (void *)(buf + h->peer_offset);
    caps[0] = (struct erix_envelope_cap){2288, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_PROCESS,
                                         ERIX_PURPOSE_PRIMARY_CONTROL, 0, 0};
    caps[1] = (struct erix_envelope_cap){2112, ERIX_CAP_ENDPOINT, ERIX_RIGHT_RECV, 0,
                                         ERIX_PURPOSE_SERVICE_ENDPOINT, 0, 0};
    caps[2] = (struct erix_envelope_cap){40, ERIX_CAP_FRAME, ERIX_RIGHT_READ, 0,
                                         ERIX_PURPOSE_IMAGE_FRAME, 3, 0};
    caps[3] = (struct erix_envelope_cap){41, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, 0,
                                         ERIX_PURPOSE_PEER, 0, 0};
    strcpy(peers[0].role, "deviced");
    peers[0].slot = 41;
    h->primary_control_slot = 2288;
    h->service_endpoint_slot = 2112;
}

static erix_status_t check(void)
{
    return erix_envelope_validate(buf, h->total_size, &view);
}

static void roundtrip(void)
{
    build();
    ERIX_CHECK_EQ(check(), ERIX_OK);
    ERIX_CHECK(strcmp(view.header->role, "procd") == 0);
    ERIX_CHECK(erix_envelope_find(&view, ERIX_PURPOSE_IMAGE_FRAME) == &view.caps[2]);
    ERIX_CHECK(erix_envelope_find(&view, ERIX_PURPOSE_READY) == NULL);
    ERIX_CHECK_EQ(h->total_size, erix_envelope_size(4, 1));
}

#define REFUSE(expr, status)                                                   \
    do {                                                                       \
        build();                                                               \
        expr;                                                                  \
        ERIX_CHECK_EQ(check(), status);                                        \
    } while (0)

static void refusals(void)
{
    REFUSE(h->magic[3] = 'x', ERIX_ERR_MALFORMED);
    REFUSE(h->version = 2, ERIX_ERR_VERSION);
    REFUSE(h->flags = 1, ERIX_ERR_MALFORMED);
    REFUSE(h->reserved = 1, ERIX_ERR_MALFORMED);
    REFUSE(h->cap_count = 33, ERIX_ERR_LIMIT);
    REFUSE(h->cap_count = 3, ERIX_ERR_MALFORMED);
    REFUSE(h->peer_offset += 8, ERIX_ERR_MALFORMED);
    REFUSE(h->role[0] = 'P', ERIX_ERR_MALFORMED);
    REFUSE(memset(h->role, 0, sizeof h->role), ERIX_ERR_MALFORMED);
    REFUSE(h->role[10] = 'x', ERIX_ERR_MALFORMED); /* text hidden after the terminator */
    REFUSE(caps[0].slot = 0, ERIX_ERR_INVALID_SLOT);
    REFUSE(caps[0].slot = 4096, ERIX_ERR_INVALID_SLOT);
    REFUSE(caps[1].slot = 2288, ERIX_ERR_EXISTS);
    REFUSE(caps[0].type = 0, ERIX_ERR_MALFORMED);
    REFUSE(caps[0].rights = 0x40, ERIX_ERR_MALFORMED);
    REFUSE(caps[2].endpoint_kind = 3, ERIX_ERR_MALFORMED);
    REFUSE(caps[0].purpose = ERIX_PURPOSE_COUNT, ERIX_ERR_MALFORMED);
    REFUSE(caps[0].aux = 1, ERIX_ERR_MALFORMED);
    REFUSE(caps[0].reserved = 1, ERIX_ERR_MALFORMED);
    REFUSE(peers[0].slot = 40, ERIX_ERR_NOT_FOUND);
    REFUSE(peers[0].role[0] = 0, ERIX_ERR_MALFORMED);
    REFUSE(h->primary_control_slot = 41, ERIX_ERR_NOT_FOUND);
    REFUSE(h->ready_slot = 99, ERIX_ERR_NOT_FOUND);
    build();
    ERIX_CHECK_EQ(erix_envelope_validate(buf, h->total_size + 8, &view), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_envelope_validate(buf, 40, &view), ERIX_ERR_TRUNCATED);
    ERIX_CHECK_EQ(erix_envelope_validate(buf + 4, h->total_size, &view), ERIX_ERR_ALIGNMENT);
    ERIX_CHECK_EQ(erix_envelope_validate(buf, ERIX_ENVELOPE_MAX + 8, &view), ERIX_ERR_LIMIT);
}

static void truncations_are_refused(void)
{
    build();
    for (uint32_t n = 0; n < h->total_size; n++)
        ERIX_CHECK(erix_envelope_validate(buf, n, &view) != ERIX_OK);
}

static void role_names(void)
{
    char r[ERIX_ROLE_MAX] = "drv-serial";
    ERIX_CHECK(erix_role_name_ok(r, sizeof r));
    char bad[ERIX_ROLE_MAX] = "drv_serial";
    ERIX_CHECK(!erix_role_name_ok(bad, sizeof bad));
    char full[ERIX_ROLE_MAX];
    memset(full, 'a', sizeof full);
    ERIX_CHECK(!erix_role_name_ok(full, sizeof full));
}

/* A fake CSpace for the scan: the occupied slots, and one that fails to read. */
static uint32_t occupied[8];
static uint32_t n_occupied, broken_slot;
static uint32_t queries;

static erix_status_t fake_query(void *ctx, uint32_t slot, struct erix_cap_info *out)
{
    (void)ctx;
    queries++;
    memset(out, 0, sizeof *out);
    if (slot == broken_slot)
        return ERIX_ERR_INTERNAL;
    for (uint32_t i = 0; i < n_occupied; i++)
        if (occupied[i] == slot)
            return ERIX_OK;
    return ERIX_ERR_EMPTY_SLOT;
}

static void the_scan_finds_unlisted_authority(void)
{
    build();
    ERIX_CHECK_EQ(check(), ERIX_OK);
    ERIX_CHECK(erix_envelope_lists(&view, 41));
    ERIX_CHECK(!erix_envelope_lists(&view, 42));
    uint32_t listed[] = {2288, 2112, 40, 41};
    memcpy(occupied, listed, sizeof listed);
    n_occupied = 4;
    broken_slot = 0;
    queries = 0;
    ERIX_CHECK_EQ(erix_envelope_scan(&view, fake_query, NULL), ERIX_OK);
    ERIX_CHECK_EQ(queries, ERIX_CSPACE_SLOTS - 1); /* every slot but the null slot */
    occupied[n_occupied++] = 4095; /* one more capability, in the last slot */
    ERIX_CHECK_EQ(erix_envelope_scan(&view, fake_query, NULL), ERIX_ERR_DENIED);
    n_occupied--;
    broken_slot = 7;
    ERIX_CHECK_EQ(erix_envelope_scan(&view, fake_query, NULL), ERIX_ERR_INTERNAL);
}

static struct erix_cap_info held; /* what fake_held reads, whatever the slot */
static erix_status_t held_status;

static erix_status_t fake_held(void *ctx, uint32_t slot, struct erix_cap_info *out)
{
    (void)ctx;
    (void)slot;
    *out = held;
    return held_status;
}

static void a_listed_cap_must_be_what_it_says(void)
{
    build();
    struct erix_cap_info info;
    const struct erix_envelope_cap *c = &caps[0]; /* PROCESS endpoint, SEND */
    held = (struct erix_cap_info){ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_PROCESS, 0, 0, 0};
    held_status = ERIX_OK;
    ERIX_CHECK_EQ(erix_envelope_cap_matches(c, fake_held, NULL, &info), ERIX_OK);
    ERIX_CHECK_EQ(info.endpoint_kind, ERIX_EP_PROCESS);
    held.endpoint_kind = ERIX_EP_LOG;
    ERIX_CHECK_EQ(erix_envelope_cap_matches(c, fake_held, NULL, &info), ERIX_ERR_WRONG_TYPE);
    held.endpoint_kind = ERIX_EP_PROCESS;
    held.type = ERIX_CAP_FRAME;
    ERIX_CHECK_EQ(erix_envelope_cap_matches(c, fake_held, NULL, &info), ERIX_ERR_WRONG_TYPE);
    held.type = ERIX_CAP_ENDPOINT;
    held.rights = ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT; /* more than listed is not exact */
    ERIX_CHECK_EQ(erix_envelope_cap_matches(c, fake_held, NULL, &info), ERIX_ERR_NO_RIGHTS);
    held_status = ERIX_ERR_EMPTY_SLOT;
    ERIX_CHECK_EQ(erix_envelope_cap_matches(c, fake_held, NULL, &info), ERIX_ERR_NOT_FOUND);
    held_status = ERIX_ERR_INVALID_SLOT;
    ERIX_CHECK_EQ(erix_envelope_cap_matches(c, fake_held, NULL, &info), ERIX_ERR_INVALID_SLOT);
    /* a frame's kind is not compared */
    held = (struct erix_cap_info){ERIX_CAP_FRAME, ERIX_RIGHT_READ, 7, 0, 4096, 0};
    held_status = ERIX_OK;
    ERIX_CHECK_EQ(erix_envelope_cap_matches(&caps[2], fake_held, NULL, &info), ERIX_OK);
}

static void note_slot_fills_the_header_slots(void)
{
    build();
    h->primary_control_slot = h->service_endpoint_slot = h->ready_slot = 0;
    for (uint32_t i = 0; i < 4; i++)
        erix_envelope_note_slot(h, &caps[i]);
    ERIX_CHECK_EQ(h->primary_control_slot, 2288);
    ERIX_CHECK_EQ(h->service_endpoint_slot, 2112);
    ERIX_CHECK_EQ(h->ready_slot, 0); /* no READY capability listed */
    ERIX_CHECK_EQ(check(), ERIX_OK);
    struct erix_envelope_cap ready = {33, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, 0,
                                      ERIX_PURPOSE_READY, 0, 0};
    erix_envelope_note_slot(h, &ready);
    ERIX_CHECK_EQ(h->ready_slot, 33);
}

static void layout_refusals(void)
{
    struct erix_envelope_header *x;
    ERIX_CHECK_EQ(erix_envelope_layout(buf, sizeof buf, "r", 33, 0, &x), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(erix_envelope_layout(buf, sizeof buf, "r", 0, 9, &x), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(erix_envelope_layout(buf, 50, "r", 1, 0, &x), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(erix_envelope_layout(buf + 1, sizeof buf, "r", 1, 0, &x),
                  ERIX_ERR_INVALID_ARGUMENT);
}

int main(void)
{
    ERIX_RUN(roundtrip);
    ERIX_RUN(refusals);
    ERIX_RUN(truncations_are_refused);
    ERIX_RUN(role_names);
    ERIX_RUN(layout_refusals);
    ERIX_RUN(the_scan_finds_unlisted_authority);
    ERIX_RUN(a_listed_cap_must_be_what_it_says);
    ERIX_RUN(note_slot_fills_the_header_slots);
    return erix_test_finish();
}
