/*
 * test_seed.c - what rootd tells deviced, from a boot configuration built in
 * memory: a platform driver's seed (identity, consumer, capability specs), a
 * PCI driver's (ids, activation on discovery), a fixture's, a source deviced
 * cannot hand out, too many capabilities, and the badges of capabilities to
 * deviced.
 */
#include <string.h>

#include <erix/bootcfg.h>
#include <erix/caps.h>
#include <erix/deviced.h>

#include "erix_test.h"
#include "seed.h"

enum { PROCD, DEVICED, SERIAL, SERIALD, PROBED, VIRTIO, N };

static struct erix_bootcfg_header hdr;
static struct erix_bootcfg_service svcs[N];
static struct erix_bootcfg_cap caps[32];
static struct erix_bootcfg_driver drivers[2];
static struct erix_bootcfg_view view = {&hdr, svcs, caps, NULL, drivers};

static void name(char *dst, const char *src)
{
    memset(dst, 0, ERIX_BOOTCFG_NAME_MAX);
    memcpy(dst, src, strlen(src));
}

static void config(void)
{
    static const char *roles[N] = {"procd", "deviced", "drv-serial", "seriald", "probed",
                                   "drv-virtio"};
    memset(&hdr, 0, sizeof hdr);
    memset(svcs, 0, sizeof svcs);
    memset(caps, 0, sizeof caps);
    memset(drivers, 0, sizeof drivers);
    hdr.service_count = N;
    hdr.driver_count = 2;
    for (unsigned i = 0; i < N; i++) {
        name(svcs[i].role, roles[i]);
        svcs[i].priority = (uint8_t)(100 + i);
        svcs[i].launch = i == SERIAL || i == VIRTIO ? ERIX_LAUNCH_DEVICED_DRIVER : ERIX_LAUNCH_PROCD_STAGED;
    }
    /* drv-serial: COM1 primary control, READY and a peer to deviced */
    svcs[SERIAL].cap_first = 0;
    svcs[SERIAL].cap_count = 3;
    caps[0] = (struct erix_bootcfg_cap){ERIX_SRC_KERNEL_FAMILY, ERIX_RIGHT_SEND,
                                        ERIX_PURPOSE_PRIMARY_CONTROL, 0, ERIX_EP_COM1, 2208, 0};
    caps[1] = (struct erix_bootcfg_cap){ERIX_SRC_SERVICE_ENDPOINT, ERIX_RIGHT_SEND, ERIX_PURPOSE_READY,
                                        0, DEVICED, 33, 0};
    caps[2] = (struct erix_bootcfg_cap){ERIX_SRC_SERVICE_ENDPOINT, ERIX_RIGHT_SEND, ERIX_PURPOSE_PEER,
                                        0, DEVICED, 48, 0};
    svcs[VIRTIO].cap_first = 3;
    svcs[VIRTIO].cap_count = 2;
    caps[3] = caps[0];
    caps[3].arg = ERIX_EP_ACPI;
    caps[3].dest_slot = 2320;
    caps[4] = caps[1];
    drivers[0] = (struct erix_bootcfg_driver){SERIAL, ERIX_MATCH_PLATFORM, 0, 0, 0, 0, {0}, 0};
    name(drivers[0].consumer_role, "seriald");
    drivers[1] = (struct erix_bootcfg_driver){VIRTIO, ERIX_MATCH_PCI, 0, 0x1af4, 0x1001,
                                              0xffffffffu, {0}, 0};
}

