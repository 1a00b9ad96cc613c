/*
 * client.c - the verifier's tools (verify.h): check lines, the clock, and
 * procd's ops through the bootstrap surface.
 */
#include <stdarg.h>
#include <string.h>

#include <erix/caps.h>
#include <erix/envelope.h>
#include <erix/kctl.h>
#include <erix/layout.h>
#include <erix/rt.h>
#include <erixc/format.h>

#include "verify.h"

static unsigned checks, failures;

struct line {
    char buf[200];
    size_t n;
};

static void sink(void *ctx, char c)
{
    struct line *l = ctx;
    if (l->n + 1 < sizeof l->buf)
        l->buf[l->n++] = c;
}

bool v_check(const char *name, bool ok, const char *fmt, ...)
{
    struct line l = {{0}, 0};
    va_list ap;
    va_start(ap, fmt);
    (void)format_v(sink, &l, fmt, ap);
    va_end(ap);
    l.buf[l.n] = 0;
    checks++;
    failures += !ok;
    (void)erix_log("PHASE0_VERIFY:%s %s %s", ok ? "PASS" : "FAIL", name, l.buf);
    return ok;
}

unsigned v_failures(void)
{
    return failures;
}

unsigned v_checks(void)
{
    return checks;
}

uint64_t v_now_ns(void)
{
    struct erix_kctl_clock_resp c;
    return erix_kctl_clock(V_TIME, &c) == ERIX_OK ? c.nanoseconds : 0;
}

void v_sleep_ms(uint32_t ms)
{
    uint64_t until = v_now_ns() + (uint64_t)ms * 1000000u;
    while (v_now_ns() < until) {
        struct erix_msg m;
        uint64_t left_us = (until - v_now_ns()) / 1000u + 1u;
        if (erix_recv(V_SELF, ERIX_IPC_TIMED, (uint32_t)left_us, &m) == ERIX_OK && m.token != 0)
            (void)erix_reply(V_SELF, m.token, ERIX_ERR_DENIED, NULL, 0);
    }
}

/* ---- procd -------------------------------------------------------------------------- */

erix_status_t v_call(uint32_t op, const void *req, uint16_t len, void *resp, uint16_t cap,
                     uint16_t *got)
{
    uint32_t status = ERIX_OK;
    uint16_t n = 0;
    erix_status_t st = erix_call_ex(V_PROCD, 0, 0, op, req, len, resp, cap, &n, &status);
    if (got != NULL)
        *got = n;
    return st != ERIX_OK ? st : (erix_status_t)status;
}

/* A call whose reply body must be exactly `cap` bytes on ERIX_OK. */
static erix_status_t call_exact(uint32_t op, const void *req, uint16_t len, void *resp,
                                uint16_t cap)
{
    uint16_t got = 0;
    erix_status_t st = v_call(op, req, len, resp, cap, &got);
    return st == ERIX_OK && got != cap ? ERIX_ERR_MALFORMED : st;
}

static void set_role(char *dst, const char *role)
{
    memset(dst, 0, ERIX_ROLE_MAX);
    memcpy(dst, role, strnlen(role, ERIX_ROLE_MAX - 1));
}

erix_status_t v_spawn(const char *role, uint32_t image, uint64_t arg, uint32_t *pid)
{
    struct erix_procd_spawn_req q;
    struct erix_procd_pid_resp r = {0, 0};
    set_role(q.role, role);
    q.image_index = image;
    q.priority = V_PRIORITY;
    q.arg = arg;
    erix_status_t st = call_exact(ERIX_PROCD_OP_SPAWN_SERVICE, &q, sizeof q, &r, sizeof r);
    *pid = r.pid;
    return st;
}

erix_status_t v_wait(uint32_t pid, struct erix_event *ev)
{
    struct erix_procd_pid_req q = {pid, 0};
    memset(ev, 0, sizeof *ev);
    return call_exact(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, &q, sizeof q, ev, sizeof *ev);
}

erix_status_t v_query(uint32_t pid, struct erix_procd_query_resp *out)
{
    struct erix_procd_pid_req q = {pid, 0};
    memset(out, 0, sizeof *out);
    return call_exact(ERIX_PROCD_OP_QUERY_PROCESS, &q, sizeof q, out, sizeof *out);
}

erix_status_t v_stop(uint32_t pid)
{
    struct erix_procd_pid_req q = {pid, ERIX_KILL_REASON_MANAGED_STOP};
    return v_call(ERIX_PROCD_OP_STOP_PROCESS, &q, sizeof q, NULL, 0, NULL);
}

erix_status_t v_set_policy(uint32_t pid, uint32_t policy, uint32_t min_ms, uint32_t max)
{
    struct erix_procd_policy_req q = {pid, policy, min_ms, max};
    return v_call(ERIX_PROCD_OP_SET_RESTART_POLICY, &q, sizeof q, NULL, 0, NULL);
}

erix_status_t v_get_policy(uint32_t pid, struct erix_procd_policy_resp *out)
{
    struct erix_procd_pid_req q = {pid, 0};
    memset(out, 0, sizeof *out);
    return call_exact(ERIX_PROCD_OP_GET_RESTART_POLICY, &q, sizeof q, out, sizeof *out);
}

