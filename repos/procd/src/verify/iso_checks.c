/*
 * iso_checks.c - phase0-verify-isolation: two processes, each with a
 * capability of its own and a secret page of its own, try to reach each
 * other's capabilities (the other's slot, procd's surfaces with the other's
 * pid, transfers) and memory (kernel writes and maps, the other's address);
 * every attempt is refused with a typed error, both keep running and report,
 * neither's secret changes. Then the bootstrap surface's late binding of
 * foundation endpoints: validated, stored, reported, and refused whole when
 * anything is off (the children's attempt is among theirs above).
 *
 * Images: 1 phase0-iso-a, 2 phase0-iso-b.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/rt.h>

#include "../phase0/phase0.h"
#include "verify.h"

#define IMAGE_A (PHASE0_IMAGE_FIRST_HELPER + 0u)
#define IMAGE_B (PHASE0_IMAGE_FIRST_HELPER + 1u)
#define SECRET_VALUE_A 0xa11ce5ec12e7a11cull
#define SECRET_VALUE_B 0xb0b5ec12e7b0b0b0ull

struct side {
    const char *role;
    uint32_t image, slot;
    uint64_t base;            /* its image base */
    uint64_t secret_value;
    uint64_t secret_addr;     /* where it says its secret is */
    struct v_child c;
};

static erix_status_t helper_call(const struct side *x, uint32_t op, const void *body,
                                 uint16_t len, void *resp, uint16_t cap)
{
    uint32_t status = ERIX_OK;
    uint16_t got = 0;
    erix_status_t st = erix_call_ex(x->c.endpoint, 0, 0, op, body, len, resp, cap, &got, &status);
    return st != ERIX_OK ? st : (erix_status_t)status;
}

static bool launch(struct side *x, uint32_t k)
{
    erix_status_t st = v_create(x->role, x->image, k, &x->c);
    if (st == ERIX_OK)
        st = v_install(&x->c, V_TIME, x->slot, ERIX_RIGHT_SEND);
    if (st == ERIX_OK)
        st = v_start(&x->c, x->role, x->slot);
    return v_check("iso-launch", st == ERIX_OK, "role=%s pid=%u status=%s", x->role, x->c.pid,
                   erix_status_name(st));
}

/* Where the helper keeps its secret: inside its own image, outside the peer's. */
static void hello(struct side *x, const struct side *peer)
{
    struct phase0_iso_hello h = {0, 0};
    erix_status_t st = helper_call(x, PHASE0_ISO_OP_HELLO, &h, sizeof h, &h, sizeof h);
    x->secret_addr = h.secret_addr;
    bool own = h.secret_addr >= x->base && h.secret_addr < x->base + (16u << 20);
    bool not_peers = h.secret_addr < peer->base || h.secret_addr >= peer->base + (16u << 20);
    v_check("iso-secret-apart", st == ERIX_OK && own && not_peers,
            "role=%s secret=0x%llx status=%s", x->role, (unsigned long long)h.secret_addr,
            erix_status_name(st));
}

static void brief(const struct side *x, const struct side *peer)
{
    struct phase0_iso_brief b = {peer->c.pid, peer->slot, peer->secret_addr, x->secret_value, 0};
    erix_status_t st = helper_call(x, PHASE0_ISO_OP_BRIEF, &b, sizeof b, NULL, 0);
    v_check("iso-brief", st == ERIX_OK, "role=%s peer_pid=%u status=%s", x->role, peer->c.pid,
            erix_status_name(st));
}

static void finish(const struct side *x)
{
    struct phase0_iso_report r, none = {0, 0, 0, 0};
    memset(&r, 0, sizeof r);
    erix_status_t st =
        helper_call(x, PHASE0_ISO_OP_FINISH, &none, sizeof none, &r, sizeof r);
    v_check("iso-all-refused",
            st == ERIX_OK && r.attempts == PHASE0_ISO_ATTEMPTS &&
                r.refused == PHASE0_ISO_ATTEMPTS && r.failures == 0,
            "role=%s attempts=%u refused=%u failures=%u status=%s", x->role, r.attempts,
            r.refused, r.failures, erix_status_name(st));
    v_check("iso-secret-intact", st == ERIX_OK && r.secret_intact == 1, "role=%s",
            x->role);
}

static void both_alive(const struct side *a, const struct side *b)
{
    struct erix_procd_query_resp qa, qb;
    erix_status_t sa = v_query(a->c.pid, &qa), sb = v_query(b->c.pid, &qb);
    v_check("iso-both-alive",
            sa == ERIX_OK && sb == ERIX_OK && qa.state == ERIX_PROCD_STATE_RUNNING &&
                qb.state == ERIX_PROCD_STATE_RUNNING,
            "a=%u b=%u", qa.state, qb.state);
}

