/*
 * bench_shared.h - what bench-ipc's sender (bench.c) and server
 * (bench_server.c) share: the run counts, the phases and the shared page.
 */
#ifndef KTEST_BENCH_SHARED_H
#define KTEST_BENCH_SHARED_H

#include <stdint.h>

#define KTEST_BENCH_RUNS 1000u
#define KTEST_BENCH_WARMUP 100u
#define SHARED_VADDR 0x60000000ull

enum phase { PHASE_EMPTY = 1, PHASE_BODY64 = 2, PHASE_CAP = 3, PHASE_NOTIFY = 4, PHASE_END = 5 };

struct shared {
    volatile uint64_t t_send;   /* written by the sender right after its rdtsc */
    volatile uint64_t t_reply;  /* written by the server before its REPLY_RECV */
    volatile uint64_t samples[KTEST_BENCH_RUNS + KTEST_BENCH_WARMUP];
};

#endif
