/*
 * suite_untyped.c - untyped memory tests: retyping into frames, endpoints and
 * child untypeds (and what each costs the watermark), exhaustion that
 * changes nothing, device memory that only gives device frames, revocation
 * by reset or by deleting the untyped (copies in a child's CSpace included),
 * and the depth limit.
 */
#include "suite.h"

#define ENDPOINT_BYTES 128u
#define UNTYPED_HEADER_BYTES 128u

static bool retype_frame(void)
{
    struct erix_cap_info ci;
    uint32_t ut = suite_untyped(8), f = suite_slot();
    CHECK(ut != 0, "child untyped");
    CHECK_OK(erix_kctl_retype_frame(EP, ut, f, 3));
    CHECK_OK(erix_cap_info(f, &ci));
    CHECK_EQ(ci.type, ERIX_CAP_FRAME);
    CHECK_EQ(ci.rights, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE);
    CHECK_EQ(ci.size, 3 * 4096);
    CHECK_EQ(suite_watermark(ut), 3 * 4096);
    return true;
}

/* Frames come zeroed, again after a reset reuses the memory. */
static bool retype_frame_zeroed(void)
{
    uint32_t ut = suite_untyped(2), f = suite_slot();
    uint64_t va = suite_va(2);
    volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)va;
    for (int round = 0; round < 2; round++) {
        CHECK_OK(erix_kctl_retype_frame(EP, ut, f, 2));
        CHECK_OK(erix_kctl_map_frame(EP, ERIX_SLOT_SELF_VSPACE, f, va,
                                     ERIX_MAP_READ | ERIX_MAP_WRITE));
        for (uint32_t i = 0; i < 2 * 512; i++)
            CHECK(p[i] == 0, "round %d: word %u of a fresh frame is 0x%llx", round, i,
                  (unsigned long long)p[i]);
        for (uint32_t i = 0; i < 2 * 512; i++)
            p[i] = ~0ull;
        CHECK_OK(erix_kctl_untyped_reset(EP, ut));
        CHECK(suite_empty(f), "reset left the frame capability");
    }
    return true;
}

static bool retype_child_untyped(void)
{
    struct erix_cap_info ci;
    uint32_t parent = suite_untyped(16), child = suite_slot(), f = suite_slot();
    CHECK_OK(erix_kctl_retype_untyped(EP, parent, child, 4));
    CHECK_OK(erix_cap_info(child, &ci));
    CHECK_EQ(ci.type, ERIX_CAP_UNTYPED);
    CHECK_EQ(ci.rights, ERIX_RIGHTS_ALL);
    CHECK_EQ(ci.size, 4 * 4096);
    CHECK_EQ(ci.aux, 0);
    uint64_t mark = suite_watermark(parent);
    CHECK(mark == 4096 + 4 * 4096, "parent watermark 0x%llx, want header + 4 pages",
          (unsigned long long)mark); /* header at 0, pages from the next page */
    CHECK_OK(erix_kctl_retype_frame(EP, child, f, 4));
    CHECK_EQ(suite_watermark(child), 4 * 4096);
    CHECK_EQ(suite_watermark(parent), mark); /* the child's memory was already counted */
    return true;
}

static bool create_endpoint(void)
{
    struct erix_cap_info ci;
    uint32_t ut = suite_untyped(1), a = suite_slot(), b = suite_slot();
    CHECK_OK(erix_kctl_create_endpoint(EP, ut, a));
    CHECK_OK(erix_cap_info(a, &ci));
    CHECK_EQ(ci.type, ERIX_CAP_ENDPOINT);
    CHECK_EQ(ci.rights, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT);
    CHECK_EQ(ci.endpoint_kind, ERIX_EP_GENERIC);
    CHECK_EQ(ci.aux, 0);
    CHECK_EQ(suite_watermark(ut), ENDPOINT_BYTES);
    CHECK_OK(erix_kctl_create_endpoint(EP, ut, b));
    CHECK_EQ(suite_watermark(ut), 2 * ENDPOINT_BYTES);
    return true;
}

