/*
 * kctl_platform.c - typed kernel-control calls on the platform: logging and
 * the legacy serial write, port I/O, PCI configuration reads, ACPI, the clock,
 * platform presence bits, interrupts and hotplug.
 */
#include <string.h>

#include "kctl_call.h"

#define REQ(r) (&(r)), (uint16_t)sizeof(r)

/* LOG_STRING and WRITE_LEGACY_SERIAL: the length struct, then the bytes. */
static erix_status_t log_op(uint32_t ep, uint32_t op, const char *str, uint32_t len)
{
    uint8_t req[sizeof(struct erix_kctl_log_req) + ERIX_KCTL_LOG_MAX];
    struct erix_kctl_log_req h = {.length = len, .reserved = 0};
    if (len > ERIX_KCTL_LOG_MAX)
        return ERIX_ERR_LIMIT;
    if (len > 0 && str == NULL)
        return ERIX_ERR_INVALID_ARGUMENT;
    memcpy(req, &h, sizeof h);
    if (len > 0)
        memcpy(req + sizeof h, str, len);
    return erix_rt_kctl_loose(ep, op, req, (uint16_t)(sizeof h + len), NULL, 0);
}

erix_status_t erix_kctl_log(uint32_t ep, const char *str, uint32_t len)
{
    return log_op(ep, ERIX_KCTL_LOG_STRING, str, len);
}

erix_status_t erix_kctl_serial_write(uint32_t ep, const char *str, uint32_t len)
{
    return log_op(ep, ERIX_KCTL_WRITE_LEGACY_SERIAL, str, len);
}

erix_status_t erix_kctl_port_read8(uint32_t ep, uint16_t port, uint8_t *value)
{
    struct erix_kctl_port_req r = {.port = port};
    uint64_t v;
    erix_status_t st = erix_rt_kctl_loose(ep, ERIX_KCTL_IOPORT_READ8, REQ(r), &v, sizeof v);
    if (st == ERIX_OK && value != NULL)
        *value = (uint8_t)v;
    return st;
}

erix_status_t erix_kctl_port_write8(uint32_t ep, uint16_t port, uint8_t value)
{
    struct erix_kctl_port_req r = {.port = port, .value = value};
    return erix_rt_kctl_loose(ep, ERIX_KCTL_IOPORT_WRITE8, REQ(r), NULL, 0);
}

erix_status_t erix_kctl_pci_read32(uint32_t ep, uint8_t bus, uint8_t device, uint8_t function,
                                   uint16_t offset, uint32_t *value)
{
    struct erix_kctl_pci_req r = {
        .bus = bus, .device = device, .function = function, .offset = offset};
    uint64_t v;
    erix_status_t st =
        erix_rt_kctl_loose(ep, ERIX_KCTL_READ_PCI_CONFIG_DWORD, REQ(r), &v, sizeof v);
    if (st == ERIX_OK && value != NULL)
        *value = (uint32_t)v;
    return st;
}

erix_status_t erix_kctl_acpi_rsdp(uint32_t ep, struct erix_kctl_acpi_rsdp_resp *out)
{
    return erix_rt_kctl(ep, ERIX_KCTL_GET_ACPI_RSDP, NULL, 0, out, sizeof *out);
}

erix_status_t erix_kctl_acpi_read(uint32_t ep, uint64_t phys, uint64_t *out, uint32_t count)
{
    struct erix_kctl_acpi_read_req r = {.phys = phys, .count = count};
    if (count == 0 || count > ERIX_KCTL_ACPI_MAX_QWORDS)
        return erix_rt_kctl(ep, ERIX_KCTL_READ_ACPI_QWORDS, REQ(r), NULL, 0);
    return erix_rt_kctl(ep, ERIX_KCTL_READ_ACPI_QWORDS, REQ(r), out, (uint16_t)(count * 8u));
}

erix_status_t erix_kctl_clock(uint32_t ep, struct erix_kctl_clock_resp *out)
{
    return erix_rt_kctl(ep, ERIX_KCTL_READ_MONOTONIC_CLOCK, NULL, 0, out, sizeof *out);
}

erix_status_t erix_kctl_platform_caps(uint32_t ep, uint32_t *caps)
{
    uint64_t v;
    erix_status_t st = erix_rt_kctl_loose(ep, ERIX_KCTL_READ_PLATFORM_CAPS, NULL, 0, &v, sizeof v);
    if (st == ERIX_OK && caps != NULL)
        *caps = (uint32_t)v;
    return st;
}

static erix_status_t irq_op(uint32_t ep, uint32_t op, uint32_t irq, uint32_t action,
                            uint64_t timeout_us)
{
    struct erix_kctl_irq_req r = {.irq = irq, .action = action, .timeout_us = timeout_us};
    return erix_rt_kctl_loose(ep, op, REQ(r), NULL, 0);
}

erix_status_t erix_kctl_irq_control(uint32_t ep, uint32_t irq, uint32_t action)
{
    return irq_op(ep, ERIX_KCTL_IRQ_CONTROL, irq, action, 0);
}

erix_status_t erix_kctl_irq_wait(uint32_t ep, uint32_t irq, uint64_t timeout_us)
{
    return irq_op(ep, ERIX_KCTL_IRQ_WAIT, irq, 0, timeout_us);
}

erix_status_t erix_kctl_hotplug_wait(uint32_t ep)
{
    return erix_rt_kctl_loose(ep, ERIX_KCTL_HOTPLUG_WAIT, NULL, 0, NULL, 0);
}
