/*
 * test_acpi.c - the ACPI walk over a fake physical memory that enforces the
 * kernel's read windows (the RSDP, the root table, each reachable table, at
 * their exact lengths, whole qwords inside): an ACPI 1.0 RSDP (20 bytes: its
 * RSDT address sits in the last 4), an RSDT and tables whose lengths are not
 * multiples of 8, the DSDT through the FADT, a bad checksum, an XSDP/XSDT
 * machine with X_DSDT, and the refusals.
 */
#include <string.h>

#include <stdbool.h>

#include "acpi.h"
#include "erix_test.h"

#define BASE 0x100000u
#define SIZE 0x10000u

static uint8_t mem[SIZE];
static struct {
    uint64_t phys;
    uint32_t len;
} windows[16];
static unsigned nwindows, reads;

static erix_status_t fake_read(void *ctx, uint64_t phys, uint64_t *out, uint32_t count)
{
    (void)ctx;
    uint64_t len = (uint64_t)count * 8;
    reads++;
    if (count == 0 || count > 128)
        return ERIX_ERR_INVALID_ARGUMENT;
    for (unsigned i = 0; i < nwindows; i++)
        if (phys >= windows[i].phys && len <= windows[i].len &&
            phys - windows[i].phys <= windows[i].len - len) {
            memcpy(out, mem + (phys - BASE), len);
            return ERIX_OK;
        }
    return ERIX_ERR_DENIED;
}

static const struct acpi_ops ops = {fake_read, NULL};

static void window(uint64_t phys, uint32_t len)
{
    windows[nwindows].phys = phys;
    windows[nwindows++].len = len;
}

static void put32(uint64_t phys, uint32_t v)
{
    memcpy(mem + (phys - BASE), &v, 4);
}

static void put64(uint64_t phys, uint64_t v)
{
    memcpy(mem + (phys - BASE), &v, 8);
}

/* A table header and a valid checksum (unless bad). */
static void table(uint64_t phys, const char *sig, uint32_t len, int bad)
{
    uint8_t *t = mem + (phys - BASE);
    memcpy(t, sig, 4);
    put32(phys + 4, len);
    t[8] = 1;
    memcpy(t + 10, "BOCHS ", 6);
    bool pointers = memcmp(sig, "RSDT", 4) == 0 || memcmp(sig, "XSDT", 4) == 0 ||
                    memcmp(sig, "FACP", 4) == 0;
    for (uint32_t i = 36; i < len && !pointers; i++)
        t[i] = (uint8_t)(i * 7); /* a body to checksum */
    t[9] = 0;
    uint8_t sum = 0;
    for (uint32_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + t[i]);
    t[9] = (uint8_t)(0x100 - sum + (bad ? 1 : 0));
    window(phys, len);
}

static void v1_machine(void)
{
    memset(mem, 0, sizeof mem);
    nwindows = reads = 0;
    memcpy(mem, "RSD PTR ", 8);
    memcpy(mem + 9, "BOCHS ", 6);
    mem[15] = 0;
    put32(BASE + 16, BASE + 0x1000);
    window(BASE, 20);
    /* RSDT: 4 entries, 52 bytes */
    put32(BASE + 0x1000 + 36, BASE + 0x2000);
    put32(BASE + 0x1000 + 40, BASE + 0x4000);
    put32(BASE + 0x1000 + 44, BASE + 0x5000);
    put32(BASE + 0x1000 + 48, BASE + 0x6000);
    /* FACP (116 bytes) naming the DSDT at offset 40 */
    put32(BASE + 0x2000 + 40, BASE + 0x3000);
    table(BASE + 0x2000, "FACP", 116, 0);
    table(BASE + 0x3000, "DSDT", 0x5a3, 0);
    table(BASE + 0x4000, "APIC", 0x78, 0);
    table(BASE + 0x5000, "HPET", 56, 0);
    table(BASE + 0x6000, "WAET", 40, 1);
    table(BASE + 0x1000, "RSDT", 52, 0);
}

