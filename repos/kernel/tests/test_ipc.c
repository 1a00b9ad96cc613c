/*
 * test_ipc.c - the transport system calls through the real syscall entry:
 * rendezvous in both orders, reply tokens, polling, rights, kernel families,
 * long bodies, capability transfer (all or nothing), timeouts and kernel
 * events. Run with "fast" it enters through the IPC fast paths first, as
 * syscall_entry does, and must give the same results.
 */
#include <string.h>

#include <kernel/cap.h>
#include <kernel/sched.h>
#include <kernel/tcb.h>

#include "erix_test.h"
#include "world.h"

#define SRG (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)
#define SG (ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT)
#define SR (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV)
#define RG (ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)
#define XFER ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1

static struct world w;
static uint32_t ep, ep2; /* root slots of the test endpoints (from U) */

/* Server s: ep at 16 (SRG), ep2 at 17 (RECV). Client c: ep at 16 with `rights`. */
static void pair(struct proc *s, struct proc *c, uint32_t sprio, uint32_t cprio, uint8_t rights)
{
    world_up(&w);
    ep = new_endpoint(&w, W_SLOT_U);
    ep2 = new_endpoint(&w, W_SLOT_U);
    uint32_t frame = new_frame(&w, W_SLOT_U, 1);
    const struct give gs[] = {{ep, 16, SRG, 0}, {ep2, 17, ERIX_RIGHT_RECV, 0}};
    const struct give gc[] = {{ep, 16, rights, 0}, {W_SLOT_GENERIC, 20, SRG, 0},
                              {frame, 21, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE, 0},
                              {ep2, 22, SR, 0}};
    ERIX_CHECK_EQ(spawn(&w, s, W_SLOT_U, sprio, gs, 2), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, c, W_SLOT_U, cprio, gc, 4), ERIX_OK);
    s->t->ipcbuf->recv_window_base = 300;
    s->t->ipcbuf->recv_window_count = 4;
    c->t->ipcbuf->recv_window_base = 300;
    c->t->ipcbuf->recv_window_count = 4;
}

static erix_status_t recv(struct proc *p, uint64_t arg)
{
    return sys(p, ERIX_SYS_RECV, arg, 0, 0, 0, 0, 0);
}

static erix_status_t call(struct proc *p, uint64_t arg, uint64_t header, uint64_t w0, uint64_t w1)
{
    return sys(p, ERIX_SYS_CALL, arg, header, w0, w1, 0, 0);
}

static erix_status_t reply(struct proc *p, uint64_t slot, uint64_t token, uint64_t header,
                           uint64_t w0)
{
    p->t->ipcbuf->reply_token = token;
    return sys(p, ERIX_SYS_REPLY, slot, header, w0, 0, 0, 0);
}

static void table(struct proc *p, const struct erix_xfer_entry *e, uint16_t n)
{
    struct erix_xfer_table *t = &p->t->ipcbuf->send_xfer;
    memset(t, 0, sizeof *t);
    t->prelude = (struct erix_xfer_prelude){ERIX_XFER_VERSION_1, n, 0};
    memcpy(t->entries, e, n * sizeof *e);
}

static void receiver_first_call_and_reply(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SR);
    ERIX_CHECK_EQ(recv(&s, 16), ERIX_SYS_RECV); /* blocked: nothing set yet */
    ERIX_CHECK_EQ(s.t->state, TCB_BLOCKED_RECV);
    fake_switch_kstack_top = 0;
    unsigned switches = fake_switch_count;
    call(&c, 16, ERIX_MSG_HEADER(0x123, 0, 24), 0x1111, 0x2222);
    /* the general path switches through arch_context_switch; the fast path
     * resumes the server straight from its frame */
    ERIX_CHECK_EQ(fake_switch_count, switches + (world_fastpath ? 0 : 1));
    /* the client waits for its reply, the server (same priority) runs now */
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_REPLY);
    ERIX_CHECK(c.t->reply_server == s.t);
    ERIX_CHECK(current == s.t);
    ERIX_CHECK_EQ(fake_switch_kstack_top, s.t->kstack_top);
    ERIX_CHECK_EQ(s.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(s.f->nr, ERIX_OK);
    ERIX_CHECK_EQ(s.f->a1, ERIX_MSG_HEADER(0x123, 0, 24));
    ERIX_CHECK_EQ(s.f->a2, 0x1111);
    ERIX_CHECK_EQ(s.f->a3, 0x2222);
    uint64_t token = s.f->a0;
    ERIX_CHECK(ERIX_TOKEN_VALID(token));
    ERIX_CHECK_EQ(ERIX_TOKEN_INDEX(token), c.t->pid);
    ERIX_CHECK_EQ(s.t->ipcbuf->recv_sender_pid, c.t->pid);
    ERIX_CHECK_EQ(s.t->ipcbuf->recv_badge, 0);
    ERIX_CHECK_EQ(s.t->ipcbuf->recv_xfer.prelude.count, 0);
    c.t->ipcbuf->recv_badge = 0xdead; /* stale values a reply must overwrite */
    c.t->ipcbuf->recv_sender_pid = 0xdead;
    ERIX_CHECK_EQ(reply(&s, 16, token, ERIX_MSG_HEADER(7, 0, 8), 0x3333), ERIX_OK);
    ERIX_CHECK_EQ(s.t->ipcbuf->reply_token, 0); /* consumed */
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(c.f->nr, ERIX_OK);
    ERIX_CHECK_EQ(c.f->a0, 0);
    ERIX_CHECK_EQ(c.f->a1, ERIX_MSG_HEADER(7, 0, 8));
    ERIX_CHECK_EQ(c.f->a2, 0x3333);
    ERIX_CHECK_EQ(c.t->ipcbuf->recv_badge, 0);
    ERIX_CHECK_EQ(c.t->ipcbuf->recv_sender_pid, s.t->pid);
    ERIX_CHECK(c.t->reply_server == NULL);
    ERIX_CHECK(world_down(&w));
}

