/*
 * test_reconcile.c - activation reconciled from discovery, HAL readiness and
 * the seal: nothing at the seal, a report after it, HAL gating, stale events,
 * explicit bindings never, READ_DRIVER's on-demand reconcile.
 */
#include "erix_test.h"
#include "reconcile.h"
#include "seeds.h"

static struct deviced_registry reg;

static void add(struct erix_deviced_seed s)
{
    uint32_t b;
    bool created;
    ERIX_CHECK_EQ(registry_seed(&reg, &s, &b, &created), ERIX_OK);
}

static void report(struct erix_deviced_pci_report r)
{
    uint32_t index, bound;
    ERIX_CHECK_EQ(registry_report(&reg, ERIX_DEVICED_DEV_PCI, &r, &index, &bound), ERIX_OK);
}

static const struct erix_deviced_pci_report blk = {0, 2, 0, 0, 0x1af4, 0x1001, 0x010000, 0};

static void nothing_at_seal(void)
{
    registry_init(&reg);
    add(seed_fixture("drv-fixture"));   /* explicit, discovered */
    add(seed_serial());                 /* explicit, platform */
    add(seed_pci("drv-virtio"));        /* on discovery */
    report(blk);                        /* discovered before the seal */
    ERIX_CHECK(!reconcile_pending(&reg));
    registry_seal(&reg);
    ERIX_CHECK(!reconcile_pending(&reg)); /* the seal starts nothing */
    ERIX_CHECK_EQ(reconcile_next(&reg), -1);
    /* rootd's READ_DRIVER reconciles it on demand */
    ERIX_CHECK(reconcile_on_read(&reg, 2));
    ERIX_CHECK(!reconcile_on_read(&reg, 0)); /* explicit bindings: only START_DRIVER */
    ERIX_CHECK(!reconcile_on_read(&reg, 1));
    ERIX_CHECK(!reconcile_on_read(&reg, 7));
}

static void discovery_after_seal(void)
{
    registry_init(&reg);
    add(seed_pci("drv-virtio"));
    add(seed_pci("drv-virtio-two"));
    registry_seal(&reg);
    ERIX_CHECK(!reconcile_pending(&reg));
    report((struct erix_deviced_pci_report){0, 0, 0, 0, 0x8086, 0x29c0, 0x060000, 0});
    ERIX_CHECK(!reconcile_pending(&reg)); /* nothing matches */
    report(blk);
    ERIX_CHECK(reconcile_pending(&reg));
    ERIX_CHECK_EQ(reconcile_next(&reg), 0);
    registry_starting(&reg, 0, 41); /* the server started it */
    ERIX_CHECK(!reconcile_pending(&reg));
    /* a second matching function goes to the second binding */
    report((struct erix_deviced_pci_report){0, 3, 0, 0, 0x1af4, 0x1001, 0x010000, 0});
    ERIX_CHECK_EQ(reconcile_next(&reg), 1);
    /* a running or stopped driver is not restarted by a new report */
    registry_starting(&reg, 1, 42);
    registry_ready(&reg, 1, ERIX_OK);
    registry_stopped(&reg, 1, ERIX_OK);
    report(blk);
    ERIX_CHECK_EQ(reconcile_next(&reg), -1);
}

static void hal_gating(void)
{
    registry_init(&reg);
    struct erix_deviced_seed s = seed_pci("drv-virtio");
    strcpy(s.consumer_role, "blockd");
    s.consumer_index = 6;
    s.flags = ERIX_DEVICED_SEED_REQUIRES_HAL;
    add(s);
    registry_seal(&reg);
    report(blk);
    ERIX_CHECK(!reconcile_pending(&reg)); /* discovered, HAL not ready */
    ERIX_CHECK(!reconcile_on_read(&reg, 0));
    ERIX_CHECK_EQ(registry_register_hal(&reg, 6, "blockd"), ERIX_OK);
    ERIX_CHECK(reconcile_pending(&reg));
    ERIX_CHECK_EQ(reconcile_next(&reg), 0);
}

static void stale_events(void)
{
    registry_init(&reg);
    add(seed_pci("drv-virtio"));
    registry_seal(&reg);
    report(blk);
    ERIX_CHECK(reconcile_pending(&reg));
    uint32_t index;
    ERIX_CHECK_EQ(registry_remove(&reg, &blk, &index), ERIX_OK); /* gone before it started */
    ERIX_CHECK(!reconcile_pending(&reg));
    ERIX_CHECK_EQ(reconcile_next(&reg), -1);
    ERIX_CHECK(!reg.bindings[0].activation_due);
    /* an event flag left on a binding that can no longer start is cleared */
    report(blk);
    registry_starting(&reg, 0, 41);
    reg.bindings[0].activation_due = true;
    ERIX_CHECK_EQ(reconcile_next(&reg), -1);
    ERIX_CHECK(!reg.bindings[0].activation_due);
}

int main(void)
{
    ERIX_RUN(nothing_at_seal);
    ERIX_RUN(discovery_after_seal);
    ERIX_RUN(hal_gating);
    ERIX_RUN(stale_events);
    return erix_test_finish();
}
