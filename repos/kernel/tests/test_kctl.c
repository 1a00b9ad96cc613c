/*
 * test_kctl.c - kernel-control operations through CALLs on family endpoints:
 * the family gate before any decoding, request lengths, the staged process
 * lifecycle and install grants, MAP_FRAME rules, WRITE_PROCESS_MEMORY, the
 * log's marker refusal, port I/O confinement, faults, IRQs and priorities.
 */
#include <string.h>

#include <erix/exit.h>
#include <erix/markers.h>

#include <kernel/cap.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>
#include <kernel/untyped.h>
#include <kernel/vspace.h>

#include <erix/rootd_report.h>

#include "config.h"
#include "erix_test.h"
#include "world.h"

#define SRG (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)
#define SR (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV)
#define R_X (ERIX_MAP_READ | ERIX_MAP_EXEC)
#define RW_ (ERIX_MAP_READ | ERIX_MAP_WRITE)

static struct world w;

static erix_status_t on(uint32_t slot, uint32_t op, const void *req, uint32_t len)
{
    return kcall(&w.root, slot, op, req, len, NULL, 0);
}

static erix_status_t map(uint32_t vspace_slot, uint32_t frame, uint64_t va, uint32_t perms)
{
    struct erix_kctl_map_req m = {vspace_slot, frame, va, perms, 0};
    return rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0);
}

static bool lookup(struct tcb *t, uint64_t va, uint64_t *pa, uint32_t *perms)
{
    return arch_lookup_page(t->vspace->root, va, pa, perms);
}

static struct erix_kctl_process_resp query_process(uint32_t tcb_slot)
{
    struct erix_kctl_slot_req q = {tcb_slot, 0};
    struct erix_kctl_process_resp r;
    memset(&r, 0xee, sizeof r);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_QUERY_PROCESS, &q, sizeof q, &r, sizeof r), ERIX_OK);
    return r;
}

static uint32_t grant(struct proc *p, uint32_t base, uint32_t count, uint32_t mask,
                      erix_status_t *st)
{
    uint32_t g = world_slot(&w);
    struct erix_kctl_grant_req r = {p->tcb_slot, g, base, count, mask, 0};
    *st = rk(&w, ERIX_KCTL_DERIVE_INSTALL_GRANT, &r, sizeof r, NULL, 0);
    return g;
}

static erix_status_t install(uint32_t g, uint32_t src, uint32_t child_slot, uint32_t mask,
                             uint64_t badge)
{
    struct erix_kctl_install_req r = {g, src, child_slot, mask, badge};
    return rk(&w, ERIX_KCTL_INSTALL_WITH_GRANT, &r, sizeof r, NULL, 0);
}

static erix_status_t start(struct proc *p, uint64_t entry, uint64_t stack)
{
    struct erix_kctl_start_req s = {p->tcb_slot, 0, entry, stack, 1, 2, 3};
    return rk(&w, ERIX_KCTL_START_PROCESS, &s, sizeof s, NULL, 0);
}

static erix_status_t drop(uint32_t slot)
{
    return sys(&w.root, ERIX_SYS_DROP_LOCAL_CAP, slot, 0, 0, 0, 0, 0);
}

static erix_status_t write_mem(uint32_t tcb_slot, uint64_t va, const void *data, uint32_t len)
{
    uint8_t req[ERIX_IPC_MAX_BODY];
    struct erix_kctl_write_mem_req h = {tcb_slot, len, va};
    memcpy(req, &h, sizeof h);
    memcpy(req + sizeof h, data, len);
    return rk(&w, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, (uint32_t)(sizeof h + len), NULL, 0);
}

static erix_status_t log_on(uint32_t slot, uint32_t op, const char *s, uint32_t len)
{
    uint8_t req[ERIX_IPC_MAX_BODY];
    struct erix_kctl_log_req h = {len, 0};
    memcpy(req, &h, sizeof h);
    memcpy(req + sizeof h, s, len);
    return kcall(&w.root, slot, op, req, (uint32_t)(sizeof h + len), NULL, 0);
}

static erix_status_t log_line(const char *s)
{
    return log_on(ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_LOG_STRING, s, (uint32_t)strlen(s));
}

/* ---- the family gate ------------------------------------------------------- */

static void the_family_decides_before_anything_is_decoded(void)
{
    world_up(&w);
    uint32_t dst = world_slot(&w);
    uint8_t junk[3] = {1, 2, 3};
    struct erix_kctl_retype_req rt = {W_SLOT_U, dst, 0, 1};
    struct erix_kctl_map_req m = {ERIX_SLOT_SELF_VSPACE, W_SLOT_U, 0x10000, 1, 0};
    /* LOG: a malformed and a well-formed MAP_FRAME are both just denied */
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_MAP_FRAME, junk, sizeof junk), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_MAP_FRAME, &m, sizeof m), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, &rt, sizeof rt),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_IOPORT_READ8, junk, sizeof junk),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(root_slot(&w, dst)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(w.U.watermark, 0);
    /* a denied call answers with an empty body */
    ERIX_CHECK_EQ(w.root.f->a1, ERIX_MSG_HEADER(ERIX_KCTL_IOPORT_READ8, 0, 0));
    ERIX_CHECK_EQ(w.root.f->a2, 0);
    /* MEMORY retypes frames but does not map; VSPACE maps but does not retype */
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_MEMORY, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, &rt, sizeof rt),
                  ERIX_OK);
    m.frame_slot = dst;
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_MEMORY, ERIX_KCTL_MAP_FRAME, &m, sizeof m), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_VSPACE, ERIX_KCTL_MAP_FRAME, &m, sizeof m), ERIX_OK);
    rt.dest_slot = world_slot(&w);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_VSPACE, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, &rt, sizeof rt),
                  ERIX_ERR_DENIED);
    /* the narrow families */
    struct erix_kctl_query_cap_req q = {W_SLOT_U, 0};
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_TIME, ERIX_KCTL_QUERY_CAP, &q, sizeof q), ERIX_OK);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_QUERY_CAP, &q, sizeof q), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_TIME, ERIX_KCTL_READ_MONOTONIC_CLOCK, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_COM1, ERIX_KCTL_LOG_STRING, NULL, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_CHILD_POPULATE, ERIX_KCTL_CREATE_STAGED_PROCESS, NULL, 0),
                  ERIX_ERR_DENIED);
    /* reserved and unknown ops: denied even on the ROOT family */
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CREATE_PROCESS, NULL, 0, NULL, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CAP_COPY, NULL, 0, NULL, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(rk(&w, 127, NULL, 0, NULL, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(rk(&w, 0x402, NULL, 0, NULL, 0), ERIX_ERR_DENIED);
    /* a copy of a family capability is the same family, nothing more */
    uint32_t log2 = copy_cap(&w, ERIX_SLOT_KERNEL_LOG, ERIX_RIGHTS_ALL, 0);
    ERIX_CHECK_EQ(on(log2, ERIX_KCTL_MAP_FRAME, &m, sizeof m), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(on(log2, ERIX_KCTL_QUERY_CAP, &q, sizeof q), ERIX_OK);
    /* a generic endpoint is no family: a CALL on it waits for a receiver instead */
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_CALL, W_SLOT_GENERIC | ERIX_IPC_POLL,
                      ERIX_MSG_HEADER(ERIX_KCTL_QUERY_CAP, 0, 8), W_SLOT_U, 0, 0, 0),
                  ERIX_ERR_WOULD_BLOCK);
    ERIX_CHECK(world_down(&w));
}

