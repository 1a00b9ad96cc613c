/*
 * crash.c - phase0-crash: the service a restart policy brings back. Started
 * with an envelope (its role is phase0-crash or phase0-crash-hold) it checks,
 * on every run: its contract (the envelope, each listed capability exactly,
 * nothing else in its CSpace) and that its memory is as the image has it
 * (a data word with its initial value, a bss word zero, the bottom of its
 * stack zero). Then it dirties all three and writes to address 0. A run that
 * finds any of it otherwise exits with PHASE0_CRASH_EXIT_BROKEN instead: a
 * restart that lost the contract or did not refresh the image shows as an
 * exit, not a fault. Without an envelope (rootd's dry run) it exits 0.
 */
#include <string.h>

#include <erix/layout.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "contract_check.h"
#include "phase0.h"

static volatile uint64_t data_word = PHASE0_CRASH_DATA_MARK;
static volatile uint64_t bss_word;

static volatile uint64_t *stack_bottom(void)
{
    return (volatile uint64_t *)(uintptr_t)(ERIX_USER_STACK_TOP - PHASE0_CRASH_STACK_SIZE + 64);
}

static const char *memory_as_new(void)
{
    if (data_word != PHASE0_CRASH_DATA_MARK)
        return "data";
    if (bss_word != 0)
        return "bss";
    if (*stack_bottom() != 0)
        return "stack";
    return NULL;
}

static erix_status_t check(uint64_t env, uint64_t size, const char **what)
{
    struct erix_envelope_view v;
    const struct erix_envelope_header *h = (const void *)(uintptr_t)env;
    const char *role = env == ERIX_ENVELOPE_VADDR && size >= sizeof *h &&
                               h->role[ERIX_ROLE_MAX - 1] == 0 &&
                               strcmp(h->role, "phase0-crash-hold") == 0
                           ? "phase0-crash-hold"
                           : "phase0-crash";
    erix_status_t st = phase0_contract_check(env, size, role, &v, what);
    if (st != ERIX_OK)
        return st;
    *what = "time-slot";
    if (phase0_contract_slot(&v, ERIX_PURPOSE_PRIMARY_CONTROL) != PHASE0_CRASH_TIME_SLOT)
        return ERIX_ERR_INVALID_SLOT;
    *what = memory_as_new();
    return *what == NULL ? ERIX_OK : ERIX_ERR_STATE;
}

int64_t erix_main(uint64_t env, uint64_t size, uint64_t primary)
{
    const char *what = NULL;
    if (env == 0) {
        (void)erix_log("PHASE0_CRASH:IDLE");
        return 0;
    }
    erix_status_t st = check(env, size, &what);
    if (st == ERIX_OK && primary != PHASE0_CRASH_TIME_SLOT) {
        st = ERIX_ERR_INVALID_ARGUMENT;
        what = "rdx";
    }
    if (st != ERIX_OK) {
        (void)erix_log("PHASE0_CRASH:BROKEN what=%s status=%s", what, erix_status_name(st));
        erix_exit(PHASE0_CRASH_EXIT_BROKEN);
    }
    (void)erix_log("PHASE0_CRASH:RUN contract=ok memory=new");
    data_word = 0;
    bss_word = 0x5a5a;
    *stack_bottom() = 0x5a5a;
    uint64_t address = 0;
    __asm__ volatile("" : "+r"(address));
    *(volatile uint64_t *)(uintptr_t)address = 0xc0ffee;
    erix_exit(0xdead); /* not reached */
}
