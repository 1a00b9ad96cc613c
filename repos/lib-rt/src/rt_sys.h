/*
 * rt_sys.h - private: the one seam between lib-rt and the kernel.
 *
 * Every system call the runtime makes goes through these functions, and the
 * IPC buffer is reached only through erix_rt_ipc_buffer(). Cross builds
 * implement them with erix/sys.h's x86_64 stubs (src/sys_x86_64.c); host tests
 * implement them with a fake kernel (tests/fake_kernel.c), so everything else
 * in src/ is portable and tested on the host.
 *
 * Runtime state that is per thread lives in the IPC buffer's `user` words,
 * which erix/ipc.h leaves to the runtime library: index ERIX_RT_USER_FLAGS.
 */
#ifndef ERIX_RT_SYS_H
#define ERIX_RT_SYS_H

#include <stdint.h>

#include <erix/ipc.h>
#include <erix/status.h>
#include <erix/sys.h>

#define ERIX_RT_USER_FLAGS 0u          /* erix_ipc_buffer()->user[] index */
#define ERIX_RT_FLAG_XFER_ARMED 0x1ull /* the next send carries send_xfer */

struct erix_ipc_buffer *erix_rt_ipc_buffer(void);

erix_status_t erix_rt_sys_transport(uint64_t nr, uint64_t arg, struct erix_msg_regs *m);
erix_status_t erix_rt_sys_debug_log(const char *s, uint64_t len);
erix_status_t erix_rt_sys_rootd_report(uint64_t kind, uint64_t value, uint64_t len);
erix_status_t erix_rt_sys_query_local_cap(uint32_t slot, struct erix_cap_info *info);
erix_status_t erix_rt_sys_drop_local_cap(uint32_t slot);
_Noreturn void erix_rt_sys_exit(uint64_t code);

/* ipc_rt.c: a CALL that never carries (nor consumes) a transfer table. */
erix_status_t erix_rt_call_plain(uint32_t slot, uint32_t op, const void *req, uint16_t req_len,
                                 void *resp, uint16_t resp_cap, uint16_t *resp_len);

#endif
