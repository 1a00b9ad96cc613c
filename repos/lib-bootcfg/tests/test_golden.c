/*
 * test_golden.c - the cross-language check: tests/data/golden.bcfg, written by
 * the integrator's compiler (integrator/bootconfig.py) from golden.toml, must
 * parse here to exactly the values golden.toml names, field by field, and
 * order as its dependencies say. argv[1] is the image (meson passes it).
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/procd.h>

#include <erix_test.h>

#include "view_check.h"

#define R ERIX_RIGHT_READ
#define W ERIX_RIGHT_WRITE
#define S ERIX_RIGHT_SEND
#define V ERIX_RIGHT_RECV
#define G ERIX_RIGHT_GRANT

enum { PROCD, MEMD, DEVICED, FBCOND, SERIAL, VIRTIO, FIXTURE, PROBE, SERVICES };

struct want_service {
    const char *role;
    uint8_t launch, priority, restart;
    uint16_t dep_first, dep_count, cap_first, cap_count;
};

static const struct want_service services[SERVICES] = {
    {"procd", ERIX_LAUNCH_ROOTD_DIRECT, 150, ERIX_RESTART_HOLD, 0, 0, 0, 7},
    {"memd", ERIX_LAUNCH_PROCD_STAGED, 140, ERIX_RESTART_ALWAYS, 0, 1, 7, 2},
    {"deviced", ERIX_LAUNCH_PROCD_STAGED, 130, ERIX_RESTART_HOLD, 1, 2, 9, 6},
    {"fbcond-with-a-long-name", ERIX_LAUNCH_PROCD_STAGED, 199, ERIX_RESTART_HOLD, 3, 2, 15, 2},
    {"drv-serial", ERIX_LAUNCH_DEVICED_DRIVER, 120, ERIX_RESTART_HOLD, 5, 1, 17, 1},
    {"drv-virtio-blk", ERIX_LAUNCH_DEVICED_DRIVER, 121, ERIX_RESTART_HOLD, 6, 1, 18, 2},
    {"drv-fixture-hold", ERIX_LAUNCH_DEVICED_DRIVER, 1, ERIX_RESTART_HOLD, 7, 1, 20, 0},
    {"phase0-probe", ERIX_LAUNCH_PROCD_SPAWN, 100, ERIX_RESTART_HOLD, 8, 1, 20, 0},
};

static const struct erix_bootcfg_cap caps[] = {
    /* procd */
    {ERIX_SRC_KERNEL_FAMILY, S, ERIX_PURPOSE_PRIMARY_CONTROL, 0, ERIX_EP_PROCESS, 2288, 0},
    {ERIX_SRC_PROCD_ENDPOINT, S | V | G, ERIX_PURPOSE_SERVICE_ENDPOINT, 0, 0, 2112, 0},
    {ERIX_SRC_ROOTD_READY, S, ERIX_PURPOSE_READY, 0, 0, 33, 0},
    {ERIX_SRC_UNTYPED, R | W, ERIX_PURPOSE_UNTYPED_POOL, 0, 16384, 34, 0},
    {ERIX_SRC_SELF_VSPACE, R | W, ERIX_PURPOSE_SELF_VSPACE, 0, 0, 35, 0},
    {ERIX_SRC_IMAGE, R, ERIX_PURPOSE_IMAGE_FRAME, 0, PROBE, 40, 0},
    {ERIX_SRC_IMAGE, R, ERIX_PURPOSE_IMAGE_FRAME, 0, SERIAL, 41, 0},
    /* memd */
    {ERIX_SRC_KERNEL_FAMILY, S, ERIX_PURPOSE_PRIMARY_CONTROL, 0, ERIX_EP_MEMORY, 2224, 0},
    {ERIX_SRC_ROOTD_READY, S, ERIX_PURPOSE_READY, 0, 0, 33, 0},
    /* deviced */
    {ERIX_SRC_KERNEL_FAMILY, S, ERIX_PURPOSE_PRIMARY_CONTROL, 0, ERIX_EP_LOG, 2272, 0},
    {ERIX_SRC_PROCD_ENDPOINT, S, ERIX_PURPOSE_PROCD_DRIVER, 0, ERIX_PROCD_BADGE_DRIVER, 2112, 0},
    {ERIX_SRC_PROCD_ENDPOINT, S, ERIX_PURPOSE_PROCD_SERVICE, 0, ERIX_PROCD_BADGE_BOOTSTRAP, 48, 0},
    {ERIX_SRC_KERNEL_FAMILY, S, ERIX_PURPOSE_CHILD_POPULATE, 0, ERIX_EP_CHILD_POPULATE, 2304, 0},
    {ERIX_SRC_SERVICE_ENDPOINT, S | G, ERIX_PURPOSE_PEER, 0, MEMD, 49, 0},
    {ERIX_SRC_ROOTD_READY, S, ERIX_PURPOSE_READY, 0, 0, 33, 0},
    /* fbcond-with-a-long-name */
    {ERIX_SRC_KERNEL_FAMILY, R | W | S | V | G, ERIX_PURPOSE_PRIMARY_CONTROL, 0, ERIX_EP_CONSOLE,
     4095, 0},
    {ERIX_SRC_SERVICE_ENDPOINT, S, ERIX_PURPOSE_PEER, 0, SERIAL, 32, 0},
    /* drv-serial */
    {ERIX_SRC_KERNEL_FAMILY, S, ERIX_PURPOSE_PRIMARY_CONTROL, 0, ERIX_EP_COM1, 2208, 0},
    /* drv-virtio-blk */
    {ERIX_SRC_KERNEL_FAMILY, S, ERIX_PURPOSE_DEVICE, 0, ERIX_EP_PCI_CONFIG, 2176, 0},
    {ERIX_SRC_KERNEL_FAMILY, S, ERIX_PURPOSE_DEVICE, 0, ERIX_EP_IRQ, 2144, 0},
};

