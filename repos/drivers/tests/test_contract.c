/*
 * test_contract.c - the drivers' startup contract over a fake CSpace:
 * drv-serial sound; the startup endpoint argument missing (no envelope, rdx
 * 0, no primary control listed) or wrong (rdx elsewhere, a misrouted family,
 * wrong rights); READY and the peer; capabilities not as listed; authority
 * outside the contract; a consumer with no primary control; fixtures that
 * accept any family.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/envelope.h>
#include <erix/procd.h>

#include "contract.h"
#include "erix_test.h"

struct fake_cap {
    uint32_t type, rights, kind;
};

static struct fake_cap cspace[ERIX_CSPACE_SLOTS];
static _Alignas(8) uint8_t env[ERIX_ENVELOPE_MAX];
static struct erix_envelope_header *h;
static struct erix_envelope_cap *caps;
static struct erix_envelope_peer *peers;
static struct drv_startup out;

static const struct drv_spec serial = {"drv-serial", ERIX_EP_COM1, 0, "deviced"};
static const struct drv_spec fixture = {NULL, DRV_ANY_KIND, 1u << ERIX_EP_COM1, "deviced"};
static const struct drv_spec consumer = {"seriald", DRV_NO_PRIMARY, 0, "deviced"};

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
    return ERIX_OK;
}

static void put(unsigned i, uint32_t slot, uint8_t rights, uint8_t kind, uint8_t purpose)
{
    caps[i] = (struct erix_envelope_cap){slot, ERIX_CAP_ENDPOINT, rights, kind, purpose, 0, 0};
    cspace[slot] = (struct fake_cap){ERIX_CAP_ENDPOINT, rights, kind};
    if (purpose == ERIX_PURPOSE_PRIMARY_CONTROL)
        h->primary_control_slot = slot;
    if (purpose == ERIX_PURPOSE_SERVICE_ENDPOINT)
        h->service_endpoint_slot = slot;
    if (purpose == ERIX_PURPOSE_READY)
        h->ready_slot = slot;
}

/* drv-serial as deviced starts it: COM1 at 2208, READY 33, peer 48, procd's 16 and 17. */
static void build_with(const char *role, uint32_t device_kind)
{
    memset(cspace, 0, sizeof cspace);
    ERIX_CHECK_EQ(erix_envelope_layout(env, sizeof env, role, device_kind != 0 ? 6 : 5, 1, &h),
                  ERIX_OK);
    caps = (void *)(env + h->cap_offset);
    peers = (void *)(env + h->peer_offset);
    h->service_index = 2;
    put(0, 2208, ERIX_RIGHT_SEND, ERIX_EP_COM1, ERIX_PURPOSE_PRIMARY_CONTROL);
    put(1, 33, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_READY);
    put(2, 48, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_PEER);
    put(3, ERIX_PROCD_CHILD_SERVICE_SLOT, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_EP_GENERIC,
        ERIX_PURPOSE_SERVICE_ENDPOINT);
    put(4, ERIX_PROCD_CHILD_EVENT_SLOT, ERIX_RIGHT_SEND, ERIX_EP_GENERIC,
        ERIX_PURPOSE_FAULT_ENDPOINT);
    strcpy(peers[0].role, "deviced");
    peers[0].slot = 48;
    if (device_kind != 0)
        put(5, erix_family_slot(device_kind), ERIX_RIGHT_SEND, (uint8_t)device_kind,
            ERIX_PURPOSE_DEVICE);
}

static void build(const char *role)
{
    build_with(role, 0);
}

static erix_status_t check_with(const struct drv_spec *spec, uint64_t rdx)
{
    return drv_contract_check(env, h->total_size, rdx, spec, query, NULL, &out);
}

static void sound(void)
{
    build("drv-serial");
    ERIX_CHECK_EQ(check_with(&serial, 2208), ERIX_OK);
    ERIX_CHECK(strcmp(out.role, "drv-serial") == 0);
    ERIX_CHECK_EQ(out.service_index, 2);
    ERIX_CHECK_EQ(out.primary, 2208);
    ERIX_CHECK_EQ(out.primary_kind, ERIX_EP_COM1);
    ERIX_CHECK_EQ(out.ready, 33);
    ERIX_CHECK_EQ(out.peer, 48);
    ERIX_CHECK_EQ(out.service, ERIX_PROCD_CHILD_SERVICE_SLOT);
    ERIX_CHECK_EQ(out.cap_count, 5);
    ERIX_CHECK(strcmp(drv_cap_type_name(ERIX_CAP_DEVICE_FRAME), "device-frame") == 0);
}

