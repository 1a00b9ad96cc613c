/*
 * world.c - the test system of world.h, and the two root-task hooks
 * (kern/root.c is not portable) the portable kernel calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/bootinfo.h>
#include <kernel/cap.h>
#include <kernel/endpoint.h>
#include <kernel/fastpath.h>
#include <kernel/platform.h>
#include <kernel/root.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>
#include <kernel/untyped.h>
#include <kernel/vspace.h>

#include "world.h"

void syscall_handler(struct arch_syscall_frame *f); /* kern/syscall.c */

bool world_fastpath;

struct tcb *fake_root_tcb;
unsigned fake_root_deaths;

bool root_is(const struct tcb *t)
{
    return t != NULL && t == fake_root_tcb;
}

void root_task_died(struct tcb *t)
{
    if (root_is(t))
        fake_root_deaths++;
}

static struct tcb idle_tcb __attribute__((aligned(64)));
static struct boot_info no_boot_info;

static _Noreturn void fail(const char *what, long status)
{
    fprintf(stderr, "world: %s (status %ld)\n", what, status);
    abort();
}

static void once(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    idle_tcb.hdr.type = ERIX_CAP_TCB;
    idle_tcb.flags = TCB_FLAG_IDLE;
    sched_init(&idle_tcb);
    platform_init(&no_boot_info, 0);
}

static void install(struct world *w, uint32_t slot, uint8_t type, uint8_t rights, void *obj,
                    struct untyped *origin)
{
    struct cte *c = cnode_slot(w->root.t->cspace, slot);
    if (c == NULL || c->type != ERIX_CAP_NULL)
        fail("world install into a bad slot", slot);
    cap_install(c, type, rights, (uint64_t)(uintptr_t)obj, origin);
}

static void *k_object(struct world *w, uint64_t size, uint8_t type)
{
    void *o = untyped_new_object(&w->K, size, type);
    if (o == NULL)
        fail("kernel memory K exhausted", 0);
    return o;
}

static struct arch_syscall_frame *frame_of(struct tcb *t)
{
    return (struct arch_syscall_frame *)(uintptr_t)(t->kstack_top - sizeof(struct arch_syscall_frame));
}

static void make_root(struct world *w)
{
    struct tcb *t = k_object(w, OBJ_TCB_SIZE, ERIX_CAP_TCB);
    if (tcb_init(t, &w->K, W_ROOT_PRIORITY) != ERIX_OK)
        fail("thread table full at world_up", 0);
    struct cnode *cn = cnode_init(k_object(w, OBJ_CNODE_SIZE, ERIX_CAP_CNODE), &w->K);
    struct vspace *vs = vspace_init(k_object(w, OBJ_VSPACE_SIZE, ERIX_CAP_VSPACE), &w->K, &w->K);
    if (vs == NULL)
        fail("vspace table full at world_up", 0);
    uint64_t buf = untyped_carve(&w->K, 4096);
    erix_status_t st = vspace_map_kernel(vs, ERIX_IPC_BUFFER_VADDR, buf,
                                         ARCH_MAP_READ | ARCH_MAP_WRITE);
    if (st != ERIX_OK)
        fail("root IPC buffer map", st);
    tcb_bind(t, cn, vs, arch_phys_to_virt(buf));
    t->call_seq = t->gen << 16;
    t->flags |= TCB_FLAG_ROOT;
    tcb_start(t, W_ENTRY, ERIX_USER_STACK_TOP, 0, 0, 0);
    w->root.t = t;
    w->root.f = frame_of(t);
    fake_root_tcb = t;
    install(w, ERIX_SLOT_SELF_TCB, ERIX_CAP_TCB, ERIX_RIGHTS_ALL, t, &w->K);
    install(w, ERIX_SLOT_SELF_CNODE, ERIX_CAP_CNODE, ERIX_RIGHTS_ALL, cn, &w->K);
    install(w, ERIX_SLOT_SELF_VSPACE, ERIX_CAP_VSPACE, ERIX_RIGHTS_ALL, vs, &w->K);
}

static void make_endpoints(struct world *w)
{
    for (uint32_t kind = ERIX_EP_ROOT; kind < ERIX_EP_KIND_COUNT; kind++) {
        struct endpoint *ep = k_object(w, OBJ_ENDPOINT_SIZE, ERIX_CAP_ENDPOINT);
        endpoint_init(ep, kind);
        w->family[kind] = ep;
        uint32_t slot = kind == ERIX_EP_ROOT ? W_SLOT_ROOT_EP : erix_family_slot(kind);
        install(w, slot, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ep, &w->K);
    }
    w->generic = k_object(w, OBJ_ENDPOINT_SIZE, ERIX_CAP_ENDPOINT);
    endpoint_init(w->generic, ERIX_EP_GENERIC);
    install(w, W_SLOT_GENERIC, ERIX_CAP_ENDPOINT,
            ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT, w->generic, &w->K);
}

