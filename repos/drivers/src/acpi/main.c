/*
 * acpi/main.c - drv-acpi: the ACPI tables through the ACPI-read family.
 *
 * Contract: primary control the ACPI family (GET_ACPI_RSDP,
 * READ_ACPI_QWORDS, READ_PLATFORM_CAPS), READY and a peer to deviced. It
 * finds the RSDP, lists the root table's tables (and the DSDT) with their
 * checksums, answers READY, registers its provider (interface ACPI) and
 * serves.
 */
#include <string.h>

#include <erix/deviced.h>
#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "acpi.h"
#include "drv.h"

static const struct drv_program program = {
    "DRV_ACPI", {"drv-acpi", ERIX_EP_ACPI, 0, "deviced"}};

static struct drv_startup startup;
static struct acpi_tables tables;

static erix_status_t read_qwords(void *ctx, uint64_t phys, uint64_t *out, uint32_t count)
{
    (void)ctx;
    return erix_kctl_acpi_read(startup.primary, phys, out, count);
}

int64_t erix_main(uint64_t env, uint64_t size, uint64_t rdx)
{
    drv_startup(&program, env, size, rdx, &startup);
    struct erix_kctl_acpi_rsdp_resp rsdp;
    struct acpi_ops ops = {read_qwords, NULL};
    erix_status_t st = erix_kctl_acpi_rsdp(startup.primary, &rsdp);
    if (st == ERIX_OK)
        st = acpi_list(&ops, rsdp.phys, rsdp.length, &tables);
    if (st == ERIX_OK || st == ERIX_ERR_LIMIT) {
        erix_log("DRV_ACPI:RSDP phys=0x%llx revision=%u oem=%s root=%s@0x%llx tables=%u",
                 (unsigned long long)rsdp.phys, tables.rsdp_revision, tables.rsdp_oem,
                 tables.root_signature, (unsigned long long)tables.root, tables.count);
        for (uint32_t i = 0; i < tables.count; i++) {
            const struct acpi_table *t = &tables.tables[i];
            erix_log("DRV_ACPI:TABLE %s phys=0x%llx length=%u revision=%u oem=%s checksum=%s",
                     t->signature, (unsigned long long)t->phys, t->length, t->revision, t->oem,
                     t->checksum_ok ? "ok" : "bad");
        }
        st = ERIX_OK;
    }
    if (st != ERIX_OK) {
        erix_log("DRV_ACPI:FAILED status=%s", erix_status_name(st));
        drv_fail(&program, &startup, st);
    }
    drv_ready(&program, &startup);
    st = drv_register_provider(&startup, NULL, ERIX_PROVIDER_ACPI);
    erix_log("DRV_ACPI:PROVIDER status=%s", erix_status_name(st));
    drv_serve(&program, &startup, NULL, NULL);
}
