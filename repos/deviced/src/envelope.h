/*
 * envelope.h - a driver's startup: which of deviced's capabilities feeds each
 * capability of the seed (the plan), and the envelope deviced hands procd's
 * START_STAGED_PROCESS.
 *
 * Sources: a FAMILY capability comes from deviced's DEVICE capability of that
 * kind (the contract); DEVICED is deviced's own endpoint, installed badged
 * DRIVER | binding; PCI_BAR is a device frame derived from the bound PCI
 * device into a scratch slot just before it is installed. Besides the seed's
 * capabilities the envelope lists procd's two slots of every staged child
 * (16: its service endpoint, the provider endpoint; 17: its fault endpoint)
 * and names deviced as the peer of every DEVICED capability listed as PEER.
 *
 * Pure.
 */
#ifndef DEVICED_ENVELOPE_H
#define DEVICED_ENVELOPE_H

#include <stdint.h>

#include <erix/deviced.h>
#include <erix/status.h>

#include "contract.h"

struct deviced_source {
    uint32_t slot;                  /* deviced's slot to install from */
    uint64_t badge;                 /* installed with this badge (0: none) */
    uint8_t type;                   /* what lands in the driver */
    uint8_t kind;
    uint8_t rights;                 /* the rights the source has */
    uint8_t derive;                 /* PCI_BAR: derive into slot first */
};

/*
 * The source of every capability of seed s for binding b. ERIX_ERR_NOT_FOUND:
 * deviced holds no DEVICE capability of a family the seed names (nothing was
 * made). PCI_BAR sources name DEVICED_SLOT_BAR_SCRATCH with derive set.
 */
erix_status_t deviced_plan_sources(const struct erix_deviced_seed *s, uint32_t b,
                                   const struct deviced_contract *c, uint32_t endpoint_slot,
                                   struct deviced_source out[ERIX_DEVICED_MAX_CAPS]);

/*
 * Lay out binding b's envelope into buf (8-byte aligned, cap bytes): role,
 * service index b, each seed capability with the rights it gets (the seed's
 * and the source's), procd's slots 16 and 17, and the peers. *len is its size,
 * *primary its primary control slot (0 when the seed has none). The result is
 * checked with erix_envelope_validate.
 */
erix_status_t deviced_envelope_build(const struct erix_deviced_seed *s, uint32_t b,
                                     const struct deviced_source src[ERIX_DEVICED_MAX_CAPS],
                                     void *buf, uint32_t cap, uint32_t *len, uint32_t *primary);

#endif
