/*
 * crt0.S - _start, the entry of every EriX user program.
 *
 * The kernel (root task) or procd (services) enters here at CPL3 with
 * rsp = the stack top, 16-byte aligned, and rdi, rsi, rdx = the three startup
 * arguments. _start lives in .text.service_entry, which user.ld puts first in
 * .text, so the ELF entry is the first byte of the executable segment.
 *
 * It clears rbp (the end of any frame-pointer walk), keeps the SysV alignment
 * (rsp % 16 == 0 before the call, so erix_main starts with rsp % 16 == 8),
 * calls erix_main(rdi, rsi, rdx) with the arguments untouched and exits with
 * its result. erix_exit does not return; ud2 traps if it ever did.
 */
    .section .text.service_entry, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp
    andq $-16, %rsp
    call erix_main@PLT
    movq %rax, %rdi
    call erix_exit@PLT
    ud2
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