void world_up(struct world *w)
{
    fake_arch_init();
    once();
    memset(w, 0, sizeof *w);
    current = &idle_tcb;
    fake_root_deaths = 0;
    untyped_init(&w->K, W_K_BASE, W_K_SIZE, 0, NULL, 0);
    untyped_init(&w->U, W_U_BASE, W_U_SIZE, 0, NULL, 0);
    untyped_init(&w->U2, W_U2_BASE, W_U2_SIZE, 0, NULL, 0);
    untyped_init(&w->D, W_D_BASE, W_D_SIZE, UNTYPED_DEVICE, NULL, 0);
    make_root(w);
    make_endpoints(w);
    install(w, W_SLOT_U, ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, &w->U, NULL);
    install(w, W_SLOT_D, ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, &w->D, NULL);
    install(w, W_SLOT_U2, ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, &w->U2, NULL);
    w->next_slot = W_FIRST_FREE;
    run_as(&w->root);
    fake_console_clear();
}

bool world_down(struct world *w)
{
    untyped_destroy(&w->U);
    untyped_destroy(&w->U2);
    untyped_destroy(&w->D);
    untyped_reset(&w->K);
    current = &idle_tcb;
    fake_root_tcb = NULL;
    bool clean = true;
    for (uint32_t pid = 1; pid < TCB_MAX; pid++) {
        if (tcb_by_pid(pid) != NULL) {
            fprintf(stderr, "world_down: thread %u survived its untyped\n", pid);
            clean = false;
        }
    }
    return clean;
}

uint32_t world_slot(struct world *w)
{
    if (w->next_slot >= ERIX_SLOT_PROCD_DRIVER)
        fail("the test ran out of root slots", w->next_slot);
    return w->next_slot++;
}

struct cte *slot_of(struct proc *p, uint32_t slot)
{
    return cnode_slot(p->t->cspace, slot);
}

struct cte *root_slot(struct world *w, uint32_t slot)
{
    return slot_of(&w->root, slot);
}

void run_as(struct proc *p)
{
    struct tcb *t = p->t, *old = current;
    if (t == NULL || t->state != TCB_RUNNING || t->hdr.dead)
        fail("run_as: the thread is not runnable", t != NULL ? t->state : -1);
    sched_dequeue(t);
    current = t;
    if (old != NULL && old != t && old != &idle_tcb && old->state == TCB_RUNNING &&
        !old->hdr.dead)
        sched_enqueue(old);
}

erix_status_t sys(struct proc *p, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  uint64_t a4, uint64_t a5)
{
    run_as(p);
    struct arch_syscall_frame *f = p->f;
    memset(f, 0, sizeof *f);
    f->nr = nr;
    f->a0 = a0;
    f->a1 = a1;
    f->a2 = a2;
    f->a3 = a3;
    f->a4 = a4;
    f->a5 = a5;
    f->pc = W_ENTRY + 0x10;
    f->flags = 0x202;
    f->sp = ERIX_USER_STACK_TOP - 64;
    struct arch_syscall_frame *resumed = NULL;
    if (world_fastpath && nr == ERIX_SYS_CALL)
        resumed = fastpath_call(f);
    else if (world_fastpath && nr == ERIX_SYS_REPLY_RECV)
        resumed = fastpath_reply_recv(f);
    else if (world_fastpath && nr == ERIX_SYS_NOTIFY)
        resumed = fastpath_notify(f);
    if (resumed == NULL)
        syscall_handler(f);
    return (erix_status_t)f->nr;
}

erix_status_t kcall(struct proc *p, uint32_t slot, uint32_t op, const void *req, uint32_t len,
                    void *resp, uint32_t cap)
{
    uint64_t w[4] = {0, 0, 0, 0};
    if (len > 0)
        memcpy(w, req, len < 32 ? len : 32);
    if (len > 32)
        memcpy(&p->t->ipcbuf->body[ERIX_IPC_REG_WORDS], (const uint8_t *)req + 32, len - 32);
    erix_status_t st = sys(p, ERIX_SYS_CALL, slot, ERIX_MSG_HEADER(op, 0, len), w[0], w[1], w[2],
                           w[3]);
    uint32_t got = ERIX_MSG_LEN(p->f->a1);
    if (resp != NULL) {
        uint64_t regs[4] = {p->f->a2, p->f->a3, p->f->a4, p->f->a5};
        uint32_t n = got < cap ? got : cap;
        memcpy(resp, regs, n < 32 ? n : 32);
        if (n > 32)
            memcpy((uint8_t *)resp + 32, &p->t->ipcbuf->body[ERIX_IPC_REG_WORDS], n - 32);
    }
    return st;
}

