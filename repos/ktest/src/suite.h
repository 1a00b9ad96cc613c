/*
 * suite.h - ktest-suite, the kernel test suite: the test tables, the checks
 * a test makes, and the helpers every area file uses (per-test slots,
 * addresses, scratch memory and child processes, all reclaimed by the runner
 * after each test).
 */
#ifndef KTEST_SUITE_H
#define KTEST_SUITE_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/caps.h>
#include <erix/ipc.h>
#include <erix/kctl.h>
#include <erix/rt.h>

#include "ktest.h"

/* The ROOT family (every kernel operation) at slot 5. */
#define EP ERIX_SLOT_ROOT_ENDPOINT

/* Root slots: suite pools, child ranges, per-test slots. */
#define SUITE_SCRATCH_SLOT 905u   /* the per-test scratch untyped */
#define SUITE_POOL_SLOT 910u      /* child pools 910.. */
#define SUITE_POOLS 6u
#define SUITE_POOL_PAGES 512u     /* 2 MiB per child */
#define SUITE_SCRATCH_PAGES 4096u /* 16 MiB per test */
#define SUITE_CHILD_SLOTS 1300u   /* child i: 1300 + 64 * i .. */
#define SUITE_SLOT_BASE 2400u     /* per-test slots 2400..3999 */
#define SUITE_SLOT_END 4000u

/* Root addresses a test may map at: its window, a bump per test. */
#define SUITE_VA_BASE 0x70000000ull
#define SUITE_VA_END 0x78000000ull
/* Where a test may map into a child (children never map there themselves). */
#define SUITE_CHILD_VA 0x60000000ull

#define SUITE_TIMEOUT_US 2000000u /* how long a test waits for a child */

struct suite_test {
    const char *name;
    bool (*fn)(void);
};

struct suite_group {
    const struct suite_test *tests;
    unsigned count;
};

#define SUITE_GROUP(var, array)                                                             \
    const struct suite_group var = {array, sizeof array / sizeof array[0]}

extern const struct suite_group group_caps, group_untyped, group_vspace, group_process,
    group_lifecycle, group_ipc, group_reply, group_xfer, group_faults, group_families,
    group_devices, group_platform, group_sched;

/* ---- checks: each returns false from the test with a reason ------------------- */

