/*
 * seed.h - what rootd tells deviced, made from the boot configuration alone:
 * a driver row's seed (erix/deviced.h) and the badge of a service's
 * capability to deviced. Pure: host tests build configurations in memory.
 */
#ifndef ROOTD_SEED_H
#define ROOTD_SEED_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/bootcfg.h>
#include <erix/deviced.h>

/*
 * The seed of driver row `row`: the service's role and priority, image index
 * = its service index, match and PCI ids (ANY for other matches), the
 * consumer role and its service index, activation ON_DISCOVERY for a PCI
 * match (EXPLICIT otherwise), and per configured capability a cap spec:
 * kernel-family -> FAMILY, service-endpoint of `deviced` (its service index)
 * -> DEVICED. Any other source: ERIX_ERR_INVALID_ARGUMENT with *bad_cap its
 * index; more than ERIX_DEVICED_MAX_CAPS: ERIX_ERR_LIMIT.
 */
erix_status_t seed_build(const struct erix_bootcfg_view *cfg, int32_t deviced, uint32_t row,
                         struct erix_deviced_seed *out, uint32_t *bad_cap);

/* The badge rootd gives service `consumer`'s capability to `target`: 0 unless
 * target is deviced; DISCOVERY | consumer for probed and hotplugd, CONSUMER |
 * consumer for every other service. */
uint64_t seed_peer_badge(const struct erix_bootcfg_view *cfg, int32_t deviced, uint16_t consumer,
                         uint32_t target);

/* The driver row of service i, -1 if none. */
int32_t seed_driver_row(const struct erix_bootcfg_view *cfg, uint16_t service);

#endif