static void wrong_lengths_and_flags_are_malformed(void)
{
    world_up(&w);
    struct erix_kctl_start_req s = {0};
    uint8_t buf[64] = {0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_QUERY_CAP, buf, 4, NULL, 0), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_QUERY_CAP, buf, 9, NULL, 0), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, buf, 23, NULL, 0), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_START_PROCESS, &s, sizeof s - 8, NULL, 0), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CREATE_STAGED_PROCESS, buf, 0, NULL, 0), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_READ_MONOTONIC_CLOCK, buf, 8, NULL, 0), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CAP_COPY_ATTENUATED, buf, 25, NULL, 0), ERIX_ERR_MALFORMED);
    /* header flags (a transfer table) and over-long bodies */
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_CALL, W_SLOT_ROOT_EP,
                      ERIX_MSG_HEADER(ERIX_KCTL_QUERY_CAP, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1, 8),
                      W_SLOT_U, 0, 0, 0),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_CALL, W_SLOT_ROOT_EP,
                      ERIX_MSG_HEADER(ERIX_KCTL_QUERY_CAP, 0, ERIX_IPC_MAX_BODY + 8), W_SLOT_U, 0,
                      0, 0),
                  ERIX_ERR_MALFORMED);
    /* the right length goes through */
    struct erix_kctl_query_cap_req q = {W_SLOT_U, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_QUERY_CAP, &q, sizeof q, NULL, 0), ERIX_OK);
    q.flags = 2;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_QUERY_CAP, &q, sizeof q, NULL, 0), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK(world_down(&w));
}

/* ---- staged processes and install grants --------------------------------------- */

