/*
 * test_pci.c - PCI enumeration over a fake configuration space shaped like
 * q35 (host bridge, VGA, a virtio-blk, the multi-function ICH9 at 1f) plus a
 * bridge to bus 1, a bridge loop, gaps in function numbers, and read errors.
 */
#include <string.h>

#include "erix_test.h"
#include "pci.h"

struct fn {
    uint8_t bus, dev, fn;
    uint16_t vendor, device;
    uint32_t klass;     /* class << 16 | subclass << 8 | prog-if */
    uint8_t header;     /* header type byte (bit 7: multi-function) */
    uint8_t secondary;  /* bridges */
};

static struct fn space[16];
static unsigned nspace;
static struct erix_deviced_pci_report found_list[32];
static unsigned nfound;
static erix_status_t fail;
static unsigned reads;

static const struct fn *lookup(uint8_t bus, uint8_t dev, uint8_t fn)
{
    for (unsigned i = 0; i < nspace; i++)
        if (space[i].bus == bus && space[i].dev == dev && space[i].fn == fn)
            return &space[i];
    return NULL;
}

static erix_status_t read32(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off,
                            uint32_t *v)
{
    (void)ctx;
    reads++;
    if (fail != ERIX_OK && reads > 5)
        return fail;
    const struct fn *f = lookup(bus, dev, fn);
    if (f == NULL) {
        *v = 0xffffffffu;
        return ERIX_OK;
    }
    switch (off) {
    case 0x00: *v = (uint32_t)f->device << 16 | f->vendor; break;
    case 0x08: *v = f->klass << 8 | 0x02; break; /* revision 2 */
    case 0x0c: *v = (uint32_t)f->header << 16; break;
    case 0x18: *v = (uint32_t)f->secondary << 8 | bus; break;
    default: *v = 0; break;
    }
    return ERIX_OK;
}

static void found(void *ctx, const struct erix_deviced_pci_report *r)
{
    (void)ctx;
    if (nfound < 32)
        found_list[nfound++] = *r;
}

static const struct pci_bus_ops ops = {read32, NULL, found, NULL};

static void add(struct fn f)
{
    space[nspace++] = f;
}

static void q35(void)
{
    nspace = nfound = reads = 0;
    fail = ERIX_OK;
    add((struct fn){0, 0, 0, 0x8086, 0x29c0, 0x060000, 0, 0});
    add((struct fn){0, 1, 0, 0x1234, 0x1111, 0x030000, 0, 0});
    add((struct fn){0, 2, 0, 0x1af4, 0x1001, 0x010000, 0, 0});
    add((struct fn){0, 31, 0, 0x8086, 0x2918, 0x060100, 0x80, 0});
    add((struct fn){0, 31, 2, 0x8086, 0x2922, 0x010601, 0x00, 0});
    add((struct fn){0, 31, 3, 0x8086, 0x2930, 0x0c0500, 0x00, 0});
}

static void enumeration(void)
{
    q35();
    uint32_t count = 0;
    ERIX_CHECK_EQ(pci_enumerate(&ops, &count), ERIX_OK);
    ERIX_CHECK_EQ(count, 6);
    ERIX_CHECK_EQ(nfound, 6);
    ERIX_CHECK_EQ(found_list[0].vendor, 0x8086);
    ERIX_CHECK_EQ(found_list[0].device_id, 0x29c0);
    ERIX_CHECK_EQ(found_list[0].class_code, 0x060000);
    ERIX_CHECK_EQ(found_list[2].vendor, 0x1af4);
    ERIX_CHECK_EQ(found_list[2].device_id, 0x1001);
    ERIX_CHECK_EQ(found_list[3].device, 31);
    ERIX_CHECK_EQ(found_list[3].device_id, 0x2918);
    ERIX_CHECK_EQ(found_list[3].class_code, 0x060100);
    ERIX_CHECK_EQ(found_list[4].function, 2); /* function 1 is absent: skipped */
    ERIX_CHECK_EQ(found_list[5].function, 3);
    ERIX_CHECK_EQ(found_list[5].reserved, 0);
    /* a single-function device's other functions are not looked at */
    q35();
    add((struct fn){0, 1, 1, 0xdead, 0xbeef, 0, 0, 0});
    ERIX_CHECK_EQ(pci_enumerate(&ops, &count), ERIX_OK);
    ERIX_CHECK_EQ(count, 6);
}

static void bridges(void)
{
    q35();
    add((struct fn){0, 30, 0, 0x8086, 0x244e, 0x060401, 0x01, 1}); /* bridge to bus 1 */
    add((struct fn){1, 0, 0, 0x1af4, 0x1042, 0x010000, 0, 0});
    add((struct fn){1, 5, 0, 0x8086, 0x244e, 0x060400, 0x01, 0}); /* loops back to bus 0 */
    uint32_t count = 0;
    ERIX_CHECK_EQ(pci_enumerate(&ops, &count), ERIX_OK);
    ERIX_CHECK_EQ(count, 9);
    unsigned on_bus1 = 0;
    for (unsigned i = 0; i < nfound; i++)
        on_bus1 += found_list[i].bus == 1;
    ERIX_CHECK_EQ(on_bus1, 2);
    /* a class 06:04 function with another header type is not followed */
    q35();
    add((struct fn){0, 30, 0, 0x8086, 0x244e, 0x060400, 0x00, 1});
    add((struct fn){1, 0, 0, 0x1af4, 0x1042, 0x010000, 0, 0});
    ERIX_CHECK_EQ(pci_enumerate(&ops, &count), ERIX_OK);
    ERIX_CHECK_EQ(count, 7);
}

static void errors(void)
{
    q35();
    fail = ERIX_ERR_DENIED;
    uint32_t count = 99;
    ERIX_CHECK_EQ(pci_enumerate(&ops, &count), ERIX_ERR_DENIED);
    ERIX_CHECK(count < 6);
    /* an empty machine */
    nspace = nfound = 0;
    fail = ERIX_OK;
    ERIX_CHECK_EQ(pci_enumerate(&ops, &count), ERIX_OK);
    ERIX_CHECK_EQ(count, 0);
}

int main(void)
{
    ERIX_RUN(enumeration);
    ERIX_RUN(bridges);
    ERIX_RUN(errors);
    return erix_test_finish();
}
