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

#include <stddef.h>
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

/* STOP, ABORT, QUERY, WAIT (pid 0: any of the caller's processes), GET policy.
 * QUERY with pid 0 and arg ERIX_PROCD_QUERY_ACCOUNTING asks for procd's own
 * accounting (erix_procd_accounting_resp) instead of a process. */
struct erix_procd_pid_req {
    uint32_t pid;
    uint32_t arg;
};

struct erix_procd_pid_resp {
    uint32_t pid;
    uint32_t reserved;
};

/* WAIT_PROCESS_EVENT reply: the kernel event (erix/ipc.h struct erix_event). Every
 * run of a process ends with exactly one event, delivered exactly once: a
 * process under the restart policy has one per run. */

#define ERIX_PROCD_STATE_STAGED 1u
#define ERIX_PROCD_STATE_RUNNING 2u
#define ERIX_PROCD_STATE_EXITED 3u
#define ERIX_PROCD_STATE_FAULTED 4u
#define ERIX_PROCD_STATE_STOPPED 5u
#define ERIX_PROCD_STATE_RESTARTING 6u  /* a run ended; procd restarts it after its back-off */

struct erix_procd_query_resp {
    uint32_t pid;
    uint32_t state;                 /* ERIX_PROCD_STATE_* */
    uint64_t code;                  /* exit code, fault vector, stop reason (latest run) */
    char role[ERIX_ROLE_MAX];
    uint32_t restarts;              /* restarts procd carried out */
    uint32_t policy;                /* ERIX_PROCD_POLICY_* */
};

/* ---- restart policy: SET_RESTART_POLICY 0x40a, GET_RESTART_POLICY 0x40b ---------- */

#define ERIX_PROCD_POLICY_HOLD 0u       /* a run that ends stays down (the default) */
#define ERIX_PROCD_POLICY_RESTART 1u    /* exit or fault: restaged and started again */

/*
 * The rate limit. A run shorter than min_runtime_ms is a fast failure: the
 * restart after the n-th fast failure in a row waits
 * min(ERIX_PROCD_BACKOFF_BASE_MS << (n - 1), ERIX_PROCD_BACKOFF_MAX_MS); a run
 * of at least min_runtime_ms clears the streak and restarts at once. A run
 * that ends after max_restarts restarts is not restarted: procd gives up,
 * destroys the process and reports it (ERIX_PROCD_POLICY_FLAG_GAVE_UP). A
 * managed stop never restarts.
 */
#define ERIX_PROCD_BACKOFF_BASE_MS 50u
#define ERIX_PROCD_BACKOFF_MAX_MS 5000u
#define ERIX_PROCD_MAX_RESTARTS 15u
#define ERIX_PROCD_MAX_MIN_RUNTIME_MS 600000u

/* SET_RESTART_POLICY, no reply body. HOLD: min_runtime_ms = max_restarts = 0;
 * RESTART: 1 <= min_runtime_ms <= ERIX_PROCD_MAX_MIN_RUNTIME_MS and
 * 1 <= max_restarts <= ERIX_PROCD_MAX_RESTARTS. Only for a live process built
 * from a boot image (STAGED, RUNNING, RESTARTING) of the caller's surface;
 * HOLD while RESTARTING cancels the pending restart. */
struct erix_procd_policy_req {
    uint32_t pid;
    uint32_t policy;
    uint32_t min_runtime_ms;        /* a run shorter than this is a fast failure */
    uint32_t max_restarts;          /* give up (and report) after this many */
};

#define ERIX_PROCD_POLICY_FLAG_PENDING 0x1u /* a restart is scheduled */
#define ERIX_PROCD_POLICY_FLAG_GAVE_UP 0x2u /* max_restarts reached: destroyed, stays down */
#define ERIX_PROCD_POLICY_FLAG_FAILED 0x4u  /* a restart could not be carried out */