static void end(const struct side *x)
{
    struct phase0_iso_report none = {0, 0, 0, 0};
    struct erix_event ev;
    erix_status_t st = helper_call(x, PHASE0_ISO_OP_EXIT, &none, sizeof none, NULL, 0);
    if (st == ERIX_OK)
        st = v_wait(x->c.pid, &ev);
    uint64_t want = PHASE0_ISO_EXIT(PHASE0_ISO_ATTEMPTS, 0u);
    v_check("iso-exit", st == ERIX_OK && ev.kind == ERIX_EVENT_EXIT && ev.code == want,
            "role=%s code=0x%llx want=0x%llx status=%s", x->role, (unsigned long long)ev.code,
            (unsigned long long)want, erix_status_name(st));
    (void)erix_cap_drop(x->c.endpoint);
}

/* ---- foundation endpoints ---------------------------------------------------------------- */

static erix_status_t foundation(uint32_t count, const char *role, uint32_t kind, uint32_t slot,
                                uint8_t rights, struct erix_procd_foundation_resp *resp)
{
    struct erix_procd_foundation_req q;
    memset(&q, 0, sizeof q);
    memset(resp, 0, sizeof *resp);
    q.version = ERIX_PROCD_FOUNDATION_VERSION;
    q.count = count;
    if (count > 0) {
        memcpy(q.entries[0].role, role, strnlen(role, ERIX_ROLE_MAX - 1));
        q.entries[0].kind = kind;
    }
    if (slot != 0) {
        const uint32_t slots[1] = {slot};
        const uint8_t masks[1] = {rights};
        erix_status_t st = erix_xfer_set(slots, masks, NULL, 1);
        if (st != ERIX_OK)
            return st;
    }
    return v_call(ERIX_PROCD_OP_UPDATE_FOUNDATION_ENDPOINTS, &q, sizeof q, resp, sizeof *resp,
                  NULL);
}

static void foundation_checks(void)
{
    struct erix_procd_foundation_resp r;
    struct erix_procd_accounting_resp a;
    erix_status_t st = foundation(1, "named", ERIX_PROCD_FOUNDATION_NAMED, V_SELF,
                                  ERIX_RIGHT_SEND, &r);
    v_check("foundation-bind", st == ERIX_OK && r.bound == 1u && r.generation == 1,
            "bound=0x%x generation=%u status=%s", r.bound, r.generation, erix_status_name(st));
    st = foundation(1, "logd", ERIX_PROCD_FOUNDATION_LOGD, V_SELF,
                    ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, &r);
    v_check("foundation-refuses-recv", st == ERIX_ERR_DENIED, "status=%s", erix_status_name(st));
    st = foundation(1, "named", ERIX_PROCD_FOUNDATION_LOGD, V_SELF, ERIX_RIGHT_SEND, &r);
    v_check("foundation-refuses-wrong-role", st == ERIX_ERR_INVALID_ARGUMENT, "status=%s",
            erix_status_name(st));
    st = foundation(1, "crashd", ERIX_PROCD_FOUNDATION_CRASHD, V_TIME, ERIX_RIGHT_SEND, &r);
    v_check("foundation-refuses-kernel-family", st == ERIX_ERR_WRONG_TYPE, "status=%s",
            erix_status_name(st));
    st = foundation(1, "logd", ERIX_PROCD_FOUNDATION_LOGD, 0, 0, &r);
    v_check("foundation-refuses-missing-cap", st == ERIX_ERR_MALFORMED, "status=%s",
            erix_status_name(st));
    st = foundation(0, NULL, 0, 0, 0, &r);
    v_check("foundation-report", st == ERIX_OK && r.bound == 1u && r.generation == 1,
            "bound=0x%x generation=%u status=%s", r.bound, r.generation, erix_status_name(st));
    st = v_accounting(&a);
    v_check("foundation-nothing-kept", st == ERIX_OK && a.stray_slots == 0 &&
                                           a.foundation_bound == 1u,
            "stray=%u bound=0x%x status=%s", a.stray_slots, a.foundation_bound,
            erix_status_name(st));
}

void v_run_isolation(void)
{
    struct v_baseline base;
    struct side a = {"phase0-iso-a", IMAGE_A, PHASE0_ISO_SLOT_A, PHASE0_ISO_BASE_A,
                     SECRET_VALUE_A, 0, {0, 0, 0}};
    struct side b = {"phase0-iso-b", IMAGE_B, PHASE0_ISO_SLOT_B, PHASE0_ISO_BASE_B,
                     SECRET_VALUE_B, 0, {0, 0, 0}};
    (void)v_take_baseline(&base);
    if (launch(&a, 0) && launch(&b, 1)) {
        hello(&a, &b);
        hello(&b, &a);
        brief(&a, &b);
        brief(&b, &a);
        finish(&a); /* a has made every attempt, b too, both still alive */
        finish(&b);
        both_alive(&a, &b);
        end(&a);
        end(&b);
    }
    (void)v_check_nothing_left("iso-nothing-left", &base, 2);
    foundation_checks();
}
