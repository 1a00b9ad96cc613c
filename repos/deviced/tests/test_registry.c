/*
 * test_registry.c - every transition and every denial of the registry:
 * seeding (idempotent, conflicting, non-drv, sealed, limits), the seal,
 * start and stop checks, READY, the end of a process, providers, HAL,
 * discovery and the reads.
 */
#include <string.h>

#include <erix/procd.h>

#include "erix_test.h"
#include "registry.h"
#include "seeds.h"

static struct deviced_registry reg;

static uint32_t seed(struct erix_deviced_seed s)
{
    uint32_t b = 99;
    bool created = false;
    ERIX_CHECK_EQ(registry_seed(&reg, &s, &b, &created), ERIX_OK);
    ERIX_CHECK(created);
    return b;
}

static void seeding(void)
{
    registry_init(&reg);
    struct erix_deviced_seed a = seed_fixture("drv-fixture-hold");
    uint32_t b = 9;
    bool created = true;
    ERIX_CHECK_EQ(seed(a), 0);
    ERIX_CHECK_EQ(reg.binding_count, 1);
    ERIX_CHECK_EQ(reg.device_count, 1); /* a fixture is discovered when seeded */
    ERIX_CHECK(registry_discovered(&reg, 0));
    ERIX_CHECK_EQ(reg.devices[0].source, ERIX_DEVICED_DEV_FIXTURE);
    /* the exact tuple again: accepted, nothing new */
    ERIX_CHECK_EQ(registry_seed(&reg, &a, &b, &created), ERIX_OK);
    ERIX_CHECK_EQ(b, 0);
    ERIX_CHECK(!created);
    ERIX_CHECK_EQ(reg.binding_count, 1);
    ERIX_CHECK_EQ(reg.device_count, 1);
    /* the same role, another tuple: a conflict */
    struct erix_deviced_seed c = a;
    c.priority = 121;
    ERIX_CHECK_EQ(registry_seed(&reg, &c, &b, &created), ERIX_ERR_EXISTS);
    c = a;
    c.caps[2].dest_slot = 49;
    ERIX_CHECK_EQ(registry_seed(&reg, &c, &b, &created), ERIX_ERR_EXISTS);
    /* not a procd-managed role */
    struct erix_deviced_seed n = seed_fixture("probed");
    ERIX_CHECK_EQ(registry_seed(&reg, &n, &b, &created), ERIX_ERR_DENIED);
    n = seed_fixture("drv");
    ERIX_CHECK_EQ(registry_seed(&reg, &n, &b, &created), ERIX_ERR_DENIED);
    /* consumer index past the table */
    struct erix_deviced_seed k = seed_serial();
    k.consumer_index = DEVICED_MAX_CONSUMERS;
    ERIX_CHECK_EQ(registry_seed(&reg, &k, &b, &created), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(reg.binding_count, 1);
    /* a platform driver has its device too; a PCI one waits for discovery */
    ERIX_CHECK_EQ(seed(seed_serial()), 1);
    ERIX_CHECK_EQ(reg.devices[1].source, ERIX_DEVICED_DEV_PLATFORM);
    ERIX_CHECK_EQ(seed(seed_pci("drv-virtio")), 2);
    ERIX_CHECK(!registry_discovered(&reg, 2));
    ERIX_CHECK_EQ(reg.device_count, 2);
    ERIX_CHECK_EQ(registry_find(&reg, "drv-virtio"), 2);
    ERIX_CHECK_EQ(registry_find(&reg, "drv-nosuch"), -1);
}

static void limits(void)
{
    registry_init(&reg);
    char role[24];
    for (unsigned i = 0; i < DEVICED_MAX_BINDINGS; i++) {
        snprintf(role, sizeof role, "drv-p%u", i);
        ERIX_CHECK_EQ(seed(seed_pci(role)), i);
    }
    struct erix_deviced_seed s = seed_pci("drv-one-more");
    uint32_t b;
    bool created;
    ERIX_CHECK_EQ(registry_seed(&reg, &s, &b, &created), ERIX_ERR_LIMIT);
    /* devices run out too */
    registry_init(&reg);
    for (unsigned i = 0; i < DEVICED_MAX_DEVICES; i++) {
        struct erix_deviced_pci_report r = report_of(0, (uint8_t)(i % 32), 0x8086, (uint16_t)i, 0);
        r.bus = (uint8_t)(i / 32);
        uint32_t index, bound;
        ERIX_CHECK_EQ(registry_report(&reg, ERIX_DEVICED_DEV_PCI, &r, &index, &bound), ERIX_OK);
    }
    struct erix_deviced_pci_report r = report_of(9, 0, 0x8086, 1, 0);
    uint32_t index, bound;
    ERIX_CHECK_EQ(registry_report(&reg, ERIX_DEVICED_DEV_PCI, &r, &index, &bound), ERIX_ERR_LIMIT);
    s = seed_fixture("drv-fixture");
    ERIX_CHECK_EQ(registry_seed(&reg, &s, &b, &created), ERIX_ERR_LIMIT); /* no device record */
    ERIX_CHECK_EQ(reg.binding_count, 0);
}

static void sealing(void)
{
    registry_init(&reg);
    struct erix_deviced_seed a = seed_fixture("drv-fixture-hold");
    seed(a);
    ERIX_CHECK_EQ(registry_check_start(&reg, 0), ERIX_ERR_STATE); /* unsealed */
    ERIX_CHECK_EQ(registry_seal(&reg), ERIX_OK);
    ERIX_CHECK_EQ(registry_seal(&reg), ERIX_ERR_STATE);
    uint32_t b;
    bool created;
    struct erix_deviced_seed n = seed_fixture("drv-late");
    ERIX_CHECK_EQ(registry_seed(&reg, &n, &b, &created), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(registry_seed(&reg, &a, &b, &created), ERIX_OK); /* the same seed: still fine */
    ERIX_CHECK(!created);
    a.priority = 1;
    ERIX_CHECK_EQ(registry_seed(&reg, &a, &b, &created), ERIX_ERR_STATE);
    n = seed_fixture("notdrv");
    ERIX_CHECK_EQ(registry_seed(&reg, &n, &b, &created), ERIX_ERR_DENIED);
    /* the seal starts nothing */
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_SEEDED);
    ERIX_CHECK(!reg.bindings[0].activation_due);
}

static void lifecycle(void)
{
    registry_init(&reg);
    seed(seed_fixture("drv-fixture-hold"));
    registry_seal(&reg);
    ERIX_CHECK_EQ(registry_check_start(&reg, 5), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(registry_check_stop(&reg, 5), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(registry_check_stop(&reg, 0), ERIX_ERR_STATE); /* never started */
    ERIX_CHECK_EQ(registry_check_start(&reg, 0), ERIX_OK);
    registry_starting(&reg, 0, 41);
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_STARTING);
    ERIX_CHECK_EQ(reg.bindings[0].starts, 1);
    ERIX_CHECK(reg.bindings[0].endpoint_held);
    ERIX_CHECK_EQ(registry_check_start(&reg, 0), ERIX_ERR_STATE); /* starting */
    ERIX_CHECK_EQ(registry_check_stop(&reg, 0), ERIX_OK);
    ERIX_CHECK_EQ(registry_ready(&reg, 0, ERIX_OK), ERIX_OK);
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_RUNNING);
    ERIX_CHECK_EQ(registry_ready(&reg, 0, ERIX_OK), ERIX_ERR_STATE); /* READY twice */
    ERIX_CHECK_EQ(registry_check_start(&reg, 0), ERIX_ERR_STATE); /* running */
    registry_stopped(&reg, 0, ERIX_OK);
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_STOPPED);
    ERIX_CHECK(!reg.bindings[0].endpoint_held);
    ERIX_CHECK_EQ(registry_check_stop(&reg, 0), ERIX_ERR_STATE); /* stopped */
    ERIX_CHECK_EQ(registry_check_start(&reg, 0), ERIX_OK);       /* may start again */
    /* a refused READY is recorded, the binding waits for its cleanup */
    registry_starting(&reg, 0, 42);
    ERIX_CHECK_EQ(reg.bindings[0].starts, 2);
    ERIX_CHECK_EQ(registry_ready(&reg, 0, ERIX_ERR_WRONG_TYPE), ERIX_OK);
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_STARTING);
    ERIX_CHECK_EQ(reg.bindings[0].ready_status, ERIX_ERR_WRONG_TYPE);
    registry_failed(&reg, 0, ERIX_OK);
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_FAILED);
    ERIX_CHECK_EQ(registry_check_start(&reg, 0), ERIX_OK);
    /* a start that failed before the process ran */
    registry_start_failed(&reg, 0, ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_FAILED);
    ERIX_CHECK_EQ(reg.bindings[0].last_status, ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(reg.bindings[0].starts, 3);
}

