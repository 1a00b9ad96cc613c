/*
 * fake_seam.h - a scripted stand-in for src/kernel.c in host tests.
 *
 * Every seam call is recorded as one line in fake.calls ("create drv-x img=3
 * prio=120 window=128", "install grant=129 src=2208 dest=2208 rights=0x4
 * badge=0x0", ...); statuses come from per-function scripts (fake_fail_*),
 * default ERIX_OK. Replies are recorded with their status, body and whether
 * they carried an endpoint. The fake CSpace answers dk_query for the slots
 * the fake gave out (the child's endpoint and grant after create, a derived
 * BAR frame) and empties them on dk_drop.
 */
#ifndef DEVICED_FAKE_SEAM_H
#define DEVICED_FAKE_SEAM_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/procd.h>
#include <erix/status.h>

#define FAKE_CALLS 256
#define FAKE_LINE 160

struct fake_reply {
    uint64_t token;
    erix_status_t status;
    uint16_t len;
    uint8_t body[1024];
    uint32_t endpoint;      /* slot handed out with it, 0: none */
};

struct fake_state {
    char calls[FAKE_CALLS][FAKE_LINE];
    unsigned ncalls;
    char logs[FAKE_CALLS][FAKE_LINE];
    unsigned nlogs;
    struct fake_reply replies[32];
    unsigned nreplies;
    /* scripted failures: the n-th call (1-based) of a function fails with st */
    erix_status_t create_st, start_st, abort_st, stop_st, query_st, derive_st, reply_ep_st;
    erix_status_t install_st;
    unsigned install_fail_at;       /* 0: never; n: the n-th install fails */
    unsigned installs;
    uint32_t next_pid;
    struct erix_procd_query_resp query;   /* what QUERY_PROCESS answers */
    uint64_t bar_size;
    bool bar_wrong_type;            /* the derived frame is not a device frame */
    uint8_t slot_type[4096];        /* the fake CSpace: 0 empty */
    uint64_t slot_size[4096];
    /* the last envelope START was given */
    uint8_t envelope[1024];
    uint32_t envelope_len;
    uint32_t envelope_primary;
};

extern struct fake_state fake;

void fake_reset(void);

/* Is there a recorded call line starting with `prefix`? Its index, or -1. */
int fake_call(const char *prefix);
/* The index of the first call starting with `prefix` after index `after`. */
int fake_call_after(const char *prefix, int after);
/* Is there a log line containing `needle`? */
bool fake_logged(const char *needle);
/* The last reply. */
const struct fake_reply *fake_last_reply(void);

#endif
