/*
 * test_cspace.c - capability lookup with typed errors, attenuated copy, badges,
 * what may be copied and what only moves, move, delete and aliases.
 */
#include <string.h>

#include <kernel/cap.h>
#include <kernel/tcb.h>
#include <kernel/untyped.h>

#include "erix_test.h"
#include "world.h"

#define SRG (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)
#define SR (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV)

static struct world w;

static erix_status_t copy_req(uint32_t src, uint32_t dst, uint32_t mask, uint64_t badge)
{
    struct erix_kctl_copy_req r = {src, dst, mask, 0, badge};
    return rk(&w, ERIX_KCTL_CAP_COPY_ATTENUATED, &r, sizeof r, NULL, 0);
}

static erix_status_t local_query(struct proc *p, uint32_t slot)
{
    return sys(p, ERIX_SYS_QUERY_LOCAL_CAP, slot, 0, 0, 0, 0, 0);
}

/* Root sends caps from its slots to p (waiting in RECV on its slot 16) with a table. */
static erix_status_t send_caps(struct proc *p, const struct erix_xfer_entry *e, uint16_t n)
{
    struct erix_ipc_buffer *b = w.root.t->ipcbuf;
    memset(&b->send_xfer, 0, sizeof b->send_xfer);
    b->send_xfer.prelude = (struct erix_xfer_prelude){ERIX_XFER_VERSION_1, n, 0};
    memcpy(b->send_xfer.entries, e, n * sizeof *e);
    if (p->t->state != TCB_BLOCKED_RECV)
        sys(p, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    return sys(&w.root, ERIX_SYS_NOTIFY, W_SLOT_GENERIC | ERIX_IPC_POLL,
               ERIX_MSG_HEADER(1, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1, 0), 0, 0, 0, 0);
}

static void spawn_receiver(struct proc *p)
{
    const struct give g[] = {{W_SLOT_GENERIC, 16, SR, 0}};
    ERIX_CHECK_EQ(spawn(&w, p, W_SLOT_U2, 100, g, 1), ERIX_OK);
    p->t->ipcbuf->recv_window_base = 200;
    p->t->ipcbuf->recv_window_count = 8;
}

static void lookup_errors_are_typed(void)
{
    world_up(&w);
    struct cnode *cn = w.root.t->cspace;
    struct cte *c = NULL;
    ERIX_CHECK_EQ(cap_lookup(cn, 0, ERIX_CAP_NULL, 0, &c), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(cap_lookup(cn, ERIX_CSPACE_SLOTS, ERIX_CAP_NULL, 0, &c), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(cap_lookup(cn, 0xffffffffu, ERIX_CAP_NULL, 0, &c), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(cap_lookup(cn, 4095, ERIX_CAP_NULL, 0, &c), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(cap_lookup(cn, W_SLOT_U, ERIX_CAP_ENDPOINT, 0, &c), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(cap_lookup(cn, ERIX_SLOT_KERNEL_LOG, ERIX_CAP_ENDPOINT, ERIX_RIGHT_RECV, &c),
                  ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK(c == NULL); /* no failure hands out a slot */
    ERIX_CHECK_EQ(cap_lookup(cn, ERIX_SLOT_KERNEL_LOG, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, &c),
                  ERIX_OK);
    ERIX_CHECK(c == cnode_slot(cn, ERIX_SLOT_KERNEL_LOG));
    ERIX_CHECK_EQ(cap_lookup_empty(cn, 0, &c), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(cap_lookup_empty(cn, W_SLOT_U, &c), ERIX_ERR_SLOT_OCCUPIED);
    /* the same errors through the system calls */
    ERIX_CHECK_EQ(local_query(&w.root, 0), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(local_query(&w.root, ERIX_CSPACE_SLOTS), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(local_query(&w.root, 4000), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_CALL, 4000, 0, 0, 0, 0, 0), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_CALL, W_SLOT_U, 0, 0, 0, 0, 0), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_RECV, ERIX_SLOT_KERNEL_LOG, 0, 0, 0, 0, 0),
                  ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_CALL, ERIX_CSPACE_SLOTS, 0, 0, 0, 0, 0),
                  ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DROP_LOCAL_CAP, 4000, 0, 0, 0, 0, 0), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DROP_LOCAL_CAP, 0, 0, 0, 0, 0, 0), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DROP_LOCAL_CAP, 1ull << 32, 0, 0, 0, 0, 0),
                  ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK(world_down(&w));
}

static void local_query_reports_type_rights_kind_size_badge(void)
{
    world_up(&w);
    ERIX_CHECK_EQ(local_query(&w.root, ERIX_SLOT_KERNEL_COM1), ERIX_OK);
    ERIX_CHECK_EQ(w.root.f->a2, ERIX_CAPINFO(ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND));
    ERIX_CHECK_EQ(w.root.f->a4, ERIX_EP_COM1);
    uint32_t b = world_slot(&w);
    ERIX_CHECK_EQ(copy_req(W_SLOT_GENERIC, b, ERIX_RIGHT_SEND, 0x1234), ERIX_OK);
    ERIX_CHECK_EQ(local_query(&w.root, b), ERIX_OK);
    ERIX_CHECK_EQ(w.root.f->a2, ERIX_CAPINFO(ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND));
    ERIX_CHECK_EQ(w.root.f->a4, ERIX_EP_GENERIC);
    ERIX_CHECK_EQ(w.root.f->a5, 0x1234);
    uint32_t f = new_frame(&w, W_SLOT_U, 3);
    ERIX_CHECK_EQ(local_query(&w.root, f), ERIX_OK);
    ERIX_CHECK_EQ(w.root.f->a3, 3 * 4096);
    ERIX_CHECK_EQ(local_query(&w.root, W_SLOT_U), ERIX_OK);
    ERIX_CHECK_EQ(w.root.f->a3, W_U_SIZE);
    ERIX_CHECK_EQ(w.root.f->a5, 3 * 4096); /* r9: an untyped's watermark */
    ERIX_CHECK(world_down(&w));
}

static void attenuated_copy_never_adds_rights(void)
{
    world_up(&w);
    uint32_t all = world_slot(&w), send = world_slot(&w), again = world_slot(&w);
    uint32_t none = world_slot(&w);
    ERIX_CHECK_EQ(copy_req(W_SLOT_GENERIC, all, ERIX_RIGHTS_ALL, 0), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, all)->rights, SRG); /* READ/WRITE were never there */
    ERIX_CHECK_EQ(copy_req(all, send, ERIX_RIGHT_SEND, 0), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, send)->rights, ERIX_RIGHT_SEND);
    ERIX_CHECK_EQ(copy_req(send, again, ERIX_RIGHTS_ALL, 0), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, again)->rights, ERIX_RIGHT_SEND);
    ERIX_CHECK_EQ(copy_req(send, none, ERIX_RIGHT_RECV, 0), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, none)->rights, 0);
    /* a rightless endpoint capability is still a name, and names nothing it may do */
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_NOTIFY, none, 0, 0, 0, 0, 0), ERIX_ERR_NO_RIGHTS);
    /* the copies name the same endpoint */
    ERIX_CHECK_EQ(root_slot(&w, again)->obj, root_slot(&w, W_SLOT_GENERIC)->obj);
    /* the family's own rights cannot be widened either: the LOG copy stays SEND-only */
    uint32_t log = world_slot(&w);
    ERIX_CHECK_EQ(copy_req(ERIX_SLOT_KERNEL_LOG, log, ERIX_RIGHTS_ALL, 0), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, log)->rights, ERIX_RIGHT_SEND);
    /* masks outside the rights, reserved fields, occupied and missing slots */
    uint32_t d = world_slot(&w);
    ERIX_CHECK_EQ(copy_req(W_SLOT_GENERIC, d, 0x20, 0), ERIX_ERR_INVALID_ARGUMENT);
    struct erix_kctl_copy_req r = {W_SLOT_GENERIC, d, ERIX_RIGHTS_ALL, 1, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CAP_COPY_ATTENUATED, &r, sizeof r, NULL, 0),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(copy_req(W_SLOT_GENERIC, W_SLOT_U, ERIX_RIGHTS_ALL, 0), ERIX_ERR_SLOT_OCCUPIED);
    ERIX_CHECK_EQ(copy_req(4000, d, ERIX_RIGHTS_ALL, 0), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(copy_req(W_SLOT_GENERIC, 0, ERIX_RIGHTS_ALL, 0), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(root_slot(&w, d)->type, ERIX_CAP_NULL);
    /* CAP_COPY (8) itself is never allowed, whatever the family */
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_CAP_COPY, &r, sizeof r, NULL, 0), ERIX_ERR_DENIED);
    ERIX_CHECK(world_down(&w));
}

