/*
 * inventory.c - the runtime endpoint inventory rootd checks before it hands
 * out anything: every kernel-control family endpoint at its dedicated slot
 * with its kind, procd's driver endpoint at 2112, and nothing in the legacy
 * slot 4 (nor the test-only ROOT endpoint unless the handoff says so).
 */
#include <erix/caps.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "rootd.h"

static const uint32_t families[] = {
    ERIX_EP_TIME, ERIX_EP_IRQ, ERIX_EP_HOTPLUG, ERIX_EP_PCI_CONFIG, ERIX_EP_CONSOLE,
    ERIX_EP_COM1, ERIX_EP_MEMORY, ERIX_EP_VSPACE, ERIX_EP_PAGER, ERIX_EP_LOG,
    ERIX_EP_PROCESS, ERIX_EP_CHILD_POPULATE, ERIX_EP_ACPI, ERIX_EP_I8042,
};

erix_status_t rootd_check_inventory(const struct rootd *r)
{
    struct erix_cap_info ci;
    for (unsigned i = 0; i < sizeof families / sizeof families[0]; i++) {
        uint32_t slot = erix_family_slot(families[i]);
        erix_status_t st = erix_cap_expect(slot, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, families[i]);
        if (st != ERIX_OK) {
            erix_log("ROOTD:INVENTORY slot=%u kind=%u status=%s", slot, families[i],
                     erix_status_name(st));
            return st;
        }
    }
    erix_status_t st = erix_cap_expect(ERIX_SLOT_PROCD_DRIVER, ERIX_CAP_ENDPOINT,
                                       ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT,
                                       ERIX_EP_GENERIC);
    if (st != ERIX_OK)
        return st;
    if (erix_cap_info(ERIX_SLOT_LEGACY_ROOT, &ci) != ERIX_ERR_EMPTY_SLOT) {
        erix_log("ROOTD:INVENTORY legacy slot 4 is populated");
        return ERIX_ERR_DENIED;
    }
    bool root_ep = (r->handoff.header->flags & ERIX_HANDOFF_FLAG_ROOT_ENDPOINT) != 0;
    if (!root_ep && erix_cap_info(ERIX_SLOT_ROOT_ENDPOINT, &ci) != ERIX_ERR_EMPTY_SLOT)
        return ERIX_ERR_DENIED;
    return ERIX_OK;
}
