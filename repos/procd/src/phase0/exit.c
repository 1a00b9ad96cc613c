/*
 * exit.c - phase0-exit: exits with the code it is given in rdx, so a waiter
 * can check that exit codes arrive intact (0, 1, 0x7f, 0xfffffffe, ...).
 */
#include <erix/log.h>
#include <erix/rt.h>

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t code)
{
    (void)a0;
    (void)a1;
    (void)erix_log("PHASE0_EXIT:RUN code=0x%llx", (unsigned long long)code);
    erix_exit(code);
}
