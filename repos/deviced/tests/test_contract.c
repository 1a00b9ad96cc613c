/*
 * test_contract.c - deviced's startup contract over a fake CSpace: a sound
 * start (with and without device families), each required capability
 * missing, listed wrong, present wrong, unlisted authority, deviced's own
 * slot range, rdx, role, peers, READY still usable after a failure.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/envelope.h>
#include <erix/procd.h>

#include "contract.h"
#include "deviced_config.h"
#include "erix_test.h"

struct fake_cap {
    uint32_t type, rights, kind;
    uint64_t size, badge;
};

static struct fake_cap cspace[ERIX_CSPACE_SLOTS];
static _Alignas(8) uint8_t env[ERIX_ENVELOPE_MAX];
static struct erix_envelope_header *h;
static struct erix_envelope_cap *caps;
static struct deviced_contract out;

static erix_status_t query(void *ctx, uint32_t slot, struct erix_cap_info *o)
{
    (void)ctx;
    if (slot == 0 || slot >= ERIX_CSPACE_SLOTS)
        return ERIX_ERR_INVALID_SLOT;
    if (cspace[slot].type == 0)
        return ERIX_ERR_EMPTY_SLOT;
    memset(o, 0, sizeof *o);
    o->type = cspace[slot].type;
    o->rights = cspace[slot].rights;
    o->endpoint_kind = cspace[slot].kind;
    o->size = cspace[slot].size;
    o->aux = cspace[slot].badge;
    return ERIX_OK;
}

static void put(unsigned i, uint32_t slot, uint8_t type, uint8_t rights, uint8_t kind,
                uint8_t purpose, uint64_t badge)
{
    caps[i] = (struct erix_envelope_cap){slot, type, rights, kind, purpose, 0, 0};
    cspace[slot] = (struct fake_cap){type, rights, kind, type == ERIX_CAP_UNTYPED ? 4096 : 0, badge};
    if (purpose == ERIX_PURPOSE_PRIMARY_CONTROL)
        h->primary_control_slot = slot;
    if (purpose == ERIX_PURPOSE_SERVICE_ENDPOINT)
        h->service_endpoint_slot = slot;
    if (purpose == ERIX_PURPOSE_READY)
        h->ready_slot = slot;
}

/* deviced's envelope as rootd and procd build it, with COM1 and ACPI families. */
static void build(unsigned devices)
{
    memset(cspace, 0, sizeof cspace);
    ERIX_CHECK_EQ(erix_envelope_layout(env, sizeof env, "deviced", 7 + devices, 0, &h), ERIX_OK);
    caps = (void *)(env + h->cap_offset);
    h->service_index = 1;
    put(0, 2272, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_LOG, ERIX_PURPOSE_PRIMARY_CONTROL, 0);
    put(1, 2112, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_PROCD_DRIVER,
        ERIX_PROCD_BADGE_DRIVER);
    put(2, 2304, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_CHILD_POPULATE,
        ERIX_PURPOSE_CHILD_POPULATE, 0);
    put(3, 33, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, ERIX_EP_GENERIC,
        ERIX_PURPOSE_READY, 0x101);
    put(4, 34, ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, 0, ERIX_PURPOSE_UNTYPED_POOL, 0);
    put(5, 16, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_EP_GENERIC,
        ERIX_PURPOSE_SERVICE_ENDPOINT, 0);
    put(6, 17, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_FAULT_ENDPOINT,
        0x10000 | 7);
    if (devices > 0)
        put(7, 2208, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_COM1, ERIX_PURPOSE_DEVICE, 0);
    if (devices > 1)
        put(8, 2320, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_ACPI, ERIX_PURPOSE_DEVICE, 0);
}

static erix_status_t check(void)
{
    return deviced_contract_check(env, h->total_size, 2272, query, NULL, &out);
}

static void sound(void)
{
    build(2);
    ERIX_CHECK_EQ(check(), ERIX_OK);
    ERIX_CHECK_EQ(out.primary, 2272);
    ERIX_CHECK_EQ(out.procd, 2112);
    ERIX_CHECK_EQ(out.populate, 2304);
    ERIX_CHECK_EQ(out.ready_slot, 33);
    ERIX_CHECK_EQ(out.pool, 34);
    ERIX_CHECK_EQ(out.service, 16);
    ERIX_CHECK_EQ(out.fault, 17);
    ERIX_CHECK_EQ(out.service_index, 1);
    ERIX_CHECK_EQ(out.device[ERIX_EP_COM1], 2208);
    ERIX_CHECK_EQ(out.device[ERIX_EP_ACPI], 2320);
    ERIX_CHECK_EQ(out.device[ERIX_EP_I8042], 0);
    build(0);
    ERIX_CHECK_EQ(check(), ERIX_OK); /* no device families: a registry without hardware */
    ERIX_CHECK(deviced_device_kind(ERIX_EP_PCI_CONFIG));
    ERIX_CHECK(!deviced_device_kind(ERIX_EP_PROCESS));
    ERIX_CHECK(!deviced_device_kind(ERIX_EP_MEMORY));
    ERIX_CHECK(!deviced_device_kind(ERIX_EP_LOG));
    ERIX_CHECK(!deviced_device_kind(ERIX_EP_CHILD_POPULATE));
}

#define REFUSE(expr, status)                                                   \
    do {                                                                       \
        build(2);                                                              \
        expr;                                                                  \
        ERIX_CHECK_EQ(check(), status);                                        \
    } while (0)

static void listing_refusals(void)
{
    /* wrong rights, kinds, slots, badges as listed */
    REFUSE(caps[0].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_ERR_NO_RIGHTS);
    REFUSE((caps[0].endpoint_kind = ERIX_EP_PROCESS, cspace[2272].kind = ERIX_EP_PROCESS),
           ERIX_ERR_WRONG_TYPE);
    REFUSE(caps[3].rights = ERIX_RIGHT_SEND, ERIX_ERR_NO_RIGHTS);
    REFUSE(caps[1].slot = 2113, ERIX_ERR_INVALID_SLOT);
    REFUSE((caps[5].slot = 18, h->service_endpoint_slot = 18), ERIX_ERR_INVALID_SLOT);
    REFUSE(caps[7].slot = 2209, ERIX_ERR_INVALID_SLOT); /* a family at another family's slot */
    REFUSE((caps[7].endpoint_kind = ERIX_EP_PROCESS, caps[7].slot = 2288), ERIX_ERR_DENIED);
    REFUSE((caps[7].endpoint_kind = ERIX_EP_ACPI, caps[7].slot = 2320), ERIX_ERR_EXISTS);
    REFUSE(caps[4].slot = DEVICED_SLOT_ENDPOINT, ERIX_ERR_INVALID_SLOT); /* deviced's range */
    REFUSE(caps[8].purpose = ERIX_PURPOSE_IMAGE_FRAME, ERIX_ERR_DENIED);
    REFUSE(caps[8].purpose = ERIX_PURPOSE_SELF_VSPACE, ERIX_ERR_DENIED);
    REFUSE(caps[8].purpose = ERIX_PURPOSE_PEER, ERIX_ERR_DENIED);
    REFUSE((caps[8].purpose = ERIX_PURPOSE_UNTYPED_POOL, caps[8].type = ERIX_CAP_UNTYPED,
            caps[8].endpoint_kind = 0),
           ERIX_ERR_EXISTS);
}

static void missing(void)
{
    /* each required capability listed as something else: missing */
    for (unsigned i = 0; i < 7; i++) {
        build(2);
        if (i == 3)
            continue; /* READY: below */
        caps[i].purpose = ERIX_PURPOSE_DEVICE;
        caps[i].type = ERIX_CAP_ENDPOINT;
        caps[i].endpoint_kind = ERIX_EP_I8042;
        caps[i].slot = 2336;
        caps[i].rights = ERIX_RIGHT_SEND;
        cspace[2336] = (struct fake_cap){ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_I8042, 0, 0};
        if (i == 0)
            h->primary_control_slot = 0;
        if (i == 5)
            h->service_endpoint_slot = 0;
        ERIX_CHECK_EQ(check(), ERIX_ERR_NOT_FOUND);
    }
    REFUSE((caps[3].purpose = ERIX_PURPOSE_PEER, h->ready_slot = 0), ERIX_ERR_NOT_FOUND);
    build(2);
    caps[3].purpose = ERIX_PURPOSE_DEVICE;
    caps[3].endpoint_kind = ERIX_EP_I8042;
    caps[3].slot = 2336;
    caps[3].rights = ERIX_RIGHT_SEND;
    h->ready_slot = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(out.ready_slot, 0); /* no READY to report the failure to */
}

