/*
 * suite_caps.c - capability tests: slot lookup errors, the root task's
 * inventory, attenuated copies (never more rights), badges, what may not be
 * copied, dropping, endpoint aliases, and the two introspection paths
 * (QUERY_LOCAL_CAP and the QUERY_CAP kernel op).
 */
#include <string.h>

#include "suite.h"

static erix_status_t query(uint32_t slot, uint32_t flags, struct erix_kctl_query_cap_resp *out)
{
    return erix_kctl_query_cap(EP, slot, flags, out);
}

static bool lookup_slot0(void)
{
    struct erix_cap_info ci;
    struct erix_kctl_query_cap_resp q;
    CHECK_ST(erix_cap_info(ERIX_SLOT_NULL, &ci), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(query(ERIX_SLOT_NULL, 0, &q), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_cap_drop(ERIX_SLOT_NULL), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_kctl_copy(EP, ERIX_SLOT_NULL, suite_slot(), ERIX_RIGHTS_ALL, 0),
             ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_kctl_copy(EP, ERIX_SLOT_KERNEL_LOG, ERIX_SLOT_NULL, ERIX_RIGHTS_ALL, 0),
             ERIX_ERR_INVALID_SLOT);
    return true;
}

static bool lookup_out_of_range(void)
{
    struct erix_cap_info ci;
    struct erix_kctl_query_cap_resp q;
    CHECK_ST(erix_cap_info(ERIX_CSPACE_SLOTS, &ci), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_sys_query_local_cap(0xffffffffu, &ci), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(query(ERIX_CSPACE_SLOTS, 0, &q), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(query(0x80000000u, 0, &q), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_cap_drop(ERIX_CSPACE_SLOTS), ERIX_ERR_INVALID_SLOT);
    CHECK_ST(erix_kctl_copy(EP, ERIX_SLOT_KERNEL_LOG, ERIX_CSPACE_SLOTS, ERIX_RIGHTS_ALL, 0),
             ERIX_ERR_INVALID_SLOT);
    return true;
}

static bool lookup_empty(void)
{
    struct erix_cap_info ci;
    struct erix_kctl_query_cap_resp q;
    uint32_t s = suite_slot();
    CHECK_ST(erix_cap_info(s, &ci), ERIX_ERR_EMPTY_SLOT);
    CHECK_ST(erix_cap_info(ERIX_CSPACE_SLOTS - 1, &ci), ERIX_ERR_EMPTY_SLOT);
    CHECK_ST(erix_cap_info(ERIX_SLOT_LEGACY_ROOT, &ci), ERIX_ERR_EMPTY_SLOT);
    CHECK_ST(query(s, 0, &q), ERIX_ERR_EMPTY_SLOT);
    CHECK_ST(erix_cap_drop(s), ERIX_ERR_EMPTY_SLOT);
    CHECK_ST(erix_kctl_copy(EP, s, suite_slot(), ERIX_RIGHTS_ALL, 0), ERIX_ERR_EMPTY_SLOT);
    CHECK_ST(erix_kctl_log(s, "x", 1), ERIX_ERR_EMPTY_SLOT);
    return true;
}

static bool lookup_wrong_type(void)
{
    uint32_t ep = suite_endpoint(), frame = suite_frame(1), dst = suite_slot();
    CHECK(ep != 0 && frame != 0, "scratch objects");
    CHECK_ST(erix_kctl_create_endpoint(EP, ep, dst), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_retype_frame(EP, frame, dst, 1), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_untyped_reset(EP, ep), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_kill(EP, ep, ERIX_KILL_REASON_MANAGED_STOP), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_map_frame(EP, ERIX_SLOT_SELF_TCB, frame, suite_va(1), ERIX_MAP_READ),
             ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_map_frame(EP, ERIX_SLOT_SELF_VSPACE, ep, suite_va(1), ERIX_MAP_READ),
             ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_log(frame, "x", 1), ERIX_ERR_WRONG_TYPE); /* CALL on a frame */
    CHECK(suite_empty(dst), "a refused op filled its destination");
    return true;
}

/* Every inventory entry of the handoff is what QUERY_LOCAL_CAP reports. */
static bool root_inventory(void)
{
    const struct erix_handoff_view *v = &suite_env.handoff;
    CHECK(v->header->flags & ERIX_HANDOFF_FLAG_ROOT_ENDPOINT, "handoff lacks the ROOT flag");
    CHECK_EQ(v->header->root_endpoint_slot, ERIX_SLOT_ROOT_ENDPOINT);
    for (uint32_t i = 0; i < v->header->slot_count; i++) {
        const struct erix_handoff_slot *s = &v->slots[i];
        struct erix_cap_info ci;
        CHECK_OK(erix_cap_info(s->slot, &ci));
        CHECK(ci.type == s->cap_type && ci.endpoint_kind == s->endpoint_kind,
              "slot %u: type %u kind %u, handoff says %u %u", s->slot, ci.type,
              ci.endpoint_kind, s->cap_type, s->endpoint_kind);
    }
    CHECK_OK(erix_cap_expect(ERIX_SLOT_SELF_TCB, ERIX_CAP_TCB, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(erix_cap_expect(ERIX_SLOT_SELF_CNODE, ERIX_CAP_CNODE, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(erix_cap_expect(ERIX_SLOT_SELF_VSPACE, ERIX_CAP_VSPACE, ERIX_RIGHTS_ALL, 0));
    CHECK_EQ(suite_rights(EP), ERIX_RIGHT_SEND);
    return true;
}

/* For every mask, a copy holds exactly src & mask; a copy of it never more. */
static bool copy_rights_table(void)
{
    uint32_t ep = suite_endpoint();
    CHECK(ep != 0, "endpoint");
    uint32_t src = ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT;
    CHECK_EQ(suite_rights(ep), src);
    for (uint32_t mask = 0; mask <= ERIX_RIGHTS_ALL; mask++) {
        uint32_t a = suite_slot(), b = suite_slot();
        CHECK_OK(erix_kctl_copy(EP, ep, a, mask, 0));
        CHECK(suite_rights(a) == (src & mask), "mask 0x%x: rights 0x%x", mask,
              suite_rights(a));
        CHECK_OK(erix_kctl_copy(EP, a, b, ERIX_RIGHTS_ALL, 0));
        CHECK(suite_rights(b) == (src & mask), "copy of mask 0x%x grew to 0x%x", mask,
              suite_rights(b));
        CHECK_OK(erix_cap_drop(a));
        CHECK_OK(erix_cap_drop(b));
    }
    return true;
}

static bool copy_never_adds_rights(void)
{
    uint32_t log = suite_copy(ERIX_SLOT_KERNEL_LOG, ERIX_RIGHTS_ALL, 0);
    CHECK(log != 0, "copy of LOG");
    CHECK_EQ(suite_rights(log), ERIX_RIGHT_SEND);
    uint32_t none = suite_copy(log, ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT, 0);
    CHECK(none != 0, "copy without rights");
    CHECK_EQ(suite_rights(none), 0);
    uint32_t again = suite_copy(none, ERIX_RIGHTS_ALL, 0);
    CHECK_EQ(suite_rights(again), 0);
    CHECK_ST(erix_kctl_log(none, "never printed", 13), ERIX_ERR_NO_RIGHTS);
    uint32_t module = suite_copy(ERIX_SLOT_MODULE_BASE, ERIX_RIGHTS_ALL, 0);
    CHECK_EQ(suite_rights(module), ERIX_RIGHT_READ);
    return true;
}

static bool copy_invalid_args(void)
{
    uint32_t occupied = suite_endpoint(), dst = suite_slot();
    struct erix_kctl_copy_req r = {ERIX_SLOT_KERNEL_LOG, dst, ERIX_RIGHTS_ALL, 1, 0};
    CHECK_ST(erix_kctl_copy(EP, ERIX_SLOT_KERNEL_LOG, dst, 0x20, 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_CAP_COPY_ATTENUATED, &r, sizeof r, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_copy(EP, ERIX_SLOT_KERNEL_LOG, occupied, ERIX_RIGHTS_ALL, 0),
             ERIX_ERR_SLOT_OCCUPIED);
    CHECK_ST(erix_kctl_copy(EP, ERIX_SLOT_KERNEL_LOG, ERIX_SLOT_SELF_TCB, ERIX_RIGHTS_ALL, 0),
             ERIX_ERR_SLOT_OCCUPIED);
    CHECK(suite_empty(dst), "refused copies filled the destination");
    CHECK_EQ(suite_rights(occupied), ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT);
    return true;
}

static bool badge_unbadged_endpoint(void)
{
    struct erix_kctl_query_cap_resp q;
    struct erix_cap_info ci;
    uint32_t ep = suite_endpoint();
    uint32_t badged = suite_copy(ep, ERIX_RIGHTS_ALL, 0x1234abcd5678ull);
    CHECK(badged != 0, "badged copy");
    CHECK_OK(erix_cap_info(badged, &ci));
    CHECK_EQ(ci.aux, 0x1234abcd5678ull);
    CHECK_OK(query(badged, 0, &q));
    CHECK_EQ(q.aux, 0x1234abcd5678ull);
    CHECK_OK(erix_cap_info(ep, &ci));
    CHECK_EQ(ci.aux, 0); /* the source stays unbadged */
    uint32_t keep = suite_copy(badged, ERIX_RIGHT_SEND, 0);
    CHECK_OK(erix_cap_info(keep, &ci));
    CHECK_EQ(ci.aux, 0x1234abcd5678ull); /* badge 0 keeps the badge */
    return true;
}

static bool badge_rebadge_denied(void)
{
    uint32_t ep = suite_endpoint(), dst = suite_slot();
    uint32_t badged = suite_copy(ep, ERIX_RIGHTS_ALL, 7);
    CHECK(badged != 0, "badged copy");
    CHECK_ST(erix_kctl_copy(EP, badged, dst, ERIX_RIGHTS_ALL, 8), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_copy(EP, badged, dst, ERIX_RIGHTS_ALL, 7), ERIX_ERR_DENIED);
    CHECK(suite_empty(dst), "a refused badge filled the destination");
    return true;
}

static bool badge_non_endpoint_denied(void)
{
    uint32_t frame = suite_frame(1), dst = suite_slot();
    CHECK_ST(erix_kctl_copy(EP, frame, dst, ERIX_RIGHTS_ALL, 5), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_copy(EP, ERIX_SLOT_SELF_TCB, dst, ERIX_RIGHTS_ALL, 5), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_copy(EP, ERIX_SLOT_SELF_VSPACE, dst, ERIX_RIGHTS_ALL, 5),
             ERIX_ERR_DENIED);
    CHECK(suite_empty(dst), "a refused badge filled the destination");
    return true;
}

static bool untyped_copy_denied(void)
{
    uint32_t ut = suite_untyped(4), dst = suite_slot();
    CHECK(ut != 0, "child untyped");
    CHECK_ST(erix_kctl_copy(EP, ut, dst, ERIX_RIGHTS_ALL, 0), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_copy(EP, ut, dst, ERIX_RIGHT_READ, 0), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_copy(EP, suite_env.bank_slot, dst, ERIX_RIGHTS_ALL, 0), ERIX_ERR_DENIED);
    CHECK(suite_empty(dst), "an untyped was copied");
    return true;
}

static bool grant_copy_denied(void)
{
    struct ktest_child c;
    uint32_t grant = suite_slot(), dst = suite_slot();
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, 0));
    CHECK_OK(erix_kctl_derive_grant(EP, c.r.tcb_slot, grant, 20, 4, ERIX_RIGHTS_ALL));
    CHECK_EQ(suite_rights(grant), ERIX_RIGHTS_ALL);
    CHECK_ST(erix_kctl_copy(EP, grant, dst, ERIX_RIGHTS_ALL, 0), ERIX_ERR_DENIED);
    CHECK(suite_empty(dst), "an install grant was copied");
    return true;
}

static bool drop_local_cap(void)
{
    uint32_t ep = suite_endpoint();
    CHECK(ep != 0, "endpoint");
    CHECK_OK(erix_cap_drop(ep));
    CHECK(suite_empty(ep), "dropped slot still holds a capability");
    CHECK_ST(erix_cap_drop(ep), ERIX_ERR_EMPTY_SLOT);
    CHECK_OK(erix_kctl_copy(EP, ERIX_SLOT_KERNEL_LOG, ep, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(erix_cap_expect(ep, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_LOG));
    return true;
}

/* Two slots name one endpoint; dropping one leaves the other working. */
static bool alias_drop_one_keeps_other(void)
{
    struct erix_msg m;
    uint32_t ep = suite_endpoint();
    uint32_t alias = suite_copy(ep, ERIX_RIGHTS_ALL, 0);
    CHECK(alias != 0, "alias");
    CHECK_OK(erix_cap_drop(ep));
    CHECK_ST(erix_recv(alias, ERIX_IPC_POLL, 0, &m), ERIX_ERR_WOULD_BLOCK);
    CHECK_ST(erix_notify(alias, ERIX_IPC_POLL, 0, 1, NULL, 0), ERIX_ERR_WOULD_BLOCK);
    uint32_t l1 = suite_copy(ERIX_SLOT_KERNEL_LOG, ERIX_RIGHTS_ALL, 0);
    uint32_t l2 = suite_copy(l1, ERIX_RIGHTS_ALL, 0);
    CHECK_OK(erix_cap_drop(l1));
    CHECK_OK(erix_kctl_log(l2, "ktest: a LOG alias outlives its source", 38));
    return true;
}

/* A message sent through one alias is received through the other. */
static bool alias_shares_queue(void)
{
    struct ktest_child c;
    uint64_t code = 0;
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    uint32_t ep = suite_endpoint();
    uint32_t alias = suite_copy(ep, ERIX_RIGHTS_ALL, 0);
    CHECK_OK(suite_child_give(&c, ep, KTEST_CHILD_PEER_SLOT, ERIX_RIGHTS_ALL, 0));
    CHECK_OK(suite_child_start(&c, ROLE_NOTIFY, 0x5150));
    struct erix_msg m;
    CHECK_OK(erix_recv(alias, ERIX_IPC_TIMED, SUITE_TIMEOUT_US, &m));
    CHECK_EQ(m.op, KTEST_NOTIFY_OP);
    CHECK_EQ(m.sender_pid, c.r.pid);
    CHECK_OK(suite_child_exit(&c, &code));
    CHECK_EQ(code, ERIX_OK);
    return true;
}

static bool query_kind_flag(void)
{
    struct erix_kctl_query_cap_resp q;
    struct erix_cap_info ci;
    CHECK_OK(query(ERIX_SLOT_KERNEL_LOG, 0, &q));
    CHECK_EQ(q.value1, ERIX_CAPINFO(ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND));
    CHECK_OK(query(ERIX_SLOT_KERNEL_LOG, ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND, &q));
    CHECK_EQ(q.value1,
             ERIX_CAPINFO(ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND) | (uint64_t)ERIX_EP_LOG << 32);
    CHECK_OK(erix_cap_info(ERIX_SLOT_KERNEL_LOG, &ci));
    CHECK_EQ(ci.endpoint_kind, ERIX_EP_LOG);
    uint32_t frame = suite_frame(2);
    CHECK_OK(query(frame, ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND, &q));
    CHECK_EQ(q.value1, ERIX_CAPINFO(ERIX_CAP_FRAME, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE));
    CHECK_EQ(q.size, 8192);
    uint32_t ep = suite_endpoint();
    CHECK_OK(query(ep, ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND, &q));
    CHECK_EQ(q.value1 >> 32, ERIX_EP_GENERIC);
    CHECK_ST(query(ep, 0x2, &q), ERIX_ERR_INVALID_ARGUMENT);
    return true;
}

/* QUERY_CAP (the kernel op) and QUERY_LOCAL_CAP (the syscall) agree. */
static bool query_paths_agree(void)
{
    uint32_t ep = suite_endpoint();
    uint32_t slots[] = {suite_frame(3), suite_untyped(8), suite_copy(ep, ERIX_RIGHT_SEND, 99),
                        ERIX_SLOT_SELF_TCB, ERIX_SLOT_KERNEL_ACPI, ERIX_SLOT_MODULE_BASE};
    for (unsigned i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        struct erix_kctl_query_cap_resp q;
        struct erix_cap_info ci;
        CHECK_OK(query(slots[i], ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND, &q));
        CHECK_OK(erix_cap_info(slots[i], &ci));
        CHECK(ERIX_CAPINFO_TYPE(q.value1) == ci.type &&
                  ERIX_CAPINFO_RIGHTS(q.value1) == ci.rights &&
                  (q.value1 >> 32) == ci.endpoint_kind && q.size == ci.size && q.aux == ci.aux,
              "slot %u: QUERY_CAP and QUERY_LOCAL_CAP differ", slots[i]);
    }
    return true;
}

static bool query_untyped_watermark(void)
{
    struct erix_kctl_query_cap_resp q;
    uint32_t ut = suite_untyped(16), frame = suite_slot();
    CHECK(ut != 0, "child untyped");
    CHECK_OK(query(ut, 0, &q));
    CHECK_EQ(q.value1, ERIX_CAPINFO(ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL));
    CHECK_EQ(q.size, 16 * 4096);
    CHECK_EQ(q.aux, 0);
    CHECK_OK(erix_kctl_retype_frame(EP, ut, frame, 3));
    CHECK_OK(query(ut, 0, &q));
    CHECK_EQ(q.aux, 3 * 4096);
    return true;
}

/* A copy of a family endpoint keeps the family's policy: dispatch follows the object. */
static bool family_alias_keeps_policy(void)
{
    uint32_t pci = suite_copy(ERIX_SLOT_KERNEL_PCI_CONFIG, ERIX_RIGHTS_ALL, 0);
    uint32_t value = 0;
    uint8_t b;
    CHECK_OK(erix_cap_expect(pci, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_PCI_CONFIG));
    CHECK_OK(erix_kctl_pci_read32(pci, 0, 0, 0, 0, &value));
    CHECK((value & 0xffff) != 0xffff, "no host bridge vendor id");
    CHECK_ST(erix_kctl_port_read8(pci, 0x3f8, &b), ERIX_ERR_DENIED);
    uint32_t badged = suite_copy(ERIX_SLOT_KERNEL_PCI_CONFIG, ERIX_RIGHTS_ALL, 3);
    CHECK_ST(erix_kctl_port_read8(badged, 0x3f8, &b), ERIX_ERR_DENIED);
    return true;
}

/* A slot number is a name in one's own CSpace: a child has nothing at the root's slots. */
static bool slot_number_no_authority(void)
{
    static const uint32_t slots[] = {ERIX_SLOT_ROOT_ENDPOINT, ERIX_SLOT_KERNEL_LOG,
                                     ERIX_SLOT_KERNEL_PROCESS, ERIX_SLOT_SELF_TCB};
    for (unsigned i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        uint64_t code = 0;
        CHECK_OK(suite_child_run(ROLE_KCTL_PROBE, slots[i], &code));
        CHECK(code == ERIX_ERR_EMPTY_SLOT, "child's call through slot %u: %s", slots[i],
              erix_status_name((long)code));
        suite_children_reset();
    }
    return true;
}

static bool child_cspace_isolated(void)
{
    uint64_t code = 0;
    CHECK_OK(suite_child_run(ROLE_CAPS, 0, &code));
    CHECK_EQ(code, (1u << KTEST_CHILD_EVENT_SLOT) | (1u << KTEST_CHILD_PEER_SLOT));
    return true;
}

static const struct suite_test tests[] = {
    {"caps.lookup_slot0_invalid", lookup_slot0},
    {"caps.lookup_out_of_range_invalid", lookup_out_of_range},
    {"caps.lookup_empty_slot", lookup_empty},
    {"caps.lookup_wrong_type", lookup_wrong_type},
    {"caps.root_inventory_matches_handoff", root_inventory},
    {"caps.copy_rights_mask_table", copy_rights_table},
    {"caps.copy_never_adds_rights", copy_never_adds_rights},
    {"caps.copy_invalid_args", copy_invalid_args},
    {"caps.badge_unbadged_endpoint", badge_unbadged_endpoint},
    {"caps.badge_rebadge_denied", badge_rebadge_denied},
    {"caps.badge_non_endpoint_denied", badge_non_endpoint_denied},
    {"caps.untyped_copy_denied", untyped_copy_denied},
    {"caps.install_grant_copy_denied", grant_copy_denied},
    {"caps.drop_local_cap", drop_local_cap},
    {"caps.alias_drop_one_keeps_other", alias_drop_one_keeps_other},
    {"caps.alias_shares_queue", alias_shares_queue},
    {"caps.query_cap_kind_flag", query_kind_flag},
    {"caps.query_paths_agree", query_paths_agree},
    {"caps.query_untyped_watermark", query_untyped_watermark},
    {"caps.family_alias_keeps_policy", family_alias_keeps_policy},
    {"caps.slot_number_no_authority", slot_number_no_authority},
    {"caps.child_cspace_isolated", child_cspace_isolated},
};

SUITE_GROUP(group_caps, tests);
