/*
 * test_server.c - the whole server over the scripted seam: every op, every
 * denial of the seed (unknown / unsealed / running start, unknown / stopped
 * stop, conflicting reseed, non-drv seed, duplicate provider, malformed
 * requests, wrong surfaces), the order of procd and CHILD_POPULATE calls of a
 * start, every cleanup path, READY accepted and refused, provider endpoints,
 * BAR frames and their scratch slot, discovery activation and READ_DRIVER's
 * reconcile.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/envelope.h>
#include <erix/procd.h>
#include <erix/service.h>

#include "erix_test.h"
#include "fake_seam.h"
#include "seeds.h"
#include "server.h"

static struct deviced_server srv;
static struct deviced_msg msg;
static uint64_t tokens;

static void setup(void)
{
    struct deviced_contract c;
    memset(&c, 0, sizeof c);
    c.device[ERIX_EP_COM1] = 2208;
    c.device[ERIX_EP_ACPI] = 2320;
    fake_reset();
    server_init(&srv, &c, DEVICED_SLOT_ENDPOINT, true);
}

/* Send one call; the reply it got (NULL: none). */
static const struct fake_reply *call(uint32_t surface, uint32_t index, uint32_t op,
                                     const void *body, uint16_t len)
{
    unsigned before = fake.nreplies;
    memset(&msg, 0, sizeof msg);
    msg.op = op;
    msg.len = len;
    msg.token = ++tokens;
    msg.badge = ERIX_DEVICED_BADGE(surface, index);
    msg.surface = erix_deviced_surface_of(msg.badge);
    if (len != 0)
        memcpy(msg.body, body, len);
    server_handle(&srv, &msg);
    if (fake.nreplies == before)
        return NULL;
    const struct fake_reply *r = fake_last_reply();
    ERIX_CHECK_EQ(r->token, msg.token);
    return r;
}

static erix_status_t admin(uint32_t op, const void *body, uint16_t len)
{
    const struct fake_reply *r = call(ERIX_DEVICED_SURFACE_ADMIN, 0, op, body, len);
    return r != NULL ? r->status : ERIX_ERR_INTERNAL;
}

static erix_status_t seed(struct erix_deviced_seed s)
{
    return admin(ERIX_DEVICED_OP_SEED_DRIVER, &s, (uint16_t)erix_deviced_seed_size(s.cap_count));
}

static erix_status_t role_op(uint32_t op, const char *role, uint32_t flags)
{
    struct erix_deviced_role_req r;
    memset(&r, 0, sizeof r);
    strncpy(r.role, role, sizeof r.role - 1);
    r.flags = flags;
    return admin(op, &r, sizeof r);
}

static erix_status_t ready(uint32_t b, const char *role, erix_status_t status)
{
    struct erix_service_ready r;
    memset(&r, 0, sizeof r);
    r.status = (uint32_t)status;
    r.service_index = b;
    strncpy(r.role, role, sizeof r.role - 1);
    const struct fake_reply *rep = call(ERIX_DEVICED_SURFACE_DRIVER, b, ERIX_SERVICE_OP_READY, &r,
                                        sizeof r);
    return rep != NULL ? rep->status : ERIX_ERR_PEER_GONE;
}

static erix_status_t provider(uint32_t b, const char *consumer)
{
    struct erix_deviced_provider_req p;
    memset(&p, 0, sizeof p);
    strncpy(p.consumer_role, consumer, sizeof p.consumer_role - 1);
    p.interface = ERIX_PROVIDER_FIXTURE;
    const struct fake_reply *r = call(ERIX_DEVICED_SURFACE_DRIVER, b,
                                      ERIX_DEVICED_OP_REGISTER_PROVIDER, &p, sizeof p);
    return r->status;
}

static struct erix_deviced_driver_info info_of(const struct fake_reply *r)
{
    struct erix_deviced_driver_info info;
    memset(&info, 0, sizeof info);
    ERIX_CHECK_EQ(r->len, sizeof info);
    memcpy(&info, r->body, sizeof info);
    return info;
}

/* A sealed registry with a fixture (binding 0) and drv-serial (binding 1). */
static void sealed_pair(void)
{
    setup();
    ERIX_CHECK_EQ(seed(seed_fixture("drv-fixture-hold")), ERIX_OK);
    ERIX_CHECK_EQ(seed(seed_serial()), ERIX_OK);
    ERIX_CHECK_EQ(admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0), ERIX_OK);
}

/* ---- seeding ---------------------------------------------------------------------------- */

static void seeding_and_seal(void)
{
    setup();
    struct erix_deviced_seed a = seed_fixture("drv-fixture-hold");
    ERIX_CHECK_EQ(seed(a), ERIX_OK);
    struct erix_deviced_seed_resp resp;
    memcpy(&resp, fake_last_reply()->body, sizeof resp);
    ERIX_CHECK_EQ(resp.binding, 0);
    ERIX_CHECK_EQ(resp.created, 1);
    ERIX_CHECK_EQ(seed(a), ERIX_OK); /* idempotent */
    memcpy(&resp, fake_last_reply()->body, sizeof resp);
    ERIX_CHECK_EQ(resp.created, 0);
    struct erix_deviced_seed c = a;
    c.caps[0].arg = ERIX_EP_COM1;
    ERIX_CHECK_EQ(seed(c), ERIX_ERR_EXISTS);
    ERIX_CHECK_EQ(seed(seed_fixture("probed")), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(admin(ERIX_DEVICED_OP_SEED_DRIVER, &a, 71), ERIX_ERR_MALFORMED);
    c = a;
    c.role[0] = 'X';
    ERIX_CHECK_EQ(seed(c), ERIX_ERR_MALFORMED);
    c = a;
    c.caps[1].rights |= ERIX_RIGHT_RECV; /* deviced's endpoint with RECV: never */
    ERIX_CHECK_EQ(seed(c), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK(fake_logged("DEVICED:REFUSED op=SEED_DRIVER"));
    ERIX_CHECK_EQ(admin(ERIX_DEVICED_OP_SEAL_REGISTRY, &a, 4), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0), ERIX_OK);
    struct erix_deviced_seal_resp seal;
    memcpy(&seal, fake_last_reply()->body, sizeof seal);
    ERIX_CHECK_EQ(seal.bindings, 1);
    ERIX_CHECK_EQ(seal.devices, 1);
    ERIX_CHECK_EQ(admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(seed(seed_fixture("drv-late")), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(seed(a), ERIX_OK);
    ERIX_CHECK_EQ(fake_call("create"), -1); /* nothing started at the seal */
}

/* ---- lifecycle denials ------------------------------------------------------------------ */

static void lifecycle_denials(void)
{
    setup();
    ERIX_CHECK_EQ(seed(seed_fixture("drv-fixture-hold")), ERIX_OK);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 0), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-nosuch", 0), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_STOP_DRIVER, "drv-nosuch", 0), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_READ_DRIVER, "drv-nosuch", 0), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_STOP_DRIVER, "drv-fixture-hold", 0), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv_bad", 0), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 1),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(admin(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 17), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(fake_call("create"), -1);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 0), ERIX_OK);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 0), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(ready(0, "drv-fixture-hold", ERIX_OK), ERIX_OK);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 0), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_STOP_DRIVER, "drv-fixture-hold", 0), ERIX_OK);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_STOP_DRIVER, "drv-fixture-hold", 0), ERIX_ERR_STATE);
    /* surfaces: admin ops from a driver, driver ops from rootd, unknown badges and ops */
    struct erix_deviced_role_req r;
    memset(&r, 0, sizeof r);
    strcpy(r.role, "drv-fixture-hold");
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_DRIVER, 0, ERIX_DEVICED_OP_START_DRIVER, &r, sizeof r)->status,
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_CONSUMER, 3, ERIX_DEVICED_OP_STOP_DRIVER, &r, sizeof r)->status,
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(provider(7, ""), ERIX_ERR_DENIED); /* no binding 7 */
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_ADMIN, 0, ERIX_DEVICED_OP_REGISTER_PROVIDER, &r, sizeof r)->status,
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(call(5, 0, ERIX_DEVICED_OP_READ_DRIVER, &r, sizeof r)->status, ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(admin(0x5ff, NULL, 0), ERIX_ERR_UNKNOWN_OP);
    /* a notification (no token) and a kernel event get no reply */
    unsigned before = fake.nreplies;
    memset(&msg, 0, sizeof msg);
    msg.op = ERIX_DEVICED_OP_SEAL_REGISTRY;
    msg.surface = ERIX_DEVICED_SURFACE_ADMIN;
    server_handle(&srv, &msg);
    msg.token = 5;
    msg.flags = ERIX_MSG_FLAG_KERNEL_EVENT;
    server_handle(&srv, &msg);
    ERIX_CHECK_EQ(fake.nreplies, before);
}

