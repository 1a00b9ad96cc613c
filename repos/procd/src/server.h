/*
 * server.h - procd's request server: one message in, the decision and the
 * kernel work it takes (through kernel.h), the replies out.
 *
 * Requests are decoded first (request.c), then checked against the tables
 * (record exists on this surface, state allows the op, room for the record,
 * the waiter, the pool), and only then carried out; a step of the kernel work
 * that fails resets the child's pool, so nothing stays behind. Replies carry
 * the status in the header op. STOP_PROCESS and WAIT_PROCESS_EVENT may keep
 * the caller's reply token and answer when the child's event arrives. Pure
 * except for the seam: host tests drive it with a scripted fake kernel.
 */
#ifndef PROCD_SERVER_H
#define PROCD_SERVER_H

#include <stdint.h>

#include <erix/ipc_rt.h>

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

struct procd_server {
    struct procd_table table;
    struct procd_pools pools;
    struct procd_waiters waiters;
    struct procd_image images[PROCD_MAX_IMAGES];
    uint32_t image_count;
};

/* An empty server that launches these images (at most PROCD_MAX_IMAGES). */
void procd_server_init(struct procd_server *s, const struct procd_image *images,
                       uint32_t count);

/* Handle one received message: a request on the bootstrap or driver surface,
 * or a kernel event of a child. */
void procd_server_handle(struct procd_server *s, const struct erix_msg *m);

#endif
