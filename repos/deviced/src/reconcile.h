/*
 * reconcile.h - activation: which binding deviced starts on its own next.
 *
 * Activation is reconciled from three inputs the registry keeps: discovery
 * (REPORT_DEVICE, REPORT_HOTPLUG bind a PCI binding to a device), HAL
 * readiness (REGISTER_HAL of the binding's consumer, for seeds that need it)
 * and provider visibility (REGISTER_PROVIDER, which RESOLVE_PROVIDER and
 * READ_DRIVER's endpoint wait for). Only ON_DISCOVERY bindings start on their
 * own, only after the seal, and only after an event made them startable:
 * sealing starts nothing, and EXPLICIT bindings (fixtures, platform drivers)
 * start only through START_DRIVER. rootd's READ_DRIVER reconciles one binding
 * on demand: a startable ON_DISCOVERY binding starts then, event or not.
 *
 * Pure: decisions only; the server acts on them.
 */
#ifndef DEVICED_RECONCILE_H
#define DEVICED_RECONCILE_H

#include <stdbool.h>
#include <stdint.h>

#include "registry.h"

/* The lowest binding an event made startable, -1 if none. Flags of bindings
 * that can no longer start (removed, started meanwhile) are cleared. */
int reconcile_next(struct deviced_registry *r);

/* Is there activation work (without clearing anything)? */
bool reconcile_pending(const struct deviced_registry *r);

/* READ_DRIVER of binding b: should deviced start it before answering? */
bool reconcile_on_read(const struct deviced_registry *r, uint32_t b);

#endif
