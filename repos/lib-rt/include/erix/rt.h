/*
 * erix/rt.h - the EriX user runtime: program entry, exit, local capability
 * checks and rootd's report. Including it gives the whole runtime (logging,
 * IPC, kernel-control wrappers, the arena) and the raw stubs of erix/sys.h.
 *
 * A program defines erix_main; src/crt0.S enters it with the three startup
 * arguments the kernel or procd passed in rdi, rsi, rdx (for the root task:
 * handoff pointer, handoff size, root endpoint slot) and exits with what it
 * returns. Link with the sysroot's share/erix/user.ld (README.md).
 */
#ifndef ERIX_RT_H
#define ERIX_RT_H

#include <stdint.h>

#include <erix/arena.h>
#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rootd_report.h>
#include <erix/status.h>
#include <erix/sys.h>

/* Defined by the program. Its result becomes the exit code. */
int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2);

/* End the process with `code` (ERIX_SYS_EXIT). */
_Noreturn void erix_exit(uint64_t code);

/*
 * Local capability introspection (ERIX_SYS_QUERY_LOCAL_CAP). For an untyped
 * capability the kernel reports its bytes already retyped in `aux`.
 * Returns ERIX_ERR_INVALID_SLOT or ERIX_ERR_EMPTY_SLOT as the kernel does.
 */
erix_status_t erix_cap_info(uint32_t slot, struct erix_cap_info *out);

/* erix_cap_expect: any endpoint kind (and the value to pass for non-endpoints). */
#define ERIX_CAP_ANY_KIND 0xffffffffu

/*
 * Check a startup capability: the slot holds a capability of `type` with at
 * least `rights`, and (for endpoints, unless ERIX_CAP_ANY_KIND) of
 * `endpoint_kind`. Returns the query's error, ERIX_ERR_WRONG_TYPE (type or
 * kind differs) or ERIX_ERR_NO_RIGHTS.
 */
erix_status_t erix_cap_expect(uint32_t slot, uint32_t type, uint32_t rights,
                              uint32_t endpoint_kind);

/* Empty one of the caller's own slots (ERIX_SYS_DROP_LOCAL_CAP). */
erix_status_t erix_cap_drop(uint32_t slot);

/*
 * rootd's report (root task only; everyone else gets ERIX_ERR_DENIED).
 * A stage name is 1..ERIX_ROOTD_STAGE_NAME_MAX characters of A-Z 0-9 _ :
 * (the kernel prints "ROOTD_STAGE:<name>"); a longer or empty name is
 * ERIX_ERR_INVALID_ARGUMENT without a system call. A status is one of
 * enum erix_rootd_status; in debug-exit builds the kernel ends the run on it.
 */
erix_status_t erix_rootd_report_stage(const char *name);
erix_status_t erix_rootd_report_status(uint32_t status);

#endif