static const uint16_t deps[] = {PROCD, PROCD, MEMD, DEVICED, SERIAL, DEVICED, DEVICED,
                                DEVICED, PROCD};

struct want_driver {
    uint16_t service;
    uint8_t match;
    uint16_t vendor, device;
    uint32_t class_code;
    const char *consumer;
};

static const struct want_driver drivers[] = {
    {SERIAL, ERIX_MATCH_PLATFORM, 0, 0, 0, "fbcond-with-a-long-name"},
    {VIRTIO, ERIX_MATCH_PCI, 0x1af4, 0x1001, 0x010000, ""},
    {FIXTURE, ERIX_MATCH_FIXTURE, 0, 0, 0, ""},
};

static _Alignas(8) uint8_t img[ERIX_BOOTCFG_MAX_SIZE + 1];
static size_t img_size;
static struct erix_bootcfg_view v;

static void test_header(void)
{
    const struct erix_bootcfg_header *h = v.header;

    ERIX_CHECK(memcmp(h->magic, "ERIXBCFG", 8) == 0);
    ERIX_CHECK_EQ(h->version, 1);
    ERIX_CHECK_EQ(h->total_size, 1072);
    ERIX_CHECK_EQ(h->total_size, img_size);
    ERIX_CHECK_EQ(h->header_size, 80);
    ERIX_CHECK_EQ(h->checksum, erix_bootcfg_checksum(img, img_size));
    ERIX_CHECK_EQ(h->service_count, SERVICES);
    ERIX_CHECK_EQ(h->service_offset, 80);
    ERIX_CHECK_EQ(h->cap_count, sizeof caps / sizeof caps[0]);
    ERIX_CHECK_EQ(h->cap_offset, 80 + SERVICES * 64);
    ERIX_CHECK_EQ(h->dep_count, sizeof deps / sizeof deps[0]);
    ERIX_CHECK_EQ(h->dep_offset, 592 + 20 * 16);
    ERIX_CHECK_EQ(h->driver_count, sizeof drivers / sizeof drivers[0]);
    ERIX_CHECK_EQ(h->driver_offset, 952); /* 912 + 36, padded to 8 */
    ERIX_CHECK(strcmp(h->validation_profile, "phase2-deviced") == 0);
    ERIX_CHECK(view_check(&v, img, img_size) == NULL);
}

