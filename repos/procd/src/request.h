/*
 * request.h - decoding what arrives on procd's endpoint: which surface a
 * message came through (its badge), whether procd serves the op at all, and
 * the exact shape of each body. Decoding looks at the message only and
 * changes nothing; the server then checks the request against its tables
 * and acts (server.c). Pure: no system calls.
 */
#ifndef PROCD_REQUEST_H
#define PROCD_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/elf.h>
#include <erix/envelope.h>
#include <erix/ipc.h>
#include <erix/ipc_rt.h>
#include <erix/procd.h>
#include <erix/status.h>

/* Are the loader fault hooks built in (meson option loader_fault_hooks)? */
#ifndef PROCD_LOADER_FAULT_HOOKS
#define PROCD_LOADER_FAULT_HOOKS 0
#endif

struct procd_request {
    uint32_t op;                  /* ERIX_PROCD_OP_* */
    uint32_t surface;             /* enum procd_surface */
    uint64_t token;               /* the caller's reply token */
    /* CREATE_STAGED_PROCESS, SPAWN_SERVICE, BEGIN_LOADER_IMAGE_TRANSFER */
    char role[ERIX_ROLE_MAX];
    uint32_t image_index;
    uint32_t priority;
    uint64_t arg;                 /* SPAWN_SERVICE: the child's rdx */
    /* START, ABORT, STOP, QUERY, WAIT (0: any), GET/SET_RESTART_POLICY */
    uint32_t pid;
    uint32_t query_arg;           /* QUERY: pid 0 with ERIX_PROCD_QUERY_ACCOUNTING */
    /* START_STAGED_PROCESS: the validated envelope (points into the message) */
    uint32_t primary_control_slot;
    uint32_t envelope_len;
    const uint8_t *envelope;
    struct erix_envelope_view envelope_view;
    /* SET_RESTART_POLICY */
    struct erix_procd_policy_req policy;
    /* UPDATE_FOUNDATION_ENDPOINTS */
    struct erix_procd_foundation_req foundation;
    /* BEGIN (with the plan procd_loader_check_plan accepted), CHUNK, COMMIT */
    struct erix_procd_loader_begin_req begin;
    struct erix_elf_image plan;
    struct erix_procd_loader_chunk_req chunk;
    const uint8_t *chunk_bytes;
    struct erix_procd_loader_commit_req commit;
};

/* The surface a request badge names: bootstrap, driver, or NONE. */
uint32_t procd_surface_of_badge(uint64_t badge);

/* Is the badge a child's event badge (ERIX_PROCD_BADGE_EVENT | pid)? */
bool procd_event_badge(uint64_t badge, uint32_t *pid);

/* Is `role` served on `surface` (drv-* on the driver surface only)? */
bool procd_role_allowed(uint32_t surface, const char role[ERIX_ROLE_MAX]);

/* The canonical role of a foundation kind ("named", ...), or NULL. */
const char *procd_foundation_role(uint32_t kind);

/*
 * Decode a request (a message without ERIX_MSG_FLAG_KERNEL_EVENT):
 *   ERIX_ERR_DENIED         no bootstrap/driver badge, not a call, a reserved op
 *                           (ADOPT_PROCESS, LAUNCH_LOADED_IMAGE), a role of the
 *                           other surface, a bootstrap-only op (foundation
 *                           endpoints, loader transfer) on the driver surface
 *   ERIX_ERR_UNKNOWN_OP     an op procd does not define
 *   ERIX_ERR_MALFORMED      a body of the wrong length, a bad role name, an
 *                           envelope that does not validate or does not fit
 *   ERIX_ERR_INVALID_ARGUMENT  reserved fields not zero (STOP's arg may also be
 *                           ERIX_KILL_REASON_MANAGED_STOP), pid 0 where one is
 *                           needed, a priority above 255, an envelope whose
 *                           primary control slot differs from the request's, a
 *                           restart policy out of its ranges, a foundation entry
 *                           of an unknown or repeated kind or of another role, a
 *                           loader fault step this build does not have
 *   ERIX_ERR_VERSION        a foundation or loader body of another version
 *   and procd_loader_check_plan's statuses for BEGIN.
 */
erix_status_t procd_request_decode(const struct erix_msg *m, struct procd_request *out);

/* Decode a kernel event: the event badge, the exact body, kind and pid agree. */
erix_status_t procd_event_decode(const struct erix_msg *m, struct erix_event *out);

#endif