static void sender_first_call_and_reply(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SR);
    call(&c, 16, ERIX_MSG_HEADER(0x55, 0, 16), 0xaa, 0xbb);
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_SEND);
    struct endpoint *e = (struct endpoint *)root_slot(&w, ep)->obj;
    ERIX_CHECK(e->send_head == c.t);
    ERIX_CHECK_EQ(recv(&s, 16), ERIX_OK); /* takes the queued call at once */
    ERIX_CHECK(e->send_head == NULL);
    ERIX_CHECK_EQ(s.f->a1, ERIX_MSG_HEADER(0x55, 0, 16));
    ERIX_CHECK_EQ(s.f->a2, 0xaa);
    ERIX_CHECK_EQ(s.f->a3, 0xbb);
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_REPLY);
    ERIX_CHECK_EQ(reply(&s, 16, s.f->a0, ERIX_MSG_HEADER(1, 0, 0), 0), ERIX_OK);
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(c.f->nr, ERIX_OK);
    ERIX_CHECK(world_down(&w));
}

static void notify_in_both_orders_and_fifo(void)
{
    struct proc s, c, c2;
    pair(&s, &c, 100, 100, SR);
    const struct give g[] = {{ep, 16, ERIX_RIGHT_SEND, 0}};
    ERIX_CHECK_EQ(spawn(&w, &c2, W_SLOT_U, 100, g, 1), ERIX_OK);
    /* sender first: the notifier waits until taken, then goes on with OK */
    sys(&c, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(1, 0, 8), 11, 0, 0, 0);
    sys(&c2, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(2, 0, 8), 22, 0, 0, 0);
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_SEND);
    ERIX_CHECK_EQ(c2.t->state, TCB_BLOCKED_SEND);
    ERIX_CHECK_EQ(recv(&s, 16), ERIX_OK);
    ERIX_CHECK_EQ(s.f->a2, 11); /* first come, first served */
    ERIX_CHECK_EQ(s.f->a0, 0);  /* nothing to reply to */
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(c.f->nr, ERIX_OK);
    ERIX_CHECK_EQ(c2.t->state, TCB_BLOCKED_SEND);
    ERIX_CHECK_EQ(recv(&s, 16), ERIX_OK);
    ERIX_CHECK_EQ(s.f->a2, 22);
    ERIX_CHECK_EQ(s.t->ipcbuf->recv_sender_pid, c2.t->pid);
    /* receiver first: the notifier does not wait */
    recv(&s, 16);
    ERIX_CHECK_EQ(sys(&c, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(3, 0, 8), 33, 0, 0, 0), ERIX_OK);
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(s.f->a2, 33);
    ERIX_CHECK_EQ(s.t->state, TCB_RUNNING);
    ERIX_CHECK(world_down(&w));
}