/* GET_RESTART_POLICY (body erix_procd_pid_req, arg 0) reply. */
struct erix_procd_policy_resp {
    uint32_t pid;
    uint32_t policy;
    uint32_t min_runtime_ms;
    uint32_t max_restarts;
    uint32_t restarts;              /* restarts carried out */
    uint32_t state;                 /* ERIX_PROCD_STATE_* */
    uint32_t flags;                 /* ERIX_PROCD_POLICY_FLAG_* */
    uint32_t fast_failures;         /* runs in a row shorter than min_runtime_ms */
    uint32_t last_delay_ms;         /* back-off before the latest (or pending) restart */
    uint32_t last_runtime_ms;       /* how long the latest run lasted */
};

/* ---- accounting: QUERY_PROCESS with pid 0 --------------------------------------- */

#define ERIX_PROCD_QUERY_ACCOUNTING 1u

struct erix_procd_accounting_resp {
    uint32_t live_processes;        /* STAGED, RUNNING (or stopping), RESTARTING */
    uint32_t records;               /* process records in use, live and ended */
    uint32_t pools_in_use;          /* child pools holding a live child */
    uint32_t pools_retyped;         /* child pools procd has carved so far */
    uint64_t pool_bytes_in_use;     /* the kernel's count: bytes retyped in every child pool */
    uint64_t pool_bytes_total;      /* bytes of every child pool */
    uint32_t stray_slots;           /* capabilities in child slot ranges of free pools, and
                                       in procd's transfer inbox: 0 unless something leaked */
    uint32_t waiters;               /* kept WAIT_PROCESS_EVENT calls */
    uint32_t loader_active;         /* 1 while a loader image transfer is open */
    uint32_t loader_bytes;          /* bytes it has received */
    uint32_t foundation_bound;      /* bit (kind - 1) of every bound foundation endpoint */
    uint32_t restarts_pending;      /* processes waiting out their back-off */
};

/* ---- UPDATE_FOUNDATION_ENDPOINTS 0x40c (bootstrap surface only) -------------------
 * Late binding of foundation peers. The request transfers `count` endpoint
 * capabilities (transfer entry i for entries[i]); each must be a generic
 * endpoint with SEND and without RECV, and each entry names its kind and the
 * kind's canonical role. procd keeps a SEND copy in its own slot for the kind
 * (replacing an older binding) only when every entry checks out; otherwise
 * nothing changes and every transferred capability is dropped. count 0 asks
 * for the current bindings only. Reply: erix_procd_foundation_resp. */

#define ERIX_PROCD_FOUNDATION_VERSION 1u
#define ERIX_PROCD_FOUNDATION_NAMED 1u  /* role "named" */
#define ERIX_PROCD_FOUNDATION_LOGD 2u   /* role "logd" */
#define ERIX_PROCD_FOUNDATION_CRASHD 3u /* role "crashd" */
#define ERIX_PROCD_FOUNDATION_PAGERD 4u /* role "pagerd" */
#define ERIX_PROCD_FOUNDATION_KINDS 4u

struct erix_procd_foundation_entry {
    char role[ERIX_ROLE_MAX];
    uint32_t kind;                  /* ERIX_PROCD_FOUNDATION_* */
    uint32_t reserved;
};

struct erix_procd_foundation_req {
    uint32_t version;               /* ERIX_PROCD_FOUNDATION_VERSION */
    uint32_t count;                 /* 0..ERIX_XFER_MAX_ENTRIES; unused entries zero */
    struct erix_procd_foundation_entry entries[ERIX_XFER_MAX_ENTRIES];
};

struct erix_procd_foundation_resp {
    uint32_t version;
    uint32_t bound;                 /* bit (kind - 1) of every bound kind */
    uint32_t generation;            /* updates accepted so far */
    uint32_t reserved;
};

/* ---- loader image transfer: BEGIN 0x40e, CHUNK 0x40f, COMMIT 0x410 -----------------
 * The bootstrap surface (loaderd) hands procd validated bytes and their load
 * plan; procd allocates the frames, copies and zero-fills, maps, registers the
 * child's events and starts it. The caller supplies no frame, VSpace, grant or
 * peer authority. BEGIN carries the plan, checked whole before anything
 * changes (a BEGIN replaces an open transfer); CHUNKs carry the bytes in order
 * (sequence 0, 1, ... at offsets 0, len0, ...); COMMIT checks completeness and
 * both hashes and builds the process, or ends the transfer with nothing left
 * behind. The child gets no capabilities but its fault endpoint (slot 17) and
 * starts with rdi = rsi = 0, rdx = arg (empty argv/env). */