erix_status_t v_accounting(struct erix_procd_accounting_resp *out)
{
    struct erix_procd_pid_req q = {0, ERIX_PROCD_QUERY_ACCOUNTING};
    memset(out, 0, sizeof *out);
    return call_exact(ERIX_PROCD_OP_QUERY_PROCESS, &q, sizeof q, out, sizeof *out);
}

erix_status_t v_create(const char *role, uint32_t image, uint32_t k, struct v_child *c)
{
    struct erix_procd_create_req q;
    struct erix_procd_pid_resp r = {0, 0};
    uint32_t base = V_CHILD_BASE + 2 * k;
    set_role(q.role, role);
    q.image_index = image;
    q.priority = V_PRIORITY;
    erix_recv_window(base, 2);
    erix_status_t st = call_exact(ERIX_PROCD_OP_CREATE_STAGED_PROCESS, &q, sizeof q, &r, sizeof r);
    erix_recv_window(0, 0);
    struct erix_xfer_entry got[ERIX_XFER_MAX_ENTRIES];
    unsigned n = st == ERIX_OK ? erix_xfer_received(got) : 0;
    *c = (struct v_child){r.pid, base, base + 1};
    if (st == ERIX_OK && (n != 2 || got[0].slot != base || got[0].mode != ERIX_CAP_ENDPOINT ||
                          got[1].slot != base + 1 || got[1].mode != ERIX_CAP_INSTALL_GRANT))
        st = ERIX_ERR_MALFORMED;
    return st;
}

erix_status_t v_install(const struct v_child *c, uint32_t src, uint32_t slot, uint32_t rights)
{
    return erix_kctl_install(V_POPULATE, c->grant, src, slot, rights, 0);
}

static erix_status_t envelope(uint8_t *buf, size_t cap, const char *role, uint32_t time_slot,
                              uint32_t *len)
{
    struct erix_envelope_header *h;
    erix_status_t st = erix_envelope_layout(buf, cap, role, 3, 0, &h);
    if (st != ERIX_OK)
        return st;
    struct erix_envelope_cap *caps = (struct erix_envelope_cap *)(buf + h->cap_offset);
    caps[0] = (struct erix_envelope_cap){ERIX_PROCD_CHILD_SERVICE_SLOT, ERIX_CAP_ENDPOINT,
                                         ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, ERIX_EP_GENERIC,
                                         ERIX_PURPOSE_SERVICE_ENDPOINT, 0, 0};
    caps[1] = (struct erix_envelope_cap){ERIX_PROCD_CHILD_EVENT_SLOT, ERIX_CAP_ENDPOINT,
                                         ERIX_RIGHT_SEND, ERIX_EP_GENERIC,
                                         ERIX_PURPOSE_FAULT_ENDPOINT, 0, 0};
    caps[2] = (struct erix_envelope_cap){time_slot, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND,
                                         ERIX_EP_TIME, ERIX_PURPOSE_PRIMARY_CONTROL, 0, 0};
    h->primary_control_slot = time_slot;
    h->service_endpoint_slot = ERIX_PROCD_CHILD_SERVICE_SLOT;
    *len = h->total_size;
    return ERIX_OK;
}

erix_status_t v_start(struct v_child *c, const char *role, uint32_t time_slot)
{
    static _Alignas(8) uint8_t req[ERIX_IPC_MAX_BODY];
    uint32_t len = 0;
    erix_status_t st = erix_cap_drop(c->grant); /* START is refused while it lives */
    if (st != ERIX_OK)
        return st;
    c->grant = 0;
    struct erix_procd_start_req h = {c->pid, 0, time_slot, 0};
    if ((st = envelope(req + sizeof h, sizeof req - sizeof h, role, time_slot, &len)) != ERIX_OK)
        return st;
    h.envelope_len = len;
    memcpy(req, &h, sizeof h);
    return v_call(ERIX_PROCD_OP_START_STAGED_PROCESS, req, (uint16_t)(sizeof h + len), NULL, 0,
                  NULL);
}

/* ---- accounting ------------------------------------------------------------------------- */

bool v_take_baseline(struct v_baseline *b)
{
    erix_status_t st = v_accounting(&b->a);
    return v_check("accounting-baseline", st == ERIX_OK && b->a.stray_slots == 0,
                   "status=%s live=%u records=%u pool_bytes=%llu stray=%u", erix_status_name(st),
                   b->a.live_processes, b->a.records, (unsigned long long)b->a.pool_bytes_in_use,
                   b->a.stray_slots);
}

bool v_check_nothing_left(const char *name, const struct v_baseline *b, uint32_t new_records)
{
    struct erix_procd_accounting_resp a;
    erix_status_t st = v_accounting(&a);
    bool ok = st == ERIX_OK && a.live_processes == b->a.live_processes &&
              a.pool_bytes_in_use == b->a.pool_bytes_in_use &&
              a.records == b->a.records + new_records && a.stray_slots == 0 &&
              a.loader_active == 0 && a.restarts_pending == 0 && a.waiters == b->a.waiters;
    return v_check(name, ok,
                   "status=%s live=%u/%u pool_bytes=%llu/%llu records=%u/%u stray=%u loader=%u "
                   "pending=%u waiters=%u",
                   erix_status_name(st), a.live_processes, b->a.live_processes,
                   (unsigned long long)a.pool_bytes_in_use,
                   (unsigned long long)b->a.pool_bytes_in_use, a.records,
                   b->a.records + new_records, a.stray_slots, a.loader_active,
                   a.restarts_pending, a.waiters);
}