static void only_the_receiver_replies_and_only_once(void)
{
    struct proc s, c, t;
    pair(&s, &c, 100, 100, SR);
    const struct give g[] = {{ep, 16, SRG, 0}};
    ERIX_CHECK_EQ(spawn(&w, &t, W_SLOT_U, 100, g, 1), ERIX_OK);
    recv(&s, 16);
    call(&c, 16, ERIX_MSG_HEADER(1, 0, 0), 0, 0);
    uint64_t token = s.f->a0;
    c.f->a2 = 0x5151; /* what the client's registers hold while it waits */
    /* another thread with RECV on the same endpoint, holding the token */
    ERIX_CHECK_EQ(reply(&t, 16, token, ERIX_MSG_HEADER(2, 0, 8), 0xbad), ERIX_ERR_NOT_FOUND);
    /* forged and empty tokens */
    ERIX_CHECK_EQ(reply(&s, 16, token ^ (1ull << 16), ERIX_MSG_HEADER(2, 0, 8), 0xbad),
                  ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(reply(&s, 16, ERIX_TOKEN(999, 1), ERIX_MSG_HEADER(2, 0, 8), 0xbad),
                  ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(reply(&s, 16, token & ~(1ull << 63), ERIX_MSG_HEADER(2, 0, 8), 0xbad),
                  ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(reply(&s, 16, 0, ERIX_MSG_HEADER(2, 0, 8), 0xbad), ERIX_ERR_NOT_FOUND);
    /* the right token through another endpoint than the call's */
    ERIX_CHECK_EQ(reply(&s, 17, token, ERIX_MSG_HEADER(2, 0, 8), 0xbad), ERIX_ERR_NOT_FOUND);
    /* flags in the slot word */
    ERIX_CHECK_EQ(reply(&s, 16 | ERIX_IPC_POLL, token, ERIX_MSG_HEADER(2, 0, 8), 0xbad),
                  ERIX_ERR_INVALID_ARGUMENT);
    /* none of that touched the client */
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_REPLY);
    ERIX_CHECK_EQ(c.f->a2, 0x5151);
    ERIX_CHECK_EQ(s.t->ipcbuf->reply_token, token); /* refused replies keep the token */
    ERIX_CHECK_EQ(reply(&s, 16, token, ERIX_MSG_HEADER(2, 0, 8), 0x600d), ERIX_OK);
    ERIX_CHECK_EQ(c.f->a2, 0x600d);
    /* once only */
    ERIX_CHECK_EQ(reply(&s, 16, token, ERIX_MSG_HEADER(2, 0, 8), 0xbad), ERIX_ERR_NOT_FOUND);
    /* a token of an earlier call does not answer the next one */
    recv(&s, 16);
    call(&c, 16, ERIX_MSG_HEADER(1, 0, 0), 0, 0);
    uint64_t token2 = s.f->a0;
    ERIX_CHECK(token2 != token);
    ERIX_CHECK_EQ(ERIX_TOKEN_INDEX(token2), ERIX_TOKEN_INDEX(token));
    ERIX_CHECK_EQ(reply(&s, 16, token, ERIX_MSG_HEADER(2, 0, 8), 0xbad), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_REPLY);
    ERIX_CHECK_EQ(reply(&s, 16, token2, ERIX_MSG_HEADER(2, 0, 8), 0x600d), ERIX_OK);
    ERIX_CHECK(world_down(&w));
}

static void polling_never_blocks(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SR);
    struct endpoint *e = (struct endpoint *)root_slot(&w, ep)->obj;
    ERIX_CHECK_EQ(recv(&s, 16 | ERIX_IPC_POLL), ERIX_ERR_WOULD_BLOCK);
    ERIX_CHECK_EQ(s.t->state, TCB_RUNNING);
    ERIX_CHECK(e->recv_head == NULL);
    ERIX_CHECK_EQ(call(&c, 16 | ERIX_IPC_POLL, ERIX_MSG_HEADER(1, 0, 0), 0, 0),
                  ERIX_ERR_WOULD_BLOCK);
    ERIX_CHECK_EQ(sys(&c, ERIX_SYS_NOTIFY, 16 | ERIX_IPC_POLL, 0, 0, 0, 0, 0),
                  ERIX_ERR_WOULD_BLOCK);
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK(e->send_head == NULL);
    /* with a partner waiting, a poll goes through */
    recv(&s, 16);
    ERIX_CHECK_EQ(sys(&c, ERIX_SYS_NOTIFY, 16 | ERIX_IPC_POLL, ERIX_MSG_HEADER(4, 0, 0), 0, 0, 0,
                      0),
                  ERIX_OK);
    ERIX_CHECK_EQ(s.f->a1, ERIX_MSG_HEADER(4, 0, 0));
    sys(&c, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(5, 0, 0), 0, 0, 0, 0);
    ERIX_CHECK_EQ(recv(&s, 16 | ERIX_IPC_POLL), ERIX_OK);
    ERIX_CHECK_EQ(s.f->a1, ERIX_MSG_HEADER(5, 0, 0));
    /* POLL with TIMED, reserved bits, or a timeout without TIMED */
    ERIX_CHECK_EQ(recv(&s, 16 | ERIX_IPC_POLL | ERIX_IPC_TIMED), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(recv(&s, 16 | (1ull << 20)), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(recv(&s, ERIX_IPC_ARG(16, 0, 5)), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK(world_down(&w));
}

static void rights_decide_who_sends_and_receives(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, ERIX_RIGHT_RECV); /* the client may only receive */
    ERIX_CHECK_EQ(call(&c, 16, 0, 0, 0), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(sys(&c, ERIX_SYS_NOTIFY, 16, 0, 0, 0, 0, 0), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    /* SEND only: no receive, no reply */
    struct proc d;
    const struct give g[] = {{ep, 16, ERIX_RIGHT_SEND, 0}};
    ERIX_CHECK_EQ(spawn(&w, &d, W_SLOT_U, 100, g, 1), ERIX_OK);
    ERIX_CHECK_EQ(recv(&d, 16), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(sys(&d, ERIX_SYS_REPLY_RECV, 16, 0, 0, 0, 0, 0), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(reply(&d, 16, ERIX_TOKEN(c.t->pid, 1), 0, 0), ERIX_ERR_NO_RIGHTS);
    recv(&c, 16); /* RECV alone is enough to receive */
    ERIX_CHECK_EQ(sys(&d, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(6, 0, 0), 0, 0, 0, 0), ERIX_OK);
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(c.f->a1, ERIX_MSG_HEADER(6, 0, 0));
    /* not an endpoint */
    ERIX_CHECK_EQ(reply(&c, 21, 0, 0, 0), ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK(world_down(&w));
}

static void kernel_families_answer_only_calls(void)
{
    world_up(&w);
    /* the family capability the root holds has SEND only */
    ERIX_CHECK_EQ(recv(&w.root, ERIX_SLOT_KERNEL_LOG), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_NOTIFY, ERIX_SLOT_KERNEL_LOG, 0, 0, 0, 0, 0),
                  ERIX_ERR_DENIED);
    /* even with RECV, a family endpoint is never received on or replied through */
    struct cte *c = root_slot(&w, world_slot(&w));
    cap_install(c, ERIX_CAP_ENDPOINT, SRG, (uint64_t)(uintptr_t)w.family[ERIX_EP_LOG], NULL);
    uint32_t slot = (uint32_t)(c - w.root.t->cspace->slots);
    ERIX_CHECK_EQ(recv(&w.root, slot), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(recv(&w.root, slot | ERIX_IPC_POLL), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_NOTIFY, slot, 0, 0, 0, 0, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(sys(&w.root, ERIX_SYS_REPLY_RECV, slot, 0, 0, 0, 0, 0), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(w.root.t->state, TCB_RUNNING);
    ERIX_CHECK(w.family[ERIX_EP_LOG]->recv_head == NULL);
    /* a CALL is served by the kernel at once */
    struct erix_kctl_query_cap_req q = {W_SLOT_U, 0};
    struct erix_kctl_query_cap_resp r;
    ERIX_CHECK_EQ(kcall(&w.root, slot, ERIX_KCTL_QUERY_CAP, &q, sizeof q, &r, sizeof r), ERIX_OK);
    ERIX_CHECK_EQ(ERIX_CAPINFO_TYPE(r.value1), ERIX_CAP_UNTYPED);
    ERIX_CHECK_EQ(w.root.f->a0, 0); /* no reply token */
    ERIX_CHECK_EQ(w.root.f->a1, ERIX_MSG_HEADER(ERIX_KCTL_QUERY_CAP, 0, sizeof r));
    ERIX_CHECK_EQ(w.root.t->state, TCB_RUNNING);
    ERIX_CHECK(world_down(&w));
}

static void long_bodies_travel_through_ipc_buffers(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SR);
    uint8_t *cb = (uint8_t *)c.t->ipcbuf->body, *sb = (uint8_t *)s.t->ipcbuf->body;
    for (int i = 0; i < 1024; i++)
        cb[i] = (uint8_t)(i * 7 + 1);
    memset(sb, 0xee, 1024);
    recv(&s, 16);
    call(&c, 16, ERIX_MSG_HEADER(9, 0, 100), 1, 2);
    ERIX_CHECK_EQ(s.f->a1, ERIX_MSG_HEADER(9, 0, 100));
    ERIX_CHECK(memcmp(sb + 32, cb + 32, 68) == 0);
    ERIX_CHECK_EQ(sb[100], 0xee); /* nothing past the length */
    ERIX_CHECK_EQ(sb[31], 0xee);  /* register words are not written to the buffer */
    /* the longest body, back as the reply */
    for (int i = 0; i < 1024; i++)
        sb[i] = (uint8_t)(255 - i);
    memset(cb, 0, 1024);
    ERIX_CHECK_EQ(reply(&s, 16, s.f->a0, ERIX_MSG_HEADER(9, 0, ERIX_IPC_MAX_BODY), 0), ERIX_OK);
    ERIX_CHECK(memcmp(cb + 32, sb + 32, ERIX_IPC_MAX_BODY - 32) == 0);
    /* longer than the maximum, or flags only the kernel sets: malformed */
    recv(&s, 16);
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(9, 0, ERIX_IPC_MAX_BODY + 1), 0, 0),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(9, ERIX_MSG_FLAG_KERNEL_EVENT, 0), 0, 0),
                  ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(s.t->state, TCB_BLOCKED_RECV);
    ERIX_CHECK(world_down(&w));
}

static void transfer_needs_grant(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SR); /* the client's endpoint capability lacks GRANT */
    const struct erix_xfer_entry e = {20, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_MOVE, 0};
    table(&c, &e, 1);
    recv(&s, 16);
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(slot_of(&c, 20)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(slot_of(&s, 300)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(s.t->state, TCB_BLOCKED_RECV);
    /* sender first (nobody waits on ep2): refused before it waits */
    ERIX_CHECK_EQ(sys(&c, ERIX_SYS_NOTIFY, 22, ERIX_MSG_HEADER(1, XFER, 0), 0, 0, 0, 0),
                  ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(sys(&c, ERIX_SYS_NOTIFY, 16, 0, 0, 0, 0, 0), ERIX_OK); /* let s go */
    /* a reply needs GRANT on the replier's slot: s's ep2 (slot 17) is RECV only */
    struct proc c2;
    const struct give g[] = {{ep2, 16, SG, 0}};
    ERIX_CHECK_EQ(spawn(&w, &c2, W_SLOT_U, 100, g, 1), ERIX_OK);
    c2.t->ipcbuf->recv_window_base = 300;
    c2.t->ipcbuf->recv_window_count = 4;
    recv(&s, 17);
    call(&c2, 16, ERIX_MSG_HEADER(1, 0, 0), 0, 0);
    const struct erix_xfer_entry back = {16, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_COPY, 0};
    table(&s, &back, 1);
    ERIX_CHECK_EQ(reply(&s, 17, s.f->a0, ERIX_MSG_HEADER(1, XFER, 0), 0), ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(c2.t->state, TCB_BLOCKED_REPLY);
    ERIX_CHECK_EQ(slot_of(&c2, 300)->type, ERIX_CAP_NULL);
    ERIX_CHECK(world_down(&w));
}

static void bad_tables_refuse_the_whole_message(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SG);
    recv(&s, 16);
    struct erix_xfer_entry two[2] = {{20, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_MOVE, 0},
                                     {4000, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_MOVE, 0}};
    /* a missing source after a good one: the good one does not move either */
    table(&c, two, 2);
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(slot_of(&c, 20)->type, ERIX_CAP_ENDPOINT);
    /* malformed tables */
    two[1].slot = 20;
    table(&c, two, 2); /* the same slot twice */
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_MALFORMED);
    table(&c, two, 1);
    c.t->ipcbuf->send_xfer.prelude.version = 2;
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_VERSION);
    table(&c, two, 0);
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_MALFORMED);
    table(&c, two, 2);
    c.t->ipcbuf->send_xfer.prelude.count = ERIX_XFER_MAX_ENTRIES + 1;
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_MALFORMED);
    two[0].mode = 2;
    table(&c, two, 1);
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_MALFORMED);
    two[0].mode = ERIX_XFER_MODE_MOVE;
    two[0].reserved = 1;
    table(&c, two, 1);
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_MALFORMED);
    two[0].reserved = 0;
    two[0].slot = 0;
    table(&c, two, 1);
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_INVALID_SLOT);
    /* a full receive window: nothing moves */
    two[0].slot = 20;
    two[1] = (struct erix_xfer_entry){21, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_MOVE, 0};
    s.t->ipcbuf->recv_window_count = 1;
    table(&c, two, 2);
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_LIMIT);
    s.t->ipcbuf->recv_window_base = 0;
    s.t->ipcbuf->recv_window_count = 4;
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_LIMIT);
    s.t->ipcbuf->recv_window_base = 4090;
    s.t->ipcbuf->recv_window_count = 10;
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_LIMIT);
    /* occupied slots in the window count as full */
    s.t->ipcbuf->recv_window_base = 16;
    s.t->ipcbuf->recv_window_count = 2;
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0), ERIX_ERR_LIMIT);
    /* after all of it: both capabilities home, the server still waiting, the client running */
    ERIX_CHECK_EQ(slot_of(&c, 20)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(slot_of(&c, 21)->type, ERIX_CAP_FRAME);
    ERIX_CHECK_EQ(s.t->state, TCB_BLOCKED_RECV);
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    for (uint32_t i = 16; i < 18; i++)
        ERIX_CHECK(slot_of(&s, i)->type == ERIX_CAP_ENDPOINT);
    ERIX_CHECK(world_down(&w));
}