static void start_waits_until_every_grant_is_gone(void)
{
    world_up(&w);
    struct proc p;
    ERIX_CHECK_EQ(stage(&w, &p, W_SLOT_U, 50), ERIX_OK);
    struct erix_kctl_process_resp pr = query_process(p.tcb_slot);
    ERIX_CHECK_EQ(pr.pid, p.t->pid);
    ERIX_CHECK_EQ(pr.state, ERIX_PROC_STAGED);
    ERIX_CHECK_EQ(pr.live_grants, 0);
    ERIX_CHECK_EQ(pr.priority, 50);
    erix_status_t st;
    uint32_t g1 = grant(&p, 16, 4, SR, &st);
    ERIX_CHECK_EQ(st, ERIX_OK);
    uint32_t g2 = grant(&p, 100, 1, ERIX_RIGHTS_ALL, &st);
    ERIX_CHECK_EQ(st, ERIX_OK);
    ERIX_CHECK_EQ(query_process(p.tcb_slot).live_grants, 2);
    ERIX_CHECK_EQ(start(&p, W_ENTRY, ERIX_USER_STACK_TOP), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(p.t->state, TCB_INACTIVE);
    /* installs inside the window, attenuated by the grant's mask */
    ERIX_CHECK_EQ(install(g1, W_SLOT_GENERIC, 16, ERIX_RIGHTS_ALL, 0), ERIX_OK);
    ERIX_CHECK_EQ(slot_of(&p, 16)->rights, SR);
    ERIX_CHECK_EQ(install(g1, W_SLOT_GENERIC, 19, ERIX_RIGHT_SEND, 0x77), ERIX_OK);
    ERIX_CHECK_EQ(slot_of(&p, 19)->rights, ERIX_RIGHT_SEND);
    ERIX_CHECK_EQ(slot_of(&p, 19)->badge, 0x77);
    /* outside the window, into a taken slot, with bad masks */
    ERIX_CHECK_EQ(install(g1, W_SLOT_GENERIC, 20, SR, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(install(g1, W_SLOT_GENERIC, 15, SR, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(install(g1, W_SLOT_GENERIC, 0, SR, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(install(g1, W_SLOT_GENERIC, 16, SR, 0), ERIX_ERR_SLOT_OCCUPIED);
    ERIX_CHECK_EQ(install(g1, W_SLOT_GENERIC, 17, 0x40, 0), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(install(g2, W_SLOT_GENERIC, 101, SR, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(install(W_SLOT_GENERIC, W_SLOT_GENERIC, 17, SR, 0), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(slot_of(&p, 20)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(slot_of(&p, 15)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(slot_of(&p, 101)->type, ERIX_CAP_NULL);
    /* one grant dropped: still refused */
    ERIX_CHECK_EQ(drop(g1), ERIX_OK);
    ERIX_CHECK_EQ(query_process(p.tcb_slot).live_grants, 1);
    ERIX_CHECK_EQ(start(&p, W_ENTRY, ERIX_USER_STACK_TOP), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(install(g1, W_SLOT_GENERIC, 17, SR, 0), ERIX_ERR_EMPTY_SLOT);
    /* the last one dropped: accepted */
    ERIX_CHECK_EQ(drop(g2), ERIX_OK);
    ERIX_CHECK_EQ(query_process(p.tcb_slot).live_grants, 0);
    ERIX_CHECK_EQ(start(&p, W_ENTRY, ERIX_USER_STACK_TOP), ERIX_OK);
    ERIX_CHECK_EQ(p.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(query_process(p.tcb_slot).state, ERIX_PROC_RUNNING);
    /* and the window is shut for good */
    ERIX_CHECK_EQ(start(&p, W_ENTRY, ERIX_USER_STACK_TOP), ERIX_ERR_STATE);
    grant(&p, 16, 4, SR, &st);
    ERIX_CHECK_EQ(st, ERIX_ERR_STATE);
    ERIX_CHECK(world_down(&w));
}

static void grants_lose_their_hold_when_the_child_goes(void)
{
    world_up(&w);
    struct proc p;
    ERIX_CHECK_EQ(stage(&w, &p, W_SLOT_U, 50), ERIX_OK);
    erix_status_t st;
    uint32_t g = grant(&p, 16, 4, SR, &st);
    ERIX_CHECK_EQ(st, ERIX_OK);
    /* bad windows and masks are refused */
    grant(&p, 0, 4, SR, &st);
    ERIX_CHECK_EQ(st, ERIX_ERR_INVALID_ARGUMENT);
    grant(&p, 16, 0, SR, &st);
    ERIX_CHECK_EQ(st, ERIX_ERR_INVALID_ARGUMENT);
    grant(&p, 4000, 200, SR, &st);
    ERIX_CHECK_EQ(st, ERIX_ERR_INVALID_ARGUMENT);
    grant(&p, 16, 4, 0x20, &st);
    ERIX_CHECK_EQ(st, ERIX_ERR_INVALID_ARGUMENT);
    /* a READ-only TCB capability may not derive grants */
    uint32_t ro = copy_cap(&w, p.tcb_slot, ERIX_RIGHT_READ, 0);
    struct erix_kctl_grant_req r = {ro, world_slot(&w), 16, 4, SR, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_DERIVE_INSTALL_GRANT, &r, sizeof r, NULL, 0),
                  ERIX_ERR_NO_RIGHTS);
    /* aborting the child ends every grant's use */
    struct erix_kctl_slot_req a = {p.tcb_slot, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_ABORT_STAGED_PROCESS, &a, sizeof a, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(install(g, W_SLOT_GENERIC, 16, SR, 0), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(slot_of(&p, 16)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_ABORT_STAGED_PROCESS, &a, sizeof a, NULL, 0), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(start(&p, W_ENTRY, ERIX_USER_STACK_TOP), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(query_process(p.tcb_slot).state, ERIX_PROC_KILLED);
    /* a running process cannot be aborted */
    struct proc q;
    ERIX_CHECK_EQ(spawn(&w, &q, W_SLOT_U, 50, NULL, 0), ERIX_OK);
    a.slot = q.tcb_slot;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_ABORT_STAGED_PROCESS, &a, sizeof a, NULL, 0), ERIX_ERR_STATE);
    ERIX_CHECK(world_down(&w));
}

static void start_checks_entry_and_stack(void)
{
    world_up(&w);
    struct proc p;
    ERIX_CHECK_EQ(stage(&w, &p, W_SLOT_U, 50), ERIX_OK);
    uint32_t data = new_frame(&w, W_SLOT_U, 1);
    ERIX_CHECK_EQ(map(p.tcb_slot + 1, data, 0x600000, RW_), ERIX_OK);
    ERIX_CHECK_EQ(start(&p, 0x500000, ERIX_USER_STACK_TOP), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(start(&p, 0x600000, ERIX_USER_STACK_TOP), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(start(&p, ERIX_IPC_BUFFER_VADDR, ERIX_USER_STACK_TOP), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(start(&p, W_ENTRY, ERIX_USER_STACK_TOP - 8), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(start(&p, W_ENTRY, 0), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(start(&p, W_ENTRY, ERIX_USER_TOP + 16), ERIX_ERR_INVALID_ARGUMENT);
    struct erix_kctl_start_req s = {p.tcb_slot, 1, W_ENTRY, ERIX_USER_STACK_TOP, 0, 0, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_START_PROCESS, &s, sizeof s, NULL, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(p.t->state, TCB_INACTIVE);
    ERIX_CHECK_EQ(start(&p, W_ENTRY + 0x123, ERIX_USER_STACK_TOP), ERIX_OK);
    ERIX_CHECK_EQ(p.t->state, TCB_RUNNING);
    ERIX_CHECK(world_down(&w));
}

/*
 * CREATE_STAGED_PROCESS checks that its untyped holds the objects, the IPC
 * buffer and three page tables; what it checked must then be enough to map
 * the IPC buffer (decode, then an invoke that cannot fail).
 */
static void a_process_from_an_exactly_sized_untyped_is_complete(void)
{
    world_up(&w);
    uint32_t pages = W_PROCESS_BYTES / 4096;
    uint32_t small = world_slot(&w), exact = world_slot(&w);
    struct erix_kctl_retype_req r = {W_SLOT_U, small, ERIX_CAP_UNTYPED, pages - 1};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RETYPE_UNTYPED, &r, sizeof r, NULL, 0), ERIX_OK);
    r.dest_slot = exact;
    r.pages = pages;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RETYPE_UNTYPED, &r, sizeof r, NULL, 0), ERIX_OK);
    uint32_t t = world_slot(&w);
    (void)world_slot(&w);
    struct erix_kctl_create_process_req c = {small, t, 50, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CREATE_STAGED_PROCESS, &c, sizeof c, NULL, 0),
                  ERIX_ERR_NO_MEMORY);
    c.untyped_slot = exact;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CREATE_STAGED_PROCESS, &c, sizeof c, NULL, 0), ERIX_OK);
    struct tcb *child = (struct tcb *)root_slot(&w, t)->obj;
    uint64_t pa;
    uint32_t perms;
    ERIX_CHECK(lookup(child, ERIX_IPC_BUFFER_VADDR, &pa, &perms));
    ERIX_CHECK_EQ(pa, arch_virt_to_phys(child->ipcbuf));
    ERIX_CHECK_EQ(perms & (ARCH_MAP_WRITE | ARCH_MAP_EXEC | ARCH_MAP_ANON), ARCH_MAP_WRITE);
    ERIX_CHECK(world_down(&w));
}

static void priorities_never_exceed_the_callers(void)
{
    world_up(&w);
    struct proc p;
    uint32_t t = world_slot(&w);
    (void)world_slot(&w);
    struct erix_kctl_create_process_req c = {W_SLOT_U, t, W_ROOT_PRIORITY + 1, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CREATE_STAGED_PROCESS, &c, sizeof c, NULL, 0),
                  ERIX_ERR_DENIED);
    c.priority = ERIX_KCTL_MAX_PRIORITY + 1;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CREATE_STAGED_PROCESS, &c, sizeof c, NULL, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    c.priority = 10;
    c.flags = 1;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CREATE_STAGED_PROCESS, &c, sizeof c, NULL, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    c.flags = 0;
    c.dest_slot = ERIX_CSPACE_SLOTS - 1; /* dest + 1 would fall outside */
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CREATE_STAGED_PROCESS, &c, sizeof c, NULL, 0),
                  ERIX_ERR_INVALID_SLOT);
    c.dest_slot = W_SLOT_GENERIC - 1; /* dest + 1 is taken */
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CREATE_STAGED_PROCESS, &c, sizeof c, NULL, 0),
                  ERIX_ERR_SLOT_OCCUPIED);
    ERIX_CHECK_EQ(root_slot(&w, W_SLOT_GENERIC - 1)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(spawn(&w, &p, W_SLOT_U, 100, NULL, 0), ERIX_OK);
    struct erix_kctl_priority_req pr = {p.tcb_slot, W_ROOT_PRIORITY + 1};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_PRIORITY, &pr, sizeof pr, NULL, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(p.t->priority, 100);
    pr.priority = W_ROOT_PRIORITY;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_PRIORITY, &pr, sizeof pr, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(query_process(p.tcb_slot).priority, W_ROOT_PRIORITY);
    /* the child, now as high as the root, cannot go above it either */
    const struct give g[] = {{p.tcb_slot, 16, ERIX_RIGHTS_ALL, 0},
                             {ERIX_SLOT_KERNEL_PROCESS, 17, ERIX_RIGHT_SEND, 0}};
    struct proc q;
    ERIX_CHECK_EQ(spawn(&w, &q, W_SLOT_U, 100, g, 2), ERIX_OK);
    struct erix_kctl_priority_req self = {16, 150};
    ERIX_CHECK_EQ(kcall(&q, 17, ERIX_KCTL_SET_PRIORITY, &self, sizeof self, NULL, 0),
                  ERIX_ERR_DENIED);
    self.priority = 90;
    ERIX_CHECK_EQ(kcall(&q, 17, ERIX_KCTL_SET_PRIORITY, &self, sizeof self, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(p.t->priority, 90);
    ERIX_CHECK(world_down(&w));
}

/* ---- memory ------------------------------------------------------------------- */

static void map_frame_rules(void)
{
    world_up(&w);
    struct tcb *root = w.root.t;
    uint32_t f = new_frame(&w, W_SLOT_U, 2);
    uint32_t ro = copy_cap(&w, f, ERIX_RIGHT_READ, 0);
    uint32_t vs_ro = copy_cap(&w, ERIX_SLOT_SELF_VSPACE, ERIX_RIGHT_READ, 0);
    uint64_t pa;
    uint32_t perms;
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x40000000, ERIX_MAP_READ | ERIX_MAP_WRITE |
                                                                ERIX_MAP_EXEC),
                  ERIX_ERR_DENIED); /* W^X */
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x40000800, RW_), ERIX_ERR_ALIGNMENT);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x1000, RW_), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, ERIX_USER_TOP, RW_), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, ERIX_USER_TOP - 4096, RW_), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0xffff800000000000ull, RW_), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x40000000, 0), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x40000000, ERIX_MAP_WRITE),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x40000000, ERIX_MAP_READ | 8),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, ro, 0x40000000, RW_), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(map(vs_ro, f, 0x40000000, RW_), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, W_SLOT_GENERIC, 0x40000000, RW_), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(map(f, f, 0x40000000, RW_), ERIX_ERR_WRONG_TYPE);
    struct erix_kctl_map_req bad = {ERIX_SLOT_SELF_VSPACE, f, 0x40000000, RW_, 1};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, &bad, sizeof bad, NULL, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK(!lookup(root, 0x40000000, &pa, &perms));
    ERIX_CHECK_EQ(root_slot(&w, f)->map_vspace, 0);
    /* the good one, then twice: STATE; a copy onto it: EXISTS */
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x40000000, RW_), ERIX_OK);
    ERIX_CHECK(lookup(root, 0x40001000, &pa, &perms));
    ERIX_CHECK_EQ(pa, root_slot(&w, f)->obj + 4096);
    ERIX_CHECK_EQ(perms, ARCH_MAP_READ | ARCH_MAP_WRITE | ARCH_MAP_ANON);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x50000000, ERIX_MAP_READ), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, ro, 0x40001000, ERIX_MAP_READ), ERIX_ERR_EXISTS);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, ro, 0x3ffff000, ERIX_MAP_READ), ERIX_ERR_EXISTS);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, ro, 0x50000000, R_X), ERIX_OK);
    ERIX_CHECK(lookup(root, 0x50000000, &pa, &perms));
    ERIX_CHECK_EQ(perms & (ARCH_MAP_WRITE | ARCH_MAP_EXEC), ARCH_MAP_EXEC);
    /* unmap, and map again */
    struct erix_kctl_slot_req u = {f, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_UNMAP_FRAME, &u, sizeof u, NULL, 0), ERIX_OK);
    ERIX_CHECK(!lookup(root, 0x40000000, &pa, &perms));
    ERIX_CHECK(!lookup(root, 0x40001000, &pa, &perms));
    ERIX_CHECK(lookup(root, 0x50000000, &pa, &perms)); /* the copy's mapping stays */
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_UNMAP_FRAME, &u, sizeof u, NULL, 0), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x40000000, ERIX_MAP_READ), ERIX_OK);
    u.slot = W_SLOT_GENERIC;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_UNMAP_FRAME, &u, sizeof u, NULL, 0), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK(world_down(&w));
}

