/*
 * pci.c - PCI enumeration (pci.h).
 */
#include <stdbool.h>
#include <string.h>

#include "pci.h"

#define PCI_ID 0x00u
#define PCI_CLASS 0x08u
#define PCI_HEADER 0x0cu   /* header type in byte 2 */
#define PCI_BUSES 0x18u    /* type 1: secondary bus in byte 1 */
#define PCI_BRIDGE_CLASS 0x0604u

struct walk {
    const struct pci_bus_ops *ops;
    uint32_t count;
    uint8_t seen[256 / 8];
};

static erix_status_t scan_bus(struct walk *w, uint8_t bus);

static erix_status_t read(const struct walk *w, uint8_t bus, uint8_t dev, uint8_t fn,
                          uint16_t off, uint32_t *v)
{
    return w->ops->read32(w->ops->ctx, bus, dev, fn, off, v);
}

static erix_status_t visit(struct walk *w, uint8_t bus, uint8_t dev, uint8_t fn, uint32_t id)
{
    uint32_t klass = 0, header = 0;
    erix_status_t st = read(w, bus, dev, fn, PCI_CLASS, &klass);
    if (st == ERIX_OK)
        st = read(w, bus, dev, fn, PCI_HEADER, &header);
    if (st != ERIX_OK)
        return st;
    struct erix_deviced_pci_report r = {bus, dev, fn, 0, (uint16_t)id, (uint16_t)(id >> 16),
                                        klass >> 8, 0};
    w->count++;
    w->ops->found(w->ops->found_ctx, &r);
    if ((klass >> 16) == PCI_BRIDGE_CLASS && ((header >> 16) & 0x7f) == 1) {
        uint32_t buses = 0;
        if ((st = read(w, bus, dev, fn, PCI_BUSES, &buses)) != ERIX_OK)
            return st;
        uint8_t secondary = (uint8_t)(buses >> 8);
        if (secondary != 0)
            return scan_bus(w, secondary);
    }
    return ERIX_OK;
}

static erix_status_t scan_device(struct walk *w, uint8_t bus, uint8_t dev)
{
    uint32_t id = 0, header = 0;
    erix_status_t st = read(w, bus, dev, 0, PCI_ID, &id);
    if (st != ERIX_OK || (id & 0xffffu) == 0xffffu)
        return st; /* nothing there */
    if ((st = read(w, bus, dev, 0, PCI_HEADER, &header)) != ERIX_OK)
        return st;
    uint8_t functions = (header >> 16) & 0x80u ? 8 : 1;
    for (uint8_t fn = 0; fn < functions && st == ERIX_OK; fn++) {
        if (fn != 0 && ((st = read(w, bus, dev, fn, PCI_ID, &id)) != ERIX_OK ||
                        (id & 0xffffu) == 0xffffu))
            continue;
        st = visit(w, bus, dev, fn, id);
    }
    return st;
}

static erix_status_t scan_bus(struct walk *w, uint8_t bus)
{
    if (w->seen[bus / 8] & (1u << (bus % 8)))
        return ERIX_OK; /* a bridge loop, or a bus named twice */
    w->seen[bus / 8] = (uint8_t)(w->seen[bus / 8] | (1u << (bus % 8)));
    for (uint8_t dev = 0; dev < 32; dev++) {
        erix_status_t st = scan_device(w, bus, dev);
        if (st != ERIX_OK)
            return st;
    }
    return ERIX_OK;
}

erix_status_t pci_enumerate(const struct pci_bus_ops *ops, uint32_t *count)
{
    struct walk w;
    memset(&w, 0, sizeof w);
    w.ops = ops;
    erix_status_t st = scan_bus(&w, 0);
    *count = w.count;
    return st;
}
