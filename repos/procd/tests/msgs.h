/*
 * msgs.h - test-only: messages as procd receives them (struct erix_msg, body
 * 8-byte aligned like lib-rt's receive buffer) and startup envelopes.
 */
#ifndef PROCD_TEST_MSGS_H
#define PROCD_TEST_MSGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <erix/envelope.h>
#include <erix/ipc_rt.h>
#include <erix/procd.h>

/* A message with a copy of `body` (len bytes) in a static buffer that the
 * next call of test_msg overwrites. */
struct erix_msg test_msg(uint32_t op, uint64_t badge, uint64_t token, const void *body,
                         uint16_t len);

/* A kernel event of pid through its event badge. */
struct erix_msg test_event(uint32_t pid, uint32_t kind, uint64_t code, uint64_t addr);

/* Bodies. */
struct erix_procd_create_req test_create_req(const char *role, uint32_t image, uint32_t prio);
struct erix_procd_spawn_req test_spawn_req(const char *role, uint32_t image, uint32_t prio,
                                           uint64_t arg);

/* A valid envelope of `role` with one PRIMARY_CONTROL cap at `primary`
 * (0: none and no cap) into buf; its size. */
size_t test_envelope(uint64_t *buf, size_t cap, const char *role, uint32_t primary);

/* START_STAGED_PROCESS: the header then an envelope of `role`; the body's
 * length. */
uint16_t test_start_body(uint64_t *buf, size_t cap, uint32_t pid, const char *role,
                         uint32_t primary);

/* A BEGIN_LOADER_IMAGE_TRANSFER body for the ELF image `elf` (its load plan,
 * role "loaded", both hashes right, rdx `arg`); false if lib-elf refuses it. */
bool test_begin_req(struct erix_procd_loader_begin_req *q, const uint8_t *elf, size_t size,
                    uint32_t id, uint64_t arg);

/* A SEND_LOADER_IMAGE_CHUNK body: header then `len` bytes of src + off. */
uint16_t test_chunk_body(uint64_t *buf, uint32_t id, uint32_t seq, const uint8_t *src,
                         uint64_t off, uint32_t len);

#endif