/* ---- a start, in order ---------------------------------------------------------------------- */

static void start_sequence(void)
{
    sealed_pair();
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-serial", 0), ERIX_OK);
    struct erix_deviced_driver_info info = info_of(fake_last_reply());
    ERIX_CHECK_EQ(info.state, ERIX_DEVICED_DRV_STARTING);
    ERIX_CHECK_EQ(info.pid, 40);
    ERIX_CHECK_EQ(info.binding, 1);
    int create = fake_call("create drv-serial img=3 prio=120 window=130");
    int i1 = fake_call("install grant=131 src=2208 dest=2208 rights=0x4 badge=0x0");
    int i2 = fake_call("install grant=131 src=96 dest=33 rights=0x4 badge=0x20001");
    int i3 = fake_call("install grant=131 src=96 dest=48 rights=0x4 badge=0x20001");
    int drop = fake_call("drop 131");
    int start = fake_call("start pid=40");
    ERIX_CHECK(create >= 0 && create < i1 && i1 < i2 && i2 < i3 && i3 < drop && drop < start);
    ERIX_CHECK_EQ(fake.envelope_primary, 2208);
    struct erix_envelope_view v;
    ERIX_CHECK_EQ(erix_envelope_validate(fake.envelope, fake.envelope_len, &v), ERIX_OK);
    ERIX_CHECK(strcmp(v.header->role, "drv-serial") == 0);
    ERIX_CHECK_EQ(v.header->service_index, 1);
    ERIX_CHECK_EQ(v.header->cap_count, 5);
    ERIX_CHECK_EQ(fake.slot_type[130], ERIX_CAP_ENDPOINT); /* the provider endpoint is kept */
    ERIX_CHECK_EQ(fake.slot_type[131], 0);                 /* the grant is gone */
    /* READY: accepted, the marker waits for the flush point */
    ERIX_CHECK_EQ(ready(1, "drv-serial", ERIX_OK), ERIX_OK);
    ERIX_CHECK_EQ(fake_call("marker"), -1);
    server_flush(&srv);
    ERIX_CHECK(fake_call("marker ERIX_DEVICED:READY:drv-serial") >= 0);
    ERIX_CHECK_EQ(srv.markers_done, 1);
    server_flush(&srv);
    ERIX_CHECK_EQ(srv.markers_done, 1); /* once */
    /* READY again, from another binding, with another role or index, short */
    ERIX_CHECK_EQ(ready(1, "drv-serial", ERIX_OK), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(ready(0, "drv-serial", ERIX_OK), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(ready(5, "drv-serial", ERIX_OK), ERIX_ERR_DENIED);
    struct erix_service_ready r = {0, 1, "drv-serial"};
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_DRIVER, 1, ERIX_SERVICE_OP_READY, &r, 16)->status,
                  ERIX_ERR_MALFORMED);
    /* release builds: the notification completes without a console line */
    sealed_pair();
    srv.markers = false;
    role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-serial", 0);
    ready(1, "drv-serial", ERIX_OK);
    server_flush(&srv);
    ERIX_CHECK_EQ(fake_call("marker"), -1);
    ERIX_CHECK_EQ(srv.markers_done, 1);
}

