/*
 * main.c - rootd's entry: handoff, inventory, boot configuration, the launch
 * graph, and the one status it reports at the end (READY, HANDOFF_INVALID,
 * CONTRACT_INVALID, INTERNAL_ERROR or SERVICE_BOOTSTRAP_FAILED).
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/kctl.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/procd.h>
#include <erix/rootd_report.h>
#include <erix/rt.h>

#include "config.h"
#include "graph.h"
#include "rootd.h"

static struct rootd rootd;

void rootd_stage(struct rootd *r, const char *name)
{
    if (r->stamps)
        (void)erix_rootd_report_stage(name);
}

static int64_t finish(uint32_t status, const char *why, erix_status_t st)
{
    if (status != ERIX_ROOTD_STATUS_READY)
        erix_log("ROOTD:FAILED %s status=%s", why, erix_status_name(st));
    (void)erix_rootd_report_status(status);
    rootd_serve(&rootd, status == ERIX_ROOTD_STATUS_READY); /* a runtime kernel keeps running */
}

static uint32_t largest_ram_untyped(const struct erix_handoff_view *v)
{
    uint32_t best = 0;
    uint64_t size = 0;
    for (uint32_t i = 0; i < v->header->untyped_count; i++)
        if ((v->untyped[i].flags & ERIX_HANDOFF_UNTYPED_DEVICE) == 0 && v->untyped[i].size > size) {
            size = v->untyped[i].size;
            best = v->untyped[i].slot;
        }
    return best;
}

static erix_status_t make_endpoints(struct rootd *r)
{
    erix_status_t st = erix_kctl_create_endpoint(ERIX_SLOT_KERNEL_PROCESS, r->bank, ROOTD_READY_EP);
    if (st == ERIX_OK) /* rootd's own way in to procd: the bootstrap surface */
        st = erix_kctl_copy(ERIX_SLOT_KERNEL_PROCESS, ERIX_SLOT_PROCD_DRIVER, ROOTD_PROCD_BOOTSTRAP,
                            ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, ERIX_PROCD_BADGE_BOOTSTRAP);
    return st;
}

static void setup(struct rootd *r)
{
    r->stamps = !ROOTD_RELEASE;
    r->procd = erix_bootcfg_find_role(&r->cfg, "procd");
    r->bank = largest_ram_untyped(&r->handoff);
    r->spawn = (struct erix_spawn_env){ERIX_SLOT_KERNEL_PROCESS, ERIX_SLOT_SELF_VSPACE,
                                       ROOTD_SCRATCH_VADDR, ROOTD_SCRATCH_SIZE};
}

int64_t erix_main(uint64_t handoff, uint64_t size, uint64_t root_ep)
{
    struct rootd *r = &rootd;
    erix_log_use_endpoint(ERIX_SLOT_KERNEL_LOG);
    (void)root_ep;
    erix_status_t st = erix_handoff_validate((const void *)(uintptr_t)handoff, size, &r->handoff);
    if (st != ERIX_OK)
        return finish(ERIX_ROOTD_STATUS_HANDOFF_INVALID, "handoff", st);
    setup(r);
    rootd_stage(r, "HANDOFF_VALID");
#if ROOTD_FORCE_FAIL
    return finish(ERIX_ROOTD_STATUS_INTERNAL_ERROR, "force-fail hook", ERIX_ERR_INTERNAL);
#endif
    if ((st = rootd_check_inventory(r)) != ERIX_OK)
        return finish(ERIX_ROOTD_STATUS_CONTRACT_INVALID, "endpoint inventory", st);
    rootd_stage(r, "INVENTORY_VALID");
    if ((st = rootd_load_config(r)) != ERIX_OK)
        return finish(ERIX_ROOTD_STATUS_CONTRACT_INVALID, "boot configuration", st);
    r->procd = erix_bootcfg_find_role(&r->cfg, "procd");
    r->dev.index = erix_bootcfg_find_role(&r->cfg, "deviced");
    rootd_stage(r, "BOOTCONFIG_VALID");
    if (r->bank == 0 || (st = make_endpoints(r)) != ERIX_OK)
        return finish(ERIX_ROOTD_STATUS_INTERNAL_ERROR, "rootd endpoints", st);
    struct launcher l;
    struct graph_result res;
    rootd_launcher(r, &l);
    graph_run(&r->cfg, &l, &res);
    if (res.outcome == GRAPH_CONTRACT_INVALID)
        return finish(ERIX_ROOTD_STATUS_CONTRACT_INVALID, "launch graph", res.status);
    if (res.outcome == GRAPH_SERVICE_FAILED)
        return finish(ERIX_ROOTD_STATUS_SERVICE_BOOTSTRAP_FAILED, "service bootstrap", res.status);
    rootd_restart_report(r); /* what procd did with the restart = "always" services */
    if ((st = rootd_deviced_verify(r)) != ERIX_OK)
        return finish(ERIX_ROOTD_STATUS_SERVICE_BOOTSTRAP_FAILED, "deviced verification", st);
    rootd_shed(r); /* runtime builds: the deviced handoff is done */
    rootd_stage(r, "GRAPH_COMPLETE");
    return finish(ERIX_ROOTD_STATUS_READY, "", ERIX_OK);
}
