/*
 * erix/sys.h - user-space system call stubs for x86_64 (header only).
 *
 * The transport calls move a message in registers: struct erix_msg_regs holds
 * the header and body words 0-3; longer bodies and transfer tables go through
 * the IPC buffer (erix/ipc.h). The "memory" clobber tells the compiler the
 * kernel reads and writes that buffer.
 */
#ifndef ERIX_SYS_H
#define ERIX_SYS_H

#include <stdint.h>

#include <erix/caps.h>
#include <erix/ipc.h>
#include <erix/layout.h>
#include <erix/status.h>
#include <erix/syscall.h>

struct erix_msg_regs {
    uint64_t header;
    uint64_t w[ERIX_IPC_REG_WORDS];
    uint64_t token; /* out: reply token of a received call (0: none) */
};

static inline struct erix_ipc_buffer *erix_ipc_buffer(void)
{
    return (struct erix_ipc_buffer *)(uintptr_t)ERIX_IPC_BUFFER_VADDR;
}

static inline erix_status_t erix_sys_transport(uint64_t nr, uint64_t arg, struct erix_msg_regs *m)
{
    register uint64_t rax __asm__("rax") = nr;
    register uint64_t rdi __asm__("rdi") = arg;
    register uint64_t rsi __asm__("rsi") = m->header;
    register uint64_t rdx __asm__("rdx") = m->w[0];
    register uint64_t r10 __asm__("r10") = m->w[1];
    register uint64_t r8 __asm__("r8") = m->w[2];
    register uint64_t r9 __asm__("r9") = m->w[3];
    __asm__ volatile("syscall"
                     : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
                     :
                     : "rcx", "r11", "memory");
    m->token = rdi;
    m->header = rsi;
    m->w[0] = rdx;
    m->w[1] = r10;
    m->w[2] = r8;
    m->w[3] = r9;
    return (erix_status_t)rax;
}

static inline erix_status_t erix_sys_call(uint64_t arg, struct erix_msg_regs *m)
{
    return erix_sys_transport(ERIX_SYS_CALL, arg, m);
}

static inline erix_status_t erix_sys_recv(uint64_t arg, struct erix_msg_regs *m)
{
    return erix_sys_transport(ERIX_SYS_RECV, arg, m);
}

static inline erix_status_t erix_sys_notify(uint64_t arg, struct erix_msg_regs *m)
{
    return erix_sys_transport(ERIX_SYS_NOTIFY, arg, m);
}

/* REPLY answers erix_ipc_buffer()->reply_token through endpoint slot `arg`. */
static inline erix_status_t erix_sys_reply(uint64_t arg, struct erix_msg_regs *m)
{
    return erix_sys_transport(ERIX_SYS_REPLY, arg, m);
}

static inline erix_status_t erix_sys_reply_recv(uint64_t arg, struct erix_msg_regs *m)
{
    return erix_sys_transport(ERIX_SYS_REPLY_RECV, arg, m);
}

static inline uint64_t erix_sys2(uint64_t nr, uint64_t a0, uint64_t a1)
{
    register uint64_t rax __asm__("rax") = nr;
    register uint64_t rdi __asm__("rdi") = a0;
    register uint64_t rsi __asm__("rsi") = a1;
    __asm__ volatile("syscall"
                     : "+r"(rax), "+r"(rdi), "+r"(rsi)
                     :
                     : "rcx", "r11", "rdx", "r10", "r8", "r9", "memory");
    return rax;
}

static inline erix_status_t erix_sys_null(void)
{
    return (erix_status_t)erix_sys2(ERIX_SYS_NULL, 0, 0);
}

static inline erix_status_t erix_sys_debug_log(const char *s, uint64_t len)
{
    return (erix_status_t)erix_sys2(ERIX_SYS_DEBUG_LOG, (uint64_t)(uintptr_t)s, len);
}

static inline erix_status_t erix_sys_yield(void)
{
    return (erix_status_t)erix_sys2(ERIX_SYS_YIELD, 0, 0);
}

static inline _Noreturn void erix_sys_exit(uint64_t code)
{
    erix_sys2(ERIX_SYS_EXIT, code, 0);
    for (;;)
        __asm__ volatile("ud2");
}

/* rootd's report: kind STAGE (name) or STATUS (code); see erix/rootd_report.h. */
static inline erix_status_t erix_sys_rootd_report(uint64_t kind, uint64_t value, uint64_t len)
{
    register uint64_t rax __asm__("rax") = ERIX_SYS_ROOTD_REPORT;
    register uint64_t rdi __asm__("rdi") = kind;
    register uint64_t rsi __asm__("rsi") = value;
    register uint64_t rdx __asm__("rdx") = len;
    __asm__ volatile("syscall"
                     : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx)
                     :
                     : "rcx", "r11", "r10", "r8", "r9", "memory");
    return (erix_status_t)rax;
}

static inline erix_status_t erix_sys_query_local_cap(uint32_t slot, struct erix_cap_info *info)
{
    register uint64_t rax __asm__("rax") = ERIX_SYS_QUERY_LOCAL_CAP;
    register uint64_t rdi __asm__("rdi") = slot;
    register uint64_t rdx __asm__("rdx");
    register uint64_t r8 __asm__("r8");
    register uint64_t r9 __asm__("r9");
    register uint64_t r10 __asm__("r10");
    __asm__ volatile("syscall"
                     : "+r"(rax), "+r"(rdi), "=r"(rdx), "=r"(r8), "=r"(r9), "=r"(r10)
                     :
                     : "rcx", "r11", "rsi", "memory");
    info->type = (uint32_t)(rdx & 0xff);
    info->rights = (uint32_t)((rdx >> 8) & 0xff);
    info->endpoint_kind = (uint32_t)r8;
    info->reserved = 0;
    info->size = r10;
    info->aux = r9;
    return (erix_status_t)rax;
}

static inline erix_status_t erix_sys_drop_local_cap(uint32_t slot)
{
    return (erix_status_t)erix_sys2(ERIX_SYS_DROP_LOCAL_CAP, slot, 0);
}

static inline uint64_t erix_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif
