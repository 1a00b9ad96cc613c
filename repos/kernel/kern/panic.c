/* panic.c - report an unrecoverable kernel-origin failure and stop. */
#include <erix/exit.h>

#include <kernel/arch.h>
#include <kernel/console.h>
#include <kernel/panic.h>

_Noreturn void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kprintf("\nERIX_KERNEL:PANIC vector=none reason=");
    kvprintf(fmt, ap);
    kprintf("\n");
    va_end(ap);
    arch_machine_exit(ERIX_EXIT_KERNEL_FAILURE);
}
