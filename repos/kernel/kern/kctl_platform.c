/*
 * kctl_platform.c - platform operations of the narrow families: port I/O
 * (COM1, i8042: only their ports), PCI configuration reads, ACPI reads
 * confined to the tables reachable from the RSDP, logging (the kernel's own
 * marker prefixes refused), the framebuffer description, interrupts, hotplug,
 * platform presence bits and the monotonic clock.
 */
#include <kernel/arch.h>
#include <kernel/console.h>
#include <kernel/irq.h>
#include <kernel/kctl.h>
#include <kernel/platform.h>
#include <kernel/sched.h>

static erix_status_t op_port_read(struct kctl_call *c)
{
    const struct erix_kctl_port_req *r = KCTL_REQ(c, struct erix_kctl_port_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->value != 0 || r->reserved != 0 || r->reserved2 != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (!erix_kctl_port_allowed(c->kind, r->port))
        return ERIX_ERR_DENIED;
    struct erix_kctl_value_resp v = {arch_port_in8(r->port)};
    kctl_respond(c, &v, sizeof v);
    return ERIX_OK;
}

static erix_status_t op_port_write(struct kctl_call *c)
{
    const struct erix_kctl_port_req *r = KCTL_REQ(c, struct erix_kctl_port_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->reserved != 0 || r->reserved2 != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if (!erix_kctl_port_allowed(c->kind, r->port))
        return ERIX_ERR_DENIED;
    arch_port_out8(r->port, r->value);
    return ERIX_OK;
}

static erix_status_t op_pci_read(struct kctl_call *c)
{
    const struct erix_kctl_pci_req *r = KCTL_REQ(c, struct erix_kctl_pci_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->device >= 32 || r->function >= 8 || r->bar != 0 || r->offset >= 256 ||
        r->offset % 4 != 0 || r->reserved != 0 || r->dest_slot != 0 || r->reserved2 != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    if ((platform_caps() & ERIX_PLATFORM_PCI) == 0)
        return ERIX_ERR_NOT_FOUND;
    struct erix_kctl_value_resp v = {arch_pci_read32(r->bus, r->device, r->function, r->offset)};
    kctl_respond(c, &v, sizeof v);
    return ERIX_OK;
}

static erix_status_t op_acpi_rsdp(struct kctl_call *c)
{
    erix_status_t st = kctl_expect_len(c, 0);
    if (st != ERIX_OK)
        return st;
    struct erix_kctl_acpi_rsdp_resp out;
    if (!platform_rsdp(&out.phys, &out.revision, &out.length))
        return ERIX_ERR_NOT_FOUND;
    kctl_respond(c, &out, sizeof out);
    return ERIX_OK;
}

static erix_status_t op_acpi_read(struct kctl_call *c)
{
    const struct erix_kctl_acpi_read_req *r = KCTL_REQ(c, struct erix_kctl_acpi_read_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->reserved != 0 || r->count == 0 || r->count > ERIX_KCTL_ACPI_MAX_QWORDS)
        return ERIX_ERR_INVALID_ARGUMENT;
    uint64_t len = (uint64_t)r->count * 8;
    if (!platform_acpi_window_ok(r->phys, len))
        return ERIX_ERR_DENIED;
    kctl_respond(c, arch_phys_to_virt(r->phys), (uint32_t)len);
    return ERIX_OK;
}

static erix_status_t op_log(struct kctl_call *c)
{
    const struct erix_kctl_log_req *r = KCTL_REQ(c, struct erix_kctl_log_req);
    if (c->req_len < sizeof *r || r->length == 0 || r->length > ERIX_KCTL_LOG_MAX ||
        c->req_len != sizeof *r + r->length)
        return ERIX_ERR_MALFORMED;
    if (r->reserved != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    return console_user_write(c->req + sizeof *r, r->length);
}

static erix_status_t op_fb_query(struct kctl_call *c)
{
    erix_status_t st = kctl_expect_len(c, 0);
    if (st != ERIX_OK)
        return st;
    const struct boot_framebuffer *fb = platform_fb();
    struct erix_kctl_fb_resp out = {fb->addr, fb->width, fb->height, fb->pitch, fb->bpp,
                                    fb->type, fb->present ? 1 : 0};
    kctl_respond(c, &out, sizeof out);
    return ERIX_OK;
}

static erix_status_t op_irq_control(struct kctl_call *c)
{
    const struct erix_kctl_irq_req *r = KCTL_REQ(c, struct erix_kctl_irq_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->timeout_us != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    return irq_control(r->irq, r->action);
}

static erix_status_t op_irq_wait(struct kctl_call *c)
{
    const struct erix_kctl_irq_req *r = KCTL_REQ(c, struct erix_kctl_irq_req);
    erix_status_t st = kctl_expect_len(c, sizeof *r);
    if (st != ERIX_OK)
        return st;
    if (r->action != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    st = irq_wait(c->caller, r->irq, r->timeout_us);
    if (st == ERIX_ERR_WOULD_BLOCK) {
        c->blocked = true; /* irq_raise or the deadline answers */
        return ERIX_OK;
    }
    return st;
}

static erix_status_t op_hotplug_wait(struct kctl_call *c)
{
    erix_status_t st = kctl_expect_len(c, 0);
    /* No hotplug source exists on the supported machines: nothing ever arrives. */
    return st != ERIX_OK ? st : ERIX_ERR_WOULD_BLOCK;
}

static erix_status_t op_platform_caps(struct kctl_call *c)
{
    erix_status_t st = kctl_expect_len(c, 0);
    if (st != ERIX_OK)
        return st;
    struct erix_kctl_value_resp v = {platform_caps()};
    kctl_respond(c, &v, sizeof v);
    return ERIX_OK;
}

static erix_status_t op_clock(struct kctl_call *c)
{
    erix_status_t st = kctl_expect_len(c, 0);
    if (st != ERIX_OK)
        return st;
    uint64_t ts = arch_timestamp(), hz = arch_timestamp_hz();
    struct erix_kctl_clock_resp out = {
        (ts / hz) * 1000000000ull + (ts % hz) * 1000000000ull / hz,
        sched_ticks(),
    };
    kctl_respond(c, &out, sizeof out);
    return ERIX_OK;
}

kctl_handler kctl_platform_handler(uint32_t op)
{
    switch (op) {
    case ERIX_KCTL_IOPORT_READ8: return op_port_read;
    case ERIX_KCTL_IOPORT_WRITE8: return op_port_write;
    case ERIX_KCTL_READ_PCI_CONFIG_DWORD: return op_pci_read;
    case ERIX_KCTL_GET_ACPI_RSDP: return op_acpi_rsdp;
    case ERIX_KCTL_READ_ACPI_QWORDS: return op_acpi_read;
    case ERIX_KCTL_LOG_STRING:
    case ERIX_KCTL_WRITE_LEGACY_SERIAL: return op_log;
    case ERIX_KCTL_FB_QUERY: return op_fb_query;
    case ERIX_KCTL_IRQ_CONTROL: return op_irq_control;
    case ERIX_KCTL_IRQ_WAIT: return op_irq_wait;
    case ERIX_KCTL_HOTPLUG_WAIT: return op_hotplug_wait;
    case ERIX_KCTL_READ_PLATFORM_CAPS: return op_platform_caps;
    case ERIX_KCTL_READ_MONOTONIC_CLOCK: return op_clock;
    default: return NULL;
    }
}