static void move_empties_copy_attenuates(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SG);
    /* the window's first slot is free, its second taken */
    cap_install(slot_of(&s, 301), ERIX_CAP_ENDPOINT, 0, root_slot(&w, ep)->obj, NULL);
    const struct erix_xfer_entry e[2] = {{20, ERIX_RIGHT_SEND, ERIX_XFER_MODE_COPY, 0},
                                         {21, ERIX_RIGHT_READ, ERIX_XFER_MODE_MOVE, 0}};
    table(&c, e, 2);
    recv(&s, 16);
    uint64_t frame_obj = slot_of(&c, 21)->obj;
    ERIX_CHECK_EQ(call(&c, 16, ERIX_MSG_HEADER(1, XFER, 8), 77, 0), ERIX_SYS_CALL);
    ERIX_CHECK_EQ(s.f->nr, ERIX_OK);
    ERIX_CHECK_EQ(s.f->a1, ERIX_MSG_HEADER(1, XFER, 8)); /* the flag says a table arrived */
    /* COPY: the sender keeps its capability, the copy has rights & mask */
    ERIX_CHECK_EQ(slot_of(&c, 20)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(slot_of(&c, 20)->rights, SRG);
    ERIX_CHECK_EQ(slot_of(&s, 300)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(slot_of(&s, 300)->rights, ERIX_RIGHT_SEND);
    /* MOVE: the source is empty, the moved one attenuated, in the next free slot */
    ERIX_CHECK_EQ(slot_of(&c, 21)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(slot_of(&s, 302)->type, ERIX_CAP_FRAME);
    ERIX_CHECK_EQ(slot_of(&s, 302)->rights, ERIX_RIGHT_READ);
    ERIX_CHECK_EQ(slot_of(&s, 302)->obj, frame_obj);
    const struct erix_xfer_table *in = &s.t->ipcbuf->recv_xfer;
    ERIX_CHECK_EQ(in->prelude.version, ERIX_XFER_VERSION_1);
    ERIX_CHECK_EQ(in->prelude.count, 2);
    ERIX_CHECK_EQ(in->entries[0].slot, 300);
    ERIX_CHECK_EQ(in->entries[0].rights_mask, ERIX_RIGHT_SEND);
    ERIX_CHECK_EQ(in->entries[0].mode, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(in->entries[1].slot, 302);
    ERIX_CHECK_EQ(in->entries[1].mode, ERIX_CAP_FRAME);
    /* a message without a table clears what the last one reported */
    reply(&s, 16, s.f->a0, 0, 0);
    recv(&s, 16);
    sys(&c, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(2, 0, 0), 0, 0, 0, 0);
    ERIX_CHECK_EQ(s.t->ipcbuf->recv_xfer.prelude.count, 0);
    ERIX_CHECK(world_down(&w));
}

static void queued_sender_transfer_is_checked_on_delivery(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SG);
    const struct erix_xfer_entry e = {20, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_MOVE, 0};
    table(&c, &e, 1);
    s.t->ipcbuf->recv_window_count = 0; /* the server cannot take capabilities */
    sys(&c, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0, 0, 0);
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_SEND);
    recv(&s, 16);
    /* the sender is refused as a whole and runs on; the server keeps waiting */
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(c.f->nr, ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(slot_of(&c, 20)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(s.t->state, TCB_BLOCKED_RECV);
    /* with room, the queued transfer lands */
    s.t->ipcbuf->recv_window_count = 4;
    struct proc c2;
    const struct give g[] = {{ep, 16, SG, 0}, {W_SLOT_GENERIC, 20, SRG, 0}};
    ERIX_CHECK_EQ(spawn(&w, &c2, W_SLOT_U, 100, g, 2), ERIX_OK);
    table(&c2, &e, 1);
    sys(&c2, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(2, XFER, 0), 0, 0, 0, 0);
    ERIX_CHECK_EQ(c2.f->nr, ERIX_OK); /* the server was waiting */
    ERIX_CHECK_EQ(slot_of(&c2, 20)->type, ERIX_CAP_NULL);
    ERIX_CHECK_EQ(slot_of(&s, 300)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK(world_down(&w));
}

static void a_one_slot_window_takes_a_capability_every_time(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SG);
    s.t->ipcbuf->recv_window_base = 300;
    s.t->ipcbuf->recv_window_count = 1;
    const struct erix_xfer_entry e = {20, ERIX_RIGHT_SEND, ERIX_XFER_MODE_COPY, 0};
    for (int round = 0; round < 3; round++) {
        table(&c, &e, 1);
        recv(&s, 16);
        ERIX_CHECK_EQ(sys(&c, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0, 0, 0),
                      ERIX_OK);
        ERIX_CHECK_EQ(slot_of(&s, 300)->type, ERIX_CAP_ENDPOINT);
        ERIX_CHECK_EQ(sys(&s, ERIX_SYS_DROP_LOCAL_CAP, 300, 0, 0, 0, 0, 0), ERIX_OK);
    }
    ERIX_CHECK(world_down(&w));
}

/*
 * Two queued senders, one receive: the first one's table cannot fit (two
 * capabilities, a one-slot window) and is refused; the second one's (one
 * capability) fits and must land, whatever the first one's plan left behind.
 */
static void a_refused_queued_transfer_does_not_spoil_the_next(void)
{
    struct proc s, a, b;
    pair(&s, &a, 100, 100, SG);
    const struct give g[] = {{ep, 16, SG, 0}, {W_SLOT_GENERIC, 20, SRG, 0}};
    ERIX_CHECK_EQ(spawn(&w, &b, W_SLOT_U, 100, g, 2), ERIX_OK);
    s.t->ipcbuf->recv_window_base = 300;
    s.t->ipcbuf->recv_window_count = 1;
    const struct erix_xfer_entry two[2] = {{20, ERIX_RIGHT_SEND, ERIX_XFER_MODE_COPY, 0},
                                           {22, ERIX_RIGHT_SEND, ERIX_XFER_MODE_COPY, 0}};
    table(&a, two, 2);
    table(&b, two, 1);
    sys(&a, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(1, XFER, 0), 0, 0, 0, 0);
    sys(&b, ERIX_SYS_NOTIFY, 16, ERIX_MSG_HEADER(2, XFER, 0), 0, 0, 0, 0);
    ERIX_CHECK_EQ(a.t->state, TCB_BLOCKED_SEND);
    ERIX_CHECK_EQ(b.t->state, TCB_BLOCKED_SEND);
    ERIX_CHECK_EQ(recv(&s, 16), ERIX_OK);
    ERIX_CHECK_EQ(a.f->nr, ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(b.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(b.f->nr, ERIX_OK);
    ERIX_CHECK_EQ(s.f->a1, ERIX_MSG_HEADER(2, XFER, 0));
    ERIX_CHECK_EQ(slot_of(&s, 300)->type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(s.t->ipcbuf->recv_xfer.prelude.count, 1);
    ERIX_CHECK(world_down(&w));
}

static void reply_recv_answers_then_takes_the_next(void)
{
    struct proc s, c, c2;
    pair(&s, &c, 100, 100, SR);
    const struct give g[] = {{ep, 16, ERIX_RIGHT_SEND, 0}};
    ERIX_CHECK_EQ(spawn(&w, &c2, W_SLOT_U, 100, g, 1), ERIX_OK);
    recv(&s, 16);
    call(&c, 16, ERIX_MSG_HEADER(1, 0, 8), 10, 0);
    uint64_t t1 = s.f->a0;
    call(&c2, 16, ERIX_MSG_HEADER(2, 0, 8), 20, 0); /* queued behind */
    ERIX_CHECK_EQ(c2.t->state, TCB_BLOCKED_SEND);
    s.t->ipcbuf->reply_token = t1;
    ERIX_CHECK_EQ(sys(&s, ERIX_SYS_REPLY_RECV, 16, ERIX_MSG_HEADER(1, 0, 8), 11, 0, 0, 0), ERIX_OK);
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(c.f->a2, 11);
    ERIX_CHECK_EQ(s.f->a2, 20); /* and already holds the next call */
    uint64_t t2 = s.f->a0;
    ERIX_CHECK_EQ(ERIX_TOKEN_INDEX(t2), c2.t->pid);
    ERIX_CHECK_EQ(c2.t->state, TCB_BLOCKED_REPLY);
    /* nothing queued: it answers and waits */
    c2.t->ipcbuf->recv_badge = 0xdead; /* stale values the reply must overwrite */
    c2.t->ipcbuf->recv_sender_pid = 0xdead;
    c2.t->ipcbuf->recv_xfer.prelude.count = 3;
    s.t->ipcbuf->reply_token = t2;
    sys(&s, ERIX_SYS_REPLY_RECV, 16, ERIX_MSG_HEADER(2, 0, 8), 21, 0, 0, 0);
    ERIX_CHECK_EQ(c2.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(c2.f->nr, ERIX_OK);
    ERIX_CHECK_EQ(c2.f->a2, 21);
    ERIX_CHECK_EQ(c2.t->ipcbuf->recv_sender_pid, s.t->pid);
    ERIX_CHECK_EQ(c2.t->ipcbuf->recv_badge, 0);
    ERIX_CHECK_EQ(c2.t->ipcbuf->recv_xfer.prelude.count, 0);
    ERIX_CHECK_EQ(s.t->state, TCB_BLOCKED_RECV);
    /* the next call finds it waiting */
    s.t->ipcbuf->recv_xfer.prelude.count = 3;
    call(&c, 16, ERIX_MSG_HEADER(3, 0, 8), 30, 0);
    ERIX_CHECK_EQ(s.f->a2, 30);
    ERIX_CHECK_EQ(s.t->ipcbuf->recv_sender_pid, c.t->pid);
    ERIX_CHECK_EQ(s.t->ipcbuf->recv_xfer.prelude.count, 0);

    /* a stale token is dropped, the receive still happens */
    s.t->ipcbuf->reply_token = t1;
    sys(&s, ERIX_SYS_REPLY_RECV, 16, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(s.t->state, TCB_BLOCKED_RECV);
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_REPLY); /* the live call is not answered by it */
    ERIX_CHECK(world_down(&w));
}

static void timed_waits_expire(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SR);
    struct endpoint *e = (struct endpoint *)root_slot(&w, ep)->obj;
    fake_now = 1000;
    recv(&s, ERIX_IPC_ARG(16, ERIX_IPC_TIMED, 500));
    call(&c, ERIX_IPC_ARG(17 + 5, ERIX_IPC_TIMED, 2000), ERIX_MSG_HEADER(1, 0, 0), 0, 0);
    ERIX_CHECK_EQ(s.t->state, TCB_BLOCKED_RECV);
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_SEND);
    fake_now = 1499;
    sched_tick();
    ERIX_CHECK_EQ(s.t->state, TCB_BLOCKED_RECV);
    fake_now = 1500;
    sched_tick();
    ERIX_CHECK_EQ(s.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(s.f->nr, ERIX_ERR_TIMEOUT);
    ERIX_CHECK(e->recv_head == NULL);
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_SEND);
    fake_now = 3000;
    sched_tick();
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(c.f->nr, ERIX_ERR_TIMEOUT);
    /* met in time: the deadline no longer applies */
    recv(&s, ERIX_IPC_ARG(16, ERIX_IPC_TIMED, 100));
    call(&c, 16, ERIX_MSG_HEADER(1, 0, 0), 0, 0);
    fake_now = 10000;
    sched_tick();
    ERIX_CHECK_EQ(s.f->nr, ERIX_OK);
    ERIX_CHECK_EQ(c.t->state, TCB_BLOCKED_REPLY);
    ERIX_CHECK(world_down(&w));
}

static void partners_that_die_release_their_waiters(void)
{
    struct proc s, c;
    pair(&s, &c, 100, 100, SR);
    recv(&s, 16);
    call(&c, 16, ERIX_MSG_HEADER(1, 0, 0), 0, 0);
    uint64_t token = s.f->a0;
    /* the server is killed holding the call: the caller gets PEER_GONE */
    struct erix_kctl_slot_req k = {s.tcb_slot, ERIX_KILL_REASON_MANAGED_STOP};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_KILL_PROCESS, &k, sizeof k, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(c.t->state, TCB_RUNNING);
    ERIX_CHECK_EQ(c.f->nr, ERIX_ERR_PEER_GONE);
    /* a caller killed while waiting: its token answers nothing */
    struct proc s2;
    const struct give g[] = {{ep, 16, SRG, 0}};
    ERIX_CHECK_EQ(spawn(&w, &s2, W_SLOT_U, 100, g, 1), ERIX_OK);
    recv(&s2, 16);
    call(&c, 16, ERIX_MSG_HEADER(1, 0, 0), 0, 0);
    token = s2.f->a0;
    k.slot = c.tcb_slot;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_KILL_PROCESS, &k, sizeof k, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(reply(&s2, 16, token, 0, 0), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK(world_down(&w));
}

/* ---- kernel events -------------------------------------------------------- */

static void exit_event_reaches_the_fault_endpoint(void)
{
    world_up(&w);
    uint32_t mgr = new_endpoint(&w, W_SLOT_U);
    uint32_t child_ep = copy_cap(&w, mgr, ERIX_RIGHT_SEND, 0);
    struct proc a, b;
    const struct give g[] = {{child_ep, 16, ERIX_RIGHT_SEND, 0}};
    ERIX_CHECK_EQ(spawn(&w, &a, W_SLOT_U, 100, g, 1), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &b, W_SLOT_U, 100, g, 1), ERIX_OK);
    struct erix_kctl_endpoint_reg_req reg = {a.tcb_slot, 16};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_FAULT_ENDPOINT, &reg, sizeof reg, NULL, 0), ERIX_OK);
    reg.tcb_slot = b.tcb_slot;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_FAULT_ENDPOINT, &reg, sizeof reg, NULL, 0), ERIX_OK);
    /* the manager waits first */
    recv(&w.root, mgr);
    ERIX_CHECK_EQ(w.root.t->state, TCB_BLOCKED_RECV);
    sys(&a, ERIX_SYS_EXIT, 0x2a, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(a.t->state, TCB_DEAD);
    ERIX_CHECK_EQ(a.t->proc_state, ERIX_PROC_EXITED);
    ERIX_CHECK_EQ(w.root.t->state, TCB_RUNNING);
    struct arch_syscall_frame *f = w.root.f;
    ERIX_CHECK_EQ(f->nr, ERIX_OK);
    ERIX_CHECK_EQ(f->a0, 0);
    ERIX_CHECK_EQ(f->a1, ERIX_MSG_HEADER(ERIX_EVENT_EXIT, ERIX_MSG_FLAG_KERNEL_EVENT,
                                         sizeof(struct erix_event)));
    ERIX_CHECK_EQ(f->a2, (uint64_t)a.t->pid | ((uint64_t)ERIX_EVENT_EXIT << 32));
    ERIX_CHECK_EQ(f->a3, 0x2a);
    ERIX_CHECK_EQ(w.root.t->ipcbuf->recv_sender_pid, 0); /* from the kernel */
    ERIX_CHECK(current != a.t);
    /* the event waits for the manager */
    sys(&b, ERIX_SYS_EXIT, 7, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(b.t->state, TCB_BLOCKED_EVENT);
    ERIX_CHECK_EQ(b.t->proc_state, ERIX_PROC_EXITED);
    ERIX_CHECK_EQ(recv(&w.root, mgr), ERIX_OK);
    ERIX_CHECK_EQ(w.root.f->a2, (uint64_t)b.t->pid | ((uint64_t)ERIX_EVENT_EXIT << 32));
    ERIX_CHECK_EQ(w.root.f->a3, 7);
    ERIX_CHECK_EQ(b.t->state, TCB_DEAD);
    /* QUERY_PROCESS reports the exit code */
    struct erix_kctl_slot_req q = {b.tcb_slot, 0};
    struct erix_kctl_process_resp pr;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_QUERY_PROCESS, &q, sizeof q, &pr, sizeof pr), ERIX_OK);
    ERIX_CHECK_EQ(pr.state, ERIX_PROC_EXITED);
    ERIX_CHECK_EQ(pr.code, 7);
    ERIX_CHECK_EQ(fake_root_deaths, 0);
    ERIX_CHECK(world_down(&w));
}

/*
 * A manager tells its children apart by the badge of the fault-endpoint
 * capability it gave each of them: an event arrives with that badge, never
 * with the badge of some other capability the child used before.
 */
static void an_event_carries_the_fault_endpoint_badge(void)
{
    world_up(&w);
    uint32_t mgr = new_endpoint(&w, W_SLOT_U);
    uint32_t other = new_endpoint(&w, W_SLOT_U);
    struct proc a, b, srv;
    const struct give ga[] = {{mgr, 16, ERIX_RIGHT_SEND, 0xfa}, {other, 17, ERIX_RIGHT_SEND, 0x77}};
    const struct give gb[] = {{mgr, 16, ERIX_RIGHT_SEND, 0xfb}};
    const struct give gs[] = {{other, 16, ERIX_RIGHT_RECV, 0}};
    ERIX_CHECK_EQ(spawn(&w, &a, W_SLOT_U, 100, ga, 2), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &b, W_SLOT_U, 100, gb, 1), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &srv, W_SLOT_U, 100, gs, 1), ERIX_OK);
    struct erix_kctl_endpoint_reg_req reg = {a.tcb_slot, 16};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_FAULT_ENDPOINT, &reg, sizeof reg, NULL, 0), ERIX_OK);
    reg.tcb_slot = b.tcb_slot;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_FAULT_ENDPOINT, &reg, sizeof reg, NULL, 0), ERIX_OK);
    /* a talks to another server first (and has to wait for it) */
    sys(&a, ERIX_SYS_NOTIFY, 17, ERIX_MSG_HEADER(1, 0, 0), 0, 0, 0, 0);
    ERIX_CHECK_EQ(recv(&srv, 16), ERIX_OK);
    ERIX_CHECK_EQ(srv.t->ipcbuf->recv_badge, 0x77);
    sys(&a, ERIX_SYS_EXIT, 1, 0, 0, 0, 0, 0);
    sys(&b, ERIX_SYS_EXIT, 2, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(recv(&w.root, mgr), ERIX_OK);
    ERIX_CHECK_EQ(w.root.f->a3, 1);
    ERIX_CHECK_EQ(w.root.t->ipcbuf->recv_badge, 0xfa);
    ERIX_CHECK_EQ(recv(&w.root, mgr), ERIX_OK);
    ERIX_CHECK_EQ(w.root.f->a3, 2);
    ERIX_CHECK_EQ(w.root.t->ipcbuf->recv_badge, 0xfb);
    ERIX_CHECK(world_down(&w));
}

