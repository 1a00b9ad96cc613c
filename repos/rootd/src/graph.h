/*
 * graph.h - rootd's launch graph: every service of the boot configuration,
 * in dependency order, through the launcher's operations. Portable: host tests
 * drive it with a scripted launcher.
 */
#ifndef ROOTD_GRAPH_H
#define ROOTD_GRAPH_H

#include <stdint.h>

#include <erix/bootcfg.h>

struct launcher {
    void *ctx;
    /* Build, populate and start service `index` (rootd-direct or procd-staged;
     * a deviced-driver through deviced's START_DRIVER). */
    erix_status_t (*start)(void *ctx, uint16_t index);
    /* Wait for its readiness handshake (a driver: until deviced reads it ready). */
    erix_status_t (*await_ready)(void *ctx, uint16_t index);
    /* Spawn a capability-less helper through procd and wait for its exit. */
    erix_status_t (*run_to_exit)(void *ctx, uint16_t index, uint64_t *exit_code);
    /* A started service failed: managed stop, terminal event, destroy, drop slot. */
    void (*fail_closed)(void *ctx, uint16_t index);
    /* Print ROOTD_STAGE:<name> (stamps may be off in release builds). */
    void (*stage)(void *ctx, const char *name);
};

enum graph_outcome {
    GRAPH_READY = 0,
    GRAPH_CONTRACT_INVALID = 1,     /* the configuration cannot be launched */
    GRAPH_SERVICE_FAILED = 2,       /* a service failed to start or become ready */
};

struct graph_result {
    enum graph_outcome outcome;
    erix_status_t status;           /* the failing step's status */
    int32_t failed_service;         /* -1: none */
    uint16_t started;               /* services that became ready (or ran to exit) */
};

/*
 * Launch every service in order. A cycle is refused before anything starts.
 * Drivers go through the same start / await / close-out steps (the launcher
 * talks to deviced for them). Stops at the first failure:
 * a service that failed after starting is closed out with fail_closed.
 */
void graph_run(const struct erix_bootcfg_view *cfg, const struct launcher *l,
               struct graph_result *out);

/* "SERVICE_READY:PROCD" style stage names from a role (A-Z 0-9 _ :). */
void graph_stage_name(char *out, size_t cap, const char *prefix, const char *role);

#endif