static void endings(void)
{
    registry_init(&reg);
    seed(seed_fixture("drv-a"));
    registry_seal(&reg);
    /* still running: nothing */
    ERIX_CHECK(!registry_ended(&reg, 0, ERIX_PROCD_STATE_EXITED, 0)); /* not live */
    registry_starting(&reg, 0, 41);
    ERIX_CHECK(!registry_ended(&reg, 0, ERIX_PROCD_STATE_RUNNING, 0));
    /* ended before READY: it failed to start */
    ERIX_CHECK(registry_ended(&reg, 0, ERIX_PROCD_STATE_EXITED, 0x21));
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_FAILED);
    ERIX_CHECK_EQ(reg.bindings[0].exit_code, 0x21);
    /* ended after READY: exited, or faulted */
    registry_starting(&reg, 0, 42);
    registry_ready(&reg, 0, ERIX_OK);
    ERIX_CHECK(registry_ended(&reg, 0, ERIX_PROCD_STATE_EXITED, 0));
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_EXITED);
    ERIX_CHECK(!reg.bindings[0].faulted);
    registry_starting(&reg, 0, 43);
    registry_ready(&reg, 0, ERIX_OK);
    ERIX_CHECK(registry_ended(&reg, 0, ERIX_PROCD_STATE_FAULTED, 14));
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_EXITED);
    ERIX_CHECK(reg.bindings[0].faulted);
    struct erix_deviced_driver_info info;
    registry_info(&reg, 0, &info);
    ERIX_CHECK(info.flags & ERIX_DEVICED_INFO_FAULTED);
    ERIX_CHECK_EQ(info.exit_code, 14);
    /* stopped by someone else */
    registry_starting(&reg, 0, 44);
    registry_ready(&reg, 0, ERIX_OK);
    ERIX_CHECK(registry_ended(&reg, 0, ERIX_PROCD_STATE_STOPPED, 1));
    ERIX_CHECK_EQ(reg.bindings[0].state, ERIX_DEVICED_DRV_STOPPED);
}

