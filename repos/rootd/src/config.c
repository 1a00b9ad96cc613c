/*
 * config.c - finding and reading the boot configuration: the module named
 * "bootconfig", mapped read-only, copied to an aligned buffer and parsed with
 * lib-bootcfg's strict parser; every service's module must be present.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/kctl.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>

#include "rootd.h"

#define BOOTCFG_VADDR 0x3f000000ull

const struct erix_handoff_module *rootd_module(const struct rootd *r, const char *name,
                                               uint32_t *index)
{
    for (uint32_t m = 0; m < r->handoff.header->module_count; m++)
        if (strncmp(r->handoff.modules[m].name, name, ERIX_HANDOFF_NAME_MAX) == 0) {
            if (index != NULL)
                *index = m;
            return &r->handoff.modules[m];
        }
    return NULL;
}

static erix_status_t check_modules(const struct rootd *r)
{
    for (uint32_t i = 0; i < r->cfg.header->service_count; i++) {
        char name[ERIX_BOOTCFG_NAME_MAX + 1] = {0};
        memcpy(name, r->cfg.services[i].module, ERIX_BOOTCFG_NAME_MAX);
        if (rootd_module(r, name, NULL) == NULL) {
            erix_log("ROOTD:BOOTCONFIG service %u needs module %s: not loaded", i, name);
            return ERIX_ERR_NOT_FOUND;
        }
    }
    return ERIX_OK;
}

erix_status_t rootd_load_config(struct rootd *r)
{
    const struct erix_handoff_module *m = rootd_module(r, ERIX_BOOTCFG_MODULE, NULL);
    if (m == NULL)
        return ERIX_ERR_NOT_FOUND;
    if (m->size > sizeof r->cfg_copy)
        return ERIX_ERR_LIMIT;
    erix_status_t st = erix_kctl_map_frame(ERIX_SLOT_KERNEL_PROCESS, ERIX_SLOT_SELF_VSPACE,
                                           m->frame_slot, BOOTCFG_VADDR, ERIX_MAP_READ);
    if (st != ERIX_OK)
        return st;
    memcpy(r->cfg_copy, (const void *)(uintptr_t)(BOOTCFG_VADDR + (m->phys & 4095)), m->size);
    if ((st = erix_bootcfg_parse(r->cfg_copy, m->size, &r->cfg)) != ERIX_OK)
        return st;
    return check_modules(r);
}
