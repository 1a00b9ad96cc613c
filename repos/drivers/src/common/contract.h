/*
 * contract.h - the startup contract every driver program checks before it
 * touches anything: its envelope, each capability the envelope lists (with
 * QUERY_LOCAL_CAP: type, exact rights, endpoint kind), and the whole CSpace
 * (nothing the envelope does not list).
 *
 * A driver fails closed when its startup endpoint argument is missing or
 * wrong: no envelope (rdi/rsi 0) is ERIX_ERR_INVALID_ARGUMENT; a primary
 * control that is not listed, or rdx that is not its slot (0: missing) is
 * ERIX_ERR_NOT_FOUND / ERIX_ERR_INVALID_SLOT; a primary control of another
 * family (misrouted) is ERIX_ERR_WRONG_TYPE.
 *
 * Pure: the queries go through a callback, so host tests hand in any CSpace.
 */
#ifndef DRIVERS_CONTRACT_H
#define DRIVERS_CONTRACT_H

#include <stddef.h>
#include <stdint.h>

#include <erix/caps.h>
#include <erix/envelope.h>
#include <erix/status.h>
#include <erix/sys.h>

#define DRV_ANY_KIND 0xffffffffu /* spec.primary_kind: any family (fixtures) */
#define DRV_NO_PRIMARY 0u        /* spec.primary_kind: none (consumers) */

typedef erix_status_t (*drv_query_fn)(void *ctx, uint32_t slot, struct erix_cap_info *out);

struct drv_spec {
    const char *role;               /* the exact role, or NULL: any drv-* role */
    uint32_t primary_kind;          /* ERIX_EP_* the primary control must be, DRV_ANY_KIND, DRV_NO_PRIMARY */
    uint32_t device_kinds;          /* bit k: DEVICE endpoints of kind k allowed */
    const char *peer;               /* a peer that must be named ("deviced"), or NULL */
};

struct drv_startup {
    char role[ERIX_ROLE_MAX];
    uint32_t service_index;
    uint32_t primary;               /* its slot, 0: none */
    uint32_t primary_kind;
    uint32_t ready;
    uint32_t peer;                  /* the slot of spec.peer, 0: none */
    uint32_t service;               /* procd's service endpoint of the driver (16), 0: none */
    uint32_t cap_count;             /* capabilities listed (and found) */
    uint32_t device[ERIX_EP_KIND_COUNT]; /* DEVICE endpoints by kind */
};

/*
 * Check the envelope (size bytes at env) and the CSpace against spec; rdx is
 * the primary control slot the driver was started with. ERIX_OK fills *out;
 * on failure out->ready is set when READY itself is sound (so the failure can
 * be reported). Statuses: ERIX_ERR_INVALID_ARGUMENT (no envelope, another
 * role), the envelope validator's, ERIX_ERR_NOT_FOUND (READY, the primary
 * control or the peer missing; a listed capability not there),
 * ERIX_ERR_INVALID_SLOT (rdx), ERIX_ERR_WRONG_TYPE (a misrouted primary
 * control, a capability of another type or kind than listed),
 * ERIX_ERR_NO_RIGHTS, ERIX_ERR_EXISTS (a unique purpose twice),
 * ERIX_ERR_DENIED (a purpose or kind the spec does not allow, unlisted
 * authority in the CSpace), the query's own errors.
 */
erix_status_t drv_contract_check(const void *env, size_t size, uint64_t rdx,
                                 const struct drv_spec *spec, drv_query_fn query, void *ctx,
                                 struct drv_startup *out);

/* "endpoint", "frame", ... for logs. */
const char *drv_cap_type_name(uint32_t type);

#endif
