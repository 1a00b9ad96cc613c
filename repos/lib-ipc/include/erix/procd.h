/*
 * erix/procd.h - procd's operations (0x402..0x410) and their bodies.
 *
 * procd receives on one endpoint; the badge of the capability a request came
 * through tells the bootstrap surface (rootd) from the driver surface (deviced,
 * slot 2112) and from kernel events of its children. The bootstrap surface
 * takes only non-driver roles, the driver surface only `drv-*` roles. Replies
 * carry the status in the header op (erix/ipc.h).
 */
#ifndef ERIX_PROCD_H
#define ERIX_PROCD_H

#include <stdint.h>

#include <erix/envelope.h>
#include <erix/ipc.h>

#define ERIX_PROCD_OP_SPAWN_SERVICE 0x402u
#define ERIX_PROCD_OP_ADOPT_PROCESS 0x403u               /* reserved: always denied */
#define ERIX_PROCD_OP_STOP_PROCESS 0x404u
#define ERIX_PROCD_OP_CREATE_STAGED_PROCESS 0x405u
#define ERIX_PROCD_OP_START_STAGED_PROCESS 0x406u
#define ERIX_PROCD_OP_ABORT_STAGED_PROCESS 0x407u
#define ERIX_PROCD_OP_WAIT_PROCESS_EVENT 0x408u
#define ERIX_PROCD_OP_QUERY_PROCESS 0x409u
#define ERIX_PROCD_OP_SET_RESTART_POLICY 0x40au
#define ERIX_PROCD_OP_GET_RESTART_POLICY 0x40bu
#define ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS 0x40cu
#define ERIX_PROCD_OP_LAUNCH_LOADED_IMAGE 0x40du         /* reserved: always denied */
#define ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER 0x40eu
#define ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK 0x40fu
#define ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER 0x410u

/* Badges procd's callers' capabilities carry (set by rootd when it hands them out). */
#define ERIX_PROCD_BADGE_BOOTSTRAP 1u
#define ERIX_PROCD_BADGE_DRIVER 2u
#define ERIX_PROCD_BADGE_EVENT 0x10000u /* | pid: a child's fault endpoint */

/* The child slots procd fills itself in every staged child. */
#define ERIX_PROCD_CHILD_SERVICE_SLOT 16u /* the child's service endpoint (RECV) */
#define ERIX_PROCD_CHILD_EVENT_SLOT 17u   /* its fault endpoint: procd, badged (SEND) */
#define ERIX_PROCD_GRANT_WINDOW_BASE 32u  /* the install grant's window: 32 .. 4095 */

/* CREATE_STAGED_PROCESS. Reply: erix_procd_pid_resp and a transfer table of two
 * capabilities: [0] the child's service endpoint (SEND | GRANT), [1] an install
 * grant for the child's slots 32..4095 (moved). */
struct erix_procd_create_req {
    char role[ERIX_ROLE_MAX];
    uint32_t image_index;           /* procd's IMAGE_FRAME with this aux */
    uint32_t priority;
};

/* START_STAGED_PROCESS: the envelope follows (its size in envelope_len); procd
 * maps it read-only at ERIX_ENVELOPE_VADDR and starts the child with rdi = that
 * address, rsi = envelope_len, rdx = primary_control_slot. */
struct erix_procd_start_req {
    uint32_t pid;
    uint32_t envelope_len;
    uint32_t primary_control_slot;
    uint32_t reserved;
};

/* SPAWN_SERVICE: create and start at once, no capabilities (probes, helpers). */
struct erix_procd_spawn_req {
    char role[ERIX_ROLE_MAX];
    uint32_t image_index;
    uint32_t priority;
    uint64_t arg;                   /* passed in rdx; rdi = rsi = 0 */
};

/* STOP, ABORT, QUERY, WAIT (pid 0: any of the caller's processes), GET policy. */
struct erix_procd_pid_req {
    uint32_t pid;
    uint32_t arg;
};

struct erix_procd_pid_resp {
    uint32_t pid;
    uint32_t reserved;
};

/* WAIT_PROCESS_EVENT reply: the kernel event (erix/ipc.h struct erix_event). */

#define ERIX_PROCD_STATE_STAGED 1u
#define ERIX_PROCD_STATE_RUNNING 2u
#define ERIX_PROCD_STATE_EXITED 3u
#define ERIX_PROCD_STATE_FAULTED 4u
#define ERIX_PROCD_STATE_STOPPED 5u

struct erix_procd_query_resp {
    uint32_t pid;
    uint32_t state;                 /* ERIX_PROCD_STATE_* */
    uint64_t code;                  /* exit code, fault vector, stop reason */
    char role[ERIX_ROLE_MAX];
    uint32_t restarts;
    uint32_t policy;                /* ERIX_PROCD_POLICY_* */
};

#define ERIX_PROCD_POLICY_HOLD 0u
#define ERIX_PROCD_POLICY_RESTART 1u

struct erix_procd_policy_req {      /* SET_RESTART_POLICY */
    uint32_t pid;
    uint32_t policy;
    uint32_t min_runtime_ms;        /* a restart counts as "crashed fast" below this */
    uint32_t max_restarts;          /* give up (and report) after this many */
};

_Static_assert(sizeof(struct erix_procd_create_req) == 32, "create req in registers");
_Static_assert(sizeof(struct erix_procd_start_req) == 16, "start req header");
_Static_assert(sizeof(struct erix_procd_spawn_req) == 40, "spawn req");
_Static_assert(sizeof(struct erix_procd_query_resp) == 48, "query resp");
_Static_assert(sizeof(struct erix_procd_policy_req) == 16, "policy req");

/* Is this role served by the driver surface? ("drv-" prefix) */
static inline int erix_procd_is_driver_role(const char *role)
{
    return role[0] == 'd' && role[1] == 'r' && role[2] == 'v' && role[3] == '-';
}

#endif