static void page_tables_are_charged_to_the_space_pool(void)
{
    world_up(&w);
    struct proc p;
    ERIX_CHECK_EQ(stage(&w, &p, W_SLOT_U2, 50), ERIX_OK);
    uint32_t f = new_frame(&w, W_SLOT_U, 1), g = new_frame(&w, W_SLOT_U, 1);
    uint64_t pool_before = w.U2.watermark, tables_before = p.t->vspace->tables;
    unsigned allocated = fake_tables_allocated;
    /* a fresh 512 GiB region needs a PDPT, a PD and a PT, all from the child's pool */
    ERIX_CHECK_EQ(arch_tables_needed(p.t->vspace->root, 0x8000000000ull), 3);
    ERIX_CHECK_EQ(map(p.tcb_slot + 1, f, 0x8000000000ull, RW_), ERIX_OK);
    ERIX_CHECK_EQ(p.t->vspace->tables, tables_before + 3);
    ERIX_CHECK_EQ(fake_tables_allocated, allocated + 3);
    ERIX_CHECK_EQ(w.U2.watermark, pool_before + 3 * 4096);
    ERIX_CHECK_EQ(w.U.watermark % 4096, 0);
    /* the next page in the same PT costs nothing */
    ERIX_CHECK_EQ(arch_tables_needed(p.t->vspace->root, 0x8000001000ull), 0);
    ERIX_CHECK_EQ(map(p.tcb_slot + 1, g, 0x8000001000ull, RW_), ERIX_OK);
    ERIX_CHECK_EQ(w.U2.watermark, pool_before + 3 * 4096);
    ERIX_CHECK(world_down(&w));
}

static void a_pool_without_room_for_tables_refuses_the_map(void)
{
    world_up(&w);
    /* a child whose untyped holds the process and its code page and nothing more */
    uint32_t cu = world_slot(&w);
    struct erix_kctl_retype_req r = {W_SLOT_U, cu, ERIX_CAP_UNTYPED,
                                     W_PROCESS_BYTES / 4096 + 1 + 3};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RETYPE_UNTYPED, &r, sizeof r, NULL, 0), ERIX_OK);
    struct proc p;
    ERIX_CHECK_EQ(stage(&w, &p, cu, 50), ERIX_OK);
    struct untyped *u = (struct untyped *)root_slot(&w, cu)->obj;
    uint64_t mark = u->watermark;
    uint32_t f = new_frame(&w, W_SLOT_U, 1);
    ERIX_CHECK_EQ(map(p.tcb_slot + 1, f, 0x10000000000ull, RW_), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(u->watermark, mark);
    uint64_t pa;
    uint32_t perms;
    ERIX_CHECK(!lookup(p.t, 0x10000000000ull, &pa, &perms));
    ERIX_CHECK_EQ(root_slot(&w, f)->map_vspace, 0);
    /* but a page beside the code page needs no table, and the empty pool maps it */
    ERIX_CHECK_EQ(arch_tables_needed(p.t->vspace->root, W_ENTRY + 4096), 0);
    ERIX_CHECK_EQ(map(p.tcb_slot + 1, f, W_ENTRY + 4096, RW_), ERIX_OK);
    ERIX_CHECK_EQ(u->watermark, mark);
    ERIX_CHECK(lookup(p.t, W_ENTRY + 4096, &pa, &perms));
    ERIX_CHECK(world_down(&w));
}

