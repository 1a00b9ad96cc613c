/*
 * test_contract.c - procd's startup contract against a fake CSpace: a sound
 * startup, then each way rootd could get it wrong (listing, slots, rights,
 * kinds, badges, images, authority the envelope does not name), with the
 * status each gives and whether READY can still carry the failure.
 */
#include <stdbool.h>
#include <string.h>

#include <erix/caps.h>
#include <erix/envelope.h>
#include <erix_test.h>

#include "contract.h"

#define READY_SLOT 100u
#define POOL_SLOT 101u
#define VSPACE_SLOT 102u
#define IMAGE_SLOT 103u

struct cspace {
    bool present[ERIX_CSPACE_SLOTS];
    struct erix_cap_info info[ERIX_CSPACE_SLOTS];
    erix_status_t broken_at_status;
    uint32_t broken_at;
};

static struct cspace cs;
static uint64_t env[ERIX_ENVELOPE_MAX / 8 + 1];
static struct erix_envelope_header *hdr;
static struct erix_envelope_cap *caps;
static struct procd_contract out;

static erix_status_t query(void *ctx, uint32_t slot, struct erix_cap_info *info)
{
    struct cspace *c = ctx;
    if (slot == 0 || slot >= ERIX_CSPACE_SLOTS)
        return ERIX_ERR_INVALID_SLOT;
    if (c->broken_at == slot)
        return c->broken_at_status;
    if (!c->present[slot])
        return ERIX_ERR_EMPTY_SLOT;
    *info = c->info[slot];
    return ERIX_OK;
}

static void put(uint32_t i, uint32_t slot, uint8_t type, uint8_t rights, uint8_t kind,
                uint8_t purpose, uint32_t aux, uint64_t size)
{
    caps[i] = (struct erix_envelope_cap){slot, type, rights, kind, purpose, aux, 0};
    cs.present[slot] = true;
    cs.info[slot] = (struct erix_cap_info){type, rights, kind, 0, size, 0};
}

/* The sound startup: 5 required caps and `images` image frames (<= 2). */
static void sound(uint32_t images)
{
    memset(&cs, 0, sizeof cs);
    memset(env, 0, sizeof env);
    (void)erix_envelope_layout(env, sizeof env, "procd", 5 + images, 0, &hdr);
    caps = (struct erix_envelope_cap *)(hdr + 1);
    hdr->service_index = 1;
    hdr->primary_control_slot = ERIX_SLOT_KERNEL_PROCESS;
    hdr->service_endpoint_slot = ERIX_SLOT_PROCD_DRIVER;
    hdr->ready_slot = READY_SLOT;
    put(0, ERIX_SLOT_KERNEL_PROCESS, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_PROCESS,
        ERIX_PURPOSE_PRIMARY_CONTROL, 0, 0);
    put(1, ERIX_SLOT_PROCD_DRIVER, ERIX_CAP_ENDPOINT,
        ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT, ERIX_EP_GENERIC,
        ERIX_PURPOSE_SERVICE_ENDPOINT, 0, 0);
    put(2, READY_SLOT, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_READY, 0,
        0);
    put(3, POOL_SLOT, ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, 0, ERIX_PURPOSE_UNTYPED_POOL, 0,
        16u << 20);
    put(4, VSPACE_SLOT, ERIX_CAP_VSPACE, ERIX_RIGHTS_ALL, 0, ERIX_PURPOSE_SELF_VSPACE, 0, 0);
    for (uint32_t i = 0; i < images; i++)
        put(5 + i, IMAGE_SLOT + i, ERIX_CAP_FRAME, ERIX_RIGHT_READ, 0, ERIX_PURPOSE_IMAGE_FRAME,
            i * 4, 0x3000 + i * 0x1000);
}

static erix_status_t check_rdx(uint64_t rdx)
{
    return procd_contract_check(env, hdr->total_size, rdx, query, &cs, &out);
}

static erix_status_t check(void)
{
    return check_rdx(ERIX_SLOT_KERNEL_PROCESS);
}

static void sound_startup(void)
{
    sound(2);
    ERIX_CHECK_EQ(check(), ERIX_OK);
    ERIX_CHECK_EQ(out.ready_slot, READY_SLOT);
    ERIX_CHECK_EQ(out.service_index, 1);
    ERIX_CHECK_EQ(out.primary, ERIX_SLOT_KERNEL_PROCESS);
    ERIX_CHECK_EQ(out.service, ERIX_SLOT_PROCD_DRIVER);
    ERIX_CHECK_EQ(out.pool, POOL_SLOT);
    ERIX_CHECK_EQ(out.self_vspace, VSPACE_SLOT);
    ERIX_CHECK_EQ(out.image_count, 2);
    ERIX_CHECK_EQ(out.images[0].index, 0);
    ERIX_CHECK_EQ(out.images[0].slot, IMAGE_SLOT);
    ERIX_CHECK_EQ(out.images[0].size, 0x3000);
    ERIX_CHECK_EQ(out.images[1].index, 4);
    ERIX_CHECK_EQ(out.images[1].size, 0x4000);
    sound(0);
    ERIX_CHECK_EQ(check(), ERIX_OK);
    ERIX_CHECK_EQ(out.image_count, 0);
}