static void platform_driver(void)
{
    struct erix_deviced_seed s;
    uint32_t bad = 99;
    config();
    ERIX_CHECK_EQ(seed_build(&view, DEVICED, 0, &s, &bad), ERIX_OK);
    ERIX_CHECK(strcmp(s.role, "drv-serial") == 0);
    ERIX_CHECK(strcmp(s.consumer_role, "seriald") == 0);
    ERIX_CHECK_EQ(s.consumer_index, SERIALD);
    ERIX_CHECK_EQ(s.image_index, SERIAL);
    ERIX_CHECK_EQ(s.priority, 102);
    ERIX_CHECK_EQ(s.match, ERIX_DEVICED_MATCH_PLATFORM);
    ERIX_CHECK_EQ(s.activation, ERIX_DEVICED_ACTIVATE_EXPLICIT);
    ERIX_CHECK_EQ(s.vendor, ERIX_DEVICED_ANY_ID);
    ERIX_CHECK_EQ(s.class_code, ERIX_DEVICED_ANY_CLASS);
    ERIX_CHECK_EQ(s.cap_count, 3);
    ERIX_CHECK_EQ(s.caps[0].source, ERIX_DEVICED_SRC_FAMILY);
    ERIX_CHECK_EQ(s.caps[0].arg, ERIX_EP_COM1);
    ERIX_CHECK_EQ(s.caps[0].dest_slot, 2208);
    ERIX_CHECK_EQ(s.caps[0].purpose, ERIX_PURPOSE_PRIMARY_CONTROL);
    ERIX_CHECK_EQ(s.caps[1].source, ERIX_DEVICED_SRC_DEVICED);
    ERIX_CHECK_EQ(s.caps[1].arg, 0);
    ERIX_CHECK_EQ(s.caps[2].purpose, ERIX_PURPOSE_PEER);
    /* what deviced checks, it accepts */
    struct erix_deviced_seed decoded;
    ERIX_CHECK_EQ(erix_deviced_seed_decode(&s, erix_deviced_seed_size(s.cap_count), &decoded), ERIX_OK);
    ERIX_CHECK(memcmp(&decoded, &s, sizeof s) == 0); /* already canonical */
}

static void pci_driver(void)
{
    struct erix_deviced_seed s;
    uint32_t bad = 99;
    config();
    ERIX_CHECK_EQ(seed_build(&view, DEVICED, 1, &s, &bad), ERIX_OK);
    ERIX_CHECK_EQ(s.match, ERIX_DEVICED_MATCH_PCI);
    ERIX_CHECK_EQ(s.activation, ERIX_DEVICED_ACTIVATE_ON_DISCOVERY);
    ERIX_CHECK_EQ(s.vendor, 0x1af4);
    ERIX_CHECK_EQ(s.device, 0x1001);
    ERIX_CHECK_EQ(s.class_code, 0xffffffffu);
    ERIX_CHECK_EQ(s.consumer_index, ERIX_DEVICED_NO_INDEX);
    ERIX_CHECK_EQ(s.consumer_role[0], 0);
    struct erix_deviced_seed decoded;
    ERIX_CHECK_EQ(erix_deviced_seed_decode(&s, erix_deviced_seed_size(s.cap_count), &decoded), ERIX_OK);
    ERIX_CHECK_EQ(seed_driver_row(&view, VIRTIO), 1);
    ERIX_CHECK_EQ(seed_driver_row(&view, SERIALD), -1);
}

static void refusals(void)
{
    struct erix_deviced_seed s;
    uint32_t bad = 99;
    config();
    caps[2].source = ERIX_SRC_UNTYPED; /* deviced has no memory to hand out */
    ERIX_CHECK_EQ(seed_build(&view, DEVICED, 0, &s, &bad), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(bad, 2);
    config();
    caps[1].arg = SERIALD; /* another service's endpoint */
    ERIX_CHECK_EQ(seed_build(&view, DEVICED, 0, &s, &bad), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(bad, 1);
    config();
    ERIX_CHECK_EQ(seed_build(&view, -1, 0, &s, &bad), ERIX_ERR_INVALID_ARGUMENT); /* no deviced */
    config();
    svcs[SERIAL].cap_count = ERIX_DEVICED_MAX_CAPS + 1;
    ERIX_CHECK_EQ(seed_build(&view, DEVICED, 0, &s, &bad), ERIX_ERR_LIMIT);
}

static void badges(void)
{
    config();
    ERIX_CHECK_EQ(seed_peer_badge(&view, DEVICED, SERIALD, DEVICED),
                  ERIX_DEVICED_BADGE(ERIX_DEVICED_SURFACE_CONSUMER, SERIALD));
    ERIX_CHECK_EQ(seed_peer_badge(&view, DEVICED, PROBED, DEVICED),
                  ERIX_DEVICED_BADGE(ERIX_DEVICED_SURFACE_DISCOVERY, PROBED));
    ERIX_CHECK_EQ(seed_peer_badge(&view, DEVICED, SERIALD, PROCD), 0);
    ERIX_CHECK_EQ(seed_peer_badge(&view, -1, SERIALD, DEVICED), 0);
    ERIX_CHECK_EQ(erix_deviced_surface_of(seed_peer_badge(&view, DEVICED, SERIALD, DEVICED)),
                  ERIX_DEVICED_SURFACE_CONSUMER);
}

int main(void)
{
    ERIX_RUN(platform_driver);
    ERIX_RUN(pci_driver);
    ERIX_RUN(refusals);
    ERIX_RUN(badges);
    return erix_test_finish();
}