static void a_map_counts_each_missing_table_once(void)
{
    world_up(&w);
    struct proc p;
    ERIX_CHECK_EQ(stage(&w, &p, W_SLOT_U2, 50), ERIX_OK);
    struct vspace *vs = p.t->vspace;
    /* 4 MiB straddling a 1 GiB line in a fresh 512 GiB region: one PDPT, two PDs,
     * three PTs (the range touches three 2 MiB regions) */
    uint64_t va = 0x8040000000ull - 0x100000;
    ERIX_CHECK_EQ(vspace_tables_needed(vs, va, 1024), 6);
    uint32_t f = new_frame(&w, W_SLOT_U, 1024);
    uint64_t before = vs->tables;
    ERIX_CHECK_EQ(map(p.tcb_slot + 1, f, va, RW_), ERIX_OK);
    ERIX_CHECK_EQ(vs->tables, before + 6);
    ERIX_CHECK_EQ(vspace_tables_needed(vs, va, 1024), 0);
    /* beside it, inside the last PT: nothing; in the 2 MiB after: one PT */
    ERIX_CHECK_EQ(vspace_tables_needed(vs, va + 1024 * 4096, 1), 0);
    ERIX_CHECK_EQ(vspace_tables_needed(vs, va + 0x500000, 1), 1);
    ERIX_CHECK(world_down(&w));
}