#define ERIX_PROCD_LOADER_VERSION 1u
#define ERIX_PROCD_LOADER_MAX_SEGMENTS 16u
#define ERIX_PROCD_LOADER_MAX_BYTES (512u << 10)   /* source bytes of one transfer */
#define ERIX_PROCD_SEG_R 1u
#define ERIX_PROCD_SEG_W 2u
#define ERIX_PROCD_SEG_X 4u

/* Copy [file_offset, file_offset + filesz) of the source to vaddr; the
 * zero-fill range [vaddr + filesz, vaddr + memsz) and the page padding around
 * it are zero. Segments ascend and their page spans do not overlap. */
struct erix_procd_loader_segment {
    uint64_t vaddr;
    uint64_t memsz;                 /* > 0 */
    uint64_t file_offset;
    uint64_t filesz;                /* <= memsz */
    uint32_t perms;                 /* ERIX_PROCD_SEG_*: R always, never W and X */
    uint32_t reserved;
};

struct erix_procd_loader_begin_req {
    uint32_t version;               /* ERIX_PROCD_LOADER_VERSION */
    uint32_t transfer_id;           /* the caller's name for it, not 0 */
    char role[ERIX_ROLE_MAX];       /* a bootstrap-surface role */
    uint32_t priority;
    uint32_t segment_count;         /* 1..ERIX_PROCD_LOADER_MAX_SEGMENTS; the rest zero */
    uint64_t source_size;           /* bytes the CHUNKs carry, 1..ERIX_PROCD_LOADER_MAX_BYTES */
    uint64_t source_hash;           /* erix_procd_fnv1a64 of those bytes */
    uint64_t plan_hash;             /* erix_procd_loader_plan_hash of this request */
    uint64_t entry;                 /* inside an executable segment's file bytes */
    uint64_t stack_size;            /* page multiple, <= ERIX_USER_STACK_MAX; 0: default */
    uint64_t arg;                   /* the child's rdx */
    struct erix_procd_loader_segment segments[ERIX_PROCD_LOADER_MAX_SEGMENTS];
};

#define ERIX_PROCD_LOADER_CHUNK_MAX (ERIX_IPC_MAX_BODY - 24u)

struct erix_procd_loader_chunk_req { /* `length` bytes follow */
    uint32_t transfer_id;
    uint32_t sequence;              /* 0, 1, 2, ... */
    uint64_t offset;                /* the bytes received so far */
    uint32_t length;                /* 1..ERIX_PROCD_LOADER_CHUNK_MAX */
    uint32_t reserved;
};

/* Integration builds only (procd's loader_fault_hooks option): COMMIT fails at
 * this step and cleans up; other builds refuse any fault_step but NONE. */
#define ERIX_PROCD_LOADER_FAULT_NONE 0u
#define ERIX_PROCD_LOADER_FAULT_AFTER_TRANSFER 1u
#define ERIX_PROCD_LOADER_FAULT_AFTER_CHILD_CREATE 2u
#define ERIX_PROCD_LOADER_FAULT_AFTER_FRAME_ALLOC 3u
#define ERIX_PROCD_LOADER_FAULT_MID_MAPPING 4u
#define ERIX_PROCD_LOADER_FAULT_MID_COPY 5u
#define ERIX_PROCD_LOADER_FAULT_AFTER_EVENT_REGISTRATION 6u
#define ERIX_PROCD_LOADER_FAULT_COUNT 7u

/* COMMIT reply: erix_procd_pid_resp of the started child. */
struct erix_procd_loader_commit_req {
    uint32_t transfer_id;
    uint32_t chunks;                /* CHUNKs sent */
    uint64_t source_hash;           /* again: must match BEGIN's and the bytes' */
    uint32_t fault_step;            /* ERIX_PROCD_LOADER_FAULT_* */
    uint32_t reserved;
};