static void providers(void)
{
    registry_init(&reg);
    seed(seed_serial());                 /* consumer seriald, index 4 */
    seed(seed_fixture("drv-fixture"));   /* nobody */
    registry_seal(&reg);
    struct erix_deviced_provider_req p;
    memset(&p, 0, sizeof p);
    strcpy(p.consumer_role, "seriald");
    p.interface = ERIX_PROVIDER_SERIAL;
    uint32_t b = 9;
    ERIX_CHECK_EQ(registry_register_provider(&reg, 0, &p), ERIX_ERR_STATE); /* not running */
    ERIX_CHECK_EQ(registry_resolve(&reg, 4, "drv-serial", &b), ERIX_ERR_STATE);
    registry_starting(&reg, 0, 41);
    ERIX_CHECK_EQ(registry_register_provider(&reg, 0, &p), ERIX_ERR_STATE); /* not ready yet */
    registry_ready(&reg, 0, ERIX_OK);
    struct erix_deviced_provider_req wrong = p;
    strcpy(wrong.consumer_role, "other");
    ERIX_CHECK_EQ(registry_register_provider(&reg, 0, &wrong), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(registry_resolve(&reg, 4, "drv-serial", &b), ERIX_ERR_STATE); /* not visible */
    ERIX_CHECK_EQ(registry_register_provider(&reg, 0, &p), ERIX_OK);
    ERIX_CHECK_EQ(registry_register_provider(&reg, 0, &p), ERIX_ERR_EXISTS); /* duplicate */
    ERIX_CHECK_EQ(registry_resolve(&reg, 4, "drv-serial", &b), ERIX_OK);
    ERIX_CHECK_EQ(b, 0);
    ERIX_CHECK_EQ(registry_resolve(&reg, 5, "drv-serial", &b), ERIX_ERR_DENIED); /* not its consumer */
    ERIX_CHECK_EQ(registry_resolve(&reg, 4, "drv-nosuch", &b), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(registry_resolve(&reg, 4, "drv-fixture", &b), ERIX_ERR_DENIED); /* nobody's */
    /* a fixture's provider for nobody */
    registry_starting(&reg, 1, 42);
    registry_ready(&reg, 1, ERIX_OK);
    struct erix_deviced_provider_req none;
    memset(&none, 0, sizeof none);
    none.interface = ERIX_PROVIDER_FIXTURE;
    ERIX_CHECK_EQ(registry_register_provider(&reg, 1, &p), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(registry_register_provider(&reg, 1, &none), ERIX_OK);
    /* visibility ends with the process */
    registry_stopped(&reg, 0, ERIX_OK);
    ERIX_CHECK_EQ(registry_resolve(&reg, 4, "drv-serial", &b), ERIX_ERR_STATE);
}

static void hal(void)
{
    registry_init(&reg);
    struct erix_deviced_seed s = seed_serial();
    s.flags = ERIX_DEVICED_SEED_REQUIRES_HAL;
    seed(s);
    registry_seal(&reg);
    ERIX_CHECK_EQ(registry_check_start(&reg, 0), ERIX_ERR_STATE); /* waits for its HAL */
    struct erix_deviced_driver_info info;
    registry_info(&reg, 0, &info);
    ERIX_CHECK(!(info.flags & ERIX_DEVICED_INFO_HAL_READY));
    ERIX_CHECK_EQ(registry_register_hal(&reg, 5, "seriald"), ERIX_ERR_DENIED); /* not index 5 */
    ERIX_CHECK_EQ(registry_register_hal(&reg, 4, "other"), ERIX_ERR_DENIED);   /* not its role */
    ERIX_CHECK_EQ(registry_register_hal(&reg, 4, "seriald"), ERIX_OK);
    ERIX_CHECK_EQ(registry_register_hal(&reg, 4, "seriald"), ERIX_OK); /* idempotent */
    ERIX_CHECK_EQ(registry_check_start(&reg, 0), ERIX_OK);
    registry_info(&reg, 0, &info);
    ERIX_CHECK(info.flags & ERIX_DEVICED_INFO_HAL_READY);
}

static void discovery(void)
{
    registry_init(&reg);
    seed(seed_pci("drv-virtio"));
    uint32_t index = 9, bound = 9;
    struct erix_deviced_pci_report host = report_of(0, 0, 0x8086, 0x29c0, 0x060000);
    struct erix_deviced_pci_report blk = report_of(0, 2, 0x1af4, 0x1001, 0x010000);
    ERIX_CHECK_EQ(registry_report(&reg, ERIX_DEVICED_DEV_PCI, &host, &index, &bound), ERIX_OK);
    ERIX_CHECK_EQ(index, 0);
    ERIX_CHECK_EQ(bound, ERIX_DEVICED_NONE);
    ERIX_CHECK_EQ(registry_report(&reg, ERIX_DEVICED_DEV_PCI, &blk, &index, &bound), ERIX_OK);
    ERIX_CHECK_EQ(index, 1);
    ERIX_CHECK_EQ(bound, 0);
    ERIX_CHECK(registry_discovered(&reg, 0));
    /* the same function again: the same record */
    ERIX_CHECK_EQ(registry_report(&reg, ERIX_DEVICED_DEV_PCI, &blk, &index, &bound), ERIX_OK);
    ERIX_CHECK_EQ(index, 1);
    ERIX_CHECK_EQ(reg.device_count, 2);
    /* another function claiming a present address */
    struct erix_deviced_pci_report other = blk;
    other.device_id = 0x1042;
    ERIX_CHECK_EQ(registry_report(&reg, ERIX_DEVICED_DEV_PCI, &other, &index, &bound),
                  ERIX_ERR_EXISTS);
    /* removal unbinds; the record stays */
    ERIX_CHECK_EQ(registry_remove(&reg, &other, &index), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(registry_remove(&reg, &blk, &index), ERIX_OK);
    ERIX_CHECK(!registry_discovered(&reg, 0));
    ERIX_CHECK_EQ(reg.devices[1].present, false);
    ERIX_CHECK_EQ(registry_remove(&reg, &blk, &index), ERIX_ERR_NOT_FOUND);
    /* back by hotplug, and another function may now take the address */
    ERIX_CHECK_EQ(registry_report(&reg, ERIX_DEVICED_DEV_HOTPLUG, &blk, &index, &bound), ERIX_OK);
    ERIX_CHECK_EQ(index, 1);
    ERIX_CHECK_EQ(bound, 0);
    ERIX_CHECK_EQ(reg.devices[1].source, ERIX_DEVICED_DEV_HOTPLUG);
    /* a device reported before its seed is bound when the seed comes */
    registry_init(&reg);
    ERIX_CHECK_EQ(registry_report(&reg, ERIX_DEVICED_DEV_PCI, &blk, &index, &bound), ERIX_OK);
    ERIX_CHECK_EQ(bound, ERIX_DEVICED_NONE);
    seed(seed_pci("drv-virtio"));
    ERIX_CHECK(registry_discovered(&reg, 0));
    ERIX_CHECK_EQ(reg.devices[0].binding, 0);
    /* matching: any id, classes */
    struct erix_deviced_seed any = seed_pci("drv-any");
    any.vendor = ERIX_DEVICED_ANY_ID;
    any.device = ERIX_DEVICED_ANY_ID;
    any.class_code = 0x060000;
    ERIX_CHECK(registry_matches(&any, &host));
    ERIX_CHECK(!registry_matches(&any, &blk));
    struct erix_deviced_seed fx = seed_fixture("drv-fx");
    ERIX_CHECK(!registry_matches(&fx, &host));
}

static void reads(void)
{
    registry_init(&reg);
    seed(seed_serial());
    struct erix_deviced_driver_info info;
    registry_info(&reg, 0, &info);
    ERIX_CHECK(strcmp(info.role, "drv-serial") == 0);
    ERIX_CHECK_EQ(info.state, ERIX_DEVICED_DRV_SEEDED);
    ERIX_CHECK_EQ(info.ready_status, ERIX_DEVICED_NO_STATUS);
    ERIX_CHECK_EQ(info.flags, ERIX_DEVICED_INFO_DISCOVERED | ERIX_DEVICED_INFO_HAL_READY);
    ERIX_CHECK_EQ(info.device, 0);
    registry_seal(&reg);
    registry_info(&reg, 0, &info);
    ERIX_CHECK(info.flags & ERIX_DEVICED_INFO_SEALED);
    struct erix_deviced_device_info d;
    ERIX_CHECK_EQ(registry_device_info(&reg, 0, &d), ERIX_OK);
    ERIX_CHECK_EQ(d.count, 1);
    ERIX_CHECK_EQ(d.source, ERIX_DEVICED_DEV_PLATFORM);
    ERIX_CHECK_EQ(d.binding, 0);
    ERIX_CHECK_EQ(d.present, 1);
    ERIX_CHECK_EQ(registry_device_info(&reg, 1, &d), ERIX_ERR_NOT_FOUND);
}

int main(void)
{
    ERIX_RUN(seeding);
    ERIX_RUN(limits);
    ERIX_RUN(sealing);
    ERIX_RUN(lifecycle);
    ERIX_RUN(endings);
    ERIX_RUN(providers);
    ERIX_RUN(hal);
    ERIX_RUN(discovery);
    ERIX_RUN(reads);
    return erix_test_finish();
}