erix_status_t rk(struct world *w, uint32_t op, const void *req, uint32_t len, void *resp,
                 uint32_t cap)
{
    return kcall(&w->root, W_SLOT_ROOT_EP, op, req, len, resp, cap);
}

uint32_t new_endpoint(struct world *w, uint32_t untyped_slot)
{
    uint32_t slot = world_slot(w);
    struct erix_kctl_retype_req r = {untyped_slot, slot, 0, 0};
    return rk(w, ERIX_KCTL_CREATE_ENDPOINT, &r, sizeof r, NULL, 0) == ERIX_OK ? slot : 0;
}

uint32_t new_frame(struct world *w, uint32_t untyped_slot, uint32_t pages)
{
    uint32_t slot = world_slot(w);
    struct erix_kctl_retype_req r = {untyped_slot, slot, 0, pages};
    return rk(w, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, &r, sizeof r, NULL, 0) == ERIX_OK ? slot : 0;
}

uint32_t copy_cap(struct world *w, uint32_t src, uint32_t mask, uint64_t badge)
{
    uint32_t slot = world_slot(w);
    struct erix_kctl_copy_req r = {src, slot, mask, 0, badge};
    return rk(w, ERIX_KCTL_CAP_COPY_ATTENUATED, &r, sizeof r, NULL, 0) == ERIX_OK ? slot : 0;
}

erix_status_t stage(struct world *w, struct proc *out, uint32_t untyped_slot, uint32_t priority)
{
    memset(out, 0, sizeof *out);
    uint32_t tslot = world_slot(w);
    (void)world_slot(w); /* tslot + 1: the VSpace */
    out->tcb_slot = tslot;
    struct erix_kctl_create_process_req req = {untyped_slot, tslot, priority, 0};
    struct erix_kctl_create_process_resp resp = {0, 0};
    erix_status_t st = rk(w, ERIX_KCTL_CREATE_STAGED_PROCESS, &req, sizeof req, &resp, sizeof resp);
    if (st != ERIX_OK)
        return st;
    out->t = (struct tcb *)root_slot(w, tslot)->obj;
    out->f = frame_of(out->t);
    if (out->t->pid != resp.pid)
        fail("CREATE_STAGED_PROCESS answered another pid", resp.pid);
    out->code_slot = new_frame(w, untyped_slot, 1);
    if (out->code_slot == 0)
        return ERIX_ERR_NO_MEMORY;
    struct erix_kctl_map_req m = {tslot + 1, out->code_slot, W_ENTRY, ERIX_MAP_READ | ERIX_MAP_EXEC,
                                  0};
    return rk(w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0);
}

erix_status_t launch(struct world *w, struct proc *p, const struct give *caps, unsigned n)
{
    erix_status_t st;
    if (n > 0) {
        uint32_t g = world_slot(w);
        struct erix_kctl_grant_req gr = {p->tcb_slot, g, W_CHILD_WINDOW_BASE, W_CHILD_WINDOW_COUNT,
                                         ERIX_RIGHTS_ALL, 0};
        if ((st = rk(w, ERIX_KCTL_DERIVE_INSTALL_GRANT, &gr, sizeof gr, NULL, 0)) != ERIX_OK)
            return st;
        for (unsigned i = 0; i < n; i++) {
            struct erix_kctl_install_req in = {g, caps[i].src, caps[i].dst, caps[i].rights,
                                               caps[i].badge};
            if ((st = rk(w, ERIX_KCTL_INSTALL_WITH_GRANT, &in, sizeof in, NULL, 0)) != ERIX_OK)
                return st;
        }
        if ((st = sys(&w->root, ERIX_SYS_DROP_LOCAL_CAP, g, 0, 0, 0, 0, 0)) != ERIX_OK)
            return st;
    }
    struct erix_kctl_start_req s = {p->tcb_slot, 0, W_ENTRY, ERIX_USER_STACK_TOP, 0, 0, 0};
    return rk(w, ERIX_KCTL_START_PROCESS, &s, sizeof s, NULL, 0);
}

erix_status_t spawn(struct world *w, struct proc *out, uint32_t untyped_slot, uint32_t priority,
                    const struct give *caps, unsigned n)
{
    erix_status_t st = stage(w, out, untyped_slot, priority);
    return st != ERIX_OK ? st : launch(w, out, caps, n);
}
