/*
 * server.h - procd's request server: one message in, the decision and the
 * kernel work it takes (through kernel.h), the replies out; and the restarts
 * that come due between messages.
 *
 * Requests are decoded first (request.c), then checked against the tables
 * (record exists on this surface, state allows the op, room for the record,
 * the waiter, the pool), and only then carried out; a step of the kernel work
 * that fails resets the child's pool, so nothing stays behind. Replies carry
 * the status in the header op. STOP_PROCESS and WAIT_PROCESS_EVENT may keep
 * the caller's reply token and answer when the child's event arrives. Pure
 * except for the seam: host tests drive it with a scripted fake kernel and a
 * fake clock.
 */
#ifndef PROCD_SERVER_H
#define PROCD_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/ipc_rt.h>

#include "loader.h"
#include "pools.h"
#include "table.h"
#include "waiters.h"

/* A boot image procd may launch: IMAGE_FRAME with aux = index, mapped. */
struct procd_image {
    uint32_t index;
    uint32_t slot;
    const uint8_t *bytes;
    uint64_t size;
};

struct procd_foundation {
    uint32_t bound;           /* bit (kind - 1) */
    uint32_t generation;      /* updates accepted */
};

struct procd_server {
    struct procd_table table;
    struct procd_pools pools;
    struct procd_waiters waiters;
    struct procd_loader loader;
    struct procd_foundation foundation;
    struct procd_image images[PROCD_MAX_IMAGES];
    uint32_t image_count;
};

/* An empty server that launches these images (at most PROCD_MAX_IMAGES) and
 * stages loader transfers in [loader_buf, loader_buf + loader_cap). */
void procd_server_init(struct procd_server *s, const struct procd_image *images, uint32_t count,
                       uint8_t *loader_buf, uint64_t loader_cap);

/* Handle one received message: a request on the bootstrap or driver surface,
 * or a kernel event of a child. */
void procd_server_handle(struct procd_server *s, const struct erix_msg *m);

/* The same for a message that transferred capabilities: they landed in
 * procd's inbox (caps[i].slot); whatever the request does not keep is
 * dropped before this returns. */
void procd_server_handle_caps(struct procd_server *s, const struct erix_msg *m,
                              const struct erix_xfer_entry *caps, unsigned ncaps);

/* The earliest pending restart's due time; false when none is pending. */
bool procd_server_next_due(const struct procd_server *s, uint64_t *due_ns);

/* Carry out every restart that is due now (the seam's clock). */
void procd_server_tick(struct procd_server *s);

#endif
