/*
 * fake_kernel.c - test-only: lib-rt's seam implemented by a recording,
 * scripted fake kernel (see fake_kernel.h).
 */
#include <stdio.h>
#include <string.h>

#include <erix/caps.h>
#include <erix/markers.h>
#include <erix/rootd_report.h>

#include "../src/rt_sys.h"
#include "fake_kernel.h"

struct erix_ipc_buffer fake_ipcbuf;
jmp_buf fake_exit_jmp;
uint64_t fake_exit_code;
unsigned fake_exits;

static struct fake_sent sent[FAKE_MAX_CALLS];
static unsigned n_sent;
static struct fake_answer answers[FAKE_MAX_ANSWERS];
static unsigned n_answers, next_answer;
static fake_handler handler;
static struct fake_line lines[FAKE_MAX_LINES];
static unsigned n_lines;
static erix_status_t log_forced;
static struct fake_report reports[16];
static unsigned n_reports;
static struct erix_cap_info caps[ERIX_CSPACE_SLOTS];
static unsigned drops[ERIX_CSPACE_SLOTS];

void fake_reset(void)
{
    memset(&fake_ipcbuf, 0, sizeof fake_ipcbuf);
    n_sent = n_answers = next_answer = n_lines = n_reports = fake_exits = 0;
    handler = NULL;
    log_forced = ERIX_OK;
    fake_exit_code = 0;
    memset(caps, 0, sizeof caps);
    memset(drops, 0, sizeof drops);
}

void fake_set_handler(fake_handler h)
{
    handler = h;
}

struct fake_answer *fake_push(erix_status_t status)
{
    struct fake_answer *a = &answers[n_answers++ % FAKE_MAX_ANSWERS];
    memset(a, 0, sizeof *a);
    a->status = status;
    return a;
}

struct fake_answer *fake_push_body(erix_status_t status, uint32_t op, const void *body,
                                   uint16_t len)
{
    struct fake_answer *a = fake_push(status);
    a->op = op;
    a->len = len;
    if (len != 0)
        memcpy(a->body, body, len);
    return a;
}

unsigned fake_calls(void)
{
    return n_sent;
}

const struct fake_sent *fake_call(unsigned i)
{
    return i < n_sent ? &sent[i] : NULL;
}

const struct fake_sent *fake_last(void)
{
    return n_sent > 0 ? &sent[n_sent - 1] : NULL;
}

/* ---- the transport ------------------------------------------------------ */

static void record(struct fake_sent *s, uint64_t nr, uint64_t arg, const struct erix_msg_regs *m)
{
    memset(s, 0, sizeof *s);
    s->nr = nr;
    s->arg = arg;
    s->header = m->header;
    s->op = ERIX_MSG_OP(m->header);
    s->flags = ERIX_MSG_FLAGS(m->header);
    s->len = ERIX_MSG_LEN(m->header);
    if (s->len > ERIX_IPC_MAX_BODY)
        s->len = ERIX_IPC_MAX_BODY;
    memcpy(s->body, m->w, s->len < 32 ? s->len : 32);
    if (s->len > 32)
        memcpy(s->body + 32, &fake_ipcbuf.body[ERIX_IPC_REG_WORDS], s->len - 32u);
    s->reply_token = fake_ipcbuf.reply_token;
    s->xfer = fake_ipcbuf.send_xfer;
}

static erix_status_t scripted(const struct fake_sent *in, struct fake_answer *out)
{
    (void)in;
    if (next_answer == n_answers)
        return ERIX_ERR_INTERNAL;
    *out = answers[next_answer++ % FAKE_MAX_ANSWERS];
    return out->status;
}

static void deliver(const struct fake_answer *a, struct erix_msg_regs *m)
{
    uint64_t w[4] = {0, 0, 0, 0};
    memcpy(w, a->body, a->len < 32 ? a->len : 32);
    if (a->len > 32)
        memcpy(&fake_ipcbuf.body[ERIX_IPC_REG_WORDS], a->body + 32, a->len - 32u);
    m->header = ERIX_MSG_HEADER(a->op, a->flags, a->len);
    memcpy(m->w, w, sizeof w);
    m->token = a->token;
    fake_ipcbuf.recv_badge = a->badge;
    fake_ipcbuf.recv_sender_pid = a->pid;
    fake_ipcbuf.recv_xfer = a->recv_xfer;
}