static void envelope_itself(void)
{
    sound(1);
    ((char *)env)[0] = 'X';
    ERIX_CHECK_EQ(check(), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(out.ready_slot, 0);
    sound(1);
    memcpy(hdr->role, "rootd", 6);
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(out.ready_slot, 0);
    sound(1);
    ERIX_CHECK_EQ(procd_contract_check(env, hdr->total_size - 8, ERIX_SLOT_KERNEL_PROCESS, query,
                                       &cs, &out),
                  ERIX_ERR_MALFORMED);
}

static void peers_are_outside_the_contract(void)
{
    struct erix_envelope_cap keep[5];
    sound(0);
    memcpy(keep, caps, sizeof keep);
    (void)erix_envelope_layout(env, sizeof env, "procd", 6, 1, &hdr);
    caps = (struct erix_envelope_cap *)(hdr + 1);
    memcpy(caps, keep, sizeof keep);
    hdr->service_index = 1;
    hdr->primary_control_slot = ERIX_SLOT_KERNEL_PROCESS;
    hdr->service_endpoint_slot = ERIX_SLOT_PROCD_DRIVER;
    hdr->ready_slot = READY_SLOT;
    put(5, 200, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_PEER, 0, 0);
    struct erix_envelope_peer *peer =
        (struct erix_envelope_peer *)((uint8_t *)env + hdr->peer_offset);
    memcpy(peer->role, "named", 6);
    peer->slot = 200;
    ERIX_CHECK_EQ(check(), ERIX_ERR_DENIED);
}

static void ready_problems(void)
{
    sound(0);
    caps[2].purpose = ERIX_PURPOSE_PEER; /* no READY at all */
    hdr->ready_slot = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(out.ready_slot, 0);
    sound(0);
    hdr->ready_slot = 0; /* listed, but the header does not name it */
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_SLOT);
    sound(0);
    caps[2].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT;
    cs.info[READY_SLOT].rights = caps[2].rights;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(out.ready_slot, 0);
    sound(0);
    cs.info[READY_SLOT].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_RECV; /* more than listed */
    ERIX_CHECK_EQ(check(), ERIX_ERR_NO_RIGHTS);
    sound(0);
    cs.info[READY_SLOT].endpoint_kind = ERIX_EP_LOG;
    ERIX_CHECK_EQ(check(), ERIX_ERR_WRONG_TYPE);
    sound(0);
    cs.present[READY_SLOT] = false;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(out.ready_slot, 0);
}

static void later_failures_can_be_reported_on_ready(void)
{
    sound(0);
    caps[3].purpose = ERIX_PURPOSE_DEVICE; /* the pool is gone, a device is there */
    ERIX_CHECK_EQ(check(), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(out.ready_slot, READY_SLOT);
}

static void primary_control(void)
{
    sound(0);
    ERIX_CHECK_EQ(check_rdx(2289), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(out.ready_slot, READY_SLOT);
    sound(0);
    caps[0].endpoint_kind = ERIX_EP_ROOT;
    cs.info[ERIX_SLOT_KERNEL_PROCESS].endpoint_kind = ERIX_EP_ROOT;
    ERIX_CHECK_EQ(check(), ERIX_ERR_WRONG_TYPE);
    sound(0);
    cs.info[ERIX_SLOT_KERNEL_PROCESS].endpoint_kind = ERIX_EP_LOG; /* the listing lies */
    ERIX_CHECK_EQ(check(), ERIX_ERR_WRONG_TYPE);
    sound(0);
    cs.present[ERIX_SLOT_KERNEL_PROCESS] = false;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NOT_FOUND);
    sound(0);
    caps[0].purpose = ERIX_PURPOSE_PEER; /* no primary control */
    hdr->primary_control_slot = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_DENIED);
    sound(0);
    hdr->primary_control_slot = 0; /* listed but not named */
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_SLOT);
}

static void primary_control_elsewhere(void)
{
    sound(0);
    cs.present[ERIX_SLOT_KERNEL_PROCESS] = false;
    caps[0].slot = 2290;
    hdr->primary_control_slot = 2290;
    cs.present[2290] = true;
    cs.info[2290] = cs.info[ERIX_SLOT_KERNEL_PROCESS];
    ERIX_CHECK_EQ(check_rdx(2290), ERIX_ERR_INVALID_SLOT);
}