static void ready_refused(void)
{
    sealed_pair();
    role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-serial", 0);
    unsigned before = fake.nreplies;
    ERIX_CHECK_EQ(ready(1, "drv-serial", ERIX_ERR_WRONG_TYPE), ERIX_ERR_PEER_GONE); /* no answer */
    ERIX_CHECK_EQ(fake.nreplies, before);
    int stop = fake_call("stop pid=40");
    int drop = fake_call_after("drop 130", stop);
    ERIX_CHECK(stop >= 0 && drop > stop);
    ERIX_CHECK(fake_logged("DEVICED:DRIVER_FAILED role=drv-serial pid=40 status=ERIX_ERR_WRONG_TYPE"));
    ERIX_CHECK(fake_logged("DEVICED:CLEANUP role=drv-serial pid=40 step=stop-process status=ERIX_OK"));
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_READ_DRIVER, "drv-serial", 0), ERIX_OK);
    struct erix_deviced_driver_info info = info_of(fake_last_reply());
    ERIX_CHECK_EQ(info.state, ERIX_DEVICED_DRV_FAILED);
    ERIX_CHECK_EQ(info.ready_status, ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(info.last_status, ERIX_OK);
    server_flush(&srv);
    ERIX_CHECK_EQ(fake_call("marker"), -1); /* never ready */
    /* the stop itself can fail: that status is what is recorded */
    sealed_pair();
    role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-serial", 0);
    fake.stop_st = ERIX_ERR_STATE;
    ready(1, "drv-serial", ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(srv.reg.bindings[1].state, ERIX_DEVICED_DRV_FAILED);
    ERIX_CHECK_EQ(srv.reg.bindings[1].last_status, ERIX_ERR_STATE);
}

/* ---- start failures, each cleaned up ------------------------------------------------------------ */

static void start_failures(void)
{
    /* procd refuses CREATE: nothing to clean */
    sealed_pair();
    fake.create_st = ERIX_ERR_NO_MEMORY;
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-serial", 0), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(fake_call("install"), -1);
    ERIX_CHECK_EQ(fake_call("abort"), -1);
    ERIX_CHECK_EQ(srv.reg.bindings[1].state, ERIX_DEVICED_DRV_FAILED);
    ERIX_CHECK_EQ(srv.reg.bindings[1].last_status, ERIX_ERR_NO_MEMORY);
    /* the second install fails: the staged child is aborted, both slots emptied */
    sealed_pair();
    fake.install_fail_at = 2;
    fake.install_st = ERIX_ERR_DENIED;
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-serial", 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(fake_call("start"), -1);
    ERIX_CHECK(fake_call("abort pid=40") >= 0);
    ERIX_CHECK_EQ(fake.slot_type[130], 0);
    ERIX_CHECK_EQ(fake.slot_type[131], 0);
    ERIX_CHECK(fake_logged("DEVICED:CLEANUP role=drv-serial pid=40 step=abort-staged status=ERIX_OK"));
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-serial", 0), ERIX_OK); /* again */
    /* START refused: aborted too */
    sealed_pair();
    fake.start_st = ERIX_ERR_STATE;
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-serial", 0), ERIX_ERR_STATE);
    ERIX_CHECK(fake_call("abort pid=40") > fake_call("start pid=40"));
    ERIX_CHECK_EQ(fake.slot_type[130], 0);
    /* a family deviced does not hold: refused before anything is made */
    setup();
    struct erix_deviced_seed s = seed_serial();
    s.caps[0].arg = ERIX_EP_I8042;
    seed(s);
    admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-serial", 0), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(fake_call("create"), -1);
    ERIX_CHECK_EQ(srv.reg.bindings[0].state, ERIX_DEVICED_DRV_SEEDED);
}

/* ---- stop and process ends -------------------------------------------------------------------------- */

static void stopping(void)
{
    sealed_pair();
    role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 0);
    ready(0, "drv-fixture-hold", ERIX_OK);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_STOP_DRIVER, "drv-fixture-hold", 0), ERIX_OK);
    ERIX_CHECK_EQ(info_of(fake_last_reply()).state, ERIX_DEVICED_DRV_STOPPED);
    ERIX_CHECK(fake_call("drop 128") > fake_call("stop pid=40"));
    /* a driver that stops before READY can be stopped */
    role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 0);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_STOP_DRIVER, "drv-fixture-hold", 0), ERIX_OK);
    /* procd says it ended meanwhile: deviced records the end and says STATE */
    role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 0);
    ready(0, "drv-fixture-hold", ERIX_OK);
    fake.stop_st = ERIX_ERR_STATE;
    fake.query.state = ERIX_PROCD_STATE_EXITED;
    fake.query.code = 0;
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_STOP_DRIVER, "drv-fixture-hold", 0), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(srv.reg.bindings[0].state, ERIX_DEVICED_DRV_EXITED);
    /* READ_DRIVER notices an exit by itself */
    fake.stop_st = ERIX_OK;
    fake.query.state = ERIX_PROCD_STATE_RUNNING;
    role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 0);
    ready(0, "drv-fixture-hold", ERIX_OK);
    fake.query.state = ERIX_PROCD_STATE_FAULTED;
    fake.query.code = 14;
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_READ_DRIVER, "drv-fixture-hold", 0), ERIX_OK);
    struct erix_deviced_driver_info info = info_of(fake_last_reply());
    ERIX_CHECK_EQ(info.state, ERIX_DEVICED_DRV_EXITED);
    ERIX_CHECK(info.flags & ERIX_DEVICED_INFO_FAULTED);
    ERIX_CHECK_EQ(info.exit_code, 14);
    ERIX_CHECK(fake_logged("DEVICED:ENDED role=drv-fixture-hold"));
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_STOP_DRIVER, "drv-fixture-hold", 0), ERIX_ERR_STATE);
}

