/*
 * boot.S - from GRUB's multiboot2 hand-off to the higher-half C entry.
 *
 * Owns: the multiboot2 header, the 32-bit entry, the boot page tables
 * (identity and physmap of the first 4 GiB, the kernel image at -2 GiB, all
 * with 2 MiB pages) and the jump into long mode. Everything here runs at its
 * physical address; kmain() runs in the higher half and replaces these tables.
 */
#include "boot_layout.h"

#define MB2_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0
#define MB2_BOOT_MAGIC 0x36d76289

    .section .multiboot2, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    /* module alignment tag: every module starts on a page (image frames need it) */
    .balign 8
    .short 6
    .short 0
    .long 8
    /* end tag */
    .balign 8
    .short 0
    .short 0
    .long 8
mb2_header_end:

    .section .boot.text, "ax"
    .code32
    .globl _start32
_start32:
    cli
    cld
    mov $boot_stack_top, %esp
    mov %eax, %edi                  /* multiboot2 magic */
    mov %ebx, %esi                  /* physical address of the boot information */
    cmp $MB2_BOOT_MAGIC, %eax
    jne no_long_mode

    /* CPUID must report long mode and NX. */
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    bt $29, %edx
    jnc no_long_mode

    /* PAE on, the boot PML4 in CR3. */
    mov %cr4, %eax
    or $(1 << 5), %eax
    mov %eax, %cr4
    mov $boot_pml4, %eax
    mov %eax, %cr3

    /* EFER: long mode enable, and NX enable when the CPU has it. */
    mov $0x80000001, %eax
    push %edx
    cpuid
    mov %edx, %ebx
    pop %edx
    mov $0xc0000080, %ecx
    rdmsr
    or $(1 << 8), %eax
    bt $20, %ebx                    /* NX is required: W^X depends on it */
    jnc no_long_mode
    or $(1 << 11), %eax
    wrmsr

    /* Paging on with write protection honoured in ring 0. */
    mov %cr0, %eax
    or $((1 << 31) | (1 << 16)), %eax
    mov %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $start64_low

no_long_mode:
    /* Say why on COM1, then stop. Nothing else can run on this CPU. */
    mov $no_lm_msg, %esi
2:  lodsb
    test %al, %al
    jz 3f
    mov $0x3f8, %dx
    out %al, %dx
    jmp 2b
3:  hlt
    jmp 3b

    .code64
start64_low:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    xor %eax, %eax
    mov %eax, %fs
    mov %eax, %gs
    movabs $start64_high, %rax
    jmp *%rax

    .section .boot.rodata, "a"
no_lm_msg:
    .asciz "ERIX_KERNEL:PANIC vector=none reason=no-long-mode-or-nx-or-bad-multiboot2-magic\n"

    .balign 16
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 0x08: 64-bit ring 0 code */
    .quad 0x00cf92000000ffff        /* 0x10: ring 0 data */
boot_gdt_end:
boot_gdt_ptr:
    .short boot_gdt_end - boot_gdt - 1
    .long boot_gdt

/*
 * Boot page tables. PML4[0] and PML4[256] share one PDPT that maps the first
 * 4 GiB with 2 MiB pages (identity and physmap); PML4[511] maps the last 2 GiB
 * window's first 1 GiB onto physical 0 for the kernel image.
 */
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80

    .section .boot.data, "aw"
    .balign 4096
boot_pml4:
    .quad boot_pdpt_low + (PTE_P | PTE_W)
    .fill 255, 8, 0
    .quad boot_pdpt_low + (PTE_P | PTE_W)
    .fill 254, 8, 0
    .quad boot_pdpt_high + (PTE_P | PTE_W)
boot_pdpt_low:
    .quad boot_pd + 0x0000 + (PTE_P | PTE_W)
    .quad boot_pd + 0x1000 + (PTE_P | PTE_W)
    .quad boot_pd + 0x2000 + (PTE_P | PTE_W)
    .quad boot_pd + 0x3000 + (PTE_P | PTE_W)
    .fill 508, 8, 0
boot_pdpt_high:
    .fill 510, 8, 0
    .quad boot_pd + (PTE_P | PTE_W)
    .quad 0
boot_pd:
    .set page, 0
    .rept 2048
    .quad (page << 21) | (PTE_P | PTE_W | PTE_PS)
    .set page, page + 1
    .endr

    .section .boot.bss, "aw", @nobits
    .balign 16
    .space 4096
boot_stack_top:

    .text
    .code64
start64_high:
    movabs $kernel_boot_stack_top, %rsp
    xor %ebp, %ebp
    /* edi = multiboot2 magic, esi = boot information (physical) */
    call kmain
4:  cli
    hlt
    jmp 4b

    .bss
    .balign 16
    .globl kernel_boot_stack
kernel_boot_stack:
    .space KERNEL_BOOT_STACK_SIZE
    .globl kernel_boot_stack_top
kernel_boot_stack_top:
