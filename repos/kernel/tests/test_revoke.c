/*
 * test_revoke.c - resetting an untyped destroys everything made from it:
 * every capability to those objects (in any CSpace), mappings of its frames,
 * threads running on its spaces; waiters on its endpoints get PEER_GONE.
 */
#include <string.h>

#include <kernel/cap.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>
#include <kernel/untyped.h>
#include <kernel/vspace.h>

#include "erix_test.h"
#include "world.h"

#define RW (ERIX_RIGHT_READ | ERIX_RIGHT_WRITE)
#define SR (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV)

static struct world w;

static uint32_t child_untyped(uint32_t parent, uint32_t pages)
{
    uint32_t slot = world_slot(&w);
    struct erix_kctl_retype_req r = {parent, slot, ERIX_CAP_UNTYPED, pages};
    erix_status_t st = rk(&w, ERIX_KCTL_RETYPE_UNTYPED, &r, sizeof r, NULL, 0);
    ERIX_CHECK_EQ(st, ERIX_OK);
    return slot;
}

static erix_status_t reset(uint32_t slot)
{
    struct erix_kctl_slot_req r = {slot, 0};
    return rk(&w, ERIX_KCTL_UNTYPED_RESET, &r, sizeof r, NULL, 0);
}

static erix_status_t map(uint32_t vspace_slot, uint32_t frame, uint64_t va, uint32_t perms)
{
    struct erix_kctl_map_req m = {vspace_slot, frame, va, perms, 0};
    return rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0);
}

static bool mapped(struct tcb *t, uint64_t va)
{
    uint64_t pa;
    uint32_t perms;
    return arch_lookup_page(t->vspace->root, va, &pa, &perms);
}

static unsigned live_threads(void)
{
    unsigned n = 0;
    for (uint32_t pid = 1; pid < TCB_MAX; pid++)
        n += tcb_by_pid(pid) != NULL;
    return n;
}

static erix_status_t recv(struct proc *p, uint32_t slot)
{
    return sys(p, ERIX_SYS_RECV, slot, 0, 0, 0, 0, 0);
}

static erix_status_t call(struct proc *p, uint32_t slot, uint64_t word)
{
    return sys(p, ERIX_SYS_CALL, slot, ERIX_MSG_HEADER(0x77, 0, 8), word, 0, 0, 0);
}

