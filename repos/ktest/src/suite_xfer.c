/*
 * suite_xfer.c - capability transfer tests: GRANT is needed, COPY
 * attenuates, MOVE empties the source, capabilities land in the first empty
 * slots of the receive window, NOTIFY and REPLY carry them too, and every
 * refusal (no room, no window, a malformed table, a missing source, a copy
 * of what only moves) moves nothing.
 */
#include <string.h>

#include "suite.h"

#define TIMED ERIX_IPC_TIMED, SUITE_TIMEOUT_US
#define SRG (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)

/* ---- helpers ------------------------------------------------------------------------ */

/* A raw CALL carrying the transfer-table flag with the table already in the buffer. */
static erix_status_t raw_xfer_call(uint32_t slot)
{
    return suite_raw_transport(ERIX_SYS_CALL, ERIX_IPC_ARG(slot, ERIX_IPC_TIMED, SUITE_TIMEOUT_US),
                               ERIX_MSG_HEADER(1, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1, 0), NULL);
}

static void table_one(uint32_t slot, uint8_t mode)
{
    struct erix_xfer_table *t = &erix_ipc_buffer()->send_xfer;
    memset(t, 0, sizeof *t);
    *t = (struct erix_xfer_table){{ERIX_XFER_VERSION_1, 1, 0},
                                  {{slot, ERIX_RIGHTS_ALL, mode, 0}}};
}

/* ---- capability transfer ---------------------------------------------------------- */

static bool xfer_needs_grant(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint();
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    uint32_t no_grant = suite_copy(c.peer_ep, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, 0);
    uint8_t mode = ERIX_XFER_MODE_MOVE;
    CHECK_OK(erix_xfer_set(&x, NULL, &mode, 1));
    CHECK_ST(suite_probe_call(no_grant, 1, NULL, 0, &r), ERIX_ERR_NO_RIGHTS);
    CHECK_EQ(suite_rights(x), SRG); /* still ours */
    CHECK_OK(suite_probe_call(no_grant, 2, NULL, 0, &r));
    CHECK_EQ(r.messages, 1); /* the refused message never arrived */
    CHECK_EQ(r.window_used, 0);
    return true;
}

static bool xfer_copy_attenuates(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint();
    uint8_t mask = ERIX_RIGHT_SEND;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    CHECK_OK(erix_xfer_set(&x, &mask, NULL, 1));
    CHECK_OK(suite_probe_call(c.peer_ep, 1, NULL, 0, &r));
    CHECK_EQ(r.flags, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1);
    CHECK_EQ(r.xfer_count, 1);
    CHECK_EQ(r.xfer[0].slot, 20);
    CHECK_EQ(r.xfer[0].rights_mask, ERIX_RIGHT_SEND);
    CHECK_EQ(r.xfer[0].mode, ERIX_CAP_ENDPOINT);
    CHECK_EQ(r.window_used, 1);
    CHECK_EQ(suite_rights(x), SRG); /* COPY leaves the sender's */
    CHECK(!erix_xfer_armed(), "the table stayed armed after the send");
    return true;
}

static bool xfer_move_empties_source(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t slots[2] = {suite_endpoint(), suite_frame(2)};
    uint8_t masks[2] = {ERIX_RIGHTS_ALL, ERIX_RIGHT_READ};
    uint8_t modes[2] = {ERIX_XFER_MODE_MOVE, ERIX_XFER_MODE_MOVE};
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    CHECK_OK(erix_xfer_set(slots, masks, modes, 2));
    CHECK_OK(suite_probe_call(c.peer_ep, 1, NULL, 0, &r));
    CHECK(suite_empty(slots[0]) && suite_empty(slots[1]), "MOVE left the source");
    CHECK_EQ(r.xfer_count, 2);
    CHECK(r.xfer[0].slot == 20 && r.xfer[0].mode == ERIX_CAP_ENDPOINT &&
              r.xfer[0].rights_mask == SRG,
          "entry 0: slot %u type %u rights 0x%x", r.xfer[0].slot, r.xfer[0].mode,
          r.xfer[0].rights_mask);
    CHECK(r.xfer[1].slot == 21 && r.xfer[1].mode == ERIX_CAP_FRAME &&
              r.xfer[1].rights_mask == ERIX_RIGHT_READ,
          "entry 1: slot %u type %u rights 0x%x", r.xfer[1].slot, r.xfer[1].mode,
          r.xfer[1].rights_mask);
    return true;
}