bool suite_fail(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define CHECK(cond, ...)                                                                    \
    do {                                                                                    \
        if (!(cond))                                                                        \
            return suite_fail(__LINE__, __VA_ARGS__);                                       \
    } while (0)

/* An exact status; a failure names both statuses first, then the call. */
#define CHECK_ST(expr, want)                                                                \
    do {                                                                                    \
        long got_ = (long)(expr), want_ = (long)(want);                                     \
        if (got_ != want_)                                                                  \
            return suite_fail(__LINE__, "%s, want %s: %s", erix_status_name(got_),          \
                              erix_status_name(want_), #expr);                              \
    } while (0)

#define CHECK_OK(expr) CHECK_ST(expr, ERIX_OK)

/* The child's next event is an exit with this code. */
#define CHECK_EXIT(c, want)                                                                 \
    do {                                                                                    \
        struct erix_event ev_;                                                              \
        CHECK_OK(suite_child_event(c, &ev_));                                               \
        CHECK(ev_.kind == ERIX_EVENT_EXIT, "event 0x%x code 0x%llx, want an exit",          \
              ev_.kind, (unsigned long long)ev_.code);                                      \
        CHECK_EQ(ev_.code, want);                                                           \
        CHECK_EQ(ev_.pid, (c)->r.pid);                                                      \
    } while (0)

#define CHECK_EQ(a, b)                                                                      \
    do {                                                                                    \
        uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                                    \
        if (a_ != b_)                                                                       \
            return suite_fail(__LINE__, "%s = 0x%llx, want 0x%llx", #a,                     \
                              (unsigned long long)a_, (unsigned long long)b_);              \
    } while (0)

/* ---- per-test resources (suite_lib.c), reclaimed after every test ------------- */

extern struct ktest_env suite_env;
extern uint32_t suite_self_pid;

uint32_t suite_slot(void);              /* an empty root slot */
uint64_t suite_va(uint32_t pages);      /* a free, page-aligned root address range */

/* A capability made from the scratch untyped into a fresh slot (0 on failure). */
uint32_t suite_endpoint(void);
uint32_t suite_frame(uint32_t pages);
uint32_t suite_untyped(uint32_t pages); /* a child untyped of the scratch */
/* A copy of src with rights & mask and badge (0 on failure). */
uint32_t suite_copy(uint32_t src, uint32_t mask, uint64_t badge);

/* A fresh RAM frame mapped read-write in the root; its slot and address. */
erix_status_t suite_map_new(uint32_t pages, uint32_t *slot, volatile uint64_t **mem);

/* QUERY_LOCAL_CAP shorthands. */
uint32_t suite_rights(uint32_t slot);   /* 0xff when the slot is empty or invalid */
uint64_t suite_watermark(uint32_t untyped_slot);
bool suite_empty(uint32_t slot);

/* A RAM / device untyped of the handoff (boot memory), 0 if none. */
uint32_t suite_device_untyped(void);

/* Nanoseconds of the monotonic clock. */
uint64_t suite_now_ns(void);
/* Block the root for `us` microseconds (a timed RECV on an endpoint nobody sends to). */
void suite_sleep_us(uint32_t us);

/* ---- children (suite_child.c) ------------------------------------------------- */

#define CHILD_FAULT_EP 0x1u /* its fault endpoint at child slot 10 (root: c->event_ep) */
#define CHILD_PEER 0x2u     /* an endpoint at child slot 11 (root: c->peer_ep, S|R|G) */
#define CHILD_DEFAULT (CHILD_FAULT_EP | CHILD_PEER)

/* A staged child in the next free pool, at `priority`, wired as `flags` say. */
erix_status_t suite_child_new(struct ktest_child *c, uint32_t priority, unsigned flags);
/* Copy src into the staged child's slot through an install grant. */
erix_status_t suite_child_give(const struct ktest_child *c, uint32_t src, uint32_t child_slot,
                               uint32_t rights, uint64_t badge);
erix_status_t suite_child_start(struct ktest_child *c, uint32_t role, uint64_t param);
/* New (default priority, CHILD_DEFAULT) and started. */
erix_status_t suite_child_spawn(struct ktest_child *c, uint32_t role, uint64_t param);
/* The child's next event, waiting at most SUITE_TIMEOUT_US. */
erix_status_t suite_child_event(const struct ktest_child *c, struct erix_event *ev);
/* Wait for an exit event and return its code (ERIX_ERR_STATE for another event). */
erix_status_t suite_child_exit(const struct ktest_child *c, uint64_t *code);
/* Spawn in `role`, wait for its exit, return the code. */
erix_status_t suite_child_run(uint32_t role, uint64_t param, uint64_t *code);
/* A root slot in the child's range that nothing else uses (n = 0..15). */
uint32_t suite_child_slot(const struct ktest_child *c, uint32_t n);
erix_status_t suite_child_query(const struct ktest_child *c, struct erix_kctl_process_resp *p);
/* A child (fault endpoint wired) whose peer slot holds our `ep` with `rights` and
 * `badge`, started in `role`. */
erix_status_t suite_child_on(struct ktest_child *c, uint32_t ep, uint32_t rights,
                             uint64_t badge, uint32_t role, uint64_t param);
/* A timed CALL on a ROLE_PROBE child: its report of this very message. */
erix_status_t suite_probe_call(uint32_t slot, uint32_t op, const void *body, uint16_t len,
                               struct ktest_probe_report *r);

/* ---- the runner's side ------------------------------------------------------------ */

erix_status_t suite_lib_setup(uint64_t handoff, uint64_t size);
/* Give back everything the last test took; false (with a reason) when the
 * root's own state was damaged. */
bool suite_lib_cleanup(void);
void suite_children_reset(void);
const char *suite_reason(void);
void suite_reason_clear(void);

/* ---- raw system calls ----------------------------------------------------------- */

/* A transport call with an arbitrary argument word and header (no runtime checks). */
erix_status_t suite_raw_transport(uint64_t nr, uint64_t arg, uint64_t header,
                                  struct erix_msg_regs *out);

#endif