static void actual_refusals(void)
{
    /* the CSpace disagrees with the listing */
    REFUSE(cspace[2304].type = 0, ERIX_ERR_NOT_FOUND);
    REFUSE(cspace[2304].kind = ERIX_EP_PROCESS, ERIX_ERR_WRONG_TYPE);
    REFUSE(cspace[2112].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, ERIX_ERR_NO_RIGHTS);
    REFUSE(cspace[2112].badge = ERIX_PROCD_BADGE_BOOTSTRAP, ERIX_ERR_WRONG_TYPE);
    REFUSE(cspace[2208].badge = 9, ERIX_ERR_WRONG_TYPE);
    REFUSE(cspace[33].badge = 0, ERIX_ERR_WRONG_TYPE);
    REFUSE(cspace[34].size = 0, ERIX_ERR_NOT_FOUND);
    REFUSE(cspace[16].type = ERIX_CAP_FRAME, ERIX_ERR_WRONG_TYPE);
    /* authority the envelope does not name */
    REFUSE(cspace[2288] = ((struct fake_cap){ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_PROCESS, 0, 0}),
           ERIX_ERR_DENIED);
    REFUSE(cspace[4000] = ((struct fake_cap){ERIX_CAP_FRAME, ERIX_RIGHT_READ, 0, 4096, 0}),
           ERIX_ERR_DENIED);
    /* READY sound, something else not: READY is still there to report to */
    build(2);
    cspace[2304].type = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(out.ready_slot, 33);
}

static void envelope_refusals(void)
{
    build(2);
    ERIX_CHECK_EQ(deviced_contract_check(env, h->total_size, 2208, query, NULL, &out),
                  ERIX_ERR_INVALID_SLOT); /* rdx is not the primary control */
    ERIX_CHECK_EQ(deviced_contract_check(env, h->total_size, 0, query, NULL, &out),
                  ERIX_ERR_INVALID_SLOT); /* missing */
    ERIX_CHECK_EQ(deviced_contract_check(NULL, 0, 2272, query, NULL, &out),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(deviced_contract_check(env, h->total_size - 8, 2272, query, NULL, &out),
                  ERIX_ERR_MALFORMED);
    REFUSE((memset(h->role, 0, sizeof h->role), strcpy(h->role, "procd")), ERIX_ERR_INVALID_ARGUMENT);
    /* an envelope with a peer */
    ERIX_CHECK_EQ(erix_envelope_layout(env, sizeof env, "deviced", 8, 1, &h), ERIX_OK);
    caps = (void *)(env + h->cap_offset);
    memset(cspace, 0, sizeof cspace);
    put(0, 2272, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_LOG, ERIX_PURPOSE_PRIMARY_CONTROL, 0);
    put(1, 2112, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_PROCD_DRIVER,
        ERIX_PROCD_BADGE_DRIVER);
    put(2, 2304, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_CHILD_POPULATE,
        ERIX_PURPOSE_CHILD_POPULATE, 0);
    put(3, 33, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, ERIX_EP_GENERIC,
        ERIX_PURPOSE_READY, 0x101);
    put(4, 34, ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, 0, ERIX_PURPOSE_UNTYPED_POOL, 0);
    put(5, 16, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_EP_GENERIC,
        ERIX_PURPOSE_SERVICE_ENDPOINT, 0);
    put(6, 17, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_FAULT_ENDPOINT, 1);
    put(7, 48, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_PEER, 0);
    struct erix_envelope_peer *peers = (void *)(env + h->peer_offset);
    strcpy(peers[0].role, "rootd");
    peers[0].slot = 48;
    ERIX_CHECK_EQ(check(), ERIX_ERR_DENIED); /* deviced has no peers */
}

int main(void)
{
    ERIX_RUN(sound);
    ERIX_RUN(listing_refusals);
    ERIX_RUN(missing);
    ERIX_RUN(actual_refusals);
    ERIX_RUN(envelope_refusals);
    return erix_test_finish();
}
