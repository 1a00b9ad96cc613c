/*
 * child.c - what a child spawned from a test root task's image does, chosen by
 * its startup arguments (a0 = KTEST_CHILD_MAGIC, a1 = role, a2 = param). The
 * faulting roles are how the tests show that a user fault stops only the
 * faulting process.
 */
#include <erix/caps.h>
#include <erix/ipc_rt.h>
#include <erix/rt.h>
#include <erix/sys.h>

#include "ktest.h"

/* Initialised so it lands in .data (R+W, never executable). */
static volatile uint8_t data_page[4096] __attribute__((aligned(4096))) = {0xc3};

static int64_t caps_bitmap(void)
{
    int64_t bits = 0;
    struct erix_cap_info ci;
    for (uint32_t s = 1; s < 16; s++)
        if (erix_cap_info(s, &ci) == ERIX_OK)
            bits |= 1ll << s;
    return bits;
}

static _Noreturn void serve_echo(void)
{
    struct erix_msg m;
    erix_status_t st = erix_recv(KTEST_CHILD_PEER_SLOT, 0, 0, &m);
    for (;;) {
        if (st != ERIX_OK)
            erix_exit(0xe0 + (uint64_t)st);
        st = erix_reply_recv(KTEST_CHILD_PEER_SLOT, m.token, m.op, m.body, m.len, &m);
    }
}

static int64_t run_role(uint64_t role, uint64_t param)
{
    switch (role) {
    case ROLE_EXIT: return (int64_t)param;
    case ROLE_WRITE_KERNEL: *(volatile uint64_t *)0xffffffff80000000ull = 1; break;
    case ROLE_EXEC_DATA: ((void (*)(void))(uintptr_t)data_page)(); break;
    case ROLE_UD: __builtin_trap();
    case ROLE_DIVIDE: {
        volatile int64_t zero = 0;
        return 100 / zero;
    }
    case ROLE_PRIVILEGED: __asm__ volatile("hlt"); break;
    case ROLE_SERVER: serve_echo();
    case ROLE_SPIN:
        for (;;)
            erix_sys_yield();
    case ROLE_NULL_WRITE: *(volatile uint64_t *)(uintptr_t)param = 1; break;
    case ROLE_CAPS: return caps_bitmap();
    case ROLE_BENCH: ktest_bench_server(param);
    case ROLE_PORT: __asm__ volatile("outb %%al, $0x80" : : "a"(0)); break;
    default: break;
    }
    return 0xee; /* a faulting role that did not fault */
}

void ktest_child_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    if (a0 != KTEST_CHILD_MAGIC)
        return;
    erix_exit((uint64_t)run_role(a1, a2));
}
