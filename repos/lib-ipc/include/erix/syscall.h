/*
 * erix/syscall.h - system call numbers and the register convention.
 *
 * x86_64: `syscall` with the number in rax and arguments in rdi, rsi, rdx, r10,
 * r8, r9. On return rax holds an erix_status_t and rdi, rsi, rdx, r10, r8, r9
 * hold results; rcx and r11 are clobbered; rbx, rbp, rsp, r12-r15 survive.
 */
#ifndef ERIX_SYSCALL_H
#define ERIX_SYSCALL_H

#define ERIX_SYS_NULL 0x00u            /* does nothing; the benchmark's floor */
#define ERIX_SYS_DEBUG_LOG 0x01u       /* rdi = user string, rsi = length (<= 256) */
#define ERIX_DEBUG_LOG_MAX 256u        /* refused in release kernels */
#define ERIX_SYS_ROOTD_REPORT 0x02u    /* rdi = report kind, rsi = value */
#define ERIX_SYS_YIELD 0x03u
#define ERIX_SYS_EXIT 0x04u            /* rdi = exit code; ends the process */

#define ERIX_SYS_CALL 0x40u            /* send and wait for the reply */
#define ERIX_SYS_RECV 0x41u            /* wait for a message */
#define ERIX_SYS_REPLY 0x42u           /* answer one received call */
#define ERIX_SYS_NOTIFY 0x43u          /* one-way send, no reply */
#define ERIX_SYS_REPLY_RECV 0x44u      /* reply, then receive (servers) */
#define ERIX_SYS_QUERY_LOCAL_CAP 0x45u /* rax status, rdx type|rights, r8 endpoint kind */
#define ERIX_SYS_DROP_LOCAL_CAP 0x47u  /* clear one caller-local slot */

#endif
