/*
 * suite_devices.c - the device operations of the narrow families: port I/O
 * confined to each family's ports, ACPI reads confined to the tables
 * reachable from the RSDP, PCI configuration reads and BAR device frames,
 * and interrupts: control, timeouts, delivery to a waiter or as pending,
 * and a killed waiter's release.
 */
#include <string.h>

#include <erixc/bytes.h>
#include "suite.h"

#define COM1 ERIX_SLOT_KERNEL_COM1
#define I8042 ERIX_SLOT_KERNEL_I8042
#define ACPI ERIX_SLOT_KERNEL_ACPI
#define PCI ERIX_SLOT_KERNEL_PCI_CONFIG

/* ---- ports ------------------------------------------------------------------------- */

static bool ports_denied(uint32_t slot, const uint16_t *ports, unsigned n)
{
    uint8_t v;
    for (unsigned i = 0; i < n; i++)
        CHECK(erix_kctl_port_read8(slot, ports[i], &v) == ERIX_ERR_DENIED,
              "read of port 0x%x through slot %u not DENIED", ports[i], slot);
    return true;
}

static bool com1_ports_confined(void)
{
    static const uint16_t outside[] = {0x3f7, 0x400, 0x2f8, 0x60, 0x64, 0x80, 0xcf8, 0xf4};
    uint8_t v = 0;
    CHECK_OK(erix_kctl_port_write8(COM1, 0x3ff, 0xa5)); /* the scratch register */
    CHECK_OK(erix_kctl_port_read8(COM1, 0x3ff, &v));
    CHECK_EQ(v, 0xa5);
    CHECK_OK(erix_kctl_port_write8(COM1, 0x3ff, 0x5a));
    CHECK_OK(erix_kctl_port_read8(COM1, 0x3ff, &v));
    CHECK_EQ(v, 0x5a);
    CHECK_OK(erix_kctl_port_read8(COM1, 0x3f8 + 5, &v));
    CHECK_ST(erix_kctl_port_write8(COM1, 0x80, 0), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_port_write8(COM1, 0x64, 0xfe), ERIX_ERR_DENIED); /* no reset for you */
    return ports_denied(COM1, outside, sizeof outside / sizeof outside[0]);
}

static bool i8042_ports_confined(void)
{
    static const uint16_t outside[] = {0x61, 0x62, 0x63, 0x65, 0x5f, 0x3f8, 0x3fd, 0x80};
    uint8_t v = 0xff;
    CHECK_OK(erix_kctl_port_read8(I8042, 0x64, &v));
    CHECK(v != 0xff, "i8042 status 0xff");
    CHECK_ST(erix_kctl_port_write8(I8042, 0x61, 0), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_port_write8(I8042, 0x3f8, 'x'), ERIX_ERR_DENIED);
    return ports_denied(I8042, outside, sizeof outside / sizeof outside[0]);
}

/* ROOT may touch both families' ports and nothing else. */
static bool root_ports_confined(void)
{
    static const uint16_t outside[] = {0x80, 0xcf8, 0xcfc, 0xf4, 0x20, 0x2f8, 0x3f7, 0x400};
    uint8_t v;
    CHECK_OK(erix_kctl_port_read8(EP, 0x3fd, &v));
    CHECK_OK(erix_kctl_port_read8(EP, 0x64, &v));
    return ports_denied(EP, outside, sizeof outside / sizeof outside[0]);
}

/* ---- ACPI ---------------------------------------------------------------------------- */

static bool acpi_rsdp(void)
{
    struct erix_kctl_acpi_rsdp_resp r;
    uint64_t q[2];
    const struct erix_handoff_header *h = suite_env.handoff.header;
    CHECK_OK(erix_kctl_acpi_rsdp(ACPI, &r));
    CHECK_EQ(r.phys, h->rsdp_phys);
    CHECK(h->rsdp_revision == (r.revision >= 2 ? 2u : 1u), "revision %u, handoff says %u",
          r.revision, h->rsdp_revision);
    CHECK_EQ(r.length, r.revision >= 2 ? 36 : 20);
    CHECK_OK(erix_kctl_acpi_read(ACPI, r.phys, q, 2));
    CHECK(memcmp(q, "RSD PTR ", 8) == 0, "no RSDP signature");
    CHECK_EQ(((const uint8_t *)q)[15], r.revision);
    return true;
}

/* The RSDT/XSDT address, read through the RSDP window. */
static erix_status_t root_table(uint64_t *phys, bool *xsdt)
{
    struct erix_kctl_acpi_rsdp_resp r;
    uint64_t q = 0;
    erix_status_t st = erix_kctl_acpi_rsdp(ACPI, &r);
    *xsdt = r.revision >= 2;
    if (st == ERIX_OK)
        st = erix_kctl_acpi_read(ACPI, r.phys + (*xsdt ? 24 : 12), &q, 1);
    *phys = *xsdt ? q : q >> 32; /* RsdtAddress sits at bytes 16..19 */
    return st;
}

/* Read a table's `len` bytes (qword reads; the last one may overlap). */
static erix_status_t read_table(uint64_t phys, uint32_t len, uint8_t *out)
{
    for (uint32_t off = 0; off < len; off += 8) {
        uint32_t at = off + 8 <= len ? off : len - 8;
        uint64_t q;
        erix_status_t st = erix_kctl_acpi_read(ACPI, phys + at, &q, 1);
        if (st != ERIX_OK)
            return st;
        memcpy(out + at, &q, 8);
    }
    return ERIX_OK;
}

static bool acpi_tables_reachable(void)
{
    static uint8_t t[1024];
    uint64_t root = 0, header[2];
    bool xsdt;
    CHECK_OK(root_table(&root, &xsdt));
    CHECK_OK(erix_kctl_acpi_read(ACPI, root, header, 2));
    CHECK(memcmp(header, xsdt ? "XSDT" : "RSDT", 4) == 0, "no root table at 0x%llx",
          (unsigned long long)root);
    uint32_t len = (uint32_t)(header[0] >> 32);
    CHECK(len >= 36 && len <= sizeof t, "root table length %u", len);
    CHECK_OK(read_table(root, len, t));
    uint8_t sum = 0;
    for (uint32_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + t[i]);
    CHECK_EQ(sum, 0);
    bool facp = false, apic = false;
    for (uint32_t off = 36; off + (xsdt ? 8 : 4) <= len; off += xsdt ? 8 : 4) {
        uint64_t phys = xsdt ? erixc_le32(t + off) | (uint64_t)erixc_le32(t + off + 4) << 32 : erixc_le32(t + off);
        uint64_t sig = 0;
        CHECK_OK(erix_kctl_acpi_read(ACPI, phys, &sig, 1));
        facp = facp || memcmp(&sig, "FACP", 4) == 0;
        apic = apic || memcmp(&sig, "APIC", 4) == 0;
        if (memcmp(&sig, "FACP", 4) == 0) {
            uint64_t dsdt_ptr = 0, dsdt_sig = 0;
            CHECK_OK(erix_kctl_acpi_read(ACPI, phys + 36, &dsdt_ptr, 1));
            CHECK_OK(erix_kctl_acpi_read(ACPI, dsdt_ptr >> 32, &dsdt_sig, 1)); /* FADT+40 */
            CHECK(memcmp(&dsdt_sig, "DSDT", 4) == 0, "the FADT's DSDT is not readable");
            static uint64_t most[ERIX_KCTL_ACPI_MAX_QWORDS];
            CHECK_OK(erix_kctl_acpi_read(ACPI, dsdt_ptr >> 32, most, ERIX_KCTL_ACPI_MAX_QWORDS));
            CHECK_EQ(most[0], dsdt_sig);
        }
    }
    CHECK(facp && apic, "the root table lacks FACP (%d) or APIC (%d)", facp, apic);
    return true;
}

static bool acpi_read_confined(void)
{
    struct erix_kctl_acpi_rsdp_resp r;
    uint64_t q[ERIX_KCTL_ACPI_MAX_QWORDS + 1];
    CHECK_OK(erix_kctl_acpi_rsdp(ACPI, &r));
    const struct erix_handoff_untyped *ram = &suite_env.handoff.untyped[0];
    static const uint64_t outside[] = {0, 0x100000, 0x200000, 0xfee00000, 0xfec00000};
    for (unsigned i = 0; i < sizeof outside / sizeof outside[0]; i++)
        CHECK(erix_kctl_acpi_read(ACPI, outside[i], q, 1) == ERIX_ERR_DENIED,
              "read at 0x%llx not DENIED", (unsigned long long)outside[i]);
    CHECK_ST(erix_kctl_acpi_read(ACPI, ram->phys, q, 1), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_acpi_read(ACPI, r.phys + r.length - 4, q, 1), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_acpi_read(ACPI, r.phys - 8, q, 1), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_acpi_read(ACPI, r.phys, q, (r.length + 8) / 8), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_acpi_read(ACPI, 0xfffffffffffffff8ull, q, 2), ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_acpi_read(ACPI, r.phys, q, 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_acpi_read(ACPI, r.phys, q, ERIX_KCTL_ACPI_MAX_QWORDS + 1),
             ERIX_ERR_INVALID_ARGUMENT);
    struct erix_kctl_acpi_read_req req = {r.phys, 1, 1};
    CHECK_ST(erix_kctl_raw(ACPI, ERIX_KCTL_READ_ACPI_QWORDS, &req, sizeof req, q, sizeof q, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    return true;
}

/* ---- PCI ------------------------------------------------------------------------------ */

static bool pci_config_read(void)
{
    uint32_t id = 0, class = 0, none = 0;
    CHECK_OK(erix_kctl_pci_read32(PCI, 0, 0, 0, 0, &id));
    CHECK_EQ(id & 0xffff, 0x8086); /* q35's host bridge */
    CHECK_OK(erix_kctl_pci_read32(PCI, 0, 0, 0, 8, &class));
    CHECK_EQ(class >> 24, 0x06); /* a bridge */
    CHECK_OK(erix_kctl_pci_read32(PCI, 0, 0x15, 0, 0, &none));
    CHECK_EQ(none, 0xffffffffu); /* nothing there */
    CHECK_ST(erix_kctl_pci_read32(PCI, 0, 0, 0, 2, &id), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_pci_read32(PCI, 0, 0, 0, 256, &id), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_pci_read32(PCI, 0, 32, 0, 0, &id), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_pci_read32(PCI, 0, 0, 8, 0, &id), ERIX_ERR_INVALID_ARGUMENT);
    return true;
}

/* The first memory and I/O BARs of bus 0 (device 1..31). */
static bool find_bars(uint8_t *mem_dev, uint8_t *mem_bar, uint8_t *io_dev, uint8_t *io_bar)
{
    bool mem = false, io = false;
    for (uint8_t d = 1; d < 32 && !(mem && io); d++) {
        uint32_t id = 0, type = 0;
        if (erix_kctl_pci_read32(PCI, 0, d, 0, 0, &id) != ERIX_OK || (id & 0xffff) == 0xffff)
            continue;
        if (erix_kctl_pci_read32(PCI, 0, d, 0, 0x0c, &type) != ERIX_OK || (type & 0x7f0000))
            continue;
        for (uint8_t b = 0; b < 5 && !(mem && io); b++) {
            uint32_t v = 0;
            (void)erix_kctl_pci_read32(PCI, 0, d, 0, (uint16_t)(0x10 + 4 * b), &v);
            if (!mem && v != 0 && (v & 1) == 0 && (v & ~0xfu) != 0) {
                mem = true;
                *mem_dev = d;
                *mem_bar = b;
            } else if (!io && (v & 1) == 1 && (v & ~3u) != 0) {
                io = true;
                *io_dev = d;
                *io_bar = b;
            }
        }
    }
    return mem && io;
}

static bool pci_bar_frames(void)
{
    uint32_t s = ERIX_SLOT_KERNEL_CHILD_POPULATE, f = suite_slot(), g = suite_slot();
    uint8_t md = 0, mb = 0, iod = 0, iob = 0;
    uint64_t base = 0, size = 0;
    struct erix_cap_info ci;
    CHECK(find_bars(&md, &mb, &iod, &iob), "no memory BAR and I/O BAR on bus 0");
    CHECK_OK(erix_kctl_derive_bar(s, 0, md, 0, mb, f, &base, &size));
    CHECK_OK(erix_cap_info(f, &ci));
    CHECK_EQ(ci.type, ERIX_CAP_DEVICE_FRAME);
    CHECK_EQ(ci.size, size);
    CHECK(base != 0 && size >= 4096 && base % 4096 == 0, "BAR 0x%llx + 0x%llx",
          (unsigned long long)base, (unsigned long long)size);
    uint64_t va = suite_va(1);
    uint32_t one = suite_copy(f, ERIX_RIGHTS_ALL, 0);
    CHECK_ST(erix_kctl_map_frame(EP, ERIX_SLOT_SELF_VSPACE, one, va, ERIX_MAP_READ | ERIX_MAP_EXEC),
             ERIX_ERR_DENIED);
    CHECK_ST(erix_kctl_derive_bar(s, 0, iod, 0, iob, g, NULL, NULL), ERIX_ERR_WRONG_TYPE);
    CHECK_ST(erix_kctl_derive_bar(s, 0, 0x15, 0, 0, g, NULL, NULL), ERIX_ERR_NOT_FOUND);
    CHECK_ST(erix_kctl_derive_bar(s, 0, md, 0, 6, g, NULL, NULL), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_derive_bar(s, 0, md, 0, mb, f, NULL, NULL), ERIX_ERR_SLOT_OCCUPIED);
    struct erix_kctl_pci_req r = {0, md, 0, mb, 4, 0, g, 0};
    CHECK_ST(erix_kctl_raw(s, ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, &r, sizeof r, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    CHECK(suite_empty(g), "a refused derive filled its slot");
    return true;
}

/* ---- interrupts ------------------------------------------------------------------- */

static bool irq_control(void)
{
    uint32_t s = ERIX_SLOT_KERNEL_IRQ;
    static const uint32_t bad_irq[] = {0, 2, 16, 255};
    for (unsigned i = 0; i < sizeof bad_irq / sizeof bad_irq[0]; i++)
        CHECK(erix_kctl_irq_control(s, bad_irq[i], ERIX_IRQ_ENABLE) == ERIX_ERR_INVALID_ARGUMENT,
              "IRQ %u accepted", bad_irq[i]);
    CHECK_ST(erix_kctl_irq_control(s, 3, 0), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_irq_control(s, 3, 4), ERIX_ERR_INVALID_ARGUMENT);
    CHECK_ST(erix_kctl_irq_control(s, 3, ERIX_IRQ_DISABLE), ERIX_OK);
    CHECK_ST(erix_kctl_irq_control(s, 3, ERIX_IRQ_ACK), ERIX_ERR_STATE);
    CHECK_ST(erix_kctl_irq_wait(s, 3, 1000), ERIX_ERR_STATE); /* not enabled */
    CHECK_OK(erix_kctl_irq_control(s, 3, ERIX_IRQ_ENABLE));
    uint64_t t0 = suite_now_ns();
    CHECK_ST(erix_kctl_irq_wait(s, 3, 10000), ERIX_ERR_TIMEOUT); /* COM2 is silent */
    CHECK(suite_now_ns() - t0 >= 10000000ull, "the IRQ wait returned early");
    CHECK_OK(erix_kctl_irq_control(s, 3, ERIX_IRQ_DISABLE));
    struct erix_kctl_irq_req r = {3, ERIX_IRQ_ENABLE, 5};
    CHECK_ST(erix_kctl_raw(s, ERIX_KCTL_IRQ_CONTROL, &r, sizeof r, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    r = (struct erix_kctl_irq_req){3, 1, 1000};
    CHECK_ST(erix_kctl_raw(s, ERIX_KCTL_IRQ_WAIT, &r, sizeof r, NULL, 0, NULL),
             ERIX_ERR_INVALID_ARGUMENT);
    return true;
}

/* A real interrupt reaches user space: COM1's transmitter-empty interrupt (IRQ 4)
 * fires as soon as it is enabled with nothing to send. */
static bool irq_delivered(void)
{
    uint32_t s = ERIX_SLOT_KERNEL_IRQ;
    uint8_t iir = 0;
    CHECK_OK(erix_kctl_irq_control(s, 4, ERIX_IRQ_ENABLE));
    CHECK_OK(erix_kctl_port_write8(COM1, 0x3f9, 0x02)); /* IER: THR empty */
    erix_status_t first = erix_kctl_irq_wait(s, 4, 200000);
    CHECK_OK(erix_kctl_port_write8(COM1, 0x3f9, 0x00));
    CHECK_OK(erix_kctl_port_read8(COM1, 0x3fa, &iir)); /* IIR: clears the source */
    erix_status_t second = erix_kctl_irq_wait(s, 4, 10000);
    CHECK_OK(erix_kctl_irq_control(s, 4, ERIX_IRQ_ACK));
    CHECK_OK(erix_kctl_irq_control(s, 4, ERIX_IRQ_DISABLE));
    CHECK_ST(first, ERIX_OK);
    CHECK_ST(second, ERIX_ERR_TIMEOUT); /* masked until acknowledged */
    return true;
}

/* An interrupt wakes a waiter: a child with a COM1 capability raises it while we wait. */
static bool irq_wakes_waiter(void)
{
    struct ktest_child c, d;
    uint32_t s = ERIX_SLOT_KERNEL_IRQ;
    uint8_t iir = 0;
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(suite_child_give(&c, COM1, 12, ERIX_RIGHT_SEND, 0));
    CHECK_OK(suite_child_new(&d, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(suite_child_give(&d, COM1, 12, ERIX_RIGHT_SEND, 0));
    CHECK_OK(suite_child_start(&d, ROLE_PORT_WRITE, KTEST_PORT_PARAM(12, 0x64, 0xfe)));
    CHECK_EXIT(&d, ERIX_ERR_DENIED); /* its COM1 capability reaches no other port */
    CHECK_OK(erix_kctl_irq_control(s, 4, ERIX_IRQ_ENABLE));
    CHECK_OK(suite_child_start(&c, ROLE_PORT_WRITE, KTEST_PORT_PARAM(12, 0x3f9, 0x02)));
    erix_status_t st = erix_kctl_irq_wait(s, 4, 500000); /* the child runs while we wait */
    CHECK_OK(erix_kctl_port_write8(COM1, 0x3f9, 0x00));
    CHECK_OK(erix_kctl_port_read8(COM1, 0x3fa, &iir));
    CHECK_OK(erix_kctl_irq_control(s, 4, ERIX_IRQ_DISABLE));
    CHECK_ST(st, ERIX_OK);
    CHECK_EXIT(&c, ERIX_OK);
    return true;
}

/* A killed waiter no longer holds its interrupt: another may wait for it. */
static bool kill_clears_irq_waiter(void)
{
    struct ktest_child c;
    struct erix_event ev;
    uint32_t s = ERIX_SLOT_KERNEL_IRQ;
    CHECK_OK(suite_child_new(&c, KTEST_DEFAULT_PRIORITY, CHILD_FAULT_EP));
    CHECK_OK(suite_child_give(&c, s, 12, ERIX_RIGHT_SEND, 0));
    CHECK_OK(erix_kctl_irq_control(s, 3, ERIX_IRQ_ENABLE));
    CHECK_OK(suite_child_start(&c, ROLE_IRQ_WAIT, 3));
    suite_sleep_us(10000);
    CHECK_ST(erix_kctl_irq_wait(s, 3, 1000), ERIX_ERR_STATE); /* the child holds it */
    CHECK_OK(erix_kctl_kill(EP, c.r.tcb_slot, ERIX_KILL_REASON_ABORT));
    CHECK_OK(suite_child_event(&c, &ev));
    CHECK_EQ(ev.kind, ERIX_EVENT_STOPPED);
    erix_status_t st = erix_kctl_irq_wait(s, 3, 1000);
    CHECK_OK(erix_kctl_irq_control(s, 3, ERIX_IRQ_DISABLE));
    CHECK_ST(st, ERIX_ERR_TIMEOUT);
    return true;
}

static const struct suite_test tests[] = {
    {"platform.com1_ports_confined", com1_ports_confined},
    {"platform.i8042_ports_confined", i8042_ports_confined},
    {"platform.root_ports_confined", root_ports_confined},
    {"platform.acpi_rsdp", acpi_rsdp},
    {"platform.acpi_tables_reachable", acpi_tables_reachable},
    {"platform.acpi_read_confined", acpi_read_confined},
    {"platform.pci_config_read", pci_config_read},
    {"platform.pci_bar_device_frames", pci_bar_frames},
    {"platform.irq_control_and_wait", irq_control},
    {"platform.irq_delivered_to_user", irq_delivered},
    {"platform.irq_wakes_waiter", irq_wakes_waiter},
    {"platform.kill_clears_irq_waiter", kill_clears_irq_waiter},
};

SUITE_GROUP(group_devices, tests);