static void service_endpoint(void)
{
    sound(0);
    cs.info[ERIX_SLOT_PROCD_DRIVER].aux = ERIX_PROCD_BADGE_BOOTSTRAP; /* badged */
    ERIX_CHECK_EQ(check(), ERIX_ERR_WRONG_TYPE);
    sound(0);
    caps[1].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_RECV;
    cs.info[ERIX_SLOT_PROCD_DRIVER].rights = caps[1].rights;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NO_RIGHTS);
    sound(0);
    cs.info[ERIX_SLOT_PROCD_DRIVER].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_RECV;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NO_RIGHTS);
    sound(0);
    hdr->service_endpoint_slot = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_SLOT);
    sound(0);
    caps[1].endpoint_kind = ERIX_EP_PROCESS;
    ERIX_CHECK_EQ(check(), ERIX_ERR_WRONG_TYPE);
}

static void pool_and_vspace(void)
{
    sound(0);
    caps[4].rights = ERIX_RIGHT_READ;
    cs.info[VSPACE_SLOT].rights = ERIX_RIGHT_READ;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NO_RIGHTS); /* cannot map */
    sound(0);
    cs.info[POOL_SLOT].type = ERIX_CAP_FRAME;
    ERIX_CHECK_EQ(check(), ERIX_ERR_WRONG_TYPE);
    sound(0);
    caps[3].type = ERIX_CAP_FRAME;
    ERIX_CHECK_EQ(check(), ERIX_ERR_WRONG_TYPE);
    sound(1);
    caps[5] = caps[3]; /* the pool listed twice */
    caps[5].slot = 150;
    cs.present[150] = true;
    cs.info[150] = cs.info[POOL_SLOT];
    ERIX_CHECK_EQ(check(), ERIX_ERR_EXISTS);
    sound(1);
    caps[5] = caps[2]; /* READY twice */
    caps[5].slot = 151;
    ERIX_CHECK_EQ(check(), ERIX_ERR_EXISTS);
}

static void images(void)
{
    sound(2);
    caps[6].aux = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_EXISTS);
    sound(1);
    caps[5].rights = ERIX_RIGHT_READ | ERIX_RIGHT_WRITE;
    cs.info[IMAGE_SLOT].rights = caps[5].rights;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NO_RIGHTS);
    sound(1);
    cs.info[IMAGE_SLOT].rights = ERIX_RIGHT_READ | ERIX_RIGHT_WRITE;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NO_RIGHTS);
    sound(1);
    cs.info[IMAGE_SLOT].size = PROCD_IMAGE_STRIDE + 4096;
    ERIX_CHECK_EQ(check(), ERIX_ERR_LIMIT);
    sound(1);
    cs.info[IMAGE_SLOT].size = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_LIMIT);
    sound(1);
    cs.info[IMAGE_SLOT].type = ERIX_CAP_DEVICE_FRAME;
    ERIX_CHECK_EQ(check(), ERIX_ERR_WRONG_TYPE);
}

static void slots_procd_keeps_for_itself(void)
{
    static const uint32_t reserved[] = {PROCD_POOL_SLOT_BASE, PROCD_POOL_SLOT_END - 1,
                                        PROCD_CHILD_SLOT_BASE, PROCD_CHILD_SLOT_END - 1};
    for (unsigned i = 0; i < 4; i++) {
        sound(1);
        cs.present[IMAGE_SLOT] = false;
        caps[5].slot = reserved[i];
        cs.present[reserved[i]] = true;
        cs.info[reserved[i]] = cs.info[IMAGE_SLOT];
        ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_SLOT);
    }
    sound(1);
    cs.present[IMAGE_SLOT] = false;
    caps[5].slot = PROCD_CHILD_SLOT_END; /* just past: fine */
    cs.present[PROCD_CHILD_SLOT_END] = true;
    cs.info[PROCD_CHILD_SLOT_END] = cs.info[IMAGE_SLOT];
    ERIX_CHECK_EQ(check(), ERIX_OK);
}

static void authority_the_envelope_does_not_name(void)
{
    static const uint32_t slots[] = {1, 4, 5, 2113, 4095};
    for (unsigned i = 0; i < 5; i++) {
        sound(1);
        cs.present[slots[i]] = true;
        cs.info[slots[i]] = (struct erix_cap_info){ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND,
                                                   ERIX_EP_ROOT, 0, 0, 0};
        ERIX_CHECK_EQ(check(), ERIX_ERR_DENIED);
        ERIX_CHECK_EQ(out.ready_slot, READY_SLOT);
    }
    sound(1);
    cs.broken_at = 3000;
    cs.broken_at_status = ERIX_ERR_INTERNAL;
    ERIX_CHECK_EQ(check(), ERIX_ERR_INTERNAL);
}

int main(void)
{
    ERIX_RUN(sound_startup);
    ERIX_RUN(envelope_itself);
    ERIX_RUN(peers_are_outside_the_contract);
    ERIX_RUN(ready_problems);
    ERIX_RUN(later_failures_can_be_reported_on_ready);
    ERIX_RUN(primary_control);
    ERIX_RUN(primary_control_elsewhere);
    ERIX_RUN(service_endpoint);
    ERIX_RUN(pool_and_vspace);
    ERIX_RUN(images);
    ERIX_RUN(slots_procd_keeps_for_itself);
    ERIX_RUN(authority_the_envelope_does_not_name);
    return erix_test_finish();
}
