/*
 * harness.h - test-only: the server under test with its scripted seam, and
 * the calls and answers the supervision and loader tests share.
 */
#ifndef PROCD_TEST_HARNESS_H
#define PROCD_TEST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/ipc.h>
#include <erix/procd.h>

#include "elf_image.h"
#include "server.h"

#define BOOT ERIX_PROCD_BADGE_BOOTSTRAP
#define DRV ERIX_PROCD_BADGE_DRIVER
#define TOK(n) (0x8000000000000000ull | (uint64_t)(n))
#define MS 1000000ull

extern struct procd_server hs;
extern uint8_t h_elf[TEST_ELF_SIZE];   /* boot image 0 (and the loader's source) */
extern uint8_t h_loader_buf[4096];

/* A fresh server with boot image 0 and the scripted seam reset. */
void h_setup(void);

void h_handle(uint32_t op, uint64_t badge, uint64_t token, const void *body, uint16_t len);
void h_handle_caps(uint32_t op, uint64_t badge, uint64_t token, const void *body, uint16_t len,
                   const uint32_t *slots, unsigned n);
void h_event(uint32_t pid, uint32_t kind, uint64_t code, uint64_t addr);
void h_pid_op(uint32_t op, uint64_t badge, uint32_t pid, uint32_t arg, uint64_t token);

erix_status_t h_status(uint64_t token); /* the last answer to token, -1 if none */
uint32_t h_pid(uint64_t token);
struct erix_event h_reply_event(uint64_t token);

uint32_t h_spawn(uint64_t badge, const char *role, uint64_t arg, uint64_t token);
uint32_t h_create_start(uint64_t badge, const char *role, uint64_t token);
struct erix_procd_query_resp h_query(uint64_t badge, uint32_t pid);
struct erix_procd_policy_resp h_policy(uint64_t badge, uint32_t pid);
erix_status_t h_set_policy(uint64_t badge, uint32_t pid, uint32_t policy, uint32_t min_ms,
                           uint32_t max, uint64_t token);
struct erix_procd_accounting_resp h_accounting(uint64_t badge);

#endif