static void a_child_cannot_shed_its_manager(void)
{
    world_up(&w);
    uint32_t mgr = new_endpoint(&w, W_SLOT_U);
    struct proc a;
    const struct give g[] = {{mgr, 16, ERIX_RIGHT_SEND, 0xab}};
    ERIX_CHECK_EQ(spawn(&w, &a, W_SLOT_U, 100, g, 1), ERIX_OK);
    struct erix_kctl_endpoint_reg_req reg = {a.tcb_slot, 16};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_FAULT_ENDPOINT, &reg, sizeof reg, NULL, 0), ERIX_OK);
    /* the child drops the capability it was registered through, then exits */
    ERIX_CHECK_EQ(sys(&a, ERIX_SYS_DROP_LOCAL_CAP, 16, 0, 0, 0, 0, 0), ERIX_OK);
    sys(&a, ERIX_SYS_EXIT, 7, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(recv(&w.root, mgr), ERIX_OK);
    ERIX_CHECK_EQ(w.root.f->a3, 7);
    ERIX_CHECK_EQ(w.root.t->ipcbuf->recv_badge, 0xab);
    ERIX_CHECK(world_down(&w));
}

static void stop_event_and_unmanaged_exit(void)
{
    world_up(&w);
    uint32_t mgr = new_endpoint(&w, W_SLOT_U);
    struct proc a, b;
    const struct give g[] = {{mgr, 16, ERIX_RIGHT_SEND, 0}};
    ERIX_CHECK_EQ(spawn(&w, &a, W_SLOT_U, 100, g, 1), ERIX_OK);
    ERIX_CHECK_EQ(spawn(&w, &b, W_SLOT_U, 100, NULL, 0), ERIX_OK);
    struct erix_kctl_endpoint_reg_req reg = {a.tcb_slot, 16};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_FAULT_ENDPOINT, &reg, sizeof reg, NULL, 0), ERIX_OK);
    /* the slot names the TARGET's capability: b has none there */
    reg.tcb_slot = b.tcb_slot;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_FAULT_ENDPOINT, &reg, sizeof reg, NULL, 0),
                  ERIX_ERR_EMPTY_SLOT);
    struct erix_kctl_slot_req k = {a.tcb_slot, 0x51};
    struct erix_kctl_pid_resp pid = {0, 0};
    /* only the documented stop reasons */
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_KILL_PROCESS, &k, sizeof k, &pid, sizeof pid),
                  ERIX_ERR_INVALID_ARGUMENT);
    k.arg = ERIX_KILL_REASON_ABORT;
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_KILL_PROCESS, &k, sizeof k, &pid, sizeof pid), ERIX_OK);
    ERIX_CHECK_EQ(pid.pid, a.t->pid);
    ERIX_CHECK_EQ(a.t->proc_state, ERIX_PROC_KILLED);
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_KILL_PROCESS, &k, sizeof k, NULL, 0), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(recv(&w.root, mgr), ERIX_OK);
    ERIX_CHECK_EQ(ERIX_MSG_OP(w.root.f->a1), ERIX_EVENT_STOPPED);
    ERIX_CHECK_EQ(w.root.f->a3, ERIX_KILL_REASON_ABORT);
    /* no manager: the kernel logs the exit and the thread is gone */
    fake_console_clear();
    sys(&b, ERIX_SYS_EXIT, 0x99, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(b.t->state, TCB_DEAD);
    ERIX_CHECK(fake_console_has("ERIX_KERNEL:PROCESS_EVENT"));
    ERIX_CHECK(fake_console_has("event=exit code=0x99"));
    ERIX_CHECK(fake_console_has("action=logged"));
    ERIX_CHECK_EQ(fake_root_deaths, 0);
    ERIX_CHECK(world_down(&w));
}

