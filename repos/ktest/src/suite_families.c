/*
 * suite_families.c - kernel-control family tests: every family at its
 * dedicated slot has its kind, one allowed op works and well-formed
 * disallowed ops are DENIED; the whole op x family matrix against this
 * file's own copy of the documented family lists (the seeds' words, not
 * lib-ipc's table); reserved ops; request lengths (MALFORMED) and reserved
 * fields (INVALID_ARGUMENT); header flags on kernel calls.
 */
#include <string.h>

#include "suite.h"

#define OPS_MAX 40u

struct family {
    uint32_t kind;
    uint32_t slot;
    uint32_t ops[OPS_MAX]; /* allowed, 0-terminated */
};

/* The documented surfaces (kernel seed; PROCESS and CHILD_POPULATE: erix/kctl.h). */
static const struct family families[] = {
    {ERIX_EP_TIME, 2128, {ERIX_KCTL_READ_MONOTONIC_CLOCK, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_IRQ, 2144,
     {ERIX_KCTL_IRQ_CONTROL, ERIX_KCTL_IRQ_WAIT, ERIX_KCTL_READ_MONOTONIC_CLOCK}},
    {ERIX_EP_HOTPLUG, 2160, {ERIX_KCTL_HOTPLUG_WAIT, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_PCI_CONFIG, 2176,
     {ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_READ_PCI_CONFIG_DWORD, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_CONSOLE, 2192,
     {ERIX_KCTL_FB_QUERY, ERIX_KCTL_FB_MAP, ERIX_KCTL_LOG_STRING, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_COM1, 2208, {ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_MEMORY, 2224, {ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_VSPACE, 2240, {ERIX_KCTL_MAP_FRAME, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_PAGER, 2256, {ERIX_KCTL_RESOLVE_FAULT, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_LOG, 2272,
     {ERIX_KCTL_QUERY_CAP, ERIX_KCTL_LOG_STRING, ERIX_KCTL_WRITE_LEGACY_SERIAL}},
    {ERIX_EP_PROCESS, 2288,
     {ERIX_KCTL_KILL_PROCESS, ERIX_KCTL_QUERY_CAP, ERIX_KCTL_CREATE_ENDPOINT,
      ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_KCTL_CREATE_STAGED_PROCESS,
      ERIX_KCTL_DERIVE_INSTALL_GRANT, ERIX_KCTL_INSTALL_WITH_GRANT,
      ERIX_KCTL_ABORT_STAGED_PROCESS, ERIX_KCTL_WRITE_PROCESS_MEMORY, ERIX_KCTL_START_PROCESS,
      ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ERIX_KCTL_MAP_FRAME, ERIX_KCTL_UNMAP_FRAME,
      ERIX_KCTL_SET_FAULT_ENDPOINT, ERIX_KCTL_READ_MONOTONIC_CLOCK, ERIX_KCTL_RETYPE_UNTYPED,
      ERIX_KCTL_UNTYPED_RESET, ERIX_KCTL_QUERY_PROCESS, ERIX_KCTL_SET_PRIORITY,
      ERIX_KCTL_RESTAGE_PROCESS}},
    {ERIX_EP_CHILD_POPULATE, 2304,
     {ERIX_KCTL_CREATE_ENDPOINT, ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_KCTL_INSTALL_WITH_GRANT,
      ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_ACPI, 2320,
     {ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_GET_ACPI_RSDP, ERIX_KCTL_READ_ACPI_QWORDS,
      ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_I8042, 2336, {ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_ROOT, ERIX_SLOT_ROOT_ENDPOINT,
     {30, 33, 34, 35, 36, 37, 38, 39, 40, 42, 44, 45, 46, 47, 48, 49, 50, 51,
      52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69}},
};

#define FAMILY_COUNT (sizeof families / sizeof families[0])

/* Ops whose request is empty: with no body they run (harmlessly); what they
 * answer on this machine, else MALFORMED for an op that needs a request. */
static erix_status_t empty_body_answer(uint32_t op)
{
    switch (op) {
    case ERIX_KCTL_READ_PLATFORM_CAPS:
    case ERIX_KCTL_GET_ACPI_RSDP:
    case ERIX_KCTL_FB_QUERY:
    case ERIX_KCTL_READ_MONOTONIC_CLOCK: return ERIX_OK;
    case ERIX_KCTL_HOTPLUG_WAIT: return ERIX_ERR_WOULD_BLOCK; /* no hotplug source */
    default: return ERIX_ERR_MALFORMED;
    }
}

static bool allowed(const struct family *f, uint32_t op)
{
    for (uint32_t i = 0; i < OPS_MAX && f->ops[i] != 0; i++)
        if (f->ops[i] == op)
            return true;
    return false;
}

static erix_status_t call0(uint32_t slot, uint32_t op)
{
    uint8_t resp[64];
    return erix_kctl_raw(slot, op, NULL, 0, resp, sizeof resp, NULL);
}

/* Every op 0..127 on every family: DENIED exactly when the family does not list it;
 * a listed op with a request refuses the empty body as MALFORMED, one without runs. */
static bool op_matrix(void)
{
    for (uint32_t i = 0; i < FAMILY_COUNT; i++) {
        const struct family *f = &families[i];
        for (uint32_t op = 0; op < ERIX_KCTL_OP_LIMIT; op++) {
            erix_status_t st = call0(f->slot, op);
            erix_status_t want = allowed(f, op) ? empty_body_answer(op) : ERIX_ERR_DENIED;
            CHECK(st == want, "kind %u op %u (%s) with no body: %s, want %s", f->kind, op,
                  erix_kctl_op_name(op), erix_status_name(st), erix_status_name(want));
        }
        CHECK_ST(call0(f->slot, ERIX_KCTL_OP_LIMIT), ERIX_ERR_DENIED);
        CHECK_ST(call0(f->slot, 0xffffffffu), ERIX_ERR_DENIED);
    }
    return true;
}

static bool kinds_at_dedicated_slots(void)
{
    for (uint32_t i = 0; i < FAMILY_COUNT; i++) {
        struct erix_cap_info ci;
        CHECK_OK(erix_cap_info(families[i].slot, &ci));
        CHECK(ci.type == ERIX_CAP_ENDPOINT && ci.endpoint_kind == families[i].kind &&
                  ci.rights == ERIX_RIGHT_SEND,
              "slot %u: type %u kind %u rights 0x%x", families[i].slot, ci.type,
              ci.endpoint_kind, ci.rights);
        if (families[i].kind != ERIX_EP_ROOT)
            CHECK_EQ(erix_family_slot(families[i].kind), families[i].slot);
    }
    return true;
}

/* CAP_COPY (8) and CREATE_PROCESS (1) are reserved: denied even on ROOT, well formed. */
static bool reserved_ops_denied_on_root(void)
{
    struct erix_kctl_copy_req copy = {ERIX_SLOT_KERNEL_LOG, suite_slot(), ERIX_RIGHTS_ALL, 0, 0};
    struct erix_kctl_create_process_req create = {SUITE_SCRATCH_SLOT, suite_slot(), 1, 0};
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_CAP_COPY, &copy, sizeof copy, NULL, 0, NULL),
             ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_raw(EP, ERIX_KCTL_CREATE_PROCESS, &create, sizeof create, NULL, 0, NULL),
             ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_raw(ERIX_SLOT_KERNEL_PROCESS, ERIX_KCTL_CAP_COPY, &copy, sizeof copy, NULL,
                           0, NULL),
             ERIX_ERR_DENIED);
    CHECK(suite_empty(copy.dest_slot), "CAP_COPY copied");
    CHECK_EQ(suite_watermark(SUITE_SCRATCH_SLOT), 0);
    return true;
}

/* ---- request sizes: MALFORMED when a byte short or long --------------------------- */

struct op_size {
    uint32_t op;
    uint16_t size;
};

static const struct op_size sizes[] = {
    {ERIX_KCTL_READ_PLATFORM_CAPS, 0},
    {ERIX_KCTL_KILL_PROCESS, sizeof(struct erix_kctl_slot_req)},
    {ERIX_KCTL_QUERY_CAP, sizeof(struct erix_kctl_query_cap_req)},
    {ERIX_KCTL_CREATE_ENDPOINT, sizeof(struct erix_kctl_retype_req)},
    {ERIX_KCTL_CAP_COPY_ATTENUATED, sizeof(struct erix_kctl_copy_req)},
    {ERIX_KCTL_CREATE_STAGED_PROCESS, sizeof(struct erix_kctl_create_process_req)},
    {ERIX_KCTL_DERIVE_INSTALL_GRANT, sizeof(struct erix_kctl_grant_req)},
    {ERIX_KCTL_INSTALL_WITH_GRANT, sizeof(struct erix_kctl_install_req)},
    {ERIX_KCTL_ABORT_STAGED_PROCESS, sizeof(struct erix_kctl_slot_req)},
    {ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, sizeof(struct erix_kctl_pci_req)},
    {ERIX_KCTL_START_PROCESS, sizeof(struct erix_kctl_start_req)},
    {ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, sizeof(struct erix_kctl_retype_req)},
    {ERIX_KCTL_MAP_FRAME, sizeof(struct erix_kctl_map_req)},
    {ERIX_KCTL_UNMAP_FRAME, sizeof(struct erix_kctl_slot_req)},
    {ERIX_KCTL_RESOLVE_FAULT, sizeof(struct erix_kctl_resolve_req)},
    {ERIX_KCTL_IOPORT_READ8, sizeof(struct erix_kctl_port_req)},
    {ERIX_KCTL_IOPORT_WRITE8, sizeof(struct erix_kctl_port_req)},
    {ERIX_KCTL_READ_PCI_CONFIG_DWORD, sizeof(struct erix_kctl_pci_req)},
    {ERIX_KCTL_GET_ACPI_RSDP, 0},
    {ERIX_KCTL_READ_ACPI_QWORDS, sizeof(struct erix_kctl_acpi_read_req)},
    {ERIX_KCTL_IRQ_CONTROL, sizeof(struct erix_kctl_irq_req)},
    {ERIX_KCTL_IRQ_WAIT, sizeof(struct erix_kctl_irq_req)},
    {ERIX_KCTL_HOTPLUG_WAIT, 0},
    {ERIX_KCTL_FB_QUERY, 0},
    {ERIX_KCTL_FB_MAP, sizeof(struct erix_kctl_slot_req)},
    {ERIX_KCTL_SET_FAULT_ENDPOINT, sizeof(struct erix_kctl_endpoint_reg_req)},
    {ERIX_KCTL_REGISTER_PAGER, sizeof(struct erix_kctl_endpoint_reg_req)},
    {ERIX_KCTL_READ_MONOTONIC_CLOCK, 0},
    {ERIX_KCTL_RETYPE_UNTYPED, sizeof(struct erix_kctl_retype_req)},
    {ERIX_KCTL_UNTYPED_RESET, sizeof(struct erix_kctl_slot_req)},
    {ERIX_KCTL_QUERY_PROCESS, sizeof(struct erix_kctl_slot_req)},
    {ERIX_KCTL_SET_PRIORITY, sizeof(struct erix_kctl_priority_req)},
    {ERIX_KCTL_RESTAGE_PROCESS, sizeof(struct erix_kctl_slot_req)},
};

static uint16_t size_of(uint32_t op)
{
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (sizes[i].op == op)
            return sizes[i].size;
    return 16;
}

static erix_status_t call_zeros(uint32_t slot, uint32_t op, uint16_t len)
{
    static const uint8_t zeros[64];
    uint8_t resp[64];
    return erix_kctl_raw(slot, op, zeros, len, resp, sizeof resp, NULL);
}

static bool request_lengths_exact(void)
{
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint32_t op = sizes[i].op;
        uint16_t n = sizes[i].size;
        CHECK(call_zeros(EP, op, (uint16_t)(n + 1)) == ERIX_ERR_MALFORMED,
              "%s with %u bytes not MALFORMED", erix_kctl_op_name(op), n + 1);
        CHECK(call_zeros(EP, op, (uint16_t)(n + 8)) == ERIX_ERR_MALFORMED,
              "%s with %u bytes not MALFORMED", erix_kctl_op_name(op), n + 8);
        if (n > 0)
            CHECK(call_zeros(EP, op, (uint16_t)(n - 1)) == ERIX_ERR_MALFORMED,
                  "%s with %u bytes not MALFORMED", erix_kctl_op_name(op), n - 1);
    }
    return true;
}

/* Kernel calls take no header flags (no transfer tables) and at most 1024 bytes. */
static bool header_flags_refused(void)
{
    uint64_t arg = ERIX_IPC_ARG(ERIX_SLOT_KERNEL_TIME, 0, 0);
    uint32_t op = ERIX_KCTL_READ_MONOTONIC_CLOCK;
    CHECK_ST(suite_raw_transport(ERIX_SYS_CALL, arg,
                                 ERIX_MSG_HEADER(op, ERIX_MSG_FLAG_CAP_TRANSFER_TABLE_V1, 0), NULL),
             ERIX_ERR_MALFORMED);
    CHECK_ST(suite_raw_transport(ERIX_SYS_CALL, arg,
                                 ERIX_MSG_HEADER(op, ERIX_MSG_FLAG_KERNEL_EVENT, 0), NULL),
             ERIX_ERR_MALFORMED);
    CHECK_ST(suite_raw_transport(ERIX_SYS_CALL, ERIX_IPC_ARG(EP, 0, 0),
                                 ERIX_MSG_HEADER(ERIX_KCTL_QUERY_CAP, 0, 1025), NULL),
             ERIX_ERR_MALFORMED);
    CHECK_OK(suite_raw_transport(ERIX_SYS_CALL, arg, ERIX_MSG_HEADER(op, 0, 0), NULL));
    return true;
}

/* ---- one family at a time: its kind, an allowed op works, others are DENIED ----- */

/* Each op of `ops` (0-terminated), with a zeroed request of its size, is DENIED. */
static bool all_denied(uint32_t slot, const uint32_t *ops)
{
    for (; *ops != 0; ops++)
        CHECK(call_zeros(slot, *ops, size_of(*ops)) == ERIX_ERR_DENIED,
              "%s through slot %u not DENIED", erix_kctl_op_name(*ops), slot);
    return true;
}

static bool kind_is(uint32_t slot, uint32_t kind)
{
    struct erix_kctl_query_cap_resp q;
    CHECK_OK(erix_kctl_query_cap(EP, slot, ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND, &q));
    CHECK_EQ(q.value1 >> 32, kind);
    return true;
}

#define DENIED(slot, ...) all_denied(slot, (const uint32_t[]){__VA_ARGS__, 0})

static bool family_time(void)
{
    struct erix_kctl_clock_resp c;
    struct erix_kctl_query_cap_resp q;
    uint32_t s = ERIX_SLOT_KERNEL_TIME;
    CHECK_OK(erix_kctl_clock(s, &c));
    CHECK(c.nanoseconds > 0, "clock at zero");
    CHECK_OK(erix_kctl_query_cap(s, s, 0, &q));
    return kind_is(s, ERIX_EP_TIME) &&
           DENIED(s, ERIX_KCTL_LOG_STRING, ERIX_KCTL_IRQ_CONTROL, ERIX_KCTL_MAP_FRAME,
                  ERIX_KCTL_CREATE_ENDPOINT);
}

static bool family_irq(void)
{
    struct erix_kctl_clock_resp c;
    uint32_t s = ERIX_SLOT_KERNEL_IRQ;
    CHECK_OK(erix_kctl_clock(s, &c));
    CHECK_ST(erix_kctl_irq_control(s, 0, ERIX_IRQ_ENABLE), ERIX_ERR_INVALID_ARGUMENT);
    return kind_is(s, ERIX_EP_IRQ) &&
           DENIED(s, ERIX_KCTL_QUERY_CAP, ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_LOG_STRING,
                  ERIX_KCTL_HOTPLUG_WAIT);
}

static bool family_hotplug(void)
{
    struct erix_kctl_query_cap_resp q;
    uint32_t s = ERIX_SLOT_KERNEL_HOTPLUG;
    CHECK_ST(erix_kctl_hotplug_wait(s), ERIX_ERR_WOULD_BLOCK); /* no hotplug source exists */
    CHECK_OK(erix_kctl_query_cap(s, s, 0, &q));
    return kind_is(s, ERIX_EP_HOTPLUG) &&
           DENIED(s, ERIX_KCTL_IRQ_WAIT, ERIX_KCTL_READ_MONOTONIC_CLOCK,
                  ERIX_KCTL_READ_PLATFORM_CAPS);
}

static bool family_pci_config(void)
{
    uint32_t s = ERIX_SLOT_KERNEL_PCI_CONFIG, v = 0, caps = 0;
    CHECK_OK(erix_kctl_pci_read32(s, 0, 0, 0, 0, &v));
    CHECK((v & 0xffff) != 0xffff && (v & 0xffff) != 0, "vendor id 0x%x", v & 0xffff);
    CHECK_OK(erix_kctl_platform_caps(s, &caps));
    CHECK(caps & ERIX_PLATFORM_PCI, "platform caps 0x%x without PCI", caps);
    return kind_is(s, ERIX_EP_PCI_CONFIG) &&
           DENIED(s, ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_READ_ACPI_QWORDS,
                  ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME);
}

static bool family_console(void)
{
    struct erix_kctl_fb_resp fb;
    uint32_t s = ERIX_SLOT_KERNEL_CONSOLE;
    const struct erix_handoff_framebuffer *h = &suite_env.handoff.header->fb;
    CHECK_OK(erix_kctl_fb_query(s, &fb));
    CHECK(fb.phys == h->phys && fb.width == h->width && fb.height == h->height &&
              fb.pitch == h->pitch && fb.bpp == h->bpp && fb.type == h->type &&
              fb.present == h->present,
          "FB_QUERY %ux%u type %u differs from the handoff", fb.width, fb.height, fb.type);
    CHECK_OK(erix_kctl_log(s, "ktest: a line through the console family", 40));
    uint32_t fb_slot = suite_slot();
    if (h->present && h->type == 1) { /* a linear framebuffer: a device frame over it */
        CHECK_OK(erix_kctl_fb_map(s, fb_slot));
        CHECK_OK(erix_cap_expect(fb_slot, ERIX_CAP_DEVICE_FRAME, ERIX_RIGHT_WRITE, 0));
    } else { /* text mode (BIOS boots): nothing to map */
        CHECK_ST(erix_kctl_fb_map(s, fb_slot), ERIX_ERR_NOT_FOUND);
        CHECK(suite_empty(fb_slot), "FB_MAP filled its slot");
    }
    return kind_is(s, ERIX_EP_CONSOLE) &&
           DENIED(s, ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_WRITE_LEGACY_SERIAL, ERIX_KCTL_MAP_FRAME);
}

static bool family_com1(void)
{
    uint32_t s = ERIX_SLOT_KERNEL_COM1;
    uint8_t lsr = 0;
    CHECK_OK(erix_kctl_port_read8(s, 0x3fd, &lsr));
    CHECK(lsr != 0xff, "no UART behind COM1 (line status 0xff)");
    return kind_is(s, ERIX_EP_COM1) &&
           DENIED(s, ERIX_KCTL_LOG_STRING, ERIX_KCTL_READ_PCI_CONFIG_DWORD,
                  ERIX_KCTL_WRITE_LEGACY_SERIAL);
}

static bool family_memory(void)
{
    uint32_t s = ERIX_SLOT_KERNEL_MEMORY, f = suite_slot();
    CHECK_OK(erix_kctl_retype_frame(s, SUITE_SCRATCH_SLOT, f, 2));
    CHECK_OK(erix_cap_expect(f, ERIX_CAP_FRAME, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE, 0));
    return kind_is(s, ERIX_EP_MEMORY) &&
           DENIED(s, ERIX_KCTL_RETYPE_UNTYPED, ERIX_KCTL_CREATE_ENDPOINT, ERIX_KCTL_MAP_FRAME,
                  ERIX_KCTL_UNTYPED_RESET);
}

static bool family_vspace(void)
{
    uint32_t s = ERIX_SLOT_KERNEL_VSPACE, f = suite_frame(1);
    uint64_t va = suite_va(1);
    CHECK_OK(erix_kctl_map_frame(s, ERIX_SLOT_SELF_VSPACE, f, va, ERIX_MAP_READ));
    CHECK_OK(erix_kctl_unmap_frame(s, f));
    return kind_is(s, ERIX_EP_VSPACE) &&
           DENIED(s, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ERIX_KCTL_CAP_COPY_ATTENUATED,
                  ERIX_KCTL_WRITE_PROCESS_MEMORY);
}

static bool family_pager(void)
{
    struct ktest_child c;
    struct erix_event ev;
    uint32_t s = ERIX_SLOT_KERNEL_PAGER;
    CHECK_OK(suite_child_spawn(&c, ROLE_FAULT, KTEST_FAULT_UD));
    CHECK_OK(suite_child_event(&c, &ev));
    CHECK_EQ(ev.kind, ERIX_EVENT_FAULT);
    CHECK_OK(erix_kctl_resolve_fault(s, c.r.tcb_slot, ERIX_RESOLVE_KILL));
    return kind_is(s, ERIX_EP_PAGER) &&
           DENIED(s, ERIX_KCTL_KILL_PROCESS, ERIX_KCTL_REGISTER_PAGER, ERIX_KCTL_MAP_FRAME);
}

static bool family_log(void)
{
    uint32_t s = ERIX_SLOT_KERNEL_LOG;
    CHECK_OK(erix_kctl_log(s, "ktest: a line through the log family", 36));
    CHECK_OK(erix_kctl_serial_write(s, "ktest: a legacy serial line", 27));
    return kind_is(s, ERIX_EP_LOG) &&
           DENIED(s, ERIX_KCTL_MAP_FRAME, ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_CREATE_ENDPOINT,
                  ERIX_KCTL_FB_QUERY);
}

static bool family_process(void)
{
    struct erix_kctl_process_resp p;
    uint32_t s = ERIX_SLOT_KERNEL_PROCESS, ep = suite_slot();
    CHECK_OK(erix_kctl_create_endpoint(s, SUITE_SCRATCH_SLOT, ep));
    CHECK_OK(erix_kctl_query_process(s, ERIX_SLOT_SELF_TCB, &p));
    CHECK_EQ(p.pid, suite_self_pid);
    return kind_is(s, ERIX_EP_PROCESS) &&
           DENIED(s, ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_READ_ACPI_QWORDS, ERIX_KCTL_LOG_STRING,
                  ERIX_KCTL_REGISTER_PAGER, ERIX_KCTL_RESOLVE_FAULT,
                  ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, ERIX_KCTL_CAP_COPY);
}

static bool family_child_populate(void)
{
    uint32_t s = ERIX_SLOT_KERNEL_CHILD_POPULATE, ep = suite_slot(), copy = suite_slot();
    CHECK_OK(erix_kctl_create_endpoint(s, SUITE_SCRATCH_SLOT, ep));
    CHECK_OK(erix_kctl_copy(s, ep, copy, ERIX_RIGHT_SEND, 0));
    CHECK_EQ(suite_rights(copy), ERIX_RIGHT_SEND);
    return kind_is(s, ERIX_EP_CHILD_POPULATE) &&
           DENIED(s, ERIX_KCTL_MAP_FRAME, ERIX_KCTL_START_PROCESS,
                  ERIX_KCTL_CREATE_STAGED_PROCESS, ERIX_KCTL_DERIVE_INSTALL_GRANT);
}

static bool family_acpi(void)
{
    struct erix_kctl_acpi_rsdp_resp r;
    uint64_t q = 0;
    uint32_t s = ERIX_SLOT_KERNEL_ACPI;
    CHECK_OK(erix_kctl_acpi_rsdp(s, &r));
    CHECK_OK(erix_kctl_acpi_read(s, r.phys, &q, 1));
    CHECK(memcmp(&q, "RSD PTR ", 8) == 0, "the RSDP does not start with its signature");
    return kind_is(s, ERIX_EP_ACPI) &&
           DENIED(s, ERIX_KCTL_READ_PCI_CONFIG_DWORD, ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_FB_QUERY);
}

static bool family_i8042(void)
{
    uint32_t s = ERIX_SLOT_KERNEL_I8042;
    uint8_t status = 0xff;
    CHECK_OK(erix_kctl_port_read8(s, 0x64, &status));
    CHECK(status != 0xff, "no i8042 status register");
    return kind_is(s, ERIX_EP_I8042) &&
           DENIED(s, ERIX_KCTL_LOG_STRING, ERIX_KCTL_READ_PCI_CONFIG_DWORD,
                  ERIX_KCTL_IRQ_CONTROL);
}

static const struct suite_test tests[] = {
    {"family.kinds_at_dedicated_slots", kinds_at_dedicated_slots},
    {"family.op_matrix_matches_documented_lists", op_matrix},
    {"family.reserved_ops_denied_on_root", reserved_ops_denied_on_root},
    {"family.request_lengths_exact", request_lengths_exact},
    {"family.header_flags_refused", header_flags_refused},
    {"family.time", family_time},
    {"family.irq", family_irq},
    {"family.hotplug", family_hotplug},
    {"family.pci_config", family_pci_config},
    {"family.console", family_console},
    {"family.com1", family_com1},
    {"family.memory", family_memory},
    {"family.vspace", family_vspace},
    {"family.pager", family_pager},
    {"family.log", family_log},
    {"family.process", family_process},
    {"family.child_populate", family_child_populate},
    {"family.acpi", family_acpi},
    {"family.i8042", family_i8042},
};

SUITE_GROUP(group_families, tests);