static void bytes(void)
{
    v1_machine();
    uint8_t r[20];
    ERIX_CHECK_EQ(acpi_read_bytes(&ops, BASE, 20, 0, r, 20), ERIX_OK);
    ERIX_CHECK(memcmp(r, mem, 20) == 0);
    uint32_t rsdt = 0;
    ERIX_CHECK_EQ(acpi_read_bytes(&ops, BASE, 20, 16, &rsdt, 4), ERIX_OK);
    ERIX_CHECK_EQ(rsdt, BASE + 0x1000);
    uint8_t big[0x5a3];
    ERIX_CHECK_EQ(acpi_read_bytes(&ops, BASE + 0x3000, 0x5a3, 0, big, 0x5a3), ERIX_OK);
    ERIX_CHECK(memcmp(big, mem + 0x3000, 0x5a3) == 0);
    ERIX_CHECK_EQ(acpi_read_bytes(&ops, BASE + 0x3000, 0x5a3, 0x5a0, big, 3), ERIX_OK);
    ERIX_CHECK(memcmp(big, mem + 0x35a0, 3) == 0);
    ERIX_CHECK_EQ(acpi_read_bytes(&ops, BASE, 20, 16, r, 5), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(acpi_read_bytes(&ops, BASE, 20, 21, r, 0), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(acpi_read_bytes(&ops, BASE, 6, 0, r, 6), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(acpi_read_bytes(&ops, BASE + 0x8000, 16, 0, r, 8), ERIX_ERR_DENIED);
}

static void v1_walk(void)
{
    static struct acpi_tables t;
    v1_machine();
    ERIX_CHECK_EQ(acpi_list(&ops, BASE, 20, &t), ERIX_OK);
    ERIX_CHECK_EQ(t.rsdp_revision, 0);
    ERIX_CHECK(strcmp(t.rsdp_oem, "BOCHS ") == 0);
    ERIX_CHECK(strcmp(t.root_signature, "RSDT") == 0);
    ERIX_CHECK_EQ(t.root, BASE + 0x1000);
    ERIX_CHECK_EQ(t.count, 5);
    ERIX_CHECK(strcmp(t.tables[0].signature, "FACP") == 0);
    ERIX_CHECK(strcmp(t.tables[1].signature, "DSDT") == 0); /* right after the FADT */
    ERIX_CHECK_EQ(t.tables[1].length, 0x5a3);
    ERIX_CHECK(strcmp(t.tables[2].signature, "APIC") == 0);
    ERIX_CHECK(strcmp(t.tables[4].signature, "WAET") == 0);
    for (unsigned i = 0; i < 4; i++)
        ERIX_CHECK_EQ(t.tables[i].checksum_ok, 1);
    ERIX_CHECK_EQ(t.tables[4].checksum_ok, 0);
    ERIX_CHECK(strcmp(t.tables[0].oem, "BOCHS ") == 0);
}

static void v2_walk(void)
{
    static struct acpi_tables t;
    v1_machine();
    mem[15] = 2;
    put32(BASE + 20, 36);
    put64(BASE + 24, BASE + 0x7000);
    nwindows = 0;
    window(BASE, 36);
    put64(BASE + 0x7000 + 36, BASE + 0x8000);
    put64(BASE + 0x7000 + 44, BASE + 0x4000);
    /* a 244-byte FADT with X_DSDT */
    put32(BASE + 0x8000 + 40, 0);
    put64(BASE + 0x8000 + 140, BASE + 0x3000);
    table(BASE + 0x8000, "FACP", 244, 0);
    table(BASE + 0x3000, "DSDT", 0x5a3, 0);
    table(BASE + 0x4000, "APIC", 0x78, 0);
    table(BASE + 0x7000, "XSDT", 52, 0);
    ERIX_CHECK_EQ(acpi_list(&ops, BASE, 36, &t), ERIX_OK);
    ERIX_CHECK_EQ(t.rsdp_revision, 2);
    ERIX_CHECK(strcmp(t.root_signature, "XSDT") == 0);
    ERIX_CHECK_EQ(t.count, 3);
    ERIX_CHECK(strcmp(t.tables[1].signature, "DSDT") == 0);
    ERIX_CHECK_EQ(t.tables[1].phys, BASE + 0x3000);
}

static void refusals(void)
{
    static struct acpi_tables t;
    v1_machine();
    ERIX_CHECK_EQ(acpi_list(&ops, BASE, 24, &t), ERIX_ERR_MALFORMED);
    mem[0] = 'X';
    ERIX_CHECK_EQ(acpi_list(&ops, BASE, 20, &t), ERIX_ERR_MALFORMED);
    v1_machine();
    memcpy(mem + 0x1000, "XXXX", 4);
    ERIX_CHECK_EQ(acpi_list(&ops, BASE, 20, &t), ERIX_ERR_MALFORMED);
    v1_machine();
    put32(BASE + 16, 0);
    ERIX_CHECK_EQ(acpi_list(&ops, BASE, 20, &t), ERIX_ERR_NOT_FOUND);
    v1_machine();
    put32(BASE + 0x1000 + 48, BASE + 0xf000); /* a table outside every window */
    ERIX_CHECK_EQ(acpi_list(&ops, BASE, 20, &t), ERIX_ERR_DENIED);
}

int main(void)
{
    ERIX_RUN(bytes);
    ERIX_RUN(v1_walk);
    ERIX_RUN(v2_walk);
    ERIX_RUN(refusals);
    return erix_test_finish();
}