static void queued_event_whose_manager_dies_is_logged(void)
{
    world_up(&w);
    uint32_t cu = world_slot(&w);
    struct erix_kctl_retype_req r = {W_SLOT_U, cu, ERIX_CAP_UNTYPED, 4};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_RETYPE_UNTYPED, &r, sizeof r, NULL, 0), ERIX_OK);
    uint32_t mgr = new_endpoint(&w, cu);
    struct proc a;
    const struct give g[] = {{mgr, 16, ERIX_RIGHT_SEND, 0}};
    ERIX_CHECK_EQ(spawn(&w, &a, W_SLOT_U, 100, g, 1), ERIX_OK);
    struct erix_kctl_endpoint_reg_req reg = {a.tcb_slot, 16};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_SET_FAULT_ENDPOINT, &reg, sizeof reg, NULL, 0), ERIX_OK);
    sys(&a, ERIX_SYS_EXIT, 3, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(a.t->state, TCB_BLOCKED_EVENT);
    fake_console_clear();
    struct erix_kctl_slot_req z = {cu, 0};
    ERIX_CHECK_EQ(rk(&w, ERIX_KCTL_UNTYPED_RESET, &z, sizeof z, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(a.t->state, TCB_DEAD);
    ERIX_CHECK_EQ(a.t->proc_state, ERIX_PROC_EXITED);
    ERIX_CHECK(fake_console_has("action=manager-gone"));
    ERIX_CHECK(world_down(&w));
}

static void the_root_task_dying_is_reported(void)
{
    world_up(&w);
    sys(&w.root, ERIX_SYS_EXIT, 1, 0, 0, 0, 0, 0);
    ERIX_CHECK_EQ(fake_root_deaths, 1);
    ERIX_CHECK_EQ(w.root.t->state, TCB_DEAD);
    ERIX_CHECK(current != w.root.t);
    ERIX_CHECK(world_down(&w));
}

int main(int argc, char **argv)
{
    world_fastpath = argc > 1 && strcmp(argv[1], "fast") == 0;
    ERIX_RUN(receiver_first_call_and_reply);
    ERIX_RUN(sender_first_call_and_reply);
    ERIX_RUN(notify_in_both_orders_and_fifo);
    ERIX_RUN(only_the_receiver_replies_and_only_once);
    ERIX_RUN(polling_never_blocks);
    ERIX_RUN(rights_decide_who_sends_and_receives);
    ERIX_RUN(kernel_families_answer_only_calls);
    ERIX_RUN(long_bodies_travel_through_ipc_buffers);
    ERIX_RUN(transfer_needs_grant);
    ERIX_RUN(bad_tables_refuse_the_whole_message);
    ERIX_RUN(move_empties_copy_attenuates);
    ERIX_RUN(queued_sender_transfer_is_checked_on_delivery);
    ERIX_RUN(a_one_slot_window_takes_a_capability_every_time);
    ERIX_RUN(a_refused_queued_transfer_does_not_spoil_the_next);
    ERIX_RUN(reply_recv_answers_then_takes_the_next);
    ERIX_RUN(timed_waits_expire);
    ERIX_RUN(partners_that_die_release_their_waiters);
    ERIX_RUN(exit_event_reaches_the_fault_endpoint);
    ERIX_RUN(an_event_carries_the_fault_endpoint_badge);
    ERIX_RUN(a_child_cannot_shed_its_manager);
    ERIX_RUN(stop_event_and_unmanaged_exit);
    ERIX_RUN(queued_event_whose_manager_dies_is_logged);
    ERIX_RUN(the_root_task_dying_is_reported);
    return erix_test_finish();
}