/* ---- providers ------------------------------------------------------------------------------------------ */

static void providers(void)
{
    sealed_pair();
    role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-fixture-hold", 0);
    ERIX_CHECK_EQ(provider(0, ""), ERIX_ERR_STATE); /* not ready */
    ready(0, "drv-fixture-hold", ERIX_OK);
    /* READ_DRIVER before the provider is visible: no endpoint */
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_READ_DRIVER, "drv-fixture-hold", ERIX_DEVICED_READ_ENDPOINT),
                  ERIX_OK);
    ERIX_CHECK_EQ(fake_last_reply()->endpoint, 0);
    ERIX_CHECK(!(info_of(fake_last_reply()).flags & ERIX_DEVICED_INFO_ENDPOINT));
    ERIX_CHECK_EQ(provider(0, "seriald"), ERIX_ERR_DENIED); /* not its consumer role */
    ERIX_CHECK_EQ(provider(0, ""), ERIX_OK);
    ERIX_CHECK_EQ(provider(0, ""), ERIX_ERR_EXISTS); /* duplicate provider */
    ERIX_CHECK(fake_logged("DEVICED:PROVIDER role=drv-fixture-hold interface=0 status=ERIX_ERR_EXISTS"));
    struct erix_deviced_provider_req bad;
    memset(&bad, 0, sizeof bad);
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_DRIVER, 0, ERIX_DEVICED_OP_REGISTER_PROVIDER, &bad,
                       sizeof bad)->status,
                  ERIX_ERR_INVALID_ARGUMENT);
    /* visible: READ_DRIVER hands the endpoint out when asked */
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_READ_DRIVER, "drv-fixture-hold", 0), ERIX_OK);
    ERIX_CHECK_EQ(fake_last_reply()->endpoint, 0);
    ERIX_CHECK(info_of(fake_last_reply()).flags & ERIX_DEVICED_INFO_PROVIDER);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_READ_DRIVER, "drv-fixture-hold", ERIX_DEVICED_READ_ENDPOINT),
                  ERIX_OK);
    ERIX_CHECK_EQ(fake_last_reply()->endpoint, 128);
    ERIX_CHECK(info_of(fake_last_reply()).flags & ERIX_DEVICED_INFO_ENDPOINT);
    /* the caller had no room: answered without it */
    fake.reply_ep_st = ERIX_ERR_LIMIT;
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_READ_DRIVER, "drv-fixture-hold", ERIX_DEVICED_READ_ENDPOINT),
                  ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(fake_last_reply()->endpoint, 0);
    ERIX_CHECK(!(info_of(fake_last_reply()).flags & ERIX_DEVICED_INFO_ENDPOINT));
}

