/*
 * probed/main.c - probed: PCI discovery for deviced.
 *
 * rootd starts it (procd-staged) with the PCI-config family as its primary
 * control (READ_PCI_CONFIG_DWORD, READ_PLATFORM_CAPS), a DISCOVERY-badged
 * peer to deviced and READY. It enumerates PCI (pci.h), reports every
 * function to deviced (REPORT_DEVICE), then answers READY: by then deviced
 * knows every device, and drivers bound to them may have been activated.
 */
#include <string.h>

#include <erix/deviced.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "drv.h"
#include "pci.h"

static const struct drv_program program = {
    "PROBED", {"probed", ERIX_EP_PCI_CONFIG, 0, "deviced"}};

static struct drv_startup startup;
static uint32_t reported, bound;
static erix_status_t report_status = ERIX_OK;

static erix_status_t read32(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off,
                            uint32_t *v)
{
    (void)ctx;
    return erix_kctl_pci_read32(startup.primary, bus, dev, fn, off, v);
}

static void found(void *ctx, const struct erix_deviced_pci_report *r)
{
    (void)ctx;
    struct erix_deviced_report_resp resp = {0, ERIX_DEVICED_NONE};
    uint32_t reply = ERIX_OK;
    erix_status_t st = erix_call_ex(startup.peer, 0, 0, ERIX_DEVICED_OP_REPORT_DEVICE, r, sizeof *r,
                                    &resp, sizeof resp, NULL, &reply);
    if (st == ERIX_OK)
        st = (erix_status_t)reply;
    erix_log("PROBED:DEVICE %02x:%02x.%x id=%04x:%04x class=%06x deviced=%s index=%u binding=%d",
             r->bus, r->device, r->function, r->vendor, r->device_id, r->class_code,
             erix_status_name(st), resp.index,
             resp.binding == ERIX_DEVICED_NONE ? -1 : (int)resp.binding);
    if (st == ERIX_OK) {
        reported++;
        bound += resp.binding != ERIX_DEVICED_NONE;
    } else if (report_status == ERIX_OK) {
        report_status = st;
    }
}

int64_t erix_main(uint64_t env, uint64_t size, uint64_t rdx)
{
    drv_startup(&program, env, size, rdx, &startup);
    uint32_t platform = 0, count = 0;
    erix_status_t st = erix_kctl_platform_caps(startup.primary, &platform);
    if (st == ERIX_OK && (platform & ERIX_PLATFORM_PCI) != 0) {
        struct pci_bus_ops ops = {read32, NULL, found, NULL};
        st = pci_enumerate(&ops, &count);
    }
    if (st == ERIX_OK)
        st = report_status;
    erix_log("PROBED:DONE functions=%u reported=%u bound=%u status=%s", count, reported, bound,
             erix_status_name(st));
    if (st != ERIX_OK)
        drv_fail(&program, &startup, st);
    drv_ready(&program, &startup);
    drv_serve(&program, &startup, NULL, NULL);
}