static bool retype_args(void)
{
    uint32_t ut = suite_untyped(8), dst = suite_slot(), occupied = suite_endpoint();
    struct erix_kctl_retype_req ep_typed = {ut, dst, ERIX_CAP_ENDPOINT, 0};
    struct erix_kctl_retype_req ep_pages = {ut, dst, 0, 1};
    struct erix_kctl_retype_req frame_typed = {ut, dst, ERIX_CAP_FRAME, 1};
    struct erix_kctl_retype_req ut_typed = {ut, dst, ERIX_CAP_FRAME, 1};
    CHECK_ST(erix_kctl_retype_frame(EP, ut, dst, 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_retype_frame(EP, ut, dst, (1u << 18) + 1), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_retype_untyped(EP, ut, dst, 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_CREATE_ENDPOINT, &ep_typed, sizeof ep_typed, NULL, 0,
                           NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_CREATE_ENDPOINT, &ep_pages, sizeof ep_pages, NULL, 0,
                           NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, &frame_typed,
                           sizeof frame_typed, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_RETYPE_UNTYPED, &ut_typed, sizeof ut_typed, NULL, 0,
                           NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_retype_frame(EP, ut, occupied, 1), ERIX_ERR_SLOT_OCCUPIED);
    CHECK_ST(erix_kctl_create_endpoint(EP, ut, occupied), ERIX_ERR_SLOT_OCCUPIED);
    CHECK_ST(erix_kctl_retype_untyped(EP, ut, occupied, 1), ERIX_ERR_SLOT_OCCUPIED);
    CHECK_ST(erix_kctl_retype_frame(EP, ut, ERIX_SLOT_NULL, 1), ERIX_ERR_INVALID_SLOT);
    CHECK(suite_empty(dst), "a refused retype filled its destination");
    CHECK_EQ(suite_watermark(ut), 0);
    return true;
}

/* Running out changes nothing: the watermark (QUERY_CAP aux) and the slot stay. */
static bool exhaustion_frame(void)
{
    struct erix_kctl_query_cap_resp q;
    uint32_t ut = suite_untyped(4), dst = suite_slot(), f = suite_slot();
    CHECK_ST(erix_kctl_retype_frame(EP, ut, dst, 5), ERIX_ERR_NO_MEMORY);
    CHECK_OK(erix_kctl_query_cap(EP, ut, 0, &q));
    CHECK_EQ(q.aux, 0);
    CHECK(suite_empty(dst), "a refused retype filled its destination");
    CHECK_OK(erix_kctl_retype_frame(EP, ut, f, 3));
    CHECK_ST(erix_kctl_retype_frame(EP, ut, dst, 2), ERIX_ERR_NO_MEMORY);
    CHECK_OK(erix_kctl_retype_frame(EP, ut, dst, 1));
    CHECK_EQ(suite_watermark(ut), 4 * 4096);
    uint32_t more = suite_slot();
    CHECK_ST(erix_kctl_retype_frame(EP, ut, more, 1), ERIX_ERR_NO_MEMORY);
    CHECK_ST(erix_kctl_create_endpoint(EP, ut, more), ERIX_ERR_NO_MEMORY);
    CHECK_ST(erix_kctl_retype_untyped(EP, ut, more, 1), ERIX_ERR_NO_MEMORY);
    CHECK_OK(erix_kctl_query_cap(EP, ut, 0, &q));
    CHECK_EQ(q.aux, 4 * 4096);
    CHECK(suite_empty(more), "a refused retype filled its destination");
    return true;
}

static bool exhaustion_endpoints(void)
{
    uint32_t ut = suite_untyped(1), made = 0;
    for (uint32_t i = 0; i < 40; i++) {
        uint32_t s = suite_slot();
        erix_status_t st = erix_kctl_create_endpoint(EP, ut, s);
        if (st == ERIX_ERR_NO_MEMORY)
            break;
        CHECK_OK(st);
        made++;
    }
    CHECK_EQ(made, 4096 / ENDPOINT_BYTES);
    CHECK_EQ(suite_watermark(ut), 4096);
    return true;
}

static bool exhaustion_untyped(void)
{
    uint32_t ut = suite_untyped(4), dst = suite_slot();
    CHECK_ST(erix_kctl_retype_untyped(EP, ut, dst, 4), ERIX_ERR_NO_MEMORY); /* + its header */
    CHECK_EQ(suite_watermark(ut), 0);
    CHECK(suite_empty(dst), "a refused retype filled its destination");
    CHECK_OK(erix_kctl_retype_untyped(EP, ut, dst, 3));
    return true;
}

static bool exhaustion_process(void)
{
    uint32_t ut = suite_untyped(64), dst = suite_slot();
    (void)suite_slot(); /* dst + 1 */
    CHECK_ST(erix_kctl_create_process(EP, ut, dst, 1, NULL), ERIX_ERR_NO_MEMORY);
    CHECK_EQ(suite_watermark(ut), 0);
    CHECK(suite_empty(dst) && suite_empty(dst + 1), "a refused create filled its slots");
    return true;
}

/* Device memory gives device frames and nothing else. */
static bool device_untyped_frames_only(void)
{
    struct erix_cap_info ci;
    uint32_t dev = suite_device_untyped(), dst = suite_slot(), f = suite_slot();
    CHECK(dev != 0, "no device untyped in the handoff");
    uint64_t mark = suite_watermark(dev);
    CHECK_ST(erix_kctl_create_endpoint(EP, dev, dst), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_retype_untyped(EP, dev, dst, 1), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_create_process(EP, dev, dst, 1, NULL), ERIX_ERR_WRONG_TYPE);
    CHECK_EQ(suite_watermark(dev), mark);
    CHECK(suite_empty(dst), "a refused retype filled its destination");
    CHECK_OK(erix_kctl_retype_frame(EP, dev, f, 2));
    CHECK_OK(erix_cap_info(f, &ci));
    CHECK_EQ(ci.type, ERIX_CAP_DEVICE_FRAME);
    CHECK_EQ(ci.size, 8192);
    CHECK_EQ(suite_watermark(dev), mark + 8192);
    CHECK_OK(erix_kctl_untyped_reset(EP, dev));
    CHECK(suite_empty(f), "reset left the device frame");
    CHECK_EQ(suite_watermark(dev), 0);
    return true;
}

/* Reset deletes every capability to what the untyped made, wherever it is. */
static bool reset_revokes_everything(void)
{
    struct ktest_child c;
    uint64_t code = 0;
    uint32_t ut = suite_untyped(64), ep = suite_slot(), sub = suite_slot(), f = suite_slot();
    uint32_t keep = suite_endpoint(), sub_ep = suite_slot();
    uint64_t va = suite_va(1);
    CHECK_OK(erix_kctl_create_endpoint(EP, ut, ep));
    uint32_t copy = suite_copy(ep, ERIX_RIGHT_SEND, 0x77);
    CHECK_OK(erix_kctl_retype_untyped(EP, ut, sub, 4));
    CHECK_OK(erix_kctl_create_endpoint(EP, sub, sub_ep));
    CHECK_OK(erix_kctl_retype_frame(EP, ut, f, 1));
    CHECK_OK(erix_kctl_map_frame(EP, ERIX_SLOT_SELF_VSPACE, f, va, ERIX_MAP_READ));
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(suite_child_give(&c, ep, 12, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(suite_child_give(&c, keep, 13, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(erix_kctl_untyped_reset(EP, ut));
    CHECK(suite_empty(ep) && suite_empty(copy) && suite_empty(sub) && suite_empty(f) &&
              suite_empty(sub_ep),
          "a capability survived the reset");
    CHECK_EQ(suite_watermark(ut), 0);
    CHECK_EQ(suite_rights(keep), ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT);
    uint32_t again = suite_frame(1); /* the address is free again: the frame was unmapped */
    CHECK_OK(erix_kctl_map_frame(EP, ERIX_SLOT_SELF_VSPACE, again, va, ERIX_MAP_READ));
    CHECK_OK(suite_child_start(&c, ROLE_CAPS, 0));
    CHECK_OK(suite_child_exit(&c, &code));
    CHECK_EQ(code, (1u << KTEST_CHILD_EVENT_SLOT) | (1u << 13)); /* slot 12 is gone */
    return true;
}

/* Deleting an untyped's own capability destroys what it made. */
static bool drop_untyped_revokes(void)
{
    uint32_t ut = suite_untyped(16), ep = suite_slot(), sub = suite_slot(), sub_f = suite_slot();
    CHECK_OK(erix_kctl_create_endpoint(EP, ut, ep));
    CHECK_OK(erix_kctl_retype_untyped(EP, ut, sub, 2));
    CHECK_OK(erix_kctl_retype_frame(EP, sub, sub_f, 1));
    uint64_t scratch = suite_watermark(SUITE_SCRATCH_SLOT);
    CHECK_OK(erix_cap_drop(ut));
    CHECK(suite_empty(ep) && suite_empty(sub) && suite_empty(sub_f),
          "a capability outlived its untyped");
    CHECK_EQ(suite_watermark(SUITE_SCRATCH_SLOT), scratch); /* back only at the parent's reset */
    return true;
}

/* A waiter on an endpoint that is destroyed wakes with PEER_GONE. */
static bool reset_wakes_waiter(void)
{
    struct ktest_child c;
    uint32_t ut = suite_untyped(1), ep = suite_slot();
    CHECK_OK(erix_kctl_create_endpoint(EP, ut, ep));
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(suite_child_give(&c, ep, KTEST_CHILD_PEER_SLOT, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(suite_child_start(&c, ROLE_TIMED_RECV, 10000000));
    suite_sleep_us(20000); /* the child blocks in its receive */
    CHECK_OK(erix_kctl_untyped_reset(EP, ut));
    CHECK_EXIT(&c, ERIX_ERR_PEER_GONE);
    return true;
}

static bool reset_checks(void)
{
    uint32_t ep = suite_endpoint(), ut = suite_untyped(1);
    struct erix_kctl_slot_req r = {ut, 1};
    CHECK_ST(erix_kctl_untyped_reset(EP, ep), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_untyped_reset(EP, suite_slot()), ERIX_ERR_EMPTY_SLOT);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_UNTYPED_RESET, &r, sizeof r, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_OK(erix_kctl_untyped_reset(EP, ut)); /* an unused untyped resets to itself */
    CHECK_EQ(suite_watermark(ut), 0);
    return true;
}

/* Untyped nests at most UNTYPED_MAX_DEPTH (8) levels: the boot untyped is 0. */
static bool depth_limit(void)
{
    uint32_t u = SUITE_SCRATCH_SLOT, next = 0; /* depth 1 */
    for (uint32_t depth = 2; depth <= 7; depth++) {
        next = suite_slot();
        CHECK_OK(erix_kctl_retype_untyped(EP, u, next, 16 - depth));
        u = next;
    }
    uint32_t dst = suite_slot();
    CHECK_ST(erix_kctl_retype_untyped(EP, u, dst, 1), ERIX_ERR_LIMIT);
    CHECK(suite_empty(dst), "a refused retype filled its destination");
    CHECK_OK(erix_kctl_retype_frame(EP, u, dst, 1)); /* the deepest still gives objects */
    return true;
}

static const struct suite_test tests[] = {
    {"untyped.retype_frame", retype_frame},
    {"untyped.retype_frame_zeroed", retype_frame_zeroed},
    {"untyped.retype_child_untyped", retype_child_untyped},
    {"untyped.create_endpoint", create_endpoint},
    {"untyped.retype_invalid_args", retype_args},
    {"untyped.exhaustion_frame_changes_nothing", exhaustion_frame},
    {"untyped.exhaustion_endpoints", exhaustion_endpoints},
    {"untyped.exhaustion_child_untyped", exhaustion_untyped},
    {"untyped.exhaustion_process", exhaustion_process},
    {"untyped.device_untyped_frames_only", device_untyped_frames_only},
    {"untyped.reset_revokes_everything", reset_revokes_everything},
    {"untyped.drop_untyped_revokes", drop_untyped_revokes},
    {"untyped.reset_wakes_waiter_peer_gone", reset_wakes_waiter},
    {"untyped.reset_checks", reset_checks},
    {"untyped.depth_limit", depth_limit},
};

SUITE_GROUP(group_untyped, tests);
