/*
 * deviced_config.h - deviced's own numbers: table sizes, the slots of its
 * CSpace it fills itself, queue bounds of its service loop, exit codes.
 *
 * The ABI deviced serves is erix/deviced.h; everything here is private. The
 * startup envelope may list capabilities anywhere except in the range deviced
 * reserves for itself (contract.c refuses that).
 */
#ifndef DEVICED_CONFIG_H
#define DEVICED_CONFIG_H

#include <stdint.h>

#include <erix/deviced.h>

#define DEVICED_ROLE "deviced"

/* ---- tables --------------------------------------------------------------------- */

#define DEVICED_MAX_BINDINGS 32u   /* one per driver row (lib-bootcfg allows 32) */
#define DEVICED_MAX_DEVICES 64u
#define DEVICED_MAX_CONSUMERS 32u  /* consumer indexes are boot-config service indexes */
#define DEVICED_MAX_MARKERS 8u     /* queued ERIX_DEVICED:READY lines */

/* ---- slots deviced fills itself ------------------------------------------------------ */

#define DEVICED_SLOT_BASE 96u
#define DEVICED_SLOT_ENDPOINT 96u      /* its one endpoint (SEND|RECV|GRANT), made at startup */
#define DEVICED_SLOT_BAR_SCRATCH 97u   /* a derived BAR frame between derive and install */
#define DEVICED_SLOT_BINDING_BASE 128u /* binding b: 128 + 2b the driver's endpoint, +1 its grant */
#define DEVICED_SLOT_END (DEVICED_SLOT_BINDING_BASE + 2u * DEVICED_MAX_BINDINGS)

static inline uint32_t deviced_endpoint_slot(uint32_t binding)
{
    return DEVICED_SLOT_BINDING_BASE + 2u * binding;
}

static inline uint32_t deviced_grant_slot(uint32_t binding)
{
    return DEVICED_SLOT_BINDING_BASE + 2u * binding + 1u;
}

static inline int deviced_slot_reserved(uint32_t slot)
{
    return slot >= DEVICED_SLOT_BASE && slot < DEVICED_SLOT_END;
}

/* ---- the service loop ------------------------------------------------------------------ */

#define DEVICED_ADMIN_QUEUE 4u     /* admin calls taken off the endpoint, not yet served */
#define DEVICED_PUBLIC_QUEUE 16u   /* driver, consumer and discovery calls */
#define DEVICED_ADMIN_BURST 4u     /* admin calls served in a row while public ones wait */
#define DEVICED_HOUSEKEEP_EVERY 1u /* public calls served between two housekeeping turns */

/* ---- exit codes ---------------------------------------------------------------------------- */

#define DEVICED_EXIT_CONTRACT 0x31u    /* the startup contract did not hold */
#define DEVICED_EXIT_READY 0x32u       /* rootd refused READY, or the endpoint could not be made */
#define DEVICED_EXIT_RECV 0x33u        /* the endpoint failed 16 times in a row */

#endif