static void untyped_and_grants_move_but_never_copy(void)
{
    world_up(&w);
    struct proc child, rx;
    ERIX_CHECK_EQ(stage(&w, &child, W_SLOT_U, 50), ERIX_OK);
    uint32_t g = world_slot(&w);
    struct erix_kctl_grant_req gr = {child.tcb_slot, g, 16, 4, ERIX_RIGHTS_ALL, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_DERIVE_INSTALL_GRANT, &gr, sizeof gr, NULL, 0), ERIX_OK);
    uint32_t d = world_slot(&w);
    ERIX_CHECK_EQ(copy_req(W_SLOT_U2, d, ERIX_RIGHTS_ALL, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(copy_req(g, d, ERIX_RIGHTS_ALL, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(root_slot(&w, d)->type, ERIX_CAP_NULL);
    /* nor can a grant install one into a child */
    struct erix_kctl_install_req in = {g, W_SLOT_U2, 16, ERIX_RIGHTS_ALL, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_INSTALL_WITH_GRANT, &in, sizeof in, NULL, 0), ERIX_ERR_DENIED);
    in.src_slot = g;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_INSTALL_WITH_GRANT, &in, sizeof in, NULL, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(slot_of(&child, 16)->type, ERIX_CAP_NULL);
    /* through IPC: COPY refused as a whole, MOVE goes */
    spawn_receiver(&rx);
    struct erix_xfer_entry copy_u = {W_SLOT_U2, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_COPY, 0};
    ERIX_CHECK_EQ(send_caps(&rx, &copy_u, 1), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(rx.t->state, TCB_BLOCKED_RECV);
    ERIX_CHECK_EQ(root_slot(&w, W_SLOT_U2)->type, ERIX_CAP_UNTYPED);
    struct erix_xfer_entry copy_g = {g, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_COPY, 0};
    ERIX_CHECK_EQ(send_caps(&rx, &copy_g, 1), ERIX_ERR_DENIED);
    struct erix_xfer_entry move[2] = {{W_SLOT_U2, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_MOVE, 0},
                                      {g, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_MOVE, 0}};
    struct untyped *u2 = (struct untyped *)root_slot(&w, W_SLOT_U2)->obj;
    ERIX_CHECK_EQ(send_caps(&rx, move, 2), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, W_SLOT_U2)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(root_slot(&w, g)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(slot_of(&rx, 200)->type, ERIX_CAP_UNTYPED);
    ERIX_CHECK(slot_of(&rx, 200)->obj == (uint64_t)(uintptr_t)u2);
    ERIX_CHECK_EQ(slot_of(&rx, 201)->type, ERIX_CAP_INSTALL_GRANT);
    ERIX_CHECK(!u2->hdr.dead); /* moving is not deleting */
    /* the moved grant still holds the child back */
    ERIX_CHECK_EQ(child.t->live_grants, 1);
    ERIX_CHECK(world_down(&w));
}

static void badges_only_on_unbadged_endpoints(void)
{
    world_up(&w);
    uint32_t b1 = world_slot(&w), b2 = world_slot(&w), b3 = world_slot(&w), b4 = world_slot(&w);
    ERIX_CHECK_EQ(copy_req(W_SLOT_GENERIC, b1, ERIX_RIGHTS_ALL, 7), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, b1)->badge, 7);
    ERIX_CHECK_EQ(copy_req(b1, b2, ERIX_RIGHTS_ALL, 9), ERIX_ERR_DENIED); /* no re-badging */
    ERIX_CHECK_EQ(root_slot(&w, b2)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(copy_req(b1, b3, ERIX_RIGHT_SEND, 0), ERIX_OK);        /* badge 0: keep */
    ERIX_CHECK_EQ(root_slot(&w, b3)->badge, 7);
    uint32_t f = new_frame(&w, W_SLOT_U, 1);
    ERIX_CHECK_EQ(copy_req(f, b4, ERIX_RIGHTS_ALL, 5), ERIX_ERR_DENIED);   /* not an endpoint */
    ERIX_CHECK_EQ(copy_req(W_SLOT_U, b4, ERIX_RIGHTS_ALL, 5), ERIX_ERR_DENIED);
    /* the receiver sees the badge of the capability the sender used */
    struct proc rx;
    spawn_receiver(&rx);
    sys(&rx, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_NOTIFY, b3, ERIX_MSG_HEADER(3, 0, 0), 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK_EQ(rx.t->ipcbuf->recv_badge, 7);
    sys(&rx, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_NOTIFY, W_SLOT_GENERIC, ERIX_MSG_HEADER(3, 0, 0), 0, 0, 0,
                      0),
                  ERIX_OK);
    ERIX_CHECK_EQ(rx.t->ipcbuf->recv_badge, 0);
    ERIX_CHECK(world_down(&w));
}

static void move_empties_the_source_and_keeps_the_mapping(void)
{
    world_up(&w);
    uint32_t f = new_frame(&w, W_SLOT_U, 1);
    struct erix_kctl_map_req m = {ERIX_SLOT_SELF_VSPACE, f, 0x50000000, ERIX_MAP_READ, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0), ERIX_OK);
    struct cte *src = root_slot(&w, f);
    struct untyped *u = src->origin;
    struct cte saved = *src;
    uint32_t to = world_slot(&w);
    struct cte *dst = root_slot(&w, to);
    cap_move(src, dst);
    ERIX_CHECK_EQ(src->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(src->obj, 0);
    ERIX_CHECK(src->origin == NULL && src->next == NULL && src->prev == NULL);
    ERIX_CHECK_EQ(dst->type, ERIX_CAP_FRAME);
    ERIX_CHECK_EQ(dst->obj, saved.obj);
    ERIX_CHECK_EQ(dst->map_vaddr, 0x50000000);
    ERIX_CHECK(dst->origin == u);
    /* the moved capability is on its untyped's list, the emptied slot is not */
    bool found = false;
    for (struct cte *c = u->derived; c != NULL; c = c->next) {
        ERIX_CHECK(c != src);
        found |= c == dst;
    }
    ERIX_CHECK(found);
    /* deleting the moved capability unmaps what the original mapped */
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DROP_LOCAL_CAP, to, 0, 0, 0, 0, 0), ERIX_OK);
    uint64_t pa;
    uint32_t perms;
    ERIX_CHECK(!arch_lookup_page(w.root.t->vspace->root, 0x50000000, &pa, &perms));
    ERIX_CHECK(u->derived == NULL || u->derived != dst);
    ERIX_CHECK(world_down(&w));
}

static void deleting_one_alias_leaves_the_others(void)
{
    world_up(&w);
    uint32_t ep = new_endpoint(&w, W_SLOT_U);
    uint32_t alias = copy_cap(&w, ep, ERIX_RIGHTS_ALL, 0);
    uint32_t badged = copy_cap(&w, ep, ERIX_RIGHT_SEND, 0x99);
    uint64_t obj = root_slot(&w, ep)->obj;
    ERIX_CHECK_EQ(root_slot(&w, alias)->obj, obj);
    ERIX_CHECK_EQ(root_slot(&w, badged)->obj, obj);
    struct proc rx;
    const struct give g[] = {{alias, 16, SR, 0}};
    ERIX_CHECK_EQ(spawn(&w, &rx, W_SLOT_U2, 100, g, 1), ERIX_OK);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DROP_LOCAL_CAP, ep, 0, 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK_EQ(root_slot(&w, ep)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DROP_LOCAL_CAP, alias, 0, 0, 0, 0, 0), ERIX_OK);
    /* the endpoint lives on: the child's alias and the badged one still meet */
    struct endpoint *e = (struct endpoint *)(uintptr_t)obj;
    ERIX_CHECK(!e->hdr.dead);
    sys(&rx, ERIX_SYS_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(rx.t->state, TCB_BLOCKED_RECV);
    ERIX_CHECK(e->recv_head == rx.t);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_NOTIFY, badged, ERIX_MSG_HEADER(9, 0, 8), 0xabc, 0, 0, 0),
                  ERIX_OK);
    ERIX_CHECK_EQ(rx.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(rx.f->a2, 0xabc);
    ERIX_CHECK_EQ(rx.t->ipcbuf->recv_badge, 0x99);
    ERIX_CHECK(world_down(&w));
}

static void copied_frame_starts_unmapped_and_maps_on_its_own(void)
{
    world_up(&w);
    uint32_t f = new_frame(&w, W_SLOT_U, 1);
    struct erix_kctl_map_req m = {ERIX_SLOT_SELF_VSPACE, f, 0x60000000, ERIX_MAP_READ, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0), ERIX_OK);
    uint32_t c = copy_cap(&w, f, ERIX_RIGHT_READ, 0);
    ERIX_CHECK_EQ(root_slot(&w, c)->map_vspace, 0);
    ERIX_CHECK_EQ(root_slot(&w, c)->flags, root_slot(&w, f)->flags);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0), ERIX_ERR_STATE);
    m.frame_slot = c;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0), ERIX_ERR_EXISTS);
    m.vaddr = 0x60001000;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_MAP_FRAME, &m, sizeof m, NULL, 0), ERIX_OK);
    /* deleting the copy unmaps only the copy's page */
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_DROP_LOCAL_CAP, c, 0, 0, 0, 0, 0), ERIX_OK);
    uint64_t pa;
    uint32_t perms;
    ERIX_CHECK(!arch_lookup_page(w.root.t->vspace->root, 0x60001000, &pa, &perms));
    ERIX_CHECK(arch_lookup_page(w.root.t->vspace->root, 0x60000000, &pa, &perms));
    ERIX_CHECK_EQ(pa, root_slot(&w, f)->obj);
    ERIX_CHECK(world_down(&w));
}

int main(void)
{
    ERIX_RUN(lookup_errors_are_typed);
    ERIX_RUN(local_query_reports_type_rights_kind_size_badge);
    ERIX_RUN(attenuated_copy_never_adds_rights);
    ERIX_RUN(untyped_and_grants_move_but_never_copy);
    ERIX_RUN(badges_only_on_unbadged_endpoints);
    ERIX_RUN(move_empties_the_source_and_keeps_the_mapping);
    ERIX_RUN(deleting_one_alias_leaves_the_others);
    ERIX_RUN(copied_frame_starts_unmapped_and_maps_on_its_own);
    return erix_test_finish();
}
