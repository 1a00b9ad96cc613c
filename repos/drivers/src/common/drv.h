/*
 * drv.h - what every driver program does on EriX: check its startup contract
 * (contract.h) and fail closed, answer its readiness handshake, register its
 * provider with deviced, and serve its service endpoint (procd's slot 16:
 * the provider endpoint consumers get through deviced).
 *
 * A driver that refuses its contract logs "<TAG>:CONTRACT_FAILED status=...",
 * reports the status through READY when READY itself is sound (deviced then
 * stops it through procd), and exits with DRV_EXIT_CONTRACT.
 */
#ifndef DRIVERS_DRV_H
#define DRIVERS_DRV_H

#include <stdint.h>

#include <erix/ipc_rt.h>

#include "contract.h"

#define DRV_EXIT_CONTRACT 0x41u  /* the startup contract did not hold */
#define DRV_EXIT_READY 0x42u     /* READY was refused */
#define DRV_EXIT_SERVE 0x43u     /* the service endpoint failed 16 times in a row */

struct drv_program {
    const char *tag;            /* log prefix: "DRV_SERIAL" */
    struct drv_spec spec;
};

/* Check the contract; fail closed (never returns) when it does not hold. */
void drv_startup(const struct drv_program *p, uint64_t env, uint64_t size, uint64_t rdx,
                 struct drv_startup *out);

/* Fail closed after startup with `status` (reported through READY). */
_Noreturn void drv_fail(const struct drv_program *p, const struct drv_startup *s,
                        erix_status_t status);

/* READY(ERIX_OK); exits with DRV_EXIT_READY unless the answer is ERIX_OK. */
void drv_ready(const struct drv_program *p, const struct drv_startup *s);

/* REGISTER_PROVIDER through the deviced peer. */
erix_status_t drv_register_provider(const struct drv_startup *s, const char *consumer_role,
                                    uint32_t interface);

/* A provider op: answer it (erix_reply on slot) and return. */
typedef void (*drv_handler)(void *ctx, uint32_t slot, const struct erix_msg *m);

/* Serve the service endpoint for good: PING is answered here, every other
 * call goes to handler (NULL: ERIX_ERR_UNKNOWN_OP). */
_Noreturn void drv_serve(const struct drv_program *p, const struct drv_startup *s,
                         drv_handler handler, void *ctx);

#endif