static void reset_destroys_a_process_made_from_it(void)
{
    world_up(&w);
    uint32_t cu = child_untyped(W_SLOT_U, 256);
    struct proc p;
    ERIX_CHECK_EQ(spawn(&w, &p, cu, 100, NULL, 0), ERIX_OK);
    uint32_t pid = p.t->pid, index = p.t->vspace->index, gen = p.t->vspace->gen;
    ERIX_CHECK(tcb_by_pid(pid) == p.t);
    ERIX_CHECK(vspace_by_handle(index, gen) == p.t->vspace);
    unsigned before = live_threads();
    ERIX_CHECK_EQ(reset(cu), ERIX_OK);
    ERIX_CHECK(tcb_by_pid(pid) == NULL);
    ERIX_CHECK_EQ(live_threads(), before - 1);
    ERIX_CHECK(vspace_by_handle(index, gen) == NULL);
    ERIX_CHECK_EQ(p.t->state, TCB_DEAD);
    ERIX_CHECK(p.t->hdr.dead);
    ERIX_CHECK_EQ(root_slot(&w, p.tcb_slot)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(root_slot(&w, p.tcb_slot + 1)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(root_slot(&w, p.code_slot)->type, ERIX_CAP_NULL);
    /* the pid's next user gets a new generation, so old tokens cannot name it */
    struct proc q;
    ERIX_CHECK_EQ(spawn(&w, &q, cu, 100, NULL, 0), ERIX_OK);
    ERIX_CHECK(q.t->pid != pid || q.t->gen != p.t->gen);
    ERIX_CHECK(world_down(&w));
}

static void reset_deletes_copies_in_every_cspace(void)
{
    world_up(&w);
    uint32_t cu = child_untyped(W_SLOT_U, 16);
    uint32_t ep = new_endpoint(&w, cu);
    uint32_t badged = copy_cap(&w, ep, ERIX_RIGHT_SEND, 0x42);
    ERIX_CHECK(badged != 0);
    struct untyped *u = (struct untyped *)root_slot(&w, cu)->obj;
    const struct give g[] = {{ep, 16, SR, 0}, {badged, 17, ERIX_RIGHT_SEND, 0},
                             {W_SLOT_GENERIC, 18, SR, 0}};
    struct proc q;
    ERIX_CHECK_EQ(spawn(&w, &q, W_SLOT_U2, 100, g, 3), ERIX_OK);
    ERIX_CHECK_EQ(slot_of(&q, 16)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(slot_of(&q, 17)->badge, 0x42);
    ERIX_CHECK(u->derived != NULL);
    ERIX_CHECK_EQ(reset(cu), ERIX_OK);
    ERIX_CHECK(u->derived == NULL);
    ERIX_CHECK_EQ(root_slot(&w, ep)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(root_slot(&w, badged)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(slot_of(&q, 16)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(slot_of(&q, 17)->type, ERIX_CAP_NULL);
    /* what came from elsewhere stays */
    ERIX_CHECK_EQ(slot_of(&q, 18)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(root_slot(&w, W_SLOT_GENERIC)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(q.t->state, TCB_RUNNING);
    /* and the dead endpoint's name now reads as empty */
    ERIX_CHECK_EQ(call(&q, 16, 1), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK(world_down(&w));
}

static void reset_unmaps_frames_everywhere(void)
{
    world_up(&w);
    uint32_t cu = child_untyped(W_SLOT_U, 16);
    uint32_t f = new_frame(&w, cu, 2);
    uint32_t f2 = copy_cap(&w, f, ERIX_RIGHT_READ, 0);
    struct proc q;
    const struct give g[] = {{f2, 16, ERIX_RIGHT_READ, 0}};
    ERIX_CHECK_EQ(spawn(&w, &q, W_SLOT_U2, 100, g, 1), ERIX_OK);
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x20000000, ERIX_MAP_READ | ERIX_MAP_WRITE), ERIX_OK);
    ERIX_CHECK_EQ(map(q.tcb_slot + 1, f2, 0x30000000, ERIX_MAP_READ), ERIX_OK);
    ERIX_CHECK(mapped(w.root.t, 0x20000000));
    ERIX_CHECK(mapped(w.root.t, 0x20001000));
    ERIX_CHECK(mapped(q.t, 0x30001000));
    ERIX_CHECK_EQ(reset(cu), ERIX_OK);
    ERIX_CHECK(!mapped(w.root.t, 0x20000000));
    ERIX_CHECK(!mapped(w.root.t, 0x20001000));
    ERIX_CHECK(!mapped(q.t, 0x30000000));
    ERIX_CHECK(!mapped(q.t, 0x30001000));
    /* the rest of q's space is untouched */
    ERIX_CHECK(mapped(q.t, W_ENTRY));
    ERIX_CHECK(mapped(q.t, ERIX_IPC_BUFFER_VADDR));
    ERIX_CHECK(world_down(&w));
}

static void reset_wakes_everyone_waiting_on_what_it_made(void)
{
    world_up(&w);
    uint32_t cu = child_untyped(W_SLOT_U, 512);
    uint32_t e_recv = new_endpoint(&w, cu), e_send = new_endpoint(&w, cu);
    uint32_t e_served = new_endpoint(&w, cu), e_other = new_endpoint(&w, W_SLOT_U2);
    struct proc q, r, s, t, p, q2;
    const struct give gq[] = {{e_recv, 16, SR, 0}};
    const struct give gr[] = {{e_send, 16, SR, 0}};
    const struct give gs[] = {{e_other, 16, ERIX_RIGHT_SEND, 0}};
    const struct give gp[] = {{e_other, 16, ERIX_RIGHT_RECV, 0}};
    const struct give gt[] = {{e_served, 16, ERIX_RIGHT_SEND, 0}};
    const struct give gq2[] = {{e_served, 16, ERIX_RIGHT_RECV, 0}};
    ERIX_CHECK_EQ(spawn(&w, &q, W_SLOT_U2, 100, gq, 1), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &r, W_SLOT_U2, 100, gr, 1), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &s, W_SLOT_U2, 100, gs, 1), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &p, cu, 100, gp, 1), ERIX_OK); /* the server made from cu */
    ERIX_CHECK_EQ(spawn(&w, &t, W_SLOT_U2, 100, gt, 1), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &q2, W_SLOT_U2, 100, gq2, 1), ERIX_OK);
    recv(&q, 16);                /* q waits to receive on an endpoint from cu */
    call(&r, 16, 1);             /* r waits to send on one */
    recv(&p, 16);
    call(&s, 16, 2);             /* s waits for the reply of a server made from cu */
    recv(&q2, 16);
    call(&t, 16, 3);             /* t waits for a reply through an endpoint from cu */
    ERIX_CHECK_EQ(q.t->state, TCB_BLOCKED_RECV);
    ERIX_CHECK_EQ(r.t->state, TCB_BLOCKED_SEND);
    ERIX_CHECK_EQ(s.t->state, TCB_BLOCKED_REPLY);
    ERIX_CHECK(s.t->reply_server == p.t);
    ERIX_CHECK_EQ(t.t->state, TCB_BLOCKED_REPLY);
    ERIX_CHECK(t.t->reply_server == q2.t);
    uint64_t t_token = q2.f->a0;
    ERIX_CHECK_EQ(reset(cu), ERIX_OK);
    struct proc *woken[] = {&q, &r, &s, &t};
    for (unsigned i = 0; i < 4; i++) {
        ERIX_CHECK_EQ(woken[i]->t->state, TCB_RUNNING);
        ERIX_CHECK_EQ(woken[i]->f->nr, ERIX_ERR_PEER_GONE);
        ERIX_CHECK(woken[i]->t->wait_ep == NULL);
        ERIX_CHECK(woken[i]->t->reply_server == NULL);
    }
    ERIX_CHECK_EQ(p.t->state, TCB_DEAD);
    /* q2 received t's call; the endpoint is gone, and so is the call to answer */
    q2.t->ipcbuf->reply_token = t_token;
    ERIX_CHECK_EQ(sys(&q2, ERIX_SYS_REPLY, 16, 0, 0, 0, 0, 0), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(t.f->nr, ERIX_ERR_PEER_GONE);
    /* the woken threads run on: s can use its surviving endpoint again */
    ERIX_CHECK_EQ(sys(&s, ERIX_SYS_NOTIFY, 16 | ERIX_IPC_POLL, 0, 0, 0, 0, 0),
                  ERIX_ERR_WOULD_BLOCK);
    ERIX_CHECK(world_down(&w));
}

static void nested_child_untyped_goes_with_its_parent(void)
{
    world_up(&w);
    uint32_t outer = child_untyped(W_SLOT_U, 1024);
    uint32_t inner = child_untyped(outer, 512);
    struct untyped *ui = (struct untyped *)root_slot(&w, inner)->obj;
    uint32_t ep_inner = new_endpoint(&w, inner), ep_outer = new_endpoint(&w, outer);
    struct proc p, p2;
    ERIX_CHECK_EQ(spawn(&w, &p, inner, 100, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &p2, outer, 100, NULL, 0), ERIX_OK);
    uint32_t pid = p.t->pid, pid2 = p2.t->pid;
    /* resetting the inner one keeps the outer one's objects */
    ERIX_CHECK_EQ(reset(inner), ERIX_OK);
    ERIX_CHECK(tcb_by_pid(pid) == NULL);
    ERIX_CHECK(tcb_by_pid(pid2) == p2.t);
    ERIX_CHECK_EQ(root_slot(&w, ep_inner)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(root_slot(&w, ep_outer)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(root_slot(&w, inner)->type, ERIX_CAP_UNTYPED);
    ERIX_CHECK(!ui->hdr.dead);
    /* fill the inner one again, then reset the outer one: both levels go */
    struct proc p3;
    ERIX_CHECK_EQ(spawn(&w, &p3, inner, 100, NULL, 0), ERIX_OK);
    uint32_t pid3 = p3.t->pid;
    ERIX_CHECK_EQ(reset(outer), ERIX_OK);
    ERIX_CHECK(tcb_by_pid(pid2) == NULL);
    ERIX_CHECK(tcb_by_pid(pid3) == NULL);
    ERIX_CHECK_EQ(root_slot(&w, inner)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(root_slot(&w, ep_outer)->type, ERIX_CAP_NULL);
    ERIX_CHECK(ui->hdr.dead);
    struct erix_kctl_query_cap_req qr = {outer, 0};
    struct erix_kctl_query_cap_resp qa;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_QUERY_CAP, &qr, sizeof qr, &qa, sizeof qa), ERIX_OK);
    ERIX_CHECK_EQ(qa.aux, 0);
    ERIX_CHECK(world_down(&w));
}

static void dropping_an_untyped_cap_destroys_what_it_made(void)
{
    world_up(&w);
    uint32_t cu = child_untyped(W_SLOT_U, 256);
    struct proc p;
    ERIX_CHECK_EQ(spawn(&w, &p, cu, 100, NULL, 0), ERIX_OK);
    uint32_t pid = p.t->pid;
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DROP_LOCAL_CAP, cu, 0, 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, cu)->type, ERIX_CAP_NULL);
    ERIX_CHECK(tcb_by_pid(pid) == NULL);
    ERIX_CHECK_EQ(root_slot(&w, p.tcb_slot)->type, ERIX_CAP_NULL);
    ERIX_CHECK(world_down(&w));
}

/*
 * An untyped capability moved into a CSpace made from that same untyped:
 * deleting it resets the untyped, which empties that CSpace, which meets the
 * capability being deleted. The reset must still finish.
 */
static void untyped_held_inside_its_own_cspace_can_be_deleted(void)
{
    world_up(&w);
    uint32_t cu = child_untyped(W_SLOT_U, 256);
    struct proc p;
    const struct give g[] = {{W_SLOT_GENERIC, 16, SR | ERIX_RIGHT_GRANT, 0}};
    ERIX_CHECK_EQ(spawn(&w, &p, cu, 100, g, 1), ERIX_OK);
    uint32_t pid = p.t->pid;
    p.t->ipcbuf->recv_window_base = 100;
    p.t->ipcbuf->recv_window_count = 1;
    ERIX_CHECK_EQ(recv(&p, 16), ERIX_SYS_RECV);
    struct erix_ipc_buffer *rb = w.root.t->ipcbuf;
    rb->send_xfer = (struct erix_xfer_table){{ERIX_XFER_VERSION_1, 1, 0},
                                             {{cu, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_MOVE, 0}}};
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_NOTIFY, W_SLOT_GENERIC,
                      ERIX_MSG_HEADER(1, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1, 0), 0, 0, 0, 0),
                  ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, cu)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(slot_of(&p, 100)->type, ERIX_CAP_UNTYPED);
    ERIX_CHECK_EQ(p.t->state, TCB_RUNNING);
    /* p drops it: p, its CSpace and everything in it go, and the call returns */
    sys(&p, ERIX_SYS_DROP_LOCAL_CAP, 100, 0, 0, 0, 0, 0);
    ERIX_CHECK(tcb_by_pid(pid) == NULL);
    ERIX_CHECK_EQ(root_slot(&w, p.tcb_slot)->type, ERIX_CAP_NULL);
    ERIX_CHECK(current != p.t);
    ERIX_CHECK(world_down(&w));
}

/* Root moves its untyped capability `slot` into p's slot 100 (p waits on its slot 16). */
static void move_untyped_to(struct proc *p, uint32_t slot)
{
    p->t->ipcbuf->recv_window_base = 100;
    p->t->ipcbuf->recv_window_count = 1;
    ERIX_CHECK_EQ(recv(p, 16), ERIX_SYS_RECV);
    struct erix_ipc_buffer *rb = w.root.t->ipcbuf;
    rb->send_xfer = (struct erix_xfer_table){{ERIX_XFER_VERSION_1, 1, 0},
                                             {{slot, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_MOVE, 0}}};
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_NOTIFY, W_SLOT_GENERIC,
                      ERIX_MSG_HEADER(1, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1, 0), 0, 0, 0, 0),
                  ERIX_OK);
    ERIX_CHECK_EQ(slot_of(p, 100)->type, ERIX_CAP_UNTYPED);
}

