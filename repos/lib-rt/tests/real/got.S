/*
 * got.S - test-only: a GOT load lld cannot relax (a plain R_X86_64_GOTPCREL,
 * not the relaxable GOTPCRELX), so user.ld's GOT page appears in the image.
 */
    .text
    .globl counter
    .globl erix_test_got_load
    .type erix_test_got_load, @function
erix_test_got_load:
    .byte 0x48, 0x8b, 0x05              /* movq disp32(%rip), %rax */
    .reloc ., R_X86_64_GOTPCREL, counter - 4
    .long 0
    ret
    .size erix_test_got_load, . - erix_test_got_load

    .section .note.GNU-stack, "", @progbits
