/* boot_layout.h - addresses shared by the linker script, boot.S and C. */
#ifndef ERIX_BOOT_LAYOUT_H
#define ERIX_BOOT_LAYOUT_H

#define KERNEL_PHYS_BASE 0x200000           /* GRUB loads the image here */
#define KERNEL_VIRT_BASE 0xffffffff80000000 /* -2 GiB: the kernel image */
#define PHYSMAP_BASE 0xffff800000000000     /* all physical memory */
#define KERNEL_BOOT_STACK_SIZE 16384

#endif