erix_status_t erix_rt_sys_transport(uint64_t nr, uint64_t arg, struct erix_msg_regs *m)
{
    static struct fake_answer a;
    struct fake_sent *s = &sent[n_sent < FAKE_MAX_CALLS ? n_sent++ : FAKE_MAX_CALLS - 1];
    record(s, nr, arg, m);
    memset(&a, 0, sizeof a);
    erix_status_t st = (handler != NULL ? handler : scripted)(s, &a);
    if (nr == ERIX_SYS_REPLY || nr == ERIX_SYS_REPLY_RECV)
        fake_ipcbuf.reply_token = 0;
    if (st != ERIX_OK || nr == ERIX_SYS_REPLY || nr == ERIX_SYS_NOTIFY)
        return st; /* registers untouched */
    deliver(&a, m);
    return ERIX_OK;
}

struct erix_ipc_buffer *erix_rt_ipc_buffer(void)
{
    return &fake_ipcbuf;
}

/* ---- debug log, rootd report, caps, exit ------------------------------- */

bool fake_forges_marker(const char *s, size_t len)
{
    return !erix_console_text_allowed(s, len); /* the kernel's own policy */
}

void fake_debug_log_fail(erix_status_t st)
{
    log_forced = st;
}

unsigned fake_lines(void)
{
    return n_lines;
}

const struct fake_line *fake_line(unsigned i)
{
    return i < n_lines ? &lines[i] : NULL;
}

erix_status_t erix_rt_sys_debug_log(const char *s, uint64_t len)
{
    struct fake_line *l = &lines[n_lines < FAKE_MAX_LINES ? n_lines++ : FAKE_MAX_LINES - 1];
    size_t keep = len < sizeof l->text ? (size_t)len : sizeof l->text;
    memcpy(l->text, s, keep);
    l->len = (size_t)len;
    if (log_forced != ERIX_OK)
        l->status = log_forced;
    else if (len == 0 || len > 256)
        l->status = ERIX_ERR_INVALID_ARGUMENT;
    else
        l->status = fake_forges_marker(s, (size_t)len) ? ERIX_ERR_DENIED : ERIX_OK;
    return l->status;
}

unsigned fake_reports(void)
{
    return n_reports;
}

const struct fake_report *fake_report(unsigned i)
{
    return i < n_reports ? &reports[i] : NULL;
}

erix_status_t erix_rt_sys_rootd_report(uint64_t kind, uint64_t value, uint64_t len)
{
    struct fake_report *r = &reports[n_reports++ % 16];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->value = value;
    r->len = len;
    if (kind == ERIX_ROOTD_REPORT_STAGE && len < sizeof r->name)
        memcpy(r->name, (const char *)(uintptr_t)value, (size_t)len);
    return ERIX_OK;
}

void fake_set_cap(uint32_t slot, uint32_t type, uint32_t rights, uint32_t kind)
{
    caps[slot] = (struct erix_cap_info){.type = type, .rights = rights, .endpoint_kind = kind};
}

unsigned fake_dropped(uint32_t slot)
{
    return drops[slot];
}

erix_status_t erix_rt_sys_query_local_cap(uint32_t slot, struct erix_cap_info *info)
{
    memset(info, 0, sizeof *info);
    if (slot >= ERIX_CSPACE_SLOTS)
        return ERIX_ERR_INVALID_SLOT;
    if (caps[slot].type == ERIX_CAP_NULL)
        return ERIX_ERR_EMPTY_SLOT;
    *info = caps[slot];
    return ERIX_OK;
}

erix_status_t erix_rt_sys_drop_local_cap(uint32_t slot)
{
    if (slot >= ERIX_CSPACE_SLOTS)
        return ERIX_ERR_INVALID_SLOT;
    if (caps[slot].type == ERIX_CAP_NULL)
        return ERIX_ERR_EMPTY_SLOT;
    caps[slot].type = ERIX_CAP_NULL;
    drops[slot]++;
    return ERIX_OK;
}

_Noreturn void erix_rt_sys_exit(uint64_t code)
{
    fake_exit_code = code;
    fake_exits++;
    longjmp(fake_exit_jmp, 1);
}
