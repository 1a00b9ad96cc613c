/*
 * contract.h - deviced's startup contract: what rootd (through procd) must
 * hand it, checked with QUERY_LOCAL_CAP before deviced makes or serves
 * anything.
 *
 * The envelope (role "deviced", no peers) lists exactly:
 *
 *   PRIMARY_CONTROL  2272 (= rdx)  the LOG family, SEND: deviced's markers
 *   PROCD_DRIVER     2112          procd's endpoint badged DRIVER, SEND
 *   CHILD_POPULATE   2304          the CHILD_POPULATE family, SEND
 *   READY            any           rootd's endpoint, SEND|GRANT (READY hands
 *                                  rootd deviced's endpoint)
 *   UNTYPED_POOL     any           untyped memory for deviced's endpoint
 *   SERVICE_ENDPOINT 16            procd's endpoint of deviced, SEND|RECV
 *   FAULT_ENDPOINT   17            procd's event endpoint, SEND
 *   DEVICE (0..n)    the family's  one device family each (time, irq,
 *                    own slot      hotplug, pci-config, console, com1, acpi,
 *                                  i8042), SEND: the sources of drivers'
 *                                  hardware authority
 *
 * Each with exactly these rights, type and endpoint kind; every slot
 * 1..4095 is scanned and a capability the envelope does not list is a
 * failure; no listed slot may fall in deviced's own range (deviced_config.h).
 *
 * Pure: capability queries go through a callback.
 */
#ifndef DEVICED_CONTRACT_H
#define DEVICED_CONTRACT_H

#include <stddef.h>
#include <stdint.h>

#include <erix/caps.h>
#include <erix/status.h>
#include <erix/sys.h>

typedef erix_status_t (*deviced_query_fn)(void *ctx, uint32_t slot, struct erix_cap_info *out);

struct deviced_contract {
    uint32_t ready_slot;            /* set as soon as READY itself checked out */
    uint32_t service_index;
    uint32_t primary;
    uint32_t procd;
    uint32_t populate;
    uint32_t pool;
    uint32_t service;
    uint32_t fault;
    uint32_t device[ERIX_EP_KIND_COUNT]; /* per family kind: its slot, 0 if none */
};

/* Is `kind` a family deviced may hold as a DEVICE source? */
int deviced_device_kind(uint32_t kind);

/*
 * Check the envelope (size bytes, 8-byte aligned) and the CSpace. ERIX_OK
 * fills *out. On failure out->ready_slot is non-zero when READY itself is
 * sound. Statuses: the envelope validator's; ERIX_ERR_INVALID_ARGUMENT
 * (role, rdx); ERIX_ERR_NOT_FOUND (a required capability missing);
 * ERIX_ERR_EXISTS (listed twice); ERIX_ERR_DENIED (a purpose, kind, peer or
 * capability outside the contract); ERIX_ERR_INVALID_SLOT (not its slot, or
 * in deviced's range); ERIX_ERR_WRONG_TYPE / ERIX_ERR_NO_RIGHTS; the query's.
 */
erix_status_t deviced_contract_check(const void *env, size_t size, uint64_t rdx,
                                     deviced_query_fn query, void *ctx,
                                     struct deviced_contract *out);

#endif
