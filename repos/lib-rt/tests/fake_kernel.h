/*
 * fake_kernel.h - test-only: the host side of lib-rt's seam (src/rt_sys.h).
 *
 * Stands in for the kernel the way the real one behaves at the system call
 * boundary: it gathers a sent body from the register words and the IPC buffer
 * (like kctl.c's read_request), records every call, and delivers a scripted
 * answer into the registers and the buffer (like write_message). On a failure
 * status it leaves the registers as they were, as the kernel's IPC path does,
 * so the library must not read them. The debug log applies the kernel's rules
 * (1..256 bytes, its marker prefixes refused at every line start).
 */
#ifndef FAKE_KERNEL_H
#define FAKE_KERNEL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <erix/ipc.h>
#include <erix/status.h>
#include <erix/sys.h>

#define FAKE_MAX_CALLS 64
#define FAKE_MAX_LINES 64
#define FAKE_MAX_ANSWERS 16

/* One transport system call, as the kernel saw it. */
struct fake_sent {
    uint64_t nr, arg, header;
    uint32_t op;
    uint16_t flags, len;
    uint8_t body[ERIX_IPC_MAX_BODY];  /* regs then buffer words, len bytes */
    uint64_t reply_token;             /* the buffer's token at the call */
    struct erix_xfer_table xfer;      /* send_xfer at the call */
};

/* What the kernel delivers when a call succeeds. */
struct fake_answer {
    erix_status_t status;
    uint32_t op;
    uint16_t flags, len;
    uint8_t body[ERIX_IPC_MAX_BODY];
    uint64_t token, badge;
    uint32_t pid;
    struct erix_xfer_table recv_xfer;
};

typedef erix_status_t (*fake_handler)(const struct fake_sent *in, struct fake_answer *out);

extern struct erix_ipc_buffer fake_ipcbuf;

void fake_reset(void);
void fake_set_handler(fake_handler h); /* NULL: the scripted queue below */

/* Queue answers for the next calls (default handler); an empty queue
 * answers ERIX_ERR_INTERNAL. */
struct fake_answer *fake_push(erix_status_t status);
struct fake_answer *fake_push_body(erix_status_t status, uint32_t op, const void *body,
                                   uint16_t len);

unsigned fake_calls(void);
const struct fake_sent *fake_call(unsigned i);
const struct fake_sent *fake_last(void);

/* Debug log writes, accepted or refused. */
struct fake_line {
    char text[512];
    size_t len;
    erix_status_t status;
};
unsigned fake_lines(void);
const struct fake_line *fake_line(unsigned i);
void fake_debug_log_fail(erix_status_t st); /* force a status (ERIX_OK: rules) */

/* rootd reports */
struct fake_report {
    uint64_t kind, value, len;
    char name[80];
};
unsigned fake_reports(void);
const struct fake_report *fake_report(unsigned i);

/* Local capabilities for QUERY_LOCAL_CAP / DROP_LOCAL_CAP (empty by default). */
void fake_set_cap(uint32_t slot, uint32_t type, uint32_t rights, uint32_t kind);
unsigned fake_dropped(uint32_t slot);

/* Exit: erix_rt_sys_exit longjmps here. */
extern jmp_buf fake_exit_jmp;
extern uint64_t fake_exit_code;
extern unsigned fake_exits;

/* The kernel's forged-marker rule (kern/console.c). */
bool fake_forges_marker(const char *s, size_t len);

#endif