static void write_process_memory_fills_only_anonymous_pages_of_staged_children(void)
{
    world_up(&w);
    struct proc p;
    ERIX_CHECK_EQ(stage(&w, &p, W_SLOT_U, 50), ERIX_OK);
    uint64_t code = root_slot(&w, p.code_slot)->obj;
    uint8_t data[300];
    for (int i = 0; i < 300; i++)
        data[i] = (uint8_t)(i ^ 0x5a);
    /* into the R-X code page (anonymous RAM): fine, whatever the user permissions */
    ERIX_CHECK_EQ(write_mem(p.tcb_slot, W_ENTRY + 8, data, 300), ERIX_OK);
    ERIX_CHECK(memcmp((uint8_t *)fake_phys(code) + 8, data, 300) == 0);
    ERIX_CHECK_EQ(*(uint8_t *)fake_phys(code + 308), 0);
    /* the IPC buffer (kernel-mapped, not anonymous), unmapped pages, device frames */
    ERIX_CHECK_EQ(write_mem(p.tcb_slot, ERIX_IPC_BUFFER_VADDR, data, 8), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(write_mem(p.tcb_slot, 0x900000, data, 8), ERIX_ERR_OUT_OF_RANGE);
    uint32_t dev = new_frame(&w, W_SLOT_D, 1);
    ERIX_CHECK_EQ(map(p.tcb_slot + 1, dev, 0x800000, RW_), ERIX_OK);
    uint8_t before = *(uint8_t *)fake_phys(root_slot(&w, dev)->obj);
    ERIX_CHECK_EQ(write_mem(p.tcb_slot, 0x800000, data, 8), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(*(uint8_t *)fake_phys(root_slot(&w, dev)->obj), before);
    /* a write that runs off the anonymous page writes nothing at all */
    memset(fake_phys(code), 0, 4096);
    ERIX_CHECK_EQ(write_mem(p.tcb_slot, W_ENTRY + 4096 - 4, data, 16), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(*(uint32_t *)fake_phys(code + 4092), 0);
    /* below user space; lengths that do not match the request */
    ERIX_CHECK_EQ(write_mem(p.tcb_slot, 0x1000, data, 8), ERIX_ERR_OUT_OF_RANGE);
    uint8_t req[64] = {0};
    struct erix_kctl_write_mem_req h = {p.tcb_slot, 8, W_ENTRY};
    memcpy(req, &h, sizeof h);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, sizeof h + 7, NULL, 0),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, sizeof h + 9, NULL, 0),
                  ERIX_ERR_MALFORMED);
    h.length = 0;
    memcpy(req, &h, sizeof h);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, sizeof h, NULL, 0),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_WRITE_PROCESS_MEMORY, req, 8, NULL, 0), ERIX_ERR_MALFORMED);
    /* a READ-only TCB capability is not enough */
    uint32_t ro = copy_cap(&w, p.tcb_slot, ERIX_RIGHT_READ, 0);
    ERIX_CHECK_EQ(write_mem(ro, W_ENTRY, data, 8), ERIX_ERR_NO_RIGHTS);
    /* the longest write there is */
    uint8_t big[ERIX_KCTL_WRITE_MEM_MAX];
    memset(big, 0xc3, sizeof big);
    ERIX_CHECK_EQ(write_mem(p.tcb_slot, W_ENTRY + 4096 - sizeof big, big, sizeof big), ERIX_OK);
    ERIX_CHECK_EQ(*(uint8_t *)fake_phys(code + 4095), 0xc3);
    uint8_t over[ERIX_IPC_MAX_BODY] = {0};
    struct erix_kctl_write_mem_req oh = {p.tcb_slot, ERIX_KCTL_WRITE_MEM_MAX + 1, W_ENTRY};
    memcpy(over, &oh, sizeof oh);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_WRITE_PROCESS_MEMORY, over, sizeof over, NULL, 0),
                  ERIX_ERR_MALFORMED);
    /* once started, the child's memory is its own */
    ERIX_CHECK_EQ(launch(&w, &p, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(write_mem(p.tcb_slot, W_ENTRY, data, 8), ERIX_ERR_STATE);
    ERIX_CHECK(world_down(&w));
}

/* ---- platform ------------------------------------------------------------------- */

static void log_refuses_lines_that_start_with_owned_markers(void)
{
    world_up(&w);
    fake_console_clear();
    ERIX_CHECK_EQ(log_line("hello"), ERIX_OK);
    ERIX_CHECK(strcmp(fake_console, "hello\r\n") == 0);
    ERIX_CHECK_EQ(log_line("mid-line ERIX_KERNEL:BOOT is fine\n"), ERIX_OK);
    size_t len = fake_console_len;
    const char *refused[] = {
        ERIX_MARKER_KERNEL_PANIC " reason=forged",
        ERIX_MARKER_ROOTD_READY,
        ERIX_MARKER_ROOTD_STAGE "X",
        "ERIX_ROOTD:STATUS:READY",
        "innocent\n" ERIX_MARKER_ROOTD_READY,
        "ERIX_KERNEL:",
    };
    for (unsigned i = 0; i < sizeof refused / sizeof refused[0]; i++)
        ERIX_CHECK_EQ(log_line(refused[i]), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(fake_console_len, len); /* nothing of them was written */
    /* no line is made of two writes */
    ERIX_CHECK_EQ(log_line("ERIX_"), ERIX_OK);
    ERIX_CHECK_EQ(log_line("ROOTD:READY"), ERIX_OK);
    ERIX_CHECK(fake_console_has("ERIX_\r\nROOTD:READY\r\n"));
    /* the other families and calls that write the log refuse the same */
    ERIX_CHECK_EQ(log_on(ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_WRITE_LEGACY_SERIAL, "ERIX_ROOTD:READY",
                         16),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(log_on(ERIX_SLOT_KERNEL_CONSOLE, ERIX_KCTL_LOG_STRING, "ERIX_ROOTD:READY", 16),
                  ERIX_ERR_DENIED);
    /* lengths */
    ERIX_CHECK_EQ(log_on(ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_LOG_STRING, "", 0), ERIX_ERR_MALFORMED);
    uint8_t req[16] = {0};
    struct erix_kctl_log_req h = {6, 0};
    memcpy(req, &h, sizeof h);
    ERIX_CHECK_EQ(kcall(&w.root, ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_LOG_STRING, req, 12, NULL, 0),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK(world_down(&w));
}

/*
 * The scenario judge reads the serial log with carriage returns, terminal
 * escapes and leading NULs removed (integrator/judge.py clean_line); a line
 * that becomes a marker that way is a forged marker all the same.
 */
static void log_refuses_markers_hidden_behind_bytes_the_judge_erases(void)
{
    world_up(&w);
    fake_console_clear();
    static const char *const hidden[] = {
        "\rERIX_ROOTD:READY",
        "ERIX\r_ROOTD:READY",
        "\x1b[0mERIX_ROOTD:READY",
        "ERIX_ROOTD\x1b[1m:READY",
        "ok\n\r\rROOTD_STAGE:FORGED",
    };
    for (unsigned i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        ERIX_CHECK_EQ(log_line(hidden[i]), ERIX_ERR_DENIED);
    static const char nul[] = "\0ERIX_KERNEL:PANIC";
    ERIX_CHECK_EQ(log_on(ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_LOG_STRING, nul, sizeof nul - 1),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(fake_console_len, 0);
    /* the same through the debug-log system call, from the root's memory */
    uint32_t f = new_frame(&w, W_SLOT_U, 1);
    struct erix_kctl_map_req m = {ERIX_SLOT_SELF_VSPACE, f, 0x70000000, ERIX_MAP_READ, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0), ERIX_OK);
    char *user = fake_phys(root_slot(&w, f)->obj);
    strcpy(user, "\rERIX_ROOTD:READY");
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DEBUG_LOG, 0x70000000, strlen(user), 0, 0, 0, 0),
                  ERIX_ERR_DENIED);
    if (ERIX_CONFIG_RELEASE) { /* the debug log is closed in release builds */
        ERIX_CHECK(world_down(&w));
        return;
    }
    strcpy(user, "plain words");
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DEBUG_LOG, 0x70000000, strlen(user), 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK(strcmp(fake_console, "plain words\r\n") == 0);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DEBUG_LOG, 0x70001000 - 4, 8, 0, 0, 0, 0),
                  ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DEBUG_LOG, 0x70000000, 0, 0, 0, 0, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK(world_down(&w));
}

static erix_status_t port(uint32_t slot, uint32_t op, uint16_t p, uint8_t value, uint64_t *out)
{
    struct erix_kctl_port_req r = {p, value, 0, 0};
    uint64_t v = 0xdeadbeef;
    erix_status_t st = kcall(&w.root, slot, op, &r, sizeof r, &v, sizeof v);
    if (out != NULL)
        *out = v;
    return st;
}

static void port_io_stays_inside_the_family_ports(void)
{
    world_up(&w);
    uint64_t v;
    fake_ports[0x3fd] = 0x60;
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_COM1, ERIX_KCTL_IOPORT_READ8, 0x3fd, 0, &v), ERIX_OK);
    ERIX_CHECK_EQ(v, 0x60);
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_COM1, ERIX_KCTL_IOPORT_WRITE8, 0x3f8, 'A', NULL), ERIX_OK);
    ERIX_CHECK_EQ(fake_ports[0x3f8], 'A');
    unsigned writes = fake_port_writes;
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_COM1, ERIX_KCTL_IOPORT_WRITE8, 0x2f8, 1, NULL),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_COM1, ERIX_KCTL_IOPORT_WRITE8, 0x400, 1, NULL),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_COM1, ERIX_KCTL_IOPORT_WRITE8, ERIX_DEBUG_EXIT_PORT, 1,
                       NULL),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_COM1, ERIX_KCTL_IOPORT_READ8, 0x60, 0, NULL),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(fake_port_writes, writes);
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_COM1, ERIX_KCTL_IOPORT_READ8, 0x3f8, 1, NULL),
                  ERIX_ERR_INVALID_ARGUMENT);
    /* i8042: its two ports only */
    fake_ports[0x64] = 0x1c;
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_I8042, ERIX_KCTL_IOPORT_READ8, 0x64, 0, &v), ERIX_OK);
    ERIX_CHECK_EQ(v, 0x1c);
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_I8042, ERIX_KCTL_IOPORT_WRITE8, 0x60, 0xf4, NULL), ERIX_OK);
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_I8042, ERIX_KCTL_IOPORT_READ8, 0x61, 0, NULL),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_I8042, ERIX_KCTL_IOPORT_READ8, 0x3f8, 0, NULL),
                  ERIX_ERR_DENIED);
    /* families without ports: the op itself is denied */
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_IOPORT_READ8, 0x3f8, 0, NULL),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(port(ERIX_SLOT_KERNEL_PROCESS, ERIX_KCTL_IOPORT_WRITE8, 0x3f8, 0, NULL),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(fake_ports[0x3f8], 'A');
    ERIX_CHECK(world_down(&w));
}

