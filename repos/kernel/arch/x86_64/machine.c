/* machine.c - stopping the machine, the physmap, port I/O and PCI configuration. */
#include <erix/exit.h>

#include <kernel/arch.h>

#include "boot_layout.h"
#include "config.h"
#include "cpu.h"

_Noreturn void arch_machine_exit(uint32_t code)
{
#if ERIX_CONFIG_DEBUG_EXIT
    outl(ERIX_DEBUG_EXIT_PORT, code);
#else
    (void)code;
#endif
    halt_forever();
}

void *arch_phys_to_virt(uint64_t phys)
{
    return (void *)(uintptr_t)(PHYSMAP_BASE + phys);
}

uint64_t arch_virt_to_phys(const void *virt)
{
    uint64_t v = (uint64_t)(uintptr_t)virt;
    if (v >= KERNEL_VIRT_BASE)
        return v - KERNEL_VIRT_BASE;
    return v - PHYSMAP_BASE;
}

uint8_t arch_port_in8(uint16_t port)
{
    return inb(port);
}

void arch_port_out8(uint16_t port, uint8_t value)
{
    outb(port, value);
}

static uint32_t pci_address(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
    return 0x80000000u | ((uint32_t)bus << 16) | ((uint32_t)(dev & 31) << 11) |
           ((uint32_t)(fn & 7) << 8) | (offset & 0xfcu);
}

uint32_t arch_pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset)
{
    outl(0xcf8, pci_address(bus, dev, fn, offset));
    return inl(0xcfc);
}

void arch_pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t offset, uint32_t value)
{
    outl(0xcf8, pci_address(bus, dev, fn, offset));
    outl(0xcfc, value);
}