/* Four capabilities land in the first empty slots of the window, in order. */
static bool xfer_fills_first_empty_slots(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t slots[4] = {suite_endpoint(), suite_frame(1), ERIX_SLOT_KERNEL_LOG,
                         ERIX_SLOT_SELF_VSPACE};
    uint8_t masks[4] = {ERIX_RIGHT_RECV, ERIX_RIGHTS_ALL, ERIX_RIGHTS_ALL, ERIX_RIGHT_READ};
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(10, 6))); /* 10, 11 taken */
    CHECK_OK(erix_xfer_set(slots, masks, NULL, 4));
    CHECK_OK(suite_probe_call(c.peer_ep, 1, NULL, 0, &r));
    CHECK_EQ(r.xfer_count, 4);
    static const uint8_t types[4] = {ERIX_CAP_ENDPOINT, ERIX_CAP_FRAME, ERIX_CAP_ENDPOINT,
                                     ERIX_CAP_VSPACE};
    static const uint8_t rights[4] = {ERIX_RIGHT_RECV, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE,
                                      ERIX_RIGHT_SEND, ERIX_RIGHT_READ};
    for (uint32_t i = 0; i < 4; i++)
        CHECK(r.xfer[i].slot == 12 + i && r.xfer[i].mode == types[i] &&
                  r.xfer[i].rights_mask == rights[i],
              "entry %u: slot %u type %u rights 0x%x", i, r.xfer[i].slot, r.xfer[i].mode,
              r.xfer[i].rights_mask);
    CHECK_EQ(r.window_used, 6);
    CHECK_EQ(suite_rights(ERIX_SLOT_KERNEL_LOG), ERIX_RIGHT_SEND);
    return true;
}

/* A transfer that does not fit the receiver's window is refused whole. */
static bool xfer_full_window_refused(void)
{
    struct ktest_child c, d;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint();
    uint8_t mode = ERIX_XFER_MODE_MOVE;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(10, 2)));
    CHECK_OK(erix_xfer_set(&x, NULL, &mode, 1));
    CHECK_ST(suite_probe_call(c.peer_ep, 1, NULL, 0, &r), ERIX_ERR_LIMIT);
    CHECK_EQ(suite_rights(x), SRG);
    CHECK_OK(suite_probe_call(c.peer_ep, 2, NULL, 0, &r));
    CHECK_EQ(r.messages, 1);
    CHECK_EQ(r.window_used, 2);
    CHECK_OK(suite_child_spawn(&d, ROLE_PROBE, 0)); /* no window at all */
    CHECK_OK(erix_xfer_set(&x, NULL, &mode, 1));
    CHECK_ST(suite_probe_call(d.peer_ep, 1, NULL, 0, &r), ERIX_ERR_LIMIT);
    CHECK_EQ(suite_rights(x), SRG);
    return true;
}

/* A NOTIFY carries capabilities too. */
static bool xfer_on_notify(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint();
    uint8_t mode = ERIX_XFER_MODE_MOVE, mask = ERIX_RIGHT_SEND;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    CHECK_OK(erix_xfer_set(&x, &mask, &mode, 1));
    CHECK_OK(erix_notify(c.peer_ep, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, 1, NULL, 0));
    CHECK(suite_empty(x), "MOVE by NOTIFY left the source");
    CHECK_OK(suite_probe_call(c.peer_ep, 2, NULL, 0, &r));
    CHECK_EQ(r.messages, 2);
    CHECK_EQ(r.window_used, 1);
    return true;
}

/* A receive window that runs past the CSpace is no window. */
static bool xfer_window_past_cspace_end(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint();
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(4090, 7)));
    CHECK_OK(erix_xfer_set(&x, NULL, NULL, 1));
    CHECK_ST(suite_probe_call(c.peer_ep, 1, NULL, 0, &r), ERIX_ERR_LIMIT);
    return true;
}

/* Malformed tables are refused before anything moves. */
static bool xfer_malformed_table(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t x = suite_endpoint(), y = suite_endpoint();
    struct erix_xfer_table *t = &erix_ipc_buffer()->send_xfer;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->prelude.version = 2;
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_VERSION);
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->prelude.count = 0;
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED);
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->prelude.count = 5;
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED);
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->prelude.reserved = 1;
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED);
    table_one(x, 2);
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED);
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->entries[0].reserved = 1;
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED);
    table_one(x, ERIX_XFER_MODE_MOVE);
    t->prelude.count = 2;
    t->entries[1] = (struct erix_xfer_entry){x, ERIX_RIGHTS_ALL, ERIX_XFER_MODE_COPY, 0};
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_MALFORMED); /* the same slot twice */
    table_one(0, ERIX_XFER_MODE_MOVE);
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_INVALID_SLOT);
    table_one(ERIX_CSPACE_SLOTS, ERIX_XFER_MODE_MOVE);
    CHECK_ST(raw_xfer_call(c.peer_ep), ERIX_ERR_INVALID_SLOT);
    CHECK(suite_rights(x) == SRG && suite_rights(y) == SRG, "a refused table moved a source");
    CHECK_OK(suite_probe_call(c.peer_ep, 2, NULL, 0, &r));
    CHECK_EQ(r.messages, 1);
    CHECK_EQ(r.window_used, 0);
    return true;
}