static void a_process_resetting_its_own_pool_ends_itself(void)
{
    world_up(&w);
    uint32_t cu = child_untyped(W_SLOT_U, 256);
    struct untyped *u = (struct untyped *)root_slot(&w, cu)->obj;
    struct proc p;
    const struct give g[] = {{W_SLOT_GENERIC, 16, SR, 0},
                             {ERIX_SLOT_KERNEL_PROCESS, 17, ERIX_RIGHT_SEND, 0}};
    ERIX_CHECK_EQ(spawn(&w, &p, cu, 100, g, 2), ERIX_OK);
    uint32_t pid = p.t->pid;
    move_untyped_to(&p, cu);
    struct erix_kctl_slot_req r = {100, 0};
    kcall(&p, 17, ERIX_KCTL_UNTYPED_RESET, &r, sizeof r, NULL, 0);
    ERIX_CHECK(tcb_by_pid(pid) == NULL);
    ERIX_CHECK_EQ(root_slot(&w, p.tcb_slot)->type, ERIX_CAP_NULL);
    ERIX_CHECK(u->hdr.dead); /* its only capability was inside what it reset */
    ERIX_CHECK(u->derived == NULL);
    ERIX_CHECK_EQ(w.root.t->state, TCB_RUNNING);
    ERIX_CHECK(world_down(&w));
}