static void startup_argument(void)
{
    build("drv-serial");
    /* no envelope at all */
    ERIX_CHECK_EQ(drv_contract_check(NULL, 0, 2208, &serial, query, NULL, &out),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(drv_contract_check(env, 0, 2208, &serial, query, NULL, &out),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(out.ready, 0);
    /* rdx missing, or not the primary control's slot */
    ERIX_CHECK_EQ(check_with(&serial, 0), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(out.ready, 33); /* READY is sound: the failure can be reported */
    ERIX_CHECK_EQ(check_with(&serial, 2320), ERIX_ERR_INVALID_SLOT);
    /* the primary control omitted */
    build("drv-serial");
    caps[0].purpose = ERIX_PURPOSE_DEVICE;
    h->primary_control_slot = 0;
    ERIX_CHECK_EQ(check_with(&serial, 0), ERIX_ERR_NOT_FOUND);
    /* misrouted: another family where COM1 belongs */
    build("drv-serial");
    caps[0].endpoint_kind = ERIX_EP_ACPI;
    cspace[2208].kind = ERIX_EP_ACPI;
    ERIX_CHECK_EQ(check_with(&serial, 2208), ERIX_ERR_WRONG_TYPE);
    /* a generic endpoint posing as the primary control */
    build("drv-serial");
    caps[0].endpoint_kind = ERIX_EP_GENERIC;
    cspace[2208].kind = ERIX_EP_GENERIC;
    ERIX_CHECK_EQ(check_with(&serial, 2208), ERIX_ERR_WRONG_TYPE);
    /* listed as COM1, actually ACPI */
    build("drv-serial");
    cspace[2208].kind = ERIX_EP_ACPI;
    ERIX_CHECK_EQ(check_with(&serial, 2208), ERIX_ERR_WRONG_TYPE);
    /* more rights than a family needs */
    build("drv-serial");
    caps[0].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT;
    cspace[2208].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT;
    ERIX_CHECK_EQ(check_with(&serial, 2208), ERIX_ERR_NO_RIGHTS);
}

#define REFUSE(expr, status)                                                   \
    do {                                                                       \
        build("drv-serial");                                                   \
        expr;                                                                  \
        ERIX_CHECK_EQ(check_with(&serial, 2208), status);                      \
    } while (0)

static void refusals(void)
{
    REFUSE((memset(h->role, 0, sizeof h->role), strcpy(h->role, "drv-acpi")), ERIX_ERR_INVALID_ARGUMENT);
    REFUSE((caps[1].purpose = ERIX_PURPOSE_PEER, h->ready_slot = 0), ERIX_ERR_NOT_FOUND);
    REFUSE(cspace[33].type = 0, ERIX_ERR_NOT_FOUND);
    REFUSE(caps[1].endpoint_kind = ERIX_EP_LOG, ERIX_ERR_WRONG_TYPE);
    REFUSE((memset(peers[0].role, 0, sizeof peers[0].role), strcpy(peers[0].role, "procd")),
           ERIX_ERR_NOT_FOUND); /* no deviced peer */
    REFUSE(cspace[48].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_ERR_NO_RIGHTS);
    REFUSE(cspace[ERIX_PROCD_CHILD_SERVICE_SLOT].type = 0, ERIX_ERR_NOT_FOUND);
    REFUSE(cspace[ERIX_PROCD_CHILD_EVENT_SLOT].type = ERIX_CAP_FRAME, ERIX_ERR_WRONG_TYPE);
    /* authority outside the contract: listed or not */
    REFUSE((caps[2].purpose = ERIX_PURPOSE_UNTYPED_POOL, peers[0].slot = 48), ERIX_ERR_NOT_FOUND);
    REFUSE(cspace[2288] = ((struct fake_cap){ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_PROCESS}),
           ERIX_ERR_DENIED);
    REFUSE(cspace[900] = ((struct fake_cap){ERIX_CAP_FRAME, ERIX_RIGHT_READ, 0}), ERIX_ERR_DENIED);
}

static void fixtures_and_consumers(void)
{
    /* a fixture takes any family as primary control, and any drv-* role */
    build("drv-fixture-capcheck");
    caps[0].endpoint_kind = ERIX_EP_ACPI;
    cspace[2208].kind = ERIX_EP_ACPI;
    ERIX_CHECK_EQ(check_with(&fixture, 2208), ERIX_OK);
    ERIX_CHECK_EQ(out.primary_kind, ERIX_EP_ACPI);
    build("probed");
    ERIX_CHECK_EQ(check_with(&fixture, 2208), ERIX_ERR_INVALID_ARGUMENT); /* not a driver role */
    /* its DEVICE families: only those the spec names */
    build_with("drv-fixture-hold", ERIX_EP_COM1);
    caps[0].endpoint_kind = ERIX_EP_ACPI;
    cspace[2208].kind = ERIX_EP_ACPI;
    caps[0].slot = 2320;
    cspace[2320] = cspace[2208];
    cspace[2208] = (struct fake_cap){ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_COM1};
    h->primary_control_slot = 2320;
    ERIX_CHECK_EQ(check_with(&fixture, 2320), ERIX_OK);
    ERIX_CHECK_EQ(out.device[ERIX_EP_COM1], 2208);
    build_with("drv-serial", ERIX_EP_I8042);
    ERIX_CHECK_EQ(check_with(&serial, 2208), ERIX_ERR_DENIED);
    /* a consumer has no primary control: rdx 0, none listed */
    memset(cspace, 0, sizeof cspace);
    ERIX_CHECK_EQ(erix_envelope_layout(env, sizeof env, "seriald", 4, 1, &h), ERIX_OK);
    caps = (void *)(env + h->cap_offset);
    peers = (void *)(env + h->peer_offset);
    put(0, 33, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_READY);
    put(1, 48, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_PEER);
    put(2, 16, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_EP_GENERIC, ERIX_PURPOSE_SERVICE_ENDPOINT);
    put(3, 17, ERIX_RIGHT_SEND, ERIX_EP_GENERIC, ERIX_PURPOSE_FAULT_ENDPOINT);
    strcpy(peers[0].role, "deviced");
    peers[0].slot = 48;
    ERIX_CHECK_EQ(check_with(&consumer, 0), ERIX_OK);
    ERIX_CHECK_EQ(out.primary, 0);
    ERIX_CHECK_EQ(check_with(&consumer, 2208), ERIX_ERR_DENIED); /* rdx names something */
}

int main(void)
{
    ERIX_RUN(sound);
    ERIX_RUN(startup_argument);
    ERIX_RUN(refusals);
    ERIX_RUN(fixtures_and_consumers);
    return erix_test_finish();
}
