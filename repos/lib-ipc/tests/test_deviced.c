/* test_deviced.c - deviced's ABI: badges, the seed validator (a sound seed,
 * its canonical form, every refusal) and the other request bodies. */
#include <string.h>

#include <erix/caps.h>
#include <erix/deviced.h>

#include "erix_test.h"

static struct erix_deviced_seed seed;
static struct erix_deviced_seed out;

static void build(void)
{
    memset(&seed, 0, sizeof seed);
    strcpy(seed.role, "drv-serial");
    strcpy(seed.consumer_role, "seriald");
    seed.image_index = 3;
    seed.consumer_index = 4;
    seed.match = ERIX_DEVICED_MATCH_PLATFORM;
    seed.priority = 120;
    seed.activation = ERIX_DEVICED_ACTIVATE_EXPLICIT;
    seed.vendor = ERIX_DEVICED_ANY_ID;
    seed.device = ERIX_DEVICED_ANY_ID;
    seed.class_code = ERIX_DEVICED_ANY_CLASS;
    seed.cap_count = 3;
    seed.caps[0] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_FAMILY, ERIX_RIGHT_SEND,
                                                  ERIX_PURPOSE_PRIMARY_CONTROL, 0, ERIX_EP_COM1,
                                                  2208, 0};
    seed.caps[1] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_DEVICED, ERIX_RIGHT_SEND,
                                                  ERIX_PURPOSE_READY, 0, 0, 33, 0};
    seed.caps[2] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_DEVICED, ERIX_RIGHT_SEND,
                                                  ERIX_PURPOSE_PEER, 0, 0, 48, 0};
}

static erix_status_t decode(void)
{
    return erix_deviced_seed_decode(&seed, erix_deviced_seed_size(seed.cap_count), &out);
}

static void badges(void)
{
    ERIX_CHECK_EQ(erix_deviced_surface_of(ERIX_DEVICED_BADGE_ADMIN), ERIX_DEVICED_SURFACE_ADMIN);
    ERIX_CHECK_EQ(erix_deviced_surface_of(ERIX_DEVICED_BADGE(ERIX_DEVICED_SURFACE_ADMIN, 1)), 0);
    ERIX_CHECK_EQ(erix_deviced_surface_of(ERIX_DEVICED_BADGE(ERIX_DEVICED_SURFACE_DRIVER, 7)),
                  ERIX_DEVICED_SURFACE_DRIVER);
    ERIX_CHECK_EQ(erix_deviced_surface_of(ERIX_DEVICED_BADGE(ERIX_DEVICED_SURFACE_CONSUMER, 2)),
                  ERIX_DEVICED_SURFACE_CONSUMER);
    ERIX_CHECK_EQ(erix_deviced_surface_of(ERIX_DEVICED_BADGE(ERIX_DEVICED_SURFACE_DISCOVERY, 2)),
                  ERIX_DEVICED_SURFACE_DISCOVERY);
    ERIX_CHECK_EQ(erix_deviced_surface_of(0), 0);
    ERIX_CHECK_EQ(erix_deviced_surface_of(ERIX_DEVICED_BADGE(5, 0)), 0);
    ERIX_CHECK_EQ(erix_deviced_surface_of(ERIX_DEVICED_BADGE_ADMIN | (1ull << 40)), 0);
    ERIX_CHECK_EQ(ERIX_DEVICED_BADGE_INDEX(ERIX_DEVICED_BADGE(2, 9)), 9);
}

static void sound_seed(void)
{
    build();
    memset(&out, 0xaa, sizeof out);
    ERIX_CHECK_EQ(decode(), ERIX_OK);
    ERIX_CHECK(strcmp(out.role, "drv-serial") == 0);
    ERIX_CHECK_EQ(out.cap_count, 3);
    ERIX_CHECK_EQ(out.caps[2].dest_slot, 48);
    /* canonical: unused specs are zero, whatever the caller's buffer held */
    for (unsigned i = 3; i < ERIX_DEVICED_MAX_CAPS; i++)
        ERIX_CHECK_EQ(out.caps[i].dest_slot, 0);
    ERIX_CHECK_EQ(erix_deviced_seed_size(0), 72);
    ERIX_CHECK_EQ(erix_deviced_seed_size(16), 72 + 256);
    /* no capabilities at all is a seed too (the driver will refuse it) */
    build();
    seed.cap_count = 0;
    ERIX_CHECK_EQ(decode(), ERIX_OK);
    /* a PCI match with ids and a BAR */
    build();
    seed.match = ERIX_DEVICED_MATCH_PCI;
    seed.vendor = 0x1af4;
    seed.device = 0x1001;
    seed.class_code = 0x010000;
    seed.caps[2] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_PCI_BAR,
                                                  ERIX_RIGHT_READ | ERIX_RIGHT_WRITE,
                                                  ERIX_PURPOSE_DEVICE, 0, 1, 64, 0};
    ERIX_CHECK_EQ(decode(), ERIX_OK);
}

