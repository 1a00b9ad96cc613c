/*
 * test_kctl.c - the family table: every family x every op is allowed exactly
 * when the expectation below (written from the kernel seed) says so.
 */
#include <erix/caps.h>
#include <erix/kctl.h>

#include "erix_test.h"
#include <string.h>

#define MAX_OPS 24

struct family {
    uint32_t kind;
    uint32_t ops[MAX_OPS];
};

static const struct family expected[] = {
    {ERIX_EP_GENERIC, {0}},
    {ERIX_EP_TIME, {ERIX_KCTL_READ_MONOTONIC_CLOCK, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_IRQ, {ERIX_KCTL_IRQ_CONTROL, ERIX_KCTL_IRQ_WAIT, ERIX_KCTL_READ_MONOTONIC_CLOCK}},
    {ERIX_EP_HOTPLUG, {ERIX_KCTL_HOTPLUG_WAIT, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_PCI_CONFIG,
     {ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_READ_PCI_CONFIG_DWORD, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_CONSOLE,
     {ERIX_KCTL_FB_QUERY, ERIX_KCTL_FB_MAP, ERIX_KCTL_LOG_STRING, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_COM1, {ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_MEMORY, {ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_VSPACE, {ERIX_KCTL_MAP_FRAME, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_PAGER, {ERIX_KCTL_RESOLVE_FAULT, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_LOG, {ERIX_KCTL_QUERY_CAP, ERIX_KCTL_LOG_STRING, ERIX_KCTL_WRITE_LEGACY_SERIAL}},
    {ERIX_EP_PROCESS,
     {ERIX_KCTL_KILL_PROCESS, ERIX_KCTL_QUERY_CAP, ERIX_KCTL_CREATE_ENDPOINT,
      ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_KCTL_CREATE_STAGED_PROCESS,
      ERIX_KCTL_DERIVE_INSTALL_GRANT, ERIX_KCTL_INSTALL_WITH_GRANT,
      ERIX_KCTL_ABORT_STAGED_PROCESS, ERIX_KCTL_WRITE_PROCESS_MEMORY, ERIX_KCTL_START_PROCESS,
      ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ERIX_KCTL_MAP_FRAME, ERIX_KCTL_UNMAP_FRAME,
      ERIX_KCTL_SET_FAULT_ENDPOINT, ERIX_KCTL_READ_MONOTONIC_CLOCK, ERIX_KCTL_RETYPE_UNTYPED,
      ERIX_KCTL_UNTYPED_RESET, ERIX_KCTL_QUERY_PROCESS, ERIX_KCTL_SET_PRIORITY,
      ERIX_KCTL_RESTAGE_PROCESS}},
    {ERIX_EP_ACPI,
     {ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_GET_ACPI_RSDP, ERIX_KCTL_READ_ACPI_QWORDS,
      ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_I8042, {ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_CHILD_POPULATE,
     {ERIX_KCTL_CREATE_ENDPOINT, ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_KCTL_INSTALL_WITH_GRANT,
      ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, ERIX_KCTL_QUERY_CAP}},
};

static int listed(const struct family *f, uint32_t op)
{
    for (int i = 0; i < MAX_OPS && f->ops[i] != 0; i++)
        if (f->ops[i] == op)
            return 1;
    return 0;
}

static void every_family_allows_exactly_its_ops(void)
{
    for (size_t f = 0; f < sizeof expected / sizeof expected[0]; f++)
        for (uint32_t op = 0; op < 140; op++) {
            int want = listed(&expected[f], op);
            int got = erix_kctl_family_allows(expected[f].kind, op);
            if (want != got)
                fprintf(stderr, "  kind %u op %u (%s): want %d got %d\n", expected[f].kind, op,
                        erix_kctl_op_name(op), want, got);
            ERIX_CHECK_EQ(got, want);
        }
}

static void root_family_allows_every_named_op_but_the_reserved(void)
{
    int named = 0;
    for (uint32_t op = 0; op < 140; op++) {
        int is_named = strcmp(erix_kctl_op_name(op), "?") != 0;
        int reserved = op == ERIX_KCTL_CREATE_PROCESS || op == ERIX_KCTL_CAP_COPY;
        named += is_named;
        ERIX_CHECK_EQ(erix_kctl_family_allows(ERIX_EP_ROOT, op), is_named && !reserved);
    }
    ERIX_CHECK_EQ(named, 38);
}

static void reserved_ops_are_denied_everywhere(void)
{
    for (uint32_t kind = 0; kind < ERIX_EP_KIND_COUNT + 4; kind++) {
        ERIX_CHECK(!erix_kctl_family_allows(kind, ERIX_KCTL_CREATE_PROCESS));
        ERIX_CHECK(!erix_kctl_family_allows(kind, ERIX_KCTL_CAP_COPY));
        ERIX_CHECK(!erix_kctl_family_allows(kind, 0));
        ERIX_CHECK(!erix_kctl_family_allows(kind, 0xffffffffu));
    }
}

static void unknown_kinds_allow_nothing(void)
{
    for (uint32_t op = 0; op < 140; op++) {
        ERIX_CHECK(!erix_kctl_family_allows(ERIX_EP_KIND_COUNT, op));
        ERIX_CHECK(!erix_kctl_family_allows(0xffffffffu, op));
    }
}

static void numbered_ops_match_the_brief(void)
{
    ERIX_CHECK_EQ(ERIX_KCTL_CAP_COPY, 8);
    ERIX_CHECK_EQ(ERIX_KCTL_CREATE_PROCESS, 1);
    ERIX_CHECK_EQ(ERIX_KCTL_READ_PLATFORM_CAPS, 30);
    ERIX_CHECK_EQ(ERIX_KCTL_KILL_PROCESS, 33);
    ERIX_CHECK_EQ(ERIX_KCTL_QUERY_CAP, 34);
    ERIX_CHECK_EQ(ERIX_KCTL_CREATE_ENDPOINT, 35);
    ERIX_CHECK_EQ(ERIX_KCTL_CAP_COPY_ATTENUATED, 36);
    ERIX_CHECK_EQ(ERIX_KCTL_CREATE_STAGED_PROCESS, 37);
    ERIX_CHECK_EQ(ERIX_KCTL_DERIVE_INSTALL_GRANT, 38);
    ERIX_CHECK_EQ(ERIX_KCTL_INSTALL_WITH_GRANT, 39);
    ERIX_CHECK_EQ(ERIX_KCTL_ABORT_STAGED_PROCESS, 40);
    ERIX_CHECK_EQ(ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, 42);
    ERIX_CHECK_EQ(ERIX_KCTL_WRITE_PROCESS_MEMORY, 44);
}

static void port_families_touch_only_their_ports(void)
{
    for (uint32_t port = 0; port < 0x10000; port++) {
        int com1 = port >= 0x3f8 && port <= 0x3ff;
        int kbd = port == 0x60 || port == 0x64;
        ERIX_CHECK_EQ(erix_kctl_port_allowed(ERIX_EP_COM1, port), com1);
        ERIX_CHECK_EQ(erix_kctl_port_allowed(ERIX_EP_I8042, port), kbd);
        ERIX_CHECK(!erix_kctl_port_allowed(ERIX_EP_LOG, port));
        ERIX_CHECK(!erix_kctl_port_allowed(ERIX_EP_GENERIC, port));
    }
    ERIX_CHECK(!erix_kctl_port_allowed(ERIX_EP_COM1, 0xf4)); /* debug exit */
}

static void dedicated_slots_match_the_brief(void)
{
    ERIX_CHECK_EQ(ERIX_SLOT_PROCD_DRIVER, 2112);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_TIME), 2128);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_IRQ), 2144);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_HOTPLUG), 2160);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_PCI_CONFIG), 2176);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_CONSOLE), 2192);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_COM1), 2208);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_MEMORY), 2224);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_VSPACE), 2240);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_PAGER), 2256);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_LOG), 2272);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_PROCESS), 2288);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_ACPI), 2320);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_I8042), 2336);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_GENERIC), 0);
    ERIX_CHECK_EQ(erix_family_slot(ERIX_EP_ROOT), 0);
}

int main(void)
{
    ERIX_RUN(every_family_allows_exactly_its_ops);
    ERIX_RUN(root_family_allows_every_named_op_but_the_reserved);
    ERIX_RUN(reserved_ops_are_denied_everywhere);
    ERIX_RUN(unknown_kinds_allow_nothing);
    ERIX_RUN(numbered_ops_match_the_brief);
    ERIX_RUN(port_families_touch_only_their_ports);
    ERIX_RUN(dedicated_slots_match_the_brief);
    return erix_test_finish();
}
