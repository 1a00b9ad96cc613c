/*
 * phase0.h - what procd's phase0 test programs and their verifier agree on:
 * the modes the helpers take in rdx, the isolation pair's slots, secret
 * addresses and messages, the restart helper's contract and exit codes, the
 * ready helper's roles and exit codes, and which boot image index each
 * verifier role expects its helpers at.
 *
 * The helpers (each its own boot module):
 *   phase0-exit       exits with the code it is given in rdx
 *   phase0-fault      rdx 0: exits 0; 1: writes to address 0 (vector 14);
 *                     2: executes ud2 (vector 6); 3: runs until stopped
 *   phase0-crash      started with an envelope: checks its contract and that
 *                     its data, bss and stack are as new, then writes to
 *                     address 0; without one: exits 0
 *   phase0-iso-a/-b   started with an envelope: checks its contract, tells the
 *                     verifier where its secret is, takes a brief and tries to
 *                     reach the other's capabilities and memory; without one:
 *                     exits 0
 *   phase0-ready      a service rootd stages through procd (no verifier):
 *                     checks its contract; role phase0-ready-crash answers
 *                     READY and then writes to address 0, on every run;
 *                     role phase0-ready-late waits on a timed receive, then
 *                     answers READY and exits 0; without an envelope: exits 0
 * rootd runs every helper of a scenario once with rdx = 0 (a procd-spawn
 * service in the boot configuration is how its image reaches procd), which
 * each survives with exit code 0.
 */
#ifndef PHASE0_H
#define PHASE0_H

#include <stdint.h>

#define PHASE0_FAULT_EXIT 0u
#define PHASE0_FAULT_NULL_WRITE 1u
#define PHASE0_FAULT_INVALID_OPCODE 2u
#define PHASE0_FAULT_HANG 3u

/* ---- boot image indexes (= service index in the boot configuration) -------------
 * procd is service 0; the helpers follow in this order; the verifier comes
 * right after them (it checks its own index). */
#define PHASE0_IMAGE_FIRST_HELPER 1u

/* ---- the restart helper ---------------------------------------------------------- */

#define PHASE0_CRASH_TIME_SLOT 2128u        /* installed by the verifier: TIME, SEND */
#define PHASE0_CRASH_STACK_SIZE 65536u      /* its -z stack-size */
#define PHASE0_CRASH_DATA_MARK 0x5eed0fdeadc0de11ull
#define PHASE0_CRASH_EXIT_BROKEN 0xbadu     /* its contract or its memory was not as new */

/* ---- the ready helper (rootd's phase0-rootd-restart scenario) ---------------------- */

#define PHASE0_READY_ROLE_CRASH "phase0-ready-crash" /* READY, then a fault; every run */
#define PHASE0_READY_ROLE_LATE "phase0-ready-late"   /* a wait, then READY, then exit 0 */
#define PHASE0_READY_LATE_WAIT_MS 3000u             /* longer than 5 restarts' back-off */
#define PHASE0_READY_EXIT_BROKEN 0xbadu             /* its contract was not as started */
#define PHASE0_READY_EXIT_REFUSED 0x3efu            /* rootd did not accept its READY */

/* ---- the isolation pair ------------------------------------------------------------ */

#define PHASE0_ISO_BASE_A 0x400000ull      /* a's image base (user.ld's) */
#define PHASE0_ISO_BASE_B 0x2000000ull     /* b's: neither maps anything where the other's
                                              image lies (meson.build links b there) */
#define PHASE0_ISO_SLOT_A 48u               /* a's extra capability (TIME, SEND) */
#define PHASE0_ISO_SLOT_B 64u               /* b's */
#define PHASE0_ISO_OP_HELLO 0x7000u         /* verifier -> helper; reply phase0_iso_hello */
#define PHASE0_ISO_OP_BRIEF 0x7001u         /* verifier -> helper: struct phase0_iso_brief */
#define PHASE0_ISO_OP_FINISH 0x7002u        /* verifier -> helper; reply phase0_iso_report */
#define PHASE0_ISO_OP_EXIT 0x7003u          /* verifier -> helper: exit now */
#define PHASE0_ISO_ATTEMPTS 16u
#define PHASE0_ISO_EXIT_BROKEN 0xbadu

struct phase0_iso_hello {
    uint64_t secret_addr;       /* where the helper keeps its secret, in its own space */
    uint64_t reserved;
};

struct phase0_iso_brief {
    uint32_t peer_pid;
    uint32_t peer_slot;         /* where the peer holds its extra capability */
    uint64_t peer_secret_addr;  /* the peer's secret, in the peer's space */
    uint64_t own_secret;        /* the value to keep in the own secret page */
    uint64_t reserved;
};

struct phase0_iso_report {
    uint32_t attempts;
    uint32_t refused;           /* refused with exactly the expected typed error */
    uint32_t failures;
    uint32_t secret_intact;     /* 1: the own secret page still holds the own secret */
};

/* The exit code of an isolation helper that ran every attempt. */
#define PHASE0_ISO_EXIT(attempts, failures) (0x150000u | ((attempts) << 8) | (failures))

_Static_assert(sizeof(struct phase0_iso_hello) == 16, "hello in registers");
_Static_assert(sizeof(struct phase0_iso_brief) == 32, "brief in registers");
_Static_assert(sizeof(struct phase0_iso_report) == 16, "report in registers");

#endif