static void untyped_held_below_its_own_child_is_reset_with_it(void)
{
    world_up(&w);
    uint32_t cu = child_untyped(W_SLOT_U, 512);
    uint32_t ccu = child_untyped(cu, 256);
    struct proc p;
    const struct give g[] = {{W_SLOT_GENERIC, 16, SR, 0}};
    ERIX_CHECK_EQ(spawn(&w, &p, ccu, 100, g, 1), ERIX_OK);
    uint32_t pid = p.t->pid;
    move_untyped_to(&p, cu); /* cu's capability now lives in a CSpace made from ccu */
    struct erix_kctl_slot_req r = {W_SLOT_U, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_UNTYPED_RESET, &r, sizeof r, NULL, 0), ERIX_OK);
    ERIX_CHECK(tcb_by_pid(pid) == NULL);
    ERIX_CHECK(w.U.derived == NULL);
    ERIX_CHECK(w.U.objects == NULL);
    ERIX_CHECK_EQ(w.U.watermark, 0);
    ERIX_CHECK_EQ(root_slot(&w, ccu)->type, ERIX_CAP_NULL);
    ERIX_CHECK(world_down(&w));
}

static void a_dead_space_handle_never_names_its_successor(void)
{
    world_up(&w);
    uint32_t cu = child_untyped(W_SLOT_U, 256);
    struct proc p, q;
    ERIX_CHECK_EQ(spawn(&w, &p, cu, 100, NULL, 0), ERIX_OK);
    uint32_t f = new_frame(&w, W_SLOT_U2, 1), g = new_frame(&w, W_SLOT_U2, 1);
    ERIX_CHECK_EQ(map(p.tcb_slot + 1, f, W_ENTRY + 4096, ERIX_MAP_READ), ERIX_OK);
    uint32_t old = root_slot(&w, f)->map_vspace, old_gen = root_slot(&w, f)->map_gen;
    ERIX_CHECK_EQ(reset(cu), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, f)->type, ERIX_CAP_FRAME); /* not made from cu: it stays */
    /* a new space takes the same table index with a new generation */
    ERIX_CHECK_EQ(spawn(&w, &q, cu, 100, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(q.t->vspace->index, old);
    ERIX_CHECK(q.t->vspace->gen != old_gen);
    ERIX_CHECK_EQ(map(q.tcb_slot + 1, g, W_ENTRY + 4096, ERIX_MAP_READ), ERIX_OK);
    /* the old capability may map again, and deleting it leaves the new space alone */
    ERIX_CHECK_EQ(map(ERIX_SLOT_SELF_VSPACE, f, 0x20000000, ERIX_MAP_READ), ERIX_OK);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DROP_LOCAL_CAP, f, 0, 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK(mapped(q.t, W_ENTRY + 4096));
    ERIX_CHECK(!mapped(w.root.t, 0x20000000));
    ERIX_CHECK(world_down(&w));
}

int main(void)
{
    ERIX_RUN(reset_destroys_a_process_made_from_it);
    ERIX_RUN(reset_deletes_copies_in_every_cspace);
    ERIX_RUN(reset_unmaps_frames_everywhere);
    ERIX_RUN(reset_wakes_everyone_waiting_on_what_it_made);
    ERIX_RUN(nested_child_untyped_goes_with_its_parent);
    ERIX_RUN(dropping_an_untyped_cap_destroys_what_it_made);
    ERIX_RUN(untyped_held_inside_its_own_cspace_can_be_deleted);
    ERIX_RUN(a_process_resetting_its_own_pool_ends_itself);
    ERIX_RUN(untyped_held_below_its_own_child_is_reset_with_it);
    ERIX_RUN(a_dead_space_handle_never_names_its_successor);
    return erix_test_finish();
}
