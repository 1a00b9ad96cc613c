/* panic.h - the kernel's last words. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

/* Print "ERIX_KERNEL:PANIC reason=..." and stop with exit code 0x12. */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