static void test_services(void)
{
    for (uint32_t i = 0; i < SERVICES; i++) {
        const struct erix_bootcfg_service *s = &v.services[i];
        const struct want_service *w = &services[i];
        char pad[ERIX_BOOTCFG_NAME_MAX] = {0};

        memcpy(pad, w->role, strlen(w->role));
        ERIX_CHECK(memcmp(s->role, pad, sizeof pad) == 0);
        ERIX_CHECK(memcmp(s->module, pad, sizeof pad) == 0); /* module defaults to role */
        ERIX_CHECK_EQ(s->launch, w->launch);
        ERIX_CHECK_EQ(s->priority, w->priority);
        ERIX_CHECK_EQ(s->restart, w->restart);
        ERIX_CHECK_EQ(s->flags, 0);
        ERIX_CHECK_EQ(s->dep_first, w->dep_first);
        ERIX_CHECK_EQ(s->dep_count, w->dep_count);
        ERIX_CHECK_EQ(s->cap_first, w->cap_first);
        ERIX_CHECK_EQ(s->cap_count, w->cap_count);
        ERIX_CHECK_EQ(s->reserved, 0);
        ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, w->role), (int)i);
    }
}

static void test_caps_and_deps(void)
{
    for (uint32_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
        ERIX_CHECK(memcmp(&v.caps[i], &caps[i], sizeof caps[i]) == 0);
    for (uint32_t i = 0; i < sizeof deps / sizeof deps[0]; i++) {
        ERIX_CHECK_EQ(v.deps[i].service, deps[i]);
        ERIX_CHECK_EQ(v.deps[i].reserved, 0);
    }
}

static void test_drivers(void)
{
    for (uint32_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++) {
        const struct erix_bootcfg_driver *d = &v.drivers[i];
        char pad[ERIX_BOOTCFG_NAME_MAX] = {0};

        memcpy(pad, drivers[i].consumer, strlen(drivers[i].consumer));
        ERIX_CHECK_EQ(d->service, drivers[i].service);
        ERIX_CHECK_EQ(d->match, drivers[i].match);
        ERIX_CHECK_EQ(d->flags, 0);
        ERIX_CHECK_EQ(d->vendor, drivers[i].vendor);
        ERIX_CHECK_EQ(d->device, drivers[i].device);
        ERIX_CHECK_EQ(d->class_code, drivers[i].class_code);
        ERIX_CHECK(memcmp(d->consumer_role, pad, sizeof pad) == 0);
        ERIX_CHECK_EQ(d->reserved, 0);
    }
}

static void test_order(void)
{
    /* fbcond is listed before drv-serial but waits for it */
    static const uint16_t want[SERVICES] = {PROCD, MEMD, DEVICED, SERIAL, FBCOND, VIRTIO,
                                            FIXTURE, PROBE};
    uint16_t order[SERVICES];

    ERIX_CHECK_EQ(erix_bootcfg_order(&v, order), ERIX_OK);
    for (uint32_t i = 0; i < SERVICES; i++)
        ERIX_CHECK_EQ(order[i], want[i]);
}

static int load(const char *path)
{
    FILE *f = fopen(path, "rb");

    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return 0;
    }
    img_size = fread(img, 1, sizeof img, f);
    fclose(f);
    return img_size > 0 && img_size <= ERIX_BOOTCFG_MAX_SIZE;
}

int main(int argc, char **argv)
{
    if (argc != 2 || !load(argv[1])) {
        fprintf(stderr, "usage: %s tests/data/golden.bcfg\n", argv[0]);
        return EXIT_FAILURE;
    }
    erix_status_t st = erix_bootcfg_parse(img, img_size, &v);
    printf("parse %s: %s\n", argv[1], erix_status_name(st));
    ERIX_CHECK_EQ(st, ERIX_OK);
    if (st != ERIX_OK)
        return erix_test_finish();
    ERIX_RUN(test_header);
    ERIX_RUN(test_services);
    ERIX_RUN(test_caps_and_deps);
    ERIX_RUN(test_drivers);
    ERIX_RUN(test_order);
    return erix_test_finish();
}
