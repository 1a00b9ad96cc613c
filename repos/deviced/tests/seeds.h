/*
 * seeds.h - seeds the host tests share: a fixture, a platform driver with a
 * consumer, a PCI driver activated on discovery.
 */
#ifndef DEVICED_TEST_SEEDS_H
#define DEVICED_TEST_SEEDS_H

#include <string.h>

#include <erix/caps.h>
#include <erix/deviced.h>

static inline struct erix_deviced_seed seed_base(const char *role, uint8_t match)
{
    struct erix_deviced_seed s;
    memset(&s, 0, sizeof s);
    strncpy(s.role, role, sizeof s.role - 1);
    s.image_index = 3;
    s.consumer_index = ERIX_DEVICED_NO_INDEX;
    s.match = match;
    s.priority = 120;
    s.vendor = ERIX_DEVICED_ANY_ID;
    s.device = ERIX_DEVICED_ANY_ID;
    s.class_code = ERIX_DEVICED_ANY_CLASS;
    s.cap_count = 3;
    s.caps[0] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_FAMILY, ERIX_RIGHT_SEND,
                                               ERIX_PURPOSE_PRIMARY_CONTROL, 0, ERIX_EP_ACPI, 2320, 0};
    s.caps[1] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_DEVICED, ERIX_RIGHT_SEND,
                                               ERIX_PURPOSE_READY, 0, 0, 33, 0};
    s.caps[2] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_DEVICED, ERIX_RIGHT_SEND,
                                               ERIX_PURPOSE_PEER, 0, 0, 48, 0};
    return s;
}

static inline struct erix_deviced_seed seed_fixture(const char *role)
{
    return seed_base(role, ERIX_DEVICED_MATCH_FIXTURE);
}

/* drv-serial: COM1 primary, consumer "seriald" (service index 4). */
static inline struct erix_deviced_seed seed_serial(void)
{
    struct erix_deviced_seed s = seed_base("drv-serial", ERIX_DEVICED_MATCH_PLATFORM);
    s.caps[0].arg = ERIX_EP_COM1;
    s.caps[0].dest_slot = 2208;
    strcpy(s.consumer_role, "seriald");
    s.consumer_index = 4;
    return s;
}

/* A virtio-blk driver (1af4:1001), started by deviced once discovered. */
static inline struct erix_deviced_seed seed_pci(const char *role)
{
    struct erix_deviced_seed s = seed_base(role, ERIX_DEVICED_MATCH_PCI);
    s.vendor = 0x1af4;
    s.device = 0x1001;
    s.activation = ERIX_DEVICED_ACTIVATE_ON_DISCOVERY;
    return s;
}

static inline struct erix_deviced_pci_report report_of(uint8_t bus, uint8_t dev, uint16_t vendor,
                                                       uint16_t device, uint32_t klass)
{
    struct erix_deviced_pci_report r = {bus, dev, 0, 0, vendor, device, klass, 0};
    return r;
}

#endif
