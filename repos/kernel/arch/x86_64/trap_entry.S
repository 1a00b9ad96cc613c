/*
 * trap_entry.S - the 256 interrupt/exception stubs, the common save/restore
 * path, system call entry and exit, and the context switch.
 *
 * The kernel runs with interrupts off; it is entered only from user mode
 * (syscall, exception, interrupt) or from the idle loop. One CPU: the syscall
 * path uses two globals instead of swapgs.
 */

/* Exceptions that push an error code: 8, 10-14, 17, 21, 29, 30. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

    .text
    .globl trap_stubs
    .balign 16
trap_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    .if HAS_ERROR(vec)
    nop
    nop
    .else
    pushq $0
    .endif
    pushq $vec
    jmp trap_common
    .set vec, vec + 1
    .endr

trap_common:
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    cld
    mov %rsp, %rdi
    call trap_handler
    .globl trap_return
trap_return:
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp
    iretq

/*
 * syscall: rcx = user rip, r11 = user rflags, interrupts off (FMASK).
 * Builds struct arch_syscall_frame (every user register the kernel may need to
 * restore, callee-saved ones included) at the top of the thread's kernel stack,
 * then a 7-word resume record below it: arch_context_switch into the record
 * pops six scratch words and "returns" to syscall_resume, which restores the
 * frame. The fast paths return the frame to resume (of another thread) or 0.
 */
#define FRAME_WORDS 16
#define RECORD_BYTES 56

    .globl syscall_entry
    .balign 16
syscall_entry:
    mov %rsp, cpu_user_rsp(%rip)
    mov cpu_kstack_top(%rip), %rsp
    pushq cpu_user_rsp(%rip)
    push %r11
    push %rcx
    push %r15
    push %r14
    push %r13
    push %r12
    push %rbp
    push %rbx
    push %r9
    push %r8
    push %r10
    push %rdx
    push %rsi
    push %rdi
    push %rax
    sub $RECORD_BYTES, %rsp
    lea RECORD_BYTES(%rsp), %rdi
    cmp $0x40, %eax
    je 1f
    cmp $0x44, %eax
    je 2f
    cmp $0x43, %eax
    je 5f
0:  call syscall_handler
    add $RECORD_BYTES, %rsp
    .globl syscall_resume
syscall_resume:
    pop %rax
    pop %rdi
    pop %rsi
    pop %rdx
    pop %r10
    pop %r8
    pop %r9
    pop %rbx
    pop %rbp
    pop %r12
    pop %r13
    pop %r14
    pop %r15
    pop %rcx
    pop %r11
    pop %rsp
    sysretq
1:  call fastpath_call
    jmp 3f
2:  call fastpath_reply_recv
    jmp 3f
5:  call fastpath_notify
3:  test %rax, %rax
    jz 4f
    mov %rax, %rsp
    jmp syscall_resume
4:  lea RECORD_BYTES(%rsp), %rdi
    jmp 0b

/* void arch_context_switch(uint64_t *save_rsp, uint64_t next_rsp) */
    .globl arch_context_switch
arch_context_switch:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret
