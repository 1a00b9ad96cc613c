/*
 * request.c - decoding requests and kernel events (request.h). Each op's body
 * is checked for its exact length, its reserved fields and its names; the
 * surface policy (drv-* roles on the driver surface only) is applied to every
 * role a request names, the envelope's included.
 */
#include <string.h>

#include <erix/kctl.h>
#include <erix/procd.h>

#include "loader.h"
#include "request.h"
#include "restart.h"
#include "table.h"

uint32_t procd_surface_of_badge(uint64_t badge)
{
    switch (badge) {
    case ERIX_PROCD_BADGE_BOOTSTRAP: return PROCD_SURFACE_BOOTSTRAP;
    case ERIX_PROCD_BADGE_DRIVER: return PROCD_SURFACE_DRIVER;
    default: return PROCD_SURFACE_NONE;
    }
}

bool procd_event_badge(uint64_t badge, uint32_t *pid)
{
    uint64_t low = badge & 0xffffu;
    if ((badge & ~(uint64_t)0xffffu) != ERIX_PROCD_BADGE_EVENT || low == 0)
        return false;
    *pid = (uint32_t)low;
    return true;
}

bool procd_role_allowed(uint32_t surface, const char role[ERIX_ROLE_MAX])
{
    bool driver = erix_procd_is_driver_role(role);
    return surface == PROCD_SURFACE_DRIVER ? driver : !driver;
}

/* Ops procd defines but refuses for good. */
static bool refused_op(uint32_t op)
{
    return op == ERIX_PROCD_OP_ADOPT_PROCESS || op == ERIX_PROCD_OP_LAUNCH_LOADED_IMAGE;
}

const char *procd_foundation_role(uint32_t kind)
{
    switch (kind) {
    case ERIX_PROCD_FOUNDATION_NAMED: return "named";
    case ERIX_PROCD_FOUNDATION_LOGD: return "logd";
    case ERIX_PROCD_FOUNDATION_CRASHD: return "crashd";
    case ERIX_PROCD_FOUNDATION_PAGERD: return "pagerd";
    default: return NULL;
    }
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != 0)
            return false;
    return true;
}

static erix_status_t check_role(uint32_t surface, const char role[ERIX_ROLE_MAX])
{
    if (!erix_role_name_ok(role, ERIX_ROLE_MAX))
        return ERIX_ERR_MALFORMED;
    return procd_role_allowed(surface, role) ? ERIX_OK : ERIX_ERR_DENIED;
}

/* What CREATE and SPAWN share: a role this surface may use, an image, a priority. */
static erix_status_t decode_launch(const char role[ERIX_ROLE_MAX], uint32_t image_index,
                                   uint32_t priority, struct procd_request *r)
{
    erix_status_t st = check_role(r->surface, role);
    if (st != ERIX_OK)
        return st;
    if (priority > ERIX_KCTL_MAX_PRIORITY)
        return ERIX_ERR_INVALID_ARGUMENT;
    memcpy(r->role, role, sizeof r->role);
    r->image_index = image_index;
    r->priority = priority;
    return ERIX_OK;
}

static erix_status_t decode_create(const struct erix_msg *m, struct procd_request *r)
{
    struct erix_procd_create_req q;
    if (m->len != sizeof q)
        return ERIX_ERR_MALFORMED;
    memcpy(&q, m->body, sizeof q);
    return decode_launch(q.role, q.image_index, q.priority, r);
}

static erix_status_t decode_spawn(const struct erix_msg *m, struct procd_request *r)
{
    struct erix_procd_spawn_req q;
    if (m->len != sizeof q)
        return ERIX_ERR_MALFORMED;
    memcpy(&q, m->body, sizeof q);
    erix_status_t st = decode_launch(q.role, q.image_index, q.priority, r);
    if (st == ERIX_OK)
        r->arg = q.arg;
    return st;
}

/* STOP, ABORT, QUERY, GET_RESTART_POLICY: a pid; WAIT: a pid or 0. arg is
 * reserved (0), except that STOP may name the one stop reason it performs and
 * QUERY with pid 0 asks for procd's accounting. */
static erix_status_t decode_pid(const struct erix_msg *m, struct procd_request *r, bool any)
{
    struct erix_procd_pid_req q;
    if (m->len != sizeof q)
        return ERIX_ERR_MALFORMED;
    memcpy(&q, m->body, sizeof q);
    bool reason = m->op == ERIX_PROCD_OP_STOP_PROCESS && q.arg == ERIX_KILL_REASON_MANAGED_STOP;
    bool accounting = m->op == ERIX_PROCD_OP_QUERY_PROCESS && q.pid == 0 &&
                      q.arg == ERIX_PROCD_QUERY_ACCOUNTING;
    if (accounting) {
        r->query_arg = q.arg;
        return ERIX_OK;
    }
    if ((q.arg != 0 && !reason) || (q.pid == 0 && !any))
        return ERIX_ERR_INVALID_ARGUMENT;
    r->pid = q.pid;
    return ERIX_OK;
}

static erix_status_t decode_policy(const struct erix_msg *m, struct procd_request *r)
{
    if (m->len != sizeof r->policy)
        return ERIX_ERR_MALFORMED;
    memcpy(&r->policy, m->body, sizeof r->policy);
    if (r->policy.pid == 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    r->pid = r->policy.pid;
    return procd_restart_check(&r->policy);
}

/* The bootstrap-only ops (foundation endpoints, loader transfer). */
static erix_status_t bootstrap_only(const struct procd_request *r)
{
    return r->surface == PROCD_SURFACE_BOOTSTRAP ? ERIX_OK : ERIX_ERR_DENIED;
}

static erix_status_t check_foundation_entry(const struct erix_procd_foundation_entry *e,
                                            uint32_t *seen)
{
    const char *role = procd_foundation_role(e->kind);
    char want[ERIX_ROLE_MAX] = {0};
    if (role == NULL || e->reserved != 0 || (*seen & (1u << e->kind)) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (!erix_role_name_ok(e->role, ERIX_ROLE_MAX))
        return ERIX_ERR_MALFORMED;
    memcpy(want, role, strlen(role));
    if (memcmp(want, e->role, ERIX_ROLE_MAX) != 0)
        return ERIX_ERR_INVALID_ARGUMENT; /* not the kind's canonical role */
    *seen |= 1u << e->kind;
    return ERIX_OK;
}

static erix_status_t decode_foundation(const struct erix_msg *m, struct procd_request *r)
{
    struct erix_procd_foundation_req *q = &r->foundation;
    erix_status_t st = bootstrap_only(r);
    if (st != ERIX_OK)
        return st;
    if (m->len != sizeof *q)
        return ERIX_ERR_MALFORMED;
    memcpy(q, m->body, sizeof *q);
    if (q->version != ERIX_PROCD_FOUNDATION_VERSION)
        return ERIX_ERR_VERSION;
    if (q->count > ERIX_XFER_MAX_ENTRIES ||
        !all_zero(&q->entries[q->count], (ERIX_XFER_MAX_ENTRIES - q->count) * sizeof q->entries[0]))
        return ERIX_ERR_INVALID_ARGUMENT;
    uint32_t seen = 0;
    for (uint32_t i = 0; i < q->count && st == ERIX_OK; i++)
        st = check_foundation_entry(&q->entries[i], &seen);
    return st;
}

static erix_status_t decode_begin(const struct erix_msg *m, struct procd_request *r)
{
    erix_status_t st = bootstrap_only(r);
    if (st != ERIX_OK)
        return st;
    if (m->len != sizeof r->begin)
        return ERIX_ERR_MALFORMED;
    memcpy(&r->begin, m->body, sizeof r->begin);
    if ((st = check_role(r->surface, r->begin.role)) != ERIX_OK)
        return st;
    if ((st = procd_loader_check_plan(&r->begin, &r->plan)) != ERIX_OK)
        return st;
    memcpy(r->role, r->begin.role, sizeof r->role);
    r->priority = r->begin.priority;
    r->arg = r->begin.arg;
    return ERIX_OK;
}

static erix_status_t decode_chunk(const struct erix_msg *m, struct procd_request *r)
{
    erix_status_t st = bootstrap_only(r);
    if (st != ERIX_OK)
        return st;
    if (m->len < sizeof r->chunk)
        return ERIX_ERR_MALFORMED;
    memcpy(&r->chunk, m->body, sizeof r->chunk);
    if (r->chunk.reserved != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (r->chunk.length == 0 || r->chunk.length > ERIX_PROCD_LOADER_CHUNK_MAX ||
        r->chunk.length != m->len - sizeof r->chunk)
        return ERIX_ERR_MALFORMED;
    r->chunk_bytes = m->body + sizeof r->chunk;
    return ERIX_OK;
}

static erix_status_t decode_commit(const struct erix_msg *m, struct procd_request *r)
{
    erix_status_t st = bootstrap_only(r);
    if (st != ERIX_OK)
        return st;
    if (m->len != sizeof r->commit)
        return ERIX_ERR_MALFORMED;
    memcpy(&r->commit, m->body, sizeof r->commit);
    if (r->commit.reserved != 0 || r->commit.fault_step >= ERIX_PROCD_LOADER_FAULT_COUNT)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (!PROCD_LOADER_FAULT_HOOKS && r->commit.fault_step != ERIX_PROCD_LOADER_FAULT_NONE)
        return ERIX_ERR_INVALID_ARGUMENT; /* the hooks are not built in */
    return ERIX_OK;
}

static erix_status_t decode_envelope(struct procd_request *r)
{
    if (r->envelope_len == 0 || r->envelope_len > ERIX_ENVELOPE_MAX ||
        erix_envelope_validate(r->envelope, r->envelope_len, &r->envelope_view) != ERIX_OK)
        return ERIX_ERR_MALFORMED;
    const struct erix_envelope_header *h = r->envelope_view.header;
    if (h->primary_control_slot != r->primary_control_slot)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (!procd_role_allowed(r->surface, h->role))
        return ERIX_ERR_DENIED;
    memcpy(r->role, h->role, sizeof r->role);
    return ERIX_OK;
}

static erix_status_t decode_start(const struct erix_msg *m, struct procd_request *r)
{
    struct erix_procd_start_req q;
    if (m->len < sizeof q)
        return ERIX_ERR_MALFORMED;
    memcpy(&q, m->body, sizeof q);
    if (q.reserved != 0 || q.pid == 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (q.envelope_len != m->len - sizeof q)
        return ERIX_ERR_MALFORMED;
    r->pid = q.pid;
    r->primary_control_slot = q.primary_control_slot;
    r->envelope_len = q.envelope_len;
    r->envelope = m->body + sizeof q;
    return decode_envelope(r);
}

static erix_status_t decode_body(const struct erix_msg *m, struct procd_request *r)
{
    switch (m->op) {
    case ERIX_PROCD_OP_CREATE_STAGED_PROCESS: return decode_create(m, r);
    case ERIX_PROCD_OP_SPAWN_SERVICE: return decode_spawn(m, r);
    case ERIX_PROCD_OP_START_STAGED_PROCESS: return decode_start(m, r);
    case ERIX_PROCD_OP_ABORT_STAGED_PROCESS:
    case ERIX_PROCD_OP_STOP_PROCESS:
    case ERIX_PROCD_OP_QUERY_PROCESS:
    case ERIX_PROCD_OP_GET_RESTART_POLICY: return decode_pid(m, r, false);
    case ERIX_PROCD_OP_WAIT_PROCESS_EVENT: return decode_pid(m, r, true);
    case ERIX_PROCD_OP_SET_RESTART_POLICY: return decode_policy(m, r);
    case ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS: return decode_foundation(m, r);
    case ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER: return decode_begin(m, r);
    case ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK: return decode_chunk(m, r);
    case ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER: return decode_commit(m, r);
    default: return refused_op(m->op) ? ERIX_ERR_DENIED : ERIX_ERR_UNKNOWN_OP;
    }
}

erix_status_t procd_request_decode(const struct erix_msg *m, struct procd_request *out)
{
    memset(out, 0, sizeof *out);
    out->op = m->op;
    out->token = m->token;
    out->surface = procd_surface_of_badge(m->badge);
    if (out->surface == PROCD_SURFACE_NONE || (m->flags & ERIX_MSG_FLAG_KERNEL_EVENT) != 0 ||
        m->token == 0)
        return ERIX_ERR_DENIED;
    return decode_body(m, out);
}

erix_status_t procd_event_decode(const struct erix_msg *m, struct erix_event *out)
{
    uint32_t pid;
    struct erix_event ev;
    if ((m->flags & ERIX_MSG_FLAG_KERNEL_EVENT) == 0 || !procd_event_badge(m->badge, &pid))
        return ERIX_ERR_DENIED;
    if (m->len != sizeof ev)
        return ERIX_ERR_MALFORMED;
    memcpy(&ev, m->body, sizeof ev);
    if ((m->op != ERIX_EVENT_EXIT && m->op != ERIX_EVENT_FAULT && m->op != ERIX_EVENT_STOPPED) ||
        ev.kind != m->op || ev.pid != pid)
        return ERIX_ERR_MALFORMED;
    *out = ev;
    return ERIX_OK;
}
