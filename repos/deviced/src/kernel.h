/*
 * kernel.h - the seam between deviced's portable logic and the rest of the
 * system: procd's driver surface (2112), the CHILD_POPULATE family (2304),
 * local capability queries and drops, replies on deviced's endpoint, and log
 * lines through its LOG endpoint (2272).
 *
 * kernel.c implements it with lib-rt on EriX; the host tests link a scripted
 * fake (tests/fake_seam.c), so every handler, every refusal and every cleanup
 * path of the server runs without a kernel.
 */
#ifndef DEVICED_KERNEL_H
#define DEVICED_KERNEL_H

#include <stdint.h>

#include <erix/procd.h>
#include <erix/status.h>
#include <erix/sys.h>

struct dk_config {
    uint32_t procd;         /* procd's endpoint, badged DRIVER */
    uint32_t populate;      /* the CHILD_POPULATE family */
    uint32_t endpoint;      /* deviced's own endpoint (replies) */
};

void dk_init(const struct dk_config *c);

/* A diagnostic line ("DEVICED:..."). */
void dk_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A marker line, exactly as given ("ERIX_DEVICED:READY:<role>"). */
erix_status_t dk_marker(const char *line);

/* ---- procd, driver surface ----------------------------------------------------- */

/* CREATE_STAGED_PROCESS: the child's service endpoint lands in `window`, the
 * install grant in window + 1 (both checked); *pid its pid. */
erix_status_t dk_procd_create(const char role[ERIX_ROLE_MAX], uint32_t image_index,
                              uint32_t priority, uint32_t window, uint32_t *pid);

/* START_STAGED_PROCESS with the envelope; primary = its primary control slot. */
erix_status_t dk_procd_start(uint32_t pid, const void *envelope, uint32_t len, uint32_t primary);

/* ABORT_STAGED_PROCESS, STOP_PROCESS (managed stop; answered once the child
 * is gone), QUERY_PROCESS. */
erix_status_t dk_procd_abort(uint32_t pid);
erix_status_t dk_procd_stop(uint32_t pid);
erix_status_t dk_procd_query(uint32_t pid, struct erix_procd_query_resp *out);

/* ---- CHILD_POPULATE and the local CSpace ------------------------------------------ */

/* INSTALL_WITH_GRANT: a copy of src (rights & mask, badged when badge != 0)
 * into the child's dest slot. */
erix_status_t dk_install(uint32_t grant, uint32_t src, uint32_t dest, uint32_t rights,
                         uint64_t badge);

/* DERIVE_PCI_BAR_DEVICE_FRAME into dest. */
erix_status_t dk_derive_bar(uint8_t bus, uint8_t device, uint8_t function, uint8_t bar,
                            uint32_t dest, uint64_t *base, uint64_t *size);

/* QUERY_LOCAL_CAP, DROP_LOCAL_CAP. */
erix_status_t dk_query(uint32_t slot, struct erix_cap_info *out);
erix_status_t dk_drop(uint32_t slot);

/* ---- replies ------------------------------------------------------------------------ */

erix_status_t dk_reply(uint64_t token, erix_status_t status, const void *body, uint16_t len);

/* A reply that carries a SEND copy of `slot` (a provider endpoint). */
erix_status_t dk_reply_endpoint(uint64_t token, const void *body, uint16_t len, uint32_t slot);

#endif