static void consumers(void)
{
    sealed_pair(); /* drv-serial's consumer: seriald, index 4 */
    struct erix_deviced_role_req r;
    memset(&r, 0, sizeof r);
    strcpy(r.role, "drv-serial");
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_CONSUMER, 4, ERIX_DEVICED_OP_RESOLVE_PROVIDER, &r, sizeof r)->status,
                  ERIX_ERR_STATE);
    role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-serial", 0);
    ready(1, "drv-serial", ERIX_OK);
    ERIX_CHECK_EQ(provider(1, "seriald"), ERIX_OK);
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_CONSUMER, 5, ERIX_DEVICED_OP_RESOLVE_PROVIDER, &r, sizeof r)->status,
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_DISCOVERY, 4, ERIX_DEVICED_OP_RESOLVE_PROVIDER, &r, sizeof r)->status,
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_DRIVER, 1, ERIX_DEVICED_OP_RESOLVE_PROVIDER, &r, sizeof r)->status,
                  ERIX_ERR_DENIED);
    const struct fake_reply *rep =
        call(ERIX_DEVICED_SURFACE_CONSUMER, 4, ERIX_DEVICED_OP_RESOLVE_PROVIDER, &r, sizeof r);
    ERIX_CHECK_EQ(rep->status, ERIX_OK);
    ERIX_CHECK_EQ(rep->endpoint, 130);
    /* a provider that died is not handed out */
    fake.query.state = ERIX_PROCD_STATE_EXITED;
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_CONSUMER, 4, ERIX_DEVICED_OP_RESOLVE_PROVIDER, &r, sizeof r)->status,
                  ERIX_ERR_STATE);
    /* HAL */
    memset(r.role, 0, sizeof r.role);
    strcpy(r.role, "seriald");
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_CONSUMER, 3, ERIX_DEVICED_OP_REGISTER_HAL, &r, sizeof r)->status,
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_CONSUMER, 4, ERIX_DEVICED_OP_REGISTER_HAL, &r, sizeof r)->status,
                  ERIX_OK);
    ERIX_CHECK(srv.reg.hal_ready & (1u << 4));
}

/* ---- discovery, activation, BARs ---------------------------------------------------------------------------- */

static erix_status_t report(uint32_t surface, struct erix_deviced_pci_report r,
                            struct erix_deviced_report_resp *resp)
{
    const struct fake_reply *rep = call(surface, 2, ERIX_DEVICED_OP_REPORT_DEVICE, &r, sizeof r);
    if (resp != NULL && rep->status == ERIX_OK)
        memcpy(resp, rep->body, sizeof *resp);
    return rep->status;
}

