/*
 * syscall.c - the system call table: transport calls go to ipc.c, the rest
 * (null, debug log, rootd report, yield, exit, local capability query and
 * drop) are here. Every argument is checked; a bad one is a typed error.
 */
#include <erix/exit.h>
#include <erix/markers.h>
#include <erix/rootd_report.h>
#include <erix/syscall.h>

#include <kernel/cap.h>
#include <kernel/console.h>
#include <kernel/ipc.h>
#include <kernel/root.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>
#include <kernel/usercopy.h>

#include "config.h"

void syscall_handler(struct arch_syscall_frame *f);

static erix_status_t sys_debug_log(const struct arch_syscall_frame *f)
{
#if ERIX_CONFIG_RELEASE
    (void)f;
    return ERIX_ERR_DENIED;
#else
    uint8_t buf[ERIX_DEBUG_LOG_MAX];
    if (f->a1 == 0 || f->a1 > ERIX_DEBUG_LOG_MAX)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = user_copy_in(current->vspace, f->a0, buf, f->a1);
    return st != ERIX_OK ? st : console_user_write(buf, f->a1);
#endif
}

static bool stage_char_ok(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
}

static erix_status_t report_stage(const struct arch_syscall_frame *f)
{
    char name[ERIX_ROOTD_STAGE_NAME_MAX + 1];
    if (f->a2 == 0 || f->a2 > ERIX_ROOTD_STAGE_NAME_MAX)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = user_copy_in(current->vspace, f->a1, name, f->a2);
    if (st != ERIX_OK)
        return st;
    for (uint64_t i = 0; i < f->a2; i++)
        if (!stage_char_ok((uint8_t)name[i]))
            return ERIX_ERR_INVALID_ARGUMENT;
    kprintf(ERIX_MARKER_ROOTD_STAGE "%.*s\n", (int)f->a2, name);
    return ERIX_OK;
}

static const char *const status_names[ERIX_ROOTD_STATUS_COUNT] = {
    "READY", "HANDOFF_INVALID", "CONTRACT_INVALID", "INTERNAL_ERROR", "SERVICE_BOOTSTRAP_FAILED",
};

static erix_status_t report_status(const struct arch_syscall_frame *f)
{
    if (f->a1 >= ERIX_ROOTD_STATUS_COUNT || f->a2 != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (f->a1 == ERIX_ROOTD_STATUS_READY) {
        kprintf(ERIX_MARKER_ROOTD_READY "\n");
        if (ERIX_CONFIG_DEBUG_EXIT)
            arch_machine_exit(ERIX_EXIT_ROOTD_READY);
        return ERIX_OK;
    }
    kprintf(ERIX_MARKER_ROOTD_STATUS "%s\n", status_names[f->a1]);
    if (ERIX_CONFIG_DEBUG_EXIT)
        arch_machine_exit(f->a1 == ERIX_ROOTD_STATUS_SERVICE_BOOTSTRAP_FAILED
                              ? ERIX_EXIT_SERVICE_BOOTSTRAP
                              : ERIX_EXIT_ROOTD_FAILURE);
    return ERIX_OK;
}

static erix_status_t sys_rootd_report(const struct arch_syscall_frame *f)
{
    if (!root_is(current))
        return ERIX_ERR_DENIED;
    switch (f->a0) {
    case ERIX_ROOTD_REPORT_STAGE: return report_stage(f);
    case ERIX_ROOTD_REPORT_STATUS: return report_status(f);
    default: return ERIX_ERR_INVALID_ARGUMENT;
    }
}

static void sys_query_local_cap(struct arch_syscall_frame *f)
{
    struct cte *c;
    erix_status_t st = f->a0 >= ERIX_CSPACE_SLOTS ? ERIX_ERR_INVALID_SLOT
                                                  : cap_lookup(current->cspace, (uint32_t)f->a0,
                                                               ERIX_CAP_NULL, 0, &c);
    f->nr = (uint64_t)st;
    f->a0 = f->a1 = f->a2 = f->a3 = f->a4 = f->a5 = 0;
    if (st != ERIX_OK)
        return;
    f->a2 = ERIX_CAPINFO(c->type, c->rights); /* rdx */
    f->a4 = cap_endpoint_kind(c);              /* r8 */
    f->a3 = cap_size(c);                       /* r10 */
    f->a5 = c->type == ERIX_CAP_UNTYPED ? ((struct untyped *)c->obj)->watermark : c->badge; /* r9 */
}

static erix_status_t sys_drop_local_cap(const struct arch_syscall_frame *f)
{
    struct cte *c;
    if (f->a0 >= ERIX_CSPACE_SLOTS)
        return ERIX_ERR_INVALID_SLOT;
    erix_status_t st = cap_lookup(current->cspace, (uint32_t)f->a0, ERIX_CAP_NULL, 0, &c);
    if (st == ERIX_OK)
        cap_delete(c);
    return st;
}

static void dispatch(struct arch_syscall_frame *f)
{
    switch (f->nr) {
    case ERIX_SYS_NULL: f->nr = ERIX_OK; break;
    case ERIX_SYS_DEBUG_LOG: f->nr = sys_debug_log(f); break;
    case ERIX_SYS_ROOTD_REPORT: f->nr = sys_rootd_report(f); break;
    case ERIX_SYS_YIELD:
        f->nr = ERIX_OK;
        sched_yield();
        break;
    case ERIX_SYS_EXIT:
        f->nr = ERIX_OK;
        tcb_raise_event(current, ERIX_EVENT_EXIT, f->a0, 0, f->pc);
        break;
    case ERIX_SYS_CALL: sys_call(f); break;
    case ERIX_SYS_RECV: sys_recv(f); break;
    case ERIX_SYS_REPLY: sys_reply(f); break;
    case ERIX_SYS_NOTIFY: sys_notify(f); break;
    case ERIX_SYS_REPLY_RECV: sys_reply_recv(f); break;
    case ERIX_SYS_QUERY_LOCAL_CAP: sys_query_local_cap(f); break;
    case ERIX_SYS_DROP_LOCAL_CAP: f->nr = sys_drop_local_cap(f); break;
    default: f->nr = ERIX_ERR_UNKNOWN_OP; break;
    }
}

void syscall_handler(struct arch_syscall_frame *f)
{
    current->frame = f;
    dispatch(f);
    sched_preempt_check();
}
