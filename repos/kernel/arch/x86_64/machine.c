/* machine.c - stopping the machine and reaching physical memory. */
#include <erix/exit.h>

#include <kernel/arch.h>

#include "boot_layout.h"
#include "config.h"
#include "cpu.h"

#define PHYSMAP_BOOT_LIMIT 0x100000000ull /* boot tables map the first 4 GiB */

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

uint64_t arch_physmap_readable(uint64_t phys)
{
    return phys < PHYSMAP_BOOT_LIMIT ? PHYSMAP_BOOT_LIMIT - phys : 0;
}