static void discovery_activation(void)
{
    setup();
    ERIX_CHECK_EQ(seed(seed_pci("drv-virtio")), ERIX_OK);
    admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0);
    struct erix_deviced_report_resp resp;
    ERIX_CHECK_EQ(report(ERIX_DEVICED_SURFACE_DISCOVERY, report_of(0, 0, 0x8086, 0x29c0, 0x060000), &resp),
                  ERIX_OK);
    ERIX_CHECK_EQ(resp.binding, ERIX_DEVICED_NONE);
    ERIX_CHECK(!server_housekeeping(&srv));
    ERIX_CHECK_EQ(report(ERIX_DEVICED_SURFACE_CONSUMER, report_of(0, 2, 0x1af4, 0x1001, 0x010000), NULL),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(report(ERIX_DEVICED_SURFACE_DISCOVERY, report_of(0, 2, 0x1af4, 0x1001, 0x010000), &resp),
                  ERIX_OK);
    ERIX_CHECK_EQ(resp.index, 1);
    ERIX_CHECK_EQ(resp.binding, 0);
    ERIX_CHECK(fake_logged("DEVICED:DEVICE reported pci=00:02.0 id=1af4:1001 class=010000 index=1 binding=0"));
    ERIX_CHECK_EQ(fake_call("create"), -1); /* not inside the report's reply */
    ERIX_CHECK(server_housekeeping(&srv));
    server_housekeep(&srv);
    ERIX_CHECK(fake_call("create drv-virtio") >= 0);
    ERIX_CHECK(!server_housekeeping(&srv));
    ERIX_CHECK(fake_logged("DEVICED:ACTIVATE role=drv-virtio reason=discovery"));
    server_housekeep(&srv); /* nothing left: nothing happens */
    ERIX_CHECK_EQ(fake_call_after("create", fake_call("create")), -1);
    /* malformed reports and hotplug */
    struct erix_deviced_pci_report bad = report_of(0, 40, 1, 1, 0);
    ERIX_CHECK_EQ(report(ERIX_DEVICED_SURFACE_DISCOVERY, bad, NULL), ERIX_ERR_INVALID_ARGUMENT);
    struct erix_deviced_hotplug_report h = {ERIX_DEVICED_HOTPLUG_REMOVE, 0,
                                            report_of(0, 2, 0x1af4, 0x1001, 0x010000)};
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_DISCOVERY, 2, ERIX_DEVICED_OP_REPORT_HOTPLUG, &h, sizeof h)->status,
                  ERIX_OK);
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_DISCOVERY, 2, ERIX_DEVICED_OP_REPORT_HOTPLUG, &h, sizeof h)->status,
                  ERIX_ERR_NOT_FOUND);
    h.event = ERIX_DEVICED_HOTPLUG_ADD;
    ERIX_CHECK_EQ(call(ERIX_DEVICED_SURFACE_DISCOVERY, 2, ERIX_DEVICED_OP_REPORT_HOTPLUG, &h, sizeof h)->status,
                  ERIX_OK);
    /* READ_DEVICE */
    struct erix_deviced_index_req ix = {1, 0};
    ERIX_CHECK_EQ(admin(ERIX_DEVICED_OP_READ_DEVICE, &ix, sizeof ix), ERIX_OK);
    struct erix_deviced_device_info d;
    memcpy(&d, fake_last_reply()->body, sizeof d);
    ERIX_CHECK_EQ(d.vendor, 0x1af4);
    ERIX_CHECK_EQ(d.count, 2);
    ix.index = 2;
    ERIX_CHECK_EQ(admin(ERIX_DEVICED_OP_READ_DEVICE, &ix, sizeof ix), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(admin(ERIX_DEVICED_OP_READ_DEVICE, &ix, 4), ERIX_ERR_MALFORMED);
}

/* An activation that cannot even begin is recorded, not retried forever. */
static void activation_without_source(void)
{
    setup();
    struct erix_deviced_seed s = seed_pci("drv-virtio");
    s.caps[0].arg = ERIX_EP_I8042; /* deviced holds no I8042 family */
    seed(s);
    admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0);
    report(ERIX_DEVICED_SURFACE_DISCOVERY, report_of(0, 2, 0x1af4, 0x1001, 0x010000), NULL);
    ERIX_CHECK(server_housekeeping(&srv));
    server_housekeep(&srv);
    ERIX_CHECK(!server_housekeeping(&srv)); /* no busy loop */
    ERIX_CHECK_EQ(fake_call("create"), -1);
    ERIX_CHECK_EQ(srv.reg.bindings[0].state, ERIX_DEVICED_DRV_FAILED);
    ERIX_CHECK_EQ(srv.reg.bindings[0].last_status, ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_READ_DRIVER, "drv-virtio", 0), ERIX_OK);
    ERIX_CHECK_EQ(info_of(fake_last_reply()).state, ERIX_DEVICED_DRV_FAILED); /* not retried */
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-virtio", 0), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(fake_call("create"), -1);
}