static void faults_go_to_the_pager_or_the_fault_endpoint(void)
{
    world_up(&w);
    uint32_t fault_ep = new_endpoint(&w, W_SLOT_U), pager_ep = new_endpoint(&w, W_SLOT_U);
    struct proc p;
    const struct give g[] = {{fault_ep, 16, ERIX_RIGHT_SEND, 0}, {pager_ep, 17, ERIX_RIGHT_SEND, 0},
                             {ERIX_SLOT_KERNEL_LOG, 18, ERIX_RIGHT_SEND, 0}};
    ERIX_CHECK_EQ(spawn(&w, &p, W_SLOT_U, 50, g, 3), ERIX_OK);
    struct erix_kctl_endpoint_reg_req reg = {p.tcb_slot, 16};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_FAULT_ENDPOINT, &reg, sizeof reg, NULL, 0), ERIX_OK);
    reg.endpoint_slot = 17;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_REGISTER_PAGER, &reg, sizeof reg, NULL, 0), ERIX_OK);
    reg.endpoint_slot = 18; /* a family endpoint manages nothing */
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_FAULT_ENDPOINT, &reg, sizeof reg, NULL, 0),
                  ERIX_ERR_WRONG_TYPE);
    /* a page fault (vector 14), as the trap handler raises it, goes to the pager */
    tcb_raise_event(p.t, ERIX_EVENT_FAULT, 14, 0xdead000, W_ENTRY + 4);
    ERIX_CHECK_EQ(p.t->state, TCB_BLOCKED_EVENT);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_RECV, fault_ep | ERIX_IPC_POLL, 0, 0, 0, 0, 0),
                  ERIX_ERR_WOULD_BLOCK);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_RECV, pager_ep, 0, 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK_EQ(ERIX_MSG_OP(w.root.f->a1), ERIX_EVENT_FAULT);
    ERIX_CHECK_EQ(w.root.f->a3, 14);
    ERIX_CHECK_EQ(w.root.f->a4, 0xdead000);
    ERIX_CHECK_EQ(w.root.f->a5, W_ENTRY + 4);
    ERIX_CHECK_EQ(p.t->state, TCB_BLOCKED_FAULT);
    ERIX_CHECK_EQ(query_process(p.tcb_slot).state, ERIX_PROC_FAULTED);
    /* the pager resumes it */
    struct erix_kctl_resolve_req res = {p.tcb_slot, ERIX_RESOLVE_RESUME};
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_PAGER, ERIX_KCTL_RESOLVE_FAULT, &res, sizeof res), ERIX_OK);
    ERIX_CHECK_EQ(p.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(query_process(p.tcb_slot).state, ERIX_PROC_RUNNING);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_PAGER, ERIX_KCTL_RESOLVE_FAULT, &res, sizeof res),
                  ERIX_ERR_STATE);
    /* another fault (not a page fault) goes to the fault endpoint; kill it there */
    tcb_raise_event(p.t, ERIX_EVENT_FAULT, 13, 0, W_ENTRY + 8);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_RECV, fault_ep, 0, 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK_EQ(w.root.f->a3, 13);
    res.action = 2;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RESOLVE_FAULT, &res, sizeof res, NULL, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    res.action = ERIX_RESOLVE_KILL;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RESOLVE_FAULT, &res, sizeof res, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(p.t->state, TCB_DEAD);
    ERIX_CHECK_EQ(query_process(p.tcb_slot).state, ERIX_PROC_KILLED);
    ERIX_CHECK(world_down(&w));
}

static void restage_brings_a_finished_process_back_with_its_cspace(void)
{
    world_up(&w);
    uint32_t ep = new_endpoint(&w, W_SLOT_U);
    struct proc p;
    const struct give g[] = {{ep, 20, ERIX_RIGHT_SEND, 0}};
    ERIX_CHECK_EQ(spawn(&w, &p, W_SLOT_U, 100, g, 1), ERIX_OK);
    struct erix_kctl_slot_req r = {p.tcb_slot, 0};
    /* a running process cannot be restaged */
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RESTAGE_PROCESS, &r, sizeof r, NULL, 0), ERIX_ERR_STATE);
    p.t->ipcbuf->recv_window_base = 32; /* what the last run left behind */
    p.t->ipcbuf->recv_window_count = 8;
    p.t->ipcbuf->user[0] = 1;
    sys(&p, ERIX_SYS_EXIT, 5, 0, 0, 0, 0, 0); /* no manager: logged, dead */
    ERIX_CHECK_EQ(p.t->proc_state, ERIX_PROC_EXITED);
    r.arg = 1;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RESTAGE_PROCESS, &r, sizeof r, NULL, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    r.arg = 0;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RESTAGE_PROCESS, &r, sizeof r, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(p.t->proc_state, ERIX_PROC_STAGED);
    /* the next run starts with a clean IPC buffer */
    ERIX_CHECK_EQ(p.t->ipcbuf->recv_window_base, 0);
    ERIX_CHECK_EQ(p.t->ipcbuf->recv_window_count, 0);
    ERIX_CHECK_EQ(p.t->ipcbuf->user[0], 0);
    /* twice is refused: it is staged now */
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RESTAGE_PROCESS, &r, sizeof r, NULL, 0), ERIX_ERR_STATE);
    /* its startup contract is still there, and it starts again */
    ERIX_CHECK_EQ(slot_of(&p, 20)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(start(&p, W_ENTRY, ERIX_USER_STACK_TOP), ERIX_OK);
    ERIX_CHECK_EQ(p.t->proc_state, ERIX_PROC_RUNNING);
    ERIX_CHECK(world_down(&w));
}

static void irq_wait_parks_the_caller_until_the_interrupt(void)
{
    world_up(&w);
    struct erix_kctl_irq_req r = {4, 0, 0};
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_IRQ_WAIT, &r, sizeof r), ERIX_ERR_STATE);
    r.action = ERIX_IRQ_ENABLE;
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_IRQ_CONTROL, &r, sizeof r), ERIX_OK);
    ERIX_CHECK(!fake_irq_masked[4]);
    r.irq = 2; /* the cascade, and the timer, are the kernel's */
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_IRQ_CONTROL, &r, sizeof r),
                  ERIX_ERR_INVALID_ARGUMENT);
    r.irq = 0;
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_IRQ_CONTROL, &r, sizeof r),
                  ERIX_ERR_INVALID_ARGUMENT);
    /* wait: parked, no answer yet */
    r = (struct erix_kctl_irq_req){4, 0, 0};
    on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_IRQ_WAIT, &r, sizeof r);
    ERIX_CHECK_EQ(w.root.t->state, TCB_BLOCKED_IRQ);
    ERIX_CHECK_EQ(w.root.f->nr, ERIX_SYS_CALL);
    irq_raise(4);
    ERIX_CHECK_EQ(w.root.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(w.root.f->nr, ERIX_OK);
    ERIX_CHECK_EQ(w.root.f->a1, ERIX_MSG_HEADER(ERIX_KCTL_IRQ_WAIT, 0, 0));
    ERIX_CHECK(fake_irq_masked[4]); /* masked until acknowledged */
    /* an interrupt with nobody waiting stays pending for the next wait */
    irq_raise(4);
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_IRQ_WAIT, &r, sizeof r), ERIX_OK);
    ERIX_CHECK_EQ(w.root.t->state, TCB_RUNNING);
    /* a timed wait times out */
    r.timeout_us = 100;
    on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_IRQ_WAIT, &r, sizeof r);
    ERIX_CHECK_EQ(w.root.t->state, TCB_BLOCKED_IRQ);
    fake_now += 100;
    sched_tick();
    ERIX_CHECK_EQ(w.root.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(w.root.f->nr, ERIX_ERR_TIMEOUT);
    r = (struct erix_kctl_irq_req){4, ERIX_IRQ_ACK, 0};
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_IRQ_CONTROL, &r, sizeof r), ERIX_OK);
    ERIX_CHECK(!fake_irq_masked[4]);
    r.action = ERIX_IRQ_DISABLE;
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_IRQ_CONTROL, &r, sizeof r), ERIX_OK);
    r.action = ERIX_IRQ_ACK;
    ERIX_CHECK_EQ(on(ERIX_SLOT_KERNEL_IRQ, ERIX_KCTL_IRQ_CONTROL, &r, sizeof r), ERIX_ERR_STATE);
    ERIX_CHECK(world_down(&w));
}

