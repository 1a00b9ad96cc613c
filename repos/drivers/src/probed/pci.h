/*
 * pci.h - PCI enumeration through a configuration-read callback (the
 * PCI-config family's READ_PCI_CONFIG_DWORD on EriX, a fake in host tests).
 *
 * Bus 0 first, every device 0..31, every function of a multi-function device,
 * and the secondary bus behind each PCI-to-PCI bridge (class 06:04, header
 * type 1), each bus at most once. Every function found is handed to `found`
 * as a REPORT_DEVICE body.
 *
 * Pure.
 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include <stdint.h>

#include <erix/deviced.h>
#include <erix/status.h>

struct pci_bus_ops {
    erix_status_t (*read32)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset,
                            uint32_t *value);
    void *ctx;
    /* called once per function found, in enumeration order */
    void (*found)(void *ctx, const struct erix_deviced_pci_report *r);
    void *found_ctx;
};

/* Enumerate; *count functions found. A read's error ends it with that error. */
erix_status_t pci_enumerate(const struct pci_bus_ops *ops, uint32_t *count);

#endif
