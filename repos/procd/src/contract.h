/*
 * contract.h - procd's startup contract: what rootd must hand it, checked
 * before procd creates anything or serves a request.
 *
 * The envelope (role "procd") lists exactly: PRIMARY_CONTROL (the PROCESS
 * family, SEND, slot 2288 = rdx), SERVICE_ENDPOINT (procd's own generic
 * endpoint, SEND|RECV|GRANT, unbadged, slot 2112), READY (rootd's generic
 * endpoint, SEND), UNTYPED_POOL, SELF_VSPACE (with WRITE) and any number of
 * IMAGE_FRAMEs (READ only, distinct image indexes in aux). No peers, no other
 * purpose, no slot in procd's own ranges. Each listed capability is checked
 * with QUERY_LOCAL_CAP (type, exact rights, endpoint kind), and every slot
 * 1..4095 is scanned: a capability the envelope does not list is a failure.
 *
 * Pure: the capability queries go through a callback, so host tests can hand
 * in any CSpace.
 */
#ifndef PROCD_CONTRACT_H
#define PROCD_CONTRACT_H

#include <stddef.h>
#include <stdint.h>

#include <erix/status.h>
#include <erix/sys.h>

#include "procd_config.h"

/* QUERY_LOCAL_CAP of one slot (erix_cap_info on EriX). */
typedef erix_status_t (*procd_query_fn)(void *ctx, uint32_t slot, struct erix_cap_info *out);

struct procd_contract_image {
    uint32_t index; /* the envelope's aux */
    uint32_t slot;
    uint64_t size;  /* bytes of the frame */
};

struct procd_contract {
    uint32_t ready_slot;   /* set as soon as READY itself checked out */
    uint32_t service_index;
    uint32_t primary;
    uint32_t service;
    uint32_t pool;
    uint32_t self_vspace;
    uint32_t image_count;
    struct procd_contract_image images[PROCD_MAX_IMAGES];
};

/*
 * Check the envelope (size bytes at env, 8-byte aligned) and procd's CSpace
 * against the contract; rdx is the primary control slot procd was started
 * with. ERIX_OK fills *out. On failure out->ready_slot is non-zero if the
 * READY capability itself is sound, so the failure can be reported there.
 * Statuses: the envelope validator's; ERIX_ERR_INVALID_ARGUMENT (role, rdx);
 * ERIX_ERR_NOT_FOUND (a required capability missing); ERIX_ERR_EXISTS (listed
 * twice); ERIX_ERR_DENIED (a purpose, peer or capability outside the
 * contract); ERIX_ERR_INVALID_SLOT (not the required slot, or in procd's
 * ranges); ERIX_ERR_WRONG_TYPE / ERIX_ERR_NO_RIGHTS (listing or capability
 * differs); ERIX_ERR_LIMIT (an image frame larger than its window); or the
 * query's own error.
 */
erix_status_t procd_contract_check(const void *env, size_t size, uint64_t rdx,
                                   procd_query_fn query, void *ctx, struct procd_contract *out);

#endif