static void the_clock_reads_the_timestamp(void)
{
    world_up(&w);
    fake_now = 2500001; /* 2.500001 s at one unit per microsecond */
    struct erix_kctl_clock_resp c = {0, 0};
    ERIX_CHECK_EQ(kcall(&w.root, ERIX_SLOT_KERNEL_TIME, ERIX_KCTL_READ_MONOTONIC_CLOCK, NULL, 0, &c,
                        sizeof c),
                  ERIX_OK);
    ERIX_CHECK_EQ(c.nanoseconds, 2500001000ull);
    ERIX_CHECK_EQ(c.ticks, sched_ticks());
    uint64_t caps = 0;
    ERIX_CHECK_EQ(kcall(&w.root, ERIX_SLOT_KERNEL_PCI_CONFIG, ERIX_KCTL_READ_PLATFORM_CAPS, NULL, 0,
                        &caps, sizeof caps),
                  ERIX_OK);
    ERIX_CHECK_EQ(caps & ERIX_PLATFORM_PCI, 0); /* the fake machine has no PCI */
    struct erix_kctl_pci_req pr = {0, 0, 0, 0, 0, 0, 0, 0};
    ERIX_CHECK_EQ(kcall(&w.root, ERIX_SLOT_KERNEL_PCI_CONFIG, ERIX_KCTL_READ_PCI_CONFIG_DWORD, &pr,
                        sizeof pr, NULL, 0),
                  ERIX_ERR_NOT_FOUND);
    pr.offset = 2;
    ERIX_CHECK_EQ(kcall(&w.root, ERIX_SLOT_KERNEL_PCI_CONFIG, ERIX_KCTL_READ_PCI_CONFIG_DWORD, &pr,
                        sizeof pr, NULL, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK(world_down(&w));
}

static erix_status_t report(struct proc *p, uint64_t kind, uint64_t value, uint64_t len)
{
    return sys(p, ERIX_SYS_ROOTD_REPORT, kind, value, len, 0, 0, 0);
}

static void only_the_root_reports_and_only_well_formed_stages(void)
{
    world_up(&w);
    uint32_t f = new_frame(&w, W_SLOT_U, 1);
    struct erix_kctl_map_req m = {ERIX_SLOT_SELF_VSPACE, f, 0x70000000, ERIX_MAP_READ, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0), ERIX_OK);
    char *user = fake_phys(root_slot(&w, f)->obj);
    strcpy(user, "LAUNCH_PROCDlaunch");
    struct proc p;
    ERIX_CHECK_EQ(spawn(&w, &p, W_SLOT_U, 50, NULL, 0), ERIX_OK);
    fake_console_clear();
    ERIX_CHECK_EQ(report(&p, ERIX_ROOTD_REPORT_STATUS, ERIX_ROOTD_STATUS_READY, 0),
                  ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(report(&w.root, ERIX_ROOTD_REPORT_STAGE, 0x70000000, 12), ERIX_OK);
    ERIX_CHECK(strcmp(fake_console, "ROOTD_STAGE:LAUNCH_PROCD\r\n") == 0);
    ERIX_CHECK_EQ(report(&w.root, ERIX_ROOTD_REPORT_STAGE, 0x70000000, 13),
                  ERIX_ERR_INVALID_ARGUMENT); /* lower case */
    ERIX_CHECK_EQ(report(&w.root, ERIX_ROOTD_REPORT_STAGE, 0x70000000, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(report(&w.root, ERIX_ROOTD_REPORT_STAGE, 0x70000000,
                         ERIX_ROOTD_STAGE_NAME_MAX + 1),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(report(&w.root, ERIX_ROOTD_REPORT_STAGE, 0x70001000 - 2, 4),
                  ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(report(&w.root, ERIX_ROOTD_REPORT_STATUS, ERIX_ROOTD_STATUS_COUNT, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(report(&w.root, ERIX_ROOTD_REPORT_STATUS, ERIX_ROOTD_STATUS_READY, 1),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(report(&w.root, 9, 0, 0), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK(strcmp(fake_console, "ROOTD_STAGE:LAUNCH_PROCD\r\n") == 0);
    /* READY: the marker, and in debug-exit builds the end of the run with 0x10 */
    jmp_buf back;
    fake_exit_jump = &back;
    if (setjmp(back) == 0)
        report(&w.root, ERIX_ROOTD_REPORT_STATUS, ERIX_ROOTD_STATUS_READY, 0);
    fake_exit_jump = NULL;
    ERIX_CHECK(fake_console_has(ERIX_MARKER_ROOTD_READY "\r\n"));
    ERIX_CHECK_EQ(fake_exit_count, ERIX_CONFIG_DEBUG_EXIT ? 1 : 0);
    if (ERIX_CONFIG_DEBUG_EXIT)
        ERIX_CHECK_EQ(fake_exit_code, ERIX_EXIT_ROOTD_READY);
    /* other numbers */
    ERIX_CHECK_EQ(sys(&p, ERIX_SYS_NULL, 0, 0, 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK_EQ(sys(&p, 0x46, 0, 0, 0, 0, 0, 0), ERIX_ERR_UNKNOWN_OP);
    ERIX_CHECK_EQ(sys(&p, 0x1000, 0, 0, 0, 0, 0, 0), ERIX_ERR_UNKNOWN_OP);
    ERIX_CHECK(world_down(&w));
}

int main(void)
{
    ERIX_RUN(the_family_decides_before_anything_is_decoded);
    ERIX_RUN(wrong_lengths_and_flags_are_malformed);
    ERIX_RUN(start_waits_until_every_grant_is_gone);
    ERIX_RUN(grants_lose_their_hold_when_the_child_goes);
    ERIX_RUN(start_checks_entry_and_stack);
    ERIX_RUN(a_process_from_an_exactly_sized_untyped_is_complete);
    ERIX_RUN(priorities_never_exceed_the_callers);
    ERIX_RUN(map_frame_rules);
    ERIX_RUN(page_tables_are_charged_to_the_space_pool);
    ERIX_RUN(a_pool_without_room_for_tables_refuses_the_map);
    ERIX_RUN(write_process_memory_fills_only_anonymous_pages_of_staged_children);
    ERIX_RUN(log_refuses_lines_that_start_with_owned_markers);
    ERIX_RUN(log_refuses_markers_hidden_behind_bytes_the_judge_erases);
    ERIX_RUN(port_io_stays_inside_the_family_ports);
    ERIX_RUN(faults_go_to_the_pager_or_the_fault_endpoint);
    ERIX_RUN(a_map_counts_each_missing_table_once);
    ERIX_RUN(restage_brings_a_finished_process_back_with_its_cspace);
    ERIX_RUN(irq_wait_parks_the_caller_until_the_interrupt);
    ERIX_RUN(the_clock_reads_the_timestamp);
    ERIX_RUN(only_the_root_reports_and_only_well_formed_stages);
    return erix_test_finish();
}