#define ERIX_PROCD_FNV64_INIT 0xcbf29ce484222325ull
#define ERIX_PROCD_FNV64_PRIME 0x100000001b3ull

/* FNV-1a 64 of n bytes, continuing from h (start with ERIX_PROCD_FNV64_INIT). */
static inline uint64_t erix_procd_fnv1a64(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = (const uint8_t *)data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * ERIX_PROCD_FNV64_PRIME;
    return h;
}

/* The plan hash: source_size, entry, stack_size, segment_count and the used
 * segments, in that order, as their bytes. */
static inline uint64_t erix_procd_loader_plan_hash(const struct erix_procd_loader_begin_req *q)
{
    uint32_t n = q->segment_count <= ERIX_PROCD_LOADER_MAX_SEGMENTS ? q->segment_count
                                                                     : ERIX_PROCD_LOADER_MAX_SEGMENTS;
    uint64_t h = ERIX_PROCD_FNV64_INIT;
    h = erix_procd_fnv1a64(h, &q->source_size, sizeof q->source_size);
    h = erix_procd_fnv1a64(h, &q->entry, sizeof q->entry);
    h = erix_procd_fnv1a64(h, &q->stack_size, sizeof q->stack_size);
    h = erix_procd_fnv1a64(h, &q->segment_count, sizeof q->segment_count);
    return erix_procd_fnv1a64(h, q->segments, n * sizeof q->segments[0]);
}

_Static_assert(sizeof(struct erix_procd_create_req) == 32, "create req in registers");
_Static_assert(sizeof(struct erix_procd_start_req) == 16, "start req header");
_Static_assert(sizeof(struct erix_procd_spawn_req) == 40, "spawn req");
_Static_assert(sizeof(struct erix_procd_pid_req) == 8, "pid req");
_Static_assert(sizeof(struct erix_procd_query_resp) == 48, "query resp");
_Static_assert(sizeof(struct erix_procd_policy_req) == 16, "policy req");
_Static_assert(sizeof(struct erix_procd_policy_resp) == 40, "policy resp");
_Static_assert(offsetof(struct erix_procd_policy_resp, flags) == 24, "policy resp flags");
_Static_assert(sizeof(struct erix_procd_accounting_resp) == 56, "accounting resp");
_Static_assert(offsetof(struct erix_procd_accounting_resp, pool_bytes_in_use) == 16,
               "accounting bytes");
_Static_assert(offsetof(struct erix_procd_accounting_resp, stray_slots) == 32, "accounting stray");
_Static_assert(sizeof(struct erix_procd_foundation_entry) == 32, "foundation entry");
_Static_assert(sizeof(struct erix_procd_foundation_req) == 8 + 32 * ERIX_XFER_MAX_ENTRIES,
               "foundation req");
_Static_assert(sizeof(struct erix_procd_foundation_resp) == 16, "foundation resp");
_Static_assert(sizeof(struct erix_procd_loader_segment) == 40, "loader segment");
_Static_assert(offsetof(struct erix_procd_loader_begin_req, source_size) == 40, "begin sizes");
_Static_assert(offsetof(struct erix_procd_loader_begin_req, segments) == 88, "begin segments");
_Static_assert(sizeof(struct erix_procd_loader_begin_req) == 88 + 16 * 40, "begin req");
_Static_assert(sizeof(struct erix_procd_loader_begin_req) <= ERIX_IPC_MAX_BODY, "begin fits");
_Static_assert(sizeof(struct erix_procd_loader_chunk_req) == 24, "chunk req header");
_Static_assert(sizeof(struct erix_procd_loader_commit_req) == 24, "commit req");

/* Is this role served by the driver surface? ("drv-" prefix) */
static inline int erix_procd_is_driver_role(const char *role)
{
    return role[0] == 'd' && role[1] == 'r' && role[2] == 'v' && role[3] == '-';
}

#endif