static void read_driver_reconciles(void)
{
    setup();
    seed(seed_pci("drv-virtio"));
    report(ERIX_DEVICED_SURFACE_DISCOVERY, report_of(0, 2, 0x1af4, 0x1001, 0x010000), NULL);
    admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0);
    ERIX_CHECK(!server_housekeeping(&srv)); /* discovered before the seal: nothing on its own */
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_READ_DRIVER, "drv-virtio", 0), ERIX_OK);
    ERIX_CHECK(fake_call("create drv-virtio") >= 0);
    ERIX_CHECK_EQ(info_of(fake_last_reply()).state, ERIX_DEVICED_DRV_STARTING);
    ERIX_CHECK(fake_logged("DEVICED:ACTIVATE role=drv-virtio reason=read-driver"));
}

static void bar_frames(void)
{
    struct erix_deviced_seed s = seed_pci("drv-virtio");
    s.activation = ERIX_DEVICED_ACTIVATE_EXPLICIT;
    s.caps[2] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_PCI_BAR, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE,
                                               ERIX_PURPOSE_DEVICE, 0, 4, 64, 0};
    setup();
    seed(s);
    admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-virtio", 0), ERIX_ERR_STATE); /* undiscovered */
    report(ERIX_DEVICED_SURFACE_DISCOVERY, report_of(0, 3, 0x1af4, 0x1001, 0x010000), NULL);
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-virtio", 0), ERIX_OK);
    int derive = fake_call("derive 00:03.0 bar=4 dest=97");
    int install = fake_call("install grant=129 src=97 dest=64 rights=0x3 badge=0x0");
    int drop = fake_call("drop 97");
    ERIX_CHECK(derive >= 0 && derive < install && install < drop);
    ERIX_CHECK_EQ(fake.slot_type[97], 0);
    ERIX_CHECK(fake_logged("scratch=dropped"));
    /* the derived frame is not a device frame: not installed, scratch dropped, aborted */
    setup();
    seed(s);
    admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0);
    report(ERIX_DEVICED_SURFACE_DISCOVERY, report_of(0, 3, 0x1af4, 0x1001, 0x010000), NULL);
    fake.bar_wrong_type = true;
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-virtio", 0), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(fake_call("install grant=129 src=97"), -1);
    ERIX_CHECK(fake_call("drop 97") >= 0);
    ERIX_CHECK_EQ(fake.slot_type[97], 0);
    ERIX_CHECK(fake_call("abort pid=40") >= 0);
    /* the install fails: scratch dropped too */
    setup();
    seed(s);
    admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0);
    report(ERIX_DEVICED_SURFACE_DISCOVERY, report_of(0, 3, 0x1af4, 0x1001, 0x010000), NULL);
    fake.install_fail_at = 3;
    fake.install_st = ERIX_ERR_DENIED;
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-virtio", 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(fake.slot_type[97], 0);
    /* the kernel refuses the BAR */
    setup();
    seed(s);
    admin(ERIX_DEVICED_OP_SEAL_REGISTRY, NULL, 0);
    report(ERIX_DEVICED_SURFACE_DISCOVERY, report_of(0, 3, 0x1af4, 0x1001, 0x010000), NULL);
    fake.derive_st = ERIX_ERR_OVERLAP;
    ERIX_CHECK_EQ(role_op(ERIX_DEVICED_OP_START_DRIVER, "drv-virtio", 0), ERIX_ERR_OVERLAP);
    ERIX_CHECK(fake_call("abort pid=40") >= 0);
}

int main(void)
{
    ERIX_RUN(seeding_and_seal);
    ERIX_RUN(lifecycle_denials);
    ERIX_RUN(start_sequence);
    ERIX_RUN(ready_refused);
    ERIX_RUN(start_failures);
    ERIX_RUN(stopping);
    ERIX_RUN(providers);
    ERIX_RUN(consumers);
    ERIX_RUN(discovery_activation);
    ERIX_RUN(activation_without_source);
    ERIX_RUN(read_driver_reconciles);
    ERIX_RUN(bar_frames);
    return erix_test_finish();
}
