/*
 * graph.c - the launch graph: order the services (a cycle is refused before
 * anything starts), then start each and wait for its readiness handshake, or
 * run a probe to its exit; the first failure stops the launch and the failed
 * service is closed out. Drivers (deviced-driver) take the same steps through
 * the launcher, which starts them through deviced. Nothing here talks to the
 * kernel.
 */
#include <stddef.h>

#include "graph.h"

void graph_stage_name(char *out, size_t cap, const char *prefix, const char *role)
{
    size_t n = 0;
    for (; prefix[n] != 0 && n + 1 < cap; n++)
        out[n] = prefix[n];
    for (size_t i = 0; role[i] != 0 && n + 1 < cap; i++) {
        char c = role[i];
        out[n++] = c == '-' ? '_' : (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
    }
    out[n] = 0;
}

static void fail(struct graph_result *out, enum graph_outcome o, erix_status_t st, int32_t svc)
{
    out->outcome = o;
    out->status = st;
    out->failed_service = svc;
}

static void run_probe(const struct erix_bootcfg_view *cfg, const struct launcher *l, uint16_t i,
                      struct graph_result *out)
{
    char stage[64];
    uint64_t code = 0;
    erix_status_t st = l->run_to_exit(l->ctx, i, &code);
    if (st != ERIX_OK) {
        fail(out, GRAPH_SERVICE_FAILED, st, i);
        return;
    }
    graph_stage_name(stage, sizeof stage, "COMPLETED:", cfg->services[i].role);
    l->stage(l->ctx, stage);
    out->started++;
}

static void run_service(const struct erix_bootcfg_view *cfg, const struct launcher *l,
                        uint16_t i, struct graph_result *out)
{
    char stage[64];
    erix_status_t st = l->start(l->ctx, i);
    if (st != ERIX_OK) { /* nothing was started: nothing to close out */
        fail(out, GRAPH_SERVICE_FAILED, st, i);
        return;
    }
    graph_stage_name(stage, sizeof stage, "STARTED:", cfg->services[i].role);
    l->stage(l->ctx, stage);
    st = l->await_ready(l->ctx, i);
    if (st != ERIX_OK) {
        fail(out, GRAPH_SERVICE_FAILED, st, i);
        l->fail_closed(l->ctx, i);
        return;
    }
    graph_stage_name(stage, sizeof stage, "SERVICE_READY:", cfg->services[i].role);
    l->stage(l->ctx, stage);
    out->started++;
}

void graph_run(const struct erix_bootcfg_view *cfg, const struct launcher *l,
               struct graph_result *out)
{
    uint16_t order[ERIX_BOOTCFG_MAX_SERVICES];
    *out = (struct graph_result){GRAPH_READY, ERIX_OK, -1, 0};
    erix_status_t st = erix_bootcfg_order(cfg, order);
    if (st != ERIX_OK) {
        fail(out, GRAPH_CONTRACT_INVALID, st, -1);
        return;
    }
    l->stage(l->ctx, "LAUNCH_ORDER_VALID");
    for (uint32_t k = 0; k < cfg->header->service_count && out->outcome == GRAPH_READY; k++) {
        uint16_t i = order[k];
        /* Drivers run the same steps: the launcher asks deviced (START_DRIVER,
         * READ_DRIVER until ready, STOP_DRIVER to close out). */
        if (cfg->services[i].launch == ERIX_LAUNCH_PROCD_SPAWN)
            run_probe(cfg, l, i, out);
        else
            run_service(cfg, l, i, out);
    }
}