#define REFUSE(expr, status)                                                   \
    do {                                                                       \
        build();                                                               \
        expr;                                                                  \
        ERIX_CHECK_EQ(decode(), status);                                       \
    } while (0)

static void seed_sizes(void)
{
    build();
    ERIX_CHECK_EQ(erix_deviced_seed_decode(&seed, erix_deviced_seed_size(3) - 1, &out),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_deviced_seed_decode(&seed, erix_deviced_seed_size(3) + 16, &out),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_deviced_seed_decode(&seed, 71, &out), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_deviced_seed_decode(NULL, 72, &out), ERIX_ERR_MALFORMED);
    build();
    seed.cap_count = 17;
    ERIX_CHECK_EQ(erix_deviced_seed_decode(&seed, sizeof seed, &out), ERIX_ERR_LIMIT);
}

static void seed_header_refusals(void)
{
    REFUSE(seed.role[0] = 'D', ERIX_ERR_MALFORMED);
    REFUSE(memset(seed.role, 'a', sizeof seed.role), ERIX_ERR_MALFORMED);
    REFUSE(seed.role[20] = 'x', ERIX_ERR_MALFORMED); /* bytes after the NUL */
    REFUSE(seed.role[0] = 0, ERIX_ERR_MALFORMED);
    REFUSE(seed.consumer_role[2] = '_', ERIX_ERR_MALFORMED);
    REFUSE(seed.consumer_index = ERIX_DEVICED_NO_INDEX, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(memset(seed.consumer_role, 0, sizeof seed.consumer_role), ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.match = 0, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.match = 4, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.priority = 0, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.priority = 200, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.activation = 2, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.flags = 0x80, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.reserved = 1, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.vendor = 0x8086, ERIX_ERR_INVALID_ARGUMENT); /* ids on a platform match */
    REFUSE(seed.class_code = 0, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE((seed.match = ERIX_DEVICED_MATCH_PCI, seed.class_code = 1u << 24),
           ERIX_ERR_INVALID_ARGUMENT);
    REFUSE((memset(seed.consumer_role, 0, sizeof seed.consumer_role),
            seed.consumer_index = ERIX_DEVICED_NO_INDEX, seed.flags = ERIX_DEVICED_SEED_REQUIRES_HAL),
           ERIX_ERR_INVALID_ARGUMENT);
}

static void seed_cap_refusals(void)
{
    REFUSE(seed.caps[0].source = 0, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[0].source = 4, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[0].arg = ERIX_EP_GENERIC, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[0].arg = 99, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[0].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[1].rights = ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[1].arg = 1, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[1].reserved0 = 1, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[1].reserved = 1, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[0].purpose = 0, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[0].purpose = ERIX_PURPOSE_COUNT, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[2].purpose = ERIX_PURPOSE_SERVICE_ENDPOINT, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[2].purpose = ERIX_PURPOSE_FAULT_ENDPOINT, ERIX_ERR_INVALID_ARGUMENT);
    REFUSE(seed.caps[0].purpose = ERIX_PURPOSE_READY, ERIX_ERR_INVALID_ARGUMENT); /* READY from a family */
    REFUSE(seed.caps[2].purpose = ERIX_PURPOSE_READY, ERIX_ERR_EXISTS);
    REFUSE((seed.caps[2] = seed.caps[0], seed.caps[2].dest_slot = 49), ERIX_ERR_EXISTS);
    REFUSE(seed.caps[2].dest_slot = 33, ERIX_ERR_EXISTS);
    REFUSE(seed.caps[2].dest_slot = 31, ERIX_ERR_INVALID_SLOT);
    REFUSE(seed.caps[2].dest_slot = 16, ERIX_ERR_INVALID_SLOT);
    REFUSE(seed.caps[2].dest_slot = ERIX_CSPACE_SLOTS, ERIX_ERR_INVALID_SLOT);
    /* a BAR only for a PCI match, only as a DEVICE frame, BAR 0..5, READ/WRITE */
    REFUSE((seed.caps[2].source = ERIX_DEVICED_SRC_PCI_BAR, seed.caps[2].rights = ERIX_RIGHT_READ,
            seed.caps[2].purpose = ERIX_PURPOSE_DEVICE), ERIX_ERR_INVALID_ARGUMENT);
    build();
    seed.match = ERIX_DEVICED_MATCH_PCI;
    seed.caps[2] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_PCI_BAR, ERIX_RIGHT_READ,
                                                  ERIX_PURPOSE_DEVICE, 0, 6, 64, 0};
    ERIX_CHECK_EQ(decode(), ERIX_ERR_INVALID_ARGUMENT);
    seed.caps[2].arg = 5;
    seed.caps[2].rights = ERIX_RIGHT_SEND;
    ERIX_CHECK_EQ(decode(), ERIX_ERR_INVALID_ARGUMENT);
    seed.caps[2].rights = ERIX_RIGHT_READ;
    seed.caps[2].purpose = ERIX_PURPOSE_PEER;
    ERIX_CHECK_EQ(decode(), ERIX_ERR_INVALID_ARGUMENT);
    seed.caps[2].purpose = ERIX_PURPOSE_DEVICE;
    ERIX_CHECK_EQ(decode(), ERIX_OK);
}

static void role_requests(void)
{
    struct erix_deviced_role_req r, o;
    memset(&r, 0, sizeof r);
    strcpy(r.role, "drv-fixture-hold");
    ERIX_CHECK_EQ(erix_deviced_role_req_decode(ERIX_DEVICED_OP_START_DRIVER, &r, sizeof r, &o),
                  ERIX_OK);
    ERIX_CHECK(strcmp(o.role, "drv-fixture-hold") == 0);
    ERIX_CHECK_EQ(erix_deviced_role_req_decode(ERIX_DEVICED_OP_START_DRIVER, &r, 31, &o),
                  ERIX_ERR_MALFORMED);
    r.flags = ERIX_DEVICED_READ_ENDPOINT;
    ERIX_CHECK_EQ(erix_deviced_role_req_decode(ERIX_DEVICED_OP_START_DRIVER, &r, sizeof r, &o),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_deviced_role_req_decode(ERIX_DEVICED_OP_READ_DRIVER, &r, sizeof r, &o),
                  ERIX_OK);
    r.flags = 2;
    ERIX_CHECK_EQ(erix_deviced_role_req_decode(ERIX_DEVICED_OP_READ_DRIVER, &r, sizeof r, &o),
                  ERIX_ERR_INVALID_ARGUMENT);
    r.flags = 0;
    r.reserved = 1;
    ERIX_CHECK_EQ(erix_deviced_role_req_decode(ERIX_DEVICED_OP_STOP_DRIVER, &r, sizeof r, &o),
                  ERIX_ERR_INVALID_ARGUMENT);
    r.reserved = 0;
    r.role[3] = '_';
    ERIX_CHECK_EQ(erix_deviced_role_req_decode(ERIX_DEVICED_OP_STOP_DRIVER, &r, sizeof r, &o),
                  ERIX_ERR_MALFORMED);
}

static void reports(void)
{
    struct erix_deviced_pci_report p = {0, 31, 0, 0, 0x8086, 0x2918, 0x060100, 0}, po;
    ERIX_CHECK_EQ(erix_deviced_pci_report_decode(&p, sizeof p, &po), ERIX_OK);
    ERIX_CHECK_EQ(po.device_id, 0x2918);
    ERIX_CHECK_EQ(erix_deviced_pci_report_decode(&p, sizeof p + 1, &po), ERIX_ERR_MALFORMED);
    p.device = 32;
    ERIX_CHECK_EQ(erix_deviced_pci_report_decode(&p, sizeof p, &po), ERIX_ERR_INVALID_ARGUMENT);
    p.device = 31;
    p.function = 8;
    ERIX_CHECK_EQ(erix_deviced_pci_report_decode(&p, sizeof p, &po), ERIX_ERR_INVALID_ARGUMENT);
    p.function = 0;
    p.vendor = 0xffff;
    ERIX_CHECK_EQ(erix_deviced_pci_report_decode(&p, sizeof p, &po), ERIX_ERR_INVALID_ARGUMENT);
    p.vendor = 0x8086;
    p.class_code = 1u << 24;
    ERIX_CHECK_EQ(erix_deviced_pci_report_decode(&p, sizeof p, &po), ERIX_ERR_INVALID_ARGUMENT);
    p.class_code = 0;
    p.reserved0 = 1;
    ERIX_CHECK_EQ(erix_deviced_pci_report_decode(&p, sizeof p, &po), ERIX_ERR_INVALID_ARGUMENT);
    p.reserved0 = 0;

    struct erix_deviced_hotplug_report h = {ERIX_DEVICED_HOTPLUG_ADD, 0, p}, ho;
    ERIX_CHECK_EQ(erix_deviced_hotplug_decode(&h, sizeof h, &ho), ERIX_OK);
    h.event = 3;
    ERIX_CHECK_EQ(erix_deviced_hotplug_decode(&h, sizeof h, &ho), ERIX_ERR_INVALID_ARGUMENT);
    h.event = ERIX_DEVICED_HOTPLUG_REMOVE;
    h.reserved = 1;
    ERIX_CHECK_EQ(erix_deviced_hotplug_decode(&h, sizeof h, &ho), ERIX_ERR_INVALID_ARGUMENT);
    h.reserved = 0;
    h.dev.vendor = 0xffff;
    ERIX_CHECK_EQ(erix_deviced_hotplug_decode(&h, sizeof h, &ho), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_deviced_hotplug_decode(&h, 16, &ho), ERIX_ERR_MALFORMED);
}

static void providers_and_indexes(void)
{
    struct erix_deviced_provider_req p, po;
    memset(&p, 0, sizeof p);
    p.interface = ERIX_PROVIDER_FIXTURE;
    ERIX_CHECK_EQ(erix_deviced_provider_decode(&p, sizeof p, &po), ERIX_OK); /* nobody */
    strcpy(p.consumer_role, "seriald");
    p.interface = ERIX_PROVIDER_SERIAL;
    ERIX_CHECK_EQ(erix_deviced_provider_decode(&p, sizeof p, &po), ERIX_OK);
    p.interface = 0;
    ERIX_CHECK_EQ(erix_deviced_provider_decode(&p, sizeof p, &po), ERIX_ERR_INVALID_ARGUMENT);
    p.interface = ERIX_PROVIDER_MAX + 1;
    ERIX_CHECK_EQ(erix_deviced_provider_decode(&p, sizeof p, &po), ERIX_ERR_INVALID_ARGUMENT);
    p.interface = 1;
    p.consumer_role[0] = 'S';
    ERIX_CHECK_EQ(erix_deviced_provider_decode(&p, sizeof p, &po), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_deviced_provider_decode(&p, 8, &po), ERIX_ERR_MALFORMED);

    struct erix_deviced_index_req i = {3, 0}, io;
    ERIX_CHECK_EQ(erix_deviced_index_decode(&i, sizeof i, &io), ERIX_OK);
    ERIX_CHECK_EQ(io.index, 3);
    i.reserved = 2;
    ERIX_CHECK_EQ(erix_deviced_index_decode(&i, sizeof i, &io), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_deviced_index_decode(&i, 4, &io), ERIX_ERR_MALFORMED);
    ERIX_CHECK(strcmp(erix_deviced_state_name(ERIX_DEVICED_DRV_RUNNING), "running") == 0);
    ERIX_CHECK(strcmp(erix_deviced_state_name(99), "?") == 0);
}

int main(void)
{
    ERIX_RUN(badges);
    ERIX_RUN(sound_seed);
    ERIX_RUN(seed_sizes);
    ERIX_RUN(seed_header_refusals);
    ERIX_RUN(seed_cap_refusals);
    ERIX_RUN(role_requests);
    ERIX_RUN(reports);
    ERIX_RUN(providers_and_indexes);
    return erix_test_finish();
}
