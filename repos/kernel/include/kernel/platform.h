/*
 * platform.h - what the kernel knows about the machine beyond memory: ACPI
 * tables reachable from the RSDP, the framebuffer, PCI BARs, which legacy
 * devices answer. Kernel-control families read it; nothing here grants access.
 */
#ifndef KERNEL_PLATFORM_H
#define KERNEL_PLATFORM_H

#include <kernel/bootinfo.h>

/* Walk ACPI, note devices; rsdp_phys is where the kernel keeps its RSDP copy. */
void platform_init(const struct boot_info *info, uint64_t rsdp_copy_phys);

uint32_t platform_caps(void);                /* ERIX_PLATFORM_* */
bool platform_rsdp(uint64_t *phys, uint32_t *revision, uint32_t *length);
/* Is [phys, phys + len) inside the RSDP, the XSDT/RSDT or a checksum-valid table? */
bool platform_acpi_window_ok(uint64_t phys, uint64_t len);
uint32_t platform_acpi_table_count(void);

bool platform_overlaps_ram(uint64_t base, uint64_t len);
erix_status_t platform_pci_bar(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t bar, uint64_t *base,
                               uint64_t *size);
erix_status_t platform_framebuffer(uint64_t *base, uint64_t *size);
const struct boot_framebuffer *platform_fb(void);

#endif
