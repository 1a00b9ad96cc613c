/*
 * loader.h - the loader image transfer (BEGIN, CHUNK, COMMIT): the plan's
 * validation, the open transfer and its byte buffer, and the checks that
 * come before anything changes.
 *
 * A plan is accepted only whole: version, id, role, priority, the segment
 * table (1..16 segments, R always, never W and X, memsz > 0, filesz <= memsz,
 * file bytes inside the source, inside the user range, ascending page spans
 * that do not overlap, unused entries zero), the entry inside an executable
 * segment's file bytes, the stack (page multiple, at most ERIX_USER_STACK_MAX,
 * clear of every segment), the source size (1..ERIX_PROCD_LOADER_MAX_BYTES)
 * and the plan hash. Chunks must come in order: the next sequence number at
 * the next offset, inside the source. COMMIT needs every byte, the chunk
 * count, and the source hash BEGIN and COMMIT name equal to the bytes'.
 * Pure: no system calls; the server acts on the verdicts.
 */
#ifndef PROCD_LOADER_H
#define PROCD_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include <erix/elf.h>
#include <erix/procd.h>
#include <erix/status.h>

struct procd_loader {
    bool active;
    uint32_t id;
    uint32_t next_sequence;
    uint64_t received;
    struct erix_procd_loader_begin_req begin; /* the accepted plan */
    struct erix_elf_image plan;               /* the same, as procd builds from it */
    uint8_t *buf;                             /* the staging buffer procd owns */
    uint64_t cap;
};

/* A loader with its staging buffer, no transfer open. */
void procd_loader_init(struct procd_loader *l, uint8_t *buf, uint64_t cap);

/*
 * Check a BEGIN body (role and surface are the request decoder's) and give
 * the plan as an ELF load plan. ERIX_ERR_VERSION (version),
 * ERIX_ERR_INVALID_ARGUMENT (id 0, priority, reserved fields, unused segment
 * entries, a count of 0 or above 16, a permission set without R or with
 * unknown bits), ERIX_ERR_DENIED (a segment both W and X),
 * ERIX_ERR_LIMIT (source size, image size), ERIX_ERR_OUT_OF_RANGE (a
 * segment outside the user range or the source, memsz 0 or filesz above it,
 * the entry outside an executable segment's file bytes, the stack size),
 * ERIX_ERR_ALIGNMENT (stack size not a page multiple), ERIX_ERR_OVERLAP
 * (segments out of order or overlapping, the stack over a segment),
 * ERIX_ERR_MALFORMED (the plan hash).
 */
erix_status_t procd_loader_check_plan(const struct erix_procd_loader_begin_req *q,
                                      struct erix_elf_image *plan);

/* Open a transfer for a checked plan (an open one is discarded). */
void procd_loader_begin(struct procd_loader *l, const struct erix_procd_loader_begin_req *q,
                        const struct erix_elf_image *plan);

/*
 * Check a chunk against the open transfer: ERIX_ERR_NOT_FOUND (no transfer
 * of that id), ERIX_ERR_STATE (not the next sequence number),
 * ERIX_ERR_OUT_OF_RANGE (not at the next offset, or past the source size).
 * Changes nothing.
 */
erix_status_t procd_loader_check_chunk(const struct procd_loader *l,
                                       const struct erix_procd_loader_chunk_req *q);

/* Take a checked chunk's bytes. */
void procd_loader_take_chunk(struct procd_loader *l, const struct erix_procd_loader_chunk_req *q,
                             const uint8_t *bytes);

/*
 * Check a COMMIT: ERIX_ERR_NOT_FOUND (no transfer of that id),
 * ERIX_ERR_TRUNCATED (bytes or chunks missing), ERIX_ERR_MALFORMED (a source
 * hash differs from BEGIN's or from the bytes'). Changes nothing.
 */
erix_status_t procd_loader_check_commit(const struct procd_loader *l,
                                        const struct erix_procd_loader_commit_req *q);

/* Close the transfer (after COMMIT, whatever its outcome). */
void procd_loader_end(struct procd_loader *l);

#endif