/* One bad entry refuses the whole message: the good MOVE before it stays. */
static bool xfer_missing_source_moves_nothing(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t slots[2] = {suite_endpoint(), suite_slot()};
    uint8_t modes[2] = {ERIX_XFER_MODE_MOVE, ERIX_XFER_MODE_COPY};
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    CHECK_OK(erix_xfer_set(slots, NULL, modes, 2));
    CHECK_ST(suite_probe_call(c.peer_ep, 1, NULL, 0, &r), ERIX_ERR_EMPTY_SLOT);
    CHECK_EQ(suite_rights(slots[0]), SRG);
    CHECK_OK(suite_probe_call(c.peer_ep, 2, NULL, 0, &r));
    CHECK_EQ(r.window_used, 0);
    CHECK_EQ(r.messages, 1);
    return true;
}

/* Untyped memory and install grants move, never copy. */
static bool xfer_untyped_moves_never_copies(void)
{
    struct ktest_child c;
    struct ktest_probe_report r;
    uint32_t ut = suite_untyped(2);
    uint8_t copy = ERIX_XFER_MODE_COPY, move = ERIX_XFER_MODE_MOVE;
    CHECK_OK(suite_child_spawn(&c, ROLE_PROBE, KTEST_PROBE_PARAM(20, 4)));
    CHECK_OK(erix_xfer_set(&ut, NULL, &copy, 1));
    CHECK_ST(suite_probe_call(c.peer_ep, 1, NULL, 0, &r), ERIX_ERR_DENIED);
    CHECK_EQ(suite_rights(ut), ERIX_RIGHTS_ALL);
    CHECK_OK(erix_xfer_set(&ut, NULL, &move, 1));
    CHECK_OK(suite_probe_call(c.peer_ep, 2, NULL, 0, &r));
    CHECK(suite_empty(ut), "the moved untyped is still ours");
    CHECK_EQ(r.xfer_count, 1);
    CHECK_EQ(r.xfer[0].mode, ERIX_CAP_UNTYPED);
    return true;
}

/* A reply may carry capabilities too: GRANT on the replier's slot and room
 * at the caller are needed, and a refused reply can be retried. */
static bool xfer_on_reply(void)
{
    struct ktest_child c;
    struct erix_msg m;
    uint32_t ep = suite_endpoint(), x = suite_endpoint();
    uint32_t no_grant = suite_copy(ep, ERIX_RIGHT_RECV, 0);
    uint64_t answer = 8;
    CHECK_OK(suite_child_on(&c, ep, ERIX_RIGHT_SEND, 0, ROLE_CLIENT, 1));
    CHECK_OK(erix_recv(ep, TIMED, &m));
    CHECK_OK(erix_xfer_set(&x, NULL, NULL, 1));
    CHECK_ST(erix_reply(no_grant, m.token, 0, &answer, sizeof answer), ERIX_ERR_NO_RIGHTS);
    CHECK_OK(erix_xfer_set(&x, NULL, NULL, 1));
    CHECK_ST(erix_reply(ep, m.token, 0, &answer, sizeof answer), ERIX_ERR_LIMIT); /* no window */
    CHECK_OK(erix_reply(no_grant, m.token, 0, &answer, sizeof answer));
    CHECK_EXIT(&c, 8);
    return true;
}

static const struct suite_test tests[] = {
    {"ipc.xfer_needs_grant", xfer_needs_grant},
    {"ipc.xfer_copy_attenuates", xfer_copy_attenuates},
    {"ipc.xfer_move_empties_source", xfer_move_empties_source},
    {"ipc.xfer_fills_first_empty_slots", xfer_fills_first_empty_slots},
    {"ipc.xfer_full_window_refused", xfer_full_window_refused},
    {"ipc.xfer_on_notify", xfer_on_notify},
    {"ipc.xfer_window_past_cspace_end", xfer_window_past_cspace_end},
    {"ipc.xfer_malformed_table", xfer_malformed_table},
    {"ipc.xfer_missing_source_moves_nothing", xfer_missing_source_moves_nothing},
    {"ipc.xfer_untyped_moves_never_copies", xfer_untyped_moves_never_copies},
    {"ipc.xfer_on_reply", xfer_on_reply},
};

SUITE_GROUP(group_xfer, tests);
